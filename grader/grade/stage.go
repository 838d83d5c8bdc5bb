package grade

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/sandbox"
	"github.com/neurogo/course/neuro/schema"
)

// references is the folder of the course's reference answers, relative to
// its root: every package under it is a reference.
const references = "neuro/internal"

// stubPanic is what a reference function does in the graded course.
const stubPanic = "the course's reference answers are left out while grading"

// stageCourse copies what a submission's programs build from into dir: the
// course's go.mod and go.sum and the Go files of neuro/, without tests, with
// every function of the references under neuro/internal/ replaced by one
// that panics, and without commands. Solutions, notebooks, the grader and the references' code
// are not copied: a program built from the copy cannot reach an answer, by
// import, by //go:linkname or by reading a file. It returns a hash of what
// it copied.
func stageCourse(root, dir string) (string, error) {
	h := sha256.New()
	put := func(rel string, data []byte) error {
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(data))
		h.Write(data)
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o444)
	}
	for _, rel := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err == nil {
			err = put(rel, data)
		}
		if err != nil {
			return "", err
		}
	}
	err := filepath.WalkDir(filepath.Join(root, "neuro"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// A command (package main) cannot be imported, so no program
		// needs it: it is left out, whatever it embeds.
		if f, err := parser.ParseFile(token.NewFileSet(), rel, data, parser.PackageClauseOnly); err != nil {
			return err
		} else if f.Name.Name == "main" {
			return nil
		}
		if strings.HasPrefix(rel, references+"/") {
			if data, err = stub(rel, data); err != nil {
				return err
			}
		}
		return put(rel, data)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// stub returns the Go file src with the body of every function replaced by
// a panic (init functions by nothing), and the imports that are then unused
// removed. Types, constants and variables stay, so the packages that import
// the file still compile.
func stub(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	// Comments are dropped with the code they describe; a file whose
	// comments carry directives is refused rather than changed in meaning.
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		return nil, err
	}
	for _, directive := range []string{"//go:build", "//go:embed", "//go:linkname", "//go:generate"} {
		if bytes.Contains(src, []byte(directive)) {
			return nil, fmt.Errorf("%s: a reference file with a %s directive cannot be left out of the graded course", name, directive)
		}
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		fn.Body.List = nil
		if fn.Name.Name != "init" || fn.Recv != nil {
			fn.Body.List = []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun:  ast.NewIdent("panic"),
				Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(stubPanic)}},
			}}}
		}
	}
	used := map[string]bool{} // the names before a dot
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	var unused [][2]string // name, path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if !used[cmp.Or(name, packageName(path))] {
			unused = append(unused, [2]string{name, path})
		}
	}
	for _, imp := range unused {
		astutil.DeleteNamedImport(fset, f, imp[0], imp[1])
	}
	var out bytes.Buffer
	if err := printer.Fprint(&out, fset, f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// packageName guesses the name of the package at an import path: its last
// element, or the one before a major version such as v2.
func packageName(path string) string {
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2]
	}
	return name
}

// A Stage is what a submission's programs are built from while graded: the
// graded copy of the course (see stageCourse) and a Go build cache warmed
// on it, which each submission copies and none can write.
type Stage struct {
	Course string // the graded copy of the course; its folder work is the kernel's
	Cache  string // the warm build cache
	Bin    string // GoNB and goimports
	// Sandboxed is false when grading runs without a sandbox (see
	// sandbox.Check), at the grader's risk.
	Sandboxed bool
	// Limits hold each sandbox's processes, where the machine lets the
	// grader make control groups; nil otherwise.
	Limits   *sandbox.Limits
	goRoot   string
	modCache string
}

// limits are what the processes of one submission's sandbox may take
// together: the kernel, the builds (the linker of a cell takes a few
// hundred MB) and the learner's program.
var limits = sandbox.Limits{Memory: 3 << 30, Processes: 512}

// scratchSize bounds the memory folder of a sandbox: the copy of the warm
// cache, the kernel's builds and whatever the learner's code writes.
const scratchSize = 2 << 30

