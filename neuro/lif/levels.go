// Package lif checks the levels of Project 2, The Integrate-and-Fire Neuron:
// the passive membrane of Project 1 with a threshold, a reset and a
// refractory period, its firing rate, and its firing under noise. Units: mV,
// ms, nA, MΩ, nF, pC; rates in Hz.
//
// The membrane obeys C·dV/dt = −(V − E_L)/R + I, with an injected current I
// positive into the cell, integrated by forward Euler with steps of dt. When
// a step ends at or above the threshold V_th, the cell fires: the spike is
// at the time of that step's end, and V is set to V_reset there.
//
// The levels are in three files by theme: spikes and rates (levels 1–7,
// this file), the F-I curve and refractoriness (8–15), and irregular firing:
// intervals, noise, Poisson input and adaptation (16–25).
package lif

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/lif"
)

// Project is this project's number in the course.
const Project = 2

// A Cell holds the parameters of a leaky integrate-and-fire neuron: the leak
// reversal potential EL, the threshold VTh and the reset potential VReset
// (mV), the membrane resistance R (MΩ) and the capacitance C (nF).
type Cell struct {
	EL, VTh, VReset, R, C float64
}

// Default returns the course's default cell: E_L = −65 mV, V_th = −50 mV,
// V_reset = −65 mV, R = 10 MΩ and C = 1 nF, so τ = R·C = 10 ms.
//
// Default and TimeGrid are written here, not taken from the references:
// learners call them, and while grading no reference is linked.
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

// simTol is the tolerance of simulated voltages and spike times: the
// learner's arithmetic may group the terms of a step differently, which
// changes the last bits of each step.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// randomCell draws a cell with a time constant of 2 to 100 ms, a threshold
// 10 to 25 mV above its leak reversal, and a reset between 10 mV below the
// leak reversal and 5 mV above it.
func randomCell(r *rand.Rand) Cell {
	eL := check.Uniform(r, -75, -60)
	return Cell{EL: eL, VTh: eL + check.Uniform(r, 10, 25), VReset: eL + check.Uniform(r, -10, 5),
		R: check.Uniform(r, 5, 50), C: check.Uniform(r, 0.4, 2)}
}

// rheobase returns the rheobase of c (nA).
func (c Cell) rheobase() float64 { return ref.Rheobase(ref.Cell(c)) }

type spikedCase struct{ V, VTh float64 }

var spikedLevel = check.Register(&check.Level[spikedCase, bool]{
	Project: Project, Number: 1, Title: "Threshold crossing", Func: "Spiked",
	Fixed: []spikedCase{{-50, -50}, {-50.01, -50}, {-30, -50}, {-65, -50}, {-55, -55}},
	Random: func(r *rand.Rand) spikedCase {
		vTh := check.Uniform(r, -60, -40)
		return spikedCase{vTh + check.Uniform(r, -10, 10), vTh}
	},
	Randoms: 8,
	Judge:   check.Equal(func(c spikedCase) bool { return ref.Spiked(c.V, c.VTh) }),
	Show:    func(c spikedCase) string { return fmt.Sprintf("V = %.4g mV, V_th = %.4g mV", c.V, c.VTh) },
	Hint:    "The cell fires when V has reached the threshold: V ≥ V_th, equal included.",
})

// CheckSpiked checks Level 1: spiked(v, vTh) reports whether a membrane
// potential v (mV) has reached the threshold vTh (mV).
func CheckSpiked(spiked func(v, vTh float64) bool) check.Result {
	return spikedLevel.Check(func(in spikedCase) bool { return spiked(in.V, in.VTh) })
}

type resetCase struct{ V, VTh, VReset float64 }

var resetLevel = check.Register(&check.Level[resetCase, float64]{
	Project: Project, Number: 2, Title: "Reset", Func: "Reset",
	Fixed: []resetCase{{-49, -50, -65}, {-50, -50, -70}, {-55, -50, -65}, {-80, -50, -65}},
	Random: func(r *rand.Rand) resetCase {
		vTh := check.Uniform(r, -60, -40)
		return resetCase{vTh + check.Uniform(r, -10, 10), vTh, vTh - check.Uniform(r, 5, 25)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c resetCase) float64 { return ref.Reset(c.V, c.VTh, c.VReset) }, check.Tol{}),
	Show: func(c resetCase) string {
		return fmt.Sprintf("V = %.4g mV, V_th = %.4g mV, V_reset = %.4g mV", c.V, c.VTh, c.VReset)
	},
	Hint: "Return vReset if v has reached the threshold (your Spiked), and v itself otherwise.",
})

