package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/synapse"
)

// This file holds levels 9–16: postsynaptic potentials in an
// integrate-and-fire cell, their size and timing, and how they add up in
// time and across synapses.

func (c Cell) rheobase() float64 { return (c.VTh - c.EL) / c.R }

// A trace is what a simulation returns: the membrane potential V (mV) at
// each time of the grid, and the spike times (ms).
type trace struct{ V, Spikes []float64 }

// judgeTrace is a judge of simulations whose reference is want.
func judgeTrace[In any](want func(In) trace) func(In, trace) error {
	return func(in In, got trace) error {
		w := want(in)
		if err := check.CompareSlice(got.V, w.V, simTol); err != nil {
			return fmt.Errorf("the potential: %v", err)
		}
		if err := check.CompareSlice(got.Spikes, w.Spikes, simTol); err != nil {
			return fmt.Errorf("the spike times: %v (want %.6g)", err, w.Spikes)
		}
		return nil
	}
}

// A synRun is a simulation of Cell held by a constant current I (nA) with
// one exponential synapse (jump Dg µS, time constant Tau ms, reversal ESyn
// mV) driven by presynaptic Spikes (ms), with steps of Dt until TEnd (ms).
// Prepare fills in the conductance trace G.
type synRun struct {
	Cell                       Cell
	Spikes                     []float64
	Dg, Tau, ESyn, I, Dt, TEnd float64
	G                          []float64 `check:"derived"`
}

func (c synRun) String() string {
	return fmt.Sprintf("%v, presynaptic spikes at %v ms, Δg = %.4g µS, τ_s = %.4g ms, E_syn = %.4g mV, I = %.4g nA, dt = %g ms, t_end = %g ms",
		c.Cell, c.Spikes, c.Dg, c.Tau, c.ESyn, c.I, c.Dt, c.TEnd)
}

func conductance(c synRun) synRun {
	c.G = ref.ConductanceTrace(c.Spikes, c.Dg, c.Tau, c.Dt, c.TEnd)
	return c
}

// randomSetting draws a cell, a synapse time constant (ms), a time step
// and a duration of 6 membrane time constants (ms, at least 30).
func randomSetting(r *rand.Rand) (c Cell, tau, dt, tEnd float64) {
	c = randomCell(r)
	tauM := c.R * c.C
	tEnd = math.Max(30, math.Ceil(6*tauM))
	return c, check.Uniform(r, 1, 20), check.TimeStep(r, tauM, tEnd), tEnd
}

var simulateSynapticLevel = check.Register(&check.Level[synRun, trace]{
	Project: Project, Number: 9, Title: "An EPSP in a LIF cell", Func: "SimulateSynaptic",
	Fixed: []synRun{
		{Cell: Default(), Spikes: []float64{0}, Dg: 0.005, Tau: 5, ESyn: 0, Dt: 0.1, TEnd: 50},
		{Cell: Default(), Spikes: []float64{5}, Dg: 0.01, Tau: 5, ESyn: -80, I: 1, Dt: 0.1, TEnd: 50},
		{Cell: Default(), Spikes: []float64{0, 1, 2, 3}, Dg: 0.05, Tau: 5, ESyn: 0, Dt: 0.1, TEnd: 40},
	},
	Prepare: conductance,
	Random: func(r *rand.Rand) synRun {
		c, tau, dt, tEnd := randomSetting(r)
		return synRun{Cell: c, Spikes: gridSpikes(r, 1+r.IntN(10), dt, tEnd/2), Dg: check.Uniform(r, 0.001, 0.05),
			Tau: tau, ESyn: reversal(r), I: c.rheobase() * check.Uniform(r, -0.5, 0.9), Dt: dt, TEnd: tEnd}
	},
	Randoms: 4,
	Judge: judgeTrace(func(c synRun) trace {
		v, spikes := ref.Simulate(ref.Cell(c.Cell), c.G, c.ESyn, c.I, c.Dt)
		return trace{v, spikes}
	}),
	Show: func(c synRun) string { return "the conductance trace of " + c.String() },
	Hint: "v[0] = E_L + R·i. Step k uses the values at its start: the current i − g[k−1]·(v[k−1] − eSyn) " +
		"into synapse.LIFStep; record the time k·dt when it fires. Mind the sign: the synaptic current is outward-positive.",
})

