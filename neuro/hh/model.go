package hh

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/hh"
)

// This file holds levels 9–15: the conductances and currents of the
// channels, the resting state, and the four coupled equations of the model
// with one Euler step of them.

type naCase struct{ M, H float64 }

var naConductanceLevel = check.Register(&check.Level[naCase, float64]{
	Project: Project, Number: 9, Title: "The sodium conductance", Func: "NaConductance",
	Fixed:  []naCase{{0.0529, 0.5961}, {1, 1}, {0.9, 0.1}},
	Random: func(r *rand.Rand) naCase { return naCase{r.Float64(), r.Float64()} },
	Judge:  check.Near(func(c naCase) float64 { return ref.NaConductance(c.M, c.H) }, check.Exact),
	Show:   func(c naCase) string { return fmt.Sprintf("m = %.4g, h = %.4g", c.M, c.H) },
	Hint:   "g_Na·m³·h with g_Na = 120 mS/cm²: three m gates and one h gate must all be open.",
})

// CheckNaConductance checks Level 9: naConductance(m, h) returns the sodium
// conductance (mS/cm²) with the gates m and h.
func CheckNaConductance(naConductance func(m, h float64) float64) check.Result {
	return naConductanceLevel.Check(func(in naCase) float64 { return naConductance(in.M, in.H) })
}

type kCase struct{ N float64 }

var kConductanceLevel = check.Register(&check.Level[kCase, float64]{
	Project: Project, Number: 10, Title: "The potassium conductance", Func: "KConductance",
	Fixed:  []kCase{{0.3177}, {1}, {0.5}},
	Random: func(r *rand.Rand) kCase { return kCase{r.Float64()} },
	Judge:  check.Near(func(c kCase) float64 { return ref.KConductance(c.N) }, check.Exact),
	Show:   func(c kCase) string { return fmt.Sprintf("n = %.4g", c.N) },
	Hint:   "g_K·n⁴ with g_K = 36 mS/cm²: four n gates must all be open.",
})

// CheckKConductance checks Level 10: kConductance(n) returns the potassium
// conductance (mS/cm²) with the gate n.
func CheckKConductance(kConductance func(n float64) float64) check.Result {
	return kConductanceLevel.Check(func(in kCase) float64 { return kConductance(in.N) })
}

// A stateCase is a state of the model: V (mV) and the gates m, h, n.
type stateCase struct{ V, M, H, N float64 }

func (c stateCase) String() string {
	return fmt.Sprintf("V = %.6g mV, m = %.4g, h = %.4g, n = %.4g", c.V, c.M, c.H, c.N)
}

func (c stateCase) slice() []float64 { return []float64{c.V, c.M, c.H, c.N} }

// restCase is the resting state of the model.
// rest is the resting state, RestState(0), to six decimals: written out,
// not computed, so that no check's cases call a reference where the
// learner's code runs (see check.Level.Prepare).
var rest = stateCase{-64.996379, 0.052955, 0.595994, 0.317732}

// randomState draws a state that the model could pass through: V from −90
// to 50 mV and any gates.
func randomState(r *rand.Rand) stateCase {
	return stateCase{check.Uniform(r, -90, 50), r.Float64(), r.Float64(), r.Float64()}
}

// currents is what the check of Level 11 records (µA/cm²).
type currents struct{ INa, IK, IL float64 }

var currentsLevel = check.Register(&check.Level[stateCase, currents]{
	Project: Project, Number: 11, Title: "The three ionic currents", Func: "Currents",
	Fixed:  []stateCase{rest, {0, 0.9, 0.3, 0.6}, {-77, 0.1, 0.5, 0.5}},
	Random: randomState,
	Judge: func(c stateCase, got currents) error {
		iNa, iK, iL := ref.Currents(c.V, c.M, c.H, c.N)
		for _, p := range []struct {
			name      string
			got, want float64
		}{{"I_Na", got.INa, iNa}, {"I_K", got.IK, iK}, {"I_L", got.IL, iL}} {
			if err := check.Compare(p.got, p.want, check.Exact); err != nil {
				return fmt.Errorf("%s: %v", p.name, err)
			}
		}
		return nil
	},
	Show: stateCase.String,
	Hint: "Each current is its conductance times its driving force, g·(V − E), positive outward: " +
		"E_Na = 50, E_K = −77, E_L = −54.387 mV; g_L = 0.3 mS/cm².",
})

// CheckCurrents checks Level 11: currents(v, m, h, n) returns the sodium,
// potassium and leak currents (µA/cm², positive outward) at the membrane
// potential v (mV) with the gates m, h and n.
func CheckCurrents(currentsOf func(v, m, h, n float64) (iNa, iK, iL float64)) check.Result {
	return currentsLevel.Check(func(in stateCase) currents {
		iNa, iK, iL := currentsOf(in.V, in.M, in.H, in.N)
		return currents{iNa, iK, iL}
	})
}

type holdCase struct{ I float64 }

func showHold(c holdCase) string { return fmt.Sprintf("I = %.4g µA/cm²", c.I) }

// randomHold draws a holding current (µA/cm²) whose steady state lies well
// inside the bracket −100 to 50 mV.
func randomHold(r *rand.Rand) holdCase { return holdCase{check.Uniform(r, -8, 15)} }

var restingPotentialLevel = check.Register(&check.Level[holdCase, float64]{
	Project: Project, Number: 12, Title: "The resting potential by bisection", Func: "RestingPotential",
	Fixed:  []holdCase{{0}, {5}, {-5}},
	Random: randomHold,
	Judge:  check.Near(func(c holdCase) float64 { return ref.RestingPotential(c.I) }, check.Tol{Abs: 1e-6}),
	Show:   showHold,
	Hint: "Bisect between −100 and 50 mV: at the midpoint V, set every gate to its steady state at V, add " +
		"the three currents, and keep the half in which the total minus I changes sign. Stop when the " +
		"bracket is narrower than 1e-9 mV.",
})

