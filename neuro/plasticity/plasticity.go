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
// The helpers learners call (DefaultSTDP, Samples, PoissonTrain,
// GroupInputs, GrowthNoise) are written here, not taken from the
// references: while grading no reference is linked. Tests tie them to the
// references.
package plasticity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
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
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x706c6173746963)) }

// Samples returns n zero-mean Gaussian vectors of covariance cov, drawn
// with NewRand(seed): L·z with L the Cholesky factor of cov and z standard
// normal.
func Samples(cov [][]float64, n int, seed uint64) [][]float64 {
	d := len(cov)
	l := make([][]float64, d)
	for i := range d {
		l[i] = make([]float64, d)
		for j := 0; j <= i; j++ {
			s := cov[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	rng := NewRand(seed)
	xs := make([][]float64, n)
	z := make([]float64, d)
	for k := range xs {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		x := make([]float64, d)
		for i := range d {
			for j := 0; j <= i; j++ {
				x[i] += l[i][j] * z[j]
			}
		}
		xs[k] = x
	}
	return xs
}

// PoissonTrain returns the spike times (ms) of a Poisson process of rate
// (Hz) from 0 to duration (ms), by exponential intervals drawn from rng.
func PoissonTrain(rate, duration float64, rng *rand.Rand) []float64 {
	var spikes []float64
	for t := rng.ExpFloat64() * 1000 / rate; t < duration; t += rng.ExpFloat64() * 1000 / rate {
		spikes = append(spikes, t)
	}
	return spikes
}

// GroupInputs returns whether each of n inputs fires in each of steps steps
// of dt (ms), drawn with NewRand(seed); every input fires at rate (Hz). The
// first nCorr inputs are correlated: in each step a common event occurs
// with probability c·rate·dt/1000 and all of them fire with it; besides,
// each fires on its own with probability (1 − c)·rate·dt/1000. The others
// fire independently with probability rate·dt/1000.
func GroupInputs(n, nCorr, steps int, rate, c, dt float64, seed uint64) [][]bool {
	rng := NewRand(seed)
	p := rate * dt / 1000
	spikes := make([][]bool, n)
	for i := range spikes {
		spikes[i] = make([]bool, steps)
	}
	for k := range steps {
		common := rng.Float64() < c*p
		for i := range n {
			if i < nCorr {
				spikes[i][k] = common || rng.Float64() < (1-c)*p
			} else {
				spikes[i][k] = rng.Float64() < p
			}
		}
	}
	return spikes
}

// GrowthNoise returns, for each of steps steps and each of sites sites, a
// standard normal number (noise) and a number uniform in [0, 1) (u), drawn
// with NewRand(seed): the randomness of Level 24.
func GrowthNoise(steps, sites int, seed uint64) (noise, u [][]float64) {
	rng := NewRand(seed)
	noise, u = make([][]float64, steps), make([][]float64, steps)
	for t := range steps {
		noise[t], u[t] = make([]float64, sites), make([]float64, sites)
		for i := range sites {
			noise[t][i] = rng.NormFloat64()
			u[t][i] = rng.Float64()
		}
	}
	return noise, u
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