// CheckSimulateSynaptic checks Level 9: simulateSynaptic(cell, g, eSyn, i,
// dt) returns the membrane potential (mV) at the times k·dt (ms), one per
// sample of g, and the spike times (ms) of the cell starting at E_L + R·i
// under a constant current i (nA) and a synaptic conductance g[k] (µS, in
// the step from k·dt) of reversal eSyn (mV).
func CheckSimulateSynaptic(simulateSynaptic func(cell Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64)) check.Result {
	return simulateSynapticLevel.Check(func(in synRun) trace {
		v, spikes := simulateSynaptic(in.Cell, in.G, in.ESyn, in.I, in.Dt)
		return trace{v, spikes}
	})
}

type peakCase struct {
	V  []float64
	Dt float64
}

// peakOut is what PSPPeak returns.
type peakOut struct{ Amp, TPeak float64 }

var pspPeakLevel = check.Register(&check.Level[peakCase, peakOut]{
	Project: Project, Number: 10, Title: "PSP amplitude and time to peak", Func: "PSPPeak",
	Fixed: []peakCase{
		{[]float64{-65, -64, -63.5, -64, -65}, 0.1},
		{[]float64{-65, -64.5, -66, -67, -65.5}, 0.5},
		{[]float64{-65, -63, -67, -65}, 1},
		{[]float64{-60, -60, -60}, 0.1},
	},
	Random: func(r *rand.Rand) peakCase {
		c := peakCase{make([]float64, 100+r.IntN(400)), check.AnyStep(r, 0.5)}
		v0, a, b := check.Uniform(r, -80, -50), check.Uniform(r, -5, 5), check.Uniform(r, -2, 2)
		tau1, tau2 := check.Uniform(r, 1, 10), check.Uniform(r, 5, 30)
		for k := range c.V {
			x, y := float64(k)*c.Dt/tau1, float64(k)*c.Dt/tau2
			c.V[k] = v0 + a*x*math.Exp(1-x) + b*y*math.Exp(1-y)
		}
		return c
	},
	Judge: func(c peakCase, got peakOut) error {
		amp, tPeak := ref.PSPPeak(c.V, c.Dt)
		if err := check.Compare(got.Amp, amp, check.Exact); err != nil {
			return fmt.Errorf("the amplitude: %v", err)
		}
		if err := check.Compare(got.TPeak, tPeak, check.Exact); err != nil {
			return fmt.Errorf("the time of the peak: %v", err)
		}
		return nil
	},
	Show: func(c peakCase) string { return fmt.Sprintf("v = %.5g mV, dt = %g ms", c.V, c.Dt) },
	Hint: "Measure each v[k] − v[0] and keep the one of largest absolute value, with its sign, and its time k·dt; " +
		"on a tie keep the first (compare with >, not ≥). A hyperpolarizing PSP has a negative amplitude.",
})

// CheckPSPPeak checks Level 10: pspPeak(v, dt) returns the deflection
// v[k] − v[0] (mV) of largest magnitude, with its sign, and its time k·dt
// (ms), the first such k.
func CheckPSPPeak(pspPeak func(v []float64, dt float64) (amp, tPeak float64)) check.Result {
	return pspPeakLevel.Check(func(in peakCase) peakOut {
		amp, t := pspPeak(in.V, in.Dt)
		return peakOut{amp, t}
	})
}

// A pspCase is a cell held by a current I (nA) and N synchronous inputs of
// one exponential synapse (jump Dg µS, time constant Tau ms, reversal ESyn
// mV), or two inputs Interval ms apart, with steps of Dt until TEnd (ms).
type pspCase struct {
	Cell                                 Cell
	N                                    int
	I, Dg, Tau, ESyn, Interval, Dt, TEnd float64
}

func (c pspCase) String() string {
	return fmt.Sprintf("%v, I = %.4g nA, Δg = %.4g µS, τ_s = %.4g ms, E_syn = %.4g mV, dt = %g ms, t_end = %g ms",
		c.Cell, c.I, c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd)
}

