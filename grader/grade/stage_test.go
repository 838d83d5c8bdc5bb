package grade

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/sandbox"
	"github.com/neurogo/course/neuro/schema"
)

// TestStageCourse stages the course and checks that the copy builds, holds
// no reference's code, no tests and no solutions.
func TestStageCourse(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := stageCourse(root, dir); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"solutions", "notebooks", "grader", "neuro/lif/levels_test.go", "neuro/internal/circuit/cmd/circuitbench/main.go"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("the graded course holds %s", gone)
		}
	}
	refs, _ := filepath.Glob(filepath.Join(dir, references, "*", "*.go"))
	if len(refs) < 3 {
		t.Fatalf("%d reference files staged, want one per project at least", len(refs))
	}
	for _, path := range refs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// A reference computes with math; its stub has nothing to compute.
		if strings.Contains(string(data), "math.") || strings.Contains(string(data), "return ") {
			t.Errorf("%s still holds code:\n%.400s", path, data)
		}
	}
	cmd := exec.Command("go", "build", "./neuro/...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the graded course does not build: %v\n%s", err, out)
	}
	// Every package a notebook imports must start without a reference:
	// no level's fixed cases may call one when the package is loaded.
	var imports strings.Builder
	pkgs, _ := filepath.Glob(filepath.Join(dir, "neuro", "*"))
	for _, p := range pkgs {
		if rel, _ := filepath.Rel(dir, p); filepath.Base(p) != "internal" {
			fmt.Fprintf(&imports, "\t_ %q\n", schema.ModulePath+"/"+filepath.ToSlash(rel))
		}
	}
	main := filepath.Join(dir, "cmd", "load", "main.go")
	if err := os.MkdirAll(filepath.Dir(main), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, []byte("package main\n\nimport (\n"+imports.String()+")\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command("go", "run", "./cmd/load")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("a package of the graded course calls a reference when it is loaded: %v\n%s", err, out)
	}
}

// TestJail runs, in the sandboxed kernel a submission gets, what a
// dishonest learner's code would try, and checks that none of it reaches
// an answer: the reference by //go:linkname, the solution notebook, the
// checkout, the graded course's files.
func TestJail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	root, bin, c, st := stage(t)
	// Each line prints "reached" only if the attack worked.
	attack := codeCell(`import (
	_ "unsafe"

	"github.com/neurogo/course/neuro/membrane"
)

//go:linkname refCharge github.com/neurogo/course/neuro/internal/membrane.Charge
func refCharge(c, v float64) float64

func try(what string, f func() error) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Println("stopped:", what, p)
		}
	}()
	if err := f(); err != nil {
		fmt.Println("stopped:", what, err)
		return
	}
	fmt.Println("reached:", what)
}

%%
_ = membrane.Project
try("the reference by linkname", func() error { refCharge(1, 1); return nil })
try("the solutions", func() error { _, err := os.ReadFile("` + filepath.Join(root, "solutions", project1) + `"); return err })
try("the checkout", func() error { return os.WriteFile("` + filepath.Join(root, "go.mod") + `", nil, 0o644) })
try("the graded course", func() error {
	return os.WriteFile(filepath.Join(os.Getenv("GONB_DIR"), "..", "neuro", "check", "check.go"), nil, 0o644)
})
try("the build cache of later programs", func() error { return os.WriteFile("` + filepath.Join(st.Cache, "x") + `", nil, 0o644) })`)
	r := nbrun.Runner{Bin: bin, Timeout: 2 * time.Minute, Jail: st.jail(1, "", t.TempDir())}
	out := t.TempDir()
	if _, err := r.Execute(context.Background(), compose(c.Projects[1].Setup, nil, attack), r.Jail.Sandbox.Dir, filepath.Join(out, "attack.ipynb")); err != nil {
		t.Fatal(err)
	}
	text := outputText(attack)
	if strings.Count(text, "stopped:") != 5 || strings.Contains(text, "reached:") {
		log, _ := os.ReadFile(filepath.Join(out, "attack.kernel.log"))
		t.Fatalf("the attacks' cell printed:\n%s\nkernel log:\n%.3000s", text, log)
	}
	t.Logf("in the jail:\n%s", text)
}

// After Prepare, a submission's program compiles only its own code: every
// package of the course is in the warm build cache the jail copies.
func TestWarmCache(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	root, bin, c, st := stage(t)
	// The packages a notebook imports, and every module package they need.
	pkgs := []string{gonbui}
	dirs, _ := filepath.Glob(filepath.Join(root, "neuro", "*", "*.go"))
	for _, d := range dirs {
		if p := schema.ModulePath + "/neuro/" + filepath.Base(filepath.Dir(d)); !strings.HasSuffix(p, "/internal") && !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	list := codeCell(`!*go list -deps -f '{{if .Module}}{{.ImportPath}} stale={{.Stale}}{{end}}' ` + strings.Join(pkgs, " "))
	r := nbrun.Runner{Bin: bin, Timeout: 2 * time.Minute, Jail: st.jail(1, "", t.TempDir())}
	out := t.TempDir()
	if _, err := r.Execute(context.Background(), compose(c.Projects[1].Setup, nil, list), r.Jail.Sandbox.Dir, filepath.Join(out, "list.ipynb")); err != nil {
		t.Fatal(err)
	}
	text := outputText(list)
	if n := strings.Count(text, "stale=false"); n < 20 || strings.Contains(text, "stale=true") {
		t.Errorf("packages of the course missing from the warm build cache (%d found in it):\n%s", n, text)
	}
}

// stage returns the root of this checkout, the folder of the tools, the
// course and its stage, prepared in a sandbox.
func stage(t *testing.T) (root, bin string, c *Course, st *Stage) {
	t.Helper()
	needSandbox(t)
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	if bin, err = nbrun.Tools(root, nbrun.DefaultCache(), t.Logf); err != nil {
		t.Fatal(err)
	}
	if c, err = LoadCourse(root); err != nil {
		t.Fatal(err)
	}
	if st, err = Prepare(context.Background(), c, bin, nbrun.DefaultCache(), true, t.Logf); err != nil {
		t.Fatal(err)
	}
	return root, bin, c, st
}

// needSandbox skips a test that grades where no sandbox can be had, and
// fails it under CI, whose .ci/run installs bubblewrap.
func needSandbox(t *testing.T) {
	t.Helper()
	if err := sandbox.Check(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("grading needs a sandbox: %v", err)
		}
		t.Skipf("grading needs a sandbox: %v", err)
	}
}
