// Package lif holds the reference answers of Project 2, the leaky
// integrate-and-fire neuron. Units: mV, ms, nA, MΩ, nF, pC; rates in Hz.
//
// The membrane obeys C·dV/dt = −(V − E_L)/R + I, with an injected current I
// positive into the cell, integrated by forward Euler with steps of dt. When
// a step ends at or above the threshold V_th, the cell fires: the spike is
// at the time of that step's end, and V is set to V_reset there.
package lif

import (
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"

	"github.com/neurogo/course/neuro/internal/sim"
)

// A Cell holds the parameters of a leaky integrate-and-fire neuron: leak
// reversal EL, threshold VTh and reset VReset (mV), resistance R (MΩ) and
// capacitance C (nF).
type Cell struct {
	EL, VTh, VReset, R, C float64
}

// Default returns the course's default cell: E_L = −65 mV, V_th = −50 mV,
// V_reset = −65 mV, R = 10 MΩ, C = 1 nF, so τ = 10 ms.
func Default() Cell { return Cell{EL: -65, VTh: -50, VReset: -65, R: 10, C: 1} }

// Tau returns the membrane time constant R·C (ms).
func (c Cell) Tau() float64 { return c.R * c.C }

// Spiked reports whether a membrane potential v (mV) has reached the
// threshold vTh (mV).
func Spiked(v, vTh float64) bool { return v >= vTh }

// Reset returns vReset if v has reached the threshold vTh, and v otherwise
// (mV).
func Reset(v, vTh, vReset float64) float64 {
	if Spiked(v, vTh) {
		return vReset
	}
	return v
}

// Step returns the membrane potential (mV) one Euler step of dt (ms) after v
// (mV) under a current i (nA), and whether the cell fired in that step, in
// which case the potential is the reset.
func Step(v, i float64, c Cell, dt float64) (float64, bool) {
	next := v + dt*(-(v-c.EL)/c.R+i)/c.C
	return Reset(next, c.VTh, c.VReset), Spiked(next, c.VTh)
}

// Constant returns n samples of a constant current i (nA).
func Constant(i float64, n int) []float64 {
	current := make([]float64, n)
	for k := range current {
		current[k] = i
	}
	return current
}

// Simulate returns the membrane potential (mV) at the times of TimeGrid(tEnd,
// dt) of a cell starting at rest, E_L, under a constant current i (nA), and
// the times (ms) of its spikes. It has no refractory period.
func Simulate(c Cell, i, dt, tEnd float64) (v, spikes []float64) {
	v = make([]float64, sim.Samples(tEnd, dt))
	return v, integrate(c, len(v), constant(i), 0, dt, v)
}

// constant returns the current of integrate that is i (nA) in every step.
func constant(i float64) func(k int) float64 { return func(int) float64 { return i } }

// SimulateCurrent returns the membrane potential (mV) at the times k·dt of a
// cell starting at rest, E_L, in which the current current[k] (nA) flows
// during the step from k·dt to (k+1)·dt, and the times (ms) of its spikes.
// After a spike the potential is held at the reset for an absolute
// refractory period tRef (ms), round(tRef/dt) steps, and integration resumes
// from there. The potential has one value per current sample; the last
// sample is not used.
func SimulateCurrent(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
	if len(current) == 0 {
		return nil, nil
	}
	v = make([]float64, len(current))
	return v, integrate(c, len(v), func(k int) float64 { return current[k] }, tRef, dt, v)
}

// integrate runs the simulation of SimulateCurrent over n samples, in which
// current(k) (nA) flows during the step from k·dt to (k+1)·dt, and returns
// the spike times (ms); if v is not nil, it stores there the potential (mV)
// at each time k·dt. It asks for the current of every step in order, held
// or not, so that a current drawn from a generator as it goes draws the
// same numbers as one drawn ahead into a slice; the runs that need only the
// spikes keep neither the current nor the potential.
func integrate(c Cell, n int, current func(k int) float64, tRef, dt float64, v []float64) (spikes []float64) {
	u, hold, refractory := c.EL, 0, sim.Steps(tRef, dt)
	if v != nil {
		v[0] = u
	}
	for k := 1; k < n; k++ {
		i := current(k - 1)
		if hold > 0 {
			u = c.VReset
			hold--
		} else {
			var fired bool
			u, fired = Step(u, i, c, dt)
			if fired {
				spikes = append(spikes, float64(k)*dt)
				hold = refractory
			}
		}
		if v != nil {
			v[k] = u
		}
	}
	return spikes
}

