// Package dynamics checks the levels of Project 9, Dynamics and Models: the
// FitzHugh–Nagumo model in its phase plane (levels 1–7), the Wilson–Cowan
// populations (8–11), the Hopfield network (12–16), drift diffusion to a
// bound (17–19), the Izhikevich, AdEx and Hindmarsh–Rose models (20–22), and
// explicit Runge–Kutta methods from their Butcher tableaus, their measured
// order and their precision (23–25).
//
// Units. FitzHugh–Nagumo, Wilson–Cowan, Hopfield, drift diffusion and
// Hindmarsh–Rose are dimensionless models: their variables and their time
// have no units. The Izhikevich model is in mV and ms, its current in the
// model's own units (mV/ms); AdEx is in mV, ms, pA, nS and pF.
//
// The levels are in four files by theme: this one (1–7), networks.go
// (8–16), models.go (17–22) and integrators.go (23–25).
package dynamics

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/figure"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// Project is this project's number in the course.
const Project = 9

// FHN holds the parameters of the FitzHugh–Nagumo model
// dv/dt = v − v³/3 − w + I, dw/dt = ε·(v + a − b·w); all dimensionless.
type FHN struct{ A, B, Eps float64 }

// DefaultFHN returns the classic parameters a = 0.7, b = 0.8, ε = 0.08.
//
// The helpers of this package are written here, not taken from the
// references: learners call them, and while grading no reference is linked.
func DefaultFHN() FHN { return FHN{A: 0.7, B: 0.8, Eps: 0.08} }

func (p FHN) String() string { return fmt.Sprintf("a = %.4g, b = %.4g, ε = %.4g", p.A, p.B, p.Eps) }

// randomFHN draws parameters around the classic ones, with b < 1 so that
// the fixed point is unique.
func randomFHN(r *rand.Rand) FHN {
	return FHN{check.Uniform(r, 0.5, 1), check.Uniform(r, 0.5, 0.95), check.Uniform(r, 0.03, 0.2)}
}

// simTol is the tolerance of simulated values: the learner's arithmetic may
// group the terms of a step differently, which changes the last bits.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// pair is what a function returning two numbers returns.
type pair struct{ X, Y float64 }

// judgePair compares both numbers, naming them in messages.
func judgePair(x, y string, got, want pair, tol check.Tol) error {
	if err := check.Compare(got.X, want.X, tol); err != nil {
		return fmt.Errorf("%s: %v", x, err)
	}
	if err := check.Compare(got.Y, want.Y, tol); err != nil {
		return fmt.Errorf("%s: %v", y, err)
	}
	return nil
}

type fhnPoint struct {
	P       FHN
	I, V, W float64
}

func (c fhnPoint) String() string {
	return fmt.Sprintf("%v, I = %.4g, v = %.4g, w = %.4g", c.P, c.I, c.V, c.W)
}

func randomFHNPoint(r *rand.Rand) fhnPoint {
	return fhnPoint{randomFHN(r), check.Uniform(r, -0.5, 1.5), check.Uniform(r, -2.5, 2.5), check.Uniform(r, -1, 2)}
}

var fhnFixed = []fhnPoint{
	{DefaultFHN(), 0, 0, 0}, {DefaultFHN(), 0, -1.2, -0.6}, {DefaultFHN(), 0.5, 2, 1}, {DefaultFHN(), 1, -0.5, 1.5},
}

var fhnDerivLevel = check.Register(&check.Level[fhnPoint, pair]{
	Project: Project, Number: 1, Title: "FitzHugh-Nagumo derivatives", Func: "FHNDeriv",
	Fixed:  fhnFixed,
	Random: randomFHNPoint,
	Judge: func(c fhnPoint, got pair) error {
		dv, dw := ref.FHNDeriv(ref.FHN(c.P), c.I, c.V, c.W)
		return judgePair("dv/dt", "dw/dt", got, pair{dv, dw}, check.Exact)
	},
	Show: fhnPoint.String,
	Hint: "dv/dt = v − v³/3 − w + I and dw/dt = ε·(v + a − b·w): the recovery variable w enters the first with a minus sign.",
})

// CheckFHNDeriv checks Level 1: fhnDeriv(p, i, v, w) returns dv/dt and
// dw/dt of the FitzHugh–Nagumo model with parameters p under the current i
// at (v, w). All quantities are dimensionless.
func CheckFHNDeriv(fhnDeriv func(p FHN, i, v, w float64) (dv, dw float64)) check.Result {
	return fhnDerivLevel.Check(func(in fhnPoint) pair {
		dv, dw := fhnDeriv(in.P, in.I, in.V, in.W)
		return pair{dv, dw}
	})
}

