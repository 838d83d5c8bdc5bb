package lif

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/sim"
)

// This file holds levels 8–15: the firing rate under a constant current,
// analytic and simulated, and how a refractory period limits it.

type currentCase struct {
	Cell Cell
	I    float64
}

func (c currentCase) String() string { return fmt.Sprintf("%v, I = %.4g nA", c.Cell, c.I) }

// randomCurrent draws a random cell under a current of 0.5 to 4 times its
// rheobase.
func randomCurrent(r *rand.Rand) currentCase {
	c := randomCell(r)
	return currentCase{c, c.rheobase() * check.Uniform(r, 0.5, 4)}
}

// otherCell is a cell whose reset is below its leak reversal.
var otherCell = Cell{EL: -70, VTh: -54, VReset: -80, R: 20, C: 0.5}

// currentCases are the fixed cases of the analytic levels: under, at and
// above the rheobase.
var currentCases = []currentCase{{Default(), 2}, {Default(), 1.5}, {Default(), 1}, {Default(), 4}, {otherCell, 1.2}}

var analyticISILevel = check.Register(&check.Level[currentCase, float64]{
	Project: Project, Number: 8, Title: "The analytic inter-spike interval", Func: "AnalyticISI",
	Fixed:   currentCases,
	Random:  randomCurrent,
	Randoms: 8,
	Judge:   check.Near(func(c currentCase) float64 { return ref.ISI(ref.Cell(c.Cell), c.I) }, check.Exact),
	Show:    currentCase.String,
	Hint: "τ·ln((R·I + E_L − V_reset)/(R·I + E_L − V_th)) with τ = R·C, and math.Inf(1) when R·I + E_L ≤ V_th: " +
		"then the cell never reaches the threshold.",
})

// CheckAnalyticISI checks Level 8: analyticISI(cell, i) returns the interval
// (ms) between the spikes of the cell under a constant current i (nA), from
// the exact solution of the membrane equation, or +Inf if it never fires.
func CheckAnalyticISI(analyticISI func(cell Cell, i float64) float64) check.Result {
	return analyticISILevel.Check(func(in currentCase) float64 { return analyticISI(in.Cell, in.I) })
}

var analyticRateLevel = check.Register(&check.Level[currentCase, float64]{
	Project: Project, Number: 9, Title: "The analytic rate f(I)", Func: "AnalyticRate",
	Fixed:   currentCases,
	Random:  randomCurrent,
	Randoms: 8,
	Judge:   check.Near(func(c currentCase) float64 { return ref.Rate(ref.Cell(c.Cell), c.I) }, check.Exact),
	Show:    currentCase.String,
	Hint:    "One spike per interval: 1000/ISI in Hz, since the interval is in ms. 1000/math.Inf(1) is 0.",
})

// CheckAnalyticRate checks Level 9: analyticRate(cell, i) returns the firing
// rate (Hz) of the cell under a constant current i (nA), 0 if it never
// fires.
func CheckAnalyticRate(analyticRate func(cell Cell, i float64) float64) check.Result {
	return analyticRateLevel.Check(func(in currentCase) float64 { return analyticRate(in.Cell, in.I) })
}

type fiCase struct {
	Cell     Cell
	Currents []float64
	Dt, TEnd float64
}

var fiCurveLevel = check.Register(&check.Level[fiCase, []float64]{
	Project: Project, Number: 10, Title: "The simulated F-I curve", Func: "FICurve",
	Fixed: []fiCase{
		{Default(), []float64{0, 1, 1.5, 1.6, 2, 3, 4}, 0.1, 1000},
		{otherCell, []float64{0.5, 1, 2}, 0.05, 500},
	},
	Random: func(r *rand.Rand) fiCase {
		c := randomCell(r)
		tau := c.R * c.C
		// A step that keeps each run near check.MaxPoints steps, where τ
		// allows: the check needs the rates, not a fine grid.
		tEnd := math.Ceil(30 * tau)
		fc := fiCase{Cell: c, Dt: check.TimeStep(r, tau, tEnd), TEnd: tEnd}
		for range 5 {
			fc.Currents = append(fc.Currents, c.rheobase()*check.Uniform(r, 0, 4))
		}
		return fc
	},
	Judge: check.NearSlice(func(c fiCase) []float64 {
		return ref.FICurve(ref.Cell(c.Cell), c.Currents, c.Dt, c.TEnd)
	}, check.Tol{Rel: 1e-9}),
	Show: func(c fiCase) string {
		return fmt.Sprintf("%v, currents %.4g nA, dt = %g ms, t_end = %g ms", c.Cell, c.Currents, c.Dt, c.TEnd)
	},
	Hint: "For each current, Simulate and measure the rate over whole intervals: 1000·(n − 1)/(t_last − t_first) " +
		"for n spikes, and 0 for fewer than two. Counting spikes in the window is off by up to one spike.",
})

