// Package synapse checks the levels of Project 4, Synapses: synaptic
// currents and conductances, their time course, postsynaptic potentials in
// an integrate-and-fire cell and how they add up, the NMDA block, synaptic
// input as shot noise and the firing rate it predicts, short-term
// depression and facilitation, and gap junctions. Units: mV, ms, nA, MΩ,
// nF, µS, so g·(V − E) is in nA; rates in Hz.
//
// A synaptic current I_syn = g·(V − E_syn) is positive outward and enters
// the membrane equation as C·dV/dt = −(V − E_L)/R − g·(V − E_syn) + I, with
// an injected current I positive inward. The cell is Project 2's leaky
// integrate-and-fire neuron, integrated by forward Euler (LIFStep).
//
// The levels are in three files by theme: currents and conductances
// (levels 1–8, this file), postsynaptic potentials (9–16, psp.go), and
// input statistics, short-term plasticity and gap junctions (17–25,
// dynamics.go).
package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/synapse"
)

// Project is this project's number in the course.
const Project = 4

// A Cell holds the parameters of a leaky integrate-and-fire neuron: the leak
// reversal potential EL, the threshold VTh and the reset potential VReset
// (mV), the membrane resistance R (MΩ) and the capacitance C (nF).
type Cell struct {
	EL, VTh, VReset, R, C float64
}

// Default returns the course's default cell: E_L = −65 mV, V_th = −50 mV,
// V_reset = −65 mV, R = 10 MΩ and C = 1 nF, so τ = R·C = 10 ms.
//
// Default, TimeGrid and LIFStep are written here, not taken from the
// references: learners call them, and while grading no reference is linked.
func Default() Cell { return Cell{EL: -65, VTh: -50, VReset: -65, R: 10, C: 1} }

// String writes the cell's parameters with their units.
func (c Cell) String() string {
	return fmt.Sprintf("E_L = %.4g mV, V_th = %.4g mV, V_reset = %.4g mV, R = %.4g MΩ, C = %.4g nF",
		c.EL, c.VTh, c.VReset, c.R, c.C)
}

