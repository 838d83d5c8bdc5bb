package dynamics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// This file holds levels 23–25: one explicit Runge–Kutta step from any
// Butcher tableau, the measured order of three methods, and the same RK4
// in float32 and float64 by Go generics. All dimensionless.

// A Tableau is the Butcher tableau of an explicit Runge–Kutta method of s
// stages: A[i] holds the weights a_ij of the stages j < i (row i has i
// entries), B the weights b_i of the stages in the step, C the times c_i of
// the stages as fractions of the step.
type Tableau struct {
	A    [][]float64
	B, C []float64
}

func (t Tableau) String() string { return fmt.Sprintf("A = %.4g, b = %.4g, c = %.4g", t.A, t.B, t.C) }

// EulerTableau returns the tableau of forward Euler: one stage, b = (1).
func EulerTableau() Tableau { return Tableau{A: [][]float64{{}}, B: []float64{1}, C: []float64{0}} }

// RK4Tableau returns the tableau of the classical fourth-order method.
func RK4Tableau() Tableau {
	return Tableau{
		A: [][]float64{{}, {0.5}, {0, 0.5}, {0, 0, 1}},
		B: []float64{1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
		C: []float64{0, 0.5, 0.5, 1},
	}
}

// RK6Tableau returns the tableau of Butcher's seven-stage method of order 6.
func RK6Tableau() Tableau {
	return Tableau{
		A: [][]float64{
			{},
			{1.0 / 3},
			{0, 2.0 / 3},
			{1.0 / 12, 1.0 / 3, -1.0 / 12},
			{-1.0 / 16, 9.0 / 8, -3.0 / 16, -3.0 / 8},
			{0, 9.0 / 8, -3.0 / 8, -3.0 / 4, 1.0 / 2},
			{9.0 / 44, -9.0 / 11, 63.0 / 44, 18.0 / 11, 0, -16.0 / 11},
		},
		B: []float64{11.0 / 120, 0, 27.0 / 40, 27.0 / 40, -4.0 / 15, -4.0 / 15, 11.0 / 120},
		C: []float64{0, 1.0 / 3, 2.0 / 3, 1.0 / 3, 1.0 / 2, 1.0 / 2, 1},
	}
}

// midpoint and heun are two second-order tableaus for the checks.
func midpoint() Tableau {
	return Tableau{A: [][]float64{{}, {0.5}}, B: []float64{0, 1}, C: []float64{0, 0.5}}
}

func heun() Tableau {
	return Tableau{A: [][]float64{{}, {1}}, B: []float64{0.5, 0.5}, C: []float64{0, 1}}
}

// toRef converts a tableau for the references.
func (t Tableau) toRef() ref.Tableau { return ref.Tableau{A: t.A, B: t.B, C: t.C} }

// clone copies a tableau, so that the learner's function cannot change a
// case's.
func (t Tableau) clone() Tableau {
	c := Tableau{B: slices.Clone(t.B), C: slices.Clone(t.C)}
	for _, row := range t.A {
		c.A = append(c.A, slices.Clone(row))
	}
	return c
}

// systems are the right-hand sides dy/dt = f(t, y) the step checks hand the
// learner, written here: a decay, an oscillator, a forced nonlinear
// equation that depends on t, and the FitzHugh–Nagumo model under I = 0.5.
var systems = map[string]func(t float64, y []float64) []float64{
	"decay dy/dt = −2y": func(t float64, y []float64) []float64 { return []float64{-2 * y[0]} },
	"oscillator dy0/dt = y1, dy1/dt = −y0": func(t float64, y []float64) []float64 {
		return []float64{y[1], -y[0]}
	},
	"forced dy/dt = cos(3t) − y²": func(t float64, y []float64) []float64 {
		return []float64{math.Cos(3*t) - y[0]*y[0]}
	},
	"FitzHugh–Nagumo, I = 0.5": func(t float64, y []float64) []float64 {
		v, w := y[0], y[1]
		return []float64{v - v*v*v/3 - w + 0.5, 0.08 * (v + 0.7 - 0.8*w)}
	},
}

// systemNames are the keys of systems, in a fixed order.
var systemNames = []string{
	"decay dy/dt = −2y", "oscillator dy0/dt = y1, dy1/dt = −y0", "forced dy/dt = cos(3t) − y²", "FitzHugh–Nagumo, I = 0.5",
}

type stepCase struct {
	Tab    Tableau
	System string
	T      float64
	Y      []float64
	H      float64
}

func (c stepCase) String() string {
	return fmt.Sprintf("tableau %v, system %s, t = %.4g, y = %.4g, h = %.4g", c.Tab, c.System, c.T, c.Y, c.H)
}

// randomTableau draws an explicit tableau of 2 to 5 stages with random
// weights, its c the row sums of A.
func randomTableau(r *rand.Rand) Tableau {
	s := 2 + r.IntN(4)
	t := Tableau{A: make([][]float64, s), B: make([]float64, s), C: make([]float64, s)}
	for i := range s {
		t.A[i] = make([]float64, i)
		for j := range i {
			t.A[i][j] = check.Uniform(r, -0.5, 1)
			t.C[i] += t.A[i][j]
		}
		t.B[i] = check.Uniform(r, 0, 1)
	}
	return t
}

var rkStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 23, Title: "One explicit Runge-Kutta step from any Butcher tableau", Func: "RKStep",
	Fixed: []stepCase{
		{EulerTableau(), systemNames[0], 0, []float64{1}, 0.1},
		{RK4Tableau(), systemNames[1], 0, []float64{1, 0}, 0.5},
		{RK4Tableau(), systemNames[2], 1, []float64{0.5}, 0.3},
		{RK6Tableau(), systemNames[2], 0.2, []float64{-0.4}, 0.25},
		{midpoint(), systemNames[3], 0, []float64{-1, -0.5}, 0.2},
	},
	Random: func(r *rand.Rand) stepCase {
		tabs := []Tableau{EulerTableau(), midpoint(), heun(), RK4Tableau(), RK6Tableau(), randomTableau(r), randomTableau(r)}
		name := systemNames[r.IntN(len(systemNames))]
		y := []float64{check.Uniform(r, -1.5, 1.5)}
		if len(systems[name](0, []float64{0, 0})) == 2 {
			y = append(y, check.Uniform(r, -1, 1))
		}
		return stepCase{tabs[r.IntN(len(tabs))], name, check.Uniform(r, 0, 5), y, check.Uniform(r, 0.01, 0.5)}
	},
	Randoms: 8,
	Judge: func(c stepCase, got []float64) error {
		return check.CompareSlice(got, ref.RKStep(c.Tab.toRef(), systems[c.System], c.T, c.Y, c.H), check.Tol{Rel: 1e-12, Abs: 1e-13})
	},
	Show: stepCase.String,
	Hint: "Stage i evaluates k_i = f(t + c_i·h, y + h·Σ_{j<i} a_ij·k_j); the step returns y + h·Σ_i b_i·k_i. " +
		"Don't change y in place, and use c_i: the forced system depends on t.",
})

