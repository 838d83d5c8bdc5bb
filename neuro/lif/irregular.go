package lif

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/sim"
)

// This file holds levels 16–25: the intervals between spikes and their
// variability, firing driven by white noise and by Poisson input, spike-
// frequency adaptation, and the two regimes of firing.

// randomTrain draws n sorted spike times (ms) with intervals of 1 to 30 ms,
// rounded to 0.1 ms.
func randomTrain(r *rand.Rand, n int) []float64 {
	spikes := make([]float64, n)
	t := check.Uniform(r, 0, 50)
	for k := range spikes {
		t += check.Uniform(r, 1, 30)
		spikes[k] = math.Round(t*10) / 10
	}
	return spikes
}

type spikesCase struct{ Spikes []float64 }

var isisLevel = check.Register(&check.Level[spikesCase, []float64]{
	Project: Project, Number: 16, Title: "Inter-spike intervals", Func: "ISIs",
	Fixed:  []spikesCase{{[]float64{0, 1, 3, 6, 10}}, {[]float64{12.5, 20}}, {[]float64{7}}, {nil}},
	Random: func(r *rand.Rand) spikesCase { return spikesCase{randomTrain(r, 2+r.IntN(40))} },
	Judge:  check.NearSlice(func(c spikesCase) []float64 { return ref.ISIs(c.Spikes) }, simTol),
	Show:   func(c spikesCase) string { return fmt.Sprintf("spikes at %v ms", c.Spikes) },
	Hint:   "n spikes have n − 1 intervals spikes[k+1] − spikes[k]; fewer than two spikes have none.",
})

// CheckISIs checks Level 16: isis(spikes) returns the intervals (ms) between
// consecutive spike times (ms), none for fewer than two spikes.
func CheckISIs(isis func(spikes []float64) []float64) check.Result {
	return isisLevel.Check(func(in spikesCase) []float64 { return isis(in.Spikes) })
}

type isiCase struct{ ISIs []float64 }

// meanCV is what MeanAndCV returns.
type meanCV struct{ Mean, CV float64 }

var meanAndCVLevel = check.Register(&check.Level[isiCase, meanCV]{
	Project: Project, Number: 17, Title: "Mean interval and coefficient of variation", Func: "MeanAndCV",
	Fixed:  []isiCase{{[]float64{1, 2, 3, 4, 5}}, {[]float64{10, 10, 10}}, {[]float64{2, 40, 7, 95, 13}}},
	Random: func(r *rand.Rand) isiCase { return isiCase{ref.ISIs(randomTrain(r, 4+r.IntN(40)))} },
	Judge: func(c isiCase, got meanCV) error {
		mean, cv := ref.MeanCV(c.ISIs)
		if err := check.Compare(got.Mean, mean, check.Exact); err != nil {
			return fmt.Errorf("the mean: %v", err)
		}
		if err := check.Compare(got.CV, cv, check.Exact); err != nil {
			return fmt.Errorf("the CV: %v", err)
		}
		return nil
	},
	Show: func(c isiCase) string { return fmt.Sprintf("intervals %v ms", c.ISIs) },
	Hint: "CV = standard deviation / mean, with the standard deviation √(Σ(x − mean)²/n), dividing by n " +
		"(not n − 1), and the square root taken.",
})

// CheckMeanAndCV checks Level 17: meanAndCV(isis) returns the mean (ms) of
// the intervals and their coefficient of variation, the standard deviation
// (dividing by the number of intervals) over the mean.
func CheckMeanAndCV(meanAndCV func(isis []float64) (mean, cv float64)) check.Result {
	return meanAndCVLevel.Check(func(in isiCase) meanCV {
		mean, cv := meanAndCV(in.ISIs)
		return meanCV{mean, cv}
	})
}

type noiseCase struct {
	Mean, Sigma, Dt float64
	N               int
	Seed            uint64
}

