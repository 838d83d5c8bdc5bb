package checktest

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/neurogo/course/neuro/check"
)

type doubleCase struct{ X float64 }

var doubleLevel = check.Register(&check.Level[doubleCase, float64]{
	Project: 99, Number: 1, Title: "Double", Func: "Double",
	Fixed:  []doubleCase{{1}, {-2.5}},
	Random: func(r *rand.Rand) doubleCase { return doubleCase{check.Uniform(r, -10, 10)} },
	Judge:  check.Near(func(c doubleCase) float64 { return 2 * c.X }, check.Exact),
})

func checkDouble(double func(x float64) float64) check.Result {
	return doubleLevel.Check(func(in doubleCase) float64 { return double(in.X) })
}

var _ = check.Register(&check.Level[doubleCase, float64]{
	Project: 99, Number: 2, Title: "Double, fixed cases", Func: "Double",
	Fixed: []doubleCase{{1}, {-2.5}},
	Judge: check.Near(func(c doubleCase) float64 { return 2 * c.X }, check.Exact),
})

func TestSeedsOf(t *testing.T) {
	levels := check.Levels(99)
	if len(levels) != 2 {
		t.Fatalf("%d levels registered in project 99, want 2", len(levels))
	}
	if n := seedsOf(levels[0]); n != seeds() || n < 20 {
		t.Errorf("a level with random cases: checked on %d seeds, want %d", n, seeds())
	}
	if n := seedsOf(levels[1]); n != 1 {
		t.Errorf("a level with fixed cases only: checked on %d seeds, want 1", n)
	}
}

func TestAnswerForms(t *testing.T) {
	for _, tt := range []struct {
		name   string
		answer any
		want   check.Status
	}{
		{"function", func(x float64) float64 { return 2 * x }, check.Passed},
		{"closure", func() check.Result { return checkDouble(func(x float64) float64 { return x + x }) }, check.Passed},
		{"wrong function", func(x float64) float64 { return x * x }, check.Failed},
	} {
		res, err := run(checkDouble, tt.answer)
		if err != nil || res.Status != tt.want {
			t.Errorf("%s: %s (%v), want %s", tt.name, res.Status, err, tt.want)
		}
	}
	if _, err := run(checkDouble, func(x int) int { return 2 * x }); err == nil {
		t.Error("an answer of the wrong type ran")
	}
	if _, err := run(42, func(x float64) float64 { return x }); err == nil {
		t.Error("a checker that is not a function ran")
	}
}

func TestStub(t *testing.T) {
	if res := Stub(checkDouble); res.Status != check.NotImplemented {
		t.Errorf("the stub: %s, want %s", res.Status, check.NotImplemented)
	}
	two := func(f func(float64) float64, g func(float64) (float64, []int)) check.Result {
		if a, b := f(1), 0.0; a == 0 && b == 0 {
			if x, s := g(1); x == 0 && s == nil {
				return check.Result{Status: check.NotImplemented}
			}
		}
		return check.Result{}
	}
	if res := Stub(two); res.Status != check.NotImplemented {
		t.Errorf("a checker of two functions: the stubs returned non-zero values")
	}
}

func TestSweep(t *testing.T) {
	right := func(x float64) float64 { return 2 * x }
	if err := sweep(checkDouble, right, check.Passed, 99, 1, 1000); err != nil {
		t.Errorf("the right answer: %v", err)
	}
	// Wrong only on the rare random case above 9.9: a few seeds in 1000
	// draw one, and the sweep must find it.
	rare := func(x float64) float64 {
		if x > 9.9 {
			return 2*x + 1
		}
		return 2 * x
	}
	if err := sweep(checkDouble, rare, check.Passed, 99, 1, 1000); err == nil || !strings.HasPrefix(err.Error(), "seed ") {
		t.Errorf("an answer wrong on rare cases passed: %v", err)
	}
	if err := sweep(checkDouble, right, check.Passed, 99, 2, 1); err == nil {
		t.Error("a check of level 1 passed as level 2")
	}
}
