package check

import (
	"math"
	"testing"
)

func TestTol(t *testing.T) {
	tests := []struct {
		tol       Tol
		got, want float64
		ok        bool
	}{
		{Tol{Rel: 1e-3}, 1.0005, 1, true},
		{Tol{Rel: 1e-3}, 1.002, 1, false},
		{Tol{Abs: 0.1}, -0.05, 0, true},
		{Tol{Abs: 0.1}, 0.2, 0, false},
		{Tol{}, 1, 1, true},
		{Tol{Abs: 1}, math.NaN(), 0, false},
		{Tol{Abs: 1}, math.Inf(1), math.Inf(1), true},
		{Tol{Abs: 1}, math.Inf(1), 1e300, false},
	}
	for _, tt := range tests {
		if got := tt.tol.Within(tt.got, tt.want); got != tt.ok {
			t.Errorf("%v.Within(%g, %g) = %v", tt.tol, tt.got, tt.want, got)
		}
	}
}

func TestPair(t *testing.T) {
	a, b := Pair(1.000001, 1.000002)
	if a == b {
		t.Errorf("Pair cannot tell 1.000001 from 1.000002: %s %s", a, b)
	}
	if a, b := Pair(0.5, 0.25); a != "0.5" || b != "0.25" {
		t.Errorf("Pair(0.5, 0.25) = %s, %s", a, b)
	}
}
