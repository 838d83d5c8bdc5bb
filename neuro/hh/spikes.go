package hh

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/hh"
	"github.com/neurogo/course/neuro/internal/sim"
)

// This file holds levels 16–19: simulating the model, finding its spikes
// and measuring them, and the potassium current in a voltage clamp.

// maxPoints bounds the length of a random run's trace: a check records
// every value the learner's function returns, and the record goes into the
// notebook.
const maxPoints = 800

// A simCase is a forward-Euler run from the state Y0 with steps of Dt until
// TEnd (ms), under a current of Amp (µA/cm²) from Start to Stop (ms).
type simCase struct {
	Y0                         stateCase
	Amp, Start, Stop, Dt, TEnd float64
	Current                    []float64 `check:"derived"` // one sample per step (µA/cm²), made by Prepare
}

func (c simCase) String() string {
	return fmt.Sprintf("y0 = {%s}, a pulse of %.4g µA/cm² from %g to %g ms, dt = %g ms, t_end = %g ms",
		c.Y0, c.Amp, c.Start, c.Stop, c.Dt, c.TEnd)
}

// samplePulse fills in the run's current.
func samplePulse(c simCase) simCase {
	c.Current = ref.PulseCurrent(sim.Samples(c.TEnd, c.Dt), c.Dt, c.Start, c.Stop, c.Amp)
	return c
}

// simOut is what the check of Level 16 records: the voltage at every time
// (mV) and the last state.
type simOut struct{ V, Final []float64 }

// summarize reduces a list of states to the voltages and the last state,
// without trusting their shape.
func summarize(states [][]float64) simOut {
	var out simOut
	for _, s := range states {
		v := math.NaN()
		if len(s) > 0 {
			v = s[0]
		}
		out.V = append(out.V, v)
	}
	if len(states) > 0 {
		out.Final = append([]float64(nil), states[len(states)-1]...)
	}
	return out
}

// simTol is the tolerance of simulated states: the learner's arithmetic may
// group the terms of a step differently, and the upstroke of a spike
// amplifies the difference in the last bits.
var simTol = check.Tol{Rel: 1e-6, Abs: 1e-6}

// halfMs rounds t (ms) to a multiple of 0.5 ms.
func halfMs(t float64) float64 { return math.Round(2*t) / 2 }

var simulateLevel = check.Register(&check.Level[simCase, simOut]{
	Project: Project, Number: 16, Title: "An action potential from a current step", Func: "Simulate",
	Fixed: []simCase{
		{rest, 10, 1, 12, 0.01, 12, nil},
		{rest, 0, 0, 0, 0.05, 10, nil},
		{stateCase{-50, 0.2, 0.5, 0.4}, -5, 2, 4, 0.025, 15, nil},
	},
	Prepare: samplePulse,
	Random: func(r *rand.Rand) simCase {
		y0 := rest
		if r.IntN(2) == 0 {
			y0 = stateCase{check.Uniform(r, -80, -50), r.Float64() / 5, check.Uniform(r, 0.2, 0.8), check.Uniform(r, 0.2, 0.6)}
		}
		dt := steps[r.IntN(len(steps))]
		start := halfMs(check.Uniform(r, 0, 3))
		return simCase{y0, check.Uniform(r, -10, 30), start, start + halfMs(check.Uniform(r, 0.5, 10)), dt,
			math.Min(15, maxPoints*dt), nil}
	},
	Judge: func(c simCase, got simOut) error {
		want := summarize(ref.Simulate(c.Y0.slice(), c.Current, c.Dt))
		if err := check.CompareSlice(got.V, want.V, simTol); err != nil {
			return fmt.Errorf("the voltages: %v", err)
		}
		if err := check.CompareSlice(got.Final, want.Final, simTol); err != nil {
			return fmt.Errorf("the last state: %v", err)
		}
		return nil
	},
	Show: simCase.String,
	Hint: "Return one state per current sample, the first a copy of y0, each next one EulerStep of the one " +
		"before with current[k], the current at the start of the step.",
})