// SpikeTimes returns the times k·dt (ms) of the steps k at which a spike
// train has a spike.
func SpikeTimes(train []bool, dt float64) []float64 {
	var times []float64
	for k, s := range train {
		if s {
			times = append(times, float64(k)*dt)
		}
	}
	return times
}

// FiringRate returns the rate (Hz) of the spikes in a recording of the given
// duration (ms): the count per ms times 1000.
func FiringRate(spikes []float64, duration float64) float64 {
	return 1000 * float64(len(spikes)) / duration
}

// Rheobase returns the smallest constant current (nA) that makes the cell
// fire, (V_th − E_L)/R: the one whose steady state E_L + R·I is the
// threshold.
func Rheobase(c Cell) float64 { return (c.VTh - c.EL) / c.R }

// ISI returns the interval (ms) between the spikes of the cell under a
// constant current i (nA), by the exact solution from V_reset to V_th:
// τ·ln((R·I + E_L − V_reset)/(R·I + E_L − V_th)). It is +Inf at or below the
// rheobase, where the cell never fires.
func ISI(c Cell, i float64) float64 {
	vInf := c.EL + c.R*i
	if vInf <= c.VTh {
		return math.Inf(1)
	}
	return c.Tau() * math.Log((vInf-c.VReset)/(vInf-c.VTh))
}

// Rate returns the firing rate (Hz) of the cell under a constant current i
// (nA), 1000/ISI, or 0 at and below the rheobase.
func Rate(c Cell, i float64) float64 { return 1000 / ISI(c, i) }

// FICurve returns, for each constant current (nA), the rate (Hz) of the
// simulated cell from Simulate with steps of dt until tEnd (ms), measured by
// IntervalRate (from the spikes alone: the potential is not kept).
func FICurve(c Cell, currents []float64, dt, tEnd float64) []float64 {
	rates := make([]float64, len(currents))
	for k, i := range currents {
		rates[k] = sim.IntervalRate(integrate(c, sim.Samples(tEnd, dt), constant(i), 0, dt, nil))
	}
	return rates
}

// RateError returns the simulated rate minus the analytic one (Hz) under a
// constant current i (nA), the simulation having steps of dt until tEnd
// (ms).
func RateError(c Cell, i, dt, tEnd float64) float64 {
	return FICurve(c, []float64{i}, dt, tEnd)[0] - Rate(c, i)
}

// MaxRate returns the highest rate (Hz) a cell with an absolute refractory
// period tRef (ms) can fire at, 1000/tRef.
func MaxRate(tRef float64) float64 { return 1000 / tRef }

// RefractoryRate returns the firing rate (Hz) of the cell under a constant
// current i (nA) with an absolute refractory period tRef (ms):
// 1000/(tRef + ISI), or 0 at and below the rheobase.
func RefractoryRate(c Cell, i, tRef float64) float64 { return 1000 / (tRef + ISI(c, i)) }

// Gain returns the slope (Hz/nA) of RefractoryRate at the current i (nA) by a
// central difference of half-width dI (nA).
func Gain(c Cell, i, tRef, dI float64) float64 {
	return (RefractoryRate(c, i+dI, tRef) - RefractoryRate(c, i-dI, tRef)) / (2 * dI)
}

// ISIs returns the intervals (ms) between consecutive spike times (ms), or
// nil for fewer than two spikes.
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

// MeanCV returns the mean (ms) of the intervals and their coefficient of
// variation, the standard deviation (dividing by the number of intervals)
// over the mean.
func MeanCV(isis []float64) (mean, cv float64) {
	mean, variance := check.MeanVariance(isis)
	n := float64(len(isis))
	return mean, math.Sqrt(variance*(n-1)/n) / mean
}

// NoiseCurrent returns n samples of a white-noise current (nA) of the given
// mean (nA) and noise intensity sigma (nA·√ms) for steps of dt (ms):
// mean + sigma·ξ/√dt with ξ standard normal, one rng.NormFloat64 per sample,
// in order. Its variance σ²/dt grows as dt shrinks so that the charge it
// delivers over a fixed time has a variance independent of dt.
func NoiseCurrent(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
	current := make([]float64, n)
	for k := range current {
		current[k] = noiseSample(mean, sigma, dt, rng)
	}
	return current
}

// noiseSample returns one sample of NoiseCurrent (nA).
func noiseSample(mean, sigma, dt float64, rng *rand.Rand) float64 {
	return mean + sigma*rng.NormFloat64()/math.Sqrt(dt)
}

