package decoding

import (
	"math"
	"math/rand/v2"
)

// This file holds information theory, levels 13–19. Entropies and
// informations are in bits.

// Entropy returns −Σ p log₂ p (bits) of a distribution p, with 0·log 0 = 0.
func Entropy(p []float64) float64 {
	h := 0.0
	for _, x := range p {
		if x > 0 {
			h -= x * math.Log2(x)
		}
	}
	return h
}

// PoissonEntropy returns the entropy (bits) of a Poisson count of the mean
// (spikes), summing −p(n) log₂ p(n) from n = 0 until p(n) past the mean
// falls below 1e-300 or n reaches mean + 40√mean + 100.
func PoissonEntropy(mean float64) float64 {
	if mean == 0 {
		return 0
	}
	h := 0.0
	limit := mean + 40*math.Sqrt(mean) + 100
	for n := 0.0; n <= limit; n++ {
		lg, _ := math.Lgamma(n + 1)
		lp := n*math.Log(mean) - mean - lg
		p := math.Exp(lp)
		h -= p * lp / math.Ln2
		if n > mean && p < 1e-300 {
			break
		}
	}
	return h
}

// JointDistribution returns the fraction of samples k with stimulus
// stimuli[k] = s and response responses[k] = r, as joint[s][r], for
// s < ns and r < nr.
func JointDistribution(stimuli, responses []int, ns, nr int) [][]float64 {
	joint := make([][]float64, ns)
	for s := range joint {
		joint[s] = make([]float64, nr)
	}
	for k, s := range stimuli {
		joint[s][responses[k]] += 1 / float64(len(stimuli))
	}
	return joint
}

// Marginals returns p(s) = Σ_r joint[s][r] and p(r) = Σ_s joint[s][r].
func Marginals(joint [][]float64) (ps, pr []float64) {
	ps = make([]float64, len(joint))
	pr = make([]float64, len(joint[0]))
	for s, row := range joint {
		for r, p := range row {
			ps[s] += p
			pr[r] += p
		}
	}
	return ps, pr
}

// ConditionalEntropy returns H(R|S) = −Σ p(s, r) log₂ p(r|s) (bits) of
// the joint distribution joint[s][r].
func ConditionalEntropy(joint [][]float64) float64 {
	ps, _ := Marginals(joint)
	h := 0.0
	for s, row := range joint {
		for _, p := range row {
			if p > 0 {
				h -= p * math.Log2(p/ps[s])
			}
		}
	}
	return h
}

// MutualInfo returns I(S; R) = Σ p(s, r) log₂ (p(s, r)/(p(s) p(r)))
// (bits) of the joint distribution joint[s][r].
func MutualInfo(joint [][]float64) float64 {
	ps, pr := Marginals(joint)
	i := 0.0
	for s, row := range joint {
		for r, p := range row {
			if p > 0 {
				i += p * math.Log2(p/(ps[s]*pr[r]))
			}
		}
	}
	return i
}

// InfoFraction returns I(S; R)/H(S): the fraction of the stimulus entropy
// the response carries, between 0 (independent) and 1 (the stimulus read
// off the response).
func InfoFraction(joint [][]float64) float64 {
	ps, _ := Marginals(joint)
	return MutualInfo(joint) / Entropy(ps)
}

// ShuffleCorrected returns the plug-in MutualInfo (bits) of the samples'
// JointDistribution, and that minus the mean plug-in information of
// shuffles copies whose responses are shuffled by rng.Shuffle, which breaks
// their link to the stimuli and leaves only the sampling bias.
func ShuffleCorrected(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (plugin, corrected float64) {
	plugin = MutualInfo(JointDistribution(stimuli, responses, ns, nr))
	return plugin, plugin - ShuffledMean(stimuli, responses, ns, nr, shuffles, rng)
}

// ShuffledInfos returns the plug-in information (bits) of shuffles copies of
// the samples with their responses shuffled by rng.
func ShuffledInfos(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) []float64 {
	r := append([]int(nil), responses...)
	out := make([]float64, shuffles)
	for k := range out {
		rng.Shuffle(len(r), func(i, j int) { r[i], r[j] = r[j], r[i] })
		out[k] = MutualInfo(JointDistribution(stimuli, r, ns, nr))
	}
	return out
}

// ShuffledMean returns the mean of ShuffledInfos.
func ShuffledMean(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) float64 {
	m := 0.0
	for _, x := range ShuffledInfos(stimuli, responses, ns, nr, shuffles, rng) {
		m += x / float64(shuffles)
	}
	return m
}
