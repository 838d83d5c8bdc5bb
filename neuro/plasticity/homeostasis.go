package plasticity

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/plasticity"
)

// This file holds levels 21–25: synaptic scaling and threshold adaptation
// toward a target rate, associative memory in outer products, structural
// plasticity, and Sanger's rule for several principal components.

type scalingCase struct {
	W0, Inputs        []float64
	Gain, Target, Eta float64
	Steps             int
}

var scalingRunLevel = check.Register(&check.Level[scalingCase, []float64]{
	Project: Project, Number: 21, Title: "Homeostatic synaptic scaling to a target rate", Func: "ScalingRun",
	Fixed: []scalingCase{
		{W0: []float64{0.5, 1, 0.2}, Inputs: []float64{10, 20, 5}, Gain: 1, Target: 5, Eta: 0.1, Steps: 50},
		{W0: []float64{0.1, 0.1}, Inputs: []float64{30, 10}, Gain: 2, Target: 20, Eta: 0.2, Steps: 40},
	},
	// The target is within a factor 2 of the first rate, so that every step's
	// factor stays above 1 − η: a run that starts far above its target steps
	// through 0 and blows up to 1e100, where the last bits of two right
	// answers part by 2e-9 (1 seed in 30 failed simTol).
	Random: func(r *rand.Rand) scalingCase {
		d := 2 + r.IntN(8)
		c := scalingCase{W0: randomVector(r, d, 0, 1), Inputs: randomVector(r, d, 1, 40), Gain: check.Uniform(r, 0.2, 2),
			Eta: check.Uniform(r, 0.01, 0.3), Steps: 10 + r.IntN(100)}
		var r0 float64
		for i := range c.W0 {
			r0 += c.Gain * c.W0[i] * c.Inputs[i]
		}
		c.Target = r0 * check.Uniform(r, 0.5, 2)
		return c
	},
	Judge: check.NearSlice(func(c scalingCase) []float64 {
		return ref.ScalingRun(c.W0, c.Inputs, c.Gain, c.Target, c.Eta, c.Steps)
	}, simTol),
	Show: func(c scalingCase) string {
		return fmt.Sprintf("w0 = %s, input rates %s Hz, gain = %.4g, target = %.4g Hz, η = %.4g, %d steps",
			vec(c.W0), vec(c.Inputs), c.Gain, c.Target, c.Eta, c.Steps)
	},
	Hint: "The rate is gain·Σ w[i]·r[i]. Each step multiplies every weight by the same factor " +
		"1 + η·(target − rate)/target. Return the rate before the first step and after each: steps + 1 values.",
})

// CheckScalingRun checks Level 21: scalingRun(w0, inputs, gain, target,
// eta, steps) returns the rate (Hz) gain·Σ w_i·r_i of a linear neuron with
// input rates r (Hz) before each of steps steps of synaptic scaling and
// after the last; each step multiplies every weight by
// 1 + η·(target − rate)/target.
func CheckScalingRun(scalingRun func(w0, inputs []float64, gain, target, eta float64, steps int) []float64) check.Result {
	return scalingRunLevel.Check(func(in scalingCase) []float64 {
		return scalingRun(clone(in.W0), clone(in.Inputs), in.Gain, in.Target, in.Eta, in.Steps)
	})
}

// A thresholdCase feeds N inputs Mean + SD·z with z from
// Samples([[1]], N, Seed) to a threshold-linear neuron.
type thresholdCase struct {
	Theta0, Gain, Target, Eta float64
	N                         int
	Mean, SD                  float64
	Seed                      uint64
	Inputs                    []float64 `check:"derived"`
}

