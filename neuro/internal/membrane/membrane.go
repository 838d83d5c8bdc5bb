// Package membrane holds the reference answers of Project 1, the passive
// membrane as an RC circuit. Units: mV, ms, nA, MΩ, nF, µS, pC, µm².
//
// Sign convention: a membrane current g·(V − E) is positive when it flows
// outward, and an injected current I is positive when it flows into the cell,
// so that C·dV/dt = −(V − E_L)/R + I and a positive I depolarizes.
package membrane

import (
	"math"

	"github.com/neurogo/course/neuro/internal/sim"
)

// Charge returns the charge Q = C·V (pC) on a capacitance c (nF) at a
// voltage v (mV).
func Charge(c, v float64) float64 { return c * v }

// Capacitance returns the capacitance (nF) of a membrane of the given area
// (µm²) and specific capacitance cm (µF/cm²). One µm² is 1e-8 cm² and one µF
// is 1e3 nF.
func Capacitance(area, cm float64) float64 { return cm * area * 1e-8 * 1e3 }

// OhmCurrent returns the current I = V/R (nA) through a resistance r (MΩ)
// with a voltage v (mV) across it.
func OhmCurrent(v, r float64) float64 { return v / r }

// Conductance returns the conductance g = 1/R (µS) of a resistance r (MΩ).
func Conductance(r float64) float64 { return 1 / r }

// LeakCurrent returns the current g·(v − e) (nA, positive outward) through a
// conductance g (µS) with reversal potential e (mV) at membrane potential v
// (mV).
func LeakCurrent(g, v, e float64) float64 { return g * (v - e) }

// The directions of a membrane current, as Direction names them.
const (
	Outward = "outward"
	Inward  = "inward"
	None    = "none"
)

// Direction returns which way the current of a channel with reversal
// potential e (mV) flows at membrane potential v (mV): Outward when the
// driving force v − e is positive, Inward when it is negative, None when it
// is zero.
func Direction(v, e float64) string {
	switch {
	case v > e:
		return Outward
	case v < e:
		return Inward
	}
	return None
}

// ChargingRate returns the rate dV/dt = I/C (mV/ms) at which a net current i
// (nA) flowing onto a capacitance c (nF) changes its voltage.
func ChargingRate(i, c float64) float64 { return i / c }

// MembraneRate returns dV/dt (mV/ms) of a passive membrane at potential v
// (mV) with injected current i (nA), leak reversal eL (mV), resistance r
// (MΩ) and capacitance c (nF): C·dV/dt = −(V − E_L)/R + I.
func MembraneRate(v, i, eL, r, c float64) float64 {
	return ChargingRate(i-LeakCurrent(Conductance(r), v, eL), c)
}

// TimeConstant returns the membrane time constant τ = R·C (ms) of a
// resistance r (MΩ) and a capacitance c (nF).
func TimeConstant(r, c float64) float64 { return r * c }

// SteadyState returns the potential V∞ = E_L + R·I (mV) at which a membrane
// with leak reversal eL (mV) and resistance r (MΩ) settles under a constant
// current i (nA).
func SteadyState(i, eL, r float64) float64 { return eL + r*i }

// ExactVoltage returns the exact solution V(t) = V∞ + (V0 − V∞)·e^(−t/τ)
// (mV) of the membrane equation at time t (ms), from v0 (mV) at t = 0,
// relaxing toward vInf (mV) with time constant tau (ms).
func ExactVoltage(t, v0, vInf, tau float64) float64 {
	return vInf + (v0-vInf)*math.Exp(-t/tau)
}

// FractionReached returns the fraction 1 − e^(−t/τ) of the way from its
// start to its steady state that an exponential relaxation with time
// constant tau (ms) has gone after a time t (ms).
func FractionReached(t, tau float64) float64 { return 1 - math.Exp(-t/tau) }

// TimeToReach returns the time (ms) a membrane starting at v0 (mV) and
// relaxing toward vInf (mV) with time constant tau (ms) takes to reach v
// (mV): τ·ln((V0 − V∞)/(V − V∞)). It returns +Inf if v is never reached,
// because it lies at or beyond vInf or on the far side of v0.
func TimeToReach(v, v0, vInf, tau float64) float64 {
	if v == v0 {
		return 0
	}
	frac := (v - v0) / (vInf - v0)
	if !(frac > 0 && frac < 1) {
		return math.Inf(1)
	}
	return -tau * math.Log(1-frac)
}

// EulerStep returns the membrane potential (mV) one forward-Euler step of dt
// (ms) after v (mV): v + dt·dV/dt, with dV/dt from MembraneRate.
func EulerStep(v, i, eL, r, c, dt float64) float64 {
	return v + dt*MembraneRate(v, i, eL, r, c)
}