// Prepare stages the course c for grading under cacheDir, with the tools
// in bin, and warms its build cache by building every project's setup
// cell in a sandbox (a minute the first time; a stage is kept and reused
// while the course and Go stay the same).
func Prepare(ctx context.Context, c *Course, bin, cacheDir string, sandboxed bool, logf func(string, ...any)) (*Stage, error) {
	st := &Stage{Bin: bin, Sandboxed: sandboxed}
	if sandboxed {
		if cg, err := sandbox.NewCgroup(limits); err != nil {
			logf("WARNING: sandboxes without limits on memory and processes: %v", err)
		} else if err := cg.Remove(); err == nil {
			st.Limits = &limits
		}
	}
	for _, v := range []struct {
		name string
		dst  *string
	}{{"GOROOT", &st.goRoot}, {"GOMODCACHE", &st.modCache}} {
		out, err := exec.Command("go", "env", v.name).Output()
		if err != nil {
			return nil, fmt.Errorf("go env %s: %v", v.name, err)
		}
		*v.dst = strings.TrimSpace(string(out))
	}
	// Named for this process: a later run removes it if this one is killed.
	removeOrphans(cacheDir, runPrefix, "")
	tmp, err := os.MkdirTemp(cacheDir, fmt.Sprintf("%s%d-stage-", runPrefix, os.Getpid()))
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	hash, err := stageCourse(c.Root, filepath.Join(tmp, "course"))
	if err != nil {
		return nil, err
	}
	cells, err := warmCells(c, filepath.Join(tmp, "course"))
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%t\x00%s",
		hash, bin, st.goRoot, st.modCache, sandboxed, strings.Join(cells, "\x00")))
	dir := filepath.Join(cacheDir, fmt.Sprintf("graded-%x", key[:6]))
	st.Course, st.Cache = filepath.Join(dir, "course"), filepath.Join(dir, "gocache")
	removeStale(cacheDir, dir)
	ready := filepath.Join(dir, "ready")
	if _, err := os.Stat(ready); err == nil {
		return st, nil
	}
	// The build cache knows packages by their paths: stage and warm in
	// place, and mark the stage ready at the end.
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.Rename(filepath.Join(tmp, "course"), st.Course); err != nil {
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(st.Course, "work"), 0o755); err != nil {
		return nil, err
	}
	logf("warming the graded course's build cache in %s (once; a minute or so)", st.Cache)
	if err := st.warm(ctx, cells); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return st, os.WriteFile(ready, nil, 0o444)
}

// removeStale removes the stages under cacheDir other than keep that
// were made more than a day ago: a course or Go changed since, and a
// grader still using one would have started within the day.
func removeStale(cacheDir, keep string) {
	dirs, _ := filepath.Glob(filepath.Join(cacheDir, "graded-*"))
	for _, d := range dirs {
		if info, err := os.Stat(d); err == nil && d != keep && time.Since(info.ModTime()) > 24*time.Hour {
			os.RemoveAll(d)
		}
	}
}

// gonbui is GoNB's package for displays in a notebook.
const gonbui = "github.com/janpfeifer/gonb/gonbui"

// warmCells returns the cells that warm the build cache of the course c
// staged at course: every project's setup cell, then a shell command that
// builds, in the kernel's module, a program that imports every package of
// the course a notebook may import, and GoNB's gonbui, which a learner's
// code may import (the course's packages display without it). A cell of
// blank imports would not do: the kernel keeps one import per name, and
// every blank import is named _.
func warmCells(c *Course, course string) ([]string, error) {
	var cells []string
	for _, n := range slices.Sorted(maps.Keys(c.Projects)) {
		cells = append(cells, c.Projects[n].Setup)
	}
	program := []string{"'package main'"}
	pkgs, err := filepath.Glob(filepath.Join(course, "neuro", "*"))
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		if info, err := os.Stat(p); err == nil && info.IsDir() && filepath.Base(p) != "internal" {
			program = append(program, fmt.Sprintf("'import _ %q'", schema.ModulePath+"/neuro/"+filepath.Base(p)))
		}
	}
	program = append(program, fmt.Sprintf("'import _ %q'", gonbui), "'func main() {}'")
	return append(cells, "!*mkdir -p warm && printf '%s\\n' "+strings.Join(program, " ")+
		" > warm/main.go && go build -o /dev/null ./warm && echo warm"), nil
}

