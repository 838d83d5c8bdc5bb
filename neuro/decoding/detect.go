package decoding

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/decoding"
)

// This file holds levels 9–12: signal detection between the counts of two
// stimuli.

// twoCase is the counts (spikes) of one neuron over N trials of each of two
// stimuli, Poisson of means MeanA and MeanB, drawn from Seed; or the Fixed
// counts when UseFixed is set.
type twoCase struct {
	N            int
	MeanA, MeanB float64
	Seed         uint64
	FixedA       []float64
	FixedB       []float64
	UseFixed     bool
	A            []float64 `check:"derived"`
	B            []float64 `check:"derived"`
	FPR          []float64 `check:"derived"`
	TPR          []float64 `check:"derived"`
}

func (c twoCase) String() string {
	if c.UseFixed {
		return fmt.Sprintf("counts a = %v, b = %v spikes", c.FixedA, c.FixedB)
	}
	return fmt.Sprintf("%d Poisson counts of mean %.4g spikes (a) and %.4g spikes (b), seed %d: a = %v, b = %v",
		c.N, c.MeanA, c.MeanB, c.Seed, c.A, c.B)
}

func prepareTwo(c twoCase) twoCase {
	if c.UseFixed {
		c.A, c.B = c.FixedA, c.FixedB
	} else {
		rng := check.NewRand(c.Seed)
		c.A, c.B = make([]float64, c.N), make([]float64, c.N)
		for k := range c.N {
			c.A[k] = float64(poissonCount(c.MeanA, rng))
			c.B[k] = float64(poissonCount(c.MeanB, rng))
		}
	}
	c.FPR, c.TPR = ref.ROC(c.A, c.B)
	return c
}

func randomTwo(r *rand.Rand) twoCase {
	a := check.Uniform(r, 2, 20)
	return twoCase{N: 20 + r.IntN(180), MeanA: a, MeanB: a + check.Uniform(r, 0, 2*a), Seed: r.Uint64()}
}

var fixedTwo = []twoCase{
	{FixedA: []float64{1, 2, 2}, FixedB: []float64{2, 3}, UseFixed: true},
	{FixedA: []float64{3, 5, 4, 6, 2}, FixedB: []float64{7, 6, 9, 5, 8}, UseFixed: true},
	{N: 100, MeanA: 5, MeanB: 9, Seed: 1},
}

var dPrimeLevel = check.Register(&check.Level[twoCase, float64]{
	Project: Project, Number: 9, Title: "d-prime", Func: "DPrime",
	Fixed:   fixedTwo,
	Random:  randomTwo,
	Prepare: prepareTwo,
	Judge:   check.Near(func(c twoCase) float64 { return ref.DPrime(c.A, c.B) }, tol),
	Show:    twoCase.String,
	Hint: "d′ = (mean b − mean a)/√((var a + var b)/2): the sample variances divide by n − 1, and their average " +
		"(the /2) is under the square root.",
})

// CheckDPrime checks Level 9: dPrime(a, b) returns the discriminability
// (no unit) of the counts b from the counts a (spikes): (mean b − mean a)
// over √((var a + var b)/2), with sample variances dividing by n − 1.
func CheckDPrime(dPrime func(a, b []float64) float64) check.Result {
	return dPrimeLevel.Check(func(in twoCase) float64 { return dPrime(slices.Clone(in.A), slices.Clone(in.B)) })
}

// rocOut is what ROC returns.
type rocOut struct{ FPR, TPR []float64 }

var rocLevel = check.Register(&check.Level[twoCase, rocOut]{
	Project: Project, Number: 10, Title: "ROC curve", Func: "ROC",
	Fixed:   fixedTwo,
	Random:  randomTwo,
	Prepare: prepareTwo,
	Judge: func(c twoCase, got rocOut) error {
		if err := check.CompareSlice(got.FPR, c.FPR, tol); err != nil {
			return fmt.Errorf("the false-alarm rates: %v", err)
		}
		if err := check.CompareSlice(got.TPR, c.TPR, tol); err != nil {
			return fmt.Errorf("the hit rates: %v", err)
		}
		return nil
	},
	Show: twoCase.String,
	Hint: "Sort the distinct counts of a and b together; start with the point (0, 0) for a threshold above them all, " +
		"then for each distinct count θ from the largest down add (fraction of a ≥ θ, fraction of b ≥ θ): at least θ, not above.",
})

// CheckROC checks Level 10: roc(a, b) returns the false-alarm rates and hit
// rates of the rule "say b when the count is at least θ": first (0, 0) for
// θ above every count, then for each distinct count θ of a and b from the
// largest down, the fraction of a ≥ θ and of b ≥ θ.
func CheckROC(roc func(a, b []float64) (fpr, tpr []float64)) check.Result {
	return rocLevel.Check(func(in twoCase) rocOut {
		fpr, tpr := roc(slices.Clone(in.A), slices.Clone(in.B))
		return rocOut{fpr, tpr}
	})
}

var aucLevel = check.Register(&check.Level[twoCase, float64]{
	Project: Project, Number: 11, Title: "Area under the ROC vs d-prime", Func: "AUC",
	Fixed:   fixedTwo,
	Random:  randomTwo,
	Prepare: prepareTwo,
	Judge:   check.Near(func(c twoCase) float64 { return ref.AUC(c.FPR, c.TPR) }, tol),
	Show: func(c twoCase) string {
		return fmt.Sprintf("the ROC points fpr = %.4g, tpr = %.4g (of %v)", c.FPR, c.TPR, c)
	},
	Hint: "Add a trapezoid per step: (fpr[k] − fpr[k−1])·(tpr[k] + tpr[k−1])/2, not a rectangle of height tpr[k−1] or tpr[k].",
})

// CheckAUC checks Level 11: auc(fpr, tpr) returns the area (no unit) under
// the curve through the points (fpr[k], tpr[k]) by the trapezoid rule.
func CheckAUC(auc func(fpr, tpr []float64) float64) check.Result {
	return aucLevel.Check(func(in twoCase) float64 { return auc(slices.Clone(in.FPR), slices.Clone(in.TPR)) })
}

var twoAFCLevel = check.Register(&check.Level[twoCase, float64]{
	Project: Project, Number: 12, Title: "Two-alternative accuracy", Func: "TwoAFC",
	Fixed:   fixedTwo,
	Random:  randomTwo,
	Prepare: prepareTwo,
	Judge:   check.Near(func(c twoCase) float64 { return ref.TwoAFC(c.A, c.B) }, tol),
	Show:    twoCase.String,
	Hint:    "Over every pair (a[i], b[j]): 1 if b[j] > a[i], ½ on a tie (a guess), 0 otherwise; divide by len(a)·len(b).",
})

// CheckTwoAFC checks Level 12: twoAFC(a, b) returns the accuracy (a
// fraction) of choosing the larger of a count of a and a count of b
// (spikes) as b, over all pairs, a tie counting one half.
func CheckTwoAFC(twoAFC func(a, b []float64) float64) check.Result {
	return twoAFCLevel.Check(func(in twoCase) float64 { return twoAFC(slices.Clone(in.A), slices.Clone(in.B)) })
}
