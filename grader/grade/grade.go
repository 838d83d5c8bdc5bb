// Package grade scores learners' notebooks against the course: it takes
// the learner's own code from a submission, runs it in the GoNB kernel
// with the course's check cells (never the submission's), and judges the
// check records in the grader's process.
package grade

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/check"
)

// A Grader grades submissions against a course.
type Grader struct {
	Course *Course
	// Runner runs the composed notebooks: its Seed is the seed of every
	// check, its Timeout the limit of one cell.
	Runner nbrun.Runner
	// CheckTimeout limits the one cell that runs every level's check on
	// the fast path.
	CheckTimeout time.Duration
	// Project, if not 0, grades every submission as this project.
	Project int
	// Stage is the course the submissions are built from, and how they
	// are confined (see Prepare).
	Stage *Stage
}

// A Result is the grade of one submission.
type Result struct {
	Learner  string        `json:"learner"`
	Path     string        `json:"path"`
	Project  int           `json:"project,omitempty"`
	Error    string        `json:"error,omitempty"` // why it could not be graded
	Score    int           `json:"score"`           // levels passed
	MaxScore int           `json:"max_score"`       // levels of the project
	Levels   []nbrun.Level `json:"levels,omitempty"`
	Isolated bool          `json:"isolated"` // one program was not enough: levels ran again without the cells or levels that failed
	// Notes say what of the submission the grader did not run, and why.
	Notes []string `json:"notes,omitempty"`
	// Skipped names the learner's other files that were not graded, and
	// why: duplicates of the project, links, files that are not notebooks.
	Skipped []string `json:"skipped,omitempty"`
	Seconds float64  `json:"seconds"`
}

// Grade grades the submission at path. It never fails: what went wrong is
// in the result. The submission is only read.
func (g *Grader) Grade(ctx context.Context, learner, path string) *Result {
	start := time.Now()
	res := &Result{Learner: learner, Path: path}
	defer func() { res.Seconds = time.Since(start).Seconds() }()
	data, _, err := readRegular(path, MaxNotebook)
	var nb *notebook.Notebook
	if err == nil {
		nb, err = notebook.Parse(data)
	}
	if err == nil {
		err = nbrun.CheckKernel(nb)
	}
	if err != nil {
		res.Error = strings.TrimPrefix(err.Error(), path+": ")
		return res
	}
	res.Project = g.Project
	if res.Project == 0 {
		res.Project = nbrun.Project(nb)
	}
	p, ok := g.Course.Projects[res.Project]
	if !ok {
		if res.Project == 0 {
			res.Error = "not a course notebook: its metadata names no project"
		} else {
			res.Error = fmt.Sprintf("project %d is not in this course", res.Project)
		}
		return res
	}
	res.MaxScore = len(p.Levels)
	code, notes := learnerCode(nb, p.Setup)
	res.Notes = notes
	// The setup cell's declarations go first, with the learner's: a cell of
	// special commands alone is not built, which saves a build per program.
	if _, decls := splitSetup(p.Setup); decls != "" {
		code = append([]string{decls}, code...)
	}
	verdicts, isolated, err := g.run(ctx, learner, p, code)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Isolated = isolated
	for _, l := range p.Levels {
		v, ok := verdicts[l]
		if !ok {
			v = nbrun.Level{Level: l, Status: check.Missing,
				Message: "its check did not report: the code it calls did not compile, or it crashed or ran too long"}
		}
		for _, info := range check.Levels(p.Number) {
			if info.Level == l {
				v.Title = info.Title
			}
		}
		if v.Status == check.Passed {
			res.Score++
		}
		res.Levels = append(res.Levels, v)
	}
	return res
}

