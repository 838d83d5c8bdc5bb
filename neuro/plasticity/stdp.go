package plasticity

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/plasticity"
)

// This file holds levels 13–20: the STDP window, pairing protocols, the
// pair sum and the online rule with traces, the drift under independent
// Poisson trains, and the competition STDP sets up between inputs.

// randomSTDP draws a window with A₊ from 0.002 to 0.02, A₋ from 0.8 to 1.3
// times A₊, and time constants of 10 to 40 ms, τ₋ differing from τ₊.
func randomSTDP(r *rand.Rand) STDP {
	a := check.Uniform(r, 0.002, 0.02)
	return STDP{APlus: a, AMinus: a * check.Uniform(r, 0.8, 1.3), TauPlus: check.Uniform(r, 10, 25), TauMinus: check.Uniform(r, 26, 40)}
}

type windowCase struct {
	P  STDP
	Dt float64
}

var windowLevel = check.Register(&check.Level[windowCase, float64]{
	Project: Project, Number: 13, Title: "The STDP window", Func: "Window",
	Fixed: []windowCase{
		{DefaultSTDP(), 10}, {DefaultSTDP(), -10}, {DefaultSTDP(), 0}, {DefaultSTDP(), 40}, {DefaultSTDP(), -1},
	},
	Random:  func(r *rand.Rand) windowCase { return windowCase{randomSTDP(r), check.Uniform(r, -100, 100)} },
	Randoms: 8,
	Judge:   check.Near(func(c windowCase) float64 { return ref.Window(ref.STDP(c.P), c.Dt) }, check.Exact),
	Show:    func(c windowCase) string { return fmt.Sprintf("%v, Δt = %.4g ms", c.P, c.Dt) },
	Hint: "Δt = t_post − t_pre: positive when the presynaptic spike comes first, which strengthens the synapse: " +
		"A₊·e^(−Δt/τ₊). For Δt < 0, −A₋·e^(Δt/τ₋); for Δt = 0, 0.",
})

// CheckWindow checks Level 13: window(p, dt) returns the weight change
// (dimensionless) of one pair of spikes with Δt = t_post − t_pre = dt (ms):
// A₊·e^(−Δt/τ₊) for Δt > 0, −A₋·e^(Δt/τ₋) for Δt < 0, and 0 for Δt = 0.
func CheckWindow(window func(p STDP, dt float64) float64) check.Result {
	return windowLevel.Check(func(in windowCase) float64 { return window(in.P, in.Dt) })
}

type pairingCase struct {
	P      STDP
	W0, Dt float64
	N      int
	WMax   float64
}

var pairingLevel = check.Register(&check.Level[pairingCase, []float64]{
	Project: Project, Number: 14, Title: "Pairing protocol: n pairs at Δt", Func: "Pairing",
	Fixed: []pairingCase{
		{DefaultSTDP(), 0.5, 10, 60, 1}, {DefaultSTDP(), 0.5, -10, 60, 1}, {DefaultSTDP(), 0.2, -5, 40, 1},
		{DefaultSTDP(), 0.9, 2, 30, 1},
	},
	Random: func(r *rand.Rand) pairingCase {
		wMax := check.Uniform(r, 0.5, 2)
		return pairingCase{randomSTDP(r), check.Uniform(r, 0, wMax), check.Uniform(r, -50, 50), 10 + r.IntN(100), wMax}
	},
	Judge: check.NearSlice(func(c pairingCase) []float64 {
		return ref.Pairing(ref.STDP(c.P), c.W0, c.Dt, c.N, c.WMax)
	}, simTol),
	Show: func(c pairingCase) string {
		return fmt.Sprintf("%v, w0 = %.4g, Δt = %.4g ms, %d pairs, w_max = %.4g", c.P, c.W0, c.Dt, c.N, c.WMax)
	},
	Hint: "Start the list with w0; each pair adds your Window(p, Δt), and the weight is then clipped to [0, w_max]: " +
		"n + 1 values.",
})

// CheckPairing checks Level 14: pairing(p, w0, dt, n, wMax) returns the
// weight w0 and the weight after each of n pairings at Δt = dt (ms), each
// adding the window's value and keeping the weight within [0, wMax].
func CheckPairing(pairing func(p STDP, w0, dt float64, n int, wMax float64) []float64) check.Result {
	return pairingLevel.Check(func(in pairingCase) []float64 { return pairing(in.P, in.W0, in.Dt, in.N, in.WMax) })
}

// randomTimes draws n sorted spike times (ms) in [0, duration).
func randomTimes(r *rand.Rand, n int, duration float64) []float64 {
	t := make([]float64, n)
	for k := range t {
		t[k] = check.Uniform(r, 0, duration)
	}
	for i := 1; i < n; i++ { // insertion sort
		for j := i; j > 0 && t[j] < t[j-1]; j-- {
			t[j], t[j-1] = t[j-1], t[j]
		}
	}
	return t
}