// CheckRKStep checks Level 23: rkStep(tab, f, t, y, h) returns the state one
// step of h after y at time t for dy/dt = f(t, y), by the explicit
// Runge–Kutta method of the tableau tab. The check hands it tableaus and
// systems defined in this package. Dimensionless.
func CheckRKStep(rkStep func(tab Tableau, f func(t float64, y []float64) []float64, t float64, y []float64, h float64) []float64) check.Result {
	return rkStepLevel.Check(func(in stepCase) []float64 {
		return rkStep(in.Tab.clone(), systems[in.System], in.T, slices.Clone(in.Y), in.H)
	})
}

type orderCase struct {
	Tab Tableau
	Dts []float64
}

var measureOrderLevel = check.Register(&check.Level[orderCase, float64]{
	Project: Project, Number: 24, Title: "Measured order of Euler, RK4 and RK6", Func: "MeasureOrder",
	Fixed: []orderCase{
		{EulerTableau(), []float64{0.1, 0.05, 0.025, 0.0125}}, {RK4Tableau(), []float64{0.4, 0.2, 0.1, 0.05}},
		{RK6Tableau(), []float64{0.8, 0.4, 0.2, 0.1}}, {heun(), []float64{0.4, 0.2, 0.1, 0.05}},
	},
	Random: func(r *rand.Rand) orderCase {
		tabs := []Tableau{EulerTableau(), midpoint(), heun(), RK4Tableau(), RK6Tableau()}
		var dts []float64
		for _, dt := range []float64{1, 0.8, 0.5, 0.4, 0.25, 0.2, 0.1} {
			if r.IntN(2) == 0 || len(dts) < 2 {
				dts = append(dts, dt)
			}
		}
		return orderCase{tabs[r.IntN(len(tabs))], dts}
	},
	Randoms: 3,
	// The errors, at least 8e-12, carry rounding of about 1e-15: the slope
	// is known to about 1e-4.
	Judge: check.Near(func(c orderCase) float64 { return ref.MeasureOrder(c.Tab.toRef(), c.Dts) }, check.Tol{Abs: 1e-3}),
	Show:  func(c orderCase) string { return fmt.Sprintf("tableau %v, dt = %g", c.Tab, c.Dts) },
	Hint: "For each dt take round(4/dt) steps of your RKStep on dy/dt = y(1 − y) from y = 0.1 at t = 0, compare " +
		"with 1/(1 + 9e^(−t)) at the end, then fit log(error) = p·log(dt) + c by least squares and return p.",
})

