// Command cellbench times the cells a learner runs most, a level's check,
// a plot and an interactive demo, beside the floor (a cell that only
// prints, what any cell of the notebook costs at least), and the grading of the notebook as one
// submission, in the course as it is and in the course at an older
// revision, in one run, and prints the medians side by side.
//
// Usage, from anywhere in the course's checkout:
//
//	go run ./grader/cellbench [-old REV] [-n 7] [-notebook solutions/02-integrate-and-fire.ipynb]
//
// Each version gets a kernel of its own, started the way a learner's is
// (no NEURO_* variables), in a checkout of its own (the older one in a
// temporary git worktree), and runs the notebook's setup and exercise
// cells. Then the two kernels take turns on each timed cell, so a busy
// machine slows both alike. Every run of a cell carries a fresh comment,
// so the kernel compiles it anew as it does each new cell a learner runs.
// Last, each version's grader grades the notebook as a submission, in
// turns too, after a first grading that stages and warms its course.
//
// It also prints where each cell's time goes, measured, not estimated:
// the kernels run with GoNB's log on (-v=2), whose time-stamped lines mark
// when GoNB starts goimports, the go command and the program, and when a
// display reaches it; and the go command GoNB runs is a wrapper, on the
// kernel's PATH only, that adds -debug-trace, the go command's own trace
// of its work, which times the compiling of the cell's package and its
// link (see phases).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/neurogo/course/grader/jupyter"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
	"github.com/neurogo/course/neuro/schema"
)

func main() {
	old := flag.String("old", "HEAD~1", "the git revision to compare with")
	n := flag.Int("n", 7, "runs of each cell in each version")
	path := flag.String("notebook", "solutions/02-integrate-and-fire.ipynb", "the solution notebook whose cells are timed, relative to the course's root")
	flag.Parse()
	if err := run(*old, *path, *n); err != nil {
		fmt.Fprintln(os.Stderr, "cellbench:", err)
		os.Exit(1)
	}
}

// A version is one checkout of the course and its kernel.
type version struct {
	name   string
	root   string
	kernel *jupyter.Kernel
	cells  map[string]string // the timed cells of its notebook, by kind
	log    *kernelLog        // the kernel's log
	traces string            // the folder of the go command's traces
}

func run(old, path string, n int) error {
	course, err := nbrun.FindCourse("")
	if err != nil {
		return err
	}
	bin, err := nbrun.Tools(course, nbrun.DefaultCache(), logf)
	if err != nil {
		return err
	}
	oldRoot, err := os.MkdirTemp("", "cellbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(oldRoot)
	if out, err := exec.Command("git", "-C", course, "worktree", "add", "--detach", oldRoot, old).CombinedOutput(); err != nil {
		return fmt.Errorf("checking out %s: %v\n%s", old, err, out)
	}
	defer exec.Command("git", "-C", course, "worktree", "remove", "--force", oldRoot).Run()

	wrapper, err := goWrapper()
	if err != nil {
		return err
	}
	defer os.RemoveAll(wrapper)
	versions := []*version{{name: old, root: oldRoot}, {name: "this checkout", root: course}}
	for i, v := range versions {
		nb, err := notebook.Read(filepath.Join(v.root, path))
		if err != nil {
			return err
		}
		logf("%s: starting a kernel and running the setup and exercise cells", v.name)
		v.log = &kernelLog{}
		v.traces = filepath.Join(wrapper, fmt.Sprint("traces-", i))
		if err := os.Mkdir(v.traces, 0o755); err != nil {
			return err
		}
		if v.kernel, err = start(bin, wrapper, filepath.Join(v.root, filepath.Dir(path)), v.log, v.traces); err != nil {
			return err
		}
		defer v.kernel.Shutdown()
		var prepare []string
		prepare, v.cells = split(nb)
		for _, src := range prepare {
			if err := execute(v.kernel, src); err != nil {
				return fmt.Errorf("%s: %v", v.name, err)
			}
		}
	}

	load := loadAverage()
	var table strings.Builder
	fmt.Printf("%s, median of %d runs of each cell (seconds)\n\n", path, n)
	fmt.Printf("%-8s %14s %14s\n", "cell", old, "now")
	for _, kind := range []string{"floor", "check", "plot", "demo"} {
		if versions[0].cells[kind] == "" || versions[1].cells[kind] == "" {
			continue
		}
		times := make([][]time.Duration, len(versions))
		parts := make([][]phases, len(versions))
		for i := range n + 1 {
			for j, v := range versions {
				mark := v.log.len()
				start := time.Now()
				if err := execute(v.kernel, fmt.Sprintf("%s\n// run %d", v.cells[kind], i)); err != nil {
					return fmt.Errorf("%s, %s cell: %v", v.name, kind, err)
				}
				end := time.Now()
				p, err := measure(v.log, mark, v.traces, start, end)
				if err != nil {
					return fmt.Errorf("%s, %s cell: %v", v.name, kind, err)
				}
				if i > 0 { // the first run builds what the cell imports
					times[j] = append(times[j], end.Sub(start))
					parts[j] = append(parts[j], p)
				}
			}
		}
		fmt.Printf("%-8s %14.3f %14.3f\n", kind, median(times[0]), median(times[1]))
		writePhases(&table, kind, old, parts[0])
		writePhases(&table, kind, "now", parts[1])
	}
	fmt.Printf("\nwhere a cell's time goes (medians, seconds; load average %s before, %s after)\n\n", load, loadAverage())
	fmt.Print(phaseHeader, table.String())
	for _, v := range versions {
		v.kernel.Shutdown()
	}
	grade, err := timeGrading(versions, path, n)
	if err != nil {
		return err
	}
	fmt.Printf("%-8s %14.3f %14.3f\n", "grade", median(grade[0]), median(grade[1]))
	return nil
}

// timeGrading builds each version's grader and times it grading the
// notebook at path, from that version's checkout, as one submission.
func timeGrading(versions []*version, path string, n int) ([][]time.Duration, error) {
	tmp, err := os.MkdirTemp("", "cellbench-grade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	times := make([][]time.Duration, len(versions))
	var grade []func() error
	for i, v := range versions {
		bin := filepath.Join(tmp, fmt.Sprintf("grader-%d", i))
		build := exec.Command("go", "build", "-o", bin, "./grader")
		build.Dir = v.root
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%s: building the grader: %v\n%s", v.name, err, out)
		}
		sub := filepath.Join(tmp, fmt.Sprintf("submissions-%d", i))
		data, err := os.ReadFile(filepath.Join(v.root, path))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(sub, "learner.ipynb"), data, 0o644); err != nil {
			return nil, err
		}
		grade = append(grade, func() error {
			cmd := exec.Command(bin, "grade", "-jobs", "1", "-course", v.root, "-out", filepath.Join(tmp, "out"), sub)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%s: grader grade: %v\n%s", v.name, err, out)
			}
			return nil
		})
	}
	logf("grading the notebook with each version's grader (the first time stages and warms its course)")
	for i := range n + 1 {
		for j := range versions {
			start := time.Now()
			if err := grade[j](); err != nil {
				return nil, err
			}
			if i > 0 {
				times[j] = append(times[j], time.Since(start))
			}
		}
	}
	return times, nil
}

