package synapse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/synapse"
)

// This file holds levels 17–25: the NMDA magnesium block, synaptic input as
// shot noise and the firing rate it drives (Campbell and Siegert),
// short-term depression and facilitation (the Tsodyks–Markram model), and
// gap junctions.

type mgCase struct{ V, Mg float64 }

var mgBlockLevel = check.Register(&check.Level[mgCase, float64]{
	Project: Project, Number: 17, Title: "The NMDA magnesium block", Func: "MgBlock",
	Fixed: []mgCase{{-65, 1}, {0, 1}, {-40, 1.2}, {-80, 2}, {20, 0}},
	Random: func(r *rand.Rand) mgCase {
		return mgCase{check.Uniform(r, -100, 40), check.Uniform(r, 0.1, 2)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c mgCase) float64 { return ref.MgBlock(c.V, c.Mg) }, check.Exact),
	Show:    func(c mgCase) string { return fmt.Sprintf("V = %.4g mV, [Mg²⁺] = %.4g mM", c.V, c.Mg) },
	Hint: "B(V) = 1/(1 + [Mg²⁺]/3.57·e^(−0.062·V)) with V in mV: the block is strong (B small) at negative V, " +
		"so the exponent is −0.062·V.",
})

// CheckMgBlock checks Level 17: mgBlock(v, mg) returns the fraction of the
// NMDA conductance left unblocked at the membrane potential v (mV) with a
// magnesium concentration mg (mM) outside, 1/(1 + mg/3.57·e^(−0.062·v)).
func CheckMgBlock(mgBlock func(v, mg float64) float64) check.Result {
	return mgBlockLevel.Check(func(in mgCase) float64 { return mgBlock(in.V, in.Mg) })
}

type campbellCase struct{ Rate, J, Tau float64 }

// campbellOut is what Campbell returns.
type campbellOut struct{ Mean, Variance float64 }

var campbellLevel = check.Register(&check.Level[campbellCase, campbellOut]{
	Project: Project, Number: 18, Title: "Campbell's theorem", Func: "Campbell",
	Fixed: []campbellCase{{1000, 0.1, 5}, {5, 0.5, 2}, {20000, -0.02, 10}},
	Random: func(r *rand.Rand) campbellCase {
		return campbellCase{check.LogUniform(r, 1, 20000), check.Uniform(r, -0.5, 0.5), check.Uniform(r, 1, 20)}
	},
	Judge: func(c campbellCase, got campbellOut) error {
		mean, variance := ref.Campbell(c.Rate, c.J, c.Tau)
		if err := check.Compare(got.Mean, mean, check.Exact); err != nil {
			return fmt.Errorf("the mean: %v", err)
		}
		if err := check.Compare(got.Variance, variance, check.Exact); err != nil {
			return fmt.Errorf("the variance: %v", err)
		}
		return nil
	},
	Show: func(c campbellCase) string {
		return fmt.Sprintf("ν = %.4g Hz, J = %.4g nA, τ_s = %.4g ms", c.Rate, c.J, c.Tau)
	},
	Hint: "With ν in spikes per ms (the rate in Hz over 1000): mean ν·∫k = ν·J·τ, variance ν·∫k² = ν·J²·τ/2, " +
		"since ∫ e^(−2t/τ) dt = τ/2.",
})

// CheckCampbell checks Level 18: campbell(rate, j, tau) returns the mean
// (nA) and the variance (nA²) of the current made of kernels J·e^(−t/tau)
// (J in nA, tau in ms), one at each spike of a Poisson process of the
// given rate (Hz).
func CheckCampbell(campbell func(rate, j, tau float64) (mean, variance float64)) check.Result {
	return campbellLevel.Check(func(in campbellCase) campbellOut {
		m, v := campbell(in.Rate, in.J, in.Tau)
		return campbellOut{m, v}
	})
}

type siegertCase struct {
	Cell             Cell
	TRef, Mu, SigmaV float64
}

