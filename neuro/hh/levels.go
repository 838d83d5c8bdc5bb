// Package hh checks the levels of Project 3, The Hodgkin-Huxley Neuron. Its
// units are per area of membrane: mV, ms, µA/cm², mS/cm², µF/cm², with
// rates in 1/ms and firing rates in Hz.
//
// Sign convention: an ionic current g·(V − E) is positive when it flows
// outward, and an injected current I is positive when it flows into the
// cell, so that C_m·dV/dt = I − I_Na − I_K − I_L and a positive I
// depolarizes. A state of the model is a slice {V, m, h, n}.
//
// The levels are in four files by theme: the gates (levels 1–8, this file),
// the model's currents and equations (9–15), simulated spikes and their
// measurement (16–19), and the experiments (20–25).
package hh

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/hh"
)

// Project is this project's number in the course.
const Project = 3

// rateTol is the tolerance of the rate functions: relative, and tight
// enough that the plain formula fails close to a removable singularity,
// where 1 − e^(−x/10) loses about as many digits as x is small (a relative
// error near 1e-6 at 1e-9 mV from it).
var rateTol = check.Tol{Rel: 1e-9}

type voltageCase struct{ V float64 }

func showVoltage(c voltageCase) string { return fmt.Sprintf("V = %.17g mV", c.V) }

// nearSingularity returns cases at the voltage v0 (mV) where a rate
// function is 0/0, and on both sides of it, as close as 1e-9 mV; and a few
// ordinary voltages.
func nearSingularity(v0 float64) []voltageCase {
	cases := []voltageCase{{-65}, {v0}}
	for _, d := range []float64{1e-9, 1e-6, 1e-3} {
		cases = append(cases, voltageCase{v0 + d}, voltageCase{v0 - d})
	}
	return append(cases, voltageCase{-90}, voltageCase{0}, voltageCase{30})
}

// randomVoltage draws a voltage (mV): half the time anywhere from −100 to
// 50 mV, and half the time within 1e-10 to 1e-2 mV of v0, on either side.
func randomVoltage(r *rand.Rand, v0 float64) voltageCase {
	if r.IntN(2) == 0 {
		return voltageCase{check.Uniform(r, -100, 50)}
	}
	d := check.LogUniform(r, 1e-10, 1e-2)
	if r.IntN(2) == 0 {
		d = -d
	}
	return voltageCase{v0 + d}
}

// ordinaryVoltages are the fixed voltages (mV) of the rates without a
// singularity.
var ordinaryVoltages = []voltageCase{{-65}, {-90}, {-40}, {0}, {40}}

func randomOrdinary(r *rand.Rand) voltageCase { return voltageCase{check.Uniform(r, -100, 50)} }

var alphaNLevel = check.Register(&check.Level[voltageCase, float64]{
	Project: Project, Number: 1, Title: "The opening rate α_n", Func: "AlphaN",
	Fixed:   nearSingularity(-55),
	Random:  func(r *rand.Rand) voltageCase { return randomVoltage(r, -55) },
	Randoms: 8,
	Judge:   check.Near(func(c voltageCase) float64 { return ref.AlphaN(c.V) }, rateTol),
	Show:    showVoltage,
	Hint: "At V = −55 mV the formula is 0/0; its limit there is 0.1 /ms. Near it, 1 − e^(−x/10) cancels " +
		"digits: compute it as -math.Expm1(-x/10), and return 0.1 when x = V + 55 is exactly 0.",
})

// CheckAlphaN checks Level 1: alphaN(v) returns the opening rate α_n (1/ms)
// of the potassium gate at v (mV), right at and near −55 mV too.
func CheckAlphaN(alphaN func(v float64) float64) check.Result {
	return alphaNLevel.Check(func(in voltageCase) float64 { return alphaN(in.V) })
}

var betaNLevel = check.Register(&check.Level[voltageCase, float64]{
	Project: Project, Number: 2, Title: "The closing rate β_n", Func: "BetaN",
	Fixed:  ordinaryVoltages,
	Random: randomOrdinary,
	Judge:  check.Near(func(c voltageCase) float64 { return ref.BetaN(c.V) }, rateTol),
	Show:   showVoltage,
	Hint:   "β_n = 0.125·e^(−(V + 65)/80): 0.125 /ms at −65 mV, smaller above. Mind the sign in the exponent.",
})

// CheckBetaN checks Level 2: betaN(v) returns the closing rate β_n (1/ms) of
// the potassium gate at v (mV).
func CheckBetaN(betaN func(v float64) float64) check.Result {
	return betaNLevel.Check(func(in voltageCase) float64 { return betaN(in.V) })
}

