// Package synapse holds the reference answers of Project 4, Synapses.
// Units: mV, ms, nA, MΩ, nF, µS, so g·(V − E) is in nA; rates in Hz.
//
// A synaptic current I_syn = g·(V − E_syn) is positive outward, and enters
// the membrane equation as C·dV/dt = −(V − E_L)/R − g·(V − E_syn) + I, with
// an injected current I positive inward. The cell is Project 2's leaky
// integrate-and-fire neuron, integrated by forward Euler: when a step ends
// at or above V_th, the cell fires at the end of that step and V is set to
// V_reset.
package synapse

import (
	"math"
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

// Steps returns round(tEnd/dt).
func Steps(tEnd, dt float64) int { return int(math.Round(tEnd / dt)) }

// TimeGrid returns the times k·dt for k = 0 … Steps(tEnd, dt) (ms).
func TimeGrid(tEnd, dt float64) []float64 {
	t := make([]float64, Steps(tEnd, dt)+1)
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// LIFStep returns the potential (mV) one Euler step of dt (ms) after v (mV)
// under a current i (nA, positive inward), and whether the cell fired, in
// which case the potential is the reset.
func LIFStep(v, i float64, c Cell, dt float64) (float64, bool) {
	next := v + dt*(-(v-c.EL)/c.R+i)/c.C
	if next >= c.VTh {
		return c.VReset, true
	}
	return next, false
}

// Level 1.

// Current returns the synaptic current g·(v − eSyn) (nA, positive outward)
// of a conductance g (µS) with reversal potential eSyn (mV) at potential v
// (mV).
func Current(g, v, eSyn float64) float64 { return g * (v - eSyn) }

// The effects Effect names.
const (
	Excitatory = "excitatory"
	Inhibitory = "inhibitory"
	Shunting   = "shunting"
)

// Effect returns what opening a synapse with reversal eSyn (mV) does to a
// cell at v (mV): "excitatory" if it depolarizes (eSyn > v), "inhibitory" if
// it hyperpolarizes (eSyn < v), "shunting" if no current flows (eSyn = v).
func Effect(v, eSyn float64) string {
	switch {
	case eSyn > v:
		return Excitatory
	case eSyn < v:
		return Inhibitory
	}
	return Shunting
}

// Shunt returns the steady potential (mV) of a passive cell with a
// synaptic conductance g (µS) of reversal eSyn (mV) open and a current i
// (nA) injected, and its input resistance (MΩ), 1/(1/R + g).
func Shunt(c Cell, g, eSyn, i float64) (vInf, rIn float64) {
	gTot := 1/c.R + g
	return (c.EL/c.R + g*eSyn + i) / gTot, 1 / gTot
}

// ExpKernel returns gMax·e^(−t/τ) for t ≥ 0 and 0 before (µS).
func ExpKernel(t, gMax, tau float64) float64 {
	if t < 0 {
		return 0
	}
	return gMax * math.Exp(-t/tau)
}

// AlphaKernel returns gMax·(t/τ)·e^(1 − t/τ) for t ≥ 0 and 0 before (µS):
// it peaks at gMax at t = τ.
func AlphaKernel(t, gMax, tau float64) float64 {
	if t < 0 {
		return 0
	}
	return gMax * t / tau * math.Exp(1-t/tau)
}

// DualExpPeak returns the time (ms) at which e^(−t/τd) − e^(−t/τr) peaks.
func DualExpPeak(tauR, tauD float64) float64 {
	return tauR * tauD / (tauD - tauR) * math.Log(tauD/tauR)
}

// DualExpKernel returns gMax·(e^(−t/τd) − e^(−t/τr))/n for t ≥ 0 and 0
// before (µS), with n the difference at its peak, so that it peaks at gMax.
func DualExpKernel(t, gMax, tauR, tauD float64) float64 {
	if t < 0 {
		return 0
	}
	tp := DualExpPeak(tauR, tauD)
	n := math.Exp(-tp/tauD) - math.Exp(-tp/tauR)
	return gMax * (math.Exp(-t/tauD) - math.Exp(-t/tauR)) / n
}

// ConductanceStep returns the conductance (µS) one step of dt (ms) after g:
// exact exponential decay with time constant tau (ms), then a jump of dg
// (µS) for each of the spikes presynaptic spikes in the step.
func ConductanceStep(g, dt, tau, dg float64, spikes int) float64 {
	return g*math.Exp(-dt/tau) + dg*float64(spikes)
}

// ConductanceTrace returns the conductance (µS) at the times k·dt of the
// grid 0 … tEnd (ms) of an exponential synapse of time constant tau (ms)
// that jumps by dg (µS) at each presynaptic spike. A spike at time t_s is
// counted at step k = round(t_s/dt); g[0] holds the spikes at k = 0 and
// g[k] = ConductanceStep(g[k−1], dt, tau, dg, spikes at k). Spikes outside
// the grid are left out.
func ConductanceTrace(spikes []float64, dg, tau, dt, tEnd float64) []float64 {
	n := Steps(tEnd, dt) + 1
	counts := make([]int, n)
	for _, s := range spikes {
		if k := int(math.Round(s / dt)); k >= 0 && k < n {
			counts[k]++
		}
	}
	g := make([]float64, n)
	g[0] = dg * float64(counts[0])
	for k := 1; k < n; k++ {
		g[k] = ConductanceStep(g[k-1], dt, tau, dg, counts[k])
	}
	return g
}

// SimulateCurrent returns the potential (mV) at the times k·dt of a cell
// starting at startV in which the current current[k] (nA) flows in the step
// from k·dt to (k+1)·dt, and its spike times (ms). One value per sample.
func SimulateCurrent(c Cell, startV float64, current []float64, dt float64) (v, spikes []float64) {
	if len(current) == 0 {
		return nil, nil
	}
	v = make([]float64, len(current))
	v[0] = startV
	for k := 1; k < len(v); k++ {
		var fired bool
		v[k], fired = LIFStep(v[k-1], current[k-1], c, dt)
		if fired {
			spikes = append(spikes, float64(k)*dt)
		}
	}
	return v, spikes
}

// Simulate returns the potential (mV) at the times k·dt and the spike times
// (ms) of a cell under a constant current i (nA) and a synaptic conductance
// g[k] (µS, in the step from k·dt) of reversal eSyn (mV), starting at the
// steady state E_L + R·i. In each step the current is i − g[k]·(V − eSyn),
// from the values at the start of the step.
func Simulate(c Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64) {
	return SimulateEI(c, g, make([]float64, len(g)), eSyn, 0, i, dt)
}

// SimulateEI is Simulate with two conductances: gE (µS) of reversal eE and
// gI (µS) of reversal eI (mV).
func SimulateEI(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
	if len(gE) == 0 {
		return nil, nil
	}
	v = make([]float64, len(gE))
	v[0] = c.EL + c.R*i
	for k := 1; k < len(v); k++ {
		u := v[k-1]
		var fired bool
		v[k], fired = LIFStep(u, i-Current(gE[k-1], u, eE)-Current(gI[k-1], u, eI), c, dt)
		if fired {
			spikes = append(spikes, float64(k)*dt)
		}
	}
	return v, spikes
}

// PSPPeak returns the deflection v[k] − v[0] (mV) of largest magnitude,
// signed, and its time k·dt (ms), the first such k.
func PSPPeak(v []float64, dt float64) (amp, tPeak float64) {
	for k := range v {
		if d := v[k] - v[0]; math.Abs(d) > math.Abs(amp) {
			amp, tPeak = d, float64(k)*dt
		}
	}
	return amp, tPeak
}

// PSP returns the peak deflection (mV) of a cell held by a current i (nA)
// after the presynaptic spikes (ms) of an exponential synapse of jump dg
// (µS), time constant tau (ms) and reversal eSyn (mV), simulated until tEnd.
func PSP(c Cell, spikes []float64, i, dg, tau, eSyn, dt, tEnd float64) float64 {
	v, _ := Simulate(c, ConductanceTrace(spikes, dg, tau, dt, tEnd), eSyn, i, dt)
	amp, _ := PSPPeak(v, dt)
	return amp
}

// IPSP returns the peak deflection (mV) of a cell held by a current hold
// (nA) after one spike at t = 0 of an exponential synapse.
func IPSP(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
	return PSP(c, []float64{0}, hold, dg, tau, eSyn, dt, tEnd)
}

// PairPSP returns the peak deflection (mV) of a cell at rest after two
// spikes of an exponential synapse, at 0 and at interval (ms).
func PairPSP(c Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64 {
	return PSP(c, []float64{0, interval}, 0, dg, tau, eSyn, dt, tEnd)
}

// synchronous returns n spike times at 0.
func synchronous(n int) []float64 { return make([]float64, n) }

// SynchronousPSP returns the peak deflection (mV) of a cell at rest after n
// synchronous spikes at t = 0 of identical exponential synapses.
func SynchronousPSP(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
	return PSP(c, synchronous(n), 0, dg, tau, eSyn, dt, tEnd)
}

// CurrentPSP is SynchronousPSP for current synapses: the driving force is
// frozen at rest, so the current into the cell is g·(eSyn − E_L).
func CurrentPSP(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
	g := ConductanceTrace(synchronous(n), dg, tau, dt, tEnd)
	current := make([]float64, len(g))
	for k := range g {
		current[k] = -Current(g[k], c.EL, eSyn)
	}
	v, _ := SimulateCurrent(c, c.EL, current, dt)
	amp, _ := PSPPeak(v, dt)
	return amp
}

// InputsToFire returns the least number n ≤ maxN of synchronous inputs at
// t = 0 that make a cell at rest fire before tEnd, and 0 if none does.
func InputsToFire(c Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int {
	for n := 1; n <= maxN; n++ {
		if _, spikes := Simulate(c, ConductanceTrace(synchronous(n), dg, tau, dt, tEnd), eSyn, 0, dt); len(spikes) > 0 {
			return n
		}
	}
	return 0
}

// MgBlock returns the fraction of NMDA conductance not blocked by
// magnesium at v (mV) with mg (mM) outside, 1/(1 + [Mg]/3.57·e^(−0.062·V))
// (Jahr & Stevens 1990).
func MgBlock(v, mg float64) float64 { return 1 / (1 + mg/3.57*math.Exp(-0.062*v)) }

// Campbell returns the mean (nA) and variance (nA²) of shot noise made of
// kernels J·e^(−t/τ) (J in nA, tau in ms) arriving as a Poisson process of
// rate (Hz): ν·∫k = ν·J·τ and ν·∫k² = ν·J²·τ/2, with ν per ms.
func Campbell(rate, j, tau float64) (mean, variance float64) {
	nu := rate / 1000
	return nu * j * tau, nu * j * j * tau / 2
}
