package display_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/neuro/schema"
)

// checkCell is the program GoNB makes of a check cell of Project 1's first
// level, with the learner's answer declared in an earlier cell.
const checkCell = `package main

import "github.com/neurogo/course/neuro/membrane"

func Charge(c, v float64) float64 { return c * v }

func main() {
	membrane.CheckCharge(Charge)
}
`

// BenchmarkCheckCell times what a check cell costs beyond GoNB's own
// work, as a learner's kernel does it: go build, with the setup cell's
// flags, of the cell's program, compiled anew each time (its source
// changes), in a module that requires the course as the setup cell makes
// it; then the program's run, showing its result to a kernel that reads
// its pipe as GoNB's does. It reports the two parts per cell, and the
// number of packages the program links.
//
//	go test -run '^$' -bench CheckCell -benchtime 5x ./neuro/display
func BenchmarkCheckCell(b *testing.B) {
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	goMod := "module gonb_cell\n\ngo 1.26\n\nrequire " + schema.ModulePath + " v0.0.0\n\nreplace " + schema.ModulePath + " => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range map[string]string{"go.mod": goMod, "go.sum": string(sum), "main.go": checkCell} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	build := append([]string{"build", "-o", "cell"}, setupFlags(b)...)
	goCmd := func(args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd(build...) // builds what the cell imports, as the setup cell's run does
	linked := strings.Count(goCmd(append([]string{"list", "-deps"}, setupFlags(b)...)...), "\n")

	var building, running time.Duration
	b.ResetTimer()
	for i := range b.N {
		src := fmt.Sprintf("%s// run %d\n", checkCell, i)
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		goCmd(build...)
		built := time.Now()
		shown := runProgram(b, filepath.Join(dir, "cell"))
		running += time.Since(built)
		building += built.Sub(start)
		if len(shown) != 1 || !strings.Contains(shown[0], "passed") {
			b.Fatalf("the check cell showed %q, want one passed check", shown)
		}
	}
	b.ReportMetric(building.Seconds()/float64(b.N), "build-s/op")
	b.ReportMetric(running.Seconds()/float64(b.N), "run-s/op")
	b.ReportMetric(float64(linked), "packages")
}

// setupFlags returns the go command flags of the setup cell's %goflags line.
func setupFlags(b *testing.B) []string {
	for _, line := range strings.Split(schema.SetupCommands, "\n") {
		if flags, ok := strings.CutPrefix(line, "%goflags "); ok {
			return strings.Fields(flags)
		}
	}
	b.Fatal("the setup cell sets no go flags")
	return nil
}

// TestCheckCellLinksLittle holds a check cell's program to what it needs:
// no gonbui (its logger, the network stack and cgo), no cryptography and
// no linear algebra, which made a check cell's link twice as long.
func TestCheckCellLinksLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "../check", "../membrane", "../lif", "../figure").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, heavy := range []string{"github.com/janpfeifer/gonb/gonbui", "k8s.io/klog/v2", "net", "runtime/cgo", "crypto/sha256", "gonum.org/v1/gonum/mat"} {
		if slices.Contains(deps, heavy) {
			t.Errorf("a check or plot cell's program links %s", heavy)
		}
	}
}
