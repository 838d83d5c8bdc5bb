package coding

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/coding"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
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
		Variants: []any{
			// int(t/dt), which floors the times the train keeps.
			func(spikes []float64, dt, tEnd float64) []bool {
				n := int(math.Round(tEnd / dt))
				train := make([]bool, n)
				for _, t := range spikes {
					if t < 0 {
						continue
					}
					if k := int(t / dt); k < n {
						train[k] = true
					}
				}
				return train
			},
			// The spikes sorted first, each bin taking the spikes up to its end.
			func(spikes []float64, dt, tEnd float64) []bool {
				sorted := slices.Clone(spikes)
				slices.Sort(sorted)
				train := make([]bool, int(math.Round(tEnd/dt)))
				for _, t := range sorted {
					if k := math.Floor(t / dt); t >= 0 && k < float64(len(train)) {
						train[int(k)] = true
					}
				}
				return train
			},
		},
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
		Variants: []any{
			// The duration in seconds.
			func(train []bool, dt float64) float64 {
				n := 0
				for _, s := range train {
					if s {
						n++
					}
				}
				return float64(n) / (float64(len(train)) * dt / 1000)
			},
			// The mean of the bins, per ms, times 1000.
			func(train []bool, dt float64) float64 {
				var mean float64
				for k, s := range train {
					x := 0.0
					if s {
						x = 1
					}
					mean += (x - mean) / float64(k+1)
				}
				return mean / dt * 1000
			},
		},
		// Spikes per ms, not per s.
		Wrong: func() check.Result {
			return CheckTrainRate(func(train []bool, dt float64) float64 { return ref.TrainRate(train, dt) / 1000 })
		}},
	{Check: CheckWindowRate,
		Right: ref.WindowRate,
		Variants: []any{
			// Prefix sums of the train.
			func(train []bool, dt float64, half int) []float64 {
				sum := make([]int, len(train)+1)
				for k, s := range train {
					sum[k+1] = sum[k]
					if s {
						sum[k+1]++
					}
				}
				rate := make([]float64, len(train))
				for k := range rate {
					n := sum[min(len(train), k+half+1)] - sum[max(0, k-half)]
					rate[k] = float64(n) / (float64(2*half+1) * dt / 1000)
				}
				return rate
			},
			// A sliding count: one bin enters, one leaves.
			func(train []bool, dt float64, half int) []float64 {
				b := func(k int) int {
					if k >= 0 && k < len(train) && train[k] {
						return 1
					}
					return 0
				}
				n := 0
				for j := -half; j <= half; j++ {
					n += b(j)
				}
				rate := make([]float64, len(train))
				scale := 1000 / (float64(2*half+1) * dt)
				for k := range rate {
					rate[k] = float64(n) * scale
					n += b(k+half+1) - b(k-half)
				}
				return rate
			},
		},
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
		Variants: []any{
			// 1/(2σ²) precomputed, the two halves filled by symmetry.
			func(sigma, dt float64) []float64 {
				m := int(math.Ceil(3 * sigma / dt))
				c := 1 / (2 * sigma * sigma)
				k := make([]float64, 2*m+1)
				for j := 0; j <= m; j++ {
					x := float64(j) * dt
					k[m+j] = math.Exp(-c * x * x)
					k[m-j] = k[m+j]
				}
				sum := floats.Sum(k)
				floats.Scale(1/(sum*dt), k)
				return k
			},
			// ((j·dt)/σ)² halved, divided by the sum and then by dt.
			func(sigma, dt float64) []float64 {
				m := int(math.Ceil(3 * sigma / dt))
				var k []float64
				for j := -m; j <= m; j++ {
					z := float64(j) * dt / sigma
					k = append(k, math.Exp(-z*z/2))
				}
				sum := floats.Sum(k)
				for j := range k {
					k[j] = k[j] / sum / dt
				}
				return k
			},
		},
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
		Variants: []any{
			// Gathered: each bin sums the kernel over the spikes around it.
			func(train []bool, dt, sigma float64) []float64 {
				kernel := ref.GaussianKernel(sigma, dt)
				m := len(kernel) / 2
				rate := make([]float64, len(train))
				for k := range rate {
					for j := range kernel {
						if i := k - j + m; i >= 0 && i < len(train) && train[i] {
							rate[k] += kernel[j]
						}
					}
					rate[k] *= 1000
				}
				return rate
			},
			// The kernel scaled to Hz first, the spikes listed first.
			func(train []bool, dt, sigma float64) []float64 {
				kernel := ref.GaussianKernel(sigma, dt)
				floats.Scale(1000, kernel)
				m := len(kernel) / 2
				var spikes []int
				for i, s := range train {
					if s {
						spikes = append(spikes, i)
					}
				}
				rate := make([]float64, len(train))
				for _, i := range spikes {
					for k := max(0, i-m); k <= min(len(rate)-1, i+m); k++ {
						rate[k] += kernel[k-i+m]
					}
				}
				return rate
			},
		},
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
		Variants: []any{
			// Bin by bin over the trials, the scale computed once.
			func(trials [][]bool, dt float64) []float64 {
				if len(trials) == 0 {
					return nil
				}
				scale := 1000 / dt / float64(len(trials))
				rate := make([]float64, len(trials[0]))
				for k := range rate {
					for _, tr := range trials {
						if tr[k] {
							rate[k] += scale
						}
					}
				}
				return rate
			},
			// Each trial as a 0/1 vector added with floats.Add, scaled once.
			func(trials [][]bool, dt float64) []float64 {
				if len(trials) == 0 {
					return nil
				}
				sum := make([]float64, len(trials[0]))
				x := make([]float64, len(sum))
				for _, tr := range trials {
					for k, spike := range tr {
						x[k] = 0
						if spike {
							x[k] = 1
						}
					}
					floats.Add(sum, x)
				}
				floats.Scale(1000/(dt*float64(len(trials))), sum)
				return sum
			},
		},
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
		Variants: []any{
			// exp(−½·((s − pref)/width)²) with math.Pow.
			func(s, pref, width, base, amp float64) float64 {
				return base + amp*math.Exp(-0.5*math.Pow((s-pref)/width, 2))
			},
			// The terms in another order, (pref − s)².
			func(s, pref, width, base, amp float64) float64 {
				d := pref - s
				return amp*math.Exp(-d*d/2/width/width) + base
			},
		},
		// Forgets the 2 in 2·width².
		Wrong: func() check.Result {
			return CheckGaussianTuning(func(s, pref, width, base, amp float64) float64 {
				return ref.GaussianTuning(s, pref, width/math.Sqrt2, base, amp)
			})
		}},
	{Check: CheckCosineTuning,
		Right: ref.CosineTuning,
		Variants: []any{
			// Each angle in radians, the rectification by an if.
			func(s, pref, base, amp float64) float64 {
				r := base + amp*math.Cos(s*math.Pi/180-pref*math.Pi/180)
				if r < 0 {
					return 0
				}
				return r
			},
			// cos(pref − s), the cosine being even; max.
			func(s, pref, base, amp float64) float64 {
				return max(amp*math.Cos((pref-s)/180*math.Pi)+base, 0)
			},
		},
		// Not rectified: negative rates.
		Wrong: func() check.Result {
			return CheckCosineTuning(func(s, pref, base, amp float64) float64 {
				return base + amp*math.Cos((s-pref)*math.Pi/180)
			})
		}},
	{Check: CheckPreferredStimulus,
		Right: ref.PreferredStimulus,
		Variants: []any{
			// Each mean from floats.Sum, the first of the largest by slices.Index.
			func(stimuli []float64, rates [][]float64) float64 {
				means := make([]float64, len(rates))
				for i, r := range rates {
					means[i] = floats.Sum(r) / float64(len(r))
				}
				return stimuli[slices.Index(means, slices.Max(means))]
			},
			// The mean kept as a running mean.
			func(stimuli []float64, rates [][]float64) float64 {
				best, bestMean := stimuli[0], math.Inf(-1)
				for i, r := range rates {
					var m float64
					for k, x := range r {
						m += (x - m) / float64(k+1)
					}
					if m > bestMean {
						best, bestMean = stimuli[i], m
					}
				}
				return best
			},
		},
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
		Variants: []any{
			// The half level as min + (max − min)/2, each crossing as the fraction of the way.
			func(stimuli, rates []float64) float64 {
				lo, hi := floats.Min(rates), floats.Max(rates)
				h := lo + (hi-lo)/2
				first := slices.IndexFunc(rates, func(r float64) bool { return r >= h })
				last := len(rates) - 1
				for rates[last] < h {
					last--
				}
				left, right := stimuli[first], stimuli[last]
				if first > 0 {
					f := (h - rates[first-1]) / (rates[first] - rates[first-1])
					left = stimuli[first-1] + f*(stimuli[first]-stimuli[first-1])
				}
				if last < len(rates)-1 {
					f := (rates[last] - h) / (rates[last] - rates[last+1])
					right = stimuli[last] + f*(stimuli[last+1]-stimuli[last])
				}
				return right - left
			},
			// Each crossing interpolated back from the sample at or above the level.
			func(stimuli, rates []float64) float64 {
				h := (floats.Min(rates) + floats.Max(rates)) / 2
				var left, right float64
				for k := range rates {
					if rates[k] >= h {
						left = stimuli[k]
						if k > 0 {
							left -= (rates[k] - h) / (rates[k] - rates[k-1]) * (stimuli[k] - stimuli[k-1])
						}
						break
					}
				}
				for k := len(rates) - 1; k >= 0; k-- {
					if rates[k] >= h {
						right = stimuli[k]
						if k < len(rates)-1 {
							right += (rates[k] - h) / (rates[k] - rates[k+1]) * (stimuli[k+1] - stimuli[k])
						}
						break
					}
				}
				return right - left
			},
		},
		// Half of the maximum, forgetting the baseline.
		Wrong: func() check.Result {
			return CheckFWHM(func(stimuli, rates []float64) float64 {
				shifted := append([]float64{0}, rates...)
				return ref.FWHM(append([]float64{stimuli[0] - 1e-9}, stimuli...), shifted)
			})
		}},
	{Check: CheckPoissonTrain,
		Right: ref.PoissonTrain,
		Variants: []any{
			// Another random stream.
			func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				return ref.PoissonTrain(rate, dt, tEnd, otherStream(rng))
			},
			// 1 − U, uniform on (0, 1], at or below the probability; the bins appended.
			func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				var train []bool
				for range int(math.Round(tEnd / dt)) {
					train = append(train, 1-rng.Float64() <= rate/1000*dt)
				}
				return train
			},
		},
		// rate·dt without the /1000: a probability far too high.
		Wrong: func() check.Result {
			return CheckPoissonTrain(func(rate, dt, tEnd float64, rng *rand.Rand) []bool {
				return ref.PoissonTrain(rate*1000, dt, tEnd, rng)
			})
		}},
	{Check: CheckPoissonSpikes,
		Right: ref.PoissonSpikes,
		Variants: []any{
			// Another random stream.
			func(rate, tEnd float64, rng *rand.Rand) []float64 {
				return ref.PoissonSpikes(rate, tEnd, otherStream(rng))
			},
			// Each interval by inversion, −ln(1 − U)·1000/rate.
			func(rate, tEnd float64, rng *rand.Rand) []float64 {
				var spikes []float64
				t := 0.0
				for {
					t -= math.Log(1-rng.Float64()) * 1000 / rate
					if t >= tEnd {
						return spikes
					}
					spikes = append(spikes, t)
				}
			},
		},
		// Regular intervals of 1000/rate: the right rate, no randomness.
		Wrong: func() check.Result {
			return CheckPoissonSpikes(func(rate, tEnd float64, rng *rand.Rand) []float64 { return regularSpikes(rate, tEnd) })
		}},
	{Check: CheckPoissonCounts,
		Right: ref.PoissonCounts,
		Variants: []any{
			// Counts drawn directly as Poisson numbers, not from trains.
			func(rate, window float64, trials int, rng *rand.Rand) []int {
				counts := make([]int, trials)
				for k := range counts {
					counts[k] = ref.PoissonCount(rate*window/1000, rng)
				}
				return counts
			},
			// Intervals −ln(U)/rate summed until the window ends, another stream.
			func(rate, window float64, trials int, rng *rand.Rand) []int {
				r := otherStream(rng)
				var counts []int
				for range trials {
					n := 0
					for t := -math.Log(1-r.Float64()) * 1000 / rate; t < window; t -= math.Log(1-r.Float64()) * 1000 / rate {
						n++
					}
					counts = append(counts, n)
				}
				return counts
			},
		},
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
		Variants: []any{
			// Sums of n and n² in one pass.
			func(counts []int) float64 {
				var s, s2 float64
				for _, c := range counts {
					s, s2 = s+float64(c), s2+float64(c*c)
				}
				n := float64(len(counts))
				m := s / n
				return (s2 - n*m*m) / (n - 1) / m
			},
			// gonum's stat.MeanVariance.
			func(counts []int) float64 {
				x := make([]float64, len(counts))
				for k, c := range counts {
					x[k] = float64(c)
				}
				m, v := stat.MeanVariance(x, nil)
				return v / m
			},
		},
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
		Variants: []any{
			// Another random stream.
			func(rate, tEnd float64, rng *rand.Rand) float64 {
				return ref.PoissonCV(rate, tEnd, otherStream(rng))
			},
			// The intervals drawn directly, the CV from sums of x and x².
			func(rate, tEnd float64, rng *rand.Rand) float64 {
				var s, s2 float64
				n := 0
				last := 0.0
				for t := rng.ExpFloat64() * 1000 / rate; t < tEnd; t += rng.ExpFloat64() * 1000 / rate {
					if last > 0 {
						d := t - last
						s, s2, n = s+d, s2+d*d, n+1
					}
					last = t
				}
				m := s / float64(n)
				return math.Sqrt(s2/float64(n)-m*m) / m
			},
		},
		// The standard deviation of the intervals (ms), not divided by the mean.
		Wrong: func() check.Result {
			return CheckPoissonCV(func(rate, tEnd float64, rng *rand.Rand) float64 {
				_, v := ref.MeanVariance(ref.ISIs(ref.PoissonSpikes(rate, tEnd, rng)))
				return math.Sqrt(v)
			})
		}},
	{Check: CheckDeadTimeSpikes,
		Right: ref.DeadTimeSpikes,
		Variants: []any{
			// Another random stream.
			func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				return ref.DeadTimeSpikes(rate, deadTime, tEnd, otherStream(rng))
			},
			// The exponential part as −ln(U)·mean, the spikes appended while below t_end.
			func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				mean := 1000/rate - deadTime
				var spikes []float64
				t := 0.0
				for {
					t += deadTime - mean*math.Log(1-rng.Float64())
					if t >= tEnd {
						return spikes
					}
					spikes = append(spikes, t)
				}
			},
		},
		// Adds the dead time to intervals of mean 1000/rate: the output rate
		// falls and the CV is 1/(1 + rate·deadTime).
		Wrong: func() check.Result {
			return CheckDeadTimeSpikes(func(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
				return ref.DeadTimeSpikes(1000/(1000/rate+deadTime), deadTime, tEnd, rng)
			})
		}},
	{Check: CheckThinning,
		Right: ref.Thinning,
		Variants: []any{
			// Another random stream.
			func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.Thinning(rate, rMax, tEnd, otherStream(rng))
			},
			// The candidates drawn first, then kept with probability rate(t)/r_max.
			func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				var kept []float64
				for _, t := range ref.PoissonSpikes(rMax, tEnd, rng) {
					if rng.Float64() < rate(t)/rMax {
						kept = append(kept, t)
					}
				}
				return kept
			},
		},
		// Accepts with probability 1 − rate(t)/rMax.
		Wrong: func() check.Result {
			return CheckThinning(func(rate func(float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
				return ref.Thinning(func(t float64) float64 { return rMax - rate(t) }, rMax, tEnd, rng)
			})
		}},
	{Check: CheckSTA,
		Right: ref.STA,
		Variants: []any{
			// The spike bins listed first, the window read forwards.
			func(stimulus []float64, train []bool, lags int) []float64 {
				var spikes []int
				for k := lags - 1; k < len(train); k++ {
					if train[k] {
						spikes = append(spikes, k)
					}
				}
				sta := make([]float64, lags)
				if len(spikes) == 0 {
					return sta
				}
				for _, k := range spikes {
					window := stimulus[k-lags+1 : k+1]
					for j := range sta {
						sta[j] += window[lags-1-j]
					}
				}
				floats.Scale(1/float64(len(spikes)), sta)
				return sta
			},
			// A running mean of the windows.
			func(stimulus []float64, train []bool, lags int) []float64 {
				sta := make([]float64, lags)
				n := 0
				for k := range train {
					if !train[k] || k < lags-1 {
						continue
					}
					n++
					for j := range sta {
						sta[j] += (stimulus[k-j] - sta[j]) / float64(n)
					}
				}
				return sta
			},
		},
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
		Variants: []any{
			// Another random stream.
			func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
				return ref.LNP(stimulus, filter, r0, dt, otherStream(rng))
			},
			// The filter applied as a sum over past bins, the probability as exp(g + ln(r0·dt/1000)).
			func(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
				train := make([]bool, len(stimulus))
				for k := range train {
					var g float64
					for i := max(0, k-len(filter)+1); i <= k; i++ {
						g += stimulus[i] * filter[k-i]
					}
					train[k] = rng.Float64() < math.Min(1, math.Exp(g+math.Log(r0*dt/1000)))
				}
				return train
			},
		},
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
		Variants: []any{
			// The spacing precomputed.
			func(n int, lo, hi float64) []float64 {
				step := (hi - lo) / float64(n)
				p := make([]float64, n)
				for k := range p {
					p[k] = lo + step*float64(k)
				}
				return p
			},
			// Accumulated: each one step after the one before.
			func(n int, lo, hi float64) []float64 {
				var p []float64
				for x, k := lo, 0; k < n; x, k = x+(hi-lo)/float64(n), k+1 {
					p = append(p, x)
				}
				return p
			},
		},
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
		Variants: []any{
			// The Gaussian written out, 1/(2·width²) precomputed.
			func(s float64, prefs []float64, width, base, amp float64) []float64 {
				c := 1 / (2 * width * width)
				var r []float64
				for _, p := range prefs {
					r = append(r, base+amp*math.Exp(-c*(s-p)*(s-p)))
				}
				return r
			},
			// Level 7's curve with the stimulus and the preference swapped (it is symmetric).
			func(s float64, prefs []float64, width, base, amp float64) []float64 {
				r := make([]float64, len(prefs))
				for i := range prefs {
					r[i] = ref.GaussianTuning(prefs[i], s, width, base, amp)
				}
				return r
			},
		},
		// Leaves out the baseline.
		Wrong: func() check.Result {
			return CheckPopulationRates(func(s float64, prefs []float64, width, base, amp float64) []float64 {
				return ref.PopulationRates(s, prefs, width, 0, amp)
			})
		}},
	{Check: CheckPopulationCounts,
		Right: ref.PopulationCounts,
		Variants: []any{
			// Counts from Poisson trains of the window instead of the product method.
			func(rates []float64, window float64, rng *rand.Rand) []int {
				counts := make([]int, len(rates))
				for i, r := range rates {
					counts[i] = len(ref.PoissonSpikes(r, window, rng))
				}
				return counts
			},
			// Inversion: the first n whose cumulative Poisson probability exceeds U.
			func(rates []float64, window float64, rng *rand.Rand) []int {
				counts := make([]int, len(rates))
				for i, r := range rates {
					mu := r * window / 1000
					u := rng.Float64()
					p := math.Exp(-mu)
					cum := p
					n := 0
					for u > cum && p > 0 {
						n++
						p *= mu / float64(n)
						cum += p
					}
					counts[i] = n
				}
				return counts
			},
		},
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
		Variants: []any{
			// Sums of products in one pass: (NΣab − ΣaΣb)/√((NΣa² − (Σa)²)(NΣb² − (Σb)²)).
			func(a, b []int) float64 {
				var sa, sb, saa, sbb, sab float64
				for k := range a {
					x, y := float64(a[k]), float64(b[k])
					sa, sb, saa, sbb, sab = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y
				}
				n := float64(len(a))
				return (n*sab - sa*sb) / math.Sqrt((n*saa-sa*sa)*(n*sbb-sb*sb))
			},
			// gonum's stat.Correlation.
			func(a, b []int) float64 {
				x, y := make([]float64, len(a)), make([]float64, len(b))
				for k := range a {
					x[k], y[k] = float64(a[k]), float64(b[k])
				}
				return stat.Correlation(x, y, nil)
			},
		},
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
		Variants: []any{
			// f and f′ written out, the window in seconds.
			func(s, pref, width, base, amp, window float64) float64 {
				d := s - pref
				e := amp * math.Exp(-d*d/(2*width*width))
				df := -d / (width * width) * e
				return (window / 1000) * df * df / (base + e)
			},
			// (f′)²/f as (f′/f)²·f.
			func(s, pref, width, base, amp, window float64) float64 {
				f := ref.GaussianTuning(s, pref, width, base, amp)
				g := ref.GaussianSlope(s, pref, width, base, amp) / f
				return g * g * f * window / 1000
			},
		},
		// The window in ms taken for seconds.
		Wrong: func() check.Result {
			return CheckFisherInfo(func(s, pref, width, base, amp, window float64) float64 {
				return ref.FisherInfo(s, pref, width, base, amp, window*1000)
			})
		}},
	{Check: CheckPopulationFisher,
		Right: ref.PopulationFisher,
		Variants: []any{
			// The threshold as I^(−1/2).
			func(s float64, prefs []float64, width, base, amp, window float64) (float64, float64) {
				var info float64
				for _, p := range prefs {
					info += ref.FisherInfo(s, p, width, base, amp, window)
				}
				return info, math.Pow(info, -0.5)
			},
			// The window factored out of the sum.
			func(s float64, prefs []float64, width, base, amp, window float64) (float64, float64) {
				var sum float64
				for _, p := range prefs {
					df := ref.GaussianSlope(s, p, width, base, amp)
					sum += df * df / ref.GaussianTuning(s, p, width, base, amp)
				}
				info := sum * window / 1000
				return info, 1 / math.Sqrt(info)
			},
		},
		// Threshold 1/I instead of 1/√I.
		Wrong: func() check.Result {
			return CheckPopulationFisher(func(s float64, prefs []float64, width, base, amp, window float64) (float64, float64) {
				info, _ := ref.PopulationFisher(s, prefs, width, base, amp, window)
				return info, 1 / info
			})
		}},
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

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
