package coding

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/coding"
)

// otherStream returns a generator independent of rng: a right answer that
// draws its random numbers in another order than the reference.
func otherStream(rng *rand.Rand) *rand.Rand { return rand.New(rand.NewPCG(rng.Uint64(), 99)) }

// regularSpikes returns spikes every 1000/rate ms before tEnd: the right
// rate without the randomness.
func regularSpikes(rate, tEnd float64) []float64 {
	var spikes []float64
	for t := 1000 / rate / 2; t < tEnd; t += 1000 / rate {
		spikes = append(spikes, t)
	}
	return spikes
}

var levelTests = []checktest.Level{
	{Check: CheckSpikeTrain,
		Right: ref.SpikeTrain,
		// Rounds t/dt to the nearest bin instead of flooring.
		Wrong: func() check.Result {
			return CheckSpikeTrain(func(spikes []float64, dt, tEnd float64) []bool {
				train := make([]bool, int(math.Round(tEnd/dt)))
				for _, t := range spikes {
					if k := int(math.Round(t / dt)); k < len(train) {
						train[k] = true
					}
				}
				return train
			})
		}},
	{Check: CheckTrainRate,
		Right: ref.TrainRate,
		// Spikes per ms, not per s.
		Wrong: func() check.Result {
			return CheckTrainRate(func(train []bool, dt float64) float64 { return ref.TrainRate(train, dt) / 1000 })
		}},
	{Check: CheckWindowRate,
		Right: ref.WindowRate,
		// Divides by 2·half bins, one too few.
		Wrong: func() check.Result {
			return CheckWindowRate(func(train []bool, dt float64, half int) []float64 {
				r := ref.WindowRate(train, dt, half)
				for k := range r {
					r[k] *= float64(2*half+1) / float64(max(1, 2*half))
				}
				return r
			})
		}},
	{Check: CheckGaussianKernel,
		Right: ref.GaussianKernel,
		// Sums to 1 instead of integrating to 1: forgets dt.
		Wrong: func() check.Result {
			return CheckGaussianKernel(func(sigma, dt float64) []float64 {
				k := ref.GaussianKernel(sigma, dt)
				for j := range k {
					k[j] *= dt
				}
				return k
			})
		}},
	{Check: CheckSmoothedRate,
		Right: ref.SmoothedRate,
		// Leaves the rate in spikes per ms.
		Wrong: func() check.Result {
			return CheckSmoothedRate(func(train []bool, dt, sigma float64) []float64 {
				r := ref.SmoothedRate(train, dt, sigma)
				for k := range r {
					r[k] /= 1000
				}
				return r
			})
		}},
	{Check: CheckPSTH,
		Right: ref.PSTH,
		// Sums the trials without dividing by their number.
		Wrong: func() check.Result {
			return CheckPSTH(func(trials [][]bool, dt float64) []float64 {
				r := ref.PSTH(trials, dt)
				for k := range r {
					r[k] *= float64(len(trials))
				}
				return r
			})
		}},
	{Check: CheckGaussianTuning,
		Right: ref.GaussianTuning,
		// Forgets the 2 in 2·width².
		Wrong: func() check.Result {
			return CheckGaussianTuning(func(s, pref, width, base, amp float64) float64 {
				return ref.GaussianTuning(s, pref, width/math.Sqrt2, base, amp)
			})
		}},
	{Check: CheckCosineTuning,
		Right: ref.CosineTuning,
		// Not rectified: negative rates.
		Wrong: func() check.Result {
			return CheckCosineTuning(func(s, pref, base, amp float64) float64 {
				return base + amp*math.Cos((s-pref)*math.Pi/180)
			})
		}},
	{Check: CheckPreferredStimulus,
		Right: ref.PreferredStimulus,
		// Trusts the first trial alone.
		Wrong: func() check.Result {
			return CheckPreferredStimulus(func(stimuli []float64, rates [][]float64) float64 {
				first := make([][]float64, len(rates))
				for i, r := range rates {
					first[i] = r[:1]
				}
				return ref.PreferredStimulus(stimuli, first)
			})
		}},
	{Check: CheckFWHM,
		Right: ref.FWHM,
		// Half of the maximum, forgetting the baseline.
		Wrong: func() check.Result {
			return CheckFWHM(func(stimuli, rates []float64) float64 {
				shifted := append([]float64{0}, rates...)
				return ref.FWHM(append([]float64{stimuli[0] - 1e-9}, stimuli...), shifted)
			})
		}},
	{Check: CheckPoissonTrain,
		Right: ref.PoissonTrain,
		// rate·dt without the /1000: a probability far too high.
		Wrong: func() check.Result {
			return CheckPoissonTrain(func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				return ref.PoissonTrain(rate*1000, dt, tEnd, rng)
			})
		}},
	{Check: CheckPoissonSpikes,
		Right: ref.PoissonSpikes,
		// Regular intervals of 1000/rate: the right rate, no randomness.
		Wrong: func() check.Result {
			return CheckPoissonSpikes(func(rate, tEnd float64, rng *rand.Rand) []float64 { return regularSpikes(rate, tEnd) })
		}},
	{Check: CheckPoissonCounts,
		Right: ref.PoissonCounts,
		// The counts of regular trains: the right mean, no variance.
		Wrong: func() check.Result {
			return CheckPoissonCounts(func(rate, window float64, trials int, rng *rand.Rand) []int {
				counts := make([]int, trials)
				for k := range counts {
					counts[k] = len(regularSpikes(rate, window))
				}
				return counts
			})
		}},
	{Check: CheckFanoFactor,
		Right: ref.FanoFactor,
		// Standard deviation over mean.
		Wrong: func() check.Result {
			return CheckFanoFactor(func(counts []int) float64 {
				x := make([]float64, len(counts))
				for k, c := range counts {
					x[k] = float64(c)
				}
				m, v := ref.MeanVariance(x)
				return math.Sqrt(v) / m
			})
		}},
	{Check: CheckPoissonCV,
		Right: ref.PoissonCV,
		// The standard deviation of the intervals (ms), not divided by the mean.
		Wrong: func() check.Result {
			return CheckPoissonCV(func(rate, tEnd float64, rng *rand.Rand) float64 {
				_, v := ref.MeanVariance(ref.ISIs(ref.PoissonSpikes(rate, tEnd, rng)))
				return math.Sqrt(v)
			})
		}},
	{Check: CheckDeadTimeSpikes,
		Right: ref.DeadTimeSpikes,
		// Adds the dead time to intervals of mean 1000/rate: the output rate
		// falls and the CV is 1/(1 + rate·deadTime).
		Wrong: func() check.Result {
			return CheckDeadTimeSpikes(func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				return ref.DeadTimeSpikes(1000/(1000/rate+deadTime), deadTime, tEnd, rng)
			})
		}},
	{Check: CheckThinning,
		Right: ref.Thinning,
		// Accepts with probability 1 − rate(t)/rMax.
		Wrong: func() check.Result {
			return CheckThinning(func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.Thinning(func(t float64) float64 { return rMax - rate(t) }, rMax, tEnd, rng)
			})
		}},
	{Check: CheckSTA,
		Right: ref.STA,
		// Averages the stimulus after the spikes instead of before.
		Wrong: func() check.Result {
			return CheckSTA(func(stimulus []float64, train []bool, lags int) []float64 {
				sta := make([]float64, lags)
				n := 0
				for k := 0; k+lags <= len(train); k++ {
					if train[k] {
						n++
						for j := range sta {
							sta[j] += stimulus[k+j]
						}
					}
				}
				for j := range sta {
					sta[j] /= float64(n)
				}
				return sta
			})
		}},
	{Check: CheckLNP,
		Right: ref.LNP,
		// Filters the stimulus in reverse: filter[j] weighs the stimulus j bins ahead.
		Wrong: func() check.Result {
			return CheckLNP(func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
				n := len(stimulus)
				reversed := make([]float64, n)
				for k := range reversed {
					reversed[k] = stimulus[n-1-k]
				}
				p := ref.LNPProbabilities(reversed, filter, r0, dt)
				train := make([]bool, n)
				for k := range train {
					train[k] = rng.Float64() < p[n-1-k]
				}
				return train
			})
		}},
	{Check: CheckPreferred,
		Right: ref.Preferred,
		// Includes hi: spacing (hi − lo)/(n − 1).
		Wrong: func() check.Result {
			return CheckPreferred(func(n int, lo, hi float64) []float64 {
				if n == 1 {
					return []float64{lo}
				}
				return ref.Preferred(n, lo, hi+(hi-lo)/float64(n-1))
			})
		}},
	{Check: CheckPopulationRates,
		Right: ref.PopulationRates,
		// Leaves out the baseline.
		Wrong: func() check.Result {
			return CheckPopulationRates(func(s float64, prefs []float64, width, base, amp float64) []float64 {
				return ref.PopulationRates(s, prefs, width, 0, amp)
			})
		}},
	{Check: CheckPopulationCounts,
		Right: ref.PopulationCounts,
		// The mean count rounded: no noise.
		Wrong: func() check.Result {
			return CheckPopulationCounts(func(rates []float64, window float64, rng *rand.Rand) []int {
				counts := make([]int, len(rates))
				for i, r := range rates {
					counts[i] = int(math.Round(r * window / 1000))
				}
				return counts
			})
		}},
	{Check: CheckCorrelation,
		Right: ref.Correlation,
		// The covariance, not normalized.
		Wrong: func() check.Result {
			return CheckCorrelation(func(a, b []int) float64 {
				x, y := make([]float64, len(a)), make([]float64, len(b))
				for k := range a {
					x[k], y[k] = float64(a[k]), float64(b[k])
				}
				_, va := ref.MeanVariance(x)
				_, vb := ref.MeanVariance(y)
				return ref.Correlation(a, b) * math.Sqrt(va*vb)
			})
		}},
	{Check: CheckFisherInfo,
		Right: ref.FisherInfo,
		// The window in ms taken for seconds.
		Wrong: func() check.Result {
			return CheckFisherInfo(func(s, pref, width, base, amp, window float64) float64 {
				return ref.FisherInfo(s, pref, width, base, amp, window*1000)
			})
		}},
	{Check: CheckPopulationFisher,
		Right: ref.PopulationFisher,
		// Threshold 1/I instead of 1/√I.
		Wrong: func() check.Result {
			return CheckPopulationFisher(func(s float64, prefs []float64, width, base, amp, window float64) (float64, float64) {
				info, _ := ref.PopulationFisher(s, prefs, width, base, amp, window)
				return info, 1 / info
			})
		}},
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// A right answer whose random numbers differ from the reference's passes
// the statistical levels: their tolerances are built for it.
func TestStatisticalLevelsAcceptOtherStreams(t *testing.T) {
	for _, tt := range []struct {
		level int
		res   func() check.Result
	}{
		{11, func() check.Result {
			return CheckPoissonTrain(func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				return ref.PoissonTrain(rate, dt, tEnd, otherStream(rng))
			})
		}},
		{12, func() check.Result {
			return CheckPoissonSpikes(func(rate, tEnd float64, rng *rand.Rand) []float64 {
				return ref.PoissonSpikes(rate, tEnd, otherStream(rng))
			})
		}},
		{13, func() check.Result {
			// Counts drawn directly as Poisson numbers, not from trains.
			return CheckPoissonCounts(func(rate, window float64, trials int, rng *rand.Rand) []int {
				counts := make([]int, trials)
				for k := range counts {
					counts[k] = ref.PoissonCount(rate*window/1000, rng)
				}
				return counts
			})
		}},
		{15, func() check.Result {
			return CheckPoissonCV(func(rate, tEnd float64, rng *rand.Rand) float64 {
				return ref.PoissonCV(rate, tEnd, otherStream(rng))
			})
		}},
		{16, func() check.Result {
			return CheckDeadTimeSpikes(func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				return ref.DeadTimeSpikes(rate, deadTime, tEnd, otherStream(rng))
			})
		}},
		{17, func() check.Result {
			return CheckThinning(func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.Thinning(rate, rMax, tEnd, otherStream(rng))
			})
		}},
		{19, func() check.Result {
			return CheckLNP(func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
				return ref.LNP(stimulus, filter, r0, dt, otherStream(rng))
			})
		}},
		{22, func() check.Result {
			// Counts from Poisson trains of the window instead of the product method.
			return CheckPopulationCounts(func(rates []float64, window float64, rng *rand.Rand) []int {
				counts := make([]int, len(rates))
				for i, r := range rates {
					counts[i] = len(ref.PoissonSpikes(r, window, rng))
				}
				return counts
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("level %d, another random stream: %s\n%s", tt.level, res.Status, res.Message)
		}
	}
}

// The standard error of the CV of intervals that are a dead time plus an
// exponential, cvSE, matches the spread of simulated CVs: over 400 trains of
// about 2000 intervals each, for CV 1 (Poisson) and 0.6, the standard
// deviation of the measured CVs is within 10 % of cvSE.
func TestCVStandardError(t *testing.T) {
	for _, c := range []struct{ rate, deadTime float64 }{{100, 0}, {100, 4}} {
		cv := 1 - c.rate*c.deadTime/1000
		var cvs []float64
		for seed := range uint64(400) {
			cvs = append(cvs, cvOf(ref.DeadTimeSpikes(c.rate, c.deadTime, 20000, rand.New(rand.NewPCG(seed, 5)))))
		}
		_, v := check.MeanVariance(cvs)
		if se := cvSE(cv, 2000); math.Abs(math.Sqrt(v)/se-1) > 0.1 {
			t.Errorf("CV %g: the measured CVs spread by %.4g, cvSE gives %.4g", cv, math.Sqrt(v), se)
		}
	}
}

// The helpers the cases use without the references match them.
func TestHelpers(t *testing.T) {
	for _, c := range []struct {
		n      int
		lo, hi float64
	}{{16, -90, 90}, {1, 0, 360}, {7, -30, 45}} {
		if err := check.CompareSlice(evenPrefs(c.n, c.lo, c.hi), ref.Preferred(c.n, c.lo, c.hi), check.Tol{}); err != nil {
			t.Errorf("evenPrefs(%d, %g, %g): %v", c.n, c.lo, c.hi, err)
		}
	}
	curve := sampledCurve(-90, 90, 5, 10, 20, 5, 45)
	for k, s := range curve.Stimuli {
		if want := ref.GaussianTuning(s, 10, 20, 5, 45); curve.Rates[k] != want {
			t.Errorf("sampledCurve at %g°: %g, want %g", s, curve.Rates[k], want)
		}
	}
	isis := []float64{3, 7, 1, 12, 5}
	spikes := []float64{0}
	for _, x := range isis {
		spikes = append(spikes, spikes[len(spikes)-1]+x)
	}
	if got, want := cvOf(spikes), ref.CV(isis); math.Abs(got-want) > 1e-12 {
		t.Errorf("cvOf = %g, ref.CV = %g", got, want)
	}
}

// More typical mistakes, beyond the one per level above, each of which must
// fail: the unit and normalization slips the random levels are built to
// catch.
func TestMoreMistakes(t *testing.T) {
	for _, tt := range []struct {
		name string
		res  func() check.Result
	}{
		{"kernel not normalized (peak 1)", func() check.Result {
			return CheckGaussianKernel(func(sigma, dt float64) []float64 {
				k := ref.GaussianKernel(sigma, dt)
				peak := k[len(k)/2]
				for j := range k {
					k[j] /= peak
				}
				return k
			})
		}},
		{"PSTH as a spike probability per bin", func() check.Result {
			return CheckPSTH(func(trials [][]bool, dt float64) []float64 {
				r := ref.PSTH(trials, dt)
				for k := range r {
					r[k] *= dt / 1000
				}
				return r
			})
		}},
		{"Poisson bins with probability rate/1000, forgetting dt", func() check.Result {
			return CheckPoissonTrain(func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				return ref.PoissonTrain(rate/dt, dt, tEnd, rng)
			})
		}},
		{"thinning that keeps a candidate with probability rate(t)/1000", func() check.Result {
			return CheckThinning(func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.Thinning(func(t float64) float64 { return rate(t) * rMax / 1000 }, rMax, tEnd, rng)
			})
		}},
		{"thinning that keeps every candidate", func() check.Result {
			return CheckThinning(func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.PoissonSpikes(rMax, tEnd, rng)
			})
		}},
		{"dead time by deleting the spikes of a Poisson train that come too soon", func() check.Result {
			return CheckDeadTimeSpikes(func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				var kept []float64
				for _, s := range ref.PoissonSpikes(rate, tEnd, rng) {
					if len(kept) == 0 || s-kept[len(kept)-1] >= deadTime {
						kept = append(kept, s)
					}
				}
				return kept
			})
		}},
		{"LNP probability rate·dt without the /1000", func() check.Result {
			return CheckLNP(func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
				return ref.LNP(stimulus, filter, r0*1000, dt, rng)
			})
		}},
		{"population counts of mean rate·window, window taken for seconds", func() check.Result {
			return CheckPopulationCounts(func(rates []float64, window float64, rng *rand.Rand) []int {
				return ref.PopulationCounts(rates, window*1000, rng)
			})
		}},
		{"Poisson counts of a window in seconds", func() check.Result {
			return CheckPoissonCounts(func(rate, window float64, trials int, rng *rand.Rand) []int {
				return ref.PoissonCounts(rate/1000, window, trials, rng)
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Failed {
			t.Errorf("%s: %s, want failed\n%s", tt.name, res.Status, res.Message)
		}
	}
}
