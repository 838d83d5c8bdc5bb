package check_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
)

// This is the template of a level. A project's checker package declares,
// for each level, the case its learner's function takes (exported fields,
// so that a grader can record and replay it), registers the level with
// its fixed and random cases and a judge, and exports a Check function
// that a notebook's check cell calls with the learner's function.
//
// The judge may call the project's reference (under neuro/internal); the
// Check function's adapter may only read the case and call the learner's
// function, because a graded build stubs every reference out.

// A chargeCase is one input of the learner's Charge.
type chargeCase struct{ C, V float64 } // nF, mV

var chargeLevel = check.Register(&check.Level[chargeCase, float64]{
	Project: 90, Number: 1, Title: "Charge on the membrane capacitor", Func: "Charge",
	Fixed:  []chargeCase{{1, -65}, {0.5, 10}, {2, 0}},
	Random: func(r *rand.Rand) chargeCase { return chargeCase{check.Uniform(r, 0.1, 5), check.Uniform(r, -90, 40)} },
	// In a project: check.Near(func(c chargeCase) float64 { return ref.Charge(c.C, c.V) }, check.Exact).
	Judge: check.Near(func(c chargeCase) float64 { return c.C * c.V }, check.Exact),
	Show:  func(c chargeCase) string { return fmt.Sprintf("C = %.4g nF, V = %.4g mV", c.C, c.V) },
	Hint:  "Q = C·V; nF times mV is pC.",
})

// checkCharge checks the level: charge(c, v) returns the charge (pC) on a
// capacitance c (nF) at a voltage v (mV). A project exports it as
// CheckCharge, and the notebook's check cell is
//
//	%%
//	membrane.CheckCharge(Charge)
func checkCharge(charge func(c, v float64) float64) check.Result {
	return chargeLevel.Check(func(in chargeCase) float64 { return charge(in.C, in.V) })
}

// Outside a notebook a check prints its result; in a notebook it shows it
// as HTML, with the record a grader reads.
func ExampleLevel() {
	checkCharge(func(c, v float64) float64 { return c * v }) // right
	checkCharge(func(c, v float64) float64 { return v / c }) // wrong
	checkCharge(func(c, v float64) float64 { return 0 })     // the stub of a learner's notebook
	// Output:
	// ✔ Level 1 · Charge on the membrane capacitor: passed
	// Charge is right on all 8 cases.
	// ✘ Level 1 · Charge on the membrane capacitor: failed
	// Charge is wrong on case 2 of 8 (C = 0.5 nF, V = 10 mV): got 20, want 5 (within ±(1e-12 + 1e-09·|want|))
	// Hint: Q = C·V; nF times mV is pC.
	// … Level 1 · Charge on the membrane capacitor: not implemented
	// Charge returns only zero values: replace the TODO with your code.
}

// A random level hands the learner's function the generator of its case's
// seed, and judges a statistic in standard errors.
type noiseCase struct {
	Sigma float64
	N     int
	Seed  uint64
}

var noiseLevel = check.Register(&check.Level[noiseCase, []float64]{
	Project: 90, Number: 2, Title: "Gaussian noise", Func: "Noise",
	Fixed:  []noiseCase{{1, 1000, 1}, {3, 1000, 2}},
	Random: func(r *rand.Rand) noiseCase { return noiseCase{check.Uniform(r, 0.5, 5), 1000, r.Uint64()} },
	// The sample variance of normal samples strays beyond check.NoiseZ
	// standard errors in fewer than one check in 1e7.
	Judge: func(c noiseCase, got []float64) error {
		if len(got) != c.N {
			return fmt.Errorf("got %d samples, want %d", len(got), c.N)
		}
		_, variance := check.MeanVariance(got)
		want := c.Sigma * c.Sigma
		return check.WithinSE(variance, want, check.NormalVarianceSE(want, c.N), check.NoiseZ)
	},
	Show: func(c noiseCase) string { return fmt.Sprintf("σ = %.4g, n = %d, seed %d", c.Sigma, c.N, c.Seed) },
})

func checkNoise(noise func(sigma float64, n int, rng *rand.Rand) []float64) check.Result {
	return noiseLevel.Check(func(in noiseCase) []float64 { return noise(in.Sigma, in.N, check.NewRand(in.Seed)) })
}

func ExampleWithinSE() {
	draw := func(scale float64) func(sigma float64, n int, rng *rand.Rand) []float64 {
		return func(sigma float64, n int, rng *rand.Rand) []float64 {
			x := make([]float64, n)
			for k := range x {
				x[k] = scale * sigma * rng.NormFloat64()
			}
			return x
		}
	}
	checkNoise(draw(1))
	checkNoise(draw(math.Sqrt2)) // σ√2: twice the variance
	// Output:
	// ✔ Level 2 · Gaussian noise: passed
	// Noise is right on all 7 cases.
	// ✘ Level 2 · Gaussian noise: failed
	// Noise is wrong on case 1 of 7 (σ = 1, n = 1000, seed 1): got 1.973, want 1 (within ±0.291, 6.5 standard errors)
}