var adaptThresholdLevel = check.Register(&check.Level[thresholdCase, []float64]{
	Project: Project, Number: 22, Title: "Threshold adaptation (intrinsic plasticity)", Func: "AdaptThreshold",
	Fixed: []thresholdCase{
		{Theta0: 0, Gain: 10, Target: 5, Eta: 0.01, N: 1000, Mean: 2, SD: 1, Seed: 1},
		{Theta0: 3, Gain: 20, Target: 10, Eta: 0.005, N: 1000, Mean: 1, SD: 0.5, Seed: 2},
	},
	Random: func(r *rand.Rand) thresholdCase {
		return thresholdCase{Theta0: check.Uniform(r, -1, 3), Gain: check.Uniform(r, 5, 30), Target: check.Uniform(r, 2, 20),
			Eta: check.Uniform(r, 0.001, 0.02), N: 200 + r.IntN(800), Mean: check.Uniform(r, 0, 3), SD: check.Uniform(r, 0.1, 1.5),
			Seed: r.Uint64()}
	},
	Prepare: func(c thresholdCase) thresholdCase {
		c.Inputs = make([]float64, c.N)
		for k, z := range Samples([][]float64{{1}}, c.N, c.Seed) {
			c.Inputs[k] = c.Mean + c.SD*z[0]
		}
		return c
	},
	Judge: check.NearSlice(func(c thresholdCase) []float64 {
		return ref.AdaptThreshold(c.Inputs, c.Theta0, c.Gain, c.Target, c.Eta)
	}, simTol),
	Show: func(c thresholdCase) string {
		return fmt.Sprintf("θ0 = %.4g, gain = %.4g Hz, target = %.4g Hz, η = %.4g, %d inputs of mean %.4g and SD %.4g, seed %d",
			c.Theta0, c.Gain, c.Target, c.Eta, c.N, c.Mean, c.SD, c.Seed)
	},
	Hint: "For each input I: rate = gain·max(0, I − θ); then θ += η·(rate − target). A rate above target " +
		"raises θ. Return θ0 and θ after each input: len(inputs) + 1 values.",
})

// CheckAdaptThreshold checks Level 22: adaptThreshold(inputs, theta0, gain,
// target, eta) returns the threshold θ before the first input and after
// each, for a neuron of rate gain·max(0, I − θ) (Hz) fed the inputs I in
// turn: after each, θ grows by η·(rate − target).
func CheckAdaptThreshold(adaptThreshold func(inputs []float64, theta0, gain, target, eta float64) []float64) check.Result {
	return adaptThresholdLevel.Check(func(in thresholdCase) []float64 {
		return adaptThreshold(clone(in.Inputs), in.Theta0, in.Gain, in.Target, in.Eta)
	})
}

type memoryCase struct {
	Patterns [][]float64
	Cue      []float64
}

// randomPatterns draws p patterns of n units of ±1.
func randomPatterns(r *rand.Rand, p, n int) [][]float64 {
	xs := make([][]float64, p)
	for k := range xs {
		xs[k] = make([]float64, n)
		for i := range xs[k] {
			xs[k][i] = float64(2*r.IntN(2) - 1)
		}
	}
	return xs
}

// corrupt returns x with each unit flipped with probability f.
func corrupt(r *rand.Rand, x []float64, f float64) []float64 {
	c := clone(x)
	for i := range c {
		if r.Float64() < f {
			c[i] = -c[i]
		}
	}
	return c
}

var memoryFixed = func() []memoryCase {
	r := rand.New(rand.NewPCG(6, 23))
	a := randomPatterns(r, 3, 64)
	b := randomPatterns(r, 5, 100)
	return []memoryCase{
		{[][]float64{{1, 1, -1, -1}, {1, -1, 1, -1}}, []float64{1, 1, -1, 1}},
		{a, corrupt(r, a[0], 0.2)},
		{b, corrupt(r, b[2], 0.3)},
	}
}()

var recallLevel = check.Register(&check.Level[memoryCase, []float64]{
	Project: Project, Number: 23, Title: "Associative memory by outer products", Func: "Recall",
	Fixed: memoryFixed,
	// A field Σ_j W_ij·s_j of exactly 0 is a sum of multiples of 1/N that
	// rounds to ±1e-17 in another order of summation, flipping the unit: the
	// random cases have an even N and an odd number of patterns, so that
	// N·W_ij·s_j sums (N − 1)·P terms ±1, an odd number, and is never 0
	// (the first fixed case, N = 4, has ties, summed exactly in any order).
	Random: func(r *rand.Rand) memoryCase {
		xs := randomPatterns(r, 3+2*r.IntN(2), 40+2*r.IntN(40))
		return memoryCase{xs, corrupt(r, xs[r.IntN(len(xs))], check.Uniform(r, 0.1, 0.35))}
	},
	Judge: func(c memoryCase, got []float64) error {
		want := ref.Recall(c.Patterns, c.Cue)
		if !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	},
	Show: func(c memoryCase) string { return fmt.Sprintf("patterns %v, cue %v", c.Patterns, c.Cue) },
	Hint: fmt.Sprintf("W[i][j] = Σ_p ξ_i·ξ_j/N, with W[i][i] = 0. Update all units at once, s_i = +1 if Σ_j W[i][j]·s_j ≥ 0 "+
		"and −1 otherwise, and repeat until nothing changes (at most %d updates).", MaxRecall),
})