// warm runs the cells in a sandbox with the warm cache writable, so that a
// submission's programs only compile their own code.
func (st *Stage) warm(ctx context.Context, cells []string) error {
	if err := os.Mkdir(st.Cache, 0o755); err != nil {
		return err
	}
	program := codeCell(cells[len(cells)-1])
	nb := compose(cells[0], cells[1:len(cells)-1], program)
	logs, err := os.MkdirTemp("", "warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(logs)
	r := nbrun.Runner{Bin: st.Bin, Timeout: 10 * time.Minute, Jail: st.jail(0, "", logs)}
	r.Jail.Sandbox.Writable = []string{st.Cache}
	r.Jail.Before = `mkdir -p "$HOME" "$TMPDIR"`
	setEnv(&r.Jail.Sandbox.Env, "GOCACHE", st.Cache)
	if _, err := r.Execute(ctx, nb, r.Jail.Sandbox.Dir, filepath.Join(logs, "warm.ipynb")); err != nil {
		return err
	}
	if !strings.Contains(outputText(program), "warm") {
		log, _ := os.ReadFile(filepath.Join(logs, "warm.kernel.log"))
		return fmt.Errorf("warming the build cache: the kernel did not build the course's packages:\n%s\n%s", outputText(program), log)
	}
	return nil
}

// jail is what the kernel of a submission graded with seed sees: the
// graded course, the tools, Go and its modules read-only, the case file
// (if any) read-only, and a private scratch folder holding a copy of the
// warm build cache: in memory in the sandbox, or the folder scratch when
// grading runs without one.
func (st *Stage) jail(seed uint64, cases, scratch string) *nbrun.Jail {
	if st.Sandboxed {
		scratch = "/scratch"
	}
	sb := sandbox.Sandbox{
		ReadOnly: []string{st.Course, st.Bin, st.modCache, st.Cache},
		Dir:      filepath.Join(st.Course, "work"),
		Env: []string{
			"PATH=" + strings.Join([]string{st.Bin, filepath.Join(st.goRoot, "bin"), "/usr/bin", "/bin"}, ":"),
			"HOME=" + filepath.Join(scratch, "home"),
			"TMPDIR=" + filepath.Join(scratch, "tmp"),
			"GOCACHE=" + filepath.Join(scratch, "gocache"),
			"GOMODCACHE=" + st.modCache,
			"GOROOT=" + st.goRoot,
			// The grader owns the build: no Go environment file, no
			// workspace, no network, no cgo, no other toolchain.
			"GOENV=off", "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local",
			"GOPROXY=off", "GOSUMDB=off", "CGO_ENABLED=0",
			schema.SeedEnv + "=" + strconv.FormatUint(seed, 10),
			schema.HeadlessEnv + "=1",
		},
	}
	if !strings.HasPrefix(st.goRoot, "/usr/") {
		sb.ReadOnly = append(sb.ReadOnly, st.goRoot)
	}
	if cases != "" {
		sb.ReadOnly = append(sb.ReadOnly, cases)
		sb.Env = append(sb.Env, schema.CasesEnv+"="+cases)
	}
	if st.Sandboxed {
		sb.Scratch = &sandbox.Scratch{Path: scratch, Size: scratchSize}
	}
	return &nbrun.Jail{
		Sandbox:     sb,
		Before:      fmt.Sprintf(`mkdir -p "$HOME" "$TMPDIR" && cp -r %q "$GOCACHE"`, st.Cache),
		Unsandboxed: !st.Sandboxed,
		Limits:      st.Limits,
	}
}

// setEnv sets the variable k in env to v.
func setEnv(env *[]string, k, v string) {
	*env = slices.DeleteFunc(*env, func(kv string) bool { return strings.HasPrefix(kv, k+"=") })
	*env = append(*env, k+"="+v)
}

// outputText is the text a cell printed.
func outputText(c *notebook.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(string(o.Text))
		if e := o.EValue; e != "" {
			b.WriteString(e + "\n")
		}
	}
	return b.String()
}