// CheckReset checks Level 2: reset(v, vTh, vReset) returns vReset if the
// membrane potential v (mV) has reached the threshold vTh (mV), and v
// otherwise.
func CheckReset(reset func(v, vTh, vReset float64) float64) check.Result {
	return resetLevel.Check(func(in resetCase) float64 { return reset(in.V, in.VTh, in.VReset) })
}

type stepCase struct {
	V, I float64
	Cell Cell
	Dt   float64
}

// stepOut is what LIFStep returns: the potential after the step and whether
// the cell fired in it.
type stepOut struct {
	V      float64
	Spiked bool
}

var lifStepLevel = check.Register(&check.Level[stepCase, stepOut]{
	Project: Project, Number: 3, Title: "One LIF step with spike and reset", Func: "LIFStep",
	Fixed: []stepCase{
		{-65, 1.5, Default(), 0.1}, {-50.05, 3, Default(), 0.1}, {-52, 20, Default(), 0.5},
		{-60, -1, Default(), 0.1}, {-50.001, 1.5, Default(), 0.1},
	},
	Random: func(r *rand.Rand) stepCase {
		c := randomCell(r)
		return stepCase{c.VTh - check.Uniform(r, 0, 3), c.rheobase() * check.Uniform(r, 0, 5), c, check.TimeStep(r, c.R*c.C, 0)}
	},
	Randoms: 8,
	Judge: func(c stepCase, got stepOut) error {
		v, spiked := ref.Step(c.V, c.I, ref.Cell(c.Cell), c.Dt)
		if got.Spiked != spiked {
			return fmt.Errorf("got spiked = %v, want %v", got.Spiked, spiked)
		}
		return check.Compare(got.V, v, check.Exact)
	},
	Show: func(c stepCase) string {
		return fmt.Sprintf("V = %.6g mV, I = %.4g nA, %v, dt = %g ms", c.V, c.I, c.Cell, c.Dt)
	},
	Hint: "Take the Euler step V + dt·(−(V − E_L)/R + I)/C first; if the new V has reached V_th, " +
		"return V_reset and true, and otherwise the new V and false.",
})

// CheckLIFStep checks Level 3: lifStep(v, i, cell, dt) returns the membrane
// potential (mV) one forward-Euler step of dt (ms) after v (mV) under a
// current i (nA), and whether the cell fired in that step, in which case the
// potential is the cell's reset.
func CheckLIFStep(lifStep func(v, i float64, cell Cell, dt float64) (float64, bool)) check.Result {
	return lifStepLevel.Check(func(in stepCase) stepOut {
		v, spiked := lifStep(in.V, in.I, in.Cell, in.Dt)
		return stepOut{v, spiked}
	})
}

// A run is a simulation of Cell under a constant current I (nA), with steps
// of Dt until TEnd (ms).
type run struct {
	Cell        Cell
	I, Dt, TEnd float64
}

func (c run) String() string {
	return fmt.Sprintf("%v, I = %.4g nA, dt = %g ms, t_end = %g ms", c.Cell, c.I, c.Dt, c.TEnd)
}

// randomRun draws a run of a random cell for 10τ, rounded up to whole ms,
// under a current of 0.8 to 4 times its rheobase.
func randomRun(r *rand.Rand) run {
	c := randomCell(r)
	tau := c.R * c.C
	tEnd := math.Ceil(10 * tau)
	return run{c, c.rheobase() * check.Uniform(r, 0.8, 4), check.TimeStep(r, tau, tEnd), tEnd}
}

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

var simulateLevel = check.Register(&check.Level[run, trace]{
	Project: Project, Number: 4, Title: "Simulating under a constant current", Func: "Simulate",
	Fixed: []run{
		{Default(), 2, 0.1, 100}, {Default(), 1, 0.1, 100},
		{Cell{EL: -70, VTh: -54, VReset: -80, R: 20, C: 0.5}, 1.5, 0.05, 50},
	},
	Random: randomRun,
	Judge: judgeTrace(func(c run) trace {
		v, spikes := ref.Simulate(ref.Cell(c.Cell), c.I, c.Dt, c.TEnd)
		return trace{v, spikes}
	}),
	Show: run.String,
	Hint: "v[0] is E_L; each next value is your LIFStep from the one before. When a step fires, " +
		"append its time k·dt, the time at the end of the step, to the spike times.",
})