// MaxRecall is the most updates Recall makes.
const MaxRecall = 20

// CheckRecall checks Level 23: recall(patterns, cue) stores the ±1 patterns
// in the weights W_ij = Σ_p ξ_i·ξ_j/N (W_ii = 0) and, from the cue, updates
// every unit at once to +1 if Σ_j W_ij·s_j ≥ 0 and −1 otherwise, until the
// state stops changing or after MaxRecall updates; it returns the state.
func CheckRecall(recall func(patterns [][]float64, cue []float64) []float64) check.Result {
	return recallLevel.Check(func(in memoryCase) []float64 { return recall(clone2(in.Patterns), clone(in.Cue)) })
}

// A growthCase runs structural plasticity on Sites sites for Steps steps,
// its randomness from GrowthNoise(Steps, Sites, Seed).
type growthCase struct {
	G            Growth
	Steps, Sites int
	Seed         uint64
	Noise, U     [][]float64 `check:"derived"`
}

// growthOut is what Structural returns.
type growthOut struct {
	Rates  []float64
	Counts []int
}

// DefaultGrowth returns the parameters of Level 24's example: 1 Hz per unit
// of weight, a target of 20 Hz, new synapses of weight 1 removed below 0.5,
// random steps of 0.1 with a pull of 2 % back to 1, and a growth
// probability of 0.05 per step at rate 0.
func DefaultGrowth() Growth {
	return Growth{Gain: 1, Target: 20, WInit: 1, WFloor: 0.5, Sigma: 0.1, Relax: 0.02, Rate: 0.05}
}

var structuralLevel = check.Register(&check.Level[growthCase, growthOut]{
	Project: Project, Number: 24, Title: "Structural plasticity: prune weak synapses and grow new ones", Func: "Structural",
	Fixed: []growthCase{{G: DefaultGrowth(), Steps: 500, Sites: 100, Seed: 1}},
	Random: func(r *rand.Rand) growthCase {
		g := Growth{Gain: check.Uniform(r, 0.5, 2), Target: check.Uniform(r, 5, 40), WInit: 1, WFloor: check.Uniform(r, 0.3, 0.7),
			Sigma: check.Uniform(r, 0.05, 0.2), Relax: check.Uniform(r, 0.01, 0.05), Rate: check.Uniform(r, 0.01, 0.1)}
		return growthCase{G: g, Steps: 200 + r.IntN(300), Sites: 20 + r.IntN(100), Seed: r.Uint64()}
	},
	Randoms: 2,
	Prepare: func(c growthCase) growthCase {
		c.Noise, c.U = GrowthNoise(c.Steps, c.Sites, c.Seed)
		return c
	},
	Judge: func(c growthCase, got growthOut) error {
		rates, counts := ref.Structural(ref.Growth(c.G), c.Noise, c.U)
		if !slices.Equal(got.Counts, counts) {
			if len(got.Counts) != len(counts) {
				return fmt.Errorf("got %d counts, want one per step, %d", len(got.Counts), len(counts))
			}
			for t := range counts {
				if got.Counts[t] != counts[t] {
					return fmt.Errorf("the synapse count after step %d: got %d, want %d", t, got.Counts[t], counts[t])
				}
			}
		}
		if err := check.CompareSlice(got.Rates, rates, simTol); err != nil {
			return fmt.Errorf("the rates: %v", err)
		}
		return nil
	},
	Show: func(c growthCase) string {
		return fmt.Sprintf("%v, %d sites, %d steps, noise and u from GrowthNoise(%d, %d, %d)", c.G, c.Sites, c.Steps, c.Steps, c.Sites, c.Seed)
	},
	Hint: "All sites start empty. In step t: move each synapse's weight, remove those below the floor, compute " +
		"the rate gain·Σw, grow at each empty site i with u[t][i] < growth·max(0, target − rate)/target, then " +
		"append the rate (computed again) and the count.",
})

