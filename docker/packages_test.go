package docker

import (
	"flag"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite packages.txt from go list")

// packagesHeader opens packages.txt; install.sh skips its # lines.
const packagesHeader = `# The packages a notebook cell links besides the course's own: every
# dependency of ./neuro/..., the standard library's included, as a cell's
# build sees them (CGO_ENABLED=0, linux). install.sh --image compiles them
# into the image's build cache in the install layer, which sees no course
# source, so that neither a rebuild after editing a notebook nor a learner's
# first cell compiles them. Generated: go test ./docker -run TestPackages -update
`

// TestPackages fails when packages.txt is not the list of packages that
// ./neuro/... depends on outside the course: the image would then compile
// less than a cell links (a first cell compiling gonum), or more.
func TestPackages(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./neuro/...")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var want []string
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "github.com/neurogo/course/") {
			want = append(want, p)
		}
	}
	if *update {
		if err := os.WriteFile("packages.txt", []byte(packagesHeader+strings.Join(want, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("packages.txt")
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			have = append(have, line)
		}
	}
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		var missing, extra []string
		for _, p := range want {
			if _, found := slices.BinarySearch(have, p); !found {
				missing = append(missing, p)
			}
		}
		for _, p := range have {
			if _, found := slices.BinarySearch(want, p); !found {
				extra = append(extra, p)
			}
		}
		t.Errorf("docker/packages.txt is stale (missing %q, extra %q): go test ./docker -run TestPackages -update", missing, extra)
	}
}
