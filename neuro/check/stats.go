package check

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Judges for random answers. A level whose answer is drawn at random (noise
// samples, Poisson counts, a run driven by noise) has no single right value:
// its judge compares a statistic of the answer with the value the level's
// distribution gives, allowing z standard errors. The failure probability of
// a right answer is then the probability that the statistic strays that far,
// which every judge states in its doc comment.

// Stream is the PCG stream of the generators that random cases hand to the
// learner's functions.
const Stream = 2

// NewRand returns the generator a random case of the given seed hands to the
// learner's function. The same seed gives the same numbers, so a judge can
// replay the learner's run with the reference; a learner who draws the
// numbers in another order gets an independent run, which the judge's
// tolerance must allow for.
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, Stream)) }

// NoiseZ is the number of standard errors a near-normal statistic may
// stray: beyond 6.5 standard errors lies less than 1e-10 of a normal
// distribution, and the upper tail of the sample variance of 500 normal
// values (a chi-square, by the Wilson–Hilferty approximation) holds 4e-9
// there. A right answer judged at NoiseZ fails fewer than one check in 1e7.
const NoiseZ = 6.5

// CountZ is the number of standard errors a statistic of spike counts may
// stray. Counts have a heavier upper tail than a normal distribution: for a
// Poisson count of mean 50 or more, the Chernoff bound puts at most 6e-9
// beyond 7 standard errors (a binomial count is tighter still), and a
// normal statistic holds 2.6e-12 there. A judge that uses it says how large
// the counts behind its statistic are.
const CountZ = 7

// WithinSE returns nil if got is within z standard errors se of want, and
// otherwise an error that gives both, the tolerance and z.
func WithinSE(got, want, se, z float64) error {
	tol := z * se
	if (Tol{Abs: tol}).Within(got, want) {
		return nil
	}
	g, w := Pair(got, want)
	return fmt.Errorf("got %s, want %s (within ±%.3g, %g standard errors)", g, w, tol, z)
}

// MeanVariance returns the mean of x and its sample variance, which divides
// by len(x) − 1.
func MeanVariance(x []float64) (mean, variance float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v
	}
	mean /= n
	// The corrected two-pass algorithm: the second sum makes up for the
	// rounding error of the mean.
	var ss, s float64
	for _, v := range x {
		d := v - mean
		ss += d * d
		s += d
	}
	return mean, (ss - s*s/n) / (n - 1)
}

// MeanSE returns the standard error of the mean of n independent samples of
// a distribution with the given variance: √(variance/n).
func MeanSE(variance float64, n int) float64 { return math.Sqrt(variance / float64(n)) }

// VarianceSE returns the standard error of the sample variance (dividing by
// n − 1) of n independent samples of a distribution with the given variance
// σ² and fourth central moment μ₄: √((μ₄ − σ⁴·(n − 3)/(n − 1))/n). A normal
// distribution has μ₄ = 3σ⁴, which makes it σ²·√(2/(n − 1)); a Poisson
// count of mean λ has σ² = λ and μ₄ = λ + 3λ².
func VarianceSE(variance, fourth float64, n int) float64 {
	k := float64(n)
	return math.Sqrt((fourth - variance*variance*(k-3)/(k-1)) / k)
}

// NormalVarianceSE returns the standard error of the sample variance of n
// independent normal samples of the given variance: variance·√(2/(n − 1)).
func NormalVarianceSE(variance float64, n int) float64 {
	return VarianceSE(variance, 3*variance*variance, n)
}

// CountSE returns the standard error, for long runs, of the number of events
// of a renewal process that has n events whose intervals have coefficient of
// variation cv: cv·√n (√n for a Poisson process).
func CountSE(n int, cv float64) float64 { return cv * math.Sqrt(float64(n)) }

// CVSE returns the standard error of the coefficient of variation of n
// independent intervals from a near-normal distribution with coefficient of
// variation cv: cv·√((1 + 2·cv²)/(2n)).
func CVSE(n int, cv float64) float64 { return cv * math.Sqrt((1+2*cv*cv)/(2*float64(n))) }

// TwoRuns is the factor by which the standard error of a difference of two
// independent estimates exceeds that of one: a judge that compares a
// learner's run with a reference run of the same seed multiplies by it, so
// that a learner who draws the numbers in another order still passes.
const TwoRuns = math.Sqrt2

// Round3 returns x rounded to three significant digits, so that tolerances
// read plainly in messages.
func Round3(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return r
}