var nullclinesLevel = check.Register(&check.Level[fhnPoint, pair]{
	Project: Project, Number: 2, Title: "Nullclines", Func: "Nullclines",
	Fixed:  fhnFixed,
	Random: randomFHNPoint,
	Judge: func(c fhnPoint, got pair) error {
		wv, ww := ref.Nullclines(ref.FHN(c.P), c.I, c.V)
		return judgePair("the v-nullcline", "the w-nullcline", got, pair{wv, ww}, check.Exact)
	},
	Show: func(c fhnPoint) string { return fmt.Sprintf("%v, I = %.4g, v = %.4g", c.P, c.I, c.V) },
	Hint: "Set dv/dt = 0 and solve for w: w = v − v³/3 + I. Set dw/dt = 0: w = (v + a)/b.",
})

// CheckNullclines checks Level 2: nullclines(p, i, v) returns the w of the
// v-nullcline (where dv/dt = 0) and of the w-nullcline (where dw/dt = 0) at
// v. Dimensionless.
func CheckNullclines(nullclines func(p FHN, i, v float64) (wV, wW float64)) check.Result {
	return nullclinesLevel.Check(func(in fhnPoint) pair {
		wv, ww := nullclines(in.P, in.I, in.V)
		return pair{wv, ww}
	})
}

type fhnCurrent struct {
	P FHN
	I float64
}

func (c fhnCurrent) String() string { return fmt.Sprintf("%v, I = %.4g", c.P, c.I) }

var fhnFixedPointLevel = check.Register(&check.Level[fhnCurrent, pair]{
	Project: Project, Number: 3, Title: "Fixed point", Func: "FHNFixedPoint",
	Fixed:  []fhnCurrent{{DefaultFHN(), 0}, {DefaultFHN(), 0.5}, {DefaultFHN(), 1.5}, {DefaultFHN(), -0.4}},
	Random: func(r *rand.Rand) fhnCurrent { return fhnCurrent{randomFHN(r), check.Uniform(r, -0.5, 2)} },
	Judge: func(c fhnCurrent, got pair) error {
		v, w := ref.FHNFixedPoint(ref.FHN(c.P), c.I)
		return judgePair("v", "w", got, pair{v, w}, check.Tol{Abs: 1e-8})
	},
	Show: fhnCurrent.String,
	Hint: "Put the w-nullcline into the v-nullcline: g(v) = v − v³/3 + I − (v + a)/b = 0. g falls from + to − " +
		"between v = −3 and v = 3 (for b < 1 it always falls); halve that interval 60 times.",
})

// CheckFHNFixedPoint checks Level 3: fhnFixedPoint(p, i) returns the fixed
// point (v, w) of the FitzHugh–Nagumo model under the current i, to 1e-8.
// The checks use b < 1, for which it is unique. Dimensionless.
func CheckFHNFixedPoint(fhnFixedPoint func(p FHN, i float64) (v, w float64)) check.Result {
	return fhnFixedPointLevel.Check(func(in fhnCurrent) pair {
		v, w := fhnFixedPoint(in.P, in.I)
		return pair{v, w}
	})
}

var fhnJacobianLevel = check.Register(&check.Level[fhnPoint, [2][2]float64]{
	Project: Project, Number: 4, Title: "Jacobian", Func: "FHNJacobian",
	Fixed:  fhnFixed,
	Random: randomFHNPoint,
	Judge: func(c fhnPoint, got [2][2]float64) error {
		want := ref.FHNJacobian(ref.FHN(c.P), c.V, c.W)
		return check.CompareSlice([]float64{got[0][0], got[0][1], got[1][0], got[1][1]},
			[]float64{want[0][0], want[0][1], want[1][0], want[1][1]}, check.Exact)
	},
	Show: func(c fhnPoint) string { return fmt.Sprintf("%v, v = %.4g, w = %.4g", c.P, c.V, c.W) },
	Hint: "Row 0 holds the derivatives of dv/dt by v and by w: 1 − v² and −1. Row 1 those of dw/dt: ε and −ε·b. " +
		"Index 0,1,2,3 of the message are J[0][0], J[0][1], J[1][0], J[1][1].",
})

