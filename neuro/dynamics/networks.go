package dynamics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// This file holds levels 8–16: the Wilson–Cowan model of an excitatory and
// an inhibitory population, and the Hopfield network. Both are
// dimensionless.

// WC holds the parameters of the Wilson–Cowan model
// τ_E dE/dt = −E + S_E(w_EE·E − w_EI·I + P), τ_I dI/dt = −I + S_I(w_IE·E − w_II·I + Q),
// with S(x) = 1/(1 + e^(−gain·(x − θ))). All are dimensionless.
type WC struct {
	WEE, WEI, WIE, WII, P, Q     float64
	TauE, TauI                   float64
	GainE, ThetaE, GainI, ThetaI float64
}

// DefaultWC returns a parameter set whose populations oscillate: w_EE = 16,
// w_EI = 12, w_IE = 15, w_II = 3, P = 1.25, Q = 0, τ_E = τ_I = 1, gains 1.3
// and 2, thresholds 4 and 3.7.
func DefaultWC() WC {
	return WC{WEE: 16, WEI: 12, WIE: 15, WII: 3, P: 1.25, TauE: 1, TauI: 1, GainE: 1.3, ThetaE: 4, GainI: 2, ThetaI: 3.7}
}

func (p WC) String() string {
	return fmt.Sprintf("w_EE = %.4g, w_EI = %.4g, w_IE = %.4g, w_II = %.4g, P = %.4g, Q = %.4g, τ_E = %.4g, τ_I = %.4g, "+
		"gain_E = %.4g, θ_E = %.4g, gain_I = %.4g, θ_I = %.4g",
		p.WEE, p.WEI, p.WIE, p.WII, p.P, p.Q, p.TauE, p.TauI, p.GainE, p.ThetaE, p.GainI, p.ThetaI)
}

// randomWC draws a set near the default one.
func randomWC(r *rand.Rand) WC {
	p := DefaultWC()
	for _, x := range []*float64{&p.WEE, &p.WEI, &p.WIE, &p.WII, &p.GainE, &p.ThetaE, &p.GainI, &p.ThetaI} {
		*x *= check.Uniform(r, 0.8, 1.2)
	}
	p.P, p.Q = check.Uniform(r, 0, 2.5), check.Uniform(r, -0.5, 0.5)
	p.TauE, p.TauI = check.Uniform(r, 0.5, 2), check.Uniform(r, 0.5, 3)
	return p
}

type sigmoidCase struct{ X, Gain, Theta float64 }

var sigmoidLevel = check.Register(&check.Level[sigmoidCase, float64]{
	Project: Project, Number: 8, Title: "Wilson-Cowan sigmoid", Func: "Sigmoid",
	Fixed: []sigmoidCase{{4, 1.3, 4}, {0, 1.3, 4}, {10, 2, 3.7}, {-3, 0.5, 1}},
	Random: func(r *rand.Rand) sigmoidCase {
		return sigmoidCase{check.Uniform(r, -5, 15), check.Uniform(r, 0.2, 5), check.Uniform(r, 0, 8)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c sigmoidCase) float64 { return ref.Sigmoid(c.X, c.Gain, c.Theta) }, check.Exact),
	Show: func(c sigmoidCase) string {
		return fmt.Sprintf("x = %.4g, gain = %.4g, θ = %.4g", c.X, c.Gain, c.Theta)
	},
	Hint: "S(x) = 1/(1 + e^(−gain·(x − θ))): one half at x = θ, the gain multiplies x − θ, not x alone.",
})

// CheckSigmoid checks Level 8: sigmoid(x, gain, theta) returns
// 1/(1 + e^(−gain·(x − theta))). Dimensionless.
func CheckSigmoid(sigmoid func(x, gain, theta float64) float64) check.Result {
	return sigmoidLevel.Check(func(in sigmoidCase) float64 { return sigmoid(in.X, in.Gain, in.Theta) })
}

type wcRun struct {
	P          WC
	E0, I0, Dt float64
	Steps      int
}

func (c wcRun) String() string {
	return fmt.Sprintf("%v, from E = %.4g, I = %.4g, dt = %g, %d steps", c.P, c.E0, c.I0, c.Dt, c.Steps)
}

// ei is a trace of both populations.
type ei struct{ E, I []float64 }