// run runs the learner's code with the project's checks, on cases drawn
// for this learner, and judges the records. Every program runs in a fresh
// kernel in a sandbox of its own (see Stage), built once before any of the
// learner's code runs, so no program of the learner can change how a later
// one is built. First one program holds all the learner's code and every
// check. If some levels do not report, the cells that compile are found
// (when no check started) and the levels left run again, without the one
// whose check was running when the program stopped, so a level that
// crashes or hangs costs only itself.
func (g *Grader) run(ctx context.Context, learner string, p *Project, code []string) (map[int]nbrun.Level, bool, error) {
	scratch, err := os.MkdirTemp("", "grade-")
	if err != nil {
		return nil, false, err
	}
	defer os.RemoveAll(scratch)
	s := &submissionRun{g: g, p: p, seed: learnerSeed(g.Runner.Seed, learner),
		scratch: scratch, out: filepath.Join(g.Runner.Out, learner)}
	cases, err := check.DrawCases(s.seed, p.Number)
	if err != nil {
		return nil, false, err
	}
	data, err := json.Marshal(cases)
	if err != nil {
		return nil, false, err
	}
	s.cases = filepath.Join(scratch, "cases.json")
	if err := os.WriteFile(s.cases, data, 0o444); err != nil {
		return nil, false, err
	}

	verdicts, running, err := s.program(ctx, code, p.Levels)
	if err != nil || len(verdicts) == len(p.Levels) {
		return verdicts, false, err
	}
	left := missing(p.Levels, verdicts)
	if running == 0 {
		// No check started: the program did not compile, or the learner's
		// code failed before it reached the checks. Keep the cells that
		// compile, and the levels whose checks compile with them.
		if code, left, err = s.compiling(ctx, code, left); err != nil {
			return nil, true, err
		}
	}
	// Run the levels left without the one that crashed or hung, until every
	// level has reported or been given up, or no check starts at all.
	for {
		left = slices.DeleteFunc(left, func(l int) bool { return l == running })
		if len(left) == 0 {
			return verdicts, true, nil
		}
		got, r, err := s.program(ctx, code, left)
		if err != nil {
			return verdicts, true, err
		}
		maps.Copy(verdicts, got)
		if left = missing(left, got); r == 0 {
			return verdicts, true, nil
		}
		running = r
	}
}

// A submissionRun is the grading of one submission: the seed and the file
// of its cases, and the folders its programs write.
type submissionRun struct {
	g       *Grader
	p       *Project
	seed    uint64
	cases   string // the case file
	scratch string // the grader's folder for this submission
	out     string // where the executed notebooks go
	runs    int    // the programs run so far
}

// execute runs the special commands of the project's setup cell and then
// cells in a fresh kernel in a sandbox of its own, writing the executed
// notebook as name.ipynb; timeouts, if set, bound the cells it holds.
func (s *submissionRun) execute(ctx context.Context, name string, timeouts map[*notebook.Cell]time.Duration, cells ...*notebook.Cell) error {
	work := filepath.Join(s.scratch, name)
	if err := os.Mkdir(work, 0o755); err != nil {
		return err
	}
	r := s.g.Runner
	r.Seed, r.Jail, r.Timeouts = s.seed, s.g.Stage.jail(s.seed, s.cases, work), timeouts
	commands, _ := splitSetup(s.p.Setup)
	_, err := r.Execute(ctx, compose(commands, nil, cells...), r.Jail.Sandbox.Dir, filepath.Join(s.out, name+".ipynb"))
	return err
}

// program runs the learner's cells and the checks of levels in one
// program. It returns the verdicts of the levels that reported, and the
// level whose check was running when the program stopped without
// reporting it (0 if none had started): before each check the program
// prints a marker line.
func (s *submissionRun) program(ctx context.Context, cells []string, levels []int) (map[int]nbrun.Level, int, error) {
	s.runs++
	var checks []string
	for _, l := range levels {
		checks = append(checks, fmt.Sprintf("fmt.Println(%q)", marker(l)), checkStatement(s.p.Checks[l]))
	}
	cell := codeCell(joinCells(cells) + "\n\n%%\n" + strings.Join(checks, "\n"))
	timeouts := map[*notebook.Cell]time.Duration{cell: s.g.CheckTimeout}
	if err := s.execute(ctx, fmt.Sprintf("program-%d", s.runs), timeouts, cell); err != nil {
		return nil, 0, err
	}
	verdicts := map[int]nbrun.Level{}
	running := 0
	printed := outputText(cell)
	for _, l := range levels {
		if v, ok := s.g.judge(s.seed, s.p, l, cell.Outputs); ok {
			verdicts[l] = v
		} else if running == 0 && strings.Contains(printed, marker(l)+"\n") {
			running = l
		}
	}
	return verdicts, running, nil
}

// marker is the line a graded program prints before the check of level l.
func marker(l int) string { return fmt.Sprintf("grader: checking level %d", l) }

// missing returns the levels that have no verdict.
func missing(levels []int, verdicts map[int]nbrun.Level) []int {
	return slices.DeleteFunc(slices.Clone(levels), func(l int) bool { _, ok := verdicts[l]; return ok })
}

