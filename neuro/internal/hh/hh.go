// Package hh holds the reference answers of Project 3, the Hodgkin-Huxley
// neuron. Its units are per area of membrane: mV, ms, µA/cm², mS/cm² and
// µF/cm², so that g·(V − E) is in µA/cm² and I/C_m in mV/ms.
//
// Sign convention: an ionic current g·(V − E) is positive when it flows
// outward, and an injected current I is positive when it flows into the cell,
// so that C_m·dV/dt = I − I_Na − I_K − I_L and a positive I depolarizes.
//
// The parameters and rate functions are the standard ones with the resting
// potential near −65 mV, as in Dayan & Abbott, Theoretical Neuroscience
// (2001), section 5.6: Hodgkin and Huxley's squid axon at 6.3 °C, with
// voltages shifted from their "depolarization from rest" to the modern sign
// and origin.
//
// A state of the model is a slice []float64{V, m, h, n}: the membrane
// potential (mV) and the three gating variables.
package hh

import (
	"math"
	"slices"

	"github.com/neurogo/course/neuro/internal/sim"
)

// The standard parameters of the model.
const (
	Cm  = 1.0     // membrane capacitance, µF/cm²
	GNa = 120.0   // maximal sodium conductance, mS/cm²
	GK  = 36.0    // maximal potassium conductance, mS/cm²
	GL  = 0.3     // leak conductance, mS/cm²
	ENa = 50.0    // sodium reversal potential, mV
	EK  = -77.0   // potassium reversal potential, mV
	EL  = -54.387 // leak reversal potential, mV
)

// Dt is the time step (ms) of the forward-Euler simulations of the
// experiments (threshold, refractoriness, F-I curve, rebound).
const Dt = 0.01

// SpikeLevel is the voltage (mV) whose upward crossing counts as a spike.
const SpikeLevel = 0.0

// linoid returns x/(1 − e^(−x/s)) for s > 0, the form of α_n and α_m. At
// x = 0 both numerator and denominator vanish; the limit is s, and near it
// math.Expm1 computes the denominator without cancellation.
func linoid(x, s float64) float64 {
	if x == 0 {
		return s
	}
	return x / -math.Expm1(-x/s)
}

// AlphaN returns the opening rate α_n (1/ms) of the potassium gate n at v
// (mV): 0.01·(V + 55)/(1 − e^(−(V+55)/10)), which is 0.1/ms at −55 mV.
func AlphaN(v float64) float64 { return 0.01 * linoid(v+55, 10) }

// BetaN returns the closing rate β_n (1/ms) of the potassium gate n at v
// (mV): 0.125·e^(−(V+65)/80).
func BetaN(v float64) float64 { return 0.125 * math.Exp(-(v+65)/80) }

// AlphaM returns the opening rate α_m (1/ms) of the sodium activation gate m
// at v (mV): 0.1·(V + 40)/(1 − e^(−(V+40)/10)), which is 1/ms at −40 mV.
func AlphaM(v float64) float64 { return 0.1 * linoid(v+40, 10) }

// BetaM returns the closing rate β_m (1/ms) of the sodium activation gate m
// at v (mV): 4·e^(−(V+65)/18).
func BetaM(v float64) float64 { return 4 * math.Exp(-(v+65)/18) }

// AlphaH returns the rate α_h (1/ms) at which the sodium inactivation gate h
// opens (de-inactivates) at v (mV): 0.07·e^(−(V+65)/20).
func AlphaH(v float64) float64 { return 0.07 * math.Exp(-(v+65)/20) }

// BetaH returns the rate β_h (1/ms) at which the sodium inactivation gate h
// closes (inactivates) at v (mV): 1/(1 + e^(−(V+35)/10)).
func BetaH(v float64) float64 { return 1 / (1 + math.Exp(-(v+35)/10)) }