// TimeGrid returns the times 0, dt, 2·dt, …, tEnd (ms) of a simulation:
// round(tEnd/dt) + 1 of them, the k-th computed as k·dt.
func TimeGrid(tEnd, dt float64) []float64 {
	t := make([]float64, int(math.Round(tEnd/dt))+1)
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// LIFStep returns the membrane potential (mV) one forward-Euler step of dt
// (ms) after v (mV) under a total current i (nA, positive into the cell),
// V + dt·(−(V − E_L)/R + i)/C, and whether the cell fired: if the new
// potential has reached V_th, it returns V_reset and true.
func LIFStep(v, i float64, cell Cell, dt float64) (float64, bool) {
	next := v + dt*(-(v-cell.EL)/cell.R+i)/cell.C
	if next >= cell.VTh {
		return cell.VReset, true
	}
	return next, false
}

// simTol is the tolerance of simulated values: the learner's arithmetic may
// group the terms of a step differently, which changes the last bits.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// randomCell draws a cell with a time constant of 2 to 100 ms, a threshold
// 10 to 25 mV above its leak reversal, and a reset between 10 mV below the
// leak reversal and 5 mV above it.
func randomCell(r *rand.Rand) Cell {
	eL := check.Uniform(r, -75, -60)
	return Cell{EL: eL, VTh: eL + check.Uniform(r, 10, 25), VReset: eL + check.Uniform(r, -10, 5),
		R: check.Uniform(r, 5, 50), C: check.Uniform(r, 0.4, 2)}
}

// reversal draws a synaptic reversal potential: AMPA's 0 mV, GABA_A's
// −70 mV, GABA_B's −80 mV, or any from −90 to 10 mV.
func reversal(r *rand.Rand) float64 {
	return []float64{0, -70, -80, check.Uniform(r, -90, 10)}[r.IntN(4)]
}

type currentCase struct{ G, V, ESyn float64 }

var synapticCurrentLevel = check.Register(&check.Level[currentCase, float64]{
	Project: Project, Number: 1, Title: "Synaptic current", Func: "SynapticCurrent",
	Fixed: []currentCase{{0.01, -65, 0}, {0.02, -50, -70}, {0.005, -65, -65}, {0.1, 20, 0}},
	Random: func(r *rand.Rand) currentCase {
		return currentCase{check.Uniform(r, 0.001, 0.1), check.Uniform(r, -90, -30), reversal(r)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c currentCase) float64 { return ref.Current(c.G, c.V, c.ESyn) }, check.Exact),
	Show: func(c currentCase) string {
		return fmt.Sprintf("g = %.4g µS, V = %.4g mV, E_syn = %.4g mV", c.G, c.V, c.ESyn)
	},
	Hint: "I_syn = g·(V − E_syn): the potential minus the reversal, so that a current flowing out of the " +
		"cell is positive. µS × mV gives nA.",
})

// CheckSynapticCurrent checks Level 1: synapticCurrent(g, v, eSyn) returns
// the current g·(v − eSyn) (nA, positive outward) through a synaptic
// conductance g (µS) with reversal potential eSyn (mV) at the membrane
// potential v (mV).
func CheckSynapticCurrent(synapticCurrent func(g, v, eSyn float64) float64) check.Result {
	return synapticCurrentLevel.Check(func(in currentCase) float64 { return synapticCurrent(in.G, in.V, in.ESyn) })
}

// The effects Effect must name, spelled so.
const (
	Excitatory = ref.Excitatory
	Inhibitory = ref.Inhibitory
	Shunting   = ref.Shunting
)

type effectCase struct{ V, ESyn float64 }

var effectLevel = check.Register(&check.Level[effectCase, string]{
	Project: Project, Number: 2, Title: "Excitatory or inhibitory", Func: "Effect",
	Fixed: []effectCase{{-65, 0}, {-65, -80}, {-65, -65}, {-50, -55}, {-85, -80}, {-45, -70}},
	Random: func(r *rand.Rand) effectCase {
		v := check.Uniform(r, -90, -40)
		if r.IntN(5) == 0 {
			return effectCase{v, v}
		}
		return effectCase{v, reversal(r)}
	},
	Randoms: 10,
	Judge:   check.Equal(func(c effectCase) string { return ref.Effect(c.V, c.ESyn) }),
	Show:    func(c effectCase) string { return fmt.Sprintf("V = %.4g mV, E_syn = %.4g mV", c.V, c.ESyn) },
	Hint: fmt.Sprintf("Compare E_syn with the cell's present potential V, not with a fixed rest: %q if E_syn > V "+
		"(the current flows in), %q if E_syn < V, %q if they are equal.", Excitatory, Inhibitory, Shunting),
})

// CheckEffect checks Level 2: effect(v, eSyn) returns "excitatory" if
// opening a synapse of reversal eSyn (mV) depolarizes a cell at v (mV),
// "inhibitory" if it hyperpolarizes it, and "shunting" if no current flows.
func CheckEffect(effect func(v, eSyn float64) string) check.Result {
	return effectLevel.Check(func(in effectCase) string { return effect(in.V, in.ESyn) })
}

type shuntCase struct {
	Cell       Cell
	G, ESyn, I float64
}

// shuntOut is what Shunt returns.
type shuntOut struct{ VInf, RIn float64 }

var shuntLevel = check.Register(&check.Level[shuntCase, shuntOut]{
	Project: Project, Number: 3, Title: "Shunting inhibition", Func: "Shunt",
	Fixed: []shuntCase{
		{Default(), 0.1, -65, 1}, {Default(), 0, 0, 1}, {Default(), 0.05, -80, 0}, {Default(), 0.02, 0, -0.5},
	},
	Random: func(r *rand.Rand) shuntCase {
		return shuntCase{randomCell(r), check.Uniform(r, 0, 0.5), reversal(r), check.Uniform(r, -1, 2)}
	},
	Judge: func(c shuntCase, got shuntOut) error {
		v, rIn := ref.Shunt(ref.Cell(c.Cell), c.G, c.ESyn, c.I)
		if err := check.Compare(got.VInf, v, check.Exact); err != nil {
			return fmt.Errorf("the steady potential: %v", err)
		}
		if err := check.Compare(got.RIn, rIn, check.Exact); err != nil {
			return fmt.Errorf("the input resistance: %v", err)
		}
		return nil
	},
	Show: func(c shuntCase) string {
		return fmt.Sprintf("%v, g = %.4g µS, E_syn = %.4g mV, I = %.4g nA", c.Cell, c.G, c.ESyn, c.I)
	},
	Hint: "Conductances in parallel add: the total is 1/R + g (µS), the input resistance its inverse (MΩ), " +
		"and V∞ = (E_L/R + g·E_syn + I)/(1/R + g).",
})

// CheckShunt checks Level 3: shunt(cell, g, eSyn, i) returns the steady
// potential (mV) of the passive cell with a synaptic conductance g (µS) of
// reversal eSyn (mV) open and a current i (nA) injected, and the cell's
// input resistance (MΩ).
func CheckShunt(shunt func(cell Cell, g, eSyn, i float64) (vInf, rIn float64)) check.Result {
	return shuntLevel.Check(func(in shuntCase) shuntOut {
		v, r := shunt(in.Cell, in.G, in.ESyn, in.I)
		return shuntOut{v, r}
	})
}

type kernelCase struct{ T, GMax, Tau float64 }

func randomKernel(r *rand.Rand) kernelCase {
	tau := check.Uniform(r, 0.5, 20)
	return kernelCase{check.Uniform(r, -0.5, 5) * tau, check.Uniform(r, 0.001, 0.1), tau}
}

func showKernel(c kernelCase) string {
	return fmt.Sprintf("t = %.4g ms, g_max = %.4g µS, τ = %.4g ms", c.T, c.GMax, c.Tau)
}

var expConductanceLevel = check.Register(&check.Level[kernelCase, float64]{
	Project: Project, Number: 4, Title: "Exponential conductance decay", Func: "ExpConductance",
	Fixed:   []kernelCase{{0, 0.01, 5}, {5, 0.01, 5}, {-1, 0.01, 5}, {12.5, 0.02, 2}},
	Random:  randomKernel,
	Randoms: 8,
	Judge:   check.Near(func(c kernelCase) float64 { return ref.ExpKernel(c.T, c.GMax, c.Tau) }, check.Exact),
	Show:    showKernel,
	Hint:    "g_max·e^(−t/τ) from the spike at t = 0 on; before the spike (t < 0) the synapse is closed: 0.",
})

// CheckExpConductance checks Level 4: expConductance(t, gMax, tau) returns
// the conductance (µS) t ms after a presynaptic spike of a synapse that
// opens to gMax (µS) and closes with time constant tau (ms), and 0 for
// t < 0.
func CheckExpConductance(expConductance func(t, gMax, tau float64) float64) check.Result {
	return expConductanceLevel.Check(func(in kernelCase) float64 { return expConductance(in.T, in.GMax, in.Tau) })
}

var alphaConductanceLevel = check.Register(&check.Level[kernelCase, float64]{
	Project: Project, Number: 5, Title: "The alpha function", Func: "AlphaConductance",
	Fixed:   []kernelCase{{2, 0.01, 2}, {0, 0.01, 2}, {-1, 0.01, 2}, {7, 0.05, 3}},
	Random:  randomKernel,
	Randoms: 8,
	Judge:   check.Near(func(c kernelCase) float64 { return ref.AlphaKernel(c.T, c.GMax, c.Tau) }, check.Exact),
	Show:    showKernel,
	Hint:    "g_max·(t/τ)·e^(1 − t/τ): the factor e = e¹ makes the peak, at t = τ, exactly g_max. 0 for t < 0.",
})

// CheckAlphaConductance checks Level 5: alphaConductance(t, gMax, tau)
// returns the alpha-function conductance gMax·(t/tau)·e^(1 − t/tau) (µS) t
// ms after a presynaptic spike, which peaks at gMax at t = tau (ms), and 0
// for t < 0.
func CheckAlphaConductance(alphaConductance func(t, gMax, tau float64) float64) check.Result {
	return alphaConductanceLevel.Check(func(in kernelCase) float64 { return alphaConductance(in.T, in.GMax, in.Tau) })
}

type dualCase struct{ T, GMax, TauR, TauD float64 }

var dualExpConductanceLevel = check.Register(&check.Level[dualCase, float64]{
	Project: Project, Number: 6, Title: "Rise and decay: a difference of exponentials", Func: "DualExpConductance",
	Fixed: []dualCase{{1.2792, 1, 0.5, 5}, {3, 0.01, 0.5, 5}, {-1, 0.01, 0.5, 5}, {10, 0.002, 2, 80}},
	Random: func(r *rand.Rand) dualCase {
		tauR := check.Uniform(r, 0.2, 3)
		tauD := tauR * check.Uniform(r, 1.5, 30)
		return dualCase{check.Uniform(r, -0.1, 4) * tauD, check.Uniform(r, 0.001, 0.1), tauR, tauD}
	},
	Randoms: 8,
	Judge: check.Near(func(c dualCase) float64 { return ref.DualExpKernel(c.T, c.GMax, c.TauR, c.TauD) },
		check.Tol{Rel: 1e-9, Abs: 1e-13}),
	Show: func(c dualCase) string {
		return fmt.Sprintf("t = %.4g ms, g_max = %.4g µS, τ_r = %.4g ms, τ_d = %.4g ms", c.T, c.GMax, c.TauR, c.TauD)
	},
	Hint: "Divide e^(−t/τ_d) − e^(−t/τ_r) by its value at the peak time t_p = τ_r·τ_d/(τ_d − τ_r)·ln(τ_d/τ_r), " +
		"so that the kernel peaks at g_max. 0 for t < 0.",
})

// CheckDualExpConductance checks Level 6: dualExpConductance(t, gMax, tauR,
// tauD) returns the conductance (µS) t ms after a presynaptic spike of a
// synapse that rises with time constant tauR and decays with tauD (ms),
// gMax·(e^(−t/tauD) − e^(−t/tauR)) divided by that difference at its peak,
// and 0 for t < 0.
func CheckDualExpConductance(dualExpConductance func(t, gMax, tauR, tauD float64) float64) check.Result {
	return dualExpConductanceLevel.Check(func(in dualCase) float64 { return dualExpConductance(in.T, in.GMax, in.TauR, in.TauD) })
}

type gStepCase struct {
	G, Dt, Tau, Dg float64
	Spikes         int
}

var conductanceStepLevel = check.Register(&check.Level[gStepCase, float64]{
	Project: Project, Number: 7, Title: "One step of a synaptic conductance", Func: "ConductanceStep",
	Fixed: []gStepCase{{0.01, 0.1, 5, 0.005, 0}, {0, 0.1, 5, 0.005, 1}, {0.02, 0.5, 2, 0.01, 2}, {0.003, 1, 20, 0.001, 0}},
	Random: func(r *rand.Rand) gStepCase {
		return gStepCase{check.Uniform(r, 0, 0.05), check.AnyStep(r, 1), check.Uniform(r, 1, 20),
			check.Uniform(r, 0.001, 0.02), r.IntN(3)}
	},
	Randoms: 8,
	Judge: check.Near(func(c gStepCase) float64 { return ref.ConductanceStep(c.G, c.Dt, c.Tau, c.Dg, c.Spikes) },
		check.Exact),
	Show: func(c gStepCase) string {
		return fmt.Sprintf("g = %.4g µS, dt = %g ms, τ = %.4g ms, Δg = %.4g µS, %d spikes", c.G, c.Dt, c.Tau, c.Dg, c.Spikes)
	},
	Hint: "Decay exactly, g·e^(−dt/τ), not by Euler's g − dt·g/τ; then add Δg once per spike.",
})

// CheckConductanceStep checks Level 7: conductanceStep(g, dt, tau, dg,
// spikes) returns the conductance (µS) one step of dt (ms) after g (µS):
// g·e^(−dt/tau), plus dg (µS) for each of the spikes presynaptic spikes in
// the step.
func CheckConductanceStep(conductanceStep func(g, dt, tau, dg float64, spikes int) float64) check.Result {
	return conductanceStepLevel.Check(func(in gStepCase) float64 {
		return conductanceStep(in.G, in.Dt, in.Tau, in.Dg, in.Spikes)
	})
}

type traceCase struct {
	Spikes            []float64
	Dg, Tau, Dt, TEnd float64
}

func (c traceCase) String() string {
	return fmt.Sprintf("spikes at %v ms, Δg = %.4g µS, τ = %.4g ms, dt = %g ms, t_end = %g ms",
		c.Spikes, c.Dg, c.Tau, c.Dt, c.TEnd)
}

// gridSpikes draws n spike times on the grid of dt up to tEnd (ms), sorted,
// some of them possibly at the same time.
func gridSpikes(r *rand.Rand, n int, dt, tEnd float64) []float64 {
	steps := int(math.Round(tEnd / dt))
	spikes := make([]float64, n)
	for k := range spikes {
		spikes[k] = float64(r.IntN(steps)) * dt
	}
	for i := 1; i < n; i++ { // insertion sort
		for j := i; j > 0 && spikes[j] < spikes[j-1]; j-- {
			spikes[j], spikes[j-1] = spikes[j-1], spikes[j]
		}
	}
	return spikes
}

var conductanceTraceLevel = check.Register(&check.Level[traceCase, []float64]{
	Project: Project, Number: 8, Title: "A conductance trace from a spike train", Func: "ConductanceTrace",
	Fixed: []traceCase{
		{[]float64{0}, 0.01, 5, 0.1, 30},
		{[]float64{2, 10, 10, 10.5, 31.3}, 0.005, 5, 0.1, 50},
		{[]float64{0.3, 0.6, 0.9}, 0.01, 2, 0.1, 5},
		{nil, 0.01, 5, 0.5, 10},
	},
	Random: func(r *rand.Rand) traceCase {
		dt := check.AnyStep(r, 0.5)
		tEnd := math.Round(check.Uniform(r, 20, 100))
		if tEnd/dt > check.MaxPoints {
			dt = 0.1
		}
		return traceCase{gridSpikes(r, 1+r.IntN(12), dt, tEnd), check.Uniform(r, 0.001, 0.02), check.Uniform(r, 1, 20), dt, tEnd}
	},
	Judge: check.NearSlice(func(c traceCase) []float64 {
		return ref.ConductanceTrace(c.Spikes, c.Dg, c.Tau, c.Dt, c.TEnd)
	}, simTol),
	Show: traceCase.String,
	Hint: "g[0] is Δg times the number of spikes at t = 0; then g[k] is your ConductanceStep from g[k−1] with the " +
		"spikes whose step is k, that is int(math.Round(t/dt)) == k. Count every spike, repeated times included.",
})

// CheckConductanceTrace checks Level 8: conductanceTrace(spikes, dg, tau,
// dt, tEnd) returns the conductance (µS) at the times 0, dt, …, tEnd (ms) of
// an exponential synapse of time constant tau (ms) that jumps by dg (µS) at
// each presynaptic spike time (ms), counted at the step round(t/dt).
func CheckConductanceTrace(conductanceTrace func(spikes []float64, dg, tau, dt, tEnd float64) []float64) check.Result {
	return conductanceTraceLevel.Check(func(in traceCase) []float64 {
		return conductanceTrace(in.Spikes, in.Dg, in.Tau, in.Dt, in.TEnd)
	})
}
