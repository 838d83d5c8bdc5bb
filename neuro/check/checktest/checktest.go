// Package checktest tests a project's levels: every level is registered
// and tested, a right answer passes, a typical mistake fails, and a stub is
// not yet implemented.
//
// A project's test lists its levels in order:
//
//	var levelTests = []checktest.Level{
//		{Check: CheckCharge, Right: ref.Charge,
//			// Divides instead of multiplying.
//			Wrong: func(c, v float64) float64 { return v / c }},
//		…
//	}
//
//	func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }
//
// and each level runs as three subtests, level07/right, level07/wrong and
// level07/stub, which go test -run can pick out.
package checktest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/neurogo/course/neuro/check"
)

// LevelsPerProject is how many levels every project has.
const LevelsPerProject = 25

// A Level tests one level three ways: on the reference answer, on a typical
// mistake, and on a stub that returns zero values.
type Level struct {
	// Check is the level's checker, a func(f F) check.Result for the
	// learner's function type F. The stub is a function of type F derived
	// from it.
	Check any
	// Right and Wrong are the reference answer and a typical mistake: each
	// either a function Check accepts, or a func() check.Result that calls
	// Check itself (for answers that need adapting).
	Right, Wrong any
}

// Run reports an error unless project registers LevelsPerProject titled
// levels, numbered from 1, and levels tests each of them, in order, with a
// right answer that passes, a wrong one that fails, and a stub that is not
// yet implemented.
func Run(t *testing.T, project int, levels []Level) {
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
		level := k + 1
		for _, c := range []struct {
			name   string
			answer any
			want   check.Status
		}{
			{"right", tt.Right, check.Passed},
			{"wrong", tt.Wrong, check.Failed},
			{"stub", func() check.Result { return Stub(tt.Check) }, check.NotImplemented},
		} {
			t.Run(fmt.Sprintf("level%02d/%s", level, c.name), func(t *testing.T) {
				res, err := run(tt.Check, c.answer)
				if err != nil {
					t.Fatal(err)
				}
				if res.Project != project || res.Level != level {
					t.Fatalf("the check is for project %d level %d, want level %d: are the tests in order?",
						res.Project, res.Level, level)
				}
				if res.Status != c.want {
					t.Errorf("%s, want %s:\n%s", res.Status, c.want, res.Message)
				}
			})
		}
	}
}

// run returns the result of answer: answer's own if it is a
// func() check.Result, else that of the checker called with it.
func run(checker, answer any) (check.Result, error) {
	if f, ok := answer.(func() check.Result); ok {
		return f(), nil
	}
	cv, av := reflect.ValueOf(checker), reflect.ValueOf(answer)
	ct := cv.Type()
	if cv.Kind() != reflect.Func || ct.NumIn() != 1 || ct.NumOut() != 1 || ct.Out(0) != reflect.TypeFor[check.Result]() {
		return check.Result{}, fmt.Errorf("Check is a %v, want a func(f) check.Result", ct)
	}
	if !av.IsValid() || !av.Type().AssignableTo(ct.In(0)) {
		return check.Result{}, fmt.Errorf("the answer is a %T, want a func() check.Result or a %v", answer, ct.In(0))
	}
	return cv.Call([]reflect.Value{av})[0].Interface().(check.Result), nil
}

// Stub returns the result of checker called with stubs of the learner's
// functions it takes: functions of their types that return zero values, as
// the exercise cells of the learner notebooks do. It panics if checker is
// not a function of functions.
func Stub(checker any) check.Result {
	cv := reflect.ValueOf(checker)
	args := make([]reflect.Value, cv.Type().NumIn())
	for k := range args {
		ft := cv.Type().In(k)
		args[k] = reflect.MakeFunc(ft, func([]reflect.Value) []reflect.Value {
			out := make([]reflect.Value, ft.NumOut())
			for j := range out {
				out[j] = reflect.Zero(ft.Out(j))
			}
			return out
		})
	}
	return cv.Call(args)[0].Interface().(check.Result)
}
