package nbrun

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

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