// CheckFHNJacobian checks Level 4: fhnJacobian(p, v, w) returns the
// Jacobian matrix of the FitzHugh–Nagumo model at (v, w): row 0 the partial
// derivatives of dv/dt by v and by w, row 1 those of dw/dt. Dimensionless.
func CheckFHNJacobian(fhnJacobian func(p FHN, v, w float64) [2][2]float64) check.Result {
	return fhnJacobianLevel.Check(func(in fhnPoint) [2][2]float64 { return fhnJacobian(in.P, in.V, in.W) })
}

type matrixCase struct{ J [2][2]float64 }

var leadingEigenLevel = check.Register(&check.Level[matrixCase, pair]{
	Project: Project, Number: 5, Title: "Stability from eigenvalues", Func: "LeadingEigen",
	Fixed: []matrixCase{
		{[2][2]float64{{-1, 0}, {0, -2}}}, {[2][2]float64{{0, 1}, {-1, 0}}},
		{[2][2]float64{{-0.4385, -1}, {0.08, -0.064}}}, {[2][2]float64{{1, 2}, {3, 4}}},
		{[2][2]float64{{0.1, -1}, {1, 0.1}}},
	},
	Random: func(r *rand.Rand) matrixCase {
		var j [2][2]float64
		for a := range 2 {
			for b := range 2 {
				j[a][b] = check.Uniform(r, -2, 2)
			}
		}
		return matrixCase{j}
	},
	Randoms: 8,
	Judge: func(c matrixCase, got pair) error {
		re, im := ref.LeadingEigen(c.J)
		return judgePair("the real part", "the imaginary part", got, pair{re, im}, check.Tol{Rel: 1e-9, Abs: 1e-12})
	},
	Show: func(c matrixCase) string { return fmt.Sprintf("J = %.4g", c.J) },
	Hint: "With T = J[0][0] + J[1][1] and D = J[0][0]·J[1][1] − J[0][1]·J[1][0], λ = T/2 ± √(T²/4 − D). " +
		"If T²/4 − D < 0 the pair is T/2 ± i·√(D − T²/4): return T/2 and the positive √(D − T²/4).",
})

// CheckLeadingEigen checks Level 5: leadingEigen(j) returns the real part of
// the eigenvalue of the 2×2 matrix j with the larger real part and the
// absolute value of its imaginary part (0 for real eigenvalues). A fixed
// point is stable when that real part is negative.
func CheckLeadingEigen(leadingEigen func(j [2][2]float64) (re, im float64)) check.Result {
	return leadingEigenLevel.Check(func(in matrixCase) pair {
		re, im := leadingEigen(in.J)
		return pair{re, im}
	})
}

type trajCase struct {
	P             FHN
	I, V0, W0, Dt float64
	Steps         int
}

func (c trajCase) String() string {
	return fmt.Sprintf("%v, I = %.4g, from (%.4g, %.4g), dt = %g, %d steps", c.P, c.I, c.V0, c.W0, c.Dt, c.Steps)
}

// vw is a trajectory in the phase plane.
type vw struct{ V, W []float64 }

var fhnTrajectoryLevel = check.Register(&check.Level[trajCase, vw]{
	Project: Project, Number: 6, Title: "Trajectory with RK4", Func: "FHNTrajectory",
	Fixed: []trajCase{
		{DefaultFHN(), 0, 0, 0, 0.1, 500}, {DefaultFHN(), 0.5, -1, -0.5, 0.1, 1000}, {DefaultFHN(), 0, 1, 0, 0.5, 20},
	},
	Random: func(r *rand.Rand) trajCase {
		return trajCase{randomFHN(r), check.Uniform(r, 0, 1.2), check.Uniform(r, -2, 2), check.Uniform(r, -1, 1.5),
			[]float64{0.01, 0.05, 0.1, 0.2, 0.5}[r.IntN(5)], 1 + r.IntN(1000)}
	},
	Judge: func(c trajCase, got vw) error {
		v, w := ref.FHNTrajectory(ref.FHN(c.P), c.I, c.V0, c.W0, c.Dt, c.Steps)
		if err := check.CompareSlice(got.V, v, simTol); err != nil {
			return fmt.Errorf("v: %v", err)
		}
		if err := check.CompareSlice(got.W, w, simTol); err != nil {
			return fmt.Errorf("w: %v", err)
		}
		return nil
	},
	Show: trajCase.String,
	Hint: "Return steps + 1 values of each, the start first. One RK4 step: k1 = f(y), k2 = f(y + dt/2·k1), " +
		"k3 = f(y + dt/2·k2), k4 = f(y + dt·k3), y + dt/6·(k1 + 2k2 + 2k3 + k4), for v and w together.",
})

