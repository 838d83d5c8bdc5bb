package network

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/network"
)

// This file holds levels 20–25: what recurrent networks do. Winner-take-all
// by lateral inhibition, the ring network's bump of activity and its
// response to a tuned input, chaos under strong random coupling,
// amplification along eigenvectors, and the paradoxical response of an
// inhibition-stabilized network.

type wtaCase struct {
	I                               []float64
	Self, Inhibition, Tau, Dt, TEnd float64
}

// wtaOut is what WinnerTakeAll returns: the winner's index and the final
// rates (Hz).
type wtaOut struct {
	Winner int
	Rates  []float64
}

var winnerTakeAllLevel = check.Register(&check.Level[wtaCase, wtaOut]{
	Project: Project, Number: 20, Title: "Winner-take-all by lateral inhibition", Func: "WinnerTakeAll",
	Fixed: []wtaCase{
		{[]float64{10, 14, 12, 9}, 0.5, 1, 10, 0.1, 300},
		{[]float64{20, 5, 19.5}, 0, 2, 10, 0.5, 300},
		{[]float64{8, 10}, 0.2, 0.3, 10, 0.1, 300},
	},
	Random: func(r *rand.Rand) wtaCase {
		return wtaCase{randomVector(r, 3+r.IntN(6), 5, 20), math.Round(check.Uniform(r, 0, 0.6)*100) / 100,
			math.Round(check.Uniform(r, 0.5, 2)*100) / 100, 10, []float64{0.1, 0.2, 0.5}[r.IntN(3)], 400}
	},
	Randoms: 2,
	Judge: func(c wtaCase, got wtaOut) error {
		win, rates := ref.WinnerTakeAll(vec(c.I), c.Self, c.Inhibition, c.Tau, c.Dt, c.TEnd)
		if err := check.CompareSlice(got.Rates, refValues(rates), check.Tol{Rel: 1e-7, Abs: 1e-7}); err != nil {
			return fmt.Errorf("the final rates: %v", err)
		}
		if got.Winner != win {
			return fmt.Errorf("got winner %d, want %d", got.Winner, win)
		}
		return nil
	},
	Show: func(c wtaCase) string {
		return fmt.Sprintf("I = %.4g Hz, self = %g, inhibition = %g, τ = %g ms, dt = %g ms, t_end = %g ms",
			c.I, c.Self, c.Inhibition, c.Tau, c.Dt, c.TEnd)
	},
	Hint: "W has self on the diagonal and −inhibition everywhere else. Simulate from r = 0 with f = max(0, x) " +
		"until tEnd, and return the index of the largest final rate (the first, if several are equal) and those rates.",
})

// CheckWinnerTakeAll checks Level 20: winnerTakeAll(input, self, inhibition,
// tau, dt, tEnd) simulates from rest, with f(x) = max(0, x), n neurons that
// excite themselves with weight self and inhibit each other with weight
// −inhibition under the input (Hz), with steps of dt until tEnd (ms), and
// returns the index of the neuron with the highest final rate and the final
// rates (Hz).
func CheckWinnerTakeAll(winnerTakeAll func(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense)) check.Result {
	return winnerTakeAllLevel.Check(func(in wtaCase) wtaOut {
		win, rates := winnerTakeAll(vec(in.I), in.Self, in.Inhibition, in.Tau, in.Dt, in.TEnd)
		return wtaOut{win, valuesOf(rates)}
	})
}

type ringCase struct {
	N      int
	J0, J2 float64
}

var ringWeightsLevel = check.Register(&check.Level[ringCase, [][]float64]{
	Project: Project, Number: 21, Title: "A ring network: a bump of activity", Func: "RingWeights",
	Fixed: []ringCase{{4, -2, 3}, {8, 0, 1}, {64, -2, 3}},
	Random: func(r *rand.Rand) ringCase {
		return ringCase{4 + r.IntN(13), check.Uniform(r, -3, 0), check.Uniform(r, 0, 6)}
	},
	Judge: func(c ringCase, got [][]float64) error {
		return compareRows(got, refRows(ref.RingWeights(c.N, c.J0, c.J2)), check.Tol{Rel: 1e-12, Abs: 1e-12})
	},
	Show: func(c ringCase) string { return fmt.Sprintf("N = %d, J0 = %.4g, J2 = %.4g", c.N, c.J0, c.J2) },
	Hint: "θ_i = 2π·i/N for i = 0, …, N − 1, and W_ij = (J0 + J2·cos(θ_i − θ_j))/N: do not forget to divide by N.",
})

