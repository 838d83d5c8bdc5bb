package membrane

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/membrane"
	"github.com/neurogo/course/neuro/internal/sim"
)

// This file holds levels 14–21: the forward-Euler simulation of the
// membrane, with constant and pulsed currents, and its accuracy and
// stability.

// simTol is the tolerance of simulated voltages: the learner's arithmetic may
// group the terms of a step differently, which changes the last bits of each
// step.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// A run is one simulation: from V0 (mV) under a constant current I (nA), in
// a cell of leak reversal EL (mV), resistance R (MΩ) and capacitance C (nF),
// with steps of Dt (ms) until TEnd (ms).
type run struct{ V0, I, EL, R, C, Dt, TEnd float64 }

// defaultRun is the course's default cell from rest under 1.5 nA for 100 ms.
var defaultRun = run{-65, 1.5, -65, 10, 1, 0.1, 100}

func (c run) String() string {
	return fmt.Sprintf("V0 = %.4g mV, I = %.4g nA, %s, dt = %g ms, t_end = %g ms",
		c.V0, c.I, showCell(c.EL, c.R, c.C), c.Dt, c.TEnd)
}

// times returns the run's time grid (ms).
func (c run) times() []float64 { return sim.TimeGrid(c.TEnd, c.Dt) }

// trace returns the run's reference simulation (mV).
func (c run) trace() []float64 { return ref.Simulate(c.V0, c.I, c.EL, c.R, c.C, c.Dt, c.TEnd) }

// randomRun draws a run of the given number of time constants, from rest if
// fromRest is set and otherwise from within 10 mV of it, under a current of
// 0.2 to 2 nA of either sign.
func randomRun(rng *rand.Rand, spans float64, fromRest bool) run {
	eL, r, c := randomCell(rng)
	tau := r * c
	v0 := eL
	if !fromRest {
		v0 += check.Uniform(rng, -10, 10)
	}
	i := check.Uniform(rng, 0.2, 2)
	if rng.IntN(2) == 0 {
		i = -i
	}
	tEnd := math.Ceil(spans * tau)
	return run{v0, i, eL, r, c, check.TimeStep(rng, tau, tEnd), tEnd}
}

type stepCase struct{ V, I, EL, R, C, Dt float64 }

var eulerStepLevel = check.Register(&check.Level[stepCase, float64]{
	Project: Project, Number: 14, Title: "One Euler step", Func: "EulerStep",
	Fixed: []stepCase{{-65, 1.5, -65, 10, 1, 0.1}, {-50, 0, -65, 10, 1, 1}, {-70, -0.5, -60, 20, 0.5, 0.05}},
	Random: func(r *rand.Rand) stepCase {
		eL, res, c := randomCell(r)
		return stepCase{check.Uniform(r, -90, -30), check.Uniform(r, -2, 2), eL, res, c, check.TimeStep(r, res*c, 0)}
	},
	Judge: check.Near(func(c stepCase) float64 { return ref.EulerStep(c.V, c.I, c.EL, c.R, c.C, c.Dt) }, check.Exact),
	Show: func(c stepCase) string {
		return fmt.Sprintf("V = %.4g mV, I = %.4g nA, %s, dt = %g ms", c.V, c.I, showCell(c.EL, c.R, c.C), c.Dt)
	},
	Hint: "V + dt·dV/dt, with dV/dt from your MembraneRate.",
})

// CheckEulerStep checks Level 14: eulerStep(v, i, eL, r, c, dt) returns the
// membrane potential (mV) one forward-Euler step of dt (ms) after v (mV),
// under a current i (nA), in a cell of leak reversal eL (mV), resistance r
// (MΩ) and capacitance c (nF).
func CheckEulerStep(eulerStep func(v, i, eL, r, c, dt float64) float64) check.Result {
	return eulerStepLevel.Check(func(in stepCase) float64 { return eulerStep(in.V, in.I, in.EL, in.R, in.C, in.Dt) })
}