var noiseCurrentLevel = check.Register(&check.Level[noiseCase, []float64]{
	Project: Project, Number: 18, Title: "A white-noise current", Func: "NoiseCurrent",
	Fixed: []noiseCase{{1.5, 1, 0.1, 500, 1}, {0, 0.5, 0.01, 500, 2}, {-1, 2, 0.25, 500, 3}},
	Random: func(r *rand.Rand) noiseCase {
		dt := check.AnyStep(r, 0.25) // so that σ and σ/√dt differ
		return noiseCase{check.Uniform(r, -1, 3), check.Uniform(r, 0.2, 3), dt, 500, r.Uint64()}
	},
	Judge: func(c noiseCase, got []float64) error {
		if len(got) != c.N {
			return fmt.Errorf("got %d samples, want %d", len(got), c.N)
		}
		// Normal samples: a right answer fails fewer than one check in 1e7
		// (see check.NoiseZ).
		mean, variance := check.MeanVariance(got)
		want := c.Sigma * c.Sigma / c.Dt
		if err := check.WithinSE(mean, c.Mean, check.MeanSE(want, c.N), check.NoiseZ); err != nil {
			return fmt.Errorf("the mean of the samples (nA): %v", err)
		}
		if err := check.WithinSE(variance, want, check.NormalVarianceSE(want, c.N), check.NoiseZ); err != nil {
			return fmt.Errorf("the variance of the samples (nA²), which should be σ²/dt: %v", err)
		}
		return nil
	},
	Show: func(c noiseCase) string {
		return fmt.Sprintf("mean = %.4g nA, σ = %.4g nA·√ms, dt = %g ms, n = %d, seed %d", c.Mean, c.Sigma, c.Dt, c.N, c.Seed)
	},
	Hint: "Each sample is mean + sigma·rng.NormFloat64()/math.Sqrt(dt): divide by √dt, do not multiply.",
})

// CheckNoiseCurrent checks Level 18: noiseCurrent(mean, sigma, dt, n, rng)
// returns n samples (nA) of a white-noise current of the given mean (nA) and
// intensity sigma (nA·√ms) for steps of dt (ms), drawn from rng. The check
// judges the samples' mean and variance.
func CheckNoiseCurrent(noiseCurrent func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64) check.Result {
	return noiseCurrentLevel.Check(func(in noiseCase) []float64 {
		return noiseCurrent(in.Mean, in.Sigma, in.Dt, in.N, check.NewRand(in.Seed))
	})
}

// A noisyRun is a simulation of the default cell with a refractory period
// TRef (ms) under white noise of mean Mean (nA) and intensity Sigma (nA·√ms),
// with steps of Dt until TEnd (ms), drawing the noise from the generator of
// Seed.
type noisyRun struct {
	Mean, Sigma, TRef, Dt, TEnd float64
	Seed                        uint64
}

func (c noisyRun) String() string {
	return fmt.Sprintf("default cell, mean = %.4g nA, σ = %.4g nA·√ms, t_ref = %g ms, dt = %g ms, t_end = %g ms, seed %d",
		c.Mean, c.Sigma, c.TRef, c.Dt, c.TEnd, c.Seed)
}

// spikes returns the reference spike times of the run (ms).
func (c noisyRun) spikes() []float64 {
	return ref.NoisySpikes(ref.Default(), c.Mean, c.Sigma, c.TRef, c.Dt, c.TEnd, check.NewRand(c.Seed))
}

// The noisy runs of the checks last 10 s, hundreds of intervals: long
// enough that the fixed cases tell the noise left unscaled by 1/√dt from
// the right one, by 1.5 to 1.9 times their tolerance (50 s would sharpen the
// statistics √5 times, at five times the cost of every check).
const noisyEnd = 10000

// randomNoisyRun draws a run of the default cell with t_ref = 2 ms,
// dt = 0.1 ms, a mean current from lo to hi (nA) and a noise intensity from
// 0.3 to 3 nA·√ms.
func randomNoisyRun(r *rand.Rand, lo, hi, sigmaLo float64) noisyRun {
	return noisyRun{check.Uniform(r, lo, hi), check.Uniform(r, sigmaLo, 3), 2, 0.1, noisyEnd, r.Uint64()}
}

