// Package coding checks the levels of Project 7, Neural Coding: spike
// trains and firing rates, tuning curves, Poisson spike trains and their
// statistics, the spike-triggered average and the LNP model, and
// populations of tuned neurons with their Fisher information. Units: time
// in ms (bins of dt ms), rates in Hz, stimuli in degrees, Fisher information
// in 1/deg².
//
// A spike train comes in two forms: a binary array over bins of dt, whose
// bin k covers the times [k·dt, (k+1)·dt), and a sorted list of spike times
// (ms).
//
// The levels are in three files by theme: spike trains and rates (levels
// 1–6, this file) and tuning curves (7–10, tuning.go); Poisson trains and
// their statistics (11–17, poisson.go); the spike-triggered average, the LNP
// model and populations (18–25, population.go).
package coding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/coding"
)

// Project is this project's number in the course.
const Project = 7

// tol is the tolerance of answers computed by sums whose order the learner
// may choose.
var tol = check.Tol{Rel: 1e-9, Abs: 1e-9}

type spikeTrainCase struct {
	Spikes   []float64
	Dt, TEnd float64
}

// randomSpikes draws spike times (ms) inside bins of dt, away from their
// edges, with a spike in a bin with probability p, over n bins.
func randomSpikes(r *rand.Rand, n int, dt, p float64) []float64 {
	var spikes []float64
	for k := range n {
		if r.Float64() < p {
			spikes = append(spikes, math.Round((float64(k)+check.Uniform(r, 0.05, 0.95))*dt*1e4)/1e4)
		}
	}
	return spikes
}

// randomTrain draws a binary train of n bins, each holding a spike with
// probability p.
func randomTrain(r *rand.Rand, n int, p float64) []bool {
	train := make([]bool, n)
	for k := range train {
		train[k] = r.Float64() < p
	}
	return train
}

var spikeTrainLevel = check.Register(&check.Level[spikeTrainCase, []bool]{
	Project: Project, Number: 1, Title: "Spike train as a binary array", Func: "SpikeTrain",
	Fixed: []spikeTrainCase{
		{[]float64{0.25, 1.7, 3.9}, 0.5, 5},
		{[]float64{0.05, 0.08, 2.26, 9.99}, 1, 10},
		{[]float64{1.5, 12.5}, 1, 10},
		{nil, 0.1, 2},
	},
	Random: func(r *rand.Rand) spikeTrainCase {
		dt := []float64{0.1, 0.5, 1, 2}[r.IntN(4)]
		n := 20 + r.IntN(200)
		return spikeTrainCase{randomSpikes(r, n, dt, 0.2), dt, float64(n) * dt}
	},
	Judge: func(c spikeTrainCase, got []bool) error {
		if want := ref.SpikeTrain(c.Spikes, c.Dt, c.TEnd); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	},
	Show: func(c spikeTrainCase) string {
		return fmt.Sprintf("spikes at %v ms, dt = %g ms, t_end = %g ms", c.Spikes, c.Dt, c.TEnd)
	},
	Hint: "There are round(tEnd/dt) bins. The spike at t falls in bin k = int(math.Floor(t/dt)) " +
		"(floor, not round); leave out spikes at tEnd or later.",
})

// CheckSpikeTrain checks Level 1: spikeTrain(spikes, dt, tEnd) returns the
// binary array of round(tEnd/dt) bins of dt (ms) whose bin k is true when a
// spike time (ms) lies in [k·dt, (k+1)·dt); spikes at tEnd or later are
// left out.
func CheckSpikeTrain(spikeTrain func(spikes []float64, dt, tEnd float64) []bool) check.Result {
	return spikeTrainLevel.Check(func(in spikeTrainCase) []bool { return spikeTrain(in.Spikes, in.Dt, in.TEnd) })
}

type trainCase struct {
	Train []bool
	Dt    float64
}

func (c trainCase) String() string {
	return fmt.Sprintf("a train of %d bins of dt = %g ms with %d spikes at bins %v",
		len(c.Train), c.Dt, len(compact(c.Train).Spikes), compact(c.Train).Spikes)
}