// CheckFHNTrajectory checks Level 6: fhnTrajectory(p, i, v0, w0, dt, steps)
// returns v and w at the steps + 1 times 0, dt, …, steps·dt of the
// FitzHugh–Nagumo model from (v0, w0) under the current i, integrated with
// the classical fourth-order Runge–Kutta method. Dimensionless.
func CheckFHNTrajectory(fhnTrajectory func(p FHN, i, v0, w0, dt float64, steps int) (v, w []float64)) check.Result {
	return fhnTrajectoryLevel.Check(func(in trajCase) vw {
		v, w := fhnTrajectory(in.P, in.I, in.V0, in.W0, in.Dt, in.Steps)
		return vw{v, w}
	})
}

type paramCase struct{ P FHN }

var onsetCurrentLevel = check.Register(&check.Level[paramCase, float64]{
	Project: Project, Number: 7, Title: "Excitability, the limit cycle and the onset current",
	Func:   "OnsetCurrent",
	Fixed:  []paramCase{{DefaultFHN()}, {FHN{0.8, 0.7, 0.1}}},
	Random: func(r *rand.Rand) paramCase { return paramCase{randomFHN(r)} },
	Judge: check.Near(func(c paramCase) float64 { return ref.OnsetCurrent(ref.FHN(c.P)) },
		check.Tol{Abs: 1e-7}),
	Show: func(c paramCase) string { return c.P.String() },
	Hint: "At the onset the trace 1 − v² − ε·b of the Jacobian at the fixed point is 0, on the left branch: " +
		"v* = −√(1 − ε·b). The current that puts the fixed point there makes both nullclines meet at v*: " +
		"I = (v* + a)/b − v* + v*³/3.",
})

// CheckOnsetCurrent checks Level 7: onsetCurrent(p) returns the smallest
// current I at which the rest state of the FitzHugh–Nagumo model loses its
// stability, to 1e-7: where the trace of the Jacobian at the fixed point
// crosses 0. Dimensionless.
func CheckOnsetCurrent(onsetCurrent func(p FHN) float64) check.Result {
	return onsetCurrentLevel.Check(func(in paramCase) float64 { return onsetCurrent(in.P) })
}

// Arrows adds a field of arrows to fig, which must be new (no series yet):
// one arrow from each (x[k], y[k]) in the direction of (dx[k], dy[k]), all
// of the same length, a twentieth of the box the points fill (measured in
// each axis' span): a direction field. The arrows are black; the series
// added after them take the figure's colours in the usual order.
//
// The figure package colours each series by its place in the figure, so
// Arrows pads each arrow with empty series that are not drawn.
func Arrows(fig *figure.Figure, x, y, dx, dy []float64) *figure.Figure {
	const black = 6 // index of black in the figure package's palette
	n := min(len(x), len(y), len(dx), len(dy))
	if n == 0 {
		return fig
	}
	spanX, spanY := span(x[:n]), span(y[:n])
	for k := range n {
		// In axis-relative units, where the angles of the head are true.
		length := math.Hypot(dx[k]/spanX, dy[k]/spanY)
		if length == 0 {
			continue
		}
		ux, uy := dx[k]/spanX/length/20, dy[k]/spanY/length/20
		tipX, tipY := x[k]+ux*spanX, y[k]+uy*spanY
		var px, py []float64
		px, py = append(px, x[k], tipX), append(py, y[k], tipY)
		for _, a := range []float64{2.7, -2.7} { // the barbs, about 155° from the shaft
			c, s := math.Cos(a), math.Sin(a)
			bx, by := 0.4*(c*ux-s*uy), 0.4*(s*ux+c*uy)
			px, py = append(px, tipX+bx*spanX, tipX), append(py, tipY+by*spanY, tipY)
		}
		for range black {
			fig.Line("", nil, nil)
		}
		fig.Line("", px, py)
		fig.Line("", nil, nil)
	}
	return fig
}

// span returns the range of x, 1 if it is 0.
func span(x []float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	if !(hi > lo) {
		return 1
	}
	return hi - lo
}