// CheckFICurve checks Level 10: fiCurve(cell, currents, dt, tEnd) returns,
// for each constant current (nA), the firing rate (Hz) of the cell simulated
// with steps of dt until tEnd (ms), measured over whole intervals:
// 1000·(n − 1)/(t_last − t_first) for n ≥ 2 spikes, and 0 otherwise.
func CheckFICurve(fiCurve func(cell Cell, currents []float64, dt, tEnd float64) []float64) check.Result {
	return fiCurveLevel.Check(func(in fiCase) []float64 { return fiCurve(in.Cell, in.Currents, in.Dt, in.TEnd) })
}

type rateErrorCase struct {
	Cell        Cell
	I, Dt, TEnd float64
}

var rateErrorLevel = check.Register(&check.Level[rateErrorCase, float64]{
	Project: Project, Number: 11, Title: "Simulated against analytic: the dt error", Func: "RateError",
	Fixed: []rateErrorCase{{Default(), 2, 0.1, 1000}, {Default(), 2, 1, 1000}, {Default(), 3, 0.5, 500}},
	Random: func(r *rand.Rand) rateErrorCase {
		c := randomCell(r)
		tau := c.R * c.C
		tEnd := math.Ceil(30 * tau)
		return rateErrorCase{c, c.rheobase() * check.Uniform(r, 1.2, 4), check.TimeStep(r, tau, tEnd), tEnd} // as in FICurve
	},
	Judge: check.Near(func(c rateErrorCase) float64 {
		return ref.RateError(ref.Cell(c.Cell), c.I, c.Dt, c.TEnd)
	}, check.Tol{Rel: 1e-6, Abs: 1e-9}),
	Show: func(c rateErrorCase) string {
		return fmt.Sprintf("%v, I = %.4g nA, dt = %g ms, t_end = %g ms", c.Cell, c.I, c.Dt, c.TEnd)
	},
	Hint: "The simulated rate (your FICurve with the one current) minus the analytic one (your AnalyticRate), " +
		"in that order: positive when the simulation fires too fast.",
})

// CheckRateError checks Level 11: rateError(cell, i, dt, tEnd) returns the
// simulated firing rate minus the analytic one (Hz) under a constant current
// i (nA), the simulation having steps of dt until tEnd (ms).
func CheckRateError(rateError func(cell Cell, i, dt, tEnd float64) float64) check.Result {
	return rateErrorLevel.Check(func(in rateErrorCase) float64 { return rateError(in.Cell, in.I, in.Dt, in.TEnd) })
}

// A pulseRun is a simulation of Cell with a refractory period TRef (ms)
// under a current pulse of Amp (nA) that is on from Start to Stop (ms), with
// steps of Dt until TEnd (ms); Current is the pulse sampled at the times of
// the run's grid (nA), which Prepare computes.
type pulseRun struct {
	Cell                             Cell
	Amp, Start, Stop, TRef, Dt, TEnd float64
	Current                          []float64 `check:"derived"`
}

// samplePulse fills in the run's current.
func samplePulse(c pulseRun) pulseRun {
	t := sim.TimeGrid(c.TEnd, c.Dt)
	c.Current = make([]float64, len(t))
	for k := range t {
		if c.Start <= t[k] && t[k] < c.Stop {
			c.Current[k] = c.Amp
		}
	}
	return c
}

func (c pulseRun) String() string {
	return fmt.Sprintf("%v, a pulse of %.4g nA from %g to %g ms, t_ref = %.4g ms, dt = %g ms, t_end = %g ms",
		c.Cell, c.Amp, c.Start, c.Stop, c.TRef, c.Dt, c.TEnd)
}

var simulateCurrentLevel = check.Register(&check.Level[pulseRun, trace]{
	Project: Project, Number: 12, Title: "The absolute refractory period", Func: "SimulateCurrent",
	Fixed: []pulseRun{
		{Default(), 2, 0, 100, 2, 0.1, 100, nil},
		{Default(), 4, 20, 80, 5, 0.1, 100, nil},
		{otherCell, 2, 10, 40, 1, 0.05, 50, nil},
	},
	Prepare: samplePulse,
	Random: func(r *rand.Rand) pulseRun {
		c := randomRun(r)
		start := math.Round(check.Uniform(r, 0, c.TEnd/3))
		stop := start + math.Round(check.Uniform(r, c.TEnd/3, c.TEnd))
		tRef := math.Round(check.Uniform(r, 0.5, 5)/c.Dt) * c.Dt
		return pulseRun{c.Cell, c.Cell.rheobase() * check.Uniform(r, 1.2, 5), start, stop, tRef, c.Dt, c.TEnd, nil}
	},
	Judge: judgeTrace(func(c pulseRun) trace {
		v, spikes := ref.SimulateCurrent(ref.Cell(c.Cell), c.Current, c.TRef, c.Dt)
		return trace{v, spikes}
	}),
	Show: pulseRun.String,
	Hint: "After a spike at step k, hold v at V_reset for the next round(tRef/dt) steps (use math.Round) " +
		"and integrate again from there: the step after the hold starts from V_reset. " +
		"current[k] flows from k·dt to (k+1)·dt, and v has one value per current sample.",
})