// CheckMeasureOrder checks Level 24: measureOrder(tab, dts) returns the
// order of the method of tab measured on the logistic equation
// dy/dt = y(1 − y), y(0) = 0.1, integrated to t = 4 with each step dt of
// dts: the least-squares slope of log(error) against log(dt), where the
// error is the distance from 1/(1 + 9e^(−4)) at the end. Dimensionless.
func CheckMeasureOrder(measureOrder func(tab Tableau, dts []float64) float64) check.Result {
	return measureOrderLevel.Check(func(in orderCase) float64 { return measureOrder(in.Tab.clone(), slices.Clone(in.Dts)) })
}

type precisionCase struct {
	Y0    [3]float64
	I, Dt float64
	Steps int
}

// traces is what the two instantiations of the generic step give.
type traces struct {
	Y32 [][3]float32
	Y64 [][3]float64
}

var hrStepLevel = check.Register(&check.Level[precisionCase, traces]{
	Project: Project, Number: 25, Title: "Precision: float32 against float64 on the chaotic Hindmarsh-Rose model, with Go generics",
	Func:  "HRStep",
	Fixed: []precisionCase{{HRStart, 3.25, 0.01, 500}, {[3]float64{0, 0, 3}, 2, 0.05, 400}},
	Random: func(r *rand.Rand) precisionCase {
		return precisionCase{[3]float64{check.Uniform(r, -2, 2), check.Uniform(r, -12, 1), check.Uniform(r, 1.5, 3.5)},
			check.Uniform(r, 1.5, 3.5), []float64{0.005, 0.01, 0.02}[r.IntN(3)], 300}
	},
	Randoms: 2,
	Judge: func(c precisionCase, got traces) error {
		// The traces after each step, without the start.
		want64 := ref.HRTrace(c.Y0, c.I, c.Dt, c.Steps)[1:]
		y0 := [3]float32{float32(c.Y0[0]), float32(c.Y0[1]), float32(c.Y0[2])}
		want32 := ref.HRTrace(y0, float32(c.I), float32(c.Dt), c.Steps)[1:]
		if len(got.Y64) != len(want64) || len(got.Y32) != len(want32) {
			return fmt.Errorf("got %d and %d states, want %d", len(got.Y32), len(got.Y64), len(want64))
		}
		for k := range want64 {
			for j := range 3 {
				if err := check.Compare(got.Y64[k][j], want64[k][j], simTol); err != nil {
					return fmt.Errorf("float64, step %d, variable %d: %v", k, j, err)
				}
				// float32 keeps 7 digits: the grouping of the terms moves the
				// last of them.
				if err := check.Compare(float64(got.Y32[k][j]), float64(want32[k][j]), check.Tol{Rel: 1e-4, Abs: 1e-4}); err != nil {
					return fmt.Errorf("float32, step %d, variable %d: %v", k, j, err)
				}
			}
		}
		return nil
	},
	Show: func(c precisionCase) string {
		return fmt.Sprintf("(x, y, z) from %.4g, I = %.4g, dt = %g, %d steps", c.Y0, c.I, c.Dt, c.Steps)
	},
	Hint: "One RK4 step of dx/dt = y − x³ + 3x² − z + I, dy/dt = 1 − 5x² − y, dz/dt = r·(4(x − x_R) − z) with " +
		"r = 0.006, x_R = −1.6. Write the constants as T(0.006) and T(-1.6) so that all arithmetic is in T.",
})

// CheckHRStep checks Level 25: step32 and step64 are the float32 and float64
// instantiations of one generic function HRStep[T float32 | float64](y, i,
// dt) that returns the state (x, y, z) one RK4 step of dt after y of the
// Hindmarsh–Rose model under the current i. The check runs both from the
// same start, recording the states after each step, and compares each
// with a reference in its precision.
// Dimensionless.
func CheckHRStep(step32 func(y [3]float32, i, dt float32) [3]float32, step64 func(y [3]float64, i, dt float64) [3]float64) check.Result {
	return hrStepLevel.Check(func(in precisionCase) traces {
		y32 := [3]float32{float32(in.Y0[0]), float32(in.Y0[1]), float32(in.Y0[2])}
		y64 := in.Y0
		var out traces
		zero := true
		for range in.Steps {
			y32, y64 = step32(y32, float32(in.I), float32(in.Dt)), step64(y64, in.I, in.Dt)
			out.Y32, out.Y64 = append(out.Y32, y32), append(out.Y64, y64)
			zero = zero && y32 == [3]float32{} && y64 == [3]float64{}
		}
		if zero {
			return traces{} // a stub's answer
		}
		return out
	})
}