// The statistics of a noisy run are judged against the reference run with
// the same seed, which a learner who draws the noise as NoiseCurrent does
// matches exactly. A learner whose code draws the random numbers otherwise
// gets an independent run (check.TwoRuns). The standard errors of the spike
// count and the CV of a run are close to check.CountSE and check.CVSE; over
// 200 seeds for each of 13 settings in the ranges of the checks (the fixed
// cases among them), the measured ones were at most 1.09 and 1.22 times
// these in runs of 10 s (1.05 and 1.24 in runs of 50 s), which the factors
// below cover. With check.NoiseZ standard errors, a right answer fails fewer
// than one check in 1e6.
const (
	countSE = 1.2
	cvSE    = 1.5
)

// countTol returns the tolerance (spikes) of the spike count of a run whose
// reference has n spikes with coefficient of variation cv.
func countTol(n int, cv float64) float64 {
	return check.Round3(check.NoiseZ * check.TwoRuns * countSE * check.CountSE(n, cv))
}

// cvTol returns the tolerance of the CV of a run whose reference has n
// spikes with coefficient of variation cv.
func cvTol(n int, cv float64) float64 {
	return check.Round3(check.NoiseZ * check.TwoRuns * cvSE * check.CVSE(n-1, cv))
}

var noisyCVLevel = check.Register(&check.Level[noisyRun, float64]{
	Project: Project, Number: 19, Title: "Irregularity grows with noise", Func: "NoisyCV",
	Fixed:  []noisyRun{{2, 0.3, 2, 0.1, noisyEnd, 1}, {1.6, 3, 2, 0.1, noisyEnd, 2}, {2, 1.5, 2, 0.1, noisyEnd, 3}},
	Random: func(r *rand.Rand) noisyRun { return randomNoisyRun(r, 1.6, 3, 0.3) },
	// One random run: every one costs two simulations of 10 s (the
	// learner's and the reference's), and the fixed ones catch the noise
	// left unscaled.
	Randoms: 1,
	Judge: func(c noisyRun, got float64) error {
		spikes := c.spikes()
		_, cv := ref.MeanCV(ref.ISIs(spikes))
		return check.Compare(got, cv, check.Tol{Abs: cvTol(len(spikes), cv)})
	},
	Show: noisyRun.String,
	Hint: "Draw the current with your NoiseCurrent, one sample per time of the grid (round(tEnd/dt) + 1), " +
		"simulate with your SimulateCurrent, then take your ISIs and MeanAndCV.",
})

