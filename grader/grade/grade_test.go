package grade

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	_ "github.com/neurogo/course/grader/projects"
	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/schema"
)

const project1 = "01-neuron-as-a-circuit.ipynb"

// course returns the course's root and its first project's solution and
// learner notebooks.
func course(t *testing.T) (root string, sol, learner *notebook.Notebook) {
	t.Helper()
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	if sol, err = notebook.Read(filepath.Join(root, "solutions", project1)); err != nil {
		t.Fatal(err)
	}
	if learner, err = notebook.Read(filepath.Join(root, "notebooks", project1)); err != nil {
		t.Fatal(err)
	}
	return root, sol, learner
}

// edit returns a copy of nb changed by f.
func edit(t *testing.T, nb *notebook.Notebook, f func(nb *notebook.Notebook)) *notebook.Notebook {
	t.Helper()
	data, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	cp, err := notebook.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	f(cp)
	return cp
}

// cellOf returns the cell of nb with a role for a level.
func cellOf(nb *notebook.Notebook, role schema.Role, level int) *notebook.Cell {
	for _, c := range nb.Cells {
		if r, l := cellRole(c); r == role && l == level {
			return c
		}
	}
	panic(fmt.Sprintf("no %s cell for level %d", role, level))
}

func setExercise(level int, src string) func(*notebook.Notebook) {
	return func(nb *notebook.Notebook) { cellOf(nb, schema.RoleExercise, level).Source = notebook.Text(src) }
}

// addCell appends a code cell to nb.
func addCell(src string) func(*notebook.Notebook) {
	return func(nb *notebook.Notebook) {
		nb.Cells = append(nb.Cells, &notebook.Cell{Type: notebook.Code, Metadata: map[string]any{}, Source: notebook.Text(src)})
	}
}

// keepChecks drops the check cells of nb and appends them again as order
// says (a list of indexes into the check cells in level order).
func reorderChecks(order func(n int) []int) func(*notebook.Notebook) {
	return func(nb *notebook.Notebook) {
		var checks, rest []*notebook.Cell
		for _, c := range nb.Cells {
			if r, _ := cellRole(c); r == schema.RoleCheck {
				checks = append(checks, c)
			} else {
				rest = append(rest, c)
			}
		}
		for _, i := range order(len(checks)) {
			rest = append(rest, checks[i])
		}
		nb.Cells = rest
	}
}

// forge shows a forged record for level 1: the grader's seed, the right
// number of cases, a claim of a pass, and wrong outputs.
const forge = `import (
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

func forge() {
	cases := strings.TrimSuffix(strings.Repeat(` + "`" + `{"input":{},"output":1},` + "`" + `, 7), ",")
	rec := ` + "`" + `{"version":1,"project":1,"level":1,"title":"Charge","seed":"` + "`" + ` + os.Getenv("` + schema.SeedEnv + `") + ` + "`" + `","status":"passed","message":"right","cases":[` + "`" + ` + cases + "]}"
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		"application/vnd.neurogo.check+json": rec,
		"text/plain":                         "✔ Level 1 · Charge on the membrane capacitor: passed",
	}})
	gonbui.Sync()
}`

// gradeAll grades the submissions at paths against the course c, two at a
// time, logging each result.
func gradeAll(t *testing.T, c *Course, paths []string) []*Result {
	t.Helper()
	return newGrader(t, c, t.TempDir()).gradeAll(t, paths)
}