// CheckRingWeights checks Level 21: ringWeights(n, j0, j2) returns the
// weights (dimensionless) of a ring of n neurons of preferred angles
// θ_i = 2π·i/n (rad): W_ij = (j0 + j2·cos(θ_i − θ_j))/n.
func CheckRingWeights(ringWeights func(n int, j0, j2 float64) *mat.Dense) check.Result {
	return ringWeightsLevel.Check(func(in ringCase) [][]float64 { return rowsOf(ringWeights(in.N, in.J0, in.J2)) })
}

// A bumpCase is the rates R (Hz) of a ring of N neurons; when a case gives
// none, Prepare fills in the rates that the ring of J0 = −2, J2 = 3 settles
// to from rest in 300 ms under the input 10 + Eps·cos(θ − Theta0) Hz.
type bumpCase struct {
	N           int
	Eps, Theta0 float64
	R           []float64 `check:"derived"`
}

var bumpPositionLevel = check.Register(&check.Level[bumpCase, float64]{
	Project: Project, Number: 22, Title: "Response to a tuned input", Func: "BumpPosition",
	Fixed: []bumpCase{
		{N: 4, R: []float64{3, 0, 0, 0}}, {N: 4, R: []float64{0, 3, 0, 0}}, {N: 4, R: []float64{0, 0, 3, 0}},
		{N: 4, R: []float64{0, 0, 1, 2}}, {N: 8, R: []float64{0, 0, 0, 1, 2, 1, 0, 0}},
		{N: 32, Eps: 3, Theta0: 2.5}, {N: 48, Eps: 5, Theta0: -1},
	},
	Random: func(r *rand.Rand) bumpCase {
		return bumpCase{N: 16 + r.IntN(49), Eps: check.Uniform(r, 2, 5), Theta0: check.Uniform(r, -math.Pi, math.Pi)}
	},
	Randoms: 2,
	Prepare: func(c bumpCase) bumpCase {
		if c.R == nil {
			traj := ref.Simulate(ref.RingWeights(c.N, -2, 3), mat.NewVecDense(c.N, nil), ref.TunedInput(c.N, 10, c.Eps, c.Theta0),
				ref.ReLU, 10, 0.5, 300)
			c.R = refValues(traj[len(traj)-1])
		}
		return c
	},
	Judge: func(c bumpCase, got float64) error {
		want := ref.BumpPosition(vec(c.R))
		if d := math.Remainder(got-want, 2*math.Pi); math.IsNaN(d) || math.Abs(d) > 1e-9 {
			g, w := check.Pair(got, want)
			return fmt.Errorf("got %s rad, want %s rad (or the same angle ± 2π, within 1e-9)", g, w)
		}
		return nil
	},
	Show: func(c bumpCase) string { return fmt.Sprintf("N = %d, r = %.4g Hz", c.N, c.R) },
	Hint: "Sum r_j·cos θ_j into x and r_j·sin θ_j into y, and return math.Atan2(y, x): Atan(y/x) loses the " +
		"quadrant, and is wrong whenever x < 0.",
})

// CheckBumpPosition checks Level 22: bumpPosition(r) returns the angle (rad)
// of the population vector Σ_j r_j·(cos θ_j, sin θ_j) of the rates r (Hz)
// of a ring of neurons of preferred angles θ_j = 2π·j/n, in (−π, π] (the
// check accepts the same angle ± 2π).
func CheckBumpPosition(bumpPosition func(r *mat.VecDense) float64) check.Result {
	return bumpPositionLevel.Check(func(in bumpCase) float64 { return bumpPosition(vec(in.R)) })
}

// A chaosCase is a run of the network τ·dx/dt = −x + W·tanh(x) of N
// neurons whose weights have standard deviation G/√N, from the activity X0;
// Prepare draws W and then X0 (standard normal) from the generator of Seed.
type chaosCase struct {
	N                    int
	G                    float64
	Seed                 uint64
	Tau, Dt, TEnd, TSkip float64
	W                    [][]float64 `check:"derived"`
	X0                   []float64   `check:"derived"`
}

