package decoding

import (
	"math"
	"slices"

	"github.com/neurogo/course/neuro/internal/coding"
)

// This file holds signal detection, levels 9–12: d′, the ROC, its area and
// the two-alternative forced choice.

// DPrime returns the discriminability of the counts b from the counts a:
// (mean b − mean a)/√((var a + var b)/2), with sample variances dividing by
// n − 1.
func DPrime(a, b []float64) float64 {
	ma, va := coding.MeanVariance(a)
	mb, vb := coding.MeanVariance(b)
	return (mb - ma) / math.Sqrt((va+vb)/2)
}

// ROC returns the receiver operating characteristic of the rule "say b when
// the count is at least θ": for θ above every count and then at each
// distinct count of a and b in decreasing order, the fraction of a at or
// above θ (false alarms) and of b at or above θ (hits). It runs from (0, 0)
// to (1, 1).
func ROC(a, b []float64) (fpr, tpr []float64) {
	values := slices.Concat(a, b)
	slices.Sort(values)
	values = slices.Compact(values)
	fpr, tpr = []float64{0}, []float64{0}
	for k := len(values) - 1; k >= 0; k-- {
		fpr = append(fpr, atLeast(a, values[k]))
		tpr = append(tpr, atLeast(b, values[k]))
	}
	return fpr, tpr
}

func atLeast(x []float64, theta float64) float64 {
	n := 0
	for _, v := range x {
		if v >= theta {
			n++
		}
	}
	return float64(n) / float64(len(x))
}

// AUC returns the area under the curve through the points (fpr[k], tpr[k])
// by the trapezoid rule.
func AUC(fpr, tpr []float64) float64 {
	area := 0.0
	for k := 1; k < len(fpr); k++ {
		area += (fpr[k] - fpr[k-1]) * (tpr[k] + tpr[k-1]) / 2
	}
	return area
}

// AUCFromDPrime returns the area under the ROC of two equal-variance
// Gaussians d′ standard deviations apart: Φ(d′/√2) = erfc(−d′/2)/2.
func AUCFromDPrime(d float64) float64 { return math.Erfc(-d/2) / 2 }

// TwoAFC returns the accuracy of the two-alternative forced choice between
// a count of a and a count of b that picks the larger as b: the fraction of
// all pairs (a_i, b_j) with b_j > a_i, a tie counting one half.
func TwoAFC(a, b []float64) float64 {
	wins := 0.0
	for _, x := range a {
		for _, y := range b {
			switch {
			case y > x:
				wins++
			case y == x:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(a)*len(b))
}
