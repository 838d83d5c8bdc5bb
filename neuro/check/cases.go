package check

import (
	"math"
	"math/rand/v2"
)

// Helpers for the levels' cases and judges.

// Exact is the tolerance of an answer that is one formula: only rounding
// may differ.
var Exact = Tol{Rel: 1e-9, Abs: 1e-12}

// Uniform draws a number uniformly from [a, b).
func Uniform(r *rand.Rand, a, b float64) float64 { return a + (b-a)*r.Float64() }

// LogUniform draws a number from [a, b) whose logarithm is uniform, for
// quantities that span decades; a and b must be positive.
func LogUniform(r *rand.Rand, a, b float64) float64 {
	return math.Exp(Uniform(r, math.Log(a), math.Log(b)))
}

// steps are the time steps (ms) that random simulation cases draw from.
var steps = []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5}

// MaxPoints bounds the length of a random run's trace: a check records every
// value the learner's function returns, and the record goes into the
// notebook.
const MaxPoints = 2000

// AnyStep draws a time step (ms) from 0.01 ms up to max (at least 0.01 ms).
func AnyStep(r *rand.Rand, max float64) float64 {
	n := 1
	for n < len(steps) && steps[n] <= max {
		n++
	}
	return steps[r.IntN(n)]
}

// TimeStep draws a time step (ms) no larger than τ/10 for a time constant
// tau of at least 1 ms, and, if it can, large enough that a run to tEnd (ms)
// has at most MaxPoints steps.
func TimeStep(r *rand.Rand, tau, tEnd float64) float64 {
	k := r.IntN(len(steps))
	for k > 0 && steps[k] > tau/10 {
		k--
	}
	for k+1 < len(steps) && tEnd/steps[k] > MaxPoints && steps[k+1] <= tau/10 {
		k++
	}
	return steps[k]
}
