package membrane

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/membrane"
)

// This file holds levels 8–13: the membrane equation, its time constant and
// steady state, and its exact solution.

// randomCell draws a passive cell: its leak reversal eL (mV), resistance r
// (MΩ) and capacitance c (nF), so τ = r·c is between 1 and 100 ms.
func randomCell(rng *rand.Rand) (eL, r, c float64) {
	return check.Uniform(rng, -80, -55), check.Uniform(rng, 5, 50), check.Uniform(rng, 0.2, 2)
}

// showCell writes a cell's parameters with units.
func showCell(eL, r, c float64) string {
	return fmt.Sprintf("E_L = %.4g mV, R = %.4g MΩ, C = %.4g nF", eL, r, c)
}

type rateCase struct{ V, I, EL, R, C float64 }

var membraneRateLevel = check.Register(&check.Level[rateCase, float64]{
	Project: Project, Number: 8, Title: "The membrane equation", Func: "MembraneRate",
	Fixed: []rateCase{{-65, 1.5, -65, 10, 1}, {-50, 0, -65, 10, 1}, {-70, -0.5, -60, 20, 0.5}},
	Random: func(r *rand.Rand) rateCase {
		eL, res, c := randomCell(r)
		return rateCase{check.Uniform(r, -90, -30), check.Uniform(r, -2, 2), eL, res, c}
	},
	Judge: check.Near(func(c rateCase) float64 { return ref.MembraneRate(c.V, c.I, c.EL, c.R, c.C) }, check.Exact),
	Show: func(c rateCase) string {
		return fmt.Sprintf("V = %.4g mV, I = %.4g nA, %s", c.V, c.I, showCell(c.EL, c.R, c.C))
	},
	Hint: "dV/dt = (−(V − E_L)/R + I)/C: the leak current g_L·(V − E_L) flows out, the injected current I flows in.",
})

// CheckMembraneRate checks Level 8: membraneRate(v, i, eL, r, c) returns
// dV/dt (mV/ms) of a passive membrane at potential v (mV) under an injected
// current i (nA), with leak reversal eL (mV), resistance r (MΩ) and
// capacitance c (nF).
func CheckMembraneRate(membraneRate func(v, i, eL, r, c float64) float64) check.Result {
	return membraneRateLevel.Check(func(in rateCase) float64 { return membraneRate(in.V, in.I, in.EL, in.R, in.C) })
}

type tauCase struct{ R, C float64 }

var timeConstantLevel = check.Register(&check.Level[tauCase, float64]{
	Project: Project, Number: 9, Title: "The time constant", Func: "TimeConstant",
	Fixed: []tauCase{{10, 1}, {20, 0.5}, {100, 0.2}},
	Random: func(r *rand.Rand) tauCase {
		_, res, c := randomCell(r)
		return tauCase{res, c}
	},
	Judge: check.Near(func(c tauCase) float64 { return ref.TimeConstant(c.R, c.C) }, check.Exact),
	Show:  func(c tauCase) string { return fmt.Sprintf("R = %.4g MΩ, C = %.4g nF", c.R, c.C) },
	Hint:  "τ = R·C, and MΩ × nF gives ms.",
})

// CheckTimeConstant checks Level 9: timeConstant(r, c) returns the time
// constant (ms) of a resistance r (MΩ) and a capacitance c (nF).
func CheckTimeConstant(timeConstant func(r, c float64) float64) check.Result {
	return timeConstantLevel.Check(func(in tauCase) float64 { return timeConstant(in.R, in.C) })
}

type steadyCase struct{ I, EL, R float64 }

var steadyStateLevel = check.Register(&check.Level[steadyCase, float64]{
	Project: Project, Number: 10, Title: "The steady state", Func: "SteadyState",
	Fixed: []steadyCase{{1.5, -65, 10}, {-1, -70, 20}, {0, -65, 10}},
	Random: func(r *rand.Rand) steadyCase {
		eL, res, _ := randomCell(r)
		return steadyCase{check.Uniform(r, -2, 2), eL, res}
	},
	Judge: check.Near(func(c steadyCase) float64 { return ref.SteadyState(c.I, c.EL, c.R) }, check.Exact),
	Show: func(c steadyCase) string {
		return fmt.Sprintf("I = %.4g nA, E_L = %.4g mV, R = %.4g MΩ", c.I, c.EL, c.R)
	},
	Hint: "At steady state dV/dt = 0, so the leak current (V − E_L)/R equals the injected I: V∞ = E_L + R·I.",
})

// CheckSteadyState checks Level 10: steadyState(i, eL, r) returns the
// potential (mV) at which a membrane with leak reversal eL (mV) and
// resistance r (MΩ) settles under a constant current i (nA).
func CheckSteadyState(steadyState func(i, eL, r float64) float64) check.Result {
	return steadyStateLevel.Check(func(in steadyCase) float64 { return steadyState(in.I, in.EL, in.R) })
}

type exactCase struct{ T, V0, VInf, Tau float64 }