var ipspLevel = check.Register(&check.Level[pspCase, float64]{
	Project: Project, Number: 11, Title: "An IPSP", Func: "IPSP",
	Fixed: []pspCase{
		{Cell: Default(), Dg: 0.01, Tau: 5, ESyn: -80, Dt: 0.1, TEnd: 50},
		{Cell: Default(), I: 1, Dg: 0.01, Tau: 5, ESyn: -70, Dt: 0.1, TEnd: 50},
		{Cell: Default(), I: -1.5, Dg: 0.01, Tau: 5, ESyn: -70, Dt: 0.1, TEnd: 50},
		{Cell: Default(), Dg: 0.01, Tau: 5, ESyn: -65, Dt: 0.1, TEnd: 50},
	},
	Random: func(r *rand.Rand) pspCase {
		c, tau, dt, tEnd := randomSetting(r)
		return pspCase{Cell: c, I: c.rheobase() * check.Uniform(r, -1, 0.8), Dg: check.Uniform(r, 0.002, 0.05),
			Tau: tau, ESyn: check.Uniform(r, -90, -60), Dt: dt, TEnd: tEnd}
	},
	Judge: check.Near(func(c pspCase) float64 {
		return ref.IPSP(ref.Cell(c.Cell), c.I, c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd)
	}, simTol),
	Show: func(c pspCase) string { return "one input at t = 0, " + c.String() },
	Hint: "Build the conductance of one spike at t = 0 with your ConductanceTrace, simulate it with your " +
		"SimulateSynaptic under the holding current, and return the amplitude of your PSPPeak, with its sign.",
})