// siegertTol is the tolerance of a Siegert rate: the notebook's 200-node
// Gauss–Legendre quadrature of erfcx passed 50 draws of the cases within it,
// while the √2 slip in σ moves the rate by several per cent or more.
var siegertTol = check.Tol{Rel: 1e-5, Abs: 1e-6}

var siegertRateLevel = check.Register(&check.Level[siegertCase, float64]{
	Project: Project, Number: 19, Title: "The Siegert formula", Func: "SiegertRate",
	Fixed: []siegertCase{
		{Default(), 2, -52, 4}, {Default(), 2, -40, 0.3}, {Default(), 0, -56, 2.5}, {Default(), 2, -50, 2},
	},
	Random: func(r *rand.Rand) siegertCase {
		for {
			c := siegertCase{Default(), check.Uniform(r, 0, 4), -50 + check.Uniform(r, -8, 8), check.Uniform(r, 1, 5)}
			if r.IntN(2) == 0 {
				c.Cell = randomCell(r)
				c.Mu = c.Cell.VTh + check.Uniform(r, -8, 8)
			}
			if ref.SiegertRate(ref.Cell(c.Cell), c.TRef, c.Mu, c.SigmaV) > 1 {
				return c
			}
		}
	},
	Judge: check.Near(func(c siegertCase) float64 {
		return ref.SiegertRate(ref.Cell(c.Cell), c.TRef, c.Mu, c.SigmaV)
	}, siegertTol),
	Show: func(c siegertCase) string {
		return fmt.Sprintf("%v, t_ref = %.4g ms, μ = %.4g mV, σ_V = %.4g mV", c.Cell, c.TRef, c.Mu, c.SigmaV)
	},
	Hint: "σ = √2·σ_V: the formula wants the noise amplitude, not the standard deviation you are given. " +
		"Integrate erfcx(−u) from (V_reset − μ)/σ to (V_th − μ)/σ, never math.Exp(u*u)*(1+math.Erf(u)) far out " +
		"(it gives Inf·0 = NaN); the rate is 1000/(t_ref + τ√π·integral) Hz.",
})

// CheckSiegertRate checks Level 19: siegertRate(cell, tRef, mu, sigmaV)
// returns the firing rate (Hz) of the cell with refractory period tRef (ms)
// whose free membrane potential, without the threshold, fluctuates with
// mean mu (mV) and standard deviation sigmaV (mV) under white noise, by the
// Siegert formula with the noise amplitude σ = √2·sigmaV.
func CheckSiegertRate(siegertRate func(cell Cell, tRef, mu, sigmaV float64) float64) check.Result {
	return siegertRateLevel.Check(func(in siegertCase) float64 { return siegertRate(in.Cell, in.TRef, in.Mu, in.SigmaV) })
}

// A trainCase is a presynaptic spike train (ms, increasing) and the
// parameters of a Tsodyks–Markram synapse (U; time constants in ms).
type trainCase struct {
	Spikes              []float64
	U, TauRec, TauFacil float64
}

func (c trainCase) String() string {
	return fmt.Sprintf("spikes at %.5g ms, U = %.4g, τ_rec = %.4g ms, τ_facil = %.4g ms", c.Spikes, c.U, c.TauRec, c.TauFacil)
}

// regular returns n spike times at the given rate (Hz) from t = 0.
func regular(n int, rate float64) []float64 {
	spikes := make([]float64, n)
	for k := range spikes {
		spikes[k] = float64(k) * 1000 / rate
	}
	return spikes
}

// randomTrain draws a train of 2 to 20 spikes with intervals of 5 to 300
// ms, rounded to 0.1 ms, and a synapse.
func randomTrain(r *rand.Rand) trainCase {
	c := trainCase{U: check.Uniform(r, 0.05, 0.9), TauRec: check.LogUniform(r, 50, 1500), TauFacil: check.LogUniform(r, 20, 2000)}
	t := 0.0
	for range 2 + r.IntN(19) {
		c.Spikes = append(c.Spikes, math.Round(t*10)/10)
		t += check.LogUniform(r, 5, 300)
	}
	return c
}

