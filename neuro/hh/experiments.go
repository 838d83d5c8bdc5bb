package hh

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/hh"
)

// This file holds levels 20–25: experiments on the simulated cell
// (threshold, refractoriness, the F-I curve, anode-break excitation) and
// the fourth-order Runge-Kutta method. Their random cases are few, because
// every one of them runs many simulations: one each for the threshold
// searches and the F-I curve, whose check is otherwise the most costly of
// the project (a bisection is 18 runs of up to 50 ms, a rate one of
// 200 ms, both in steps of 0.01 ms, for the learner and again for the
// reference); the fixed cases catch the typical mistakes.

// offGrid returns t (ms) moved to halfway between two samples of the
// experiments' time step, so that no sample sits on the edge of a pulse.
func offGrid(t float64) float64 { return (math.Round(t/ref.Dt) + 0.5) * ref.Dt }

// thresholdTol is the tolerance of the thresholds found by bisection: both
// the learner's search and the reference's stop within 1e-3 µA/cm².
var thresholdTol = check.Tol{Rel: 1e-3, Abs: 2e-3}

type durationCase struct{ Duration float64 }

var thresholdLevel = check.Register(&check.Level[durationCase, float64]{
	Project: Project, Number: 20, Title: "The threshold by bisection", Func: "Threshold",
	Fixed:   []durationCase{{offGrid(1)}, {offGrid(0.5)}},
	Random:  func(r *rand.Rand) durationCase { return durationCase{offGrid(check.LogUniform(r, 0.2, 5))} },
	Randoms: 1,
	Judge:   check.Near(func(c durationCase) float64 { return ref.Threshold(c.Duration) }, thresholdTol),
	Show:    func(c durationCase) string { return fmt.Sprintf("a pulse of %g ms", c.Duration) },
	Hint: "Bisect the amplitude between 0 and 200 µA/cm² until the bracket is narrower than 1e-3: " +
		"at each midpoint simulate 30 ms from RestState(0) with dt = 0.01 ms and the pulse from 0 to the " +
		"duration, and keep the upper half if V never reaches 0 mV, the lower half if it does.",
})

// CheckThreshold checks Level 20: threshold(duration) returns the smallest
// amplitude (µA/cm²) of a current pulse of the given duration (ms) that
// makes a cell at rest reach 0 mV within 30 ms, found by bisection to
// within 1e-3 µA/cm² in forward-Euler runs with steps of 0.01 ms.
func CheckThreshold(threshold func(duration float64) float64) check.Result {
	return thresholdLevel.Check(func(in durationCase) float64 { return threshold(in.Duration) })
}

type intervalCase struct{ Interval float64 }

var secondThresholdLevel = check.Register(&check.Level[intervalCase, float64]{
	Project: Project, Number: 21, Title: "Refractoriness: a second pulse needs more", Func: "SecondThreshold",
	Fixed:   []intervalCase{{10}},
	Random:  func(r *rand.Rand) intervalCase { return intervalCase{offGrid(check.Uniform(r, 7, 20))} },
	Randoms: 1,
	Judge:   check.Near(func(c intervalCase) float64 { return ref.SecondThreshold(c.Interval) }, thresholdTol),
	Show: func(c intervalCase) string {
		return fmt.Sprintf("a second 1 ms pulse %g ms after the start of the first", c.Interval)
	},
	Hint: "The current is the sum of two PulseCurrent pulses: 20 µA/cm² from 0 to 1 ms, and the amplitude you bisect from " +
		"interval to interval + 1 ms. Simulate until interval + 30 ms and look for 0 mV only from the start " +
		"of the second pulse on: the first spike always reaches it.",
})

// CheckSecondThreshold checks Level 21: secondThreshold(interval) returns
// the smallest amplitude (µA/cm²) of a second 1 ms pulse, interval ms after
// the start of a first pulse of 20 µA/cm² for 1 ms, that makes the cell
// reach 0 mV again, searched as in Threshold.
func CheckSecondThreshold(secondThreshold func(interval float64) float64) check.Result {
	return secondThresholdLevel.Check(func(in intervalCase) float64 { return secondThreshold(in.Interval) })
}

type currentCase struct{ I float64 }