// CheckSimulate checks Level 16: simulate(y0, current, dt) returns the
// states {V, m, h, n} at the times k·dt (ms) of a forward-Euler simulation
// from y0 in which current[k] (µA/cm²) flows from k·dt to (k+1)·dt, one
// state per current sample. The check records the voltages and the last
// state.
func CheckSimulate(simulate func(y0, current []float64, dt float64) [][]float64) check.Result {
	return simulateLevel.Check(func(in simCase) simOut {
		return summarize(simulate(in.Y0.slice(), in.Current, in.Dt))
	})
}

// A spikeCase is a voltage trace V (mV) sampled every Dt ms, or if V is
// nil a simulation from rest under a constant current I (µA/cm²) for TEnd
// ms, and a Threshold (mV).
type spikeCase struct {
	V                      []float64
	I, Dt, TEnd, Threshold float64
	Trace                  []float64 `check:"derived"` // V, or the simulation; made by Prepare
}

// traceSpikes fills in the case's trace.
func traceSpikes(c spikeCase) spikeCase {
	c.Trace = c.V
	if c.V == nil {
		n := sim.Samples(c.TEnd, c.Dt)
		c.Trace = ref.Voltages(ref.Simulate(ref.RestState(0), ref.PulseCurrent(n, c.Dt, 0, c.TEnd, c.I), c.Dt))
	}
	return c
}

func (c spikeCase) String() string {
	if c.V != nil {
		return fmt.Sprintf("v = %v mV, dt = %g ms, threshold = %g mV", c.V, c.Dt, c.Threshold)
	}
	return fmt.Sprintf("the voltage of a cell at rest under %.4g µA/cm² for %g ms, dt = %g ms, threshold = %.4g mV",
		c.I, c.TEnd, c.Dt, c.Threshold)
}

var spikeTimesLevel = check.Register(&check.Level[spikeCase, []float64]{
	Project: Project, Number: 17, Title: "Spike times by upward crossing", Func: "SpikeTimes",
	Fixed: []spikeCase{
		{V: []float64{-10, -10, 10, -5, 0, 0, 5}, Dt: 0.5},
		{V: []float64{5, 10, -3, 2, 8}, Dt: 0.1, Threshold: 0},
		{I: 10, Dt: 0.01, TEnd: 50},
		{I: 2, Dt: 0.01, TEnd: 30},
	},
	Random: func(r *rand.Rand) spikeCase {
		return spikeCase{nil, check.Uniform(r, 3, 30), steps[r.IntN(len(steps))], halfMs(check.Uniform(r, 20, 60)), check.Uniform(r, -30, 20), nil}
	},
	Prepare: traceSpikes,
	Judge: check.NearSlice(func(c spikeCase) []float64 {
		return ref.SpikeTimes(c.Trace, c.Dt, c.Threshold)
	}, check.Tol{Rel: 1e-9, Abs: 1e-9}),
	Show: spikeCase.String,
	Hint: "A spike is an index k with v[k−1] < threshold ≤ v[k]; its time is (k − 1)·dt plus the fraction " +
		"(threshold − v[k−1])/(v[k] − v[k−1]) of a step.",
})

// CheckSpikeTimes checks Level 17: spikeTimes(v, dt, threshold) returns the
// times (ms) at which the voltage v (mV), sampled every dt ms from t = 0,
// crosses threshold (mV) upward, interpolated linearly between samples.
func CheckSpikeTimes(spikeTimes func(v []float64, dt, threshold float64) []float64) check.Result {
	return spikeTimesLevel.Check(func(in spikeCase) []float64 { return spikeTimes(in.Trace, in.Dt, in.Threshold) })
}

// A shapeCase is the voltage of a cell at rest given a pulse of Amp
// (µA/cm²) from 1 to 2 ms, simulated with steps of Dt for 15 ms.
type shapeCase struct {
	Amp, Dt float64
	Trace   []float64 `check:"derived"` // made by Prepare
}

