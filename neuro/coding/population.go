package coding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/coding"
)

// This file holds levels 18–25: the spike-triggered average and the
// linear-nonlinear-Poisson model, then a population of tuned neurons, its
// noisy counts, their correlation, and the Fisher information.

// Filter returns the course's linear filter of lags bins: amp·sin(2πj/lags)·
// exp(−3j/lags) for j = 0 … lags − 1, a biphasic filter whose element j
// weighs the stimulus j bins ago. Learners call it, so it lives here and
// uses no reference: while grading no reference is linked.
func Filter(lags int, amp float64) []float64 {
	h := make([]float64, lags)
	for j := range h {
		x := float64(j) / float64(lags)
		h[j] = amp * math.Sin(2*math.Pi*x) * math.Exp(-3*x)
	}
	return h
}

// An lnpCase is an LNP neuron with the Filter of Lags bins and amplitude
// Amp and the rate R0 (Hz) at zero drive, driven for Bins bins of Dt (ms) by
// white noise drawn from the stimulus stream of Seed; its spikes come from
// the generator of Seed.
type lnpCase struct {
	Bins, Lags   int
	Amp, R0, Dt  float64
	Seed         uint64
	Stimulus     []float64 `check:"derived"`
	Train        []bool    `check:"derived"`
	FilterValues []float64 `check:"derived"`
}

func (c lnpCase) String() string {
	return fmt.Sprintf("%d bins of dt = %g ms of white noise, coding.Filter(%d, %.4g), r0 = %.4g Hz, seed %d",
		c.Bins, c.Dt, c.Lags, c.Amp, c.R0, c.Seed)
}

// prepareLNP draws the case's stimulus.
func prepareLNP(c lnpCase) lnpCase {
	c.Stimulus = ref.WhiteNoise(c.Bins, rand.New(rand.NewPCG(c.Seed, stimulusStream)))
	c.FilterValues = Filter(c.Lags, c.Amp)
	return c
}

// prepareSTA draws the case's stimulus and the reference LNP train.
func prepareSTA(c lnpCase) lnpCase {
	c = prepareLNP(c)
	c.Train = ref.LNP(c.Stimulus, c.FilterValues, c.R0, c.Dt, check.NewRand(c.Seed))
	return c
}

func randomLNP(r *rand.Rand) lnpCase {
	return lnpCase{Bins: 20000, Lags: 10 + r.IntN(30), Amp: check.Uniform(r, 0.3, 0.6), R0: check.Uniform(r, 20, 40),
		Dt: 1, Seed: r.Uint64()}
}

var staLevel = check.Register(&check.Level[lnpCase, []float64]{
	Project: Project, Number: 18, Title: "Spike-triggered average", Func: "STA",
	Fixed:   []lnpCase{{Bins: 20000, Lags: 30, Amp: 0.5, R0: 20, Dt: 1, Seed: 1}, {Bins: 5000, Lags: 12, Amp: 0.4, R0: 40, Dt: 1, Seed: 2}},
	Random:  randomLNP,
	Randoms: 2,
	Prepare: prepareSTA,
	Judge:   check.NearSlice(func(c lnpCase) []float64 { return ref.STA(c.Stimulus, c.Train, c.Lags) }, tol),
	Show:    func(c lnpCase) string { return "the spikes of an LNP neuron under " + c.String() },
	Hint: "For each spike at bin k ≥ lags − 1, add stimulus[k − j] to element j (j bins before the spike, " +
		"not after), then divide by the number of spikes used.",
})

// CheckSTA checks Level 18: sta(stimulus, train, lags) returns the
// spike-triggered average of the stimulus over lags bins: element j is the
// mean of stimulus[k − j] over the spikes at bins k ≥ lags − 1 of the binary
// train.
func CheckSTA(sta func(stimulus []float64, train []bool, lags int) []float64) check.Result {
	return staLevel.Check(func(in lnpCase) []float64 { return sta(in.Stimulus, in.Train, in.Lags) })
}

