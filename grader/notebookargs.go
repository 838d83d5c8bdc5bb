package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// expandNotebooks turns the arguments into notebook paths: a folder stands
// for the .ipynb files in it. Missing paths are reported, not fatal.
func expandNotebooks(args []string) (paths []string, errs []error) {
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: no such file or folder", a))
			continue
		}
		if !info.IsDir() {
			paths = append(paths, a)
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(a, "*.ipynb"))
		if len(matches) == 0 {
			errs = append(errs, fmt.Errorf("%s: no notebooks in this folder", a))
		}
		paths = append(paths, matches...)
	}
	return paths, errs
}

var errFailed = errors.New("some notebooks failed")
