// Package coding holds the reference answers of Project 7, Neural Coding.
// Units: time in ms (bins of dt ms), rates in Hz, stimuli in degrees, Fisher
// information in 1/deg².
//
// A spike train comes in two forms: a binary array over bins of dt, whose
// bin k covers the times [k·dt, (k+1)·dt), and a sorted list of spike times.
package coding

import (
	"math"
	"math/rand/v2"
)

// SpikeTrain returns the binary array of round(tEnd/dt) bins of dt (ms) in
// which bin k is true if one of the spike times (ms) lies in
// [k·dt, (k+1)·dt). Spikes at tEnd or later, or before 0, are left out.
func SpikeTrain(spikes []float64, dt, tEnd float64) []bool {
	train := make([]bool, int(math.Round(tEnd/dt)))
	for _, t := range spikes {
		if k := int(math.Floor(t / dt)); t >= 0 && k < len(train) {
			train[k] = true
		}
	}
	return train
}

// TrainRate returns the mean rate (Hz) of a binary train with bins of dt
// (ms): spikes over its duration len(train)·dt, times 1000.
func TrainRate(train []bool, dt float64) float64 {
	return 1000 * float64(count(train)) / (float64(len(train)) * dt)
}

func count(train []bool) int {
	n := 0
	for _, s := range train {
		if s {
			n++
		}
	}
	return n
}

// WindowRate returns, for each bin k of the train (bins of dt ms), the rate
// (Hz) in the window of the 2·half + 1 bins from k − half to k + half: the
// spikes in it over (2·half + 1)·dt, times 1000. Bins past either end of the
// train count as empty.
func WindowRate(train []bool, dt float64, half int) []float64 {
	rate := make([]float64, len(train))
	width := float64(2*half+1) * dt
	for k := range rate {
		n := 0
		for j := max(0, k-half); j <= min(len(train)-1, k+half); j++ {
			if train[j] {
				n++
			}
		}
		rate[k] = 1000 * float64(n) / width
	}
	return rate
}

// KernelHalf returns the number of bins m on each side of a Gaussian
// kernel of width sigma (ms) with bins of dt (ms): ceil(3·sigma/dt).
func KernelHalf(sigma, dt float64) int { return int(math.Ceil(3 * sigma / dt)) }

// GaussianKernel returns the Gaussian kernel of width sigma (ms) sampled at
// the offsets j·dt, j = −m … m with m = KernelHalf(sigma, dt), scaled so
// that its values times dt sum to 1: units 1/ms.
func GaussianKernel(sigma, dt float64) []float64 {
	m := KernelHalf(sigma, dt)
	k := make([]float64, 2*m+1)
	sum := 0.0
	for j := range k {
		x := float64(j-m) * dt
		k[j] = math.Exp(-x * x / (2 * sigma * sigma))
		sum += k[j]
	}
	for j := range k {
		k[j] /= sum * dt
	}
	return k
}

// SmoothedRate returns the rate (Hz) of the train (bins of dt ms) smoothed
// by the Gaussian kernel of width sigma (ms): in bin k,
// 1000·Σ_j K[j]·train[k − (j − m)], bins past the ends counting as empty.
func SmoothedRate(train []bool, dt, sigma float64) []float64 {
	kernel := GaussianKernel(sigma, dt)
	m := len(kernel) / 2
	rate := make([]float64, len(train))
	for i, s := range train {
		if !s {
			continue
		}
		for j, kv := range kernel {
			if k := i + j - m; k >= 0 && k < len(rate) {
				rate[k] += 1000 * kv
			}
		}
	}
	return rate
}

// PSTH returns the peri-stimulus time histogram (Hz) of trials of equal
// length with bins of dt (ms): in bin k, the number of trials with a spike
// there over trials·dt, times 1000.
func PSTH(trials [][]bool, dt float64) []float64 {
	if len(trials) == 0 {
		return nil
	}
	rate := make([]float64, len(trials[0]))
	for _, tr := range trials {
		for k, s := range tr {
			if s {
				rate[k]++
			}
		}
	}
	for k := range rate {
		rate[k] *= 1000 / (float64(len(trials)) * dt)
	}
	return rate
}