// CheckSimulate checks Level 4: simulate(cell, i, dt, tEnd) returns the
// membrane potential (mV) at each time of the grid 0, dt, …, tEnd (ms) of the
// cell starting at rest, E_L, under a constant current i (nA), and the times
// (ms) of its spikes.
func CheckSimulate(simulate func(cell Cell, i, dt, tEnd float64) (v, spikes []float64)) check.Result {
	return simulateLevel.Check(func(in run) trace {
		v, spikes := simulate(in.Cell, in.I, in.Dt, in.TEnd)
		return trace{v, spikes}
	})
}

type trainCase struct {
	Train []bool
	Dt    float64
}

var spikeTimesLevel = check.Register(&check.Level[trainCase, []float64]{
	Project: Project, Number: 5, Title: "Spike times from a spike train", Func: "SpikeTimes",
	Fixed: []trainCase{
		{[]bool{false, true, false, false, true}, 0.5},
		{[]bool{true, false, false, true, true, false}, 0.1},
		{make([]bool, 20), 0.1},
	},
	Random: func(r *rand.Rand) trainCase {
		c := trainCase{make([]bool, 50+r.IntN(450)), check.AnyStep(r, 0.5)}
		for k := range c.Train {
			c.Train[k] = r.Float64() < 0.05
		}
		return c
	},
	Judge: check.NearSlice(func(c trainCase) []float64 { return ref.SpikeTimes(c.Train, c.Dt) }, simTol),
	Show:  func(c trainCase) string { return fmt.Sprintf("train = %v, dt = %g ms", c.Train, c.Dt) },
	Hint:  "Step k is at time k·dt, counting from 0: the first element of the train is at t = 0.",
})

// CheckSpikeTimes checks Level 5: spikeTimes(train, dt) returns the times
// k·dt (ms) of the steps k at which the spike train has a spike (true).
func CheckSpikeTimes(spikeTimes func(train []bool, dt float64) []float64) check.Result {
	return spikeTimesLevel.Check(func(in trainCase) []float64 { return spikeTimes(in.Train, in.Dt) })
}

type rateCase struct {
	Spikes   []float64
	Duration float64
}

var firingRateLevel = check.Register(&check.Level[rateCase, float64]{
	Project: Project, Number: 6, Title: "Firing rate in Hz", Func: "FiringRate",
	Fixed: []rateCase{{[]float64{12, 40, 77, 105, 160}, 500}, {nil, 1000}, {[]float64{3.5}, 20}},
	Random: func(r *rand.Rand) rateCase {
		c := rateCase{Duration: math.Round(check.Uniform(r, 200, 5000))}
		for range r.IntN(60) {
			c.Spikes = append(c.Spikes, math.Round(check.Uniform(r, 0, c.Duration)*10)/10)
		}
		return c
	},
	Judge: check.Near(func(c rateCase) float64 { return ref.FiringRate(c.Spikes, c.Duration) }, check.Exact),
	Show: func(c rateCase) string {
		return fmt.Sprintf("spikes at %v ms, duration = %g ms", c.Spikes, c.Duration)
	},
	Hint: "Count the spikes and divide by the duration: that is spikes per ms. Multiply by 1000 for Hz.",
})

// CheckFiringRate checks Level 6: firingRate(spikes, duration) returns the
// rate (Hz) of the spikes (ms) in a recording of the given duration (ms).
func CheckFiringRate(firingRate func(spikes []float64, duration float64) float64) check.Result {
	return firingRateLevel.Check(func(in rateCase) float64 { return firingRate(in.Spikes, in.Duration) })
}

type cellCase struct{ Cell Cell }

var rheobaseLevel = check.Register(&check.Level[cellCase, float64]{
	Project: Project, Number: 7, Title: "Rheobase", Func: "Rheobase",
	Fixed:  []cellCase{{Default()}, {Cell{EL: -70, VTh: -54, VReset: -80, R: 20, C: 0.5}}},
	Random: func(r *rand.Rand) cellCase { return cellCase{randomCell(r)} },
	Judge:  check.Near(func(c cellCase) float64 { return c.Cell.rheobase() }, check.Exact),
	Show:   func(c cellCase) string { return c.Cell.String() },
	Hint: "The steady state E_L + R·I must reach V_th: I = (V_th − E_L)/R, in nA. " +
		"The reset plays no part: the cell starts from rest.",
})

// CheckRheobase checks Level 7: rheobase(cell) returns the smallest constant
// current (nA) that makes the cell fire.
func CheckRheobase(rheobase func(cell Cell) float64) check.Result {
	return rheobaseLevel.Check(func(in cellCase) float64 { return rheobase(in.Cell) })
}