var fluctuationLevel = check.Register(&check.Level[chaosCase, float64]{
	Project: Project, Number: 23, Title: "Strong random coupling: sustained fluctuations", Func: "Fluctuation",
	Fixed: []chaosCase{
		{N: 40, G: 0.8, Seed: 1, Tau: 10, Dt: 1, TEnd: 300, TSkip: 100},
		{N: 40, G: 1.5, Seed: 2, Tau: 10, Dt: 1, TEnd: 300, TSkip: 100},
		{N: 50, G: 2, Seed: 3, Tau: 10, Dt: 0.5, TEnd: 200, TSkip: 50},
	},
	Random: func(r *rand.Rand) chaosCase {
		return chaosCase{N: 30 + r.IntN(40), G: check.Uniform(r, 0.5, 2), Seed: r.Uint64(), Tau: 10,
			Dt: []float64{0.5, 1}[r.IntN(2)], TEnd: 300, TSkip: 100}
	},
	Randoms: 1,
	Prepare: func(c chaosCase) chaosCase {
		rng := check.NewRand(c.Seed)
		c.W = refRows(ref.RandomWeights(c.N, c.G, rng))
		c.X0 = refValues(ref.NormalVector(c.N, rng))
		return c
	},
	// Over 300 ms the learner's run and the reference's, which may round
	// differently, stay within 1e-12 of each other even at g = 2.
	Judge: check.Near(func(c chaosCase) float64 {
		return ref.Fluctuation(dense(c.W), vec(c.X0), c.Tau, c.Dt, c.TEnd, c.TSkip)
	}, check.Tol{Rel: 1e-6, Abs: 1e-12}),
	Show: func(c chaosCase) string {
		return fmt.Sprintf("N = %d, g = %.4g, seed %d, τ = %g ms, dt = %g ms, t_end = %g ms, t_skip = %g ms",
			c.N, c.G, c.Seed, c.Tau, c.Dt, c.TEnd, c.TSkip)
	},
	Hint: "Run τ·dx/dt = −x + W·tanh(x) from x0 (tanh inside, W outside); for each neuron take the values at " +
		"the times t ≥ tSkip of the grid, tSkip included, and their stat.Variance; return the mean over the neurons.",
})