var depressionLevel = check.Register(&check.Level[trainCase, []float64]{
	Project: Project, Number: 20, Title: "Short-term depression", Func: "Depression",
	Fixed: []trainCase{
		{Spikes: regular(10, 20), U: 0.5, TauRec: 800}, {Spikes: []float64{0, 50}, U: 0.5, TauRec: 800},
		{Spikes: []float64{0, 10, 500, 505}, U: 0.2, TauRec: 100}, {Spikes: []float64{3}, U: 0.7, TauRec: 300},
	},
	Random: func(r *rand.Rand) trainCase {
		c := randomTrain(r)
		c.TauFacil = 0
		return c
	},
	Judge: check.NearSlice(func(c trainCase) []float64 { return ref.Depression(c.Spikes, c.U, c.TauRec) }, check.Exact),
	Show:  trainCase.String,
	Hint: "x starts at 1. Between spikes Δ apart, x ← 1 − (1 − x)·e^(−Δ/τ_rec); at a spike the release is U·x, " +
		"taken before x loses it: x ← x − U·x.",
})

// CheckDepression checks Level 20: depression(spikes, U, tauRec) returns the
// release U·x at each presynaptic spike (ms, increasing) of a depressing
// synapse whose resources x start at 1, lose the release at each spike and
// recover toward 1 with time constant tauRec (ms).
func CheckDepression(depression func(spikes []float64, U, tauRec float64) []float64) check.Result {
	return depressionLevel.Check(func(in trainCase) []float64 { return depression(in.Spikes, in.U, in.TauRec) })
}

var facilitationLevel = check.Register(&check.Level[trainCase, []float64]{
	Project: Project, Number: 21, Title: "Facilitation of release", Func: "Facilitation",
	Fixed: []trainCase{
		{Spikes: regular(10, 20), U: 0.1, TauFacil: 500}, {Spikes: []float64{0, 20}, U: 0.2, TauFacil: 100},
		{Spikes: []float64{0, 10, 500, 505}, U: 0.3, TauFacil: 50},
	},
	Random: randomTrain,
	Judge: check.NearSlice(func(c trainCase) []float64 {
		return ref.Facilitation(c.Spikes, c.U, c.TauFacil)
	}, check.Exact),
	Show: trainCase.String,
	Hint: "u starts at 0. Between spikes u ← u·e^(−Δ/τ_facil); at each spike u ← u + U·(1 − u), and that new u " +
		"is the one to return. The first spike's u is U.",
})

// CheckFacilitation checks Level 21: facilitation(spikes, U, tauFacil)
// returns the release variable u at each presynaptic spike (ms, increasing),
// after its jump u ← u + U·(1 − u), when u starts at 0 and decays to 0 with
// time constant tauFacil (ms) between spikes.
func CheckFacilitation(facilitation func(spikes []float64, U, tauFacil float64) []float64) check.Result {
	return facilitationLevel.Check(func(in trainCase) []float64 { return facilitation(in.Spikes, in.U, in.TauFacil) })
}

var tsodyksMarkramLevel = check.Register(&check.Level[trainCase, []float64]{
	Project: Project, Number: 22, Title: "The Tsodyks-Markram model", Func: "TsodyksMarkram",
	Fixed: []trainCase{
		{Spikes: regular(10, 20), U: 0.5, TauRec: 800, TauFacil: 0},
		{Spikes: regular(10, 20), U: 0.1, TauRec: 100, TauFacil: 1000},
		{Spikes: []float64{0, 10, 500, 505}, U: 0.3, TauRec: 200, TauFacil: 50},
	},
	Random: randomTrain,
	Judge: check.NearSlice(func(c trainCase) []float64 {
		return ref.TM(c.Spikes, c.U, c.TauRec, c.TauFacil)
	}, check.Exact),
	Show: trainCase.String,
	Hint: "In this order at each spike: first u ← u + U·(1 − u), then the release r = u·x with the new u, then " +
		"x ← x − r. Between spikes x recovers toward 1 and u decays toward 0. τ_facil = 0: e^(−Δ/0) is 0 in Go.",
})