// GaussianTuning returns the rate (Hz) of a neuron with a Gaussian tuning
// curve at the stimulus s (deg): base + amp·exp(−(s − pref)²/(2·width²)),
// with the preferred stimulus pref and the width (deg), the baseline base
// and the amplitude amp (Hz).
func GaussianTuning(s, pref, width, base, amp float64) float64 {
	d := s - pref
	return base + amp*math.Exp(-d*d/(2*width*width))
}

// GaussianSlope returns the derivative (Hz/deg) of GaussianTuning with
// respect to s.
func GaussianSlope(s, pref, width, base, amp float64) float64 {
	d := s - pref
	return -amp * d / (width * width) * math.Exp(-d*d/(2*width*width))
}

// CosineTuning returns the rate (Hz) of a direction-tuned neuron at the
// direction s (deg): base + amp·cos(s − pref), rectified at 0.
func CosineTuning(s, pref, base, amp float64) float64 {
	return math.Max(0, base+amp*math.Cos((s-pref)*math.Pi/180))
}

// PreferredStimulus returns the stimulus (deg) whose trials, rates[i] at
// stimuli[i] (Hz), have the highest mean rate; the first of equals.
func PreferredStimulus(stimuli []float64, rates [][]float64) float64 {
	best, bestMean := 0, math.Inf(-1)
	for i, r := range rates {
		m := 0.0
		for _, x := range r {
			m += x
		}
		m /= float64(len(r))
		if m > bestMean {
			best, bestMean = i, m
		}
	}
	return stimuli[best]
}

// FWHM returns the full width at half maximum (deg) of a tuning curve
// sampled at increasing stimuli (deg): the half level is halfway between
// the lowest and the highest rate; the width runs from the first to the last
// crossing of that level, each placed by linear interpolation between the
// samples on either side (at the first or last stimulus if the curve starts
// or ends above it).
func FWHM(stimuli, rates []float64) float64 {
	lo, hi := rates[0], rates[0]
	for _, r := range rates {
		lo, hi = math.Min(lo, r), math.Max(hi, r)
	}
	h := (lo + hi) / 2
	cross := func(i, j int) float64 { // between samples i (below) and j (at or above)
		return stimuli[i] + (h-rates[i])*(stimuli[j]-stimuli[i])/(rates[j]-rates[i])
	}
	first, last := 0, len(rates)-1
	for rates[first] < h {
		first++
	}
	for rates[last] < h {
		last--
	}
	left, right := stimuli[first], stimuli[last]
	if first > 0 {
		left = cross(first-1, first)
	}
	if last < len(rates)-1 {
		right = cross(last+1, last)
	}
	return right - left
}

// PoissonTrain returns a homogeneous Poisson train of the rate (Hz) as a
// binary array of round(tEnd/dt) bins of dt (ms): each bin, on its own,
// holds a spike with probability rate·dt/1000, drawn from rng.
func PoissonTrain(rate, dt, tEnd float64, rng *rand.Rand) []bool {
	train := make([]bool, int(math.Round(tEnd/dt)))
	p := rate * dt / 1000
	for k := range train {
		train[k] = rng.Float64() < p
	}
	return train
}

// PoissonSpikes returns the spike times (ms) before tEnd (ms) of a Poisson
// process of the rate (Hz), drawn interval by interval: each interval is
// exponential with mean 1000/rate ms, from rng.ExpFloat64.
func PoissonSpikes(rate, tEnd float64, rng *rand.Rand) []float64 {
	var spikes []float64
	for t := rng.ExpFloat64() * 1000 / rate; t < tEnd; t += rng.ExpFloat64() * 1000 / rate {
		spikes = append(spikes, t)
	}
	return spikes
}

// PoissonCounts returns the spike counts of trials trials of PoissonSpikes
// of the rate (Hz) over a window (ms).
func PoissonCounts(rate, window float64, trials int, rng *rand.Rand) []int {
	counts := make([]int, trials)
	for k := range counts {
		counts[k] = len(PoissonSpikes(rate, window, rng))
	}
	return counts
}

// MeanVariance returns the mean of x and its sample variance, dividing by
// len(x) − 1.
func MeanVariance(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}