var wcSimulateLevel = check.Register(&check.Level[wcRun, ei]{
	Project: Project, Number: 9, Title: "Wilson-Cowan derivatives and simulation", Func: "WCSimulate",
	Fixed: []wcRun{{DefaultWC(), 0.1, 0.05, 0.01, 2000}, {DefaultWC(), 0.5, 0.5, 0.1, 300}},
	Random: func(r *rand.Rand) wcRun {
		return wcRun{randomWC(r), r.Float64(), r.Float64(), []float64{0.005, 0.01, 0.02, 0.05}[r.IntN(4)], 1 + r.IntN(1500)}
	},
	Judge: func(c wcRun, got ei) error {
		e, i := ref.WCSimulate(ref.WC(c.P), c.E0, c.I0, c.Dt, c.Steps)
		if err := check.CompareSlice(got.E, e, simTol); err != nil {
			return fmt.Errorf("E: %v", err)
		}
		if err := check.CompareSlice(got.I, i, simTol); err != nil {
			return fmt.Errorf("I: %v", err)
		}
		return nil
	},
	Show: wcRun.String,
	Hint: "Return steps + 1 values of each, the start first. Each Euler step uses the old E and I in both " +
		"derivatives, and divides each by its own time constant.",
})

// CheckWCSimulate checks Level 9: wcSimulate(p, e0, i0, dt, steps) returns
// the activities E and I of the Wilson–Cowan model at the steps + 1 times
// 0, dt, …, steps·dt from (e0, i0), integrated by forward Euler.
// Dimensionless.
func CheckWCSimulate(wcSimulate func(p WC, e0, i0, dt float64, steps int) (e, i []float64)) check.Result {
	return wcSimulateLevel.Check(func(in wcRun) ei {
		e, i := wcSimulate(in.P, in.E0, in.I0, in.Dt, in.Steps)
		return ei{e, i}
	})
}

type wcStart struct {
	P      WC
	E0, I0 float64
}

// wcFixed is what WCFixedPoint returns.
type wcFixed struct{ E, I, Re float64 }

// newtonSettles reports whether Newton's method from the start of c is at
// a fixed point, within 1e-13, after steps steps.
func newtonSettles(c wcStart, steps int) bool {
	p := ref.WC(c.P)
	e, i := c.E0, c.I0
	for range steps {
		de, di := ref.WCDeriv(p, e, i)
		j := ref.WCJacobian(p, e, i)
		det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
		e, i = e-(j[1][1]*de-j[0][1]*di)/det, i-(-j[1][0]*de+j[0][0]*di)/det
	}
	de, di := ref.WCDeriv(p, e, i)
	return math.Abs(de)+math.Abs(di) < 1e-13
}

var wcFixedPointLevel = check.Register(&check.Level[wcStart, wcFixed]{
	Project: Project, Number: 10, Title: "Fixed point and stability", Func: "WCFixedPoint",
	Fixed: []wcStart{{DefaultWC(), 0.2, 0.2}, {WC{16, 12, 15, 3, 0, 0, 1, 1, 1.3, 4, 2, 3.7}, 0.05, 0.05}},
	// A start from which Newton's method converges within 20 steps: from
	// some starts its path wanders chaotically before it settles, and the
	// last bits of a right answer sent it elsewhere (2 seeds in 80 failed).
	Random: func(r *rand.Rand) wcStart {
		for {
			c := wcStart{randomWC(r), check.Uniform(r, 0.1, 0.3), check.Uniform(r, 0.1, 0.3)}
			e, i, re := ref.WCFixedPoint(ref.WC(c.P), c.E0, c.I0)
			if newtonSettles(c, 20) && !math.IsNaN(re) && e > 0 && e < 1 && i > 0 && i < 1 {
				return c
			}
		}
	},
	Judge: func(c wcStart, got wcFixed) error {
		de, di := ref.WCDeriv(ref.WC(c.P), got.E, got.I)
		if !(math.Abs(de) <= 1e-9 && math.Abs(di) <= 1e-9) {
			return fmt.Errorf("(E, I) = (%.6g, %.6g) is not a fixed point: dE/dt = %.3g, dI/dt = %.3g (want |·| ≤ 1e-9)",
				got.E, got.I, de, di)
		}
		re, _ := ref.LeadingEigen(ref.WCJacobian(ref.WC(c.P), got.E, got.I))
		if err := check.Compare(got.Re, re, check.Tol{Rel: 1e-6, Abs: 1e-9}); err != nil {
			return fmt.Errorf("the leading real part at (%.6g, %.6g): %v", got.E, got.I, err)
		}
		return nil
	},
	Show: func(c wcStart) string { return fmt.Sprintf("%v, start E = %.4g, I = %.4g", c.P, c.E0, c.I0) },
	Hint: "S'(x) = gain·S·(1 − S). The Jacobian: row E: (−1 + S_E'·w_EE)/τ_E, −S_E'·w_EI/τ_E; row I: " +
		"S_I'·w_IE/τ_I, (−1 − S_I'·w_II)/τ_I. Newton: solve J·δ = (dE/dt, dI/dt) and subtract δ, 100 times.",
})