// CheckTsodyksMarkram checks Level 22: tsodyksMarkram(spikes, U, tauRec,
// tauFacil) returns the release r = u·x at each presynaptic spike (ms,
// increasing) of the Tsodyks–Markram synapse: at each spike, u ← u + U·(1 −
// u), then r = u·x, then x ← x − r; between spikes x recovers toward 1 with
// tauRec and u decays toward 0 with tauFacil (ms; 0 for no facilitation).
func CheckTsodyksMarkram(tsodyksMarkram func(spikes []float64, U, tauRec, tauFacil float64) []float64) check.Result {
	return tsodyksMarkramLevel.Check(func(in trainCase) []float64 { return tsodyksMarkram(in.Spikes, in.U, in.TauRec, in.TauFacil) })
}

type steadyCase struct{ U, TauRec, TauFacil, Rate float64 }

func (c steadyCase) String() string {
	return fmt.Sprintf("U = %.4g, τ_rec = %.4g ms, τ_facil = %.4g ms, rate = %.4g Hz", c.U, c.TauRec, c.TauFacil, c.Rate)
}

func randomSteady(r *rand.Rand) steadyCase {
	c := steadyCase{check.Uniform(r, 0.05, 0.9), check.LogUniform(r, 50, 1500), check.LogUniform(r, 20, 2000),
		check.LogUniform(r, 1, 100)}
	if r.IntN(3) == 0 {
		c.TauFacil = 0
	}
	return c
}

var steadyRatioLevel = check.Register(&check.Level[steadyCase, float64]{
	Project: Project, Number: 23, Title: "Steady-state amplitude against rate", Func: "SteadyRatio",
	Fixed:  []steadyCase{{0.5, 800, 0, 20}, {0.1, 100, 500, 40}, {0.2, 200, 1000, 5}, {0.5, 800, 0, 1}},
	Random: randomSteady,
	Judge: check.Near(func(c steadyCase) float64 {
		return ref.SteadyRatio(c.U, c.TauRec, c.TauFacil, c.Rate)
	}, check.Tol{Rel: 1e-6}),
	Show: steadyCase.String,
	Hint: "With Δ = 1000/rate ms: u* = U/(1 − (1 − U)·e^(−Δ/τ_facil)), x* = (1 − e^(−Δ/τ_rec))/(1 − (1 − u*)·e^(−Δ/τ_rec)); " +
		"return u*·x*/U, the steady release over the first.",
})

// CheckSteadyRatio checks Level 23: steadyRatio(U, tauRec, tauFacil, rate)
// returns the steady-state release of a Tsodyks–Markram synapse under a
// regular train at rate (Hz) over its first release U.
func CheckSteadyRatio(steadyRatio func(U, tauRec, tauFacil, rate float64) float64) check.Result {
	return steadyRatioLevel.Check(func(in steadyCase) float64 { return steadyRatio(in.U, in.TauRec, in.TauFacil, in.Rate) })
}

type pprCase struct{ U, TauRec, TauFacil, Interval float64 }

var pairedPulseRatioLevel = check.Register(&check.Level[pprCase, float64]{
	Project: Project, Number: 24, Title: "Paired-pulse ratio", Func: "PairedPulseRatio",
	Fixed: []pprCase{{0.5, 800, 0, 50}, {0.1, 100, 500, 20}, {0.3, 300, 300, 200}},
	Random: func(r *rand.Rand) pprCase {
		c := randomSteady(r)
		return pprCase{c.U, c.TauRec, c.TauFacil, check.LogUniform(r, 5, 1000)}
	},
	Judge: check.Near(func(c pprCase) float64 {
		return ref.PairedPulseRatio(c.U, c.TauRec, c.TauFacil, c.Interval)
	}, check.Exact),
	Show: func(c pprCase) string {
		return fmt.Sprintf("U = %.4g, τ_rec = %.4g ms, τ_facil = %.4g ms, interval = %.4g ms", c.U, c.TauRec, c.TauFacil, c.Interval)
	},
	Hint: "Run your TsodyksMarkram on the two spikes 0 and interval and return the second release over the first: " +
		"above 1 is facilitation, below 1 depression.",
})

