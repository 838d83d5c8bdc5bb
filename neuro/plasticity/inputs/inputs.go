// Package inputs draws the seeded input data of Project 6's levels: Gaussian
// samples, Poisson spike trains, correlated input groups and the noise of
// structural plasticity. The checker package hands these to learners and
// the references use them, so that one piece of code serves both: it is
// not under neuro/internal, whose functions a graded build stubs out.
package inputs

import (
	"math"
	"math/rand/v2"
)

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