var trainRateLevel = check.Register(&check.Level[trainCase, float64]{
	Project: Project, Number: 2, Title: "Count to rate", Func: "TrainRate",
	Fixed: []trainCase{
		{[]bool{false, true, false, false, true, false, false, false, false, false}, 1},
		{[]bool{true, true, false, true}, 0.5},
		{make([]bool, 100), 0.1},
	},
	Random: func(r *rand.Rand) trainCase {
		return trainCase{randomTrain(r, 50+r.IntN(2000), check.Uniform(r, 0, 0.1)), []float64{0.1, 0.5, 1, 2}[r.IntN(4)]}
	},
	Judge: check.Near(func(c trainCase) float64 { return ref.TrainRate(c.Train, c.Dt) }, check.Exact),
	Show:  trainCase.String,
	Hint:  "Count the true bins and divide by the duration len(train)·dt: that is spikes per ms. Multiply by 1000 for Hz.",
})

// CheckTrainRate checks Level 2: trainRate(train, dt) returns the mean rate
// (Hz) of a binary train with bins of dt (ms).
func CheckTrainRate(trainRate func(train []bool, dt float64) float64) check.Result {
	return trainRateLevel.Check(func(in trainCase) float64 { return trainRate(in.Train, in.Dt) })
}

type windowCase struct {
	Train []bool
	Dt    float64
	Half  int
}

var windowRateLevel = check.Register(&check.Level[windowCase, []float64]{
	Project: Project, Number: 3, Title: "Sliding-window rate", Func: "WindowRate",
	Fixed: []windowCase{
		{[]bool{false, false, true, false, false, false, true, true, false, false}, 1, 1},
		{[]bool{true, false, false, false, true}, 0.5, 2},
		{[]bool{false, true, false}, 2, 0},
	},
	Random: func(r *rand.Rand) windowCase {
		return windowCase{randomTrain(r, 30+r.IntN(300), check.Uniform(r, 0.02, 0.2)),
			[]float64{0.1, 0.5, 1, 2}[r.IntN(4)], 1 + r.IntN(15)}
	},
	Judge: check.NearSlice(func(c windowCase) []float64 { return ref.WindowRate(c.Train, c.Dt, c.Half) }, tol),
	Show: func(c windowCase) string {
		return fmt.Sprintf("%v, half = %d bins", trainCase{c.Train, c.Dt}, c.Half)
	},
	Hint: "For bin k count the spikes in bins k − half … k + half that exist, and divide by the full window " +
		"(2·half + 1)·dt ms, even at the ends; multiply by 1000 for Hz.",
})

// CheckWindowRate checks Level 3: windowRate(train, dt, half) returns, for
// each bin k of the binary train (bins of dt ms), the rate (Hz) in the window
// of bins k − half to k + half: its spikes over (2·half + 1)·dt, times 1000,
// bins past the ends counting as empty.
func CheckWindowRate(windowRate func(train []bool, dt float64, half int) []float64) check.Result {
	return windowRateLevel.Check(func(in windowCase) []float64 { return windowRate(in.Train, in.Dt, in.Half) })
}

type kernelCase struct{ Sigma, Dt float64 }

var gaussianKernelLevel = check.Register(&check.Level[kernelCase, []float64]{
	Project: Project, Number: 4, Title: "Gaussian kernel, normalized", Func: "GaussianKernel",
	Fixed: []kernelCase{{1, 0.5}, {10, 2}, {5, 0.1}, {0.3, 0.25}},
	Random: func(r *rand.Rand) kernelCase {
		return kernelCase{check.Uniform(r, 1, 50), []float64{0.1, 0.5, 2}[r.IntN(3)]}
	},
	Judge: check.NearSlice(func(c kernelCase) []float64 { return ref.GaussianKernel(c.Sigma, c.Dt) }, tol),
	Show:  func(c kernelCase) string { return fmt.Sprintf("σ = %.4g ms, dt = %g ms", c.Sigma, c.Dt) },
	Hint: "m = int(math.Ceil(3*sigma/dt)); the kernel has 2m + 1 values exp(−(j·dt)²/(2σ²)) for j = −m … m, " +
		"each divided by (their sum × dt), so that Σ K·dt = 1: units 1/ms.",
})

// CheckGaussianKernel checks Level 4: gaussianKernel(sigma, dt) returns the
// Gaussian kernel of width sigma (ms) at the offsets j·dt (ms), j = −m … m
// with m = ceil(3·sigma/dt), divided by its sum times dt so that its values
// times dt add up to 1 (units 1/ms).
func CheckGaussianKernel(gaussianKernel func(sigma, dt float64) []float64) check.Result {
	return gaussianKernelLevel.Check(func(in kernelCase) []float64 { return gaussianKernel(in.Sigma, in.Dt) })
}

type smoothCase struct {
	Train     []bool
	Dt, Sigma float64
}

