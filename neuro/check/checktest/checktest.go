// Package checktest tests a project's levels: every level is registered
// and tested, a right answer passes, a typical mistake fails, and a stub is
// not yet implemented.
package checktest

import (
	"testing"

	"github.com/neurogo/course/neuro/check"
)

// LevelsPerProject is how many levels every project has.
const LevelsPerProject = 25

// A Level checks one level three ways: Right runs the check on the reference
// answer, Wrong on a typical mistake, and Stub on a function that returns
// zero values.
type Level struct {
	Level              int
	Right, Wrong, Stub func() check.Result
}

// Run reports an error unless project registers LevelsPerProject titled
// levels, numbered from 1, and levels tests each of them with a right
// answer that passes, a wrong one that fails, and a stub that is not yet
// implemented.
func Run(t testing.TB, project int, levels []Level) {
	t.Helper()
	registered := check.Levels(project)
	if len(registered) != LevelsPerProject || len(levels) != LevelsPerProject {
		t.Fatalf("project %d: %d levels registered and %d tested, want %d",
			project, len(registered), len(levels), LevelsPerProject)
	}
	for k, l := range registered {
		if l.Level != k+1 || l.Title == "" {
			t.Errorf("project %d, registered level %d: %+v", project, k+1, l)
		}
	}
	for k, tt := range levels {
		if tt.Level != k+1 {
			t.Errorf("project %d: test %d is for level %d, want the levels in order", project, k+1, tt.Level)
		}
		for _, c := range []struct {
			name string
			run  func() check.Result
			want check.Status
		}{
			{"right", tt.Right, check.Passed},
			{"wrong", tt.Wrong, check.Failed},
			{"stub", tt.Stub, check.NotImplemented},
		} {
			res := c.run()
			if res.Status != c.want {
				t.Errorf("level %d, %s answer: %s, want %s:\n%s", tt.Level, c.name, res.Status, c.want, res.Message)
			}
			if res.Project != project || res.Level != tt.Level {
				t.Errorf("level %d, %s answer: the result is for project %d level %d",
					tt.Level, c.name, res.Project, res.Level)
			}
		}
	}
}