// CheckWCFixedPoint checks Level 10: wcFixedPoint(p, e0, i0) returns a fixed
// point (E, I) of the Wilson–Cowan model, found from (e0, i0), and the real
// part of the leading eigenvalue of the Jacobian there. The check accepts
// any point where both derivatives are at most 1e-9. Dimensionless.
func CheckWCFixedPoint(wcFixedPoint func(p WC, e0, i0 float64) (e, i, re float64)) check.Result {
	return wcFixedPointLevel.Check(func(in wcStart) wcFixed {
		e, i, re := wcFixedPoint(in.P, in.E0, in.I0)
		return wcFixed{e, i, re}
	})
}

type periodCase struct {
	T, X  []float64
	Level float64
}

// wave returns a periodic signal of period T sampled every dt for n samples.
func wave(period, phase, harmonic, dt float64, n int) (t, x []float64) {
	for k := range n {
		tk := float64(k) * dt
		t = append(t, tk)
		x = append(x, math.Sin(2*math.Pi*tk/period+phase)+harmonic*math.Sin(4*math.Pi*tk/period+2*phase))
	}
	return t, x
}

func fixedPeriod(period, phase, harmonic, dt float64, n int, level float64) periodCase {
	t, x := wave(period, phase, harmonic, dt, n)
	return periodCase{t, x, level}
}

var periodLevel = check.Register(&check.Level[periodCase, float64]{
	Project: Project, Number: 11, Title: "Oscillation period from a trace", Func: "Period",
	Fixed: []periodCase{
		fixedPeriod(6.8, 0, 0, 0.05, 1000, 0), fixedPeriod(2.5, 1, 0.3, 0.01, 1500, 0.4),
		{[]float64{0, 1, 2, 3, 4, 5, 6}, []float64{0, 2, 0, 2, 0, 2, 0}, 1},
	},
	Random: func(r *rand.Rand) periodCase {
		period := check.Uniform(r, 1, 10)
		dt := period / check.Uniform(r, 20, 200)
		n := int(check.Uniform(r, 3, 10) * period / dt)
		return fixedPeriod(period, check.Uniform(r, 0, 2*math.Pi), check.Uniform(r, 0, 0.4), dt, n, check.Uniform(r, -0.5, 0.5))
	},
	Judge: check.Near(func(c periodCase) float64 { return ref.Period(c.T, c.X, c.Level) }, simTol),
	Show: func(c periodCase) string {
		return fmt.Sprintf("t = %.4g, x = %.4g, level %.4g", c.T, c.X, c.Level)
	},
	Hint: "An upward crossing between samples k−1 and k has x[k−1] < level ≤ x[k]; its time is " +
		"t[k−1] + (level − x[k−1])/(x[k] − x[k−1])·(t[k] − t[k−1]). The period is (last − first)/(crossings − 1).",
})

// CheckPeriod checks Level 11: period(t, x, level) returns the mean interval
// between the upward crossings of level by the samples x at the times t,
// each crossing placed by linear interpolation between the two samples
// around it. Dimensionless (in the units of t).
func CheckPeriod(period func(t, x []float64, level float64) float64) check.Result {
	return periodLevel.Check(func(in periodCase) float64 { return period(in.T, in.X, in.Level) })
}

// patternStream is the stream of the generator of a case's patterns,
// apart from check.Stream, that of the generator the learner's function is
// handed.
const patternStream = 11