// compiling returns the cells of code that compile, each after the ones
// before it that do, as the kernel keeps them when they run in order, and
// the levels among levels whose check compiles with them. It runs them in
// sandboxes of their own: the learner's cells one by one, then one program
// that compiles the checks that name only functions those cells declare
// but runs none; if that fails, each such check in a program of its own.
// A learner's program that tampers with the later builds of these runs
// can only lose levels: they decide what the graded programs hold, not
// what they report.
func (s *submissionRun) compiling(ctx context.Context, code []string, levels []int) ([]string, []int, error) {
	unrun := func(levels ...int) *notebook.Cell {
		var src []string
		for _, l := range levels {
			src = append(src, "if false {\n"+checkStatement(s.p.Checks[l])+"\n}")
		}
		return codeCell("%%\n" + strings.Join(src, "\n"))
	}

	var cells []*notebook.Cell
	for _, src := range code {
		cells = append(cells, codeCell(src))
	}
	if err := s.execute(ctx, "cells", nil, cells...); err != nil {
		return nil, nil, err
	}
	var ok []string
	for i, c := range cells {
		if !hasError(c) {
			ok = append(ok, code[i])
		}
	}
	declared := declaredNames(ok)
	var candidates []int
	for _, l := range levels {
		if namesDeclared(checkStatement(s.p.Checks[l]), declared) {
			candidates = append(candidates, l)
		}
	}
	joined := joinCells(ok)
	all := unrun(candidates...)
	if err := s.execute(ctx, "checks", nil, codeCell(joined), all); err != nil || !hasError(all) || len(candidates) == 0 {
		return ok, candidates, err
	}
	checks := []*notebook.Cell{codeCell(joined)}
	for _, l := range candidates {
		checks = append(checks, unrun(l))
	}
	if err := s.execute(ctx, "each-check", nil, checks...); err != nil {
		return nil, nil, err
	}
	var compiled []int
	for i, c := range checks[1:] {
		if !hasError(c) {
			compiled = append(compiled, candidates[i])
		}
	}
	return ok, compiled, nil
}

// declaredNames returns the names the cells declare.
func declaredNames(cells []string) map[string]bool {
	names := map[string]bool{}
	for _, src := range cells {
		f, err := parser.ParseFile(token.NewFileSet(), "cell.go", "package cell\n"+src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			for _, n := range declNames(d) {
				names[n] = true
			}
		}
	}
	return names
}

// namesDeclared reports whether every name a check statement uses, but
// the packages it selects from and Go's own, is declared: a check that
// names a function the learner's cells do not declare cannot compile.
func namesDeclared(stmt string, declared map[string]bool) bool {
	e, err := parser.ParseExpr(stmt)
	if err != nil {
		return true // let the compiler tell
	}
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if _, isPkg := n.X.(*ast.Ident); isPkg {
				return false
			}
		case *ast.Ident:
			if !declared[n.Name] && types.Universe.Lookup(n.Name) == nil {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// hasError reports whether a cell ended in an error.
func hasError(c *notebook.Cell) bool {
	return slices.ContainsFunc(c.Outputs, func(o *notebook.Output) bool { return o.Type == notebook.Error })
}

// judge judges level l from the records among outputs, in this process
// with the grader's seed, by the rule of nbrun.Judge: where a level has
// several records (its check's, and any the learner's code made), the last
// one counts, judged on the grader's cases like any other.
func (g *Grader) judge(seed uint64, p *Project, l int, outputs []*notebook.Output) (nbrun.Level, bool) {
	return nbrun.Judge(seed, p.Number, l, nbrun.Records(outputs))
}

// splitSetup splits a setup cell into its special commands and its Go
// declarations.
func splitSetup(setup string) (commands, decls string) {
	var c, d []string
	for _, line := range strings.Split(setup, "\n") {
		if isSpecial(line) {
			c = append(c, line)
		} else {
			d = append(d, line)
		}
	}
	return strings.Join(c, "\n"), strings.TrimSpace(strings.Join(d, "\n"))
}

func codeCell(src string) *notebook.Cell {
	return &notebook.Cell{Type: notebook.Code, Metadata: map[string]any{}, Source: notebook.Text(src)}
}

// compose makes a notebook of the setup cell, the learner's code cells and
// then the given cells.
func compose(setup string, code []string, then ...*notebook.Cell) *notebook.Notebook {
	nb := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5,
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}}}
	nb.Cells = append(nb.Cells, codeCell(setup))
	for _, src := range code {
		nb.Cells = append(nb.Cells, codeCell(src))
	}
	nb.Cells = append(nb.Cells, then...)
	return nb
}

// learnerSeed derives the seed of one learner's cases from the seed of a
// grading run, so that every learner answers other cases and one learner's
// recorded answers are worth nothing to another.
func learnerSeed(seed uint64, learner string) uint64 {
	h := sha256.New()
	binary.Write(h, binary.LittleEndian, seed)
	h.Write([]byte(learner))
	return binary.LittleEndian.Uint64(h.Sum(nil))
}
