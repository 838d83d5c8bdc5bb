package coding

import (
	"fmt"
	"math"

	"github.com/neurogo/course/neuro/check"
)

// stimulusStream is the PCG stream the checks draw a case's white-noise
// stimulus from; the learner's generator is check.NewRand of the case's seed.
const stimulusStream = 70

// withinSE returns nil if got is within check.CountZ standard errors se of
// want, and otherwise an error that names the statistic and both values.
//
// CountZ is a little more than check.NoiseZ because Poisson counts have a
// heavier upper tail than a normal. Each statistic judged is a sum of
// hundreds to thousands of independent terms (counts of Poisson or
// Bernoulli spikes, squared deviations), close to normal, beyond 7 standard
// errors of which lies 2.6e-12. The counts judged have means of at least
// 50; for a Poisson count of mean 50 the Chernoff bound puts at most 6e-9
// beyond 7 standard errors, and a binomial count is tighter still. The
// dispersion Σ(n − μ)²/μ of 300 or more Poisson counts (Level 22) is close
// to a chi-square of as many degrees of freedom, whose tail beyond 7
// standard errors holds about 1e-9 (Wilson–Hilferty). A level judges at
// most a dozen statistics per case and 8 cases, so a right answer fails a
// check with a probability below 1e-6.
func withinSE(what string, got, want, se float64) error {
	if err := check.WithinSE(got, want, se, check.CountZ); err != nil {
		return fmt.Errorf("%s: %v", what, err)
	}
	return nil
}

// cvOf returns the coefficient of variation of the intervals between
// consecutive spike times: their standard deviation (dividing by their
// number) over their mean; NaN for fewer than two intervals.
func cvOf(spikes []float64) float64 {
	if len(spikes) < 3 {
		return math.NaN()
	}
	isis := make([]float64, len(spikes)-1)
	for k := range isis {
		isis[k] = spikes[k+1] - spikes[k]
	}
	mean, variance := check.MeanVariance(isis)
	n := float64(len(isis))
	return math.Sqrt(variance*(n-1)/n) / mean
}

// cvSE returns the standard error of the CV of n independent intervals that
// are a dead time plus an exponential, with true CV c (c = 1: no dead
// time). By the delta method on s²/m², with the exponential's moments,
// Var(CV) = c²·(2 − 2c + c²)/n.
func cvSE(c float64, n int) float64 { return c * math.Sqrt((2-2*c+c*c)/float64(n)) }

// judgeTimes checks that spike times are increasing and within [0, tEnd).
func judgeTimes(spikes []float64, tEnd float64) error {
	for k, t := range spikes {
		if t < 0 || t >= tEnd || math.IsNaN(t) {
			return fmt.Errorf("spike %d is at %.5g ms, outside [0, %g) ms", k, t, tEnd)
		}
		if k > 0 && t < spikes[k-1] {
			return fmt.Errorf("the spike times are not in order: %.5g ms after %.5g ms", t, spikes[k-1])
		}
	}
	return nil
}

// A trainOut is a binary train as a check records it: its length and the
// indices of the bins that hold a spike.
type trainOut struct {
	Bins   int
	Spikes []int
}

func compact(train []bool) trainOut {
	out := trainOut{Bins: len(train)}
	for k, s := range train {
		if s {
			out.Spikes = append(out.Spikes, k)
		}
	}
	return out
}

// roundTimes rounds spike times (ms) to 0.1 µs, which keeps them in order
// and shortens the check's record of long trains.
func roundTimes(spikes []float64) []float64 {
	for k, t := range spikes {
		spikes[k] = math.Round(t*1e4) / 1e4
	}
	return spikes
}