// SteadyState returns the value α/(α + β) at which a gate with opening rate
// alpha and closing rate beta (1/ms) settles.
func SteadyState(alpha, beta float64) float64 { return alpha / (alpha + beta) }

// TimeConstant returns the time constant 1/(α + β) (ms) with which a gate
// with opening rate alpha and closing rate beta (1/ms) relaxes.
func TimeConstant(alpha, beta float64) float64 { return 1 / (alpha + beta) }

// GateRate returns dx/dt = α·(1 − x) − β·x (1/ms) of a gate open to the
// fraction x, with rates alpha and beta (1/ms).
func GateRate(x, alpha, beta float64) float64 { return alpha*(1-x) - beta*x }

// RelaxGate returns the value after a time t (ms) of a gate that starts at x0
// and has the constant rates alpha and beta (1/ms), as at a clamped
// voltage: x∞ + (x0 − x∞)·e^(−t/τ).
func RelaxGate(x0, alpha, beta, t float64) float64 {
	inf, tau := SteadyState(alpha, beta), TimeConstant(alpha, beta)
	return inf + (x0-inf)*math.Exp(-t/tau)
}

// A Gate is a gating variable's pair of rate functions of the voltage.
type Gate struct{ Alpha, Beta func(v float64) float64 }

// The three gates of the model.
var (
	M = Gate{AlphaM, BetaM} // sodium activation
	H = Gate{AlphaH, BetaH} // sodium inactivation
	N = Gate{AlphaN, BetaN} // potassium activation
)

// Inf returns the gate's steady state at v (mV).
func (g Gate) Inf(v float64) float64 { return SteadyState(g.Alpha(v), g.Beta(v)) }

// Tau returns the gate's time constant (ms) at v (mV).
func (g Gate) Tau(v float64) float64 { return TimeConstant(g.Alpha(v), g.Beta(v)) }

// Rate returns the gate's dx/dt (1/ms) at the fraction open x and v (mV).
func (g Gate) Rate(x, v float64) float64 { return GateRate(x, g.Alpha(v), g.Beta(v)) }

// NaConductance returns the sodium conductance g_Na·m³·h (mS/cm²).
func NaConductance(m, h float64) float64 { return GNa * m * m * m * h }

// KConductance returns the potassium conductance g_K·n⁴ (mS/cm²).
func KConductance(n float64) float64 { return GK * n * n * n * n }

// Currents returns the sodium, potassium and leak currents (µA/cm², positive
// outward) at the membrane potential v (mV) with gates m, h and n.
func Currents(v, m, h, n float64) (iNa, iK, iL float64) {
	return NaConductance(m, h) * (v - ENa), KConductance(n) * (v - EK), GL * (v - EL)
}

// SteadyCurrent returns the total ionic current (µA/cm²) at v (mV) once the
// gates have settled at their steady states there.
func SteadyCurrent(v float64) float64 {
	iNa, iK, iL := Currents(v, M.Inf(v), H.Inf(v), N.Inf(v))
	return iNa + iK + iL
}

// The bracket (mV) in which RestingPotential looks for the root. The
// steady-state current rises with V throughout it (see the tests), so the
// root is unique.
const (
	restLow  = -100.0
	restHigh = 50.0
)

