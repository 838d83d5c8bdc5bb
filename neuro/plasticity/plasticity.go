// Package plasticity checks the levels of Project 6, Plasticity and
// Learning: rate-based Hebbian learning and its principal components
// (levels 1–12, hebb.go), spike-timing-dependent plasticity (13–20,
// stdp.go), and homeostasis, memory and structure (21–25, homeostasis.go).
// Units: time in ms, rates in Hz, weights and learning rates dimensionless.
//
// A rate neuron is linear: its output is y = w·x for the weights w and the
// input x. Input data (samples, spike trains, noise) are seeded: a check
// draws them from its case's seed and hands them to the learner's function,
// so that a grader replays them.
//
// The helpers learners call are written here (DefaultSTDP) or in the
// package inputs (Samples, PoissonTrain, GroupInputs, GrowthNoise), which
// the references share, not taken from the references: while grading no
// reference is linked.
package plasticity

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/plasticity/inputs"
)

// Project is this project's number in the course.
const Project = 6

// STDP holds the parameters of a pair-based STDP window: the amplitudes
// APlus and AMinus (dimensionless weight changes) and the time constants
// TauPlus and TauMinus (ms).
type STDP struct {
	APlus, AMinus, TauPlus, TauMinus float64
}

// DefaultSTDP returns the course's window: A₊ = 0.01, A₋ = 0.0105,
// τ₊ = τ₋ = 20 ms. Depression slightly outweighs potentiation.
func DefaultSTDP() STDP { return STDP{APlus: 0.01, AMinus: 0.0105, TauPlus: 20, TauMinus: 20} }

// String writes the window's parameters with their units.
func (p STDP) String() string {
	return fmt.Sprintf("A₊ = %.4g, A₋ = %.4g, τ₊ = %.4g ms, τ₋ = %.4g ms", p.APlus, p.AMinus, p.TauPlus, p.TauMinus)
}

// Growth holds the parameters of structural plasticity (Level 24): the rate
// per unit of total weight Gain (Hz), the Target rate (Hz), the weight WInit
// of a new synapse, the floor WFloor below which a synapse is removed, the
// size Sigma of the weights' random steps, the fraction Relax of the way a
// weight moves back toward WInit in a step, and Rate, the probability per
// step that an empty site grows a synapse when the cell is silent.
type Growth struct {
	Gain, Target, WInit, WFloor, Sigma, Relax, Rate float64
}

// String writes the parameters with their units.
func (g Growth) String() string {
	return fmt.Sprintf("gain = %.4g Hz, target = %.4g Hz, w_init = %.4g, w_floor = %.4g, σ = %.4g, relax = %.4g, growth = %.4g",
		g.Gain, g.Target, g.WInit, g.WFloor, g.Sigma, g.Relax, g.Rate)
}

// NewRand returns the generator of the data of seed, as the checks draw
// them.
func NewRand(seed uint64) *rand.Rand { return inputs.NewRand(seed) }

// Samples returns n zero-mean Gaussian vectors of covariance cov, drawn
// with NewRand(seed).
func Samples(cov [][]float64, n int, seed uint64) [][]float64 { return inputs.Samples(cov, n, seed) }

// PoissonTrain returns the spike times (ms) of a Poisson process of rate
// (Hz) from 0 to duration (ms), by exponential intervals drawn from rng.
func PoissonTrain(rate, duration float64, rng *rand.Rand) []float64 {
	return inputs.PoissonTrain(rate, duration, rng)
}

// GroupInputs returns whether each of n inputs fires in each of steps steps
// of dt (ms), drawn with NewRand(seed): the first nCorr inputs correlated
// by c, all at rate (Hz) (see inputs.GroupInputs).
func GroupInputs(n, nCorr, steps int, rate, c, dt float64, seed uint64) [][]bool {
	return inputs.GroupInputs(n, nCorr, steps, rate, c, dt, seed)
}

// GrowthNoise returns the randomness of Level 24 for steps steps and sites
// sites, drawn with NewRand(seed) (see inputs.GrowthNoise).
func GrowthNoise(steps, sites int, seed uint64) (noise, u [][]float64) {
	return inputs.GrowthNoise(steps, sites, seed)
}

// simTol is the tolerance of a result of many steps: the learner's
// arithmetic may group the terms of a step differently.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// clone returns a copy of x, so that a learner's function that writes into
// its argument does not change the case.
func clone(x []float64) []float64 { return append([]float64(nil), x...) }

// clone2 returns a copy of the rows of x.
func clone2(x [][]float64) [][]float64 {
	c := make([][]float64, len(x))
	for i := range x {
		c[i] = clone(x[i])
	}
	return c
}

// compareRows compares matrices row by row within tol.
func compareRows(got, want [][]float64, tol check.Tol) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for k := range want {
		if err := check.CompareSlice(got[k], want[k], tol); err != nil {
			return fmt.Errorf("row %d: %v", k, err)
		}
	}
	return nil
}

// vec writes a vector with 4 significant digits.
func vec(x []float64) string { return fmt.Sprintf("%.4g", x) }
