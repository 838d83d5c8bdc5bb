package coding

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/coding"
)

// This file holds levels 11–17: Poisson spike trains drawn two ways, the
// statistics of their counts and intervals, dead time, and the
// inhomogeneous Poisson process. Every level takes a generator and is
// judged in standard errors (see withinSE).

type binsCase struct {
	Rate, Dt, TEnd float64
	Seed           uint64
}

var poissonTrainLevel = check.Register(&check.Level[binsCase, trainOut]{
	Project: Project, Number: 11, Title: "Homogeneous Poisson train by bins", Func: "PoissonTrain",
	Fixed: []binsCase{{20, 1, 10000, 1}, {50, 0.1, 5000, 2}, {100, 0.5, 3000, 3}},
	Random: func(r *rand.Rand) binsCase {
		rate := check.Uniform(r, 20, 150)
		return binsCase{rate, []float64{0.1, 0.5, 1, 2}[r.IntN(4)], math.Ceil(300000 / rate), r.Uint64()}
	},
	Randoms: 2,
	Judge: func(c binsCase, got trainOut) error {
		n := int(math.Round(c.TEnd / c.Dt))
		if got.Bins != n {
			return fmt.Errorf("got %d bins, want round(tEnd/dt) = %d", got.Bins, n)
		}
		// The count is binomial: n bins, each a spike with probability p.
		p := c.Rate * c.Dt / 1000
		if err := withinSE("the number of spikes", float64(len(got.Spikes)), float64(n)*p, math.Sqrt(float64(n)*p*(1-p))); err != nil {
			return err
		}
		// The spikes in the first half and in the second: as many of each.
		first := 0
		for _, k := range got.Spikes {
			if k < n/2 {
				first++
			}
		}
		return withinSE("the number of spikes in the first half", float64(first), float64(n/2)*p, math.Sqrt(float64(n/2)*p*(1-p)))
	},
	Show: func(c binsCase) string {
		return fmt.Sprintf("rate = %.4g Hz, dt = %g ms, t_end = %g ms, seed %d", c.Rate, c.Dt, c.TEnd, c.Seed)
	},
	Hint: "Each bin holds a spike with probability p = rate·dt/1000 (rate in Hz is spikes per 1000 ms): " +
		"train[k] = rng.Float64() < p.",
})

// CheckPoissonTrain checks Level 11: poissonTrain(rate, dt, tEnd, rng)
// returns a homogeneous Poisson train of the rate (Hz) as a binary array of
// round(tEnd/dt) bins of dt (ms), each bin drawn from rng on its own. The
// check judges the number of spikes, overall and in the first half.
func CheckPoissonTrain(poissonTrain func(rate, dt, tEnd float64, rng *rand.Rand) []bool) check.Result {
	return poissonTrainLevel.Check(func(in binsCase) trainOut {
		return compact(poissonTrain(in.Rate, in.Dt, in.TEnd, check.NewRand(in.Seed)))
	})
}

type spikesCase struct {
	Rate, TEnd float64
	Seed       uint64
}

func (c spikesCase) String() string {
	return fmt.Sprintf("rate = %.4g Hz, t_end = %g ms, seed %d", c.Rate, c.TEnd, c.Seed)
}

// randomSpikesCase draws a rate and a duration that give about 2000 spikes.
func randomSpikesCase(r *rand.Rand) spikesCase {
	rate := check.Uniform(r, 10, 200)
	return spikesCase{rate, math.Ceil(2e6 / rate), r.Uint64()}
}

var poissonSpikesLevel = check.Register(&check.Level[spikesCase, []float64]{
	Project: Project, Number: 12, Title: "Poisson train by exponential intervals", Func: "PoissonSpikes",
	Fixed:   []spikesCase{{20, 100000, 1}, {100, 20000, 2}},
	Random:  randomSpikesCase,
	Randoms: 2,
	Judge: func(c spikesCase, got []float64) error {
		if err := judgeTimes(got, c.TEnd); err != nil {
			return err
		}
		mu := c.Rate * c.TEnd / 1000
		if err := withinSE("the number of spikes", float64(len(got)), mu, math.Sqrt(mu)); err != nil {
			return err
		}
		// Intervals of a Poisson process are exponential: CV 1.
		return withinSE("the CV of the intervals", cvOf(got), 1, cvSE(1, int(mu)-1))
	},
	Show: spikesCase.String,
	Hint: "Each interval is rng.ExpFloat64() (mean 1) times the mean interval 1000/rate ms; add intervals " +
		"from t = 0 and keep the times below tEnd.",
})