// patternRand returns the generator of a case's patterns.
func patternRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, patternStream)) }

type storeCase struct{ Patterns [][]int }

var storeLevel = check.Register(&check.Level[storeCase, [][]float64]{
	Project: Project, Number: 12, Title: "Hopfield storage by outer products", Func: "Store",
	Fixed: []storeCase{
		{[][]int{{1, -1, 1, -1}}},
		{[][]int{{1, 1, -1, -1, 1}, {-1, 1, 1, -1, -1}, {1, 1, 1, 1, 1}}},
	},
	Random: func(r *rand.Rand) storeCase {
		return storeCase{ref.RandomPatterns(5+r.IntN(30), 1+r.IntN(6), r)}
	},
	Judge: func(c storeCase, got [][]float64) error {
		want := ref.Store(c.Patterns)
		if len(got) != len(want) {
			return fmt.Errorf("got %d rows, want %d", len(got), len(want))
		}
		for i := range want {
			if err := check.CompareSlice(got[i], want[i], check.Exact); err != nil {
				return fmt.Errorf("row %d: %v", i, err)
			}
		}
		return nil
	},
	Show: func(c storeCase) string { return fmt.Sprintf("patterns %v", c.Patterns) },
	Hint: "W[i][j] = (1/N)·Σ over patterns of ξ[i]·ξ[j], with N the number of units (not of patterns), " +
		"and W[i][i] = 0.",
})

// CheckStore checks Level 12: store(patterns) returns the Hopfield weights
// W[i][j] = (1/N)·Σ_μ ξ^μ_i·ξ^μ_j for the ±1 patterns ξ^μ of N units, with a
// zero diagonal.
func CheckStore(store func(patterns [][]int) [][]float64) check.Result {
	return storeLevel.Check(func(in storeCase) [][]float64 { return store(in.Patterns) })
}

// A net is a Hopfield network of N units storing P random patterns drawn
// from the generator of Seed; Prepare fills in its weights, a cue with Flip
// of its units flipped, and the orders and states that the levels need.
type net struct {
	N, P int
	Flip float64
	Seed uint64

	W        [][]float64 `check:"derived"`
	Patterns [][]int     `check:"derived"`
	Cue      []int       `check:"derived"`
	Order    []int       `check:"derived"`
	States   [][]int     `check:"derived"`
}

func (c net) String() string {
	return fmt.Sprintf("N = %d units, P = %d patterns, %.3g of the cue flipped, seed %d", c.N, c.P, c.Flip, c.Seed)
}

// prepareNet draws the network's patterns, its cue (from the first
// pattern), an order of updates, and the states of a run of two sweeps in
// that order from the cue.
func prepareNet(c net) net {
	r := patternRand(c.Seed)
	c.Patterns = ref.RandomPatterns(c.N, c.P, r)
	c.W = ref.Store(c.Patterns)
	c.Cue = ref.Corrupt(c.Patterns[0], c.Flip, r)
	c.Order = append(r.Perm(c.N), r.Perm(c.N)...)
	c.States = [][]int{c.Cue}
	for _, i := range c.Order {
		c.States = append(c.States, ref.UpdateAsync(c.W, c.States[len(c.States)-1], []int{i}))
	}
	return c
}

// randomNet draws a network of an even number of units and an odd number of
// patterns. A unit's field Σ_j w_ij·s_j is then never exactly 0, where
// another order of summation rounds to ±1e-17 and flips the unit: N·w_ij is
// a sum of P terms ±1, so N·Σ_j w_ij·s_j sums (N − 1)·P terms ±1, an odd
// number. The fixed cases have the same parities.
func randomNet(r *rand.Rand) net {
	n := 20 + 2*r.IntN(40)
	return net{n, 1 + 2*r.IntN(n/12), check.Uniform(r, 0.05, 0.4), r.Uint64(), nil, nil, nil, nil, nil}
}