// CheckStructural checks Level 24: structural(g, noise, u) runs
// structural plasticity on len(noise[0]) sites, all empty at first, for
// len(noise) steps, and returns the rate (Hz) and the number of synapses
// after each step. In step t: every synapse's weight moves by
// Relax·(WInit − w) + Sigma·noise[t][i]; synapses below WFloor are removed;
// the rate is Gain·Σw; every empty site i grows a synapse of weight WInit if
// u[t][i] < Rate·max(0, Target − rate)/Target.
func CheckStructural(structural func(g Growth, noise, u [][]float64) (rates []float64, counts []int)) check.Result {
	return structuralLevel.Check(func(in growthCase) growthOut {
		rates, counts := structural(in.G, clone2(in.Noise), clone2(in.U))
		return growthOut{rates, counts}
	})
}

// A sangerCase is a run of Sanger's rule over N samples of
// Samples(Cov, N, Seed) from the weights W0 (one row per output).
type sangerCase struct {
	Cov  [][]float64
	N    int
	Seed uint64
	W0   [][]float64
	Eta  float64
	Xs   [][]float64 `check:"derived"`
}

// cov3 is the 3-D covariance of the notebook's example.
var cov3 = [][]float64{{3, 1, 0.5}, {1, 2, 0.3}, {0.5, 0.3, 1}}

var sangerLevel = check.Register(&check.Level[sangerCase, [][]float64]{
	Project: Project, Number: 25, Title: "Several outputs: Sanger's generalized Hebbian rule", Func: "Sanger",
	Fixed: []sangerCase{
		{Cov: cov3, N: 3000, Seed: 1, W0: [][]float64{{0.1, 0.2, -0.1}, {-0.2, 0.1, 0.1}}, Eta: 0.005},
		{Cov: corr08, N: 1000, Seed: 2, W0: [][]float64{{0.3, 0.1}, {0.1, -0.2}}, Eta: 0.01},
	},
	Random: func(r *rand.Rand) sangerCase {
		d := 2 + r.IntN(3)
		w0 := make([][]float64, 2)
		for j := range w0 {
			w0[j] = randomVector(r, d, -0.3, 0.3)
		}
		return sangerCase{Cov: randomCov(r, d), N: 500 + r.IntN(1500), Seed: r.Uint64(), W0: w0, Eta: check.Uniform(r, 0.002, 0.01)}
	},
	Randoms: 2,
	Prepare: func(c sangerCase) sangerCase {
		c.Xs = Samples(c.Cov, c.N, c.Seed)
		return c
	},
	Judge: func(c sangerCase, got [][]float64) error {
		return compareRows(got, ref.Sanger(c.W0, c.Xs, c.Eta), check.Tol{Rel: 1e-8, Abs: 1e-8})
	},
	Show: func(c sangerCase) string {
		return fmt.Sprintf("%d samples of Samples(%.4g, %d, %d), w0 = %.4g, η = %.4g", c.N, c.Cov, c.N, c.Seed, c.W0, c.Eta)
	},
	Hint: "For each sample: y_j = w_j·x for every output with the weights before the sample; then row j changes by " +
		"η·y_j·(x − Σ_{k≤j} y_k·w_k). Compute all the new rows from the old ones.",
})

// CheckSanger checks Level 25: sanger(w0, xs, eta) runs Sanger's rule from
// the weights w0 (one row per output) over the samples xs and returns the
// final weights: for each sample, with y_j = w_j·x, row j changes by
// η·y_j·(x − Σ_{k≤j} y_k·w_k), all from the weights before the sample.
func CheckSanger(sanger func(w0 [][]float64, xs [][]float64, eta float64) [][]float64) check.Result {
	return sangerLevel.Check(func(in sangerCase) [][]float64 { return sanger(clone2(in.W0), clone2(in.Xs), in.Eta) })
}