var exactVoltageLevel = check.Register(&check.Level[exactCase, float64]{
	Project: Project, Number: 11, Title: "The exact solution", Func: "ExactVoltage",
	Fixed: []exactCase{{10, -65, -50, 10}, {0, -65, -50, 10}, {5, -50, -65, 10}, {30, -70, -55, 20}},
	Random: func(r *rand.Rand) exactCase {
		return exactCase{check.Uniform(r, 0, 100), check.Uniform(r, -80, -40), check.Uniform(r, -90, -30), check.Uniform(r, 1, 50)}
	},
	Judge: check.Near(func(c exactCase) float64 { return ref.ExactVoltage(c.T, c.V0, c.VInf, c.Tau) }, check.Exact),
	Show: func(c exactCase) string {
		return fmt.Sprintf("t = %.4g ms, V0 = %.4g mV, V∞ = %.4g mV, τ = %.4g ms", c.T, c.V0, c.VInf, c.Tau)
	},
	Hint: "V(t) = V∞ + (V0 − V∞)·e^(−t/τ): it starts at V0 and ends at V∞. Use math.Exp.",
})

// CheckExactVoltage checks Level 11: exactVoltage(t, v0, vInf, tau) returns
// the membrane potential (mV) at time t (ms) of a membrane that starts at v0
// (mV) and relaxes toward vInf (mV) with time constant tau (ms).
func CheckExactVoltage(exactVoltage func(t, v0, vInf, tau float64) float64) check.Result {
	return exactVoltageLevel.Check(func(in exactCase) float64 { return exactVoltage(in.T, in.V0, in.VInf, in.Tau) })
}

type fractionCase struct{ T, Tau float64 }

var fractionReachedLevel = check.Register(&check.Level[fractionCase, float64]{
	Project: Project, Number: 12, Title: "Fraction of the way", Func: "FractionReached",
	Fixed: []fractionCase{{10, 10}, {0, 10}, {5, 20}, {46.05, 10}},
	Random: func(r *rand.Rand) fractionCase {
		return fractionCase{check.Uniform(r, 0, 100), check.Uniform(r, 1, 50)}
	},
	Judge: check.Near(func(c fractionCase) float64 { return ref.FractionReached(c.T, c.Tau) }, check.Exact),
	Show:  func(c fractionCase) string { return fmt.Sprintf("t = %.4g ms, τ = %.4g ms", c.T, c.Tau) },
	Hint:  "The part of the way still to go is e^(−t/τ); the part gone is 1 − e^(−t/τ), 0.632 at t = τ.",
})

// CheckFractionReached checks Level 12: fractionReached(t, tau) returns the
// fraction of the way from start to steady state that a relaxation with
// time constant tau (ms) has gone after t (ms).
func CheckFractionReached(fractionReached func(t, tau float64) float64) check.Result {
	return fractionReachedLevel.Check(func(in fractionCase) float64 { return fractionReached(in.T, in.Tau) })
}

type reachCase struct{ V, V0, VInf, Tau float64 }

var timeToReachLevel = check.Register(&check.Level[reachCase, float64]{
	Project: Project, Number: 13, Title: "Time to reach a voltage", Func: "TimeToReach",
	Fixed: []reachCase{
		{-55, -65, -50, 10}, {-57.5, -65, -50, 10}, {-65, -65, -50, 10}, {-75, -65, -80, 20},
		{-50, -65, -50, 10}, {-45, -65, -50, 10}, {-70, -65, -50, 10},
	},
	Random: func(r *rand.Rand) reachCase {
		v0, vInf, tau := check.Uniform(r, -80, -40), check.Uniform(r, -90, -30), check.Uniform(r, 1, 50)
		if vInf-v0 < 2 && vInf-v0 > -2 {
			vInf = v0 + 5
		}
		return reachCase{v0 + check.Uniform(r, -0.3, 1.3)*(vInf-v0), v0, vInf, tau}
	},
	Randoms: 8,
	Judge:   check.Near(func(c reachCase) float64 { return ref.TimeToReach(c.V, c.V0, c.VInf, c.Tau) }, check.Exact),
	Show: func(c reachCase) string {
		return fmt.Sprintf("V = %.4g mV, V0 = %.4g mV, V∞ = %.4g mV, τ = %.4g ms", c.V, c.V0, c.VInf, c.Tau)
	},
	Hint: "Solve V(t) = V for t: t = τ·ln((V0 − V∞)/(V − V∞)). When V lies at or beyond V∞, " +
		"or behind V0 (away from V∞), it is never reached: return math.Inf(1).",
})

// CheckTimeToReach checks Level 13: timeToReach(v, v0, vInf, tau) returns
// the time (ms) a membrane that starts at v0 (mV) and relaxes toward vInf
// (mV) with time constant tau (ms) takes to reach v (mV), or +Inf if it
// never does.
func CheckTimeToReach(timeToReach func(v, v0, vInf, tau float64) float64) check.Result {
	return timeToReachLevel.Check(func(in reachCase) float64 { return timeToReach(in.V, in.V0, in.VInf, in.Tau) })
}