var firingRateLevel = check.Register(&check.Level[currentCase, float64]{
	Project: Project, Number: 22, Title: "The F-I curve: a jump to repetitive firing", Func: "FiringRate",
	// 5 µA/cm² fires only the onset spike, which the rate must leave out
	// (no spike at all, as at 0, takes the same branch); 10 fires on.
	Fixed:   []currentCase{{5}, {10}},
	Random:  func(r *rand.Rand) currentCase { return currentCase{check.Uniform(r, 7, 40)} },
	Randoms: 1,
	Judge:   check.Near(func(c currentCase) float64 { return ref.FiringRate(c.I) }, check.Tol{Rel: 1e-6, Abs: 1e-6}),
	Show:    func(c currentCase) string { return fmt.Sprintf("I = %.4g µA/cm²", c.I) },
	Hint: "Simulate 200 ms from RestState(0) with dt = 0.01 ms, keep the spike times (upward crossings of 0 mV) " +
		"from 50 ms on, and return 1000·(n − 1)/(t_n − t_1) Hz for those n spikes, or 0 if there are fewer than two.",
})

// CheckFiringRate checks Level 22: firingRate(i) returns the firing rate
// (Hz) of a cell at rest given a constant current i (µA/cm²) from t = 0,
// from its spikes between 50 and 200 ms of a forward-Euler run with steps of
// 0.01 ms.
func CheckFiringRate(firingRate func(i float64) float64) check.Result {
	return firingRateLevel.Check(func(in currentCase) float64 { return firingRate(in.I) })
}

// An rk4Case is one step of dt from the state Y at time T of a System:
// "oscillator" (dy₀/dt = y₁, dy₁/dt = −P²·y₀) or "driven" (dy/dt = −P·y +
// cos t). Between them they try a vector state and a time-dependent f. The
// HH model is not among them: its f is an answer, and while grading no
// reference runs where the learner's code runs.
type rk4Case struct {
	System   string
	P, T, Dt float64
	Y        []float64
}

// derivatives returns the right-hand side f(t, y) of the case's system.
func (c rk4Case) derivatives() func(t float64, y []float64) []float64 {
	switch c.System {
	case "oscillator":
		return func(_ float64, y []float64) []float64 { return []float64{y[1], -c.P * c.P * y[0]} }
	}
	return func(t float64, y []float64) []float64 { return []float64{-c.P*y[0] + math.Cos(t)} }
}

func (c rk4Case) String() string {
	var system string
	switch c.System {
	case "oscillator":
		system = fmt.Sprintf("dy₀/dt = y₁, dy₁/dt = −%.4g²·y₀", c.P)
	default:
		system = fmt.Sprintf("dy/dt = −%.4g·y + cos t", c.P)
	}
	return fmt.Sprintf("%s, t = %.4g, y = %.6g, dt = %g", system, c.T, c.Y, c.Dt)
}

var rk4StepLevel = check.Register(&check.Level[rk4Case, []float64]{
	Project: Project, Number: 23, Title: "A fourth-order Runge-Kutta step", Func: "RK4Step",
	Fixed: []rk4Case{
		{"oscillator", 1, 0, 0.1, []float64{1, 0}},
		{"driven", 2, 1, 0.5, []float64{0.3}},
	},
	Random: func(r *rand.Rand) rk4Case {
		if r.IntN(2) == 0 {
			return rk4Case{"oscillator", check.Uniform(r, 0.5, 3), check.Uniform(r, 0, 10), check.Uniform(r, 0.01, 0.5),
				[]float64{check.Uniform(r, -1, 1), check.Uniform(r, -1, 1)}}
		}
		return rk4Case{"driven", check.Uniform(r, 0.1, 3), check.Uniform(r, 0, 10), check.Uniform(r, 0.01, 0.5), []float64{check.Uniform(r, -1, 1)}}
	},
	Randoms: 6,
	Judge: check.NearSlice(func(c rk4Case) []float64 {
		return ref.RK4Step(c.derivatives(), c.T, c.Y, c.Dt)
	}, check.Tol{Rel: 1e-10, Abs: 1e-12}),
	Show: rk4Case.String,
	Hint: "k1 = f(t, y), k2 = f(t + dt/2, y + dt/2·k1), k3 = f(t + dt/2, y + dt/2·k2), k4 = f(t + dt, y + dt·k3), " +
		"and y + dt/6·(k1 + 2·k2 + 2·k3 + k4), element by element. Mind the times you pass to f.",
})