type gridCase struct{ TEnd, Dt float64 }

var timeGridLevel = check.Register(&check.Level[gridCase, []float64]{
	Project: Project, Number: 15, Title: "The time grid", Func: "TimeGrid",
	Fixed: []gridCase{{100, 0.1}, {0.3, 0.1}, {0.7, 0.1}, {2, 0.25}},
	Random: func(r *rand.Rand) gridCase {
		dt := check.AnyStep(r, 0.5)
		return gridCase{float64(1+r.IntN(1000)) * dt, dt}
	},
	Judge: check.NearSlice(func(c gridCase) []float64 { return sim.TimeGrid(c.TEnd, c.Dt) }, check.Tol{Abs: 1e-9}),
	Show:  func(c gridCase) string { return fmt.Sprintf("t_end = %g ms, dt = %g ms", c.TEnd, c.Dt) },
	Hint: "There are round(t_end/dt) + 1 times, from 0 to t_end inclusive; use math.Round, " +
		"because 0.3/0.1 is 2.9999999999999996 in floating point.",
})

// CheckTimeGrid checks Level 15: timeGrid(tEnd, dt) returns the times 0, dt,
// 2·dt, …, tEnd (ms).
func CheckTimeGrid(timeGrid func(tEnd, dt float64) []float64) check.Result {
	return timeGridLevel.Check(func(in gridCase) []float64 { return timeGrid(in.TEnd, in.Dt) })
}

var simulateLevel = check.Register(&check.Level[run, []float64]{
	Project: Project, Number: 16, Title: "Simulating the membrane", Func: "Simulate",
	Fixed:  []run{defaultRun, {-50, 0, -65, 10, 1, 0.1, 50}, {-70, -1, -60, 20, 0.5, 0.5, 30}},
	Random: func(r *rand.Rand) run { return randomRun(r, 5, false) },
	Judge:  check.NearSlice(run.trace, simTol),
	Show:   run.String,
	Hint: "Start the slice with v0 and take one EulerStep per time step, so that it has as many values " +
		"as TimeGrid(tEnd, dt) has times.",
})

// CheckSimulate checks Level 16: simulate(v0, i, eL, r, c, dt, tEnd) returns
// the membrane potential (mV) at each time of the grid 0, dt, …, tEnd (ms) of
// a forward-Euler simulation from v0 (mV) under a constant current i (nA), in
// a cell of leak reversal eL (mV), resistance r (MΩ) and capacitance c (nF).
func CheckSimulate(simulate func(v0, i, eL, r, c, dt, tEnd float64) []float64) check.Result {
	return simulateLevel.Check(func(in run) []float64 { return simulate(in.V0, in.I, in.EL, in.R, in.C, in.Dt, in.TEnd) })
}

type pulseCase struct{ T, Start, Stop, Amp float64 }

var pulseLevel = check.Register(&check.Level[pulseCase, float64]{
	Project: Project, Number: 17, Title: "A current pulse", Func: "Pulse",
	Fixed: []pulseCase{{3.5, 2, 5, 1.5}, {2, 2, 5, 1.5}, {5, 2, 5, 1.5}, {1, 2, 5, -0.5}, {40, 20, 60, -0.5}, {80, 20, 60, 1}},
	Random: func(r *rand.Rand) pulseCase {
		start := check.Uniform(r, 0, 50)
		return pulseCase{check.Uniform(r, 0, 120), start, start + check.Uniform(r, 1, 50), check.Uniform(r, -2, 2)}
	},
	Randoms: 10,
	Judge:   check.Near(func(c pulseCase) float64 { return ref.Pulse(c.T, c.Start, c.Stop, c.Amp) }, check.Tol{}),
	Show: func(c pulseCase) string {
		return fmt.Sprintf("t = %.4g ms, start = %.4g ms, stop = %.4g ms, amp = %.4g nA", c.T, c.Start, c.Stop, c.Amp)
	},
	Hint: "The pulse is on (amp) for start ≤ t < stop, and 0 before and after: on at start, off again at stop.",
})