// CheckPoissonSpikes checks Level 12: poissonSpikes(rate, tEnd, rng) returns
// the spike times (ms), in order, before tEnd (ms) of a Poisson process of
// the rate (Hz), built by adding exponential intervals drawn from rng. The
// check judges the number of spikes and the CV of the intervals.
func CheckPoissonSpikes(poissonSpikes func(rate, tEnd float64, rng *rand.Rand) []float64) check.Result {
	return poissonSpikesLevel.Check(func(in spikesCase) []float64 {
		return roundTimes(poissonSpikes(in.Rate, in.TEnd, check.NewRand(in.Seed)))
	})
}

type countsCase struct {
	Rate, Window float64
	Trials       int
	Seed         uint64
}

var poissonCountsLevel = check.Register(&check.Level[countsCase, []int]{
	Project: Project, Number: 13, Title: "Count mean ≈ variance", Func: "PoissonCounts",
	Fixed: []countsCase{{20, 500, 1000, 1}, {40, 100, 1000, 2}, {5, 1000, 2000, 3}},
	Random: func(r *rand.Rand) countsCase {
		return countsCase{check.Uniform(r, 5, 100), []float64{100, 200, 500, 1000}[r.IntN(4)], 1000, r.Uint64()}
	},
	Randoms: 2,
	Judge: func(c countsCase, got []int) error {
		if len(got) != c.Trials {
			return fmt.Errorf("got %d counts, want one per trial, %d", len(got), c.Trials)
		}
		x := make([]float64, len(got))
		for k, n := range got {
			if n < 0 {
				return fmt.Errorf("count %d is negative: %d", k, n)
			}
			x[k] = float64(n)
		}
		mean, variance := check.MeanVariance(x)
		l, n := c.Rate*c.Window/1000, float64(c.Trials)
		if err := withinSE("the mean count", mean, l, math.Sqrt(l/n)); err != nil {
			return fmt.Errorf("%v: want λ = rate·window/1000", err)
		}
		// The sample variance of n Poisson counts of mean λ has variance
		// λ/n + 2λ²/(n − 1).
		if err := withinSE("the variance of the counts", variance, l, math.Sqrt(l/n+2*l*l/(n-1))); err != nil {
			return fmt.Errorf("%v: a Poisson count's variance equals its mean", err)
		}
		return nil
	},
	Show: func(c countsCase) string {
		return fmt.Sprintf("rate = %.4g Hz, window = %g ms, %d trials, seed %d", c.Rate, c.Window, c.Trials, c.Seed)
	},
	Hint: "For each trial draw a new train with your PoissonSpikes(rate, window, rng) and count its spikes: len(spikes).",
})

// CheckPoissonCounts checks Level 13: poissonCounts(rate, window, trials,
// rng) returns the spike count of each of trials Poisson trains of the rate
// (Hz) over a window (ms), drawn from rng. The check judges the counts' mean
// and variance.
func CheckPoissonCounts(poissonCounts func(rate, window float64, trials int, rng *rand.Rand) []int) check.Result {
	return poissonCountsLevel.Check(func(in countsCase) []int {
		return poissonCounts(in.Rate, in.Window, in.Trials, check.NewRand(in.Seed))
	})
}

type fanoCase struct{ Counts []int }

var fanoFactorLevel = check.Register(&check.Level[fanoCase, float64]{
	Project: Project, Number: 14, Title: "Fano factor", Func: "FanoFactor",
	Fixed: []fanoCase{{[]int{3, 5, 4, 8, 10}}, {[]int{10, 10, 11, 9, 10, 10}}, {[]int{0, 0, 12, 1, 20, 0, 3}}},
	Random: func(r *rand.Rand) fanoCase {
		c := fanoCase{make([]int, 20+r.IntN(200))}
		mean := check.Uniform(r, 2, 30)
		for k := range c.Counts {
			c.Counts[k] = ref.PoissonCount(mean*check.Uniform(r, 0.5, 1.5), r)
		}
		return c
	},
	Judge: check.Near(func(c fanoCase) float64 { return ref.FanoFactor(c.Counts) }, tol),
	Show:  func(c fanoCase) string { return fmt.Sprintf("counts %v", c.Counts) },
	Hint: "F = variance/mean, the variance Σ(n − mean)²/(N − 1) over the N trials, not the standard " +
		"deviation: no square root.",
})