// NoisySpikes returns the spike times (ms) of the cell with refractory period
// tRef (ms) from SimulateCurrent, until tEnd (ms) with steps of dt (ms),
// under NoiseCurrent(mean, sigma, dt, n, rng) with one sample per time of
// TimeGrid(tEnd, dt). It draws each sample as the step that needs it comes,
// which gives the same spikes as drawing them all first: the last sample,
// which no step uses, is left undrawn.
func NoisySpikes(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) []float64 {
	return integrate(c, sim.Samples(tEnd, dt), func(int) float64 { return noiseSample(mean, sigma, dt, rng) }, tRef, dt, nil)
}

// NoisyCV returns the coefficient of variation of the intervals of
// NoisySpikes, NaN for fewer than three spikes.
func NoisyCV(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
	_, cv := MeanCV(ISIs(NoisySpikes(c, mean, sigma, tRef, dt, tEnd, rng)))
	return cv
}

// NoisyRate returns the FiringRate (Hz) of NoisySpikes over tEnd (ms).
func NoisyRate(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
	return FiringRate(NoisySpikes(c, mean, sigma, tRef, dt, tEnd, rng), tEnd)
}

// PoissonCounts returns, for each of steps steps of dt (ms), the number of
// spikes fired by n independent Poisson neurons of the given rate (Hz): a
// Poisson number of mean λ = n·rate·dt/1000, drawn by multiplying uniform
// numbers from rng until the product falls to e^(−λ) or below.
func PoissonCounts(n int, rate, dt float64, steps int, rng *rand.Rand) []int {
	limit := math.Exp(-float64(n) * rate * dt / 1000)
	counts := make([]int, steps)
	for k := range counts {
		for p := rng.Float64(); p > limit; p *= rng.Float64() {
			counts[k]++
		}
	}
	return counts
}

// SynapticCurrent returns the current (nA) in each step of dt (ms) of the
// input whose excitatory and inhibitory spike counts in that step are
// countsE[k] and countsI[k], each excitatory spike bringing a charge qE (pC)
// into the cell and each inhibitory one taking qI (pC) out of it:
// (qE·countsE[k] − qI·countsI[k])/dt.
func SynapticCurrent(countsE, countsI []int, qE, qI, dt float64) []float64 {
	current := make([]float64, len(countsE))
	for k := range current {
		current[k] = (qE*float64(countsE[k]) - qI*float64(countsI[k])) / dt
	}
	return current
}

// PoissonDriven returns the membrane potential (mV) and spike times (ms) of
// the cell with refractory period tRef (ms), from SimulateCurrent, under the
// SynapticCurrent of the counts.
func PoissonDriven(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
	return SimulateCurrent(c, SynapticCurrent(countsE, countsI, qE, qI, dt), tRef, dt)
}

// ISIHistogram returns the number of intervals (ms) in each of nBins bins of
// width binWidth (ms): bin k holds the intervals x with
// k·binWidth ≤ x < (k+1)·binWidth. Longer intervals are not counted.
func ISIHistogram(isis []float64, binWidth float64, nBins int) []int {
	counts := make([]int, nBins)
	for _, x := range isis {
		if k := int(math.Floor(x / binWidth)); k >= 0 && k < nBins {
			counts[k]++
		}
	}
	return counts
}

// SimulateAdapting returns the membrane potential (mV) at the times of
// TimeGrid(tEnd, dt) and the spike times (ms) of a cell starting at rest
// under a constant current i (nA) and an adaptation current w (nA, positive
// outward): C·dV/dt = −(V − E_L)/R + I − w and τ_w·dw/dt = −w, both advanced
// by one Euler step from the values at the step's start, and every spike
// adds b (nA) to w. It has no refractory period.
func SimulateAdapting(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
	v = make([]float64, sim.Steps(tEnd, dt)+1)
	v[0] = c.EL
	w := 0.0
	for k := 1; k < len(v); k++ {
		var fired bool
		v[k], fired = Step(v[k-1], i-w, c, dt)
		w -= dt * w / tauW
		if fired {
			w += b
			spikes = append(spikes, float64(k)*dt)
		}
	}
	return v, spikes
}

// The regimes Regime tells apart.
const (
	MeanDriven        = "mean-driven"
	FluctuationDriven = "fluctuation-driven"
	Silent            = "silent"
)

// IrregularCV is the coefficient of variation of the intervals at and above
// which Regime calls firing fluctuation-driven.
const IrregularCV = 0.5

// Regime returns Silent for a spike train of fewer than three spikes, and
// otherwise FluctuationDriven if the CV of its intervals is at least
// IrregularCV and MeanDriven if it is less.
func Regime(spikes []float64) string {
	if len(spikes) < 3 {
		return Silent
	}
	if _, cv := MeanCV(ISIs(spikes)); cv >= IrregularCV {
		return FluctuationDriven
	}
	return MeanDriven
}