type pairCase struct {
	P         STDP
	Pre, Post []float64
}

var pairSumLevel = check.Register(&check.Level[pairCase, float64]{
	Project: Project, Number: 15, Title: "All-to-all pairing over two spike trains", Func: "PairSum",
	Fixed: []pairCase{
		{DefaultSTDP(), []float64{10}, []float64{20}},
		{DefaultSTDP(), []float64{10, 50}, []float64{20, 45}},
		{DefaultSTDP(), []float64{5, 30, 60, 61}, []float64{12, 30, 90}},
		{DefaultSTDP(), nil, []float64{12}},
	},
	Random: func(r *rand.Rand) pairCase {
		return pairCase{randomSTDP(r), randomTimes(r, r.IntN(30), 500), randomTimes(r, r.IntN(30), 500)}
	},
	Judge: check.Near(func(c pairCase) float64 { return ref.PairSum(ref.STDP(c.P), c.Pre, c.Post) }, check.Tol{Rel: 1e-9, Abs: 1e-12}),
	Show: func(c pairCase) string {
		return fmt.Sprintf("%v, pre at %.5g ms, post at %.5g ms", c.P, c.Pre, c.Post)
	},
	Hint: "Two loops: for every presynaptic time and every postsynaptic time add your Window(p, t_post − t_pre).",
})

// CheckPairSum checks Level 15: pairSum(p, pre, post) returns the sum of
// the window over every pair of a presynaptic spike time in pre and a
// postsynaptic one in post (ms): Σ_i Σ_j W(post[j] − pre[i]).
func CheckPairSum(pairSum func(p STDP, pre, post []float64) float64) check.Result {
	return pairSumLevel.Check(func(in pairCase) float64 { return pairSum(in.P, clone(in.Pre), clone(in.Post)) })
}

// A trainsCase holds NPre presynaptic Poisson trains at RatePre (Hz) and a
// postsynaptic one at RatePost over Duration (ms), drawn in that order from
// NewRand(Seed) with PoissonTrain.
type trainsCase struct {
	P                           STDP
	NPre                        int
	RatePre, RatePost, Duration float64
	Seed                        uint64
	Pres                        [][]float64 `check:"derived"`
	Post                        []float64   `check:"derived"`
}

func (c trainsCase) String() string {
	return fmt.Sprintf("%v, %d presynaptic trains at %.4g Hz and a postsynaptic one at %.4g Hz over %.4g ms, seed %d",
		c.P, c.NPre, c.RatePre, c.RatePost, c.Duration, c.Seed)
}

// drawTrains fills in a case's trains.
func drawTrains(c trainsCase) trainsCase {
	rng := NewRand(c.Seed)
	c.Pres = make([][]float64, c.NPre)
	for k := range c.Pres {
		c.Pres[k] = PoissonTrain(c.RatePre, c.Duration, rng)
	}
	c.Post = PoissonTrain(c.RatePost, c.Duration, rng)
	return c
}

func randomTrains(r *rand.Rand, nPre int) trainsCase {
	return trainsCase{P: randomSTDP(r), NPre: nPre, RatePre: check.Uniform(r, 5, 40), RatePost: check.Uniform(r, 5, 40),
		Duration: check.Uniform(r, 1000, 5000), Seed: r.Uint64()}
}

var traceSTDPLevel = check.Register(&check.Level[trainsCase, float64]{
	Project: Project, Number: 16, Title: "Online STDP with pre and post traces", Func: "TraceSTDP",
	Fixed: []trainsCase{
		{P: DefaultSTDP(), NPre: 1, RatePre: 10, RatePost: 10, Duration: 2000, Seed: 1},
		{P: DefaultSTDP(), NPre: 1, RatePre: 40, RatePost: 5, Duration: 1000, Seed: 2},
	},
	Random:  func(r *rand.Rand) trainsCase { return randomTrains(r, 1) },
	Prepare: drawTrains,
	Judge: check.Near(func(c trainsCase) float64 {
		return ref.TraceSTDP(ref.STDP(c.P), c.Pres[0], c.Post)
	}, check.Tol{Rel: 1e-9, Abs: 1e-12}),
	Show: func(c trainsCase) string { return "the trains of " + c.String() },
	Hint: "Walk through the spikes of both trains in time order. Before each spike let both traces decay by " +
		"e^(−(t − t_last)/τ) with their own τ. At a post spike add A₊·x_pre, then x_post += 1; at a pre spike " +
		"subtract A₋·x_post, then x_pre += 1.",
})

