package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/neurogo/course/grader/grade"

	"github.com/neurogo/course/grader/nbrun"
)

// statusMarks are the one-letter marks of level statuses.
var statusMarks = map[string]string{"passed": "✔", "failed": "✘", "not implemented": "…", nbrun.Missing: "?"}

// printTable writes a report per notebook and the totals.
func printTable(w io.Writer, reports []*nbrun.Report) {
	var total nbrun.Counts
	for _, rep := range reports {
		fmt.Fprintf(w, "\n%s", rep.Path)
		if rep.Error != "" {
			fmt.Fprintf(w, "\n  could not be run: %s\n", rep.Error)
			continue
		}
		fmt.Fprintf(w, "  (project %d, %d cells, %.1f s", rep.Project, rep.Cells, rep.Seconds)
		if rep.Errors > 0 {
			fmt.Fprintf(w, ", %d cells with errors", rep.Errors)
		}
		if rep.TimedOut > 0 {
			fmt.Fprintf(w, ", %d timed out", rep.TimedOut)
		}
		fmt.Fprintln(w, ")")
		for _, l := range rep.Levels {
			line := fmt.Sprintf("  %s %2d  %-16s %s", statusMarks[l.Status], l.Level, l.Status, l.Title)
			if l.Status != "passed" && l.Status != "not implemented" {
				line += ": " + firstLine(l.Message)
			}
			fmt.Fprintln(w, line)
		}
		fmt.Fprintf(w, "  %s\n", rep.Counts)
		total = total.Plus(rep.Counts)
	}
	fmt.Fprintf(w, "\ntotal: %s in %d notebooks\n", total, len(reports))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// progress tells the person waiting what the run is doing: on a terminal
// one line that updates, elsewhere a line per notebook.
type progress struct {
	w        io.Writer
	tty      bool
	notebook string
	started  bool
}

func newProgress(f *os.File) *progress {
	info, err := f.Stat()
	return &progress{w: f, tty: err == nil && info.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) printf(format string, args ...any) {
	p.clear()
	fmt.Fprintf(p.w, "grader: "+format+"\n", args...)
}

func (p *progress) cell(i, n int) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s  cell %d/%d", p.notebook, i, n)
	} else if !p.started {
		fmt.Fprintf(p.w, "%s: running %d cells\n", p.notebook, n)
	}
	p.started = true
}

func (p *progress) done(rep *nbrun.Report) {
	p.clear()
	p.started = false
	if rep.Error != "" {
		fmt.Fprintf(p.w, "%s: could not be run\n", p.notebook)
		return
	}
	fmt.Fprintf(p.w, "%s: %s (%.1f s)\n", p.notebook, rep.Counts, rep.Seconds)
}

// graded reports that a submission was graded.
func (p *progress) graded(done, total int, r *grade.Result, elapsed time.Duration) {
	line := fmt.Sprintf("graded %d/%d in %.0f s: %s %d/%d", done, total, elapsed.Seconds(), r.Learner, r.Score, r.MaxScore)
	if r.Error != "" {
		line = fmt.Sprintf("graded %d/%d in %.0f s: %s could not be graded", done, total, elapsed.Seconds(), r.Learner)
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		if done == total {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) clear() {
	if p.tty && p.started {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
