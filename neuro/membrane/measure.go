package membrane

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/membrane"
)

// This file holds levels 22–25: measuring a cell from its simulated traces,
// and what sets a cell's resting potential and its response to a current.

// A traceCase is a run and its simulated trace: the times (ms) and the
// membrane potential (mV), which Prepare computes.
type traceCase struct {
	Run   run
	Times []float64 `check:"derived"`
	V     []float64 `check:"derived"`
}

func traceCases(runs ...run) []traceCase {
	cases := make([]traceCase, len(runs))
	for i, r := range runs {
		cases[i].Run = r
	}
	return cases
}

func randomTrace(r *rand.Rand) traceCase { return traceCase{Run: randomRun(r, 10, true)} }

func simulateTrace(c traceCase) traceCase {
	c.Times, c.V = c.Run.times(), c.Run.trace()
	return c
}

func (c traceCase) String() string { return "the simulated trace of " + c.Run.String() }

var inputResistanceLevel = check.Register(&check.Level[traceCase, float64]{
	Project: Project, Number: 22, Title: "Input resistance from a simulation", Func: "InputResistance",
	Fixed:   traceCases(run{-65, 1.5, -65, 10, 1, 0.1, 100}, run{-70, -0.5, -70, 40, 0.25, 0.1, 100}),
	Random:  randomTrace,
	Prepare: simulateTrace,
	Judge: check.Near(func(c traceCase) float64 {
		return ref.InputResistance(c.V, c.Run.I)
	}, check.Exact),
	Show: traceCase.String,
	Hint: "The trace starts at rest and ends at steady state: R = (last value − first value)/I, and mV/nA gives MΩ.",
})

// CheckInputResistance checks Level 22: inputResistance(trace, i) returns the
// input resistance (MΩ) measured from a trace of the membrane potential (mV)
// that starts at rest and ends at steady state under a current step i (nA).
// The checks' traces are simulations of 10 time constants.
func CheckInputResistance(inputResistance func(trace []float64, i float64) float64) check.Result {
	return inputResistanceLevel.Check(func(in traceCase) float64 { return inputResistance(in.V, in.Run.I) })
}

var measureTauLevel = check.Register(&check.Level[traceCase, float64]{
	Project: Project, Number: 23, Title: "Measuring τ from a trace", Func: "MeasureTau",
	Fixed: traceCases(run{-65, 1.5, -65, 10, 1, 0.1, 100}, run{-50, 0, -65, 10, 1, 0.5, 100},
		run{-60, -1, -60, 20, 0.5, 0.2, 100}),
	Random:  randomTrace,
	Prepare: simulateTrace,
	Judge: check.Near(func(c traceCase) float64 {
		return ref.MeasureTau(c.Times, c.V)
	}, check.Tol{Rel: 1e-6}),
	Show: traceCase.String,
	Hint: "Find the first sample that has gone at least 1 − 1/e ≈ 0.632 of the way from the first value to the last, " +
		"and interpolate linearly between it and the sample before it to get the time of the crossing.",
})

// CheckMeasureTau checks Level 23: measureTau(times, v) returns the time
// constant (ms) measured from a membrane potential v (mV) sampled at times
// (ms), relaxing from its first value to its last: the time at which it has
// first gone 1 − 1/e of the way, interpolated linearly between samples.
func CheckMeasureTau(measureTau func(times, v []float64) float64) check.Result {
	return measureTauLevel.Check(func(in traceCase) float64 { return measureTau(in.Times, in.V) })
}

type restCase struct{ G, E []float64 }

// reversals are typical reversal potentials (mV): K⁺, Na⁺, Cl⁻, Ca²⁺ and a
// mixed cation channel.
var reversals = []float64{-90, 50, -70, 120, 0}

var restingPotentialLevel = check.Register(&check.Level[restCase, float64]{
	Project: Project, Number: 24, Title: "Resting potential of parallel conductances", Func: "RestingPotential",
	Fixed: []restCase{
		{[]float64{0.1, 0.1}, []float64{-90, 50}},
		{[]float64{0.1, 0.005, 0.05}, []float64{-90, 50, -70}},
		{[]float64{0.02}, []float64{-65}},
	},
	Random: func(r *rand.Rand) restCase {
		n := 2 + r.IntN(3)
		c := restCase{make([]float64, n), make([]float64, n)}
		for k := range n {
			c.G[k] = check.LogUniform(r, 0.001, 0.2)
			c.E[k] = reversals[r.IntN(len(reversals))] + check.Uniform(r, -5, 5)
		}
		return c
	},
	Judge: check.Near(func(c restCase) float64 { return ref.RestingPotential(c.G, c.E) }, check.Exact),
	Show:  func(c restCase) string { return fmt.Sprintf("g = %.4g µS, E = %.4g mV", c.G, c.E) },
	Hint: "At rest the currents gᵢ·(V − Eᵢ) add up to zero; solve for V: Σ gᵢ·Eᵢ / Σ gᵢ, " +
		"a mean of the Eᵢ weighted by the conductances.",
})

// CheckRestingPotential checks Level 24: restingPotential(g, e) returns the
// potential (mV) at which the currents through parallel conductances g (µS)
// with reversal potentials e (mV) cancel.
func CheckRestingPotential(restingPotential func(g, e []float64) float64) check.Result {
	return restingPotentialLevel.Check(func(in restCase) float64 { return restingPotential(in.G, in.E) })
}

type deflectionCase struct{ I, Area, Rm float64 }

var deflectionLevel = check.Register(&check.Level[deflectionCase, float64]{
	Project: Project, Number: 25, Title: "A smaller cell is more excitable", Func: "Deflection",
	Fixed: []deflectionCase{{1, 1e5, 10}, {1, 1e4, 10}, {0.1, 1257, 20}},
	Random: func(r *rand.Rand) deflectionCase {
		return deflectionCase{check.Uniform(r, -1, 1), check.LogUniform(r, 1e3, 1e6), check.Uniform(r, 1, 50)}
	},
	Judge: check.Near(func(c deflectionCase) float64 { return ref.Deflection(c.I, c.Area, c.Rm) }, check.Exact),
	Show: func(c deflectionCase) string {
		return fmt.Sprintf("I = %.4g nA, area = %.5g µm², r_m = %.4g kΩ·cm²", c.I, c.Area, c.Rm)
	},
	Hint: "R = r_m/A with A in cm² (1 µm² = 1e-8 cm²) and 1 kΩ = 1e-3 MΩ; the deflection is R·I. " +
		"10 kΩ·cm² over 1e5 µm² is 10 MΩ.",
})

// CheckDeflection checks Level 25: deflection(i, area, rm) returns the
// steady-state deflection (mV) of a cell of the given area (µm²) and
// specific membrane resistance rm (kΩ·cm²) under a current i (nA).
func CheckDeflection(deflection func(i, area, rm float64) float64) check.Result {
	return deflectionLevel.Check(func(in deflectionCase) float64 { return deflection(in.I, in.Area, in.Rm) })
}
