// Package check runs the check of a course level: it calls the learner's
// function on fixed and seeded random cases, judges the answers against a
// reference, and reports passed, failed or not yet implemented.
//
// A check has three parts. The cases come from the level's fixed list and
// from its random generator, seeded. The evaluation calls the learner's code
// on every case and records the outputs, recovering panics. The judge compares
// the outputs with the reference. In a notebook all three run at once for
// instant feedback, and the result is shown as HTML together with a
// machine-readable record (see Record). A grader re-runs the judge on that
// record in its own process, with cases it regenerates from the seed it chose,
// so nothing the learner's code prints can fake a pass.
//
// While grading, the learner's process draws no case and judges nothing: the
// grader draws the cases (DrawCases) and hands them over in a file named by
// the environment variable schema.CasesEnv, and Check only records what the
// learner's function returns on them, with the status Recorded. The grader
// runs that process on a copy of the course whose references are left out,
// so no answer is within reach of the learner's code.
//
// # Writing a project's checks
//
// The Level example is the template. A project's checker package (neuro/lif,
// say) registers one Level per notebook level and exports a CheckXxx
// function for each; its references live in the matching package under
// neuro/internal. Because a graded build stubs every function under
// neuro/internal to a panic, the checker package keeps to four rules:
//
//   - Nothing at package initialisation calls a reference: fixed cases and
//     constants are written out, with a test tying them to the reference.
//   - A CheckXxx adapter only reads the case and calls the learner's
//     function. Inputs computed with reference code are case fields tagged
//     check:"derived", filled by the level's Prepare, which runs where the
//     cases are drawn (the notebook, or the grader).
//   - Helpers handed to learners (a default cell, a time grid) are written
//     in the checker package, with a test tying them to the reference.
//   - Parameter types the learner sees (lif.Cell, say) are declared in the
//     checker package with the same fields, in the same order, as the
//     reference's, so that a plain conversion ref.Cell(c) ties them at
//     compile time. They are not aliases of the reference's types: an alias
//     would hand the learner the reference's methods, which a graded build
//     stubs out, and would show internal names in the learner's docs.
//
// Random levels hand the learner's function the generator NewRand(seed) of
// the case and judge statistics in standard errors (WithinSE and the
// standard errors beside it), stating in the judge's comment how rarely a
// right answer fails. The project's tests list the levels for checktest.Run,
// with a right and a typical wrong answer each.
package check

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime/debug"
	"strings"

	"github.com/neurogo/course/neuro/schema"
)

// Status is the outcome of a check, and of a level in a grader's report.
// Each status has its mark and badge colours in one table (see Mark).
type Status string

// The outcomes of a check.
const (
	Passed         Status = "passed"
	Failed         Status = "failed"
	NotImplemented Status = "not implemented"
	// Recorded is the status of a check run while grading: the answers
	// are recorded for the grader, which judges them in its own process.
	Recorded Status = "recorded"
	// Missing is no check's outcome: it is a grader's status of a level
	// whose check never reported (not run, not compiled, or stopped).
	Missing Status = "missing"
)

// A Result is the outcome of checking one level.
type Result struct {
	Project int
	Level   int
	Title   string
	Status  Status
	// Message says what happened: for a failure, the case, what the
	// learner's code returned, what was expected and a hint.
	Message string
}

// Passed reports whether the level passed.
func (r Result) Passed() bool { return r.Status == Passed }

// A Level says how to check one level of a project.
//
// In is the type of one case, usually a struct of the function's arguments;
// Out is what the learner's function returns for it. Both must be made of
// numbers, strings, bools, slices, arrays and structs of exported fields, so
// that they can be recorded.
type Level[In, Out any] struct {
	Project int    // project number, 1 to 11
	Number  int    // level number within the project, 1 to 25
	Title   string // what the level is about, as its notebook heading says
	Func    string // name of the learner's function, for messages

	// Fixed cases are always tried, first.
	Fixed []In
	// Random, if set, draws one random case. The check draws Randoms of
	// them (5 if Randoms is 0) from a generator seeded per run.
	Random  func(r *rand.Rand) In
	Randoms int
	// Prepare, if set, completes every case, fixed or random, with what
	// the learner's function is handed but the case does not say, such as
	// a simulated trace to measure. It runs where the cases are drawn,
	// never in a graded learner's process, and may use the references;
	// the adaptor in the level's Check function must only read the case.
	// Fields it fills are best tagged `check:"derived"`, which keeps them
	// out of the check's record.
	Prepare func(In) In

	// Judge returns nil if got is a right answer for in, and otherwise an
	// error that says what is wrong, such as "got 3, want 4". The helpers
	// Near, NearSlice and Equal build common judges.
	Judge func(in In, got Out) error
	// Show writes a case for messages, with units, such as
	// "C = 2 nF, V = -70 mV". If nil, the case is printed with %+v.
	Show func(in In) string
	// Hint is added to a failure message.
	Hint string
}

// cases returns the fixed cases and then the random ones drawn with seed.
func (l *Level[In, Out]) cases(seed uint64) []In {
	cases := append([]In(nil), l.Fixed...)
	if l.Random != nil {
		n := l.Randoms
		if n == 0 {
			n = 5
		}
		r := rand.New(rand.NewPCG(caseSeed(seed, l.Project, l.Number), 0x6e6575726f))
		for range n {
			cases = append(cases, l.Random(r))
		}
	}
	if l.Prepare != nil {
		for i := range cases {
			cases[i] = l.Prepare(cases[i])
		}
	}
	return cases
}

