package coding

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/coding"
)

// This file holds levels 7–10: tuning curves, and the preferred stimulus and
// the width measured from them.

type gaussianCase struct{ S, Pref, Width, Base, Amp float64 }

func (c gaussianCase) String() string {
	return fmt.Sprintf("s = %.4g°, pref = %.4g°, width = %.4g°, base = %.4g Hz, amp = %.4g Hz", c.S, c.Pref, c.Width, c.Base, c.Amp)
}

var gaussianTuningLevel = check.Register(&check.Level[gaussianCase, float64]{
	Project: Project, Number: 7, Title: "Gaussian tuning curve", Func: "GaussianTuning",
	Fixed: []gaussianCase{{0, 0, 20, 5, 45}, {20, 0, 20, 5, 45}, {-35, 10, 15, 2, 60}, {90, -90, 30, 0, 40}},
	Random: func(r *rand.Rand) gaussianCase {
		return gaussianCase{check.Uniform(r, -90, 90), check.Uniform(r, -90, 90), check.Uniform(r, 5, 60),
			check.Uniform(r, 0, 20), check.Uniform(r, 10, 100)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c gaussianCase) float64 { return ref.GaussianTuning(c.S, c.Pref, c.Width, c.Base, c.Amp) }, check.Exact),
	Show:    gaussianCase.String,
	Hint:    "f(s) = base + amp·exp(−(s − pref)²/(2·width²)): mind the 2 in the denominator.",
})

// CheckGaussianTuning checks Level 7: gaussianTuning(s, pref, width, base,
// amp) returns the rate (Hz) base + amp·exp(−(s − pref)²/(2·width²)) of a
// neuron at the stimulus s, with the preferred stimulus pref and the width
// in degrees, the baseline base and the amplitude amp in Hz.
func CheckGaussianTuning(gaussianTuning func(s, pref, width, base, amp float64) float64) check.Result {
	return gaussianTuningLevel.Check(func(in gaussianCase) float64 {
		return gaussianTuning(in.S, in.Pref, in.Width, in.Base, in.Amp)
	})
}

type cosineCase struct{ S, Pref, Base, Amp float64 }

var cosineTuningLevel = check.Register(&check.Level[cosineCase, float64]{
	Project: Project, Number: 8, Title: "Cosine direction tuning, rectified", Func: "CosineTuning",
	Fixed: []cosineCase{{90, 90, 20, 30}, {0, 90, 20, 30}, {270, 90, 20, 30}, {200, 45, 10, 25}, {120, 0, 30, 20}},
	Random: func(r *rand.Rand) cosineCase {
		return cosineCase{check.Uniform(r, 0, 360), check.Uniform(r, 0, 360), check.Uniform(r, 0, 30), check.Uniform(r, 10, 50)}
	},
	Randoms: 10,
	Judge:   check.Near(func(c cosineCase) float64 { return ref.CosineTuning(c.S, c.Pref, c.Base, c.Amp) }, check.Exact),
	Show: func(c cosineCase) string {
		return fmt.Sprintf("s = %.4g°, pref = %.4g°, base = %.4g Hz, amp = %.4g Hz", c.S, c.Pref, c.Base, c.Amp)
	},
	Hint: "math.Cos takes radians: multiply the difference in degrees by π/180. A rate cannot be negative: " +
		"return math.Max(0, base + amp·cos(s − pref)).",
})

// CheckCosineTuning checks Level 8: cosineTuning(s, pref, base, amp) returns
// the rate (Hz) base + amp·cos(s − pref) of a neuron at the direction s
// (deg) with preferred direction pref (deg), baseline base and amplitude
// amp (Hz), rectified at 0.
func CheckCosineTuning(cosineTuning func(s, pref, base, amp float64) float64) check.Result {
	return cosineTuningLevel.Check(func(in cosineCase) float64 { return cosineTuning(in.S, in.Pref, in.Base, in.Amp) })
}

type preferredCase struct {
	Stimuli []float64
	Rates   [][]float64
}

var preferredStimulusLevel = check.Register(&check.Level[preferredCase, float64]{
	Project: Project, Number: 9, Title: "Preferred stimulus from data", Func: "PreferredStimulus",
	Fixed: []preferredCase{
		{[]float64{0, 45, 90, 135}, [][]float64{{2, 4, 3}, {12, 9, 15}, {20, 14, 17}, {8, 6, 5}}},
		{[]float64{-60, -30, 0, 30, 60}, [][]float64{{1, 1}, {30, 10}, {22, 24}, {8, 12}, {2, 4}}},
	},
	Random: func(r *rand.Rand) preferredCase {
		for {
			if c := randomPreferred(r); clearWinner(c.Rates) {
				return c
			}
		}
	},
	Randoms: 8,
	Judge:   check.Near(func(c preferredCase) float64 { return ref.PreferredStimulus(c.Stimuli, c.Rates) }, check.Tol{}),
	Show: func(c preferredCase) string {
		return fmt.Sprintf("stimuli %v°, rates per trial %v Hz", c.Stimuli, c.Rates)
	},
	Hint: "Average each stimulus's trials first (one trial is noisy), then return the stimulus with the " +
		"highest mean rate; the first one if two are equal.",
})

