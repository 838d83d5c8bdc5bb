// Package membrane checks the levels of Project 1, The Neuron as a Circuit:
// the passive membrane as an RC circuit. Units: mV, ms, nA, MΩ, nF, µS.
//
// Sign convention: a membrane current g·(V − E) is positive when it flows
// outward, and an injected current I is positive when it flows into the cell,
// so that C·dV/dt = −(V − E_L)/R + I and a positive I depolarizes.
//
// The levels are in four files by theme: the circuit's parts (levels 1–7,
// this file), the membrane equation and its exact solution (8–13), Euler
// simulation and its accuracy (14–21), and measurements on cells (22–25).
package membrane

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/membrane"
)

// Project is this project's number in the course.
const Project = 1

type chargeCase struct{ C, V float64 }

var chargeLevel = check.Register(&check.Level[chargeCase, float64]{
	Project: Project, Number: 1, Title: "Charge on the membrane capacitor", Func: "Charge",
	Fixed: []chargeCase{{1, -65}, {0.5, 20}},
	Random: func(r *rand.Rand) chargeCase {
		return chargeCase{check.Uniform(r, 0.1, 2.1), check.Uniform(r, -90, 40)}
	},
	Judge: check.Near(func(c chargeCase) float64 { return ref.Charge(c.C, c.V) }, check.Exact),
	Show:  func(c chargeCase) string { return fmt.Sprintf("C = %.4g nF, V = %.4g mV", c.C, c.V) },
	Hint:  "Q = C·V, and nF × mV gives pC.",
})

// CheckCharge checks Level 1: charge(c, v) returns the charge (pC) on a
// capacitance c (nF) at a voltage v (mV).
func CheckCharge(charge func(c, v float64) float64) check.Result {
	return chargeLevel.Check(func(in chargeCase) float64 { return charge(in.C, in.V) })
}

type capacitanceCase struct{ Area, Cm float64 }

var capacitanceLevel = check.Register(&check.Level[capacitanceCase, float64]{
	Project: Project, Number: 2, Title: "Capacitance from the cell's area", Func: "Capacitance",
	Fixed: []capacitanceCase{{1e5, 1}, {1257, 1}, {2000, 0.9}},
	Random: func(r *rand.Rand) capacitanceCase {
		return capacitanceCase{check.Uniform(r, 100, 200100), check.Uniform(r, 0.5, 1.5)}
	},
	Judge: check.Near(func(c capacitanceCase) float64 { return ref.Capacitance(c.Area, c.Cm) }, check.Exact),
	Show: func(c capacitanceCase) string {
		return fmt.Sprintf("area = %.5g µm², c_m = %.3g µF/cm²", c.Area, c.Cm)
	},
	Hint: "1 µm² = 1e-8 cm² and 1 µF = 1000 nF.",
})

// CheckCapacitance checks Level 2: capacitance(area, cm) returns the
// capacitance (nF) of a membrane of the given area (µm²) and specific
// capacitance cm (µF/cm²).
func CheckCapacitance(capacitance func(area, cm float64) float64) check.Result {
	return capacitanceLevel.Check(func(in capacitanceCase) float64 { return capacitance(in.Area, in.Cm) })
}

type ohmCase struct{ V, R float64 }

var ohmCurrentLevel = check.Register(&check.Level[ohmCase, float64]{
	Project: Project, Number: 3, Title: "Ohm's law for the leak", Func: "OhmCurrent",
	Fixed:  []ohmCase{{15, 10}, {-5, 20}},
	Random: func(r *rand.Rand) ohmCase { return ohmCase{check.Uniform(r, -40, 40), check.Uniform(r, 1, 201)} },
	Judge:  check.Near(func(c ohmCase) float64 { return ref.OhmCurrent(c.V, c.R) }, check.Exact),
	Show:   func(c ohmCase) string { return fmt.Sprintf("V = %.4g mV, R = %.4g MΩ", c.V, c.R) },
	Hint:   "I = V/R, and mV / MΩ gives nA.",
})

// CheckOhmCurrent checks Level 3: ohmCurrent(v, r) returns the current (nA)
// through a resistance r (MΩ) with a voltage v (mV) across it.
func CheckOhmCurrent(ohmCurrent func(v, r float64) float64) check.Result {
	return ohmCurrentLevel.Check(func(in ohmCase) float64 { return ohmCurrent(in.V, in.R) })
}

type conductanceCase struct{ R float64 }