var energyLevel = check.Register(&check.Level[net, []float64]{
	Project: Project, Number: 13, Title: "Energy, which never increases under asynchronous updates", Func: "Energy",
	Fixed:   []net{{30, 3, 0.3, 1, nil, nil, nil, nil, nil}, {50, 9, 0.2, 2, nil, nil, nil, nil, nil}},
	Random:  randomNet,
	Randoms: 2,
	Prepare: prepareNet,
	Judge: func(c net, got []float64) error {
		if len(got) != len(c.States) {
			return fmt.Errorf("got %d energies, want %d", len(got), len(c.States))
		}
		for k, s := range c.States {
			if err := check.Compare(got[k], ref.Energy(c.W, s), simTol); err != nil {
				return fmt.Errorf("after %d updates: %v", k, err)
			}
			if k > 0 && got[k] > got[k-1]+1e-9 {
				return fmt.Errorf("the energy rose from %.6g to %.6g at update %d", got[k-1], got[k], k)
			}
		}
		return nil
	},
	Show: func(c net) string { return "the states after each update of two sweeps of " + c.String() },
	Hint: "E = −½·Σ_i Σ_j W[i][j]·s[i]·s[j], over all pairs (the diagonal is 0). Don't forget the ½.",
})

// CheckEnergy checks Level 13: energy(w, s) returns the Hopfield energy
// −½·Σ_ij w[i][j]·s[i]·s[j] of the ±1 state s. The check calls it on every
// state of a run of asynchronous updates and verifies that the energies
// agree with the reference and never increase.
func CheckEnergy(energy func(w [][]float64, s []int) float64) check.Result {
	return energyLevel.Check(func(in net) []float64 {
		out := make([]float64, len(in.States))
		zero := true
		for k, s := range in.States {
			out[k] = energy(in.W, slices.Clone(s))
			zero = zero && out[k] == 0
		}
		if zero {
			return nil // a stub's answer
		}
		return out
	})
}

var updateAsyncLevel = check.Register(&check.Level[net, []int]{
	Project: Project, Number: 14, Title: "Asynchronous update", Func: "UpdateAsync",
	Fixed:   []net{{30, 3, 0.3, 3, nil, nil, nil, nil, nil}, {100, 21, 0.3, 4, nil, nil, nil, nil, nil}},
	Random:  randomNet,
	Prepare: prepareNet,
	Judge: func(c net, got []int) error {
		if want := ref.UpdateAsync(c.W, c.Cue, c.Order); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	},
	Show: func(c net) string { return "the cue and two sweeps of updates of " + c.String() },
	Hint: "Update one unit at a time, in place, so that later units see the new values: s[i] becomes +1 if " +
		"Σ_j W[i][j]·s[j] > 0, −1 if it is < 0, and stays if it is 0. Work on a copy of s.",
})

// CheckUpdateAsync checks Level 14: updateAsync(w, s, order) returns the
// state after updating the units of s one at a time in the given order, each
// taking the sign of its field Σ_j w[i][j]·s[j] and keeping its value when
// the field is 0. s itself must not change.
func CheckUpdateAsync(updateAsync func(w [][]float64, s []int, order []int) []int) check.Result {
	return updateAsyncLevel.Check(func(in net) []int {
		return updateAsync(in.W, slices.Clone(in.Cue), slices.Clone(in.Order))
	})
}

// recalled is what Recall returns.
type recalled struct {
	S       []int
	Overlap float64
}

var recallLevel = check.Register(&check.Level[net, recalled]{
	Project: Project, Number: 15, Title: "Recall from a corrupted cue (overlap)", Func: "Recall",
	Fixed:   []net{{100, 5, 0.2, 5, nil, nil, nil, nil, nil}, {100, 25, 0.1, 6, nil, nil, nil, nil, nil}},
	Random:  randomNet,
	Prepare: prepareNet,
	Judge: func(c net, got recalled) error {
		s, m := ref.Recall(c.W, c.Patterns[0], c.Cue, recallSweeps, check.NewRand(c.Seed))
		if !slices.Equal(got.S, s) {
			return fmt.Errorf("the final state: got %v, want %v", got.S, s)
		}
		return check.Compare(got.Overlap, m, check.Exact)
	},
	Show: func(c net) string {
		return fmt.Sprintf("a cue of the first pattern of %v, %d sweeps", c, recallSweeps)
	},
	Hint: "Each sweep updates every unit once, in the order rng.Perm(N) drawn afresh for that sweep: " +
		"call your UpdateAsync. The overlap is (1/N)·Σ pattern[i]·s[i], from −1 to 1.",
})