// CheckPairedPulseRatio checks Level 24: pairedPulseRatio(U, tauRec,
// tauFacil, interval) returns the second release over the first for two
// presynaptic spikes interval (ms) apart at a Tsodyks–Markram synapse.
func CheckPairedPulseRatio(pairedPulseRatio func(U, tauRec, tauFacil, interval float64) float64) check.Result {
	return pairedPulseRatioLevel.Check(func(in pprCase) float64 {
		return pairedPulseRatio(in.U, in.TauRec, in.TauFacil, in.Interval)
	})
}

type coupledCase struct {
	Cell1, Cell2    Cell
	Gc, I, Dt, TEnd float64
}

var couplingCoefficientLevel = check.Register(&check.Level[coupledCase, float64]{
	Project: Project, Number: 25, Title: "Electrical synapses: the coupling coefficient", Func: "CouplingCoefficient",
	Fixed: []coupledCase{
		{Default(), Default(), 0.05, 1, 0.1, 300}, {Default(), Default(), 0.01, 0.5, 0.1, 30},
		{Default(), Cell{EL: -70, VTh: -50, VReset: -70, R: 40, C: 0.5}, 0.02, 1, 0.05, 200},
	},
	Random: func(r *rand.Rand) coupledCase {
		c1, c2 := randomCell(r), randomCell(r)
		tau := math.Min(c1.R*c1.C, c2.R*c2.C)
		tEnd := math.Ceil(check.Uniform(r, 2, 20) * math.Max(c1.R*c1.C, c2.R*c2.C))
		return coupledCase{c1, c2, check.Uniform(r, 0.001, 0.2), check.Uniform(r, 0.1, 2), check.TimeStep(r, tau, tEnd), tEnd}
	},
	Judge: check.Near(func(c coupledCase) float64 {
		return ref.MeasuredCoupling(ref.Cell(c.Cell1), ref.Cell(c.Cell2), c.Gc, c.I, c.Dt, c.TEnd)
	}, simTol),
	Show: func(c coupledCase) string {
		return fmt.Sprintf("cell 1: %v; cell 2: %v; g_c = %.4g µS, I = %.4g nA into cell 1, dt = %g ms, t_end = %g ms",
			c.Cell1, c.Cell2, c.Gc, c.I, c.Dt, c.TEnd)
	},
	Hint: "Simulate both passive cells from rest together, each step from the values at its start, with the current " +
		"gc·(V1 − V2) leaving cell 1 and entering cell 2. Return (V2 − E_L2)/(V1 − E_L1) at t_end: cell 2's change over cell 1's.",
})

// CheckCouplingCoefficient checks Level 25: couplingCoefficient(cell1,
// cell2, gc, i, dt, tEnd) returns the coupling coefficient (V2 − E_L2)/(V1 −
// E_L1) at tEnd (ms) of two passive cells (thresholds ignored) joined by a
// gap junction of conductance gc (µS), starting at rest, with a current i
// (nA) injected into cell 1, simulated by forward Euler with steps of dt
// (ms).
func CheckCouplingCoefficient(couplingCoefficient func(cell1, cell2 Cell, gc, i, dt, tEnd float64) float64) check.Result {
	return couplingCoefficientLevel.Check(func(in coupledCase) float64 {
		return couplingCoefficient(in.Cell1, in.Cell2, in.Gc, in.I, in.Dt, in.TEnd)
	})
}