var lnpLevel = check.Register(&check.Level[lnpCase, trainOut]{
	Project: Project, Number: 19, Title: "Linear-nonlinear-Poisson model", Func: "LNP",
	Fixed:   []lnpCase{{Bins: 20000, Lags: 30, Amp: 0.5, R0: 20, Dt: 1, Seed: 1}, {Bins: 40000, Lags: 15, Amp: 0.4, R0: 100, Dt: 0.5, Seed: 2}},
	Random:  randomLNP,
	Randoms: 1,
	Prepare: prepareLNP,
	Judge: func(c lnpCase, got trainOut) error {
		if got.Bins != c.Bins {
			return fmt.Errorf("got %d bins, want one per stimulus value, %d", got.Bins, c.Bins)
		}
		g := ref.Drive(c.Stimulus, c.FilterValues)
		p := ref.DriveProbabilities(g, c.R0, c.Dt)
		var mu, v, gSum, gMu, gV float64
		for k := range p {
			mu += p[k]
			v += p[k] * (1 - p[k])
			gMu += p[k] * g[k]
			gV += p[k] * (1 - p[k]) * g[k] * g[k]
		}
		for _, k := range got.Spikes {
			if k < 0 || k >= len(g) {
				return fmt.Errorf("a spike at bin %d, outside the train", k)
			}
			gSum += g[k]
		}
		if err := withinSE("the number of spikes", float64(len(got.Spikes)), mu, math.Sqrt(v)); err != nil {
			return err
		}
		// The spikes must come where the filtered stimulus is high.
		return withinSE("the sum of the drive g at the spikes", gSum, gMu, math.Sqrt(gV))
	},
	Show: lnpCase.String,
	Hint: "g[k] = Σ_j filter[j]·stimulus[k − j] for j = 0 … len(filter) − 1 with k − j ≥ 0 (filter[j] weighs the " +
		"stimulus j bins ago); the rate is r0·exp(g[k]) Hz, the probability min(1, rate·dt/1000).",
})

// CheckLNP checks Level 19: lnp(stimulus, filter, r0, dt, rng) returns the
// binary train (bins of dt ms, one per stimulus value) of a
// linear-nonlinear-Poisson neuron: the drive g[k] = Σ_j filter[j]·
// stimulus[k − j], the rate r0·exp(g[k]) (Hz), and in each bin a spike with
// probability min(1, rate·dt/1000) drawn from rng. The check judges the
// number of spikes and the drive at the spikes.
func CheckLNP(lnp func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool) check.Result {
	return lnpLevel.Check(func(in lnpCase) trainOut {
		return compact(lnp(in.Stimulus, Filter(in.Lags, in.Amp), in.R0, in.Dt, check.NewRand(in.Seed)))
	})
}

type preferredCase2 struct {
	N      int
	Lo, Hi float64
}

var preferredLevel = check.Register(&check.Level[preferredCase2, []float64]{
	Project: Project, Number: 20, Title: "A population of tuned neurons", Func: "Preferred",
	Fixed: []preferredCase2{{16, -90, 90}, {8, 0, 360}, {1, -90, 90}, {5, 10, 20}},
	Random: func(r *rand.Rand) preferredCase2 {
		lo := math.Round(check.Uniform(r, -180, 0))
		return preferredCase2{2 + r.IntN(60), lo, lo + []float64{90, 180, 360}[r.IntN(3)]}
	},
	// Within 1e-9°, not check.Exact: a learner who adds the spacing n times
	// (p += step) drifts by up to n ulps of the range, 4.6e-13° near 0°
	// over 100 seeds, where Exact leaves 1e-12.
	Judge: check.NearSlice(func(c preferredCase2) []float64 { return ref.Preferred(c.N, c.Lo, c.Hi) }, tol),
	Show:  func(c preferredCase2) string { return fmt.Sprintf("n = %d, [%g°, %g°)", c.N, c.Lo, c.Hi) },
	Hint:  "n neurons over [lo, hi), hi left out (it is lo again on a circle): spacing (hi − lo)/n, not /(n − 1).",
})

// CheckPreferred checks Level 20: preferred(n, lo, hi) returns the
// preferred stimuli (deg) of n neurons spaced evenly over [lo, hi):
// lo + k·(hi − lo)/n for k = 0 … n − 1.
func CheckPreferred(preferred func(n int, lo, hi float64) []float64) check.Result {
	return preferredLevel.Check(func(in preferredCase2) []float64 { return preferred(in.N, in.Lo, in.Hi) })
}

