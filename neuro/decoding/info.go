package decoding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/decoding"
)

// This file holds levels 13–19: entropy, joint and conditional entropy,
// mutual information, its bounds and its sampling bias. All in bits.

type distributionCase struct{ P []float64 }

// randomDistribution returns n probabilities summing to 1, some of them 0.
func randomDistribution(r *rand.Rand, n int) []float64 {
	p := make([]float64, n)
	sum := 0.0
	for k := range p {
		if r.Float64() < 0.8 {
			p[k] = r.ExpFloat64()
		}
		sum += p[k]
	}
	if sum == 0 {
		p[0], sum = 1, 1
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

var entropyLevel = check.Register(&check.Level[distributionCase, float64]{
	Project: Project, Number: 13, Title: "Entropy in bits", Func: "Entropy",
	Fixed: []distributionCase{
		{[]float64{0.5, 0.5}}, {[]float64{0.25, 0.25, 0.25, 0.25}}, {[]float64{1}},
		{[]float64{0.5, 0, 0.25, 0.25}}, {[]float64{0.9, 0.1}},
	},
	Random: func(r *rand.Rand) distributionCase { return distributionCase{randomDistribution(r, 2+r.IntN(30))} },
	Judge:  check.Near(func(c distributionCase) float64 { return ref.Entropy(c.P) }, tol),
	Show:   func(c distributionCase) string { return fmt.Sprintf("p = %.4g", c.P) },
	Hint:   "−Σ p·log₂ p with math.Log2 (bits, not math.Log, nats), skipping p = 0: 0·log 0 counts as 0, not NaN.",
})

// CheckEntropy checks Level 13: entropy(p) returns −Σ p_k·log₂ p_k (bits)
// of the probabilities p, with 0·log 0 = 0.
func CheckEntropy(entropy func(p []float64) float64) check.Result {
	return entropyLevel.Check(func(in distributionCase) float64 { return entropy(slices.Clone(in.P)) })
}

type meanCase struct{ Mean float64 }

var poissonEntropyLevel = check.Register(&check.Level[meanCase, float64]{
	Project: Project, Number: 14, Title: "Entropy of a spike count", Func: "PoissonEntropy",
	Fixed:   []meanCase{{1}, {0.1}, {4}, {10}, {50}},
	Random:  func(r *rand.Rand) meanCase { return meanCase{check.LogUniform(r, 0.05, 100)} },
	Randoms: 6,
	Judge:   check.Near(func(c meanCase) float64 { return ref.PoissonEntropy(c.Mean) }, tol),
	Show:    func(c meanCase) string { return fmt.Sprintf("a Poisson count of mean %.6g spikes", c.Mean) },
	Hint: "p(0) = e^−μ and p(n) = p(n−1)·μ/n; sum −p(n)·log₂ p(n) for n from 0 up to μ + 20√μ + 30, far enough " +
		"that the rest is negligible. The Gaussian ½·log₂(2πeμ) is only an approximation for large μ.",
})

// CheckPoissonEntropy checks Level 14: poissonEntropy(mean) returns the
// entropy (bits) of a Poisson spike count of the mean (spikes),
// −Σ_n p(n)·log₂ p(n).
func CheckPoissonEntropy(poissonEntropy func(mean float64) float64) check.Result {
	return poissonEntropyLevel.Check(func(in meanCase) float64 { return poissonEntropy(in.Mean) })
}

// samplesCase is N trials of NS stimuli, each drawn uniformly, and a spike
// count response, Poisson of mean Base + Gain·s capped at NR − 1, drawn
// from Seed; or the fixed samples when UseFixed is set.
type samplesCase struct {
	N, NS, NR      int
	Base, Gain     float64
	Seed           uint64
	FixedStimuli   []int
	FixedResponses []int
	UseFixed       bool
	Shuffles       int
	Stimuli        []int `check:"derived"`
	Responses      []int `check:"derived"`
}

func (c samplesCase) String() string {
	if c.UseFixed {
		return fmt.Sprintf("stimuli %v, responses %v, ns = %d, nr = %d", c.FixedStimuli, c.FixedResponses, c.NS, c.NR)
	}
	return fmt.Sprintf("%d trials of %d stimuli s, each with a response count r < %d of mean %.3g + %.3g·s spikes, seed %d",
		c.N, c.NS, c.NR, c.Base, c.Gain, c.Seed)
}

// samplesStream is the PCG stream the samples of a case are drawn from; the
// learner's generator is check.NewRand of the case's seed.
const samplesStream = 80

func prepareSamples(c samplesCase) samplesCase {
	if c.UseFixed {
		c.Stimuli, c.Responses = c.FixedStimuli, c.FixedResponses
		return c
	}
	rng := rand.New(rand.NewPCG(c.Seed, samplesStream))
	c.Stimuli, c.Responses = make([]int, c.N), make([]int, c.N)
	for k := range c.N {
		s := rng.IntN(c.NS)
		c.Stimuli[k] = s
		c.Responses[k] = min(c.NR-1, poissonCount(c.Base+c.Gain*float64(s), rng))
	}
	return c
}

func randomSamples(r *rand.Rand) samplesCase {
	ns := 2 + r.IntN(5)
	return samplesCase{N: 50 + r.IntN(400), NS: ns, NR: 6 + r.IntN(10), Base: check.Uniform(r, 0.5, 3),
		Gain: check.Uniform(r, 0, 2), Seed: r.Uint64()}
}

var jointDistributionLevel = check.Register(&check.Level[samplesCase, [][]float64]{
	Project: Project, Number: 15, Title: "Joint distribution from samples", Func: "JointDistribution",
	Fixed: []samplesCase{
		{FixedStimuli: []int{0, 0, 1, 1}, FixedResponses: []int{0, 1, 1, 1}, NS: 2, NR: 2, UseFixed: true},
		{FixedStimuli: []int{0, 1, 2, 2, 1}, FixedResponses: []int{3, 0, 2, 2, 0}, NS: 3, NR: 4, UseFixed: true},
		{N: 200, NS: 4, NR: 8, Base: 1, Gain: 1, Seed: 1},
	},
	Random:  randomSamples,
	Prepare: prepareSamples,
	Judge: func(c samplesCase, got [][]float64) error {
		want := ref.JointDistribution(c.Stimuli, c.Responses, c.NS, c.NR)
		if len(got) != len(want) {
			return fmt.Errorf("got %d rows, want one per stimulus, %d", len(got), len(want))
		}
		for s := range want {
			if err := check.CompareSlice(got[s], want[s], tol); err != nil {
				return fmt.Errorf("row s = %d: %v", s, err)
			}
		}
		return nil
	},
	Show: samplesCase.String,
	Hint: "Make ns rows of nr zeros, add 1 at [stimuli[k]][responses[k]] for each trial, then divide every entry by the " +
		"number of trials: p(s, r) sums to 1 over the whole table, not per row.",
})

// CheckJointDistribution checks Level 15: jointDistribution(stimuli,
// responses, ns, nr) returns the table joint[s][r] of the fraction of
// trials k with stimuli[k] = s and responses[k] = r, for s < ns and r < nr.
func CheckJointDistribution(jointDistribution func(stimuli, responses []int, ns, nr int) [][]float64) check.Result {
	return jointDistributionLevel.Check(func(in samplesCase) [][]float64 {
		return jointDistribution(slices.Clone(in.Stimuli), slices.Clone(in.Responses), in.NS, in.NR)
	})
}

type jointCase struct{ Joint [][]float64 }

// randomJoint returns an ns × nr table of probabilities, dependent or not.
func randomJoint(r *rand.Rand) jointCase {
	ns, nr := 2+r.IntN(5), 2+r.IntN(8)
	if r.IntN(4) == 0 { // independent: the product of two marginals
		ps, pr := randomDistribution(r, ns), randomDistribution(r, nr)
		joint := make([][]float64, ns)
		for s := range joint {
			joint[s] = make([]float64, nr)
			for k := range joint[s] {
				joint[s][k] = ps[s] * pr[k]
			}
		}
		return jointCase{joint}
	}
	flat := randomDistribution(r, ns*nr)
	joint := make([][]float64, ns)
	for s := range joint {
		joint[s] = flat[s*nr : (s+1)*nr]
	}
	return jointCase{joint}
}

var fixedJoints = []jointCase{
	{[][]float64{{0.45, 0.05}, {0.05, 0.45}}},
	{[][]float64{{0.1, 0.4}, {0.1, 0.4}}},
	{[][]float64{{0.3, 0, 0}, {0, 0.2, 0.1}, {0, 0, 0.4}}},
}

func showJoint(c jointCase) string { return fmt.Sprintf("joint[s][r] = %.4g", c.Joint) }

var conditionalEntropyLevel = check.Register(&check.Level[jointCase, float64]{
	Project: Project, Number: 16, Title: "Conditional entropy", Func: "ConditionalEntropy",
	Fixed:  fixedJoints,
	Random: randomJoint,
	Judge:  check.Near(func(c jointCase) float64 { return ref.ConditionalEntropy(c.Joint) }, tol),
	Show:   showJoint,
	Hint: "H(R|S) = Σ_s p(s)·H(R | S = s), with p(s) the row sums and p(r|s) = p(s, r)/p(s); or −Σ p(s, r)·log₂(p(s, r)/p(s)). " +
		"Skip the zero entries. Not the joint entropy H(S, R) = −Σ p(s, r)·log₂ p(s, r).",
})

// CheckConditionalEntropy checks Level 16: conditionalEntropy(joint)
// returns H(R|S) = −Σ p(s, r)·log₂ p(r|s) (bits) of the joint distribution
// joint[s][r].
func CheckConditionalEntropy(conditionalEntropy func(joint [][]float64) float64) check.Result {
	return conditionalEntropyLevel.Check(func(in jointCase) float64 { return conditionalEntropy(clone2(in.Joint)) })
}

var mutualInfoLevel = check.Register(&check.Level[jointCase, float64]{
	Project: Project, Number: 17, Title: "Mutual information", Func: "MutualInfo",
	Fixed:  fixedJoints,
	Random: randomJoint,
	Judge:  check.Near(func(c jointCase) float64 { return ref.MutualInfo(c.Joint) }, tol),
	Show:   showJoint,
	Hint:   "I = H(R) − H(R|S), with H(R) the Entropy of the column sums p(r) and H(R|S) your ConditionalEntropy; in bits (log₂).",
})

// CheckMutualInfo checks Level 17: mutualInfo(joint) returns the mutual
// information I(S; R) = H(R) − H(R|S) (bits) of the joint distribution
// joint[s][r].
func CheckMutualInfo(mutualInfo func(joint [][]float64) float64) check.Result {
	return mutualInfoLevel.Check(func(in jointCase) float64 { return mutualInfo(clone2(in.Joint)) })
}

var infoFractionLevel = check.Register(&check.Level[jointCase, float64]{
	Project: Project, Number: 18, Title: "Bounds: 0 when independent, at most H(S)", Func: "InfoFraction",
	Fixed: []jointCase{
		{[][]float64{{0.1, 0.4}, {0.1, 0.4}}},
		{[][]float64{{0.3, 0, 0}, {0, 0.2, 0.1}, {0, 0, 0.4}}},
		{[][]float64{{0.2, 0.2, 0, 0}, {0, 0, 0.3, 0.3}}},
		{[][]float64{{0.45, 0.05}, {0.05, 0.45}}},
	},
	Random: func(r *rand.Rand) jointCase {
		for {
			c := randomJoint(r)
			if ps, _ := ref.Marginals(c.Joint); ref.Entropy(ps) > 0.05 {
				return c
			}
		}
	},
	Judge: check.Near(func(c jointCase) float64 { return ref.InfoFraction(c.Joint) }, tol),
	Show:  showJoint,
	Hint:  "I(S; R)/H(S): divide by the entropy of the stimulus, the row sums p(s), not of the response.",
})

// CheckInfoFraction checks Level 18: infoFraction(joint) returns
// I(S; R)/H(S) (no unit, between 0 and 1) of the joint distribution
// joint[s][r]: the fraction of the stimulus entropy the response carries.
func CheckInfoFraction(infoFraction func(joint [][]float64) float64) check.Result {
	return infoFractionLevel.Check(func(in jointCase) float64 { return infoFraction(clone2(in.Joint)) })
}

// shuffleOut is what ShuffleCorrected returns.
type shuffleOut struct{ Plugin, Corrected float64 }

// refShuffles is how many shuffles the judge draws for the reference mean.
const refShuffles = 400

// shuffleStream is the PCG stream of the judge's own shuffles.
const shuffleStream = 81

var shuffleCorrectedLevel = check.Register(&check.Level[samplesCase, shuffleOut]{
	Project: Project, Number: 19, Title: "Sampling bias of plug-in information and a shuffle correction",
	Func: "ShuffleCorrected",
	Fixed: []samplesCase{
		{N: 100, NS: 4, NR: 8, Base: 2, Gain: 0, Seed: 1, Shuffles: 50},
		{N: 200, NS: 4, NR: 10, Base: 1, Gain: 1.5, Seed: 2, Shuffles: 50},
	},
	Random: func(r *rand.Rand) samplesCase {
		return samplesCase{N: 60 + r.IntN(200), NS: 3 + r.IntN(4), NR: 6 + r.IntN(8), Base: check.Uniform(r, 1, 3),
			Gain: check.Uniform(r, 0, 1), Seed: r.Uint64(), Shuffles: 30 + r.IntN(40)}
	},
	Randoms: 2,
	Prepare: prepareSamples,
	// The learner's shuffled mean, plugin − corrected, is the mean of
	// Shuffles plug-in informations of shuffled samples; the judge draws
	// refShuffles more with its own generator. Each shuffled information is
	// close to a scaled chi-square of (ns − 1)(nr − 1) ≥ 10 degrees of
	// freedom (skewness ≤ 0.9), so a mean of 30 or more has skewness below
	// 0.17 and is near normal: the difference of the two means, judged at
	// check.NoiseZ standard errors √(v/Shuffles + v/refShuffles), strays
	// that far with a probability below 1e-8. Five cases: a right answer
	// fails below 1e-7.
	Judge: func(c samplesCase, got shuffleOut) error {
		plugin := ref.MutualInfo(ref.JointDistribution(c.Stimuli, c.Responses, c.NS, c.NR))
		if err := check.Compare(got.Plugin, plugin, tol); err != nil {
			return fmt.Errorf("the plug-in information (bits): %v", err)
		}
		infos := ref.ShuffledInfos(c.Stimuli, c.Responses, c.NS, c.NR, refShuffles, rand.New(rand.NewPCG(c.Seed, shuffleStream)))
		mean, v := check.MeanVariance(infos)
		se := math.Sqrt(v/float64(c.Shuffles) + v/refShuffles)
		if err := check.WithinSE(got.Plugin-got.Corrected, mean, se, check.NoiseZ); err != nil {
			return fmt.Errorf("the mean information of the shuffled samples, plug-in − corrected (bits): %v", err)
		}
		return nil
	},
	Show: func(c samplesCase) string { return fmt.Sprintf("%v, %d shuffles", c, c.Shuffles) },
	Hint: "plugin = MutualInfo(JointDistribution(stimuli, responses, ns, nr)). Then, shuffles times, shuffle a copy of " +
		"the responses with rng.Shuffle (not the original, and not the stimuli together with them) and compute its plug-in " +
		"information; corrected = plugin − the mean of those.",
})

// CheckShuffleCorrected checks Level 19: shuffleCorrected(stimuli,
// responses, ns, nr, shuffles, rng) returns the plug-in mutual information
// (bits) of the samples' joint distribution, and that minus the mean
// plug-in information of shuffles copies whose responses are shuffled with
// rng. The check judges the shuffled mean in standard errors.
func CheckShuffleCorrected(shuffleCorrected func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (plugin, corrected float64)) check.Result {
	return shuffleCorrectedLevel.Check(func(in samplesCase) shuffleOut {
		p, c := shuffleCorrected(slices.Clone(in.Stimuli), slices.Clone(in.Responses), in.NS, in.NR, in.Shuffles, check.NewRand(in.Seed))
		return shuffleOut{p, c}
	})
}
