package decoding

import (
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/internal/coding"
)

// This file holds the population of Project 7 on a circle of directions,
// and the decoders of levels 1–8, 24 and 25.

// Wrap returns the signed difference a − b of two directions (degrees),
// wrapped into [−180, 180).
func Wrap(a, b float64) float64 {
	d := math.Mod(a-b+180, 360)
	if d < 0 {
		d += 360
	}
	return d - 180
}

// CircularRates returns the rate (Hz) of each neuron with preferred
// direction prefs[i] (deg) at the direction s (deg): Project 7's
// GaussianTuning of the wrapped difference s − prefs[i], so that 350° and
// 10° are 20° apart.
func CircularRates(s float64, prefs []float64, width, base, amp float64) []float64 {
	r := make([]float64, len(prefs))
	for i, p := range prefs {
		r[i] = coding.GaussianTuning(p+Wrap(s, p), p, width, base, amp)
	}
	return r
}

// MeanCounts returns the expected count (spikes) of each neuron over a
// window (ms) at each direction of the grid (deg): means[j][i] is neuron
// i's rate at grid[j] times window/1000.
func MeanCounts(grid, prefs []float64, width, base, amp, window float64) [][]float64 {
	means := make([][]float64, len(grid))
	for j, s := range grid {
		means[j] = CircularRates(s, prefs, width, base, amp)
		for i := range means[j] {
			means[j][i] *= window / 1000
		}
	}
	return means
}

// Counts returns a Poisson count (spikes) of each mean, drawn in order by
// Project 7's PoissonCount from rng.
func Counts(means []float64, rng *rand.Rand) []float64 {
	n := make([]float64, len(means))
	for i, m := range means {
		n[i] = float64(coding.PoissonCount(m, rng))
	}
	return n
}

// CenterOfMass returns the count-weighted mean of the preferred stimuli
// (deg): Σ counts[i]·prefs[i] / Σ counts[i]. It treats the stimuli as a
// line, not a circle; with no spikes it is NaN.
func CenterOfMass(counts, prefs []float64) float64 {
	var num, den float64
	for i, n := range counts {
		num += n * prefs[i]
		den += n
	}
	return num / den
}

// WinnerTakeAll returns the preferred stimulus (deg) of the neuron with the
// largest count, the first of equals.
func WinnerTakeAll(counts, prefs []float64) float64 {
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return prefs[best]
}

// LogLikelihood returns the Poisson log-likelihood (natural log) of the
// counts given their means (spikes), without the term −Σ log(n_i!) that
// does not depend on the stimulus: Σ n_i·log μ_i − μ_i. A term with
// n_i = 0 is −μ_i whatever μ_i.
func LogLikelihood(counts, means []float64) float64 {
	l := 0.0
	for i, n := range counts {
		if n != 0 {
			l += n * math.Log(means[i])
		}
		l -= means[i]
	}
	return l
}

// MLDecode returns the direction of the grid (deg) whose mean counts
// means[j] give the counts the largest LogLikelihood, the first of equals.
func MLDecode(counts, grid []float64, means [][]float64) float64 {
	return MAPDecode(counts, grid, means, nil)
}

// MAPDecode returns the direction of the grid (deg) that maximises
// LogLikelihood(counts, means[j]) + log prior[j], the first of equals; a nil
// prior is flat.
func MAPDecode(counts, grid []float64, means [][]float64, prior []float64) float64 {
	best, bestL := 0, math.Inf(-1)
	for j := range grid {
		l := LogLikelihood(counts, means[j])
		if prior != nil {
			l += math.Log(prior[j])
		}
		if l > bestL {
			best, bestL = j, l
		}
	}
	return grid[best]
}

// RMSError returns the root-mean-square circular error (deg) of estimates
// of the directions truths (deg): √(mean AngleError²).
func RMSError(estimates, truths []float64) float64 {
	s := 0.0
	for k, e := range estimates {
		d := AngleError(e, truths[k])
		s += d * d
	}
	return math.Sqrt(s / float64(len(estimates)))
}

// DecodeTrace returns the PopulationVector (deg) of the counts summed over
// the window bins ending at each time bin: bins t − window + 1 … t, those
// before the first bin left out. counts[t][i] is neuron i's count in bin t.
func DecodeTrace(counts [][]float64, prefs []float64, window int) []float64 {
	out := make([]float64, len(counts))
	sum := make([]float64, len(prefs))
	for t := range counts {
		for i := range sum {
			sum[i] = 0
			for k := max(0, t-window+1); k <= t; k++ {
				sum[i] += counts[k][i]
			}
		}
		out[t] = PopulationVector(sum, prefs)
	}
	return out
}

// MLError returns the RMS circular error (deg) of MLDecode on the grid over
// trials trials of the population's counts over a window (ms) at the
// direction s (deg), each drawn by Counts from rng.
func MLError(s float64, prefs []float64, width, base, amp, window float64, grid []float64, trials int, rng *rand.Rand) float64 {
	errs := MLErrors(s, prefs, width, base, amp, window, grid, trials, rng)
	sum := 0.0
	for _, e := range errs {
		sum += e * e
	}
	return math.Sqrt(sum / float64(trials))
}

// MLErrors returns the circular errors (deg) of the trials of MLError. It
// precomputes the log means, so it is fast enough for a judge.
func MLErrors(s float64, prefs []float64, width, base, amp, window float64, grid []float64, trials int, rng *rand.Rand) []float64 {
	means := MeanCounts(grid, prefs, width, base, amp, window)
	logs := make([][]float64, len(grid))
	sums := make([]float64, len(grid))
	for j, m := range means {
		logs[j] = make([]float64, len(m))
		for i, v := range m {
			logs[j][i] = math.Log(v)
			sums[j] += v
		}
	}
	truth := MeanCounts([]float64{s}, prefs, width, base, amp, window)[0]
	errs := make([]float64, trials)
	var fired []int // the neurons with a count, in order
	for k := range errs {
		n := Counts(truth, rng)
		fired = fired[:0]
		for i, c := range n {
			if c != 0 {
				fired = append(fired, i)
			}
		}
		best, bestL := 0, math.Inf(-1)
		for j := range grid {
			l, lj := -sums[j], logs[j]
			for _, i := range fired {
				l += n[i] * lj[i]
			}
			if l > bestL {
				best, bestL = j, l
			}
		}
		errs[k] = AngleError(grid[best], s)
	}
	return errs
}