type populationCase struct {
	S                float64
	Prefs            []float64
	Width, Base, Amp float64
}

func (c populationCase) String() string {
	return fmt.Sprintf("s = %.4g°, prefs %.4g°, width = %.4g°, base = %.4g Hz, amp = %.4g Hz", c.S, c.Prefs, c.Width, c.Base, c.Amp)
}

// evenPrefs returns n preferred stimuli (deg) spaced evenly over [lo, hi).
func evenPrefs(n int, lo, hi float64) []float64 {
	p := make([]float64, n)
	for k := range p {
		p[k] = lo + float64(k)*(hi-lo)/float64(n)
	}
	return p
}

func randomPopulation(r *rand.Rand) populationCase {
	return populationCase{check.Uniform(r, -90, 90), evenPrefs(4+r.IntN(30), -90, 90), check.Uniform(r, 8, 40),
		check.Uniform(r, 1, 10), check.Uniform(r, 20, 80)}
}

var populationRatesLevel = check.Register(&check.Level[populationCase, []float64]{
	Project: Project, Number: 21, Title: "Population response to a stimulus", Func: "PopulationRates",
	Fixed:  []populationCase{{0, evenPrefs(16, -90, 90), 20, 5, 45}, {30, []float64{-30, 0, 30, 60}, 15, 2, 50}},
	Random: randomPopulation,
	Judge: check.NearSlice(func(c populationCase) []float64 {
		return ref.PopulationRates(c.S, c.Prefs, c.Width, c.Base, c.Amp)
	}, check.Exact),
	Show: populationCase.String,
	Hint: "Neuron i fires at your GaussianTuning(s, prefs[i], width, base, amp) Hz.",
})

// CheckPopulationRates checks Level 21: populationRates(s, prefs, width,
// base, amp) returns the rate (Hz) of each neuron, a Gaussian tuning curve
// with preferred stimulus prefs[i] (deg), width (deg), baseline base and
// amplitude amp (Hz), at the stimulus s (deg).
func CheckPopulationRates(populationRates func(s float64, prefs []float64, width, base, amp float64) []float64) check.Result {
	return populationRatesLevel.Check(func(in populationCase) []float64 {
		return populationRates(in.S, in.Prefs, in.Width, in.Base, in.Amp)
	})
}

type countsPopCase struct {
	Rates  []float64
	Window float64
	Seed   uint64
}

// randomRates returns n rates (Hz) from lo to hi, rounded to 0.1 Hz.
func randomRates(r *rand.Rand, n int, lo, hi float64) []float64 {
	rates := make([]float64, n)
	for k := range rates {
		rates[k] = math.Round(check.Uniform(r, lo, hi)*10) / 10
	}
	return rates
}

var populationCountsLevel = check.Register(&check.Level[countsPopCase, []int]{
	Project: Project, Number: 22, Title: "Noisy population counts", Func: "PopulationCounts",
	Fixed: []countsPopCase{
		{randomRates(rand.New(rand.NewPCG(1, 2)), 500, 5, 50), 500, 1},
		{randomRates(rand.New(rand.NewPCG(3, 4)), 300, 10, 80), 200, 2},
	},
	Random: func(r *rand.Rand) countsPopCase {
		return countsPopCase{randomRates(r, 300+r.IntN(300), 5, 60), []float64{200, 500, 1000}[r.IntN(3)], r.Uint64()}
	},
	Judge: func(c countsPopCase, got []int) error {
		if len(got) != len(c.Rates) {
			return fmt.Errorf("got %d counts, want one per neuron, %d", len(got), len(c.Rates))
		}
		var total, mu, d, dVar float64
		for i, r := range c.Rates {
			m := r * c.Window / 1000
			if got[i] < 0 {
				return fmt.Errorf("count %d is negative: %d", i, got[i])
			}
			total += float64(got[i])
			mu += m
			x := float64(got[i]) - m
			d += x * x / m
			dVar += 2 + 1/m
		}
		if err := withinSE("the total count", total, mu, math.Sqrt(mu)); err != nil {
			return fmt.Errorf("%v: neuron i's mean count is rates[i]·window/1000", err)
		}
		// Σ (n − μ)²/μ has mean N and variance Σ (2 + 1/μ) for Poisson counts.
		if err := withinSE("the dispersion Σ(n − μ)²/μ", d, float64(len(c.Rates)), math.Sqrt(dVar)); err != nil {
			return fmt.Errorf("%v: the counts must vary as Poisson counts, variance = mean", err)
		}
		return nil
	},
	Show: func(c countsPopCase) string {
		return fmt.Sprintf("%d neurons at rates from %.4g to %.4g Hz, window = %g ms, seed %d",
			len(c.Rates), slices.Min(c.Rates), slices.Max(c.Rates), c.Window, c.Seed)
	},
	Hint: "Each neuron's count is a Poisson number of mean rates[i]·window/1000: multiply rng.Float64() numbers " +
		"until the product is at most e^(−mean); the count is how many factors it took, minus one.",
})

