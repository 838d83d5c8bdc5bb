package grade

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// runPrefix begins the names of the temporary folders and files of a
// grading run; the owning process's id follows it.
const runPrefix = "neurogo-grade-"

// NewRunDir makes the temporary folder of a grading run in parent, named
// for this process, after removing those of runs whose process is gone (a
// run killed before it could remove its own). The caller removes it. Its
// name is short: the kernel's sockets are in it, and a socket's path may
// not be longer than 107 bytes.
func NewRunDir(parent string) (string, error) {
	removeOrphans(parent, runPrefix, "")
	dir := filepath.Join(parent, fmt.Sprintf("%s%d", runPrefix, os.Getpid()))
	os.RemoveAll(dir) // left by a process that had this id before
	return dir, os.Mkdir(dir, 0o700)
}

// removeOrphans removes the files and folders in dir named
// prefix+PID+suffix... whose process PID is gone.
func removeOrphans(dir, prefix, suffix string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		digits, _, _ := strings.Cut(rest, "-")
		digits, ok2 := strings.CutSuffix(digits, suffix)
		pid, err := strconv.Atoi(digits)
		if ok && (ok2 || suffix == "") && err == nil && pid > 0 && !alive(pid) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// alive says whether the process pid exists.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// WriteFile writes what write writes to the file at path as a whole or
// not at all: into a new file beside it, then renamed over it, so that a
// run killed at any point leaves the previous file whole. The new file is
// named for this process, and a later write to path removes those of
// processes that are gone.
func WriteFile(path string, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	prefix := "." + base + "." + runPrefix
	removeOrphans(dir, prefix, ".tmp")
	tmp := filepath.Join(dir, fmt.Sprintf("%s%d.tmp", prefix, os.Getpid()))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