// CheckRestingPotential checks Level 12: restingPotential(i) returns the
// potential (mV) at which the total ionic current, with every gate at its
// steady state, equals a constant injected current i (µA/cm²).
func CheckRestingPotential(restingPotential func(i float64) float64) check.Result {
	return restingPotentialLevel.Check(func(in holdCase) float64 { return restingPotential(in.I) })
}

// stateTol is the tolerance of a state computed from a bisected voltage.
var stateTol = check.Tol{Abs: 1e-6}

var restStateLevel = check.Register(&check.Level[holdCase, []float64]{
	Project: Project, Number: 13, Title: "The state at rest", Func: "RestState",
	Fixed:  []holdCase{{0}, {10}},
	Random: randomHold,
	Judge:  check.NearSlice(func(c holdCase) []float64 { return ref.RestState(c.I) }, stateTol),
	Show:   showHold,
	Hint: "Return {V, m∞(V), h∞(V), n∞(V)} with V from your RestingPotential(i): " +
		"each gate at its own steady state at that voltage.",
})

// CheckRestState checks Level 13: restState(i) returns the state {V, m, h,
// n} in which the model rests under a constant current i (µA/cm²).
func CheckRestState(restState func(i float64) []float64) check.Result {
	return restStateLevel.Check(func(in holdCase) []float64 { return restState(in.I) })
}

type voltageRateCase struct {
	Y stateCase
	I float64
}

var voltageRateLevel = check.Register(&check.Level[voltageRateCase, float64]{
	Project: Project, Number: 14, Title: "The voltage equation", Func: "VoltageRate",
	Fixed:  []voltageRateCase{{rest, 0}, {rest, 10}, {stateCase{0, 0.9, 0.3, 0.6}, 0}},
	Random: func(r *rand.Rand) voltageRateCase { return voltageRateCase{randomState(r), check.Uniform(r, -10, 30)} },
	Judge: check.Near(func(c voltageRateCase) float64 {
		return ref.VoltageRate(c.Y.V, c.Y.M, c.Y.H, c.Y.N, c.I)
	}, check.Tol{Rel: 1e-9, Abs: 1e-9}),
	Show: func(c voltageRateCase) string { return fmt.Sprintf("%s, I = %.4g µA/cm²", c.Y, c.I) },
	Hint: "C_m·dV/dt = I − I_Na − I_K − I_L with C_m = 1 µF/cm²: the injected current flows in, " +
		"the ionic currents (positive outward) flow out.",
})

// CheckVoltageRate checks Level 14: voltageRate(v, m, h, n, i) returns dV/dt
// (mV/ms) at the membrane potential v (mV) with the gates m, h, n under an
// injected current i (µA/cm²).
func CheckVoltageRate(voltageRate func(v, m, h, n, i float64) float64) check.Result {
	return voltageRateLevel.Check(func(in voltageRateCase) float64 {
		return voltageRate(in.Y.V, in.Y.M, in.Y.H, in.Y.N, in.I)
	})
}

type stepCase struct {
	Y     stateCase
	I, Dt float64
}

// steps are the time steps (ms) of the random Euler steps and simulations.
var steps = []float64{0.01, 0.02, 0.025, 0.05}

// eulerOut is what the check of Level 15 records: the derivatives and the
// next state.
type eulerOut struct{ Rates, Next []float64 }

var eulerStepLevel = check.Register(&check.Level[stepCase, eulerOut]{
	Project: Project, Number: 15, Title: "One Euler step of the four equations", Func: "Derivatives and EulerStep",
	Fixed: []stepCase{{rest, 10, 0.01}, {stateCase{-50, 0.2, 0.5, 0.4}, 0, 0.05}},
	Random: func(r *rand.Rand) stepCase {
		return stepCase{randomState(r), check.Uniform(r, -10, 30), steps[r.IntN(len(steps))]}
	},
	Judge: func(c stepCase, got eulerOut) error {
		y := c.Y.slice()
		if err := check.CompareSlice(got.Rates, ref.Derivatives(y, c.I), check.Tol{Rel: 1e-9, Abs: 1e-9}); err != nil {
			return fmt.Errorf("Derivatives: %v", err)
		}
		if err := check.CompareSlice(got.Next, ref.EulerStep(y, c.I, c.Dt), check.Tol{Rel: 1e-9, Abs: 1e-9}); err != nil {
			return fmt.Errorf("EulerStep: %v", err)
		}
		return nil
	},
	Show: func(c stepCase) string {
		return fmt.Sprintf("y = {%s}, I = %.4g µA/cm², dt = %g ms", c.Y, c.I, c.Dt)
	},
	Hint: "Derivatives returns {dV/dt, dm/dt, dh/dt, dn/dt}: your VoltageRate, then GateRate for each gate " +
		"with α and β at the state's V. EulerStep returns a new slice y + dt·Derivatives(y, i).",
})

// CheckEulerStep checks Level 15: derivatives(y, i) returns the derivatives
// {dV/dt (mV/ms), dm/dt, dh/dt, dn/dt (1/ms)} of the state y = {V, m, h, n}
// under an injected current i (µA/cm²), and eulerStep(y, i, dt) the state
// one forward-Euler step of dt (ms) later.
func CheckEulerStep(derivatives func(y []float64, i float64) []float64, eulerStep func(y []float64, i, dt float64) []float64) check.Result {
	return eulerStepLevel.Check(func(in stepCase) eulerOut {
		return eulerOut{derivatives(in.Y.slice(), in.I), eulerStep(in.Y.slice(), in.I, in.Dt)}
	})
}
