package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/neuro/check"
)

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
			line := fmt.Sprintf("  %s %2d  %-16s %s", l.Status.Mark(), l.Level, l.Status, l.Title)
			if l.Status != check.Passed && l.Status != check.NotImplemented {
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
// one line that updates, naming every notebook being run and its cell,
// elsewhere a line when a notebook starts and one when it ends. Its
// methods may be called from several goroutines.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	running []string          // the notebooks being run, in the order they started
	cells   map[string]string // notebook → "cell i/n"
	shown   bool              // a status line is on the terminal
}

func newProgress(f *os.File) *progress {
	info, err := f.Stat()
	return &progress{w: f, tty: err == nil && info.Mode()&os.ModeCharDevice != 0, cells: map[string]string{}}
}

func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fmt.Fprintf(p.w, "grader: "+format+"\n", args...)
	p.status()
}

// start says that the notebook name starts, and returns what to call
// before each of its cells.
func (p *progress) start(name string) func(i, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = append(p.running, name)
	first := true
	return func(i, n int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.tty {
			if first {
				fmt.Fprintf(p.w, "%s: running %d cells\n", name, n)
			}
			first = false
			return
		}
		p.cells[name] = fmt.Sprintf("cell %d/%d", i, n)
		p.clear()
		p.status()
	}
}

// done says that the notebook name ended with the report rep.
func (p *progress) done(name string, rep *nbrun.Report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = slices.DeleteFunc(p.running, func(n string) bool { return n == name })
	delete(p.cells, name)
	p.clear()
	if rep.Error != "" {
		fmt.Fprintf(p.w, "%s: could not be run\n", name)
	} else {
		fmt.Fprintf(p.w, "%s: %s (%.1f s)\n", name, rep.Counts, rep.Seconds)
	}
	p.status()
}

// status shows, on a terminal, the notebooks being run and their cells.
func (p *progress) status() {
	if !p.tty || len(p.running) == 0 {
		return
	}
	var parts []string
	for _, name := range p.running {
		parts = append(parts, strings.TrimSpace(name+"  "+p.cells[name]))
	}
	fmt.Fprint(p.w, strings.Join(parts, "  ·  "))
	p.shown = true
}

// graded reports that a submission was graded.
func (p *progress) graded(done, total int, r *grade.Result, elapsed time.Duration) {
	line := fmt.Sprintf("graded %d/%d in %.0f s: %s %d/%d", done, total, elapsed.Seconds(), r.Learner, r.Score, r.MaxScore)
	if r.Error != "" {
		line = fmt.Sprintf("graded %d/%d in %.0f s: %s could not be graded", done, total, elapsed.Seconds(), r.Learner)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	if p.tty && done < total {
		fmt.Fprint(p.w, line)
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// clear removes the status line from the terminal.
func (p *progress) clear() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