// CheckNoisyCV checks Level 19: noisyCV(cell, mean, sigma, tRef, dt, tEnd,
// rng) returns the coefficient of variation of the intervals of the cell with
// refractory period tRef (ms) simulated with steps of dt until tEnd (ms) under
// a white-noise current of the given mean (nA) and intensity sigma (nA·√ms)
// drawn from rng. The checks use the default cell; they judge the CV against
// a reference run within a statistical tolerance.
func CheckNoisyCV(noisyCV func(cell Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64) check.Result {
	return noisyCVLevel.Check(func(in noisyRun) float64 {
		return noisyCV(Default(), in.Mean, in.Sigma, in.TRef, in.Dt, in.TEnd, check.NewRand(in.Seed))
	})
}

var noisyRateLevel = check.Register(&check.Level[noisyRun, float64]{
	Project: Project, Number: 20, Title: "Firing below the rheobase", Func: "NoisyRate",
	Fixed:   []noisyRun{{1.2, 2, 2, 0.1, noisyEnd, 4}, {1, 1.5, 2, 0.1, noisyEnd, 5}, {1.4, 3, 2, 0.1, noisyEnd, 6}},
	Random:  func(r *rand.Rand) noisyRun { return randomNoisyRun(r, 1, 1.4, 1.5) },
	Randoms: 2, // each costs two runs of 10 s, as in NoisyCV
	Judge: func(c noisyRun, got float64) error {
		spikes := c.spikes()
		_, cv := ref.MeanCV(ref.ISIs(spikes))
		perSpike := 1000 / c.TEnd // Hz
		return check.Compare(got, float64(len(spikes))*perSpike, check.Tol{Abs: check.Round3(countTol(len(spikes), cv) * perSpike)})
	},
	Show: noisyRun.String,
	Hint: "Simulate as in NoisyCV and return your FiringRate of the spikes over tEnd, in Hz.",
})

// CheckNoisyRate checks Level 20: noisyRate(cell, mean, sigma, tRef, dt,
// tEnd, rng) returns the firing rate (Hz) of the cell simulated as in
// NoisyCV. The checks use the default cell with a mean current below its
// rheobase; they judge the rate against a reference run within a
// statistical tolerance.
func CheckNoisyRate(noisyRate func(cell Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64) check.Result {
	return noisyRateLevel.Check(func(in noisyRun) float64 {
		return noisyRate(Default(), in.Mean, in.Sigma, in.TRef, in.Dt, in.TEnd, check.NewRand(in.Seed))
	})
}

type poissonCase struct {
	N        int
	Rate, Dt float64
	Steps    int
	Seed     uint64
}

// lambda returns the mean count per step.
func (c poissonCase) lambda() float64 { return float64(c.N) * c.Rate * c.Dt / 1000 }

// The mean and the variance of the counts are judged within check.CountZ
// standard errors. The mean of 2000 counts of mean λ ≥ 0.1 is a Poisson
// count of mean at least 200 over 2000, whose tails 7 standard errors out
// hold less than 1e-9 (by the Chernoff bound); the sample variance, for
// these near-normal sums, about as little: a right answer fails fewer than
// one check in 1e7.

var poissonCountsLevel = check.Register(&check.Level[poissonCase, []int]{
	Project: Project, Number: 21, Title: "Poisson input counts per step", Func: "PoissonCounts",
	Fixed: []poissonCase{{1000, 5, 0.1, 2000, 1}, {200, 20, 0.1, 2000, 2}, {800, 50, 0.1, 2000, 3}},
	Random: func(r *rand.Rand) poissonCase {
		for {
			c := poissonCase{10 + r.IntN(2000), check.Uniform(r, 1, 50), check.AnyStep(r, 0.5), 2000, r.Uint64()}
			if l := c.lambda(); l >= 0.1 && l <= 5 {
				return c
			}
		}
	},
	Judge: func(c poissonCase, got []int) error {
		if len(got) != c.Steps {
			return fmt.Errorf("got %d counts, want %d", len(got), c.Steps)
		}
		x := make([]float64, len(got))
		for k, n := range got {
			if n < 0 {
				return fmt.Errorf("count %d is negative: %d", k, n)
			}
			x[k] = float64(n)
		}
		mean, variance := check.MeanVariance(x)
		l := c.lambda()
		if err := check.WithinSE(mean, l, check.MeanSE(l, c.Steps), check.CountZ); err != nil {
			return fmt.Errorf("the mean count, which should be λ = n·rate·dt/1000: %v", err)
		}
		// A Poisson count of mean λ has variance λ and fourth central
		// moment λ + 3λ².
		if err := check.WithinSE(variance, l, check.VarianceSE(l, l+3*l*l, c.Steps), check.CountZ); err != nil {
			return fmt.Errorf("the variance of the counts, which should be λ as for a Poisson count: %v", err)
		}
		return nil
	},
	Show: func(c poissonCase) string {
		return fmt.Sprintf("n = %d inputs at %.4g Hz, dt = %g ms, %d steps, seed %d", c.N, c.Rate, c.Dt, c.Steps, c.Seed)
	},
	Hint: "The mean count per step is λ = n·rate·dt/1000 (rate in Hz, dt in ms). Draw each count by multiplying " +
		"rng.Float64() numbers until the product is at most e^(−λ); the count is how many factors it took, minus one.",
})

// CheckPoissonCounts checks Level 21: poissonCounts(n, rate, dt, steps, rng)
// returns, for each of steps steps of dt (ms), the number of spikes of n
// independent Poisson neurons firing at rate (Hz), drawn from rng. The check
// judges the counts' mean and variance.
func CheckPoissonCounts(poissonCounts func(n int, rate, dt float64, steps int, rng *rand.Rand) []int) check.Result {
	return poissonCountsLevel.Check(func(in poissonCase) []int {
		return poissonCounts(in.N, in.Rate, in.Dt, in.Steps, check.NewRand(in.Seed))
	})
}

// A poissonRun is a simulation of Cell with a refractory period TRef (ms)
// driven by NE excitatory inputs firing at RateE (Hz), each spike bringing a
// charge QE (pC), and NI inhibitory ones at RateI taking QI, with steps of Dt
// until TEnd (ms); the counts per step, which Prepare draws, come from the
// generator of Seed.
type poissonRun struct {
	Cell             Cell
	NE               int
	RateE, QE        float64
	NI               int
	RateI, QI, TRef  float64
	Dt, TEnd         float64
	Seed             uint64
	CountsE, CountsI []int `check:"derived"`
}

// drawCounts fills in the run's excitatory and inhibitory counts.
func drawCounts(c poissonRun) poissonRun {
	rng, n := check.NewRand(c.Seed), sim.Steps(c.TEnd, c.Dt)+1
	c.CountsE, c.CountsI = ref.PoissonCounts(c.NE, c.RateE, c.Dt, n, rng), ref.PoissonCounts(c.NI, c.RateI, c.Dt, n, rng)
	return c
}

func (c poissonRun) String() string {
	return fmt.Sprintf("%v, %d excitatory inputs at %.4g Hz of %.4g pC, %d inhibitory at %.4g Hz of %.4g pC, "+
		"t_ref = %.3g ms, dt = %g ms, t_end = %g ms, seed %d",
		c.Cell, c.NE, c.RateE, c.QE, c.NI, c.RateI, c.QI, c.TRef, c.Dt, c.TEnd, c.Seed)
}

var poissonDrivenLevel = check.Register(&check.Level[poissonRun, trace]{
	Project: Project, Number: 22, Title: "Driven by balanced Poisson input", Func: "PoissonDriven",
	Fixed: []poissonRun{
		{Default(), 800, 10, 0.5, 200, 20, 0.75, 2, 0.1, 100, 1, nil, nil},
		{Default(), 800, 10, 0.5, 200, 20, 0.5, 2, 0.1, 100, 2, nil, nil},
	},
	Prepare: drawCounts,
	Random: func(r *rand.Rand) poissonRun {
		return poissonRun{Default(), 400 + r.IntN(800), check.Uniform(r, 5, 15), check.Uniform(r, 0.2, 0.6),
			100 + r.IntN(200), check.Uniform(r, 10, 30), check.Uniform(r, 0.3, 1.2), 2, 0.1, 100, r.Uint64(), nil, nil}
	},
	Randoms: 3,
	Judge: judgeTrace(func(c poissonRun) trace {
		v, spikes := ref.PoissonDriven(ref.Cell(c.Cell), c.CountsE, c.CountsI, c.QE, c.QI, c.TRef, c.Dt)
		return trace{v, spikes}
	}),
	Show: func(c poissonRun) string { return "the Poisson counts of " + c.String() },
	Hint: "In step k the current is (qE·countsE[k] − qI·countsI[k])/dt in nA (pC per ms): each input spike " +
		"delivers its charge within one step. Simulate with your SimulateCurrent.",
})

// CheckPoissonDriven checks Level 22: poissonDriven(cell, countsE, countsI,
// qE, qI, tRef, dt) returns the membrane potential (mV) and the spike times
// (ms) of the cell with refractory period tRef (ms), simulated as in
// SimulateCurrent, when in step k countsE[k] excitatory input spikes each
// bring a charge qE (pC) into it and countsI[k] inhibitory ones each take qI
// (pC) out.
func CheckPoissonDriven(poissonDriven func(cell Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64)) check.Result {
	return poissonDrivenLevel.Check(func(in poissonRun) trace {
		v, spikes := poissonDriven(in.Cell, in.CountsE, in.CountsI, in.QE, in.QI, in.TRef, in.Dt)
		return trace{v, spikes}
	})
}

type histogramCase struct {
	ISIs     []float64
	BinWidth float64
	Bins     int
}

var isiHistogramLevel = check.Register(&check.Level[histogramCase, []int]{
	Project: Project, Number: 23, Title: "The ISI histogram", Func: "ISIHistogram",
	Fixed: []histogramCase{
		{[]float64{0.2, 1, 1.5, 2.99, 3, 10}, 1, 3},
		{[]float64{12.3, 14.9, 13.1, 25, 7.2, 13.8}, 5, 4},
	},
	Random: func(r *rand.Rand) histogramCase {
		c := histogramCase{BinWidth: []float64{0.5, 1, 2, 5}[r.IntN(4)], Bins: 5 + r.IntN(30)}
		for len(c.ISIs) < 20+r.IntN(100) {
			x := math.Round(r.ExpFloat64()*c.BinWidth*float64(c.Bins)/3*1000) / 1000
			if _, frac := math.Modf(x / c.BinWidth); frac > 1e-6 && frac < 1-1e-6 {
				c.ISIs = append(c.ISIs, x) // away from the edges of the bins
			}
		}
		return c
	},
	Judge: func(c histogramCase, got []int) error {
		if want := ref.ISIHistogram(c.ISIs, c.BinWidth, c.Bins); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	},
	Show: func(c histogramCase) string {
		return fmt.Sprintf("intervals %v ms, bins of %g ms, %d bins", c.ISIs, c.BinWidth, c.Bins)
	},
	Hint: "Bin k counts the intervals x with k·w ≤ x < (k+1)·w, so k = int(math.Floor(x/w)); " +
		"leave out intervals past the last bin.",
})

// CheckISIHistogram checks Level 23: isiHistogram(isis, binWidth, bins)
// returns the number of intervals (ms) in each of bins bins of width binWidth
// (ms): bin k counts the intervals from k·binWidth up to, but not including,
// (k+1)·binWidth. Longer intervals are not counted.
func CheckISIHistogram(isiHistogram func(isis []float64, binWidth float64, bins int) []int) check.Result {
	return isiHistogramLevel.Check(func(in histogramCase) []int { return isiHistogram(in.ISIs, in.BinWidth, in.Bins) })
}

// An adaptingRun is a simulation of Cell under a constant current I (nA)
// with an adaptation current that jumps by B (nA) at each spike and decays
// with time constant TauW (ms), with steps of Dt until TEnd (ms).
type adaptingRun struct {
	Cell                 Cell
	I, B, TauW, Dt, TEnd float64
}

var simulateAdaptingLevel = check.Register(&check.Level[adaptingRun, trace]{
	Project: Project, Number: 24, Title: "Spike-frequency adaptation", Func: "SimulateAdapting",
	Fixed: []adaptingRun{{Default(), 3, 0.5, 100, 0.1, 150}, {otherCell, 2, 0.2, 50, 0.05, 60}},
	Random: func(r *rand.Rand) adaptingRun {
		c := randomCell(r)
		tau := c.R * c.C
		tEnd := math.Ceil(10 * tau)
		return adaptingRun{c, c.rheobase() * check.Uniform(r, 1.5, 4), c.rheobase() * check.Uniform(r, 0.05, 0.5),
			tau * check.Uniform(r, 2, 10), check.TimeStep(r, tau, tEnd), tEnd}
	},
	Randoms: 3,
	Judge: judgeTrace(func(c adaptingRun) trace {
		v, spikes := ref.SimulateAdapting(ref.Cell(c.Cell), c.I, c.B, c.TauW, c.Dt, c.TEnd)
		return trace{v, spikes}
	}),
	Show: func(c adaptingRun) string {
		return fmt.Sprintf("%v, I = %.4g nA, b = %.4g nA, τ_w = %.4g ms, dt = %g ms, t_end = %g ms",
			c.Cell, c.I, c.B, c.TauW, c.Dt, c.TEnd)
	},
	Hint: "In each step, take your LIFStep with the current I − w, then let w decay by dt·w/τ_w " +
		"(both from the values at the start of the step), and add b to w if the cell fired.",
})

// CheckSimulateAdapting checks Level 24: simulateAdapting(cell, i, b, tauW,
// dt, tEnd) returns the membrane potential (mV) at the times of the grid 0,
// dt, …, tEnd (ms) and the spike times (ms) of the cell starting at rest
// under a constant current i (nA) less an adaptation current w (nA), which
// decays with time constant tauW (ms) and grows by b (nA) at each spike.
func CheckSimulateAdapting(simulateAdapting func(cell Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64)) check.Result {
	return simulateAdaptingLevel.Check(func(in adaptingRun) trace {
		v, spikes := simulateAdapting(in.Cell, in.I, in.B, in.TauW, in.Dt, in.TEnd)
		return trace{v, spikes}
	})
}

// The regimes Regime tells apart, as it must spell them.
const (
	MeanDriven        = ref.MeanDriven
	FluctuationDriven = ref.FluctuationDriven
	Silent            = ref.Silent
)

// randomRegime draws the spike train of the default cell over 2 s under
// noise, in one of the two regimes, whose CV is clearly on its side of
// ref.IrregularCV.
func randomRegime(r *rand.Rand) spikesCase {
	for {
		var c noisyRun
		if r.IntN(2) == 0 {
			c = noisyRun{check.Uniform(r, 2, 3), check.Uniform(r, 0.2, 0.8), 2, 0.1, 2000, r.Uint64()}
		} else {
			c = noisyRun{check.Uniform(r, 0.8, 1.2), check.Uniform(r, 2, 3), 2, 0.1, 2000, r.Uint64()}
		}
		spikes := c.spikes()
		if len(spikes) < 3 {
			continue
		}
		if _, cv := ref.MeanCV(ref.ISIs(spikes)); math.Abs(cv-ref.IrregularCV) > 0.1 {
			return spikesCase{spikes}
		}
	}
}

var regimeLevel = check.Register(&check.Level[spikesCase, string]{
	Project: Project, Number: 25, Title: "Mean-driven or fluctuation-driven", Func: "Regime",
	Fixed: []spikesCase{
		{[]float64{10, 20, 30.5, 40, 50.2, 60}},
		{[]float64{3, 4, 40, 41.5, 120, 122, 300}},
		{[]float64{5, 50}},
	},
	Random:  randomRegime,
	Randoms: 6,
	Judge:   check.Equal(func(c spikesCase) string { return ref.Regime(c.Spikes) }),
	Show:    func(c spikesCase) string { return fmt.Sprintf("spikes at %.5g ms", c.Spikes) },
	Hint: fmt.Sprintf(`fewer than 3 spikes: %q; otherwise %q if the CV of the intervals is at least %g, `+
		`and %q if it is less.`, Silent, FluctuationDriven, ref.IrregularCV, MeanDriven),
})

// CheckRegime checks Level 25: regime(spikes) returns "silent" for fewer than
// three spike times (ms), and otherwise "fluctuation-driven" if the
// coefficient of variation of the intervals is at least 0.5 and
// "mean-driven" if it is less.
func CheckRegime(regime func(spikes []float64) string) check.Result {
	return regimeLevel.Check(func(in spikesCase) string { return regime(in.Spikes) })
}