func floats(counts []int) []float64 {
	x := make([]float64, len(counts))
	for k, c := range counts {
		x[k] = float64(c)
	}
	return x
}

// FanoFactor returns the sample variance of the counts (dividing by n − 1)
// over their mean.
func FanoFactor(counts []int) float64 {
	mean, variance := MeanVariance(floats(counts))
	return variance / mean
}

// ISIs returns the intervals (ms) between consecutive spike times (ms).
func ISIs(spikes []float64) []float64 {
	if len(spikes) < 2 {
		return nil
	}
	isis := make([]float64, len(spikes)-1)
	for k := range isis {
		isis[k] = spikes[k+1] - spikes[k]
	}
	return isis
}

// CV returns the coefficient of variation of the intervals: their standard
// deviation, dividing by their number, over their mean.
func CV(isis []float64) float64 {
	mean, variance := MeanVariance(isis)
	n := float64(len(isis))
	return math.Sqrt(variance*(n-1)/n) / mean
}

// PoissonCV returns the CV of the intervals of PoissonSpikes(rate, tEnd,
// rng).
func PoissonCV(rate, tEnd float64, rng *rand.Rand) float64 {
	return CV(ISIs(PoissonSpikes(rate, tEnd, rng)))
}

// DeadTimeSpikes returns the spike times (ms) before tEnd (ms) of a Poisson
// process with a dead time (ms) firing at the output rate (Hz): every
// interval, the first one from 0 included, is deadTime plus an exponential
// of mean 1000/rate − deadTime ms (rate·deadTime must be below 1000).
func DeadTimeSpikes(rate, deadTime, tEnd float64, rng *rand.Rand) []float64 {
	var spikes []float64
	mean := 1000/rate - deadTime
	for t := deadTime + rng.ExpFloat64()*mean; t < tEnd; t += deadTime + rng.ExpFloat64()*mean {
		spikes = append(spikes, t)
	}
	return spikes
}

// Thinning returns the spike times (ms) before tEnd (ms) of an
// inhomogeneous Poisson process of rate(t) (Hz, t in ms), at most rMax (Hz):
// candidates from PoissonSpikes(rMax, tEnd, rng), each kept with
// probability rate(t)/rMax, when rng.Float64()·rMax < rate(t) (the uniform
// drawn after the candidate's interval).
func Thinning(rate func(t float64) float64, rMax, tEnd float64, rng *rand.Rand) []float64 {
	var spikes []float64
	for t := rng.ExpFloat64() * 1000 / rMax; t < tEnd; t += rng.ExpFloat64() * 1000 / rMax {
		if rng.Float64()*rMax < rate(t) {
			spikes = append(spikes, t)
		}
	}
	return spikes
}

// STA returns the spike-triggered average of the stimulus over lags bins:
// element j is the mean of stimulus[k − j] over the spikes at bins k of the
// train with k ≥ lags − 1 (earlier spikes lack a full history). With no
// such spike it is all zeros.
func STA(stimulus []float64, train []bool, lags int) []float64 {
	sta := make([]float64, lags)
	n := 0
	for k := lags - 1; k < len(train); k++ {
		if !train[k] {
			continue
		}
		n++
		for j := range sta {
			sta[j] += stimulus[k-j]
		}
	}
	if n > 0 {
		for j := range sta {
			sta[j] /= float64(n)
		}
	}
	return sta
}

// Drive returns the filtered stimulus g[k] = Σ_j filter[j]·stimulus[k − j]
// over j = 0 … len(filter) − 1 with k − j ≥ 0: filter[j] weighs the stimulus
// j bins ago.
func Drive(stimulus, filter []float64) []float64 {
	g := make([]float64, len(stimulus))
	for k := range g {
		var sum float64
		for j, h := range filter[:min(len(filter), k+1)] {
			sum += h * stimulus[k-j]
		}
		g[k] = sum
	}
	return g
}

// LNPProbabilities returns the probability of a spike in each bin of dt
// (ms) of the LNP neuron: DriveProbabilities of the Drive of the stimulus
// through the filter.
func LNPProbabilities(stimulus, filter []float64, r0, dt float64) []float64 {
	return DriveProbabilities(Drive(stimulus, filter), r0, dt)
}