// CheckRK4Step checks Level 23: rk4Step(f, t, y, dt) returns the state of
// the system dy/dt = f(t, y) one classic fourth-order Runge-Kutta step of
// dt after the state y at time t.
func CheckRK4Step(rk4Step func(f func(t float64, y []float64) []float64, t float64, y []float64, dt float64) []float64) check.Result {
	return rk4StepLevel.Check(func(in rk4Case) []float64 {
		return rk4Step(in.derivatives(), in.T, append([]float64(nil), in.Y...), in.Dt)
	})
}

type errorCase struct{ I, Dt float64 }

// spikeErrors is what the check of Level 24 records (ms).
type spikeErrors struct{ Euler, RK4 float64 }

var spikeTimeErrorsLevel = check.Register(&check.Level[errorCase, spikeErrors]{
	Project: Project, Number: 24, Title: "Euler against RK4: the spike-time error", Func: "SpikeTimeErrors",
	Fixed: []errorCase{{10, 0.05}, {20, 0.08}},
	// Above 0.08 ms, RK4 too blows up after the first spike.
	Random: func(r *rand.Rand) errorCase {
		return errorCase{check.Uniform(r, 8, 40), []float64{0.02, 0.04, 0.05, 0.08}[r.IntN(4)]}
	},
	Randoms: 2,
	Judge: func(c errorCase, got spikeErrors) error {
		euler, rk4 := ref.SpikeTimeErrors(c.I, c.Dt)
		tol := check.Tol{Rel: 1e-4, Abs: 1e-8}
		if err := check.Compare(got.Euler, euler, tol); err != nil {
			return fmt.Errorf("Euler's error: %v", err)
		}
		if err := check.Compare(got.RK4, rk4, tol); err != nil {
			return fmt.Errorf("RK4's error: %v", err)
		}
		return nil
	},
	Show: func(c errorCase) string { return fmt.Sprintf("I = %.4g µA/cm², dt = %g ms", c.I, c.Dt) },
	Hint: "Three runs of 20 ms from RestState(0) under the constant current: RK4 with dt = 0.001 ms (the truth), " +
		"Euler with dt and RK4 with dt. Each gives the first upward crossing of 0 mV (SpikeTimes); " +
		"return |t_Euler − t_true| and |t_RK4 − t_true|.",
})

// CheckSpikeTimeErrors checks Level 24: spikeTimeErrors(i, dt) returns the
// errors (ms) of the first spike's time under a constant current i
// (µA/cm²) from rest, simulated with steps of dt (ms) by forward Euler and
// by RK4, against RK4 with steps of 0.001 ms.
func CheckSpikeTimeErrors(spikeTimeErrors func(i, dt float64) (euler, rk4 float64)) check.Result {
	return spikeTimeErrorsLevel.Check(func(in errorCase) spikeErrors {
		e, r := spikeTimeErrors(in.I, in.Dt)
		return spikeErrors{e, r}
	})
}

type reboundCase struct{ Amp, Duration float64 }

var reboundSpikeLevel = check.Register(&check.Level[reboundCase, float64]{
	Project: Project, Number: 25, Title: "A rebound spike after hyperpolarization", Func: "ReboundSpike",
	Fixed: []reboundCase{{-10, offGrid(20)}, {-1, offGrid(20)}, {-5, offGrid(5)}},
	Random: func(r *rand.Rand) reboundCase {
		return reboundCase{check.Uniform(r, -15, -1), offGrid(check.Uniform(r, 5, 30))}
	},
	Randoms: 3,
	Judge: check.Near(func(c reboundCase) float64 {
		return ref.ReboundSpike(c.Amp, c.Duration)
	}, check.Tol{Rel: 1e-6, Abs: 1e-6}),
	Show: func(c reboundCase) string {
		return fmt.Sprintf("%.4g µA/cm² from 0 to %g ms", c.Amp, c.Duration)
	},
	Hint: "Simulate duration + 30 ms from RestState(0) with dt = 0.01 ms, the pulse on from 0 to duration. " +
		"Return the first spike time (upward crossing of 0 mV) at or after the end of the pulse minus the " +
		"duration, or math.Inf(1) if there is none.",
})

// CheckReboundSpike checks Level 25: reboundSpike(amp, duration) returns the
// latency (ms), counted from the end of the pulse, of the spike that follows
// a hyperpolarizing pulse of amp (µA/cm², negative) from 0 to duration (ms)
// given to a cell at rest, or +Inf if it does not fire within 30 ms.
func CheckReboundSpike(reboundSpike func(amp, duration float64) float64) check.Result {
	return reboundSpikeLevel.Check(func(in reboundCase) float64 { return reboundSpike(in.Amp, in.Duration) })
}