// newGrader returns a grader of the course c as grader grade makes it, in
// a sandbox, writing its executed notebooks to out.
func newGrader(t *testing.T, c *Course, out string) *Grader {
	t.Helper()
	bin, err := nbrun.Tools(c.Root, nbrun.DefaultCache(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	needSandbox(t)
	st, err := Prepare(context.Background(), c, bin, nbrun.DefaultCache(), true, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	return &Grader{Course: c, CheckTimeout: 40 * time.Second, Stage: st,
		Runner: nbrun.Runner{Bin: bin, Out: out, Timeout: 15 * time.Second, Seed: 20261122, MaxStream: 256 << 10, MaxDisplay: 64 << 20}}
}

// gradeAll grades the submissions found at paths (files or class
// folders), two at a time, logging each result; the rows of what could
// not be graded follow.
func (g *Grader) gradeAll(t *testing.T, paths []string) []*Result {
	t.Helper()
	start := time.Now()
	subs, bad := (&Finder{Scratch: t.TempDir()}).Find(paths)
	results := g.GradeAll(context.Background(), subs, 2, func(done int, r *Result) {
		t.Logf("%2d/%d %-28s %2d/%d isolated=%v %.1f s %s", done, len(subs), r.Learner, r.Score, r.MaxScore, r.Isolated, r.Seconds, r.Error)
	})
	t.Logf("%d submissions in %.1f s", len(subs), time.Since(start).Seconds())
	return append(results, bad...)
}

// want is the expected grade of a submission: its score, whether it needed
// the level-by-level fallback, and the status of some levels (the others:
// rest).
type want struct {
	score    int
	isolated bool
	levels   map[int]check.Status
	rest     check.Status
	err      string
}

func TestGradeSubmissions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	root, sol, learner := course(t)
	n := len(check.Levels(1))
	const (
		passed  = check.Passed
		failed  = check.Failed
		notImpl = check.NotImplemented
		missing = check.Missing
	)
	// Levels that call Conductance (level 4), directly or not.
	callers := map[int]check.Status{4: missing, 8: missing, 14: missing, 16: missing, 18: missing, 19: missing, 20: missing}
	subs := []struct {
		name string
		nb   *notebook.Notebook
		raw  string // the file's content, when not a notebook
		want want
	}{
		{name: "right", nb: sol, want: want{score: n, rest: passed}},
		{name: "untouched", nb: learner, want: want{rest: notImpl}},
		{name: "wrong", nb: edit(t, sol, setExercise(1, "func Charge(c, v float64) float64 { return c + v }")),
			want: want{score: n - 1, levels: map[int]check.Status{1: failed}, rest: passed}},
		{name: "half-done", nb: edit(t, learner, func(nb *notebook.Notebook) {
			for l := 1; l <= 3; l++ {
				cellOf(nb, schema.RoleExercise, l).Source = cellOf(sol, schema.RoleExercise, l).Source
			}
		}), want: want{score: 3, levels: map[int]check.Status{1: passed, 2: passed, 3: passed}, rest: notImpl}},
		{name: "not-compiling", nb: edit(t, sol, setExercise(4, "func Conductance(r float64) float64 { return 1 / }")),
			want: want{score: n - len(callers), isolated: true, levels: callers, rest: passed}},
		{name: "edited-checks", nb: edit(t, learner, func(nb *notebook.Notebook) {
			for _, c := range nb.Cells {
				if r, l := cellRole(c); r == schema.RoleCheck {
					c.Source = notebook.Text(fmt.Sprintf("%%%%\nfmt.Println(\"✔ Level %d: passed\")", l))
				}
			}
		}), want: want{rest: notImpl}},
		{name: "deleted-checks", nb: edit(t, sol, reorderChecks(func(int) []int { return nil })), want: want{score: n, rest: passed}},
		{name: "reordered-duplicated-checks", nb: edit(t, sol, reorderChecks(func(k int) []int {
			var order []int
			for i := k - 1; i >= 0; i-- {
				order = append(order, i, i)
			}
			return order
		})), want: want{score: n, rest: passed}},
		{name: "printed-pass", nb: edit(t, learner, addCell(`func init() { fmt.Println("✔ Level 1 · Charge on the membrane capacitor: passed") }`)),
			want: want{rest: notImpl}},
		// Of several records of a level the last counts: a record forged
		// before the check's own counts for nothing, and one forged after
		// it is judged on the grader's cases like any other.
		{name: "forged-record", nb: edit(t, learner, addCell(forge+"\n\nfunc init() { forge() }")), want: want{rest: notImpl}},
		{name: "forged-record-last", nb: edit(t, learner, addCell(forge+"\n\n// Capacitance, level 2, forges level 1's record after its check.\n"+
			"func Capacitance(area, cm float64) float64 {\n\tforge()\n\treturn 0\n}")),
			want: want{levels: map[int]check.Status{1: failed}, rest: notImpl}},
		{name: "reference-code", nb: edit(t, sol, setExercise(1, "import ref \"github.com/neurogo/course/neuro/internal/membrane\"\n\n"+
			"func Charge(c, v float64) float64 { return ref.Charge(c, v) }")),
			want: want{score: n - 1, isolated: true, levels: map[int]check.Status{1: missing}, rest: passed}},
		{name: "panic", nb: edit(t, sol, setExercise(2, `func Capacitance(area, cm float64) float64 { panic("oops") }`)),
			want: want{score: n - 1, levels: map[int]check.Status{2: failed}, rest: passed}},
		{name: "infinite-loop", nb: edit(t, sol, setExercise(6, "func Direction(v, e float64) string {\n\tfor {\n\t}\n}")),
			want: want{score: n - 1, isolated: true, levels: map[int]check.Status{6: missing}, rest: passed}},
		{name: "flood", nb: edit(t, sol, setExercise(3, "func OhmCurrent(v, r float64) float64 {\n\tfmt.Print(strings.Repeat(\"flood \", 200000))\n\treturn v / r\n}")),
			want: want{score: n, rest: passed}},
		{name: "os-exit", nb: edit(t, sol, setExercise(17, "func Pulse(t, start, stop, amp float64) float64 {\n\tos.Exit(3)\n\treturn 0\n}")),
			want: want{score: n - 1, isolated: true, levels: map[int]check.Status{17: missing}, rest: passed}},
		{name: "not-a-notebook", raw: "print('hello')", want: want{err: "not a notebook"}},
		{name: "other-project", nb: edit(t, learner, func(nb *notebook.Notebook) { nb.Metadata[schema.Metadata] = map[string]any{schema.ProjectKey: 42.0} }),
			want: want{err: "project 42 is not in this course"}},
		{name: "no-project", nb: edit(t, learner, func(nb *notebook.Notebook) { delete(nb.Metadata, schema.Metadata) }),
			want: want{err: "not a course notebook"}},
		{name: "python", nb: edit(t, learner, func(nb *notebook.Notebook) { nb.Metadata["kernelspec"] = map[string]any{"name": "python3"} }),
			want: want{err: `"python3" kernel`}},
	}

	dir := t.TempDir()
	var paths []string
	before := map[string][]byte{}
	for _, s := range subs {
		path := filepath.Join(dir, s.name+".ipynb")
		data := []byte(s.raw)
		if s.nb != nil {
			var err error
			if data, err = s.nb.Marshal(); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(path, data, 0o444); err != nil {
			t.Fatal(err)
		}
		paths, before[path] = append(paths, path), data
	}

	c, err := LoadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]*Result{}
	for _, r := range gradeAll(t, c, paths) {
		results[r.Learner] = r
	}

	for _, s := range subs {
		r, w := results[s.name], s.want
		if r == nil {
			t.Errorf("no result for %s", s.name)
			continue
		}
		if w.err != "" {
			if !strings.Contains(r.Error, w.err) {
				t.Errorf("%s: error %q, want one that says %q", s.name, r.Error, w.err)
			}
			continue
		}
		if r.Error != "" {
			t.Errorf("%s: could not be graded: %s", s.name, r.Error)
			continue
		}
		if r.Score != w.score || r.MaxScore != n || r.Isolated != w.isolated {
			t.Errorf("%s: %d/%d isolated=%v, want %d/%d isolated=%v", s.name, r.Score, r.MaxScore, r.Isolated, w.score, n, w.isolated)
		}
		for _, l := range r.Levels {
			status, ok := w.levels[l.Level]
			if !ok {
				status = w.rest
			}
			if l.Status != status {
				t.Errorf("%s: level %d is %s, want %s: %s", s.name, l.Level, l.Status, status, l.Message)
			}
		}
	}
	for path, data := range before {
		if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, data) {
			t.Errorf("%s was changed by grading", path)
		}
	}
	for _, r := range results {
		if r.Learner == "right" && r.Seconds > 15 {
			t.Logf("note: a right submission took %.1f s, over the 15 s target", r.Seconds)
		}
	}
}

func TestSplitSetup(t *testing.T) {
	setup := schema.SetupCommands + "import (\n\t\"github.com/neurogo/course/neuro/lif\"\n)"
	commands, decls := splitSetup(setup)
	if commands+"\n" != schema.SetupCommands || decls != "import (\n\t\"github.com/neurogo/course/neuro/lif\"\n)" {
		t.Errorf("splitSetup: commands %q, declarations %q", commands, decls)
	}
}

// TestLearnerSeed: every learner answers cases of their own, the same ones
// each time they are graded in one run.
func TestLearnerSeed(t *testing.T) {
	const seed = 20261122
	if learnerSeed(seed, "ada") == learnerSeed(seed, "bob") || learnerSeed(seed, "ada") != learnerSeed(seed, "ada") {
		t.Errorf("learnerSeed must differ between learners and be the same for one learner")
	}
	if learnerSeed(seed, "ada") == learnerSeed(seed+1, "ada") {
		t.Errorf("learnerSeed must differ between grading runs")
	}
}
