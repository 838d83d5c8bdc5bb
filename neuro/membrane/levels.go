// Package membrane checks the levels of Project 1, The Neuron as a Circuit:
// the passive membrane as an RC circuit. Units: mV, ms, nA, MΩ, nF, µS.
package membrane

import (
	"fmt"
	"math/rand/v2"

	ref "github.com/neurogo/course/neuro/internal/membrane"

	"github.com/neurogo/course/neuro/check"
)

// Project is this project's number in the course.
const Project = 1

// exact is the tolerance of levels whose answer is one formula: only
// rounding may differ.
var exact = check.Tol{Rel: 1e-9, Abs: 1e-12}

type chargeCase struct{ C, V float64 }

var chargeLevel = check.Register(&check.Level[chargeCase, float64]{
	Project: Project, Number: 1, Title: "Charge on the membrane capacitor", Func: "Charge",
	Fixed:  []chargeCase{{1, -65}, {0.5, 20}},
	Random: func(r *rand.Rand) chargeCase { return chargeCase{0.1 + 2*r.Float64(), -90 + 130*r.Float64()} },
	Judge:  check.Near(func(c chargeCase) float64 { return ref.Charge(c.C, c.V) }, exact),
	Show:   func(c chargeCase) string { return fmt.Sprintf("C = %.4g nF, V = %.4g mV", c.C, c.V) },
	Hint:   "Q = C·V, and nF × mV gives pC.",
})

// CheckCharge checks Level 1: charge(c, v) returns the charge (pC) on a
// capacitance c (nF) at a voltage v (mV).
func CheckCharge(charge func(c, v float64) float64) check.Result {
	return chargeLevel.Check(func(in chargeCase) float64 { return charge(in.C, in.V) })
}

type capacitanceCase struct{ Area, Cm float64 }

var capacitanceLevel = check.Register(&check.Level[capacitanceCase, float64]{
	Project: Project, Number: 2, Title: "Capacitance from area", Func: "Capacitance",
	Fixed: []capacitanceCase{{1e5, 1}, {1257, 1}, {2000, 0.9}},
	Random: func(r *rand.Rand) capacitanceCase {
		return capacitanceCase{100 + 2e5*r.Float64(), 0.5 + r.Float64()}
	},
	Judge: check.Near(func(c capacitanceCase) float64 { return ref.Capacitance(c.Area, c.Cm) }, exact),
	Show:  func(c capacitanceCase) string { return fmt.Sprintf("area = %.5g µm², c_m = %.3g µF/cm²", c.Area, c.Cm) },
	Hint:  "1 µm² = 1e-8 cm² and 1 µF = 1000 nF.",
})

// CheckCapacitance checks Level 2: capacitance(area, cm) returns the
// capacitance (nF) of a membrane of the given area (µm²) and specific
// capacitance cm (µF/cm²).
func CheckCapacitance(capacitance func(area, cm float64) float64) check.Result {
	return capacitanceLevel.Check(func(in capacitanceCase) float64 { return capacitance(in.Area, in.Cm) })
}

type ohmCase struct{ V, R float64 }

var ohmLevel = check.Register(&check.Level[ohmCase, float64]{
	Project: Project, Number: 3, Title: "Ohm's law for the leak", Func: "OhmCurrent",
	Fixed:  []ohmCase{{15, 10}, {-5, 20}},
	Random: func(r *rand.Rand) ohmCase { return ohmCase{-40 + 80*r.Float64(), 1 + 200*r.Float64()} },
	Judge:  check.Near(func(c ohmCase) float64 { return ref.OhmCurrent(c.V, c.R) }, exact),
	Show:   func(c ohmCase) string { return fmt.Sprintf("V = %.4g mV, R = %.4g MΩ", c.V, c.R) },
	Hint:   "I = V/R, and mV / MΩ gives nA.",
})

// CheckOhmCurrent checks Level 3: ohmCurrent(v, r) returns the current (nA)
// through a resistance r (MΩ) with a voltage v (mV) across it.
func CheckOhmCurrent(ohmCurrent func(v, r float64) float64) check.Result {
	return ohmLevel.Check(func(in ohmCase) float64 { return ohmCurrent(in.V, in.R) })
}