// clearWinner reports whether the highest mean of the trials beats the
// others by more than 0.01 Hz, so that no rounding can change the answer.
func clearWinner(rates [][]float64) bool {
	first, second := math.Inf(-1), math.Inf(-1)
	for _, trials := range rates {
		m := 0.0
		for _, x := range trials {
			m += x / float64(len(trials))
		}
		if m > first {
			first, second = m, first
		} else if m > second {
			second = m
		}
	}
	return first-second > 0.01
}

// randomPreferred draws the trials of a neuron with a Gaussian tuning
// curve over the circle at stimuli every 15, 30 or 45°, with noise.
func randomPreferred(r *rand.Rand) preferredCase {
	var c preferredCase
	step := []float64{15, 30, 45}[r.IntN(3)]
	pref, width := check.Uniform(r, 0, 360), check.Uniform(r, 30, 80)
	trials := 3 + r.IntN(8)
	for s := 0.0; s < 360; s += step {
		c.Stimuli = append(c.Stimuli, s)
		d := math.Remainder(s-pref, 360)
		mean := 5 + 40*math.Exp(-d*d/(2*width*width))
		rates := make([]float64, trials)
		for k := range rates {
			rates[k] = math.Max(0, math.Round((mean+math.Sqrt(mean)*r.NormFloat64()*2)*10)/10)
		}
		c.Rates = append(c.Rates, rates)
	}
	return c
}

// CheckPreferredStimulus checks Level 9: preferredStimulus(stimuli, rates)
// returns the stimulus (deg) whose trials rates[i] (Hz), measured at
// stimuli[i], have the highest mean; the first of equal ones.
func CheckPreferredStimulus(preferredStimulus func(stimuli []float64, rates [][]float64) float64) check.Result {
	return preferredStimulusLevel.Check(func(in preferredCase) float64 { return preferredStimulus(in.Stimuli, in.Rates) })
}

type curveCase struct{ Stimuli, Rates []float64 }

// sampledCurve returns a Gaussian tuning curve sampled every step (deg) from
// lo to hi.
func sampledCurve(lo, hi, step, pref, width, base, amp float64) curveCase {
	var c curveCase
	for s := lo; s <= hi+1e-9; s += step {
		d := s - pref
		c.Stimuli = append(c.Stimuli, s)
		c.Rates = append(c.Rates, base+amp*math.Exp(-d*d/(2*width*width)))
	}
	return c
}

var fwhmLevel = check.Register(&check.Level[curveCase, float64]{
	Project: Project, Number: 10, Title: "Tuning width (FWHM)", Func: "FWHM",
	Fixed: []curveCase{
		{[]float64{-20, -10, 0, 10, 20}, []float64{10, 30, 50, 30, 10}},
		{[]float64{0, 10, 20, 30, 40, 50}, []float64{20, 22, 60, 100, 40, 20}},
		sampledCurve(-90, 90, 5, 0, 20, 10, 40),
	},
	Random: func(r *rand.Rand) curveCase {
		width := check.Uniform(r, 8, 30)
		pref := check.Uniform(r, -20, 20)
		return sampledCurve(-90, 90, []float64{1, 2, 5}[r.IntN(3)], pref, width, check.Uniform(r, 5, 30), check.Uniform(r, 20, 80))
	},
	Judge: check.Near(func(c curveCase) float64 { return ref.FWHM(c.Stimuli, c.Rates) }, tol),
	Show: func(c curveCase) string {
		return fmt.Sprintf("stimuli %.4g°, rates %.4g Hz", c.Stimuli, c.Rates)
	},
	Hint: "The half level is halfway between the lowest and the highest rate, (min + max)/2, not max/2: the " +
		"baseline does not count. Find the first sample at or above it and the last one, and place each crossing " +
		"by linear interpolation with the neighbour outside.",
})

// CheckFWHM checks Level 10: fwhm(stimuli, rates) returns the full width at
// half maximum (deg) of a tuning curve sampled at increasing stimuli (deg):
// the distance between the first and the last crossing of the level halfway
// between its lowest and highest rate (Hz), each placed by linear
// interpolation between the samples on either side.
func CheckFWHM(fwhm func(stimuli, rates []float64) float64) check.Result {
	return fwhmLevel.Check(func(in curveCase) float64 { return fwhm(in.Stimuli, in.Rates) })
}