// caseSeed derives the seed of a level's random cases from a run's seed.
func caseSeed(seed uint64, project, level int) uint64 {
	return splitmix(seed ^ splitmix(uint64(project)<<16|uint64(level)))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Check runs f on every case, judges the answers, shows the result in the
// notebook and returns it. The seed of the random cases comes from the
// environment variable schema.SeedEnv when a grader sets it, and is fresh
// otherwise. While grading (schema.CasesEnv is set) Check runs f on the grader's
// cases and records the answers without judging them.
func (l *Level[In, Out]) Check(f func(In) Out) Result {
	var res Result
	var rec *Record
	if path := os.Getenv(schema.CasesEnv); path != "" {
		res, rec = l.runGraded(f, path)
	} else {
		res, rec = l.run(f, runSeed())
	}
	show(res, rec)
	return res
}

// run evaluates f on the cases drawn with seed and judges its answers.
func (l *Level[In, Out]) run(f func(In) Out, seed uint64) (Result, *Record) {
	cases := l.cases(seed)
	outs, panics := evaluate(f, cases)
	res := l.judge(cases, outs, panics)
	rec, err := l.record(seed, cases, outs, panics, res)
	if err != nil {
		res.Status, res.Message = Failed, "The check could not record your answers: "+err.Error()
	}
	return res, rec
}

// runGraded evaluates f on the cases in the grader's file at path and
// records its answers, unjudged.
func (l *Level[In, Out]) runGraded(f func(In) Out, path string) (Result, *Record) {
	res := Result{Project: l.Project, Level: l.Number, Title: l.Title, Status: Recorded}
	seed, cases, err := readCases[In](path, l.Project, l.Number)
	if err != nil {
		res.Status, res.Message = Failed, "The check could not read the grader's cases: "+err.Error()
		return res, nil
	}
	outs, panics := evaluate(f, cases)
	res.Message = fmt.Sprintf("The answers of %s on %d cases are recorded for the grader.", l.Func, len(cases))
	rec, err := l.record(seed, cases, outs, panics, res)
	if err != nil {
		res.Status, res.Message = Failed, "The check could not record your answers: "+err.Error()
	}
	return res, rec
}

// evaluate calls f on every case and returns its outputs, and the panic it
// raised on each case, if any.
func evaluate[In, Out any](f func(In) Out, cases []In) ([]Out, []string) {
	outs := make([]Out, len(cases))
	panics := make([]string, len(cases))
	for i, c := range cases {
		outs[i], panics[i] = call(f, c)
	}
	return outs, panics
}

// call calls f on in and returns its output, or the panic it raised.
func call[In, Out any](f func(In) Out, in In) (out Out, panicked string) {
	defer func() {
		if p := recover(); p != nil {
			panicked = fmt.Sprintf("%v\n%s", p, trimStack(debug.Stack()))
		}
	}()
	return f(in), ""
}

// trimStack keeps the part of a panic's stack trace that is the learner's:
// the frames between the panic and the check.
func trimStack(stack []byte) string {
	var keep []string
	lines := strings.Split(string(stack), "\n")
	for i := 0; i+1 < len(lines); i += 2 {
		fn, file := lines[i], lines[i+1]
		if strings.Contains(fn, "neuro/check.") || strings.HasPrefix(fn, "runtime") ||
			strings.HasPrefix(fn, "panic(") || strings.HasPrefix(fn, "goroutine ") {
			continue
		}
		if strings.Contains(fn, schema.ModulePath+"/neuro/") {
			break
		}
		keep = append(keep, fn, file)
	}
	return strings.Join(keep, "\n")
}

// judge turns the outputs of the learner's function into a result.
func (l *Level[In, Out]) judge(cases []In, outs []Out, panics []string) Result {
	res := Result{Project: l.Project, Level: l.Number, Title: l.Title}
	for i, p := range panics {
		if p != "" {
			res.Status = Failed
			res.Message = fmt.Sprintf("%s panicked on case %d of %d (%s):\n%s",
				l.Func, i+1, len(cases), l.show(cases[i]), p)
			return res
		}
	}
	if allZero(outs) {
		res.Status = NotImplemented
		res.Message = fmt.Sprintf("%s returns only zero values: replace the TODO with your code.", l.Func)
		return res
	}
	for i, c := range cases {
		if err := l.judgeOne(c, outs[i]); err != nil {
			res.Status = Failed
			res.Message = fmt.Sprintf("%s is wrong on case %d of %d (%s): %v", l.Func, i+1, len(cases), l.show(c), err)
			if l.Hint != "" {
				res.Message += "\nHint: " + l.Hint
			}
			return res
		}
	}
	res.Status = Passed
	res.Message = fmt.Sprintf("%s is right on all %d cases.", l.Func, len(cases))
	return res
}

// judgeOne runs the level's judge on one case, turning a panic in the judge
// (say, on a slice of the wrong length) into an error.
func (l *Level[In, Out]) judgeOne(in In, got Out) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the answer could not be judged: %v", p)
		}
	}()
	return l.Judge(in, got)
}

func (l *Level[In, Out]) show(in In) string {
	if l.Show != nil {
		return l.Show(in)
	}
	return fmt.Sprintf("%+v", in)
}

// allZero reports whether every output is its type's zero value: what the
// stubs of the learner's notebook return.
func allZero[Out any](outs []Out) bool {
	for _, o := range outs {
		if !reflect.ValueOf(&o).Elem().IsZero() {
			return false
		}
	}
	return true
}

// ErrNoLevel is returned by Rejudge for a record of a level nobody registered.
var ErrNoLevel = errors.New("no such level")
