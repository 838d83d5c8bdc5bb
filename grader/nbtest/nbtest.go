// Package nbtest runs course notebooks end to end from Go tests, in the real
// GoNB kernel, and fails the test unless every level has the outcome it
// should: passed in a solution, not yet implemented in a learner's notebook.
//
// Each project's package tests its own two notebooks this way, so the
// end-to-end runs spread over test binaries that go test runs in parallel.
package nbtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/neuro/check"
)

var (
	once   sync.Once
	runner *nbrun.Runner
	setup  error
)

// start builds the kernel once per test binary.
func start(t *testing.T) *nbrun.Runner {
	once.Do(func() {
		course, err := nbrun.FindCourse("")
		if err != nil {
			setup = err
			return
		}
		bin, err := nbrun.Tools(course, nbrun.DefaultCache(), func(format string, args ...any) { t.Logf(format, args...) })
		if err != nil {
			setup = err
			return
		}
		// Demo cells draw every frame, as in a learner's Jupyter: these runs
		// are the test of each project's demo, which docker's Jupyter test
		// runs under Jupyter itself for one project only.
		runner = &nbrun.Runner{Bin: bin, Out: filepath.Join(course, "out", "test"), Timeout: 5 * time.Minute,
			Seed: uint64(time.Now().UnixNano()) | 1, Demos: true}
	})
	if setup != nil {
		t.Fatal(setup)
	}
	return runner
}

// Solution runs a solution notebook and fails t unless every level of its
// project passes and no cell ends in an error.
func Solution(t *testing.T, path string) {
	run(t, path, check.Passed)
}

// Learner runs a learner's notebook as released and fails t unless it runs
// to its end without an error and every level is not yet implemented.
func Learner(t *testing.T, path string) {
	run(t, path, check.NotImplemented)
}

func run(t *testing.T, path string, want check.Status) {
	if testing.Short() {
		t.Skip("end-to-end notebook run skipped in -short mode")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	rep := start(t).Run(context.Background(), path)
	t.Logf("%s: %s, %d cells in %.1f s (seed %d)", path, rep.Counts, rep.Cells, rep.Seconds, runner.Seed)
	if rep.Error != "" {
		t.Fatalf("could not be run: %s", rep.Error)
	}
	if len(rep.Levels) == 0 {
		t.Fatalf("project %d has no levels", rep.Project)
	}
	for _, l := range rep.Levels {
		if l.Status != string(want) {
			t.Errorf("level %d (%s): %s, want %s: %s", l.Level, l.Title, l.Status, want, l.Message)
		}
	}
	if rep.Errors > 0 {
		t.Errorf("%d cells ended in an error (%d timed out); see %s", rep.Errors, rep.TimedOut, rep.Executed)
	}
}