// CheckSimulateCurrent checks Level 12: simulateCurrent(cell, current, tRef,
// dt) returns the membrane potential (mV) at the times k·dt (ms) of the cell
// starting at rest, in which current[k] (nA) flows from k·dt to (k+1)·dt and
// the potential is held at the reset for round(tRef/dt) steps after each
// spike, and the spike times (ms). The checks' currents are pulses.
func CheckSimulateCurrent(simulateCurrent func(cell Cell, current []float64, tRef, dt float64) (v, spikes []float64)) check.Result {
	return simulateCurrentLevel.Check(func(in pulseRun) trace {
		v, spikes := simulateCurrent(in.Cell, in.Current, in.TRef, in.Dt)
		return trace{v, spikes}
	})
}

type tRefCase struct{ TRef float64 }

var maxRateLevel = check.Register(&check.Level[tRefCase, float64]{
	Project: Project, Number: 13, Title: "The maximum rate", Func: "MaxRate",
	Fixed:  []tRefCase{{2}, {1}, {5}},
	Random: func(r *rand.Rand) tRefCase { return tRefCase{check.Uniform(r, 0.5, 10)} },
	Judge:  check.Near(func(c tRefCase) float64 { return ref.MaxRate(c.TRef) }, check.Exact),
	Show:   func(c tRefCase) string { return fmt.Sprintf("t_ref = %.4g ms", c.TRef) },
	Hint:   "At most one spike per t_ref ms: 1/t_ref spikes per ms, times 1000 for Hz.",
})

// CheckMaxRate checks Level 13: maxRate(tRef) returns the highest rate (Hz)
// of a cell with an absolute refractory period tRef (ms).
func CheckMaxRate(maxRate func(tRef float64) float64) check.Result {
	return maxRateLevel.Check(func(in tRefCase) float64 { return maxRate(in.TRef) })
}

type refractoryRateCase struct {
	Cell    Cell
	I, TRef float64
}

var refractoryRateLevel = check.Register(&check.Level[refractoryRateCase, float64]{
	Project: Project, Number: 14, Title: "The F-I curve with refractoriness", Func: "RefractoryRate",
	Fixed: []refractoryRateCase{{Default(), 2, 2}, {Default(), 1, 2}, {Default(), 100, 2}, {otherCell, 1.5, 4}},
	Random: func(r *rand.Rand) refractoryRateCase {
		c := randomCurrent(r)
		return refractoryRateCase{c.Cell, c.I, check.Uniform(r, 0.5, 5)}
	},
	Randoms: 8,
	Judge: check.Near(func(c refractoryRateCase) float64 {
		return ref.RefractoryRate(ref.Cell(c.Cell), c.I, c.TRef)
	}, check.Exact),
	Show: func(c refractoryRateCase) string {
		return fmt.Sprintf("%v, I = %.4g nA, t_ref = %.4g ms", c.Cell, c.I, c.TRef)
	},
	Hint: "Each interval is now t_ref + ISI: the rate is 1000/(t_ref + AnalyticISI), still 0 below the rheobase.",
})

// CheckRefractoryRate checks Level 14: refractoryRate(cell, i, tRef) returns
// the firing rate (Hz) of the cell under a constant current i (nA) with an
// absolute refractory period tRef (ms), 0 if it never fires.
func CheckRefractoryRate(refractoryRate func(cell Cell, i, tRef float64) float64) check.Result {
	return refractoryRateLevel.Check(func(in refractoryRateCase) float64 { return refractoryRate(in.Cell, in.I, in.TRef) })
}

type gainCase struct {
	Cell        Cell
	I, TRef, DI float64
}

var gainLevel = check.Register(&check.Level[gainCase, float64]{
	Project: Project, Number: 15, Title: "Gain: the slope of the F-I curve", Func: "Gain",
	Fixed: []gainCase{{Default(), 2, 2, 0.01}, {Default(), 5, 2, 0.01}, {otherCell, 1.5, 1, 0.001}},
	Random: func(r *rand.Rand) gainCase {
		c := randomCell(r)
		return gainCase{c, c.rheobase() * check.Uniform(r, 1.2, 5), check.Uniform(r, 0.5, 5), c.rheobase() * check.Uniform(r, 0.001, 0.05)}
	},
	Judge: check.Near(func(c gainCase) float64 {
		return ref.Gain(ref.Cell(c.Cell), c.I, c.TRef, c.DI)
	}, check.Tol{Rel: 1e-7, Abs: 1e-9}),
	Show: func(c gainCase) string {
		return fmt.Sprintf("%v, I = %.4g nA, t_ref = %.4g ms, dI = %.4g nA", c.Cell, c.I, c.TRef, c.DI)
	},
	Hint: "A central difference of your RefractoryRate: (f(I + dI) − f(I − dI))/(2·dI), in Hz/nA.",
})

// CheckGain checks Level 15: gain(cell, i, tRef, dI) returns the slope
// (Hz/nA) of the F-I curve with refractoriness at the current i (nA), by a
// central difference of half-width dI (nA).
func CheckGain(gain func(cell Cell, i, tRef, dI float64) float64) check.Result {
	return gainLevel.Check(func(in gainCase) float64 { return gain(in.Cell, in.I, in.TRef, in.DI) })
}