// ratePair is what the checks of a gate's two rate functions (1/ms) record.
type ratePair struct{ Alpha, Beta float64 }

// judgeRates returns a judge of a gate's two rate functions.
func judgeRates(alpha, beta func(float64) float64) func(voltageCase, ratePair) error {
	return func(c voltageCase, got ratePair) error {
		if err := check.Compare(got.Alpha, alpha(c.V), rateTol); err != nil {
			return fmt.Errorf("α: %v", err)
		}
		if err := check.Compare(got.Beta, beta(c.V), rateTol); err != nil {
			return fmt.Errorf("β: %v", err)
		}
		return nil
	}
}

// pairOf calls a gate's two rate functions at a case's voltage.
func pairOf(alpha, beta func(float64) float64) func(voltageCase) ratePair {
	return func(in voltageCase) ratePair { return ratePair{alpha(in.V), beta(in.V)} }
}

var mRatesLevel = check.Register(&check.Level[voltageCase, ratePair]{
	Project: Project, Number: 3, Title: "The rates of the sodium gate m", Func: "AlphaM and BetaM",
	Fixed:   nearSingularity(-40),
	Random:  func(r *rand.Rand) voltageCase { return randomVoltage(r, -40) },
	Randoms: 8,
	Judge:   judgeRates(ref.AlphaM, ref.BetaM),
	Show:    showVoltage,
	Hint: "α_m = 0.1·(V + 40)/(1 − e^(−(V+40)/10)) is 0/0 at −40 mV, where its limit is 1 /ms: treat it as " +
		"α_n (math.Expm1). β_m = 4·e^(−(V + 65)/18).",
})

// CheckMRates checks Level 3: alphaM(v) and betaM(v) return the rates α_m
// and β_m (1/ms) of the sodium activation gate at v (mV), right at and near
// −40 mV too.
func CheckMRates(alphaM, betaM func(v float64) float64) check.Result {
	return mRatesLevel.Check(pairOf(alphaM, betaM))
}

var hRatesLevel = check.Register(&check.Level[voltageCase, ratePair]{
	Project: Project, Number: 4, Title: "The rates of the inactivation gate h", Func: "AlphaH and BetaH",
	Fixed:  ordinaryVoltages,
	Random: randomOrdinary,
	Judge:  judgeRates(ref.AlphaH, ref.BetaH),
	Show:   showVoltage,
	Hint:   "α_h = 0.07·e^(−(V + 65)/20) and β_h = 1/(1 + e^(−(V + 35)/10)): h closes (β_h grows) as V rises.",
})

// CheckHRates checks Level 4: alphaH(v) and betaH(v) return the rates α_h
// and β_h (1/ms) of the sodium inactivation gate at v (mV).
func CheckHRates(alphaH, betaH func(v float64) float64) check.Result {
	return hRatesLevel.Check(pairOf(alphaH, betaH))
}

type rateCase struct{ Alpha, Beta float64 }

func showRates(c rateCase) string {
	return fmt.Sprintf("α = %.4g /ms, β = %.4g /ms", c.Alpha, c.Beta)
}

// restRates are the rates (1/ms) of the m, h and n gates at −65 mV, written
// out to ten digits so that no case calls a reference where the learner's
// code runs (see check.Level.Prepare); a test ties them to the references.
var restRates = []rateCase{{0.2235637246, 4}, {0.07, 0.04742587318}, {0.05819767069, 0.125}}

func randomRates(r *rand.Rand) rateCase {
	return rateCase{check.LogUniform(r, 1e-3, 10), check.LogUniform(r, 1e-3, 10)}
}

var steadyStateLevel = check.Register(&check.Level[rateCase, float64]{
	Project: Project, Number: 5, Title: "A gate's steady state", Func: "SteadyState",
	Fixed:  append(slices.Clip(restRates), rateCase{1, 1}),
	Random: randomRates,
	Judge:  check.Near(func(c rateCase) float64 { return ref.SteadyState(c.Alpha, c.Beta) }, check.Exact),
	Show:   showRates,
	Hint:   "At steady state dx/dt = α(1 − x) − βx = 0, so x∞ = α/(α + β), a number between 0 and 1.",
})

// CheckSteadyState checks Level 5: steadyState(alpha, beta) returns the
// steady state of a gate with opening rate alpha and closing rate beta
// (1/ms).
func CheckSteadyState(steadyState func(alpha, beta float64) float64) check.Result {
	return steadyStateLevel.Check(func(in rateCase) float64 { return steadyState(in.Alpha, in.Beta) })
}