// CheckTraceSTDP checks Level 16: traceSTDP(p, pre, post) returns the total
// weight change of the sorted spike trains pre and post (ms, no time in
// both), computed online with a presynaptic trace (+1 at each pre spike,
// decaying with τ₊) and a postsynaptic trace (+1 at each post spike,
// decaying with τ₋): each post spike adds A₊·x_pre, each pre spike
// subtracts A₋·x_post, the traces read just before the spike.
func CheckTraceSTDP(traceSTDP func(p STDP, pre, post []float64) float64) check.Result {
	return traceSTDPLevel.Check(func(in trainsCase) float64 { return traceSTDP(in.P, clone(in.Pres[0]), clone(in.Post)) })
}

var synapseChangesLevel = check.Register(&check.Level[trainsCase, []float64]{
	Project: Project, Number: 17, Title: "Traces equal the pair sum", Func: "SynapseChanges",
	Fixed: []trainsCase{
		{P: DefaultSTDP(), NPre: 20, RatePre: 10, RatePost: 20, Duration: 5000, Seed: 3},
	},
	Random:  func(r *rand.Rand) trainsCase { return randomTrains(r, 5+r.IntN(20)) },
	Randoms: 2,
	Prepare: drawTrains,
	Judge: func(c trainsCase, got []float64) error {
		want := make([]float64, c.NPre)
		for k, pre := range c.Pres {
			want[k] = ref.PairSum(ref.STDP(c.P), pre, c.Post) // the pair sum, not the traces
		}
		return check.CompareSlice(got, want, check.Tol{Rel: 1e-9, Abs: 1e-10})
	},
	Show: func(c trainsCase) string { return "the trains of " + c.String() },
	Hint: "One TraceSTDP per presynaptic train, each with the same postsynaptic train. The check compares " +
		"your numbers with the all-to-all pair sum of Level 15.",
})

// CheckSynapseChanges checks Level 17: synapseChanges(p, pres, post)
// returns the total weight change of each synapse, whose presynaptic spike
// times (ms) are pres[k], onto the neuron whose spike times are post, by
// traces. The check compares them with the all-to-all pair sums, within
// rounding.
func CheckSynapseChanges(synapseChanges func(p STDP, pres [][]float64, post []float64) []float64) check.Result {
	return synapseChangesLevel.Check(func(in trainsCase) []float64 { return synapseChanges(in.P, clone2(in.Pres), clone(in.Post)) })
}

type driftCase struct {
	P                 STDP
	RatePre, RatePost float64
}

var driftLevel = check.Register(&check.Level[driftCase, float64]{
	Project: Project, Number: 18, Title: "STDP drift under uncorrelated Poisson input", Func: "Drift",
	Fixed: []driftCase{{DefaultSTDP(), 10, 10}, {DefaultSTDP(), 20, 5}, {STDP{0.01, 0.008, 20, 20}, 10, 30}},
	Random: func(r *rand.Rand) driftCase {
		return driftCase{randomSTDP(r), check.Uniform(r, 1, 50), check.Uniform(r, 1, 50)}
	},
	Randoms: 8,
	Judge: check.Near(func(c driftCase) float64 {
		return ref.Drift(ref.STDP(c.P), c.RatePre, c.RatePost)
	}, check.Exact),
	Show: func(c driftCase) string {
		return fmt.Sprintf("%v, r_pre = %.4g Hz, r_post = %.4g Hz", c.P, c.RatePre, c.RatePost)
	},
	Hint: "r_pre·r_post·(A₊τ₊ − A₋τ₋) with the rates in Hz and the τ in s: divide the τ in ms by 1000.",
})

// CheckDrift checks Level 18: drift(p, ratePre, ratePost) returns the mean
// rate of change of the weight (per second) of a synapse between
// independent Poisson trains firing at ratePre and ratePost (Hz):
// r_pre·r_post·(A₊τ₊ − A₋τ₋), the τ in seconds.
func CheckDrift(drift func(p STDP, ratePre, ratePost float64) float64) check.Result {
	return driftLevel.Check(func(in driftCase) float64 { return drift(in.P, in.RatePre, in.RatePost) })
}

// A competeCase is a threshold neuron with N inputs, the first NCorr
// correlated, drawn by GroupInputs(N, NCorr, Steps, Rate, C, Dt, Seed),
// learning by STDP from the weights W0 with threshold Theta and maximum
// weight WMax.
type competeCase struct {
	P           STDP
	N, NCorr    int
	Steps       int
	Rate, C, Dt float64
	Seed        uint64
	W0          []float64
	Theta, WMax float64
	Pre         [][]bool `check:"derived"`
}

func (c competeCase) String() string {
	return fmt.Sprintf("%v, inputs GroupInputs(%d, %d, %d, %.4g, %.4g, %g, %d), w0 = %s, θ = %.4g, w_max = %.4g",
		c.P, c.N, c.NCorr, c.Steps, c.Rate, c.C, c.Dt, c.Seed, vec(c.W0), c.Theta, c.WMax)
}