// CheckFanoFactor checks Level 14: fanoFactor(counts) returns the Fano
// factor of spike counts over trials: their sample variance (dividing by
// the number of trials minus one) over their mean.
func CheckFanoFactor(fanoFactor func(counts []int) float64) check.Result {
	return fanoFactorLevel.Check(func(in fanoCase) float64 { return fanoFactor(in.Counts) })
}

var poissonCVLevel = check.Register(&check.Level[spikesCase, float64]{
	Project: Project, Number: 15, Title: "ISI CV ≈ 1 for Poisson", Func: "PoissonCV",
	Fixed:   []spikesCase{{20, 100000, 1}, {100, 20000, 2}, {50, 60000, 3}},
	Random:  randomSpikesCase,
	Randoms: 3,
	Judge: func(c spikesCase, got float64) error {
		return withinSE("the CV", got, 1, cvSE(1, int(c.Rate*c.TEnd/1000)-1))
	},
	Show: spikesCase.String,
	Hint: "Draw the spikes with your PoissonSpikes, take the intervals between consecutive spikes, and return " +
		"their standard deviation (dividing by their number) over their mean: a number without units.",
})

// CheckPoissonCV checks Level 15: poissonCV(rate, tEnd, rng) returns the
// coefficient of variation of the intervals of a Poisson train of the rate
// (Hz) until tEnd (ms) drawn by the learner's PoissonSpikes from rng: their
// standard deviation over their mean. The check judges it against 1 in
// standard errors.
func CheckPoissonCV(poissonCV func(rate, tEnd float64, rng *rand.Rand) float64) check.Result {
	return poissonCVLevel.Check(func(in spikesCase) float64 { return poissonCV(in.Rate, in.TEnd, check.NewRand(in.Seed)) })
}

type deadCase struct {
	Rate, DeadTime, TEnd float64
	Seed                 uint64
}

var deadTimeSpikesLevel = check.Register(&check.Level[deadCase, []float64]{
	Project: Project, Number: 16, Title: "Dead time makes firing more regular", Func: "DeadTimeSpikes",
	Fixed: []deadCase{{100, 2, 25000, 1}, {100, 5, 25000, 2}, {50, 8, 50000, 3}},
	Random: func(r *rand.Rand) deadCase {
		rate := check.Uniform(r, 20, 150)
		return deadCase{rate, math.Round(check.Uniform(r, 0.2, 0.6)*1000/rate*10) / 10, math.Ceil(2e6 / rate), r.Uint64()}
	},
	Randoms: 2,
	Judge: func(c deadCase, got []float64) error {
		if err := judgeTimes(got, c.TEnd); err != nil {
			return err
		}
		cv := 1 - c.Rate*c.DeadTime/1000
		mu := c.Rate * c.TEnd / 1000
		// A renewal process: the count has variance close to CV²·mean.
		if err := withinSE("the number of spikes", float64(len(got)), mu, cv*math.Sqrt(mu)); err != nil {
			return fmt.Errorf("%v: the output rate must be the given rate", err)
		}
		for k := 1; k < len(got); k++ {
			if got[k]-got[k-1] < c.DeadTime-2e-4 { // the record rounds times to 1e-4 ms
				return fmt.Errorf("spikes %d and %d are %.4g ms apart, less than the dead time", k-1, k, got[k]-got[k-1])
			}
		}
		return withinSE("the CV of the intervals", cvOf(got), cv, cvSE(cv, int(mu)-1))
	},
	Show: func(c deadCase) string {
		return fmt.Sprintf("rate = %.4g Hz, dead time = %g ms, t_end = %g ms, seed %d", c.Rate, c.DeadTime, c.TEnd, c.Seed)
	},
	Hint: "The rate is the output rate: the mean interval is 1000/rate ms, of which the dead time is fixed, so " +
		"each interval is deadTime + rng.ExpFloat64()·(1000/rate − deadTime).",
})

