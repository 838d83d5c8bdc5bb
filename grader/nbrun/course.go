package nbrun

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/neurogo/course/grader/notebook"
)

// ModulePath is the course's Go module.
const ModulePath = "github.com/neurogo/course"

// FindCourse returns the root of the course checkout: dir if given, else the
// nearest folder at or above the working directory whose go.mod declares the
// course module.
func FindCourse(dir string) (string, error) {
	if dir != "" {
		if !isCourse(dir) {
			return "", fmt.Errorf("%s is not the course's root (no go.mod for %s)", dir, ModulePath)
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
	return err == nil && bytes.HasPrefix(bytes.TrimSpace(data), []byte("module "+ModulePath+"\n"))
}

// Tools builds the pinned GoNB kernel and goimports, unless they are built
// already for the course's go.sum and this Go version, and returns the
// folder that holds them, under cacheDir. GoNB needs goimports on its PATH.
// Several processes may call Tools at once: each builds into a folder of its
// own and the first to finish wins.
func Tools(course, cacheDir string, logf func(string, ...any)) (string, error) {
	sum, err := os.ReadFile(filepath.Join(course, "go.sum"))
	if err != nil {
		return "", err
	}
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go is not on PATH: %v", err)
	}
	key := sha256.Sum256(append(bytes.TrimSpace(goVersion), sum...))
	bin := filepath.Join(cacheDir, fmt.Sprintf("bin-%x", key[:6]))
	if _, err := os.Stat(filepath.Join(bin, "gonb")); err == nil {
		return bin, nil
	}
	logf("building the GoNB kernel and goimports into %s (once; a minute or two)", bin)
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(cacheDir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "build", "-o", tmp, "github.com/janpfeifer/gonb", "golang.org/x/tools/cmd/goimports")
	cmd.Dir = course
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building GoNB: %v\n%s", err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		if _, statErr := os.Stat(filepath.Join(bin, "gonb")); statErr != nil {
			return "", err
		}
	}
	return bin, nil
}

// DefaultCache is where the kernel is built unless told otherwise.
func DefaultCache() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "neurogo")
	}
	return filepath.Join(os.TempDir(), "neurogo-cache")
}

// IsSolution reports whether a notebook is one of the course's solutions
// (it sits in a folder named solutions), which must pass every level.
func IsSolution(path string) bool {
	return filepath.Base(filepath.Dir(abs(path))) == "solutions"
}

// CheckKernel fails for a notebook that is not for the GoNB kernel.
func CheckKernel(nb *notebook.Notebook) error {
	spec, _ := nb.Metadata["kernelspec"].(map[string]any)
	if name, _ := spec["name"].(string); name != "gonb" {
		if name == "" {
			return fmt.Errorf("no kernelspec: not a notebook for the GoNB kernel")
		}
		return fmt.Errorf("a notebook for the %q kernel, not GoNB", name)
	}
	return nil
}

// Project reads a notebook's project number from its metadata, or 0.
func Project(nb *notebook.Notebook) int {
	meta, _ := nb.Metadata["neuro"].(map[string]any)
	p, _ := meta["project"].(float64)
	return int(p)
}

func abs(path string) string {
	a, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return a
}