// RestingPotential returns the potential (mV) at which the steady-state
// ionic current equals a constant injected current i (µA/cm²): the resting
// potential for i = 0. It bisects SteadyCurrent(V) − i between −100 and
// 50 mV down to the resolution of float64.
func RestingPotential(i float64) float64 {
	lo, hi := restLow, restHigh
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if SteadyCurrent(mid) < i {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// RestState returns the state {V, m, h, n} in which the model rests under a
// constant current i (µA/cm²): V from RestingPotential, each gate at its
// steady state there.
func RestState(i float64) []float64 {
	v := RestingPotential(i)
	return []float64{v, M.Inf(v), H.Inf(v), N.Inf(v)}
}

// VoltageRate returns dV/dt (mV/ms) at the membrane potential v (mV) with
// gates m, h, n, under an injected current i (µA/cm²):
// (I − I_Na − I_K − I_L)/C_m.
func VoltageRate(v, m, h, n, i float64) float64 {
	iNa, iK, iL := Currents(v, m, h, n)
	return (i - iNa - iK - iL) / Cm
}

// Derivatives returns the time derivatives {dV/dt, dm/dt, dh/dt, dn/dt} of
// the state y = {V, m, h, n} under an injected current i (µA/cm²).
func Derivatives(y []float64, i float64) []float64 {
	dv, dm, dh, dn := rates(y[0], y[1], y[2], y[3], i)
	return []float64{dv, dm, dh, dn}
}

// rates returns the derivatives of Derivatives at the state {v, m, h, n}.
// It calls the rate functions themselves, not through the Gates, which
// lets the compiler inline them: the same arithmetic, in less time.
func rates(v, m, h, n, i float64) (dv, dm, dh, dn float64) {
	return VoltageRate(v, m, h, n, i), GateRate(m, AlphaM(v), BetaM(v)), GateRate(h, AlphaH(v), BetaH(v)),
		GateRate(n, AlphaN(v), BetaN(v))
}

// A Stepper advances a state y by one step of dt (ms) under a current i
// (µA/cm²) that is constant during the step.
type Stepper func(y []float64, i, dt float64) []float64

// EulerStep returns the state one forward-Euler step of dt (ms) after y
// under a current i (µA/cm²): y + dt·Derivatives(y, i).
func EulerStep(y []float64, i, dt float64) []float64 {
	next := make([]float64, len(y))
	copy(next, y)
	eulerInPlace(next, i, dt)
	return next
}

// eulerInPlace replaces the state y by EulerStep(y, i, dt), allocating
// nothing: the runs that keep only their last state use it.
func eulerInPlace(y []float64, i, dt float64) {
	dv, dm, dh, dn := rates(y[0], y[1], y[2], y[3], i)
	y[0], y[1], y[2], y[3] = y[0]+dt*dv, y[1]+dt*dm, y[2]+dt*dh, y[3]+dt*dn
}

// RK4Step returns the state of the system dy/dt = f(t, y) one classic
// fourth-order Runge-Kutta step of dt after the state y at time t.
func RK4Step(f func(t float64, y []float64) []float64, t float64, y []float64, dt float64) []float64 {
	// along returns y + h·d.
	along := func(d []float64, h float64) []float64 {
		z := make([]float64, len(y))
		for k := range y {
			z[k] = y[k] + h*d[k]
		}
		return z
	}
	k1 := f(t, y)
	k2 := f(t+dt/2, along(k1, dt/2))
	k3 := f(t+dt/2, along(k2, dt/2))
	k4 := f(t+dt, along(k3, dt))
	next := make([]float64, len(y))
	for k := range y {
		next[k] = y[k] + dt/6*(k1[k]+2*k2[k]+2*k3[k]+k4[k])
	}
	return next
}

// RK4HHStep returns the state of the model one RK4 step of dt (ms) after y
// under a constant current i (µA/cm²).
func RK4HHStep(y []float64, i, dt float64) []float64 {
	return RK4Step(func(_ float64, y []float64) []float64 { return Derivatives(y, i) }, 0, y, dt)
}

// SimulateWith returns the states at the times k·dt (ms) of a simulation
// from y0 by step, in which current[k] (µA/cm²) flows from k·dt to
// (k+1)·dt. It has one state per current sample; the last sample is not
// used.
func SimulateWith(step Stepper, y0, current []float64, dt float64) [][]float64 {
	if len(current) == 0 {
		return nil
	}
	states := make([][]float64, len(current))
	states[0] = append([]float64(nil), y0...)
	for k := 1; k < len(states); k++ {
		states[k] = step(states[k-1], current[k-1], dt)
	}
	return states
}

// Simulate returns the states of a forward-Euler simulation, as
// SimulateWith.
func Simulate(y0, current []float64, dt float64) [][]float64 {
	return SimulateWith(EulerStep, y0, current, dt)
}

// Voltages returns the membrane potentials (mV) of a list of states.
func Voltages(states [][]float64) []float64 {
	v := make([]float64, len(states))
	for k, s := range states {
		v[k] = s[0]
	}
	return v
}

// PulseCurrent returns n samples, one per step of dt (ms), of a current
// (µA/cm²) that is amp for start ≤ k·dt < stop (ms) and zero otherwise.
func PulseCurrent(n int, dt, start, stop, amp float64) []float64 {
	current := make([]float64, n)
	for k := range current {
		if t := float64(k) * dt; start <= t && t < stop {
			current[k] = amp
		}
	}
	return current
}

// crossing returns the time, interpolated linearly, at which the samples
// a at k−1 and b at k (spaced dt ms) pass through level.
func crossing(k int, a, b, level, dt float64) float64 {
	return (float64(k-1) + (level-a)/(b-a)) * dt
}

// upward reports whether a voltage that went from a to b (mV) in a step
// crossed level upward: a < level ≤ b.
func upward(a, b, level float64) bool { return a < level && level <= b }

// SpikeTimes returns the times (ms) at which the voltage v (mV), sampled
// every dt ms from t = 0, crosses threshold (mV) upward: for every k with
// v[k−1] < threshold ≤ v[k], the time interpolated linearly between the
// two samples.
func SpikeTimes(v []float64, dt, threshold float64) []float64 {
	var times []float64
	for k := 1; k < len(v); k++ {
		if upward(v[k-1], v[k], threshold) {
			times = append(times, crossing(k, v[k-1], v[k], threshold, dt))
		}
	}
	return times
}

// SpikeShape measures the one spike of the voltage v (mV) sampled every dt
// ms, starting at rest: its peak (mV), its amplitude above v[0] (mV), and its
// half-width (ms), the time between the upward crossing of half the
// amplitude before the peak and the downward crossing after it, both
// interpolated linearly. The half-width is NaN if the trace does not cross
// back down.
func SpikeShape(v []float64, dt float64) (peak, amplitude, halfWidth float64) {
	top := 0
	for k := range v {
		if v[k] > v[top] {
			top = k
		}
	}
	peak = v[top]
	amplitude = peak - v[0]
	half := v[0] + amplitude/2
	rise, fall := math.NaN(), math.NaN()
	for k := top; k > 0; k-- {
		if v[k-1] < half && half <= v[k] {
			rise = crossing(k, v[k-1], v[k], half, dt)
			break
		}
	}
	for k := top + 1; k < len(v); k++ {
		if v[k-1] >= half && half > v[k] {
			fall = crossing(k, v[k-1], v[k], half, dt)
			break
		}
	}
	return peak, amplitude, fall - rise
}

// ClampK returns the potassium current (µA/cm²) a time t (ms) after the
// voltage is stepped from v0, where the cell had rested long enough for n
// to settle, to v (mV) and held there: g_K·n(t)⁴·(v − E_K), with n relaxing
// from n∞(v0) toward n∞(v).
func ClampK(v0, v, t float64) float64 {
	n := RelaxGate(N.Inf(v0), AlphaN(v), BetaN(v), t)
	return KConductance(n) * (v - EK)
}

// reaches reports whether V reaches SpikeLevel at or after sample start of
// a forward-Euler run from y0 with steps of Dt under current, as Simulate
// runs it: whether the highest V of its states from start on is at least
// SpikeLevel, found without keeping the states and stopping at the first
// sample that reaches the level.
func reaches(y0, current []float64, start int) bool {
	y := slices.Clone(y0)
	for k := range current {
		if k > 0 {
			eulerInPlace(y, current[k-1], Dt)
		}
		if k >= start && y[0] >= SpikeLevel {
			return true
		}
	}
	return false
}

// bisect returns the smallest amplitude between lo and hi, to within tol,
// for which fires reports true, assuming fires is false below it and true
// above: the midpoint of the final bracket.
func bisect(fires func(amp float64) bool, lo, hi, tol float64) float64 {
	for hi-lo > tol {
		mid := (lo + hi) / 2
		if fires(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return (lo + hi) / 2
}

// The protocol of the threshold experiments: amplitudes (µA/cm²) bisected
// between 0 and thresholdHigh to within thresholdTol, each tried in a
// forward-Euler run with steps of Dt from rest, thresholdRun ms beyond the
// start of the pulse tested.
const (
	thresholdHigh = 200.0
	thresholdTol  = 1e-3
	thresholdRun  = 30.0
)

// Threshold returns the smallest amplitude (µA/cm²) of a current pulse of
// the given duration (ms), switched on at t = 0 in a cell at rest, that
// makes the cell fire: V reaches SpikeLevel within 30 ms. It bisects the
// amplitude between 0 and 200 µA/cm² to within 1e-3 µA/cm², simulating each
// try by forward Euler with steps of Dt.
func Threshold(duration float64) float64 {
	n := sim.Samples(thresholdRun, Dt)
	rest := RestState(0)
	return bisect(func(amp float64) bool {
		return reaches(rest, PulseCurrent(n, Dt, 0, duration, amp), 0)
	}, 0, thresholdHigh, thresholdTol)
}

// The conditioning pulse of SecondThreshold: FirstAmp µA/cm² for
// PulseWidth ms from t = 0, which makes a cell at rest fire.
const (
	FirstAmp   = 20.0
	PulseWidth = 1.0
)

// SecondThreshold returns the smallest amplitude (µA/cm²) of a second
// current pulse of PulseWidth ms, switched on interval ms after the start of
// a first pulse of FirstAmp µA/cm² and PulseWidth ms that made the cell
// fire, for which V reaches SpikeLevel again at or after the start of the
// second pulse, within 30 ms of it. The search is that of Threshold.
func SecondThreshold(interval float64) float64 {
	n := sim.Samples(interval+thresholdRun, Dt)
	first := PulseCurrent(n, Dt, 0, PulseWidth, FirstAmp)
	start := int(math.Round(interval / Dt))
	// Every try runs alike until the second pulse begins: the state at
	// sample from, before which neither that pulse nor the search for
	// 0 mV has begun, is computed once.
	from := min(start, slices.IndexFunc(PulseCurrent(n, Dt, interval, interval+PulseWidth, 1), func(x float64) bool { return x != 0 }))
	y := RestState(0)
	for k := range from {
		eulerInPlace(y, first[k], Dt)
	}
	return bisect(func(amp float64) bool {
		current := PulseCurrent(n, Dt, interval, interval+PulseWidth, amp)
		for k := range current {
			current[k] += first[k]
		}
		return reaches(y, current[from:], start-from)
	}, 0, thresholdHigh, thresholdTol)
}

// The protocol of FiringRate: a run of rateRun ms, of which the first
// rateSkip ms are left out.
const (
	rateRun  = 200.0
	rateSkip = 50.0
)

// FiringRate returns the firing rate (Hz) of a cell at rest that receives a
// constant current i (µA/cm²) from t = 0: a forward-Euler run of 200 ms with
// steps of Dt, its spikes (upward crossings of SpikeLevel) after t = 50 ms,
// and 1000·(n − 1)/(t_n − t_1) for those n spike times; 0 if n < 2.
func FiringRate(i float64) float64 { return rateWith(eulerInPlace, i, Dt, rateRun, rateSkip) }

// RateWith returns the firing rate (Hz) of a cell at rest that receives a
// constant current i (µA/cm²) from t = 0, simulated by step with steps of
// dt for run ms: 1000·(n − 1)/(t_n − t_1) for the n spike times (upward
// crossings of SpikeLevel) after skip ms; 0 if n < 2.
func RateWith(step Stepper, i, dt, run, skip float64) float64 {
	return rateWith(inPlace(step), i, dt, run, skip)
}

// rateWith is RateWith with a step that advances the state in place.
func rateWith(advance func(y []float64, i, dt float64), i, dt, run, skip float64) float64 {
	var late []float64
	spikesWith(advance, PulseCurrent(sim.Samples(run, dt), dt, 0, math.Inf(1), i), dt, func(t float64) bool {
		if t >= skip {
			late = append(late, t)
		}
		return false
	})
	return sim.IntervalRate(late)
}

// spikesWith simulates a cell at rest with steps of dt (ms) under current
// (µA/cm²), as SimulateWith does, each step advancing the state in place,
// and hands the time (ms) of each upward crossing of SpikeLevel, as
// SpikeTimes interpolates it, to spike, until spike returns true. It keeps
// no state but the last.
func spikesWith(advance func(y []float64, i, dt float64), current []float64, dt float64, spike func(t float64) bool) {
	y := RestState(0)
	for k := 1; k < len(current); k++ {
		v := y[0]
		advance(y, current[k-1], dt)
		if upward(v, y[0], SpikeLevel) && spike(crossing(k, v, y[0], SpikeLevel, dt)) {
			return
		}
	}
}

// inPlace returns step as a step of spikesWith.
func inPlace(step Stepper) func(y []float64, i, dt float64) {
	return func(y []float64, i, dt float64) { copy(y, step(y, i, dt)) }
}

// The protocol of SpikeTimeErrors: runs of spikeRun ms, and the step (ms) of
// the RK4 run taken as the truth.
const (
	spikeRun = 20.0
	fineDt   = 0.001
)

// FirstSpike returns the time (ms) of the first upward crossing of
// SpikeLevel in a run of 20 ms from rest under a constant current i
// (µA/cm²) by step with steps of dt (ms), or +Inf if there is none.
func FirstSpike(step Stepper, i, dt float64) float64 {
	first := math.Inf(1)
	spikesWith(inPlace(step), PulseCurrent(sim.Samples(spikeRun, dt), dt, 0, math.Inf(1), i), dt, func(t float64) bool {
		first = t
		return true
	})
	return first
}

// SpikeTimeErrors returns the errors (ms) of the first spike's time under a
// constant current i (µA/cm²) from rest, simulated with steps of dt (ms) by
// forward Euler and by RK4: the absolute differences from the time given by
// RK4 with steps of 0.001 ms.
func SpikeTimeErrors(i, dt float64) (euler, rk4 float64) {
	truth := FirstSpike(RK4HHStep, i, fineDt)
	return math.Abs(FirstSpike(EulerStep, i, dt) - truth), math.Abs(FirstSpike(RK4HHStep, i, dt) - truth)
}

// The protocol of ReboundSpike: how long (ms) the cell is watched after the
// pulse ends.
const reboundRun = 30.0

// ReboundSpike returns the latency (ms) of the spike that follows the end
// of a hyperpolarizing pulse: a cell at rest receives amp (µA/cm², negative)
// from t = 0 to duration (ms) and nothing after; the result is the time of
// the first upward crossing of SpikeLevel at or after the end of the pulse,
// minus duration, or +Inf if there is none within 30 ms. It simulates by
// forward Euler with steps of Dt.
func ReboundSpike(amp, duration float64) float64 {
	latency := math.Inf(1)
	current := PulseCurrent(sim.Samples(duration+reboundRun, Dt), Dt, 0, duration, amp)
	spikesWith(eulerInPlace, current, Dt, func(t float64) bool {
		if t >= duration {
			latency = t - duration
		}
		return t >= duration
	})
	return latency
}