// CheckPulse checks Level 17: pulse(t, start, stop, amp) returns the current
// (nA) at time t (ms) of a pulse of amplitude amp (nA) that is on for
// start ≤ t < stop and zero otherwise.
func CheckPulse(pulse func(t, start, stop, amp float64) float64) check.Result {
	return pulseLevel.Check(func(in pulseCase) float64 { return pulse(in.T, in.Start, in.Stop, in.Amp) })
}

// A pulseRun is a simulation under a current pulse of Amp (nA) that is on
// from Start to Stop (ms); Current is the pulse sampled on the run's time
// grid (nA), which Prepare computes.
type pulseRun struct {
	V0, Amp, Start, Stop, EL, R, C, Dt, TEnd float64
	Current                                  []float64 `check:"derived"`
}

// samplePulse fills in the run's current.
func samplePulse(c pulseRun) pulseRun {
	t := sim.TimeGrid(c.TEnd, c.Dt)
	c.Current = make([]float64, len(t))
	for k := range t {
		c.Current[k] = ref.Pulse(t[k], c.Start, c.Stop, c.Amp)
	}
	return c
}

var simulateCurrentLevel = check.Register(&check.Level[pulseRun, []float64]{
	Project: Project, Number: 18, Title: "Charging and discharging", Func: "SimulateCurrent",
	Fixed:   []pulseRun{{-65, 1.5, 10, 60, -65, 10, 1, 0.1, 100, nil}, {-65, -1, 5, 25, -70, 20, 0.5, 0.05, 50, nil}},
	Prepare: samplePulse,
	Random: func(r *rand.Rand) pulseRun {
		c := randomRun(r, 6, r.IntN(2) == 0)
		start := math.Round(check.Uniform(r, 0, c.TEnd/3))
		stop := start + math.Round(check.Uniform(r, 1, c.TEnd/2))
		return pulseRun{c.V0, c.I, start, stop, c.EL, c.R, c.C, c.Dt, c.TEnd, nil}
	},
	Judge: check.NearSlice(func(c pulseRun) []float64 {
		return ref.SimulateCurrent(c.V0, c.Current, c.EL, c.R, c.C, c.Dt)
	}, simTol),
	Show: func(c pulseRun) string {
		return fmt.Sprintf("V0 = %.4g mV, a pulse of %.4g nA from %g to %g ms, %s, dt = %g ms, t_end = %g ms",
			c.V0, c.Amp, c.Start, c.Stop, showCell(c.EL, c.R, c.C), c.Dt, c.TEnd)
	},
	Hint: "v[0] = v0, and the step from v[k] to v[k+1] uses current[k], the current at the start of the step. " +
		"The result has one value per current sample.",
})

// CheckSimulateCurrent checks Level 18: simulateCurrent(v0, current, eL, r,
// c, dt) returns the membrane potential (mV) at the times k·dt (ms) of a
// forward-Euler simulation from v0 (mV) in which current[k] (nA) flows during
// the step from k·dt to (k+1)·dt, in a cell of leak reversal eL (mV),
// resistance r (MΩ) and capacitance c (nF). The checks' currents are pulses.
func CheckSimulateCurrent(simulateCurrent func(v0 float64, current []float64, eL, r, c, dt float64) []float64) check.Result {
	return simulateCurrentLevel.Check(func(in pulseRun) []float64 {
		return simulateCurrent(in.V0, in.Current, in.EL, in.R, in.C, in.Dt)
	})
}