var timeConstantLevel = check.Register(&check.Level[rateCase, float64]{
	Project: Project, Number: 6, Title: "A gate's time constant", Func: "TimeConstant",
	Fixed:  append(slices.Clip(restRates), rateCase{1, 1}),
	Random: randomRates,
	Judge:  check.Near(func(c rateCase) float64 { return ref.TimeConstant(c.Alpha, c.Beta) }, check.Exact),
	Show:   showRates,
	Hint:   "τ = 1/(α + β) in ms: the opening and the closing both pull x toward x∞, so their rates add.",
})

// CheckTimeConstant checks Level 6: timeConstant(alpha, beta) returns the
// time constant (ms) of a gate with opening rate alpha and closing rate beta
// (1/ms).
func CheckTimeConstant(timeConstant func(alpha, beta float64) float64) check.Result {
	return timeConstantLevel.Check(func(in rateCase) float64 { return timeConstant(in.Alpha, in.Beta) })
}

type gateCase struct{ X, Alpha, Beta float64 }

var gateRateLevel = check.Register(&check.Level[gateCase, float64]{
	Project: Project, Number: 7, Title: "The gate equation", Func: "GateRate",
	Fixed:  []gateCase{{0.3177, 0.0582, 0.125}, {0, 1, 1}, {1, 0.5, 2}, {0.5, 0.2, 0.2}},
	Random: func(r *rand.Rand) gateCase { c := randomRates(r); return gateCase{r.Float64(), c.Alpha, c.Beta} },
	Judge:  check.Near(func(c gateCase) float64 { return ref.GateRate(c.X, c.Alpha, c.Beta) }, check.Exact),
	Show: func(c gateCase) string {
		return fmt.Sprintf("x = %.4g, α = %.4g /ms, β = %.4g /ms", c.X, c.Alpha, c.Beta)
	},
	Hint: "dx/dt = α·(1 − x) − β·x: closed gates (1 − x) open at rate α, open gates (x) close at rate β.",
})

// CheckGateRate checks Level 7: gateRate(x, alpha, beta) returns dx/dt
// (1/ms) of a gate open to the fraction x with opening rate alpha and
// closing rate beta (1/ms).
func CheckGateRate(gateRate func(x, alpha, beta float64) float64) check.Result {
	return gateRateLevel.Check(func(in gateCase) float64 { return gateRate(in.X, in.Alpha, in.Beta) })
}

type relaxCase struct{ X0, Alpha, Beta, T float64 }

// relaxSteps are two voltage steps from rest, written out to ten digits (a
// test ties them to the references): n from its steady state at −65 mV
// under the rates at 0 mV, and m from −65 to −20 mV.
var relaxSteps = []relaxCase{
	{0.3176769141, 0.5522569479, 0.05546841376, 2},
	{0.05293248526, 2.313035285, 0.3283399945, 0.3},
}

var relaxGateLevel = check.Register(&check.Level[relaxCase, float64]{
	Project: Project, Number: 8, Title: "A gate relaxing at a clamped voltage", Func: "RelaxGate",
	Fixed: append(slices.Clip(relaxSteps), relaxCase{0.2, 1, 1, 0}),
	Random: func(r *rand.Rand) relaxCase {
		c := randomRates(r)
		return relaxCase{r.Float64(), c.Alpha, c.Beta, check.Uniform(r, 0, 20)}
	},
	Judge: check.Near(func(c relaxCase) float64 { return ref.RelaxGate(c.X0, c.Alpha, c.Beta, c.T) }, check.Exact),
	Show: func(c relaxCase) string {
		return fmt.Sprintf("x0 = %.4g, α = %.4g /ms, β = %.4g /ms, t = %.4g ms", c.X0, c.Alpha, c.Beta, c.T)
	},
	Hint: "With V clamped, α and β are constants and x(t) = x∞ + (x0 − x∞)·e^(−t/τ), " +
		"with x∞ and τ from your SteadyState and TimeConstant.",
})

// CheckRelaxGate checks Level 8: relaxGate(x0, alpha, beta, t) returns the
// value after t (ms) of a gate that starts at x0 with the constant rates
// alpha and beta (1/ms) of a clamped voltage.
func CheckRelaxGate(relaxGate func(x0, alpha, beta, t float64) float64) check.Result {
	return relaxGateLevel.Check(func(in relaxCase) float64 { return relaxGate(in.X0, in.Alpha, in.Beta, in.T) })
}