// CheckPopulationCounts checks Level 22: populationCounts(rates, window, rng)
// returns, for each neuron, a Poisson spike count (drawn from rng) of mean
// rates[i]·window/1000, with rates in Hz and the window in ms. The check
// judges the total count and the spread of the counts.
func CheckPopulationCounts(populationCounts func(rates []float64, window float64, rng *rand.Rand) []int) check.Result {
	return populationCountsLevel.Check(func(in countsPopCase) []int {
		return populationCounts(in.Rates, in.Window, check.NewRand(in.Seed))
	})
}

type pairCase struct{ A, B []int }

// sharedCounts draws the counts of two neurons over trials that share a
// Poisson input of mean shared: correlation shared/mean.
func sharedCounts(r *rand.Rand, trials int, mean, shared float64) pairCase {
	c := pairCase{make([]int, trials), make([]int, trials)}
	for k := range trials {
		s := ref.PoissonCount(shared, r)
		c.A[k] = s + ref.PoissonCount(mean-shared, r)
		c.B[k] = s + ref.PoissonCount(mean-shared, r)
	}
	return c
}

var correlationLevel = check.Register(&check.Level[pairCase, float64]{
	Project: Project, Number: 23, Title: "Correlation between two neurons' counts", Func: "Correlation",
	Fixed: []pairCase{
		{[]int{3, 5, 4, 8, 10}, []int{2, 6, 4, 7, 9}},
		{[]int{10, 12, 9, 11, 8, 10}, []int{5, 3, 6, 4, 7, 5}},
		{[]int{1, 2, 3, 4}, []int{40, 10, 30, 20}},
	},
	Random: func(r *rand.Rand) pairCase {
		mean := check.Uniform(r, 5, 30)
		return sharedCounts(r, 20+r.IntN(200), mean, mean*check.Uniform(r, 0, 0.8))
	},
	Judge: check.Near(func(c pairCase) float64 { return ref.Correlation(c.A, c.B) }, tol),
	Show:  func(c pairCase) string { return fmt.Sprintf("counts a = %v, b = %v", c.A, c.B) },
	Hint: "ρ = cov(a, b)/(σ_a·σ_b): the covariance Σ(a − ā)(b − b̄) divided by the square root of " +
		"Σ(a − ā)²·Σ(b − b̄)² (the 1/(N − 1) factors cancel). It has no units and lies in [−1, 1].",
})

// CheckCorrelation checks Level 23: correlation(a, b) returns the Pearson
// correlation coefficient of two neurons' spike counts a and b over the same
// trials.
func CheckCorrelation(correlation func(a, b []int) float64) check.Result {
	return correlationLevel.Check(func(in pairCase) float64 { return correlation(in.A, in.B) })
}

type fisherCase struct{ S, Pref, Width, Base, Amp, Window float64 }