var eulerErrorLevel = check.Register(&check.Level[run, float64]{
	Project: Project, Number: 19, Title: "Euler against the exact solution", Func: "EulerError",
	Fixed:  []run{defaultRun, {-65, -1, -65, 10, 1, 0.1, 100}, {-50, 0, -65, 10, 1, 0.5, 60}},
	Random: func(r *rand.Rand) run { return randomRun(r, 5, false) },
	Judge: check.Near(func(c run) float64 {
		return ref.EulerError(c.V0, c.I, c.EL, c.R, c.C, c.Dt, c.TEnd)
	}, check.Tol{Rel: 1e-6, Abs: 1e-9}),
	Show: run.String,
	Hint: "Compare Simulate with ExactVoltage at every time of the grid (V∞ from SteadyState, τ from TimeConstant) " +
		"and return the largest absolute difference, math.Abs of it.",
})

// CheckEulerError checks Level 19: eulerError(v0, i, eL, r, c, dt, tEnd)
// returns the largest absolute difference (mV) between the forward-Euler
// simulation and the exact solution over the time grid 0, dt, …, tEnd (ms),
// for a cell and current as in Simulate.
func CheckEulerError(eulerError func(v0, i, eL, r, c, dt, tEnd float64) float64) check.Result {
	return eulerErrorLevel.Check(func(in run) float64 { return eulerError(in.V0, in.I, in.EL, in.R, in.C, in.Dt, in.TEnd) })
}

var convergenceOrderLevel = check.Register(&check.Level[run, float64]{
	Project: Project, Number: 20, Title: "First-order convergence", Func: "ConvergenceOrder",
	Fixed:  []run{defaultRun, {-65, -1, -65, 10, 1, 0.5, 100}},
	Random: func(r *rand.Rand) run { return randomRun(r, 5, false) },
	Judge: check.Near(func(c run) float64 {
		return ref.ConvergenceOrder(c.V0, c.I, c.EL, c.R, c.C, c.Dt, c.TEnd)
	}, check.Tol{Abs: 1e-6}),
	Show: run.String,
	Hint: "Return log₂(EulerError at dt / EulerError at dt/2), math.Log2 of the ratio: " +
		"about 1 for a first-order method.",
})

// CheckConvergenceOrder checks Level 20: convergenceOrder(v0, i, eL, r, c,
// dt, tEnd) returns log₂ of the ratio of the Euler error at dt to the error
// at dt/2, for a cell and current as in Simulate.
func CheckConvergenceOrder(convergenceOrder func(v0, i, eL, r, c, dt, tEnd float64) float64) check.Result {
	return convergenceOrderLevel.Check(func(in run) float64 {
		return convergenceOrder(in.V0, in.I, in.EL, in.R, in.C, in.Dt, in.TEnd)
	})
}

type factorCase struct{ Dt, Tau float64 }

var eulerFactorLevel = check.Register(&check.Level[factorCase, float64]{
	Project: Project, Number: 21, Title: "Instability of a large step", Func: "EulerFactor",
	Fixed: []factorCase{{0.1, 10}, {5, 10}, {15, 10}, {25, 10}},
	Random: func(r *rand.Rand) factorCase {
		tau := check.Uniform(r, 1, 50)
		return factorCase{check.Uniform(r, 0, 3) * tau, tau}
	},
	Judge: check.Near(func(c factorCase) float64 { return ref.EulerFactor(c.Dt, c.Tau) }, check.Exact),
	Show:  func(c factorCase) string { return fmt.Sprintf("dt = %.4g ms, τ = %.4g ms", c.Dt, c.Tau) },
	Hint: "One Euler step turns V − V∞ into (V − V∞) − dt·(V − V∞)/τ = (1 − dt/τ)·(V − V∞). " +
		"Not e^(−dt/τ): that is the exact solution's factor.",
})

// CheckEulerFactor checks Level 21: eulerFactor(dt, tau) returns the factor
// by which one forward-Euler step of dt (ms) multiplies the distance V − V∞
// of a membrane with time constant tau (ms) from its steady state.
func CheckEulerFactor(eulerFactor func(dt, tau float64) float64) check.Result {
	return eulerFactorLevel.Check(func(in factorCase) float64 { return eulerFactor(in.Dt, in.Tau) })
}
