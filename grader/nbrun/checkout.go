package nbrun

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/neurogo/course/neuro/schema"
)

// FindCourse returns the root of the course checkout: dir if given, else the
// nearest folder at or above the working directory whose go.mod declares the
// course module.
func FindCourse(dir string) (string, error) {
	if dir != "" {
		if !isCourse(dir) {
			return "", fmt.Errorf("%s is not the course's root (no go.mod for %s)", dir, schema.ModulePath)
		}
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isCourse(d) {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", fmt.Errorf("no course checkout at or above %s: run from inside it or pass -course", wd)
		}
	}
}

func isCourse(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("module "+schema.ModulePath+"\n"))
}

// IsSolution reports whether a notebook is one of the course's solutions
// (it sits in a folder named solutions), which must pass every level.
func IsSolution(path string) bool {
	return filepath.Base(filepath.Dir(abs(path))) == "solutions"
}

func abs(path string) string {
	a, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return a
}