// DriveProbabilities returns the probability of a spike in each bin of dt
// (ms) at the drive g: min(1, r0·exp(g[k])·dt/1000), with r0 (Hz) the rate
// at zero drive.
func DriveProbabilities(g []float64, r0, dt float64) []float64 {
	p := make([]float64, len(g))
	for k, gk := range g {
		p[k] = math.Min(1, r0*math.Exp(gk)*dt/1000)
	}
	return p
}

// LNP returns the binary train of a linear-nonlinear-Poisson neuron driven
// by the stimulus (one value per bin of dt ms): bin k holds a spike when
// rng.Float64() is below its probability from LNPProbabilities.
func LNP(stimulus, filter []float64, r0, dt float64, rng *rand.Rand) []bool {
	train := make([]bool, len(stimulus))
	for k, p := range LNPProbabilities(stimulus, filter, r0, dt) {
		train[k] = rng.Float64() < p
	}
	return train
}

// WhiteNoise returns n samples of Gaussian white noise of mean 0 and
// standard deviation 1, from rng.NormFloat64.
func WhiteNoise(n int, rng *rand.Rand) []float64 {
	x := make([]float64, n)
	for k := range x {
		x[k] = rng.NormFloat64()
	}
	return x
}

// Preferred returns the preferred stimuli (deg) of n neurons spaced evenly
// over [lo, hi): lo + k·(hi − lo)/n.
func Preferred(n int, lo, hi float64) []float64 {
	p := make([]float64, n)
	for k := range p {
		p[k] = lo + float64(k)*(hi-lo)/float64(n)
	}
	return p
}

// PopulationRates returns the rate (Hz) of each neuron, GaussianTuning
// with preferred stimulus prefs[i] (deg), at the stimulus s (deg).
func PopulationRates(s float64, prefs []float64, width, base, amp float64) []float64 {
	r := make([]float64, len(prefs))
	for i, p := range prefs {
		r[i] = GaussianTuning(s, p, width, base, amp)
	}
	return r
}

// PoissonCount draws a Poisson number of mean mu by multiplying uniform
// numbers from rng until the product falls to e^(−mu) or below.
func PoissonCount(mu float64, rng *rand.Rand) int {
	n := 0
	limit := math.Exp(-mu)
	for p := rng.Float64(); p > limit; p *= rng.Float64() {
		n++
	}
	return n
}

// PopulationCounts returns a Poisson spike count of mean rates[i]·window/1000
// for each neuron (rates in Hz, window in ms), from rng.
func PopulationCounts(rates []float64, window float64, rng *rand.Rand) []int {
	counts := make([]int, len(rates))
	for i, r := range rates {
		counts[i] = PoissonCount(r*window/1000, rng)
	}
	return counts
}

// Correlation returns the Pearson correlation coefficient of two neurons'
// spike counts over the same trials.
func Correlation(a, b []int) float64 {
	ma, va := MeanVariance(floats(a))
	mb, vb := MeanVariance(floats(b))
	cov := 0.0
	for k := range a {
		cov += (float64(a[k]) - ma) * (float64(b[k]) - mb)
	}
	cov /= float64(len(a) - 1)
	return cov / math.Sqrt(va*vb)
}

// FisherInfo returns the Fisher information (1/deg²) about the stimulus s
// (deg) of the Poisson count over a window (ms) of a neuron with
// GaussianTuning: (window/1000)·f′(s)²/f(s).
func FisherInfo(s, pref, width, base, amp, window float64) float64 {
	f, df := GaussianTuning(s, pref, width, base, amp), GaussianSlope(s, pref, width, base, amp)
	return window / 1000 * df * df / f
}

// PopulationFisher returns the Fisher information (1/deg²) of independent
// Poisson neurons with preferred stimuli prefs (deg), the sum of their
// FisherInfo, and the discrimination threshold 1/√I (deg).
func PopulationFisher(s float64, prefs []float64, width, base, amp, window float64) (info, threshold float64) {
	for _, p := range prefs {
		info += FisherInfo(s, p, width, base, amp, window)
	}
	return info, 1 / math.Sqrt(info)
}
