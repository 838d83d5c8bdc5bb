package check

import (
	"fmt"
	"math"
	"strconv"
)

// A Tol is a tolerance: got is close enough to want when
// |got − want| ≤ Abs + Rel·|want|.
type Tol struct {
	Rel, Abs float64
}

// Within reports whether got is within the tolerance of want. NaN is never
// within any tolerance; an infinite want needs the same infinity.
func (t Tol) Within(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return false
	}
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return math.Abs(got-want) <= t.Abs+t.Rel*math.Abs(want)
}

func (t Tol) String() string {
	switch {
	case t.Rel == 0 && t.Abs == 0:
		return "exactly"
	case t.Abs == 0:
		return fmt.Sprintf("within a relative %g", t.Rel)
	case t.Rel == 0:
		return fmt.Sprintf("within ±%g", t.Abs)
	}
	return fmt.Sprintf("within ±(%g + %g·|want|)", t.Abs, t.Rel)
}

// Compare returns nil if got is within tol of want, and otherwise an error
// that gives both and the tolerance.
func Compare(got, want float64, tol Tol) error {
	if tol.Within(got, want) {
		return nil
	}
	g, w := Pair(got, want)
	return fmt.Errorf("got %s, want %s (%s)", g, w, tol)
}

// Pair formats two numbers with as many digits as it takes to tell them
// apart, and at least four.
func Pair(a, b float64) (string, string) {
	for digits := 4; digits < 17; digits++ {
		sa := strconv.FormatFloat(a, 'g', digits, 64)
		sb := strconv.FormatFloat(b, 'g', digits, 64)
		if sa != sb || a == b {
			return sa, sb
		}
	}
	return strconv.FormatFloat(a, 'g', -1, 64), strconv.FormatFloat(b, 'g', -1, 64)
}

// Near returns a judge that wants a number within tol of want(in).
func Near[In any](want func(In) float64, tol Tol) func(In, float64) error {
	return func(in In, got float64) error {
		return Compare(got, want(in), tol)
	}
}

// NearSlice returns a judge that wants a slice of the same length as want(in)
// with every element within tol of the matching one.
func NearSlice[In any](want func(In) []float64, tol Tol) func(In, []float64) error {
	return func(in In, got []float64) error {
		return CompareSlice(got, want(in), tol)
	}
}

// CompareSlice returns nil if got has the length of want and each element is
// within tol of its counterpart; otherwise an error naming the first
// element that is not.
func CompareSlice(got, want []float64, tol Tol) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d values, want %d", len(got), len(want))
	}
	for i := range want {
		if err := Compare(got[i], want[i], tol); err != nil {
			return fmt.Errorf("at index %d: %v", i, err)
		}
	}
	return nil
}

// Equal returns a judge that wants exactly want(in).
func Equal[In any, Out comparable](want func(In) Out) func(In, Out) error {
	return func(in In, got Out) error {
		if w := want(in); got != w {
			return fmt.Errorf("got %v, want %v", got, w)
		}
		return nil
	}
}