// start starts a kernel in dir as a learner's Jupyter does, but with its
// log on, written to log, and with the go command wrapper first on its
// PATH, writing the go command's traces to the folder traces.
func start(bin, wrapper, dir string, log *kernelLog, traces string) (*jupyter.Kernel, error) {
	env := slices.DeleteFunc(os.Environ(), func(e string) bool { return strings.HasPrefix(e, "NEURO_") })
	path := strings.Join([]string{wrapper, bin, os.Getenv("PATH")}, string(os.PathListSeparator))
	return jupyter.Start(context.Background(), jupyter.Options{
		Argv:   []string{filepath.Join(bin, "gonb"), "--kernel", "{connection_file}", "-logtostderr", "-v=2"},
		Dir:    dir,
		Env:    append(env, "PATH="+path, traceEnv+"="+traces),
		Stderr: log,
	})
}

// floorCell is a cell that does nothing but print: what any cell of the
// notebook costs at least, once the notebook's declarations are in the
// kernel (GoNB compiles and links every one of them into each cell's
// program).
const floorCell = "%%\nfmt.Println(\"floor\")"

// split returns the cells to run before timing (the setup, given and
// exercise cells, in order) and one cell of each kind to time: the floor
// cell, the first check cell, the first demo cell that draws a figure, and
// the first that draws an interactive one.
func split(nb *notebook.Notebook) (prepare []string, timed map[string]string) {
	timed = map[string]string{"floor": floorCell}
	for _, c := range nb.Cells {
		if c.Type != notebook.Code {
			continue
		}
		kind := ""
		switch role, _ := schema.CellRole(c.Metadata); {
		case role == schema.RoleCheck:
			kind = "check"
		case release.IsDemo(c):
			kind = "demo"
		case release.IsPlot(c):
			kind = "plot"
		}
		if kind == "" {
			prepare = append(prepare, string(c.Source))
		} else if _, ok := timed[kind]; !ok {
			timed[kind] = string(c.Source)
		}
	}
	return prepare, timed
}

func execute(k *jupyter.Kernel, src string) error {
	res, err := k.Execute(context.Background(), src, 5*time.Minute)
	if err != nil {
		return err
	}
	if res.Status != "ok" {
		var b strings.Builder
		for _, o := range res.Outputs {
			b.WriteString(string(o.Text) + o.EValue)
		}
		return fmt.Errorf("cell failed (%s): %s\n%s", res.Status, src, b.String())
	}
	return nil
}

func median(d []time.Duration) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2].Seconds()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}