func drawInputs(c competeCase) competeCase {
	c.Pre = GroupInputs(c.N, c.NCorr, c.Steps, c.Rate, c.C, c.Dt, c.Seed)
	return c
}

// uniform returns n copies of w.
func uniform(n int, w float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = w
	}
	return x
}

// competeFixed are runs of 5 s, in which the neuron fires about 20 times
// at the first weights: every rule of a step acts many times over.
var competeFixed = []competeCase{
	{P: DefaultSTDP(), N: 20, NCorr: 10, Steps: 5000, Rate: 10, C: 0.5, Dt: 1, Seed: 1, W0: uniform(20, 0.5), Theta: 2, WMax: 1},
	{P: DefaultSTDP(), N: 30, NCorr: 0, Steps: 5000, Rate: 10, C: 0, Dt: 1, Seed: 2, W0: uniform(30, 0.5), Theta: 1.5, WMax: 1},
}

func randomCompete(r *rand.Rand) competeCase {
	n := 10 + r.IntN(20)
	wMax := check.Uniform(r, 0.5, 2)
	return competeCase{P: randomSTDP(r), N: n, NCorr: r.IntN(n), Steps: 2000 + r.IntN(4000), Rate: check.Uniform(r, 5, 20),
		C: check.Uniform(r, 0.2, 0.8), Dt: 1, Seed: r.Uint64(), W0: randomVector(r, n, 0, wMax),
		Theta: wMax * check.Uniform(r, 1, 3), WMax: wMax}
}

var competeLevel = check.Register(&check.Level[competeCase, []float64]{
	Project: Project, Number: 19, Title: "Correlated inputs win: competition between two input groups", Func: "Compete",
	Fixed:   competeFixed,
	Random:  randomCompete,
	Randoms: 2,
	Prepare: drawInputs,
	Judge: check.NearSlice(func(c competeCase) []float64 {
		return ref.Compete(ref.STDP(c.P), c.Pre, c.W0, c.Theta, c.WMax, c.Dt, false)
	}, check.Tol{Rel: 1e-8, Abs: 1e-8}),
	Show: func(c competeCase) string { return "the inputs of " + c.String() },
	Hint: "Follow the five steps in order, every step: fire from the previous step's input and the current " +
		"weights; decay the traces; potentiate if fired; depress each input that fires; clip, then add the new " +
		"spikes to the traces.",
})

// CheckCompete checks Level 19: compete(p, pre, w0, theta, wMax, dt) runs a
// threshold neuron with additive STDP on its inputs, pre[i][k] telling
// whether input i fires in step k of dt (ms), from the weights w0, and
// returns the final weights. In step k: the neuron fires if k > 0 and the
// weights of the inputs that fired in step k − 1 sum to at least theta; the
// traces decay; if it fires, every w_i grows by A₊·x_pre,i; every input
// that fires loses A₋·x_post; the weights are clipped to [0, wMax]; then the
// traces of the inputs that fired grow by 1, and x_post by 1 if the neuron
// fired.
func CheckCompete(compete func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64) check.Result {
	return competeLevel.Check(func(in competeCase) []float64 {
		return compete(in.P, cloneBools(in.Pre), clone(in.W0), in.Theta, in.WMax, in.Dt)
	})
}

var softCompeteLevel = check.Register(&check.Level[competeCase, []float64]{
	Project: Project, Number: 20, Title: "Soft-bounded (multiplicative) STDP", Func: "SoftCompete",
	Fixed:   competeFixed,
	Random:  randomCompete,
	Randoms: 2,
	Prepare: drawInputs,
	Judge: check.NearSlice(func(c competeCase) []float64 {
		return ref.Compete(ref.STDP(c.P), c.Pre, c.W0, c.Theta, c.WMax, c.Dt, true)
	}, check.Tol{Rel: 1e-8, Abs: 1e-8}),
	Show: func(c competeCase) string { return "the inputs of " + c.String() },
	Hint: "As Compete, but potentiation is A₊·(w_max − w_i)·x_pre,i and depression A₋·w_i·x_post, " +
		"both with the weight before the change.",
})

// CheckSoftCompete checks Level 20: softCompete(p, pre, w0, theta, wMax,
// dt) is Compete with soft bounds: a post spike adds A₊·(wMax − w_i)·x_pre,i
// and a pre spike subtracts A₋·w_i·x_post.
func CheckSoftCompete(softCompete func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64) check.Result {
	return softCompeteLevel.Check(func(in competeCase) []float64 {
		return softCompete(in.P, cloneBools(in.Pre), clone(in.W0), in.Theta, in.WMax, in.Dt)
	})
}

// cloneBools returns a copy of the rows of x.
func cloneBools(x [][]bool) [][]bool {
	c := make([][]bool, len(x))
	for i := range x {
		c[i] = append([]bool(nil), x[i]...)
	}
	return c
}
