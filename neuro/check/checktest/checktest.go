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
// and each level runs as subtests, level07/right, level07/wrong,
// level07/stub and level07/variant1, …, which go test -run can pick out.
//
// The right answer, each variant and the wrong answer are checked on many
// seeds (schema.SeedEnv), so that a judge too strict for some right answer,
// or too lax for the wrong one, shows on the seeds where it does: every seed
// from 1 to -checktest.seeds (1000, or 20 under -short). A level without
// random cases checks the same cases whatever the seed, and is checked on
// one.
package checktest

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/schema"
)

var seedsFlag = flag.Int("checktest.seeds", 0, "seeds each answer of a level is checked on (0: 1000, or 20 under -short)")

// seeds returns how many seeds an answer of a seeded level is checked on.
func seeds() int {
	switch {
	case *seedsFlag > 0:
		return *seedsFlag
	case testing.Short():
		return 20
	}
	return 1000
}

// seedsOf returns how many seeds an answer of level l is checked on: one if
// its cases do not depend on the seed.
func seedsOf(l check.LevelInfo) int {
	if !l.Seeded {
		return 1
	}
	return seeds()
}

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
	// Variants are right answers written differently from the reference,
	// as learners write them: terms in another order, algebra rearranged,
	// constants precomputed, another loop or clock. Each is of a form Right
	// may take, and must pass on every seed.
	Variants []any
}

// Run reports an error unless project registers LevelsPerProject titled
// levels, numbered from 1, and levels tests each of them, in order, with a
// right answer that passes, a wrong one that fails, and a stub that is not
// yet implemented; and every variant passes. The right, wrong and variant
// answers are checked on many seeds (see the package doc).
func Run(t *testing.T, project int, levels []Level) {
	t.Helper()
	// The sweeps allocate a trace or a record in every check and keep none:
	// with a heap allowed to grow to 5 times what is live (not Go's default
	// 2), collecting costs a fifth as much. Measured on Project 2's levels
	// on 20 seeds: 41 → 28 CPU-seconds, 49 → 82 MB resident.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
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
		type answer struct {
			name   string
			answer any
			want   check.Status
			seeded bool
		}
		answers := []answer{
			{"right", tt.Right, check.Passed, true},
			{"wrong", tt.Wrong, check.Failed, true},
			{"stub", func() check.Result { return Stub(tt.Check) }, check.NotImplemented, false},
		}
		for i, v := range tt.Variants {
			answers = append(answers, answer{fmt.Sprintf("variant%d", i+1), v, check.Passed, true})
		}
		for _, c := range answers {
			t.Run(fmt.Sprintf("level%02d/%s", level, c.name), func(t *testing.T) {
				n := 1
				if c.seeded {
					n = seedsOf(registered[k])
				}
				if err := sweep(tt.Check, c.answer, c.want, project, level, n); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// sweep checks answer with checker on seeds 1 to n: an error at the first
// result that is not want, or is not of the given project and level.
func sweep(checker, answer any, want check.Status, project, level, n int) error {
	defer os.Setenv(schema.SeedEnv, os.Getenv(schema.SeedEnv))
	for seed := 1; seed <= n; seed++ {
		os.Setenv(schema.SeedEnv, strconv.Itoa(seed))
		res, err := run(checker, answer)
		if err != nil {
			return err
		}
		if res.Project != project || res.Level != level {
			return fmt.Errorf("the check is for project %d level %d, want level %d: are the tests in order?",
				res.Project, res.Level, level)
		}
		if res.Status != want {
			return fmt.Errorf("seed %d: %s, want %s:\n%s", seed, res.Status, want, res.Message)
		}
	}
	return nil
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