// recallSweeps is the number of sweeps of the recall checks.
const recallSweeps = 5

// CheckRecall checks Level 15: recall(w, pattern, cue, sweeps, rng) returns
// the state after sweeps asynchronous sweeps from cue, each in the order
// rng.Perm(N), and its overlap (1/N)·Σ pattern[i]·s[i] with pattern.
func CheckRecall(recall func(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64)) check.Result {
	return recallLevel.Check(func(in net) recalled {
		s, m := recall(in.W, slices.Clone(in.Patterns[0]), slices.Clone(in.Cue), recallSweeps, check.NewRand(in.Seed))
		return recalled{s, m}
	})
}

// A load is a Hopfield network of N units storing P patterns, each recalled
// from a cue with Flip of its units flipped; Prepare draws the patterns and
// the cues from the generator of Seed.
type load struct {
	N, P int
	Flip float64
	Seed uint64

	Patterns [][]int `check:"derived"`
	Cues     [][]int `check:"derived"`
}

func prepareLoad(c load) load {
	r := patternRand(c.Seed)
	c.Patterns = ref.RandomPatterns(c.N, c.P, r)
	c.Cues = make([][]int, c.P)
	for mu := range c.Cues {
		c.Cues[mu] = ref.Corrupt(c.Patterns[mu], c.Flip, r)
	}
	return c
}

var recallRateLevel = check.Register(&check.Level[load, float64]{
	Project: Project, Number: 16, Title: "Capacity near 0.14 N", Func: "RecallRate",
	// Loads of 0.05, 0.21 and 0.15: all recalled, 3 patterns of 21, 14 of 15.
	Fixed: []load{{100, 5, 0.1, 1, nil, nil}, {100, 21, 0.1, 2, nil, nil}, {100, 15, 0.1, 3, nil, nil}},
	// An odd number of patterns, for the reason randomNet gives.
	Random:  func(r *rand.Rand) load { return load{100, 5 + 2*r.IntN(11), 0.1, r.Uint64(), nil, nil} },
	Randoms: 2,
	Prepare: prepareLoad,
	Judge: check.Near(func(c load) float64 {
		return ref.RecallRate(c.Patterns, c.Cues, recallSweeps, check.NewRand(c.Seed))
	}, check.Exact),
	Show: func(c load) string {
		return fmt.Sprintf("N = %d, P = %d patterns, cues with %.3g flipped, %d sweeps, seed %d", c.N, c.P, c.Flip, recallSweeps, c.Seed)
	},
	Hint: fmt.Sprintf("Store all the patterns, then for each pattern in turn call your Recall from its cue with the "+
		"same rng; count it when the overlap is at least %g, and divide by the number of patterns.", ref.Recalled),
})

// CheckRecallRate checks Level 16: recallRate(patterns, cues, sweeps, rng)
// stores the patterns, recalls each pattern from its cue in turn (sweeps
// sweeps, orders from rng), and returns the fraction of patterns whose
// overlap reaches 0.9.
func CheckRecallRate(recallRate func(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64) check.Result {
	return recallRateLevel.Check(func(in load) float64 {
		pats, cues := make([][]int, len(in.Patterns)), make([][]int, len(in.Cues))
		for k := range pats {
			pats[k], cues[k] = slices.Clone(in.Patterns[k]), slices.Clone(in.Cues[k])
		}
		return recallRate(pats, cues, recallSweeps, check.NewRand(in.Seed))
	})
}

// RandomPatterns returns p random patterns of n units, each unit +1 when
// rng.IntN(2) is 0 and −1 otherwise, for the plots.
func RandomPatterns(n, p int, rng *rand.Rand) [][]int {
	pats := make([][]int, p)
	for mu := range pats {
		pats[mu] = make([]int, n)
		for i := range pats[mu] {
			pats[mu][i] = 1 - 2*rng.IntN(2)
		}
	}
	return pats
}

// Corrupt returns a copy of pattern with round(flip·N) of its units, the
// first ones of rng.Perm(N), flipped.
func Corrupt(pattern []int, flip float64, rng *rand.Rand) []int {
	s := slices.Clone(pattern)
	k := int(math.Round(flip * float64(len(s))))
	for _, i := range rng.Perm(len(s))[:k] {
		s[i] = -s[i]
	}
	return s
}
