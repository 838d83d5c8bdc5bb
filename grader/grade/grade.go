package grade

import (
	"context"
	"fmt"
	"path/filepath"
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
	Isolated bool          `json:"isolated"` // the levels had to be run one by one
	// Notes say what of the submission the grader did not run, and why.
	Notes   []string `json:"notes,omitempty"`
	Seconds float64  `json:"seconds"`
}

// Grade grades the submission at path. It never fails: what went wrong is
// in the result. The submission is only read.
func (g *Grader) Grade(ctx context.Context, learner, path string) *Result {
	start := time.Now()
	res := &Result{Learner: learner, Path: path}
	defer func() { res.Seconds = time.Since(start).Seconds() }()
	nb, err := notebook.Read(path)
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
	verdicts, isolated, err := g.run(ctx, learner, p, code)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Isolated = isolated
	for _, l := range p.Levels {
		v, ok := verdicts[l]
		if !ok {
			v = nbrun.Level{Level: l, Status: nbrun.Missing,
				Message: "its check did not report: the code it calls did not compile, or it crashed or ran too long"}
		}
		for _, info := range check.Levels(p.Number) {
			if info.Level == l {
				v.Title = info.Title
			}
		}
		if v.Status == string(check.Passed) {
			res.Score++
		}
		res.Levels = append(res.Levels, v)
	}
	return res
}

// run runs the learner's code with the project's checks and judges the
// records: first all in one program, then, for the levels that did not
// report, each level in a cell of its own. Each learner's cases are drawn
// with a seed of their own (check.LearnerSeed), so that one learner's
// recorded answers are worth nothing to another.
func (g *Grader) run(ctx context.Context, learner string, p *Project, code []string) (map[int]nbrun.Level, bool, error) {
	seed := check.LearnerSeed(g.Runner.Seed, learner)
	dir := filepath.Join(g.Course.Root, "solutions") // so the setup cell finds the course
	out := filepath.Join(g.Runner.Out, learner)

	// The fast path: three cells, three builds.
	var checks []string
	for _, l := range p.Levels {
		checks = append(checks, checkStatement(p.Checks[l]))
	}
	checkCell := codeCell("%%\n" + strings.Join(checks, "\n"))
	fast := compose(p.Setup, []string{joinCells(code)}, checkCell)
	r := g.Runner
	r.Seed = seed
	r.Timeouts = map[*notebook.Cell]time.Duration{checkCell: g.CheckTimeout}
	if _, err := r.Execute(ctx, fast, dir, filepath.Join(out, "all-levels.ipynb")); err != nil {
		return nil, false, err
	}
	verdicts := map[int]nbrun.Level{}
	for _, l := range p.Levels {
		if v, ok := g.judge(seed, p, l, checkCell.Outputs); ok {
			verdicts[l] = v
		}
	}
	if len(verdicts) == len(p.Levels) {
		return verdicts, false, nil
	}

	// The fallback: every learner cell and every level left on its own, so
	// a cell that does not compile, or a level that crashes, costs only
	// itself and what depends on it.
	var cells []*notebook.Cell
	levelOf := map[*notebook.Cell]int{}
	for _, l := range p.Levels {
		if _, ok := verdicts[l]; !ok {
			c := codeCell(p.Checks[l])
			cells = append(cells, c)
			levelOf[c] = l
		}
	}
	isolated := compose(p.Setup, code, cells...)
	r.Timeouts = nil
	if _, err := r.Execute(ctx, isolated, dir, filepath.Join(out, "level-by-level.ipynb")); err != nil {
		return nil, true, err
	}
	for _, c := range cells {
		if v, ok := g.judge(seed, p, levelOf[c], c.Outputs); ok {
			verdicts[levelOf[c]] = v
		}
	}
	return verdicts, true, nil
}

// judge judges the records of level l among outputs, in this process with
// the grader's seed. Where a level has several records (its check's, and
// any the learner's code made up) the worst verdict counts, so that extra
// records can only cost the learner.
func (g *Grader) judge(seed uint64, p *Project, l int, outputs []*notebook.Output) (nbrun.Level, bool) {
	var worst nbrun.Level
	found := false
	for _, rec := range nbrun.Records(outputs) {
		if rec.Project != p.Number || rec.Level != l {
			continue
		}
		res, err := check.Rejudge(seed, rec)
		if err != nil {
			continue
		}
		v := nbrun.Level{Level: l, Status: string(res.Status), Message: res.Message}
		if !found || rank(v.Status) < rank(worst.Status) {
			worst = v
		}
		found = true
	}
	return worst, found
}

// rank orders statuses from worst to best.
func rank(status string) int {
	switch status {
	case string(check.Failed):
		return 0
	case string(check.NotImplemented):
		return 1
	}
	return 2
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

// LearnerID names the learner of a submission: its file name without
// .ipynb.
func LearnerID(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}