// CheckIPSP checks Level 11: ipsp(cell, hold, dg, tau, eSyn, dt, tEnd)
// returns the signed peak deflection (mV) of the cell held at E_L + R·hold
// by a current hold (nA) after one presynaptic spike at t = 0 of an
// exponential synapse of jump dg (µS), time constant tau (ms) and reversal
// eSyn (mV), simulated with steps of dt until tEnd (ms).
func CheckIPSP(ipsp func(cell Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64) check.Result {
	return ipspLevel.Check(func(in pspCase) float64 {
		return ipsp(in.Cell, in.I, in.Dg, in.Tau, in.ESyn, in.Dt, in.TEnd)
	})
}

// randomExcitatory draws an excitatory synapse onto a random cell.
func randomExcitatory(r *rand.Rand) pspCase {
	c, tau, dt, tEnd := randomSetting(r)
	return pspCase{Cell: c, N: 2 + r.IntN(10), Dg: check.Uniform(r, 0.001, 0.01), Tau: tau,
		ESyn: check.Uniform(r, -10, 10), Dt: dt, TEnd: tEnd}
}

var pairPSPLevel = check.Register(&check.Level[pspCase, float64]{
	Project: Project, Number: 12, Title: "Temporal summation", Func: "PairPSP",
	Fixed: []pspCase{
		{Cell: Default(), Dg: 0.005, Tau: 5, ESyn: 0, Interval: 2, Dt: 0.1, TEnd: 80},
		{Cell: Default(), Dg: 0.005, Tau: 5, ESyn: 0, Interval: 10, Dt: 0.1, TEnd: 80},
		{Cell: Default(), Dg: 0.005, Tau: 5, ESyn: 0, Interval: 30, Dt: 0.1, TEnd: 80},
	},
	Random: func(r *rand.Rand) pspCase {
		c := randomExcitatory(r)
		c.Interval = math.Round(check.Uniform(r, 0, c.TEnd/2)/c.Dt) * c.Dt
		return c
	},
	Judge: check.Near(func(c pspCase) float64 {
		return ref.PairPSP(ref.Cell(c.Cell), c.Dg, c.Tau, c.ESyn, c.Interval, c.Dt, c.TEnd)
	}, simTol),
	Show: func(c pspCase) string { return fmt.Sprintf("inputs at 0 and %.4g ms, %v", c.Interval, c) },
	Hint: "Give your ConductanceTrace both spike times, 0 and interval, simulate from rest (no holding current) " +
		"and take your PSPPeak: do not add up two single PSPs.",
})

// CheckPairPSP checks Level 12: pairPSP(cell, dg, tau, eSyn, interval, dt,
// tEnd) returns the peak deflection (mV) of the cell at rest after two
// presynaptic spikes, at 0 and at interval (ms), of an exponential synapse
// of jump dg (µS), time constant tau (ms) and reversal eSyn (mV).
func CheckPairPSP(pairPSP func(cell Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64) check.Result {
	return pairPSPLevel.Check(func(in pspCase) float64 {
		return pairPSP(in.Cell, in.Dg, in.Tau, in.ESyn, in.Interval, in.Dt, in.TEnd)
	})
}

var synchronousFixed = []pspCase{
	{Cell: Default(), N: 1, Dg: 0.005, Tau: 5, ESyn: 0, Dt: 0.1, TEnd: 60},
	{Cell: Default(), N: 5, Dg: 0.005, Tau: 5, ESyn: 0, Dt: 0.1, TEnd: 60},
	{Cell: Default(), N: 12, Dg: 0.005, Tau: 5, ESyn: 0, Dt: 0.1, TEnd: 60},
}

var synchronousPSPLevel = check.Register(&check.Level[pspCase, float64]{
	Project: Project, Number: 13, Title: "Spatial summation of synchronous inputs", Func: "SynchronousPSP",
	Fixed:  synchronousFixed,
	Random: randomExcitatory,
	Judge: check.Near(func(c pspCase) float64 {
		return ref.SynchronousPSP(ref.Cell(c.Cell), c.N, c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd)
	}, simTol),
	Show: func(c pspCase) string { return fmt.Sprintf("%d synchronous inputs at t = 0, %v", c.N, c) },
	Hint: "n spikes at t = 0 (a slice of n zeros) in your ConductanceTrace, simulated from rest; " +
		"return the amplitude of your PSPPeak. The cell sums them, not you.",
})

// CheckSynchronousPSP checks Level 13: synchronousPSP(cell, n, dg, tau,
// eSyn, dt, tEnd) returns the peak deflection (mV) of the cell at rest after
// n synchronous presynaptic spikes at t = 0 of identical exponential
// synapses of jump dg (µS), time constant tau (ms) and reversal eSyn (mV).
func CheckSynchronousPSP(synchronousPSP func(cell Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64) check.Result {
	return synchronousPSPLevel.Check(func(in pspCase) float64 {
		return synchronousPSP(in.Cell, in.N, in.Dg, in.Tau, in.ESyn, in.Dt, in.TEnd)
	})
}

var currentPSPLevel = check.Register(&check.Level[pspCase, float64]{
	Project: Project, Number: 14, Title: "Conductance or current synapse: sublinear summation", Func: "CurrentPSP",
	Fixed:  synchronousFixed,
	Random: randomExcitatory,
	Judge: check.Near(func(c pspCase) float64 {
		return ref.CurrentPSP(ref.Cell(c.Cell), c.N, c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd)
	}, simTol),
	Show: func(c pspCase) string { return fmt.Sprintf("%d synchronous inputs at t = 0, %v", c.N, c) },
	Hint: "The current into the cell in step k is g[k−1]·(eSyn − E_L), with the driving force frozen at rest: " +
		"it does not shrink as V rises. Simulate with synapse.LIFStep from E_L and take your PSPPeak.",
})

// CheckCurrentPSP checks Level 14: currentPSP(cell, n, dg, tau, eSyn, dt,
// tEnd) returns the peak deflection (mV) of SynchronousPSP's cell when the
// synapses are current synapses: the current into the cell is g·(eSyn −
// E_L) (nA), its driving force frozen at rest.
func CheckCurrentPSP(currentPSP func(cell Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64) check.Result {
	return currentPSPLevel.Check(func(in pspCase) float64 {
		return currentPSP(in.Cell, in.N, in.Dg, in.Tau, in.ESyn, in.Dt, in.TEnd)
	})
}

// An eiRun is a simulation of Cell held by a current I (nA) with an
// excitatory and an inhibitory exponential synapse; Prepare fills in their
// conductance traces GE and GI (µS).
type eiRun struct {
	Cell                 Cell
	SpikesE, SpikesI     []float64
	DgE, DgI, TauE, TauI float64
	EE, EI, I, Dt, TEnd  float64
	GE, GI               []float64 `check:"derived"`
}

var simulateEILevel = check.Register(&check.Level[eiRun, trace]{
	Project: Project, Number: 15, Title: "Excitation and inhibition together", Func: "SimulateEI",
	Fixed: []eiRun{
		{Cell: Default(), SpikesE: []float64{5}, SpikesI: []float64{5}, DgE: 0.02, DgI: 0.05, TauE: 5, TauI: 10,
			EE: 0, EI: -65, Dt: 0.1, TEnd: 60},
		{Cell: Default(), SpikesE: []float64{10, 12, 14}, SpikesI: []float64{8}, DgE: 0.03, DgI: 0.05, TauE: 5, TauI: 10,
			EE: 0, EI: -80, I: 0.5, Dt: 0.1, TEnd: 60},
	},
	Prepare: func(c eiRun) eiRun {
		c.GE = ref.ConductanceTrace(c.SpikesE, c.DgE, c.TauE, c.Dt, c.TEnd)
		c.GI = ref.ConductanceTrace(c.SpikesI, c.DgI, c.TauI, c.Dt, c.TEnd)
		return c
	},
	Random: func(r *rand.Rand) eiRun {
		c, tau, dt, tEnd := randomSetting(r)
		return eiRun{Cell: c, SpikesE: gridSpikes(r, 1+r.IntN(8), dt, tEnd/2), SpikesI: gridSpikes(r, 1+r.IntN(8), dt, tEnd/2),
			DgE: check.Uniform(r, 0.005, 0.05), DgI: check.Uniform(r, 0.005, 0.1), TauE: tau, TauI: check.Uniform(r, 2, 30),
			EE: check.Uniform(r, -10, 10), EI: check.Uniform(r, -90, -60), I: c.rheobase() * check.Uniform(r, 0, 0.9),
			Dt: dt, TEnd: tEnd}
	},
	Randoms: 4,
	Judge: judgeTrace(func(c eiRun) trace {
		v, spikes := ref.SimulateEI(ref.Cell(c.Cell), c.GE, c.GI, c.EE, c.EI, c.I, c.Dt)
		return trace{v, spikes}
	}),
	Show: func(c eiRun) string {
		return fmt.Sprintf("the conductances of %v, excitation at %v ms (Δg = %.4g µS, τ = %.4g ms, E = %.4g mV), "+
			"inhibition at %v ms (Δg = %.4g µS, τ = %.4g ms, E = %.4g mV), I = %.4g nA, dt = %g ms, t_end = %g ms",
			c.Cell, c.SpikesE, c.DgE, c.TauE, c.EE, c.SpikesI, c.DgI, c.TauI, c.EI, c.I, c.Dt, c.TEnd)
	},
	Hint: "As SimulateSynaptic, with two synaptic currents taken away from i: gE[k−1]·(v − eE) and gI[k−1]·(v − eI), " +
		"each with its own reversal.",
})

// CheckSimulateEI checks Level 15: simulateEI(cell, gE, gI, eE, eI, i, dt)
// returns the membrane potential (mV) at the times k·dt (ms) and the spike
// times (ms) of the cell starting at E_L + R·i under a constant current i
// (nA) and two synaptic conductances, gE[k] (µS) of reversal eE and gI[k]
// of reversal eI (mV), in the step from k·dt.
func CheckSimulateEI(simulateEI func(cell Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64)) check.Result {
	return simulateEILevel.Check(func(in eiRun) trace {
		v, spikes := simulateEI(in.Cell, in.GE, in.GI, in.EE, in.EI, in.I, in.Dt)
		return trace{v, spikes}
	})
}

type fireCase struct {
	Cell                    Cell
	Dg, Tau, ESyn, Dt, TEnd float64
	MaxN                    int
}

var inputsToFireLevel = check.Register(&check.Level[fireCase, int]{
	Project: Project, Number: 16, Title: "How many inputs reach threshold", Func: "InputsToFire",
	Fixed: []fireCase{
		{Default(), 0.005, 5, 0, 0.1, 60, 200},
		{Default(), 0.005, 5, 0, 0.1, 60, 5},
		{Default(), 0.002, 20, 0, 0.1, 100, 200},
	},
	Random: func(r *rand.Rand) fireCase {
		c, tau, dt, tEnd := randomSetting(r)
		return fireCase{c, check.Uniform(r, 0.002, 0.02), tau, check.Uniform(r, -10, 10), dt, tEnd, 200}
	},
	Randoms: 1,
	Judge: check.Equal(func(c fireCase) int {
		return ref.InputsToFire(ref.Cell(c.Cell), c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd, c.MaxN)
	}),
	Show: func(c fireCase) string {
		return fmt.Sprintf("%v, Δg = %.4g µS, τ_s = %.4g ms, E_syn = %.4g mV, dt = %g ms, t_end = %g ms, at most %d inputs",
			c.Cell, c.Dg, c.Tau, c.ESyn, c.Dt, c.TEnd, c.MaxN)
	},
	Hint: "Try n = 1, 2, … maxN synchronous inputs at t = 0 (a ConductanceTrace of n zeros) with your SimulateSynaptic " +
		"from rest; return the first n whose run has a spike, and 0 if none up to maxN does.",
})

// CheckInputsToFire checks Level 16: inputsToFire(cell, dg, tau, eSyn, dt,
// tEnd, maxN) returns the least number n ≤ maxN of synchronous inputs at
// t = 0, each an exponential synapse of jump dg (µS), time constant tau
// (ms) and reversal eSyn (mV), that make the cell at rest fire before tEnd
// (ms), and 0 if none does.
func CheckInputsToFire(inputsToFire func(cell Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int) check.Result {
	return inputsToFireLevel.Check(func(in fireCase) int {
		return inputsToFire(in.Cell, in.Dg, in.Tau, in.ESyn, in.Dt, in.TEnd, in.MaxN)
	})
}