var smoothedRateLevel = check.Register(&check.Level[smoothCase, []float64]{
	Project: Project, Number: 5, Title: "Rate by convolution", Func: "SmoothedRate",
	Fixed: []smoothCase{
		{[]bool{false, false, false, false, true, false, false, false, false}, 1, 1},
		{[]bool{true, false, false, true, false, false, false, false, false, false, false, true}, 0.5, 1},
	},
	Random: func(r *rand.Rand) smoothCase {
		return smoothCase{randomTrain(r, 50+r.IntN(400), check.Uniform(r, 0.01, 0.1)),
			[]float64{0.1, 0.5, 1, 2}[r.IntN(4)], check.Uniform(r, 1, 20)}
	},
	Judge: check.NearSlice(func(c smoothCase) []float64 { return ref.SmoothedRate(c.Train, c.Dt, c.Sigma) }, tol),
	Show: func(c smoothCase) string {
		return fmt.Sprintf("%v, σ = %.4g ms", trainCase{c.Train, c.Dt}, c.Sigma)
	},
	Hint: "Each spike in bin i adds 1000·K[j] to bin i + j − m (K from your GaussianKernel, m = (len(K) − 1)/2), " +
		"for the bins inside the train: K is in 1/ms, so the ×1000 makes Hz.",
})

// CheckSmoothedRate checks Level 5: smoothedRate(train, dt, sigma) returns
// the rate (Hz) in each bin of the binary train (bins of dt ms) smoothed by
// the normalized Gaussian kernel of width sigma (ms): each spike adds the
// kernel, times 1000, centred on its bin.
func CheckSmoothedRate(smoothedRate func(train []bool, dt, sigma float64) []float64) check.Result {
	return smoothedRateLevel.Check(func(in smoothCase) []float64 { return smoothedRate(in.Train, in.Dt, in.Sigma) })
}

// A psthCase is Trials trials of Bins bins of Dt (ms), each bin with a spike
// with probability Rate·Dt/1000, drawn from the generator of Seed.
type psthCase struct {
	Trials, Bins   int
	Rate, Dt       float64
	Seed           uint64
	Trains         [][]bool `check:"derived"`
	FixedTrains    [][]bool
	UseFixedTrains bool
}

var psthLevel = check.Register(&check.Level[psthCase, []float64]{
	Project: Project, Number: 6, Title: "PSTH over trials", Func: "PSTH",
	Fixed: []psthCase{
		{FixedTrains: [][]bool{{true, false, false, true}, {false, false, true, true}, {true, false, false, true}},
			Dt: 1, UseFixedTrains: true},
		{Trials: 20, Bins: 100, Rate: 40, Dt: 1, Seed: 1},
		{Trials: 50, Bins: 200, Rate: 100, Dt: 0.5, Seed: 2},
	},
	Random: func(r *rand.Rand) psthCase {
		return psthCase{Trials: 5 + r.IntN(40), Bins: 20 + r.IntN(200), Rate: check.Uniform(r, 10, 200),
			Dt: []float64{0.1, 0.5, 1, 2}[r.IntN(4)], Seed: r.Uint64()}
	},
	Prepare: func(c psthCase) psthCase {
		if c.UseFixedTrains {
			c.Trains = c.FixedTrains
			return c
		}
		rng := check.NewRand(c.Seed)
		c.Trains = make([][]bool, c.Trials)
		for k := range c.Trains {
			c.Trains[k] = ref.PoissonTrain(c.Rate, c.Dt, float64(c.Bins)*c.Dt, rng)
		}
		return c
	},
	Judge: check.NearSlice(func(c psthCase) []float64 { return ref.PSTH(c.Trains, c.Dt) }, tol),
	Show: func(c psthCase) string {
		if c.UseFixedTrains {
			return fmt.Sprintf("trials %v, dt = %g ms", c.FixedTrains, c.Dt)
		}
		return fmt.Sprintf("%d random trials of %d bins of dt = %g ms at %.4g Hz, seed %d", c.Trials, c.Bins, c.Dt, c.Rate, c.Seed)
	},
	Hint: "In bin k, count the trials with a spike there and divide by (number of trials × dt), " +
		"then multiply by 1000 for Hz.",
})

// CheckPSTH checks Level 6: psth(trials, dt) returns the peri-stimulus time
// histogram (Hz) of binary trains of equal length (bins of dt ms), one per
// trial: in bin k, the number of trials with a spike there over
// (trials·dt), times 1000.
func CheckPSTH(psth func(trials [][]bool, dt float64) []float64) check.Result {
	return psthLevel.Check(func(in psthCase) []float64 { return psth(in.Trains, in.Dt) })
}