// CheckDeadTimeSpikes checks Level 16: deadTimeSpikes(rate, deadTime, tEnd,
// rng) returns the spike times (ms) before tEnd (ms) of a Poisson process
// with a dead time (ms) that fires at the output rate (Hz): each interval is
// the dead time plus an exponential, drawn from rng. The check judges the
// number of spikes and the CV of the intervals, 1 − rate·deadTime/1000.
func CheckDeadTimeSpikes(deadTimeSpikes func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64) check.Result {
	return deadTimeSpikesLevel.Check(func(in deadCase) []float64 {
		return roundTimes(deadTimeSpikes(in.Rate, in.DeadTime, in.TEnd, check.NewRand(in.Seed)))
	})
}

// A thinningCase is a rate R0 + R1·sin(2π·Freq·t/1000) (Hz, t in ms) with a
// bound RMax ≥ R0 + R1 (Hz), for a whole number of periods until TEnd (ms).
type thinningCase struct {
	R0, R1, Freq, RMax, TEnd float64
	Seed                     uint64
}

// rate returns the case's rate function (Hz, t in ms).
func (c thinningCase) rate(t float64) float64 {
	return c.R0 + c.R1*math.Sin(2*math.Pi*c.Freq*t/1000)
}

// phaseBins is how many equal parts of a period the thinning check counts
// spikes in.
const phaseBins = 4

// expected returns the expected number of spikes in each phase bin.
func (c thinningCase) expected() []float64 {
	periods := c.Freq * c.TEnd / 1000
	period := 1000 / c.Freq
	mu := make([]float64, phaseBins)
	for k := range mu {
		a, b := 2*math.Pi*float64(k)/phaseBins, 2*math.Pi*float64(k+1)/phaseBins
		mu[k] = periods * (c.R0*period/phaseBins + c.R1*period/(2*math.Pi)*(math.Cos(a)-math.Cos(b))) / 1000
	}
	return mu
}

var thinningLevel = check.Register(&check.Level[thinningCase, []float64]{
	Project: Project, Number: 17, Title: "Inhomogeneous Poisson by thinning", Func: "Thinning",
	Fixed: []thinningCase{{40, 30, 2, 70, 50000, 1}, {20, 20, 5, 60, 60000, 2}, {60, 40, 1, 100, 30000, 3}},
	Random: func(r *rand.Rand) thinningCase {
		r0 := check.Uniform(r, 20, 100)
		freq := []float64{0.5, 1, 2, 4, 10}[r.IntN(5)]
		tEnd := math.Ceil(2e6/r0*freq/1000) * 1000 / freq
		r1 := r0 * check.Uniform(r, 0.3, 1)
		return thinningCase{r0, r1, freq, (r0 + r1) * check.Uniform(r, 1, 1.5), tEnd, r.Uint64()}
	},
	Randoms: 2,
	Judge: func(c thinningCase, got []float64) error {
		if err := judgeTimes(got, c.TEnd); err != nil {
			return err
		}
		counts := make([]float64, phaseBins)
		for _, t := range got {
			phase := math.Mod(t*c.Freq/1000, 1)
			counts[min(phaseBins-1, int(phase*phaseBins))]++
		}
		for k, mu := range c.expected() {
			what := fmt.Sprintf("the number of spikes in quarter %d of the period", k+1)
			if err := withinSE(what, counts[k], mu, math.Sqrt(mu)); err != nil {
				return err
			}
		}
		return nil
	},
	Show: func(c thinningCase) string {
		return fmt.Sprintf("rate(t) = %.4g + %.4g·sin(2π·%g Hz·t) Hz, rMax = %.4g Hz, t_end = %g ms, seed %d",
			c.R0, c.R1, c.Freq, c.RMax, c.TEnd, c.Seed)
	},
	Hint: "Draw candidates with your PoissonSpikes(rMax, tEnd, rng) or the same way, and keep a candidate at t " +
		"with probability rate(t)/rMax: when rng.Float64() < rate(t)/rMax.",
})

// CheckThinning checks Level 17: thinning(rate, rMax, tEnd, rng) returns the
// spike times (ms), in order, before tEnd (ms) of an inhomogeneous Poisson
// process of rate(t) (Hz, t in ms), never above rMax (Hz), drawn by
// thinning a Poisson process of rate rMax with rng. The check uses
// sinusoidal rates and judges the spikes in each quarter of the period.
func CheckThinning(thinning func(rate func(t float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64) check.Result {
	return thinningLevel.Check(func(in thinningCase) []float64 {
		return roundTimes(thinning(in.rate, in.RMax, in.TEnd, check.NewRand(in.Seed)))
	})
}