// traceShape fills in the case's trace.
func traceShape(c shapeCase) shapeCase {
	n := sim.Samples(15, c.Dt)
	c.Trace = ref.Voltages(ref.Simulate(ref.RestState(0), ref.PulseCurrent(n, c.Dt, 1, 2, c.Amp), c.Dt))
	return c
}

// shape is what the check of Level 18 records: peak and amplitude (mV),
// half-width (ms).
type shape struct{ Peak, Amplitude, HalfWidth float64 }

var spikeShapeLevel = check.Register(&check.Level[shapeCase, shape]{
	Project: Project, Number: 18, Title: "Peak, amplitude and half-width", Func: "SpikeShape",
	Fixed: []shapeCase{{20, 0.01, nil}, {50, 0.025, nil}},
	Random: func(r *rand.Rand) shapeCase {
		return shapeCase{check.Uniform(r, 10, 60), steps[r.IntN(len(steps))], nil}
	},
	Prepare: traceShape,
	Judge: func(c shapeCase, got shape) error {
		var want shape
		want.Peak, want.Amplitude, want.HalfWidth = ref.SpikeShape(c.Trace, c.Dt)
		tol := check.Tol{Rel: 1e-9, Abs: 1e-9}
		for _, p := range []struct {
			name      string
			got, want float64
		}{{"peak", got.Peak, want.Peak}, {"amplitude", got.Amplitude, want.Amplitude}, {"half-width", got.HalfWidth, want.HalfWidth}} {
			if err := check.Compare(p.got, p.want, tol); err != nil {
				return fmt.Errorf("%s: %v", p.name, err)
			}
		}
		return nil
	},
	Show: func(c shapeCase) string {
		return fmt.Sprintf("the voltage of a cell at rest given %.4g µA/cm² from 1 to 2 ms, dt = %g ms, for 15 ms", c.Amp, c.Dt)
	},
	Hint: "Amplitude = peak − v[0] (the trace starts at rest). The half-width runs from the upward crossing " +
		"of v[0] + amplitude/2 just before the peak to the downward crossing just after it, both interpolated.",
})

// CheckSpikeShape checks Level 18: spikeShape(v, dt) returns the peak (mV),
// the amplitude above v[0] (mV) and the half-width (ms) of the one spike of
// the voltage v (mV) sampled every dt ms from rest.
func CheckSpikeShape(spikeShape func(v []float64, dt float64) (peak, amplitude, halfWidth float64)) check.Result {
	return spikeShapeLevel.Check(func(in shapeCase) shape {
		p, a, w := spikeShape(in.Trace, in.Dt)
		return shape{p, a, w}
	})
}

type clampCase struct{ V0, V, T float64 }

var clampKLevel = check.Register(&check.Level[clampCase, float64]{
	Project: Project, Number: 19, Title: "Voltage clamp: the delayed K⁺ current", Func: "ClampK",
	Fixed: []clampCase{{-65, 0, 0}, {-65, 0, 2}, {-100, 20, 5}, {-65, -90, 3}},
	Random: func(r *rand.Rand) clampCase {
		return clampCase{check.Uniform(r, -100, -50), check.Uniform(r, -80, 60), check.Uniform(r, 0, 20)}
	},
	Judge: check.Near(func(c clampCase) float64 { return ref.ClampK(c.V0, c.V, c.T) }, check.Exact),
	Show: func(c clampCase) string {
		return fmt.Sprintf("V stepped from %.4g mV to %.4g mV, t = %.4g ms after the step", c.V0, c.V, c.T)
	},
	Hint: "n starts at n∞(V0) and relaxes (your RelaxGate) with α_n and β_n of the new voltage V; " +
		"then I_K = g_K·n⁴·(V − E_K).",
})

// CheckClampK checks Level 19: clampK(v0, v, t) returns the potassium
// current (µA/cm²) a time t (ms) after the voltage of a cell rested at v0 is
// stepped to v (mV) and held there.
func CheckClampK(clampK func(v0, v, t float64) float64) check.Result {
	return clampKLevel.Check(func(in clampCase) float64 { return clampK(in.V0, in.V, in.T) })
}