var conductanceLevel = check.Register(&check.Level[conductanceCase, float64]{
	Project: Project, Number: 4, Title: "Conductance", Func: "Conductance",
	Fixed:  []conductanceCase{{10}, {250}, {0.5}},
	Random: func(r *rand.Rand) conductanceCase { return conductanceCase{check.Uniform(r, 1, 500)} },
	Judge:  check.Near(func(c conductanceCase) float64 { return ref.Conductance(c.R) }, check.Exact),
	Show:   func(c conductanceCase) string { return fmt.Sprintf("R = %.4g MΩ", c.R) },
	Hint:   "g = 1/R, and 1/MΩ is µS: 10 MΩ is 0.1 µS.",
})

// CheckConductance checks Level 4: conductance(r) returns the conductance
// (µS) of a resistance r (MΩ).
func CheckConductance(conductance func(r float64) float64) check.Result {
	return conductanceLevel.Check(func(in conductanceCase) float64 { return conductance(in.R) })
}

type leakCase struct{ G, V, E float64 }

var leakCurrentLevel = check.Register(&check.Level[leakCase, float64]{
	Project: Project, Number: 5, Title: "Leak current and driving force", Func: "LeakCurrent",
	Fixed: []leakCase{{0.1, -50, -65}, {0.1, -80, -65}, {0.05, -65, -65}, {0.02, -70, 50}},
	Random: func(r *rand.Rand) leakCase {
		return leakCase{check.Uniform(r, 0.005, 0.5), check.Uniform(r, -100, 40), check.Uniform(r, -95, 60)}
	},
	Judge: check.Near(func(c leakCase) float64 { return ref.LeakCurrent(c.G, c.V, c.E) }, check.Exact),
	Show: func(c leakCase) string {
		return fmt.Sprintf("g = %.4g µS, V = %.4g mV, E = %.4g mV", c.G, c.V, c.E)
	},
	Hint: "I = g·(V − E): the driving force is V − E, in that order, so the current is positive (outward) when V is above E.",
})

// CheckLeakCurrent checks Level 5: leakCurrent(g, v, e) returns the current
// (nA, positive outward) through a conductance g (µS) with reversal
// potential e (mV) at membrane potential v (mV).
func CheckLeakCurrent(leakCurrent func(g, v, e float64) float64) check.Result {
	return leakCurrentLevel.Check(func(in leakCase) float64 { return leakCurrent(in.G, in.V, in.E) })
}

type directionCase struct{ V, E float64 }

var directionLevel = check.Register(&check.Level[directionCase, string]{
	Project: Project, Number: 6, Title: "Which way a current flows", Func: "Direction",
	Fixed: []directionCase{{-65, -90}, {-65, 50}, {-70, -70}, {20, 50}, {-60, -77}},
	Random: func(r *rand.Rand) directionCase {
		return directionCase{check.Uniform(r, -100, 60), check.Uniform(r, -100, 60)}
	},
	Randoms: 8,
	Judge:   check.Equal(func(c directionCase) string { return ref.Direction(c.V, c.E) }),
	Show:    func(c directionCase) string { return fmt.Sprintf("V = %.4g mV, E = %.4g mV", c.V, c.E) },
	Hint: `return "outward" when the driving force V − E is positive, "inward" when it is negative ` +
		`and "none" when it is zero, spelled exactly so.`,
})

// CheckDirection checks Level 6: direction(v, e) returns "outward",
// "inward" or "none": which way the current of a channel with reversal
// potential e (mV) flows at membrane potential v (mV).
func CheckDirection(direction func(v, e float64) string) check.Result {
	return directionLevel.Check(func(in directionCase) string { return direction(in.V, in.E) })
}

type chargingCase struct{ I, C float64 }

var chargingRateLevel = check.Register(&check.Level[chargingCase, float64]{
	Project: Project, Number: 7, Title: "Capacitive current and dV/dt", Func: "ChargingRate",
	Fixed: []chargingCase{{1, 1}, {0.5, 0.1}, {-2, 0.5}},
	Random: func(r *rand.Rand) chargingCase {
		return chargingCase{check.Uniform(r, -3, 3), check.Uniform(r, 0.05, 3)}
	},
	Judge: check.Near(func(c chargingCase) float64 { return ref.ChargingRate(c.I, c.C) }, check.Exact),
	Show:  func(c chargingCase) string { return fmt.Sprintf("I = %.4g nA, C = %.4g nF", c.I, c.C) },
	Hint:  "I = C·dV/dt, so dV/dt = I/C, and nA / nF gives mV/ms.",
})

// CheckChargingRate checks Level 7: chargingRate(i, c) returns the rate
// dV/dt (mV/ms) at which a net current i (nA) onto a capacitance c (nF)
// changes its voltage.
func CheckChargingRate(chargingRate func(i, c float64) float64) check.Result {
	return chargingRateLevel.Check(func(in chargingCase) float64 { return chargingRate(in.I, in.C) })
}