var fisherInfoLevel = check.Register(&check.Level[fisherCase, float64]{
	Project: Project, Number: 24, Title: "Fisher information of one Poisson neuron", Func: "FisherInfo",
	Fixed: []fisherCase{{20, 0, 20, 5, 45, 500}, {0, 0, 20, 5, 45, 500}, {-50, -20, 30, 2, 60, 1000}, {10, 40, 15, 1, 30, 200}},
	Random: func(r *rand.Rand) fisherCase {
		return fisherCase{check.Uniform(r, -90, 90), check.Uniform(r, -90, 90), check.Uniform(r, 8, 40),
			check.Uniform(r, 1, 10), check.Uniform(r, 20, 80), []float64{100, 200, 500, 1000}[r.IntN(4)]}
	},
	Randoms: 8,
	Judge: check.Near(func(c fisherCase) float64 {
		return ref.FisherInfo(c.S, c.Pref, c.Width, c.Base, c.Amp, c.Window)
	}, check.Tol{Rel: 1e-9, Abs: 1e-15}),
	Show: func(c fisherCase) string {
		return fmt.Sprintf("s = %.4g°, pref = %.4g°, width = %.4g°, base = %.4g Hz, amp = %.4g Hz, T = %g ms",
			c.S, c.Pref, c.Width, c.Base, c.Amp, c.Window)
	},
	Hint: "I = T·f′(s)²/f(s) with T in seconds, window/1000, f from your GaussianTuning (Hz) and " +
		"f′(s) = −amp·(s − pref)/width²·exp(−(s − pref)²/(2·width²)) (Hz/deg).",
})

// CheckFisherInfo checks Level 24: fisherInfo(s, pref, width, base, amp,
// window) returns the Fisher information (1/deg²) about the stimulus s (deg)
// carried by the Poisson spike count over a window (ms) of a neuron with the
// Gaussian tuning curve of Level 7: (window/1000)·f′(s)²/f(s).
func CheckFisherInfo(fisherInfo func(s, pref, width, base, amp, window float64) float64) check.Result {
	return fisherInfoLevel.Check(func(in fisherCase) float64 {
		return fisherInfo(in.S, in.Pref, in.Width, in.Base, in.Amp, in.Window)
	})
}

type popFisherCase struct {
	Pop    populationCase
	Window float64
}

// fisherOut is what PopulationFisher returns.
type fisherOut struct{ Info, Threshold float64 }

var populationFisherLevel = check.Register(&check.Level[popFisherCase, fisherOut]{
	Project: Project, Number: 25, Title: "Population Fisher information and threshold", Func: "PopulationFisher",
	Fixed: []popFisherCase{
		{populationCase{0, evenPrefs(16, -90, 90), 20, 5, 45}, 500},
		{populationCase{20, evenPrefs(16, -90, 90), 20, 5, 45}, 500},
		{populationCase{10, []float64{-30, 0, 30, 60}, 15, 2, 50}, 200},
	},
	Random: func(r *rand.Rand) popFisherCase {
		return popFisherCase{randomPopulation(r), []float64{100, 200, 500, 1000}[r.IntN(4)]}
	},
	Judge: func(c popFisherCase, got fisherOut) error {
		info, threshold := ref.PopulationFisher(c.Pop.S, c.Pop.Prefs, c.Pop.Width, c.Pop.Base, c.Pop.Amp, c.Window)
		if err := check.Compare(got.Info, info, tol); err != nil {
			return fmt.Errorf("the information (1/deg²): %v", err)
		}
		if err := check.Compare(got.Threshold, threshold, tol); err != nil {
			return fmt.Errorf("the threshold (deg): %v", err)
		}
		return nil
	},
	Show: func(c popFisherCase) string { return fmt.Sprintf("%v, T = %g ms", c.Pop, c.Window) },
	Hint: "Independent neurons add their information: sum your FisherInfo over the preferred stimuli. The " +
		"threshold is 1/√I (deg), the standard deviation of the best unbiased estimate.",
})

// CheckPopulationFisher checks Level 25: populationFisher(s, prefs, width,
// base, amp, window) returns the Fisher information (1/deg²) about the
// stimulus s (deg) of independent Poisson neurons with the Gaussian tuning
// curves of Level 21 counting over a window (ms), the sum of their
// FisherInfo, and the discrimination threshold 1/√I (deg).
func CheckPopulationFisher(populationFisher func(s float64, prefs []float64, width, base, amp, window float64) (info, threshold float64)) check.Result {
	return populationFisherLevel.Check(func(in popFisherCase) fisherOut {
		info, threshold := populationFisher(in.Pop.S, in.Pop.Prefs, in.Pop.Width, in.Pop.Base, in.Pop.Amp, in.Window)
		return fisherOut{info, threshold}
	})
}