// Simulate returns the membrane potential (mV) at each time of
// sim.TimeGrid(tEnd, dt), from v0 (mV) under a constant current i (nA), by
// forward-Euler steps.
func Simulate(v0, i, eL, r, c, dt, tEnd float64) []float64 {
	current := make([]float64, sim.Samples(tEnd, dt))
	for k := range current {
		current[k] = i
	}
	return SimulateCurrent(v0, current, eL, r, c, dt)
}

// Pulse returns the current (nA) at time t (ms) of a rectangular pulse of
// amplitude amp (nA) that is on for start ≤ t < stop and zero otherwise.
func Pulse(t, start, stop, amp float64) float64 {
	if start <= t && t < stop {
		return amp
	}
	return 0
}

// SimulateCurrent returns the membrane potential (mV) at the times k·dt of a
// forward-Euler simulation from v0 (mV) in which the current current[k] (nA)
// flows from time k·dt to (k+1)·dt. It has one value per current sample;
// the last sample is not used.
func SimulateCurrent(v0 float64, current []float64, eL, r, c, dt float64) []float64 {
	if len(current) == 0 {
		return nil
	}
	v := make([]float64, len(current))
	v[0] = v0
	for k := 1; k < len(v); k++ {
		v[k] = EulerStep(v[k-1], current[k-1], eL, r, c, dt)
	}
	return v
}

// EulerError returns the largest absolute difference (mV) between Simulate
// and ExactVoltage over the time grid.
func EulerError(v0, i, eL, r, c, dt, tEnd float64) float64 {
	vInf, tau := SteadyState(i, eL, r), TimeConstant(r, c)
	v := Simulate(v0, i, eL, r, c, dt, tEnd)
	worst := 0.0
	for k, t := range sim.TimeGrid(tEnd, dt) {
		worst = max(worst, math.Abs(v[k]-ExactVoltage(t, v0, vInf, tau)))
	}
	return worst
}

// ConvergenceOrder returns log₂ of the ratio of EulerError at dt to
// EulerError at dt/2: the order p of a method whose error scales as dtᵖ.
func ConvergenceOrder(v0, i, eL, r, c, dt, tEnd float64) float64 {
	return math.Log2(EulerError(v0, i, eL, r, c, dt, tEnd) / EulerError(v0, i, eL, r, c, dt/2, tEnd))
}

// EulerFactor returns the factor 1 − dt/τ by which one forward-Euler step of
// dt (ms) multiplies the distance V − V∞ of a membrane with time constant
// tau (ms) from its steady state. Euler is stable when its magnitude is below
// 1, that is when dt < 2τ.
func EulerFactor(dt, tau float64) float64 { return 1 - dt/tau }

// InputResistance returns the input resistance (MΩ) measured from a trace of
// the membrane potential (mV) that starts at rest and ends at steady state
// under a current step i (nA): (V_end − V_rest)/I.
func InputResistance(trace []float64, i float64) float64 {
	return (trace[len(trace)-1] - trace[0]) / i
}

// MeasureTau returns the time constant (ms) measured from the membrane
// potential v (mV) sampled at times (ms): the time at which v first has
// gone 1 − 1/e of the way from its first to its last value, interpolated
// linearly between samples. It returns NaN for a trace that ends where it
// starts.
func MeasureTau(times, v []float64) float64 {
	v0, vEnd := v[0], v[len(v)-1]
	if vEnd == v0 {
		return math.NaN()
	}
	target := v0 + (1-1/math.E)*(vEnd-v0)
	for k := 1; k < len(v); k++ {
		if (v[k]-target)*(vEnd-v0) >= 0 {
			return times[k-1] + (target-v[k-1])/(v[k]-v[k-1])*(times[k]-times[k-1])
		}
	}
	return math.NaN()
}

// RestingPotential returns the potential (mV) at which the currents through
// parallel conductances g (µS) with reversal potentials e (mV) cancel:
// Σ gᵢ·Eᵢ / Σ gᵢ.
func RestingPotential(g, e []float64) float64 {
	var ge, sum float64
	for k := range g {
		ge += g[k] * e[k]
		sum += g[k]
	}
	return ge / sum
}

// Resistance returns the input resistance (MΩ) of a cell of the given area
// (µm²) whose membrane has the specific resistance rm (kΩ·cm²): R = rm/A,
// with 1 kΩ·cm² / 1 µm² = 1e5 MΩ.
func Resistance(area, rm float64) float64 { return rm / area * 1e5 }

// Deflection returns the steady-state deflection R·I (mV) of a cell of the
// given area (µm²) and specific membrane resistance rm (kΩ·cm²) under a
// current i (nA).
func Deflection(i, area, rm float64) float64 { return Resistance(area, rm) * i }