// CheckFluctuation checks Level 23: fluctuation(w, x0, tau, dt, tEnd, tSkip)
// simulates τ·dx/dt = −x + W·tanh(x) from x0 with Euler steps of dt until
// tEnd (ms), τ = tau (ms), and returns the mean over the neurons of the
// sample variance (dividing by the count minus one) of their activity at
// the times of the grid from tSkip to tEnd (ms). The activity x is
// dimensionless here.
func CheckFluctuation(fluctuation func(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64) check.Result {
	return fluctuationLevel.Check(func(in chaosCase) float64 {
		return fluctuation(dense(in.W), vec(in.X0), in.Tau, in.Dt, in.TEnd, in.TSkip)
	})
}

// symmetricRandom draws a symmetric n×n matrix whose eigenvalues are all at
// least 0.05 away from 1.
func symmetricRandom(r *rand.Rand, n int) [][]float64 {
	for {
		w := randomMatrix(r, n, n, 1.2/float64(n))
		for i := range n {
			for j := range i {
				w[i][j] = w[j][i]
			}
		}
		if minAbsEigen1(w) > 0.05 {
			return w
		}
	}
}

var eigenFixedPointLevel = check.Register(&check.Level[fixedCase, []float64]{
	Project: Project, Number: 24, Title: "Amplification along eigenvectors", Func: "EigenFixedPoint",
	Fixed: []fixedCase{
		{[][]float64{{0.5, 0.3}, {0.3, 0.5}}, []float64{1, 1}},
		{[][]float64{{0.5, 0.3}, {0.3, 0.5}}, []float64{1, -1}},
		{[][]float64{{0.2, 0.4, 0}, {0.4, -0.5, 0.1}, {0, 0.1, 0.6}}, []float64{5, 2, -1}},
	},
	Random: func(r *rand.Rand) fixedCase {
		n := 2 + r.IntN(5)
		return fixedCase{symmetricRandom(r, n), randomVector(r, n, -10, 20)}
	},
	Judge: func(c fixedCase, got []float64) error {
		want, err := ref.FixedPoint(dense(c.W), vec(c.I))
		if err != nil {
			return fmt.Errorf("the reference failed: %v", err)
		}
		return check.CompareSlice(got, refValues(want), simTol)
	},
	Show: func(c fixedCase) string { return fmt.Sprintf("W = %s (symmetric), I = %.4g Hz", showMatrix(c.W), c.I) },
	Hint: "With eig.Factorize(w, true), eig.Values(nil) and eig.VectorsTo(&v), the fixed point is the sum over k " +
		"of (v_k·I)/(1 − λ_k) times v_k, v_k being column k of v: mat.Dot and AddScaledVec.",
})

// CheckEigenFixedPoint checks Level 24: eigenFixedPoint(w, input) returns
// the fixed point (Hz) of the linear network of a symmetric weight matrix w
// under the input (Hz), computed from the eigenvectors v_k and eigenvalues
// λ_k of w as Σ_k (v_k·input)/(1 − λ_k)·v_k.
func CheckEigenFixedPoint(eigenFixedPoint func(w *mat.SymDense, input *mat.VecDense) *mat.VecDense) check.Result {
	return eigenFixedPointLevel.Check(func(in fixedCase) []float64 { return valuesOf(eigenFixedPoint(symDense(in.W), vec(in.I))) })
}

type paradoxCase struct {
	EI   eiCase
	Step float64
}

// change is what ParadoxicalResponse returns: the changes of the two rates
// (Hz).
type change struct{ DE, DI float64 }

var paradoxicalResponseLevel = check.Register(&check.Level[paradoxCase, change]{
	Project: Project, Number: 25, Title: "Inhibition-stabilized network: the paradoxical response", Func: "ParadoxicalResponse",
	Fixed: []paradoxCase{{eiCase{2, 2.5, 2.5, 2}, 1}, {eiCase{0.5, 1, 1, 0.5}, 1}, {eiCase{1.5, 2, 3, 1}, 5}},
	Random: func(r *rand.Rand) paradoxCase {
		for {
			c := paradoxCase{randomEI(r), math.Round(check.Uniform(r, 0.5, 10)*10) / 10}
			if ref.Stable(ref.EIWeights(c.EI.WEE, c.EI.WEI, c.EI.WIE, c.EI.WII)) {
				return c
			}
		}
	},
	Judge: func(c paradoxCase, got change) error {
		dE, dI := ref.Paradoxical(c.EI.WEE, c.EI.WEI, c.EI.WIE, c.EI.WII, c.Step)
		if err := check.Compare(got.DE, dE, simTol); err != nil {
			return fmt.Errorf("the change of the excitatory rate: %v", err)
		}
		if err := check.Compare(got.DI, dI, simTol); err != nil {
			return fmt.Errorf("the change of the inhibitory rate: %v", err)
		}
		return nil
	},
	Show: func(c paradoxCase) string { return fmt.Sprintf("%v, step = %g Hz into I", c.EI, c.Step) },
	Hint: "The network is linear, so the change of the fixed point is the fixed point under the change of the " +
		"input alone: your FixedPoint of EIWeights(…) under the input (0, step), the step going to I (index 1).",
})

// CheckParadoxicalResponse checks Level 25: paradoxicalResponse(wEE, wEI,
// wIE, wII, step) returns the changes (Hz) of the fixed-point rates of the
// excitatory and the inhibitory population of the linear network of
// EIWeights(wEE, wEI, wIE, wII) when the input to the inhibitory population
// rises by step (Hz).
func CheckParadoxicalResponse(paradoxicalResponse func(wEE, wEI, wIE, wII, step float64) (dE, dI float64)) check.Result {
	return paradoxicalResponseLevel.Check(func(in paradoxCase) change {
		dE, dI := paradoxicalResponse(in.EI.WEE, in.EI.WEI, in.EI.WIE, in.EI.WII, in.Step)
		return change{dE, dI}
	})
}
