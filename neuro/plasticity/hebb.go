package plasticity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/plasticity"
)

// This file holds levels 1–12: Hebb's rule and what keeps it in check,
// Oja's rule and the principal component it finds, and the BCM rule.

// A stepCase is one update of the weights W for the input X with learning
// rate Eta; the other fields serve the levels that need them.
type stepCase struct {
	W, X  []float64
	Eta   float64
	WMax  float64   // Level 3
	XMean []float64 // Level 4
	YMean float64   // Level 4
	Theta float64   // Level 11
}

func (c stepCase) String() string {
	s := fmt.Sprintf("w = %s, x = %s, η = %.4g", vec(c.W), vec(c.X), c.Eta)
	if c.WMax != 0 {
		s += fmt.Sprintf(", w_max = %.4g", c.WMax)
	}
	if c.XMean != nil {
		s += fmt.Sprintf(", x̄ = %s, ȳ = %.4g", vec(c.XMean), c.YMean)
	}
	if c.Theta != 0 {
		s += fmt.Sprintf(", θ = %.4g", c.Theta)
	}
	return s
}

// randomVector draws d numbers uniform in [a, b).
func randomVector(r *rand.Rand, d int, a, b float64) []float64 {
	x := make([]float64, d)
	for i := range x {
		x[i] = check.Uniform(r, a, b)
	}
	return x
}

// randomStep draws weights in [−1, 1) and an input in [−2, 2) of 2 to 6
// components, and a learning rate of 0.001 to 0.5.
func randomStep(r *rand.Rand) stepCase {
	d := 2 + r.IntN(5)
	return stepCase{W: randomVector(r, d, -1, 1), X: randomVector(r, d, -2, 2), Eta: check.LogUniform(r, 0.001, 0.5)}
}

var hebbStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 1, Title: "Hebb's rule", Func: "HebbStep",
	Fixed: []stepCase{
		{W: []float64{0.5, 0.5}, X: []float64{1, 0}, Eta: 0.1},
		{W: []float64{0.2, -0.4, 1}, X: []float64{1, 2, 0.5}, Eta: 0.05},
		{W: []float64{1, 1}, X: []float64{1, -1}, Eta: 0.3},
	},
	Random: randomStep,
	Judge:  check.NearSlice(func(c stepCase) []float64 { return ref.HebbStep(c.W, c.X, c.Eta) }, check.Exact),
	Show:   stepCase.String,
	Hint:   "First the output y = Σ w[i]·x[i]; then each new weight is w[i] + η·y·x[i]. Return a new slice.",
})

// CheckHebbStep checks Level 1: hebbStep(w, x, eta) returns the weights
// after one Hebbian update w + η·y·x of a linear neuron with output y = w·x
// for the input x. Weights, inputs and η are dimensionless.
func CheckHebbStep(hebbStep func(w, x []float64, eta float64) []float64) check.Result {
	return hebbStepLevel.Check(func(in stepCase) []float64 { return hebbStep(clone(in.W), clone(in.X), in.Eta) })
}

// A dataCase is a run over N samples of a zero-mean Gaussian of covariance
// Cov, drawn with Samples(Cov, N, Seed), from the weights W0 with learning
// rate Eta.
type dataCase struct {
	Cov  [][]float64
	N    int
	Seed uint64
	W0   []float64
	Eta  float64
	Xs   [][]float64 `check:"derived"`
}

func (c dataCase) String() string {
	return fmt.Sprintf("%d samples of Samples(%.4g, %d, %d), w0 = %s, η = %.4g", c.N, c.Cov, c.N, c.Seed, vec(c.W0), c.Eta)
}

// drawSamples fills in the samples of a run.
func drawSamples(c dataCase) dataCase {
	c.Xs = Samples(c.Cov, c.N, c.Seed)
	return c
}

// corr08 is the covariance [[1, 0.8], [0.8, 1]]: principal direction
// (1, 1)/√2 with eigenvalue 1.8.
var corr08 = [][]float64{{1, 0.8}, {0.8, 1}}

// randomCov draws a d×d covariance matrix Q·diag(λ)·Qᵀ with a random
// orthonormal Q and eigenvalues λ₁ > λ₂ > … spaced by factors of 1.5 to 3,
// the largest from 1 to 3.
func randomCov(r *rand.Rand, d int) [][]float64 {
	q := make([][]float64, d)
	for k := range q {
		for {
			v := make([]float64, d)
			for i := range v {
				v[i] = r.NormFloat64()
			}
			for _, u := range q[:k] {
				p := dot(u, v)
				for i := range v {
					v[i] -= p * u[i]
				}
			}
			if n := math.Sqrt(dot(v, v)); n > 0.1 {
				for i := range v {
					v[i] /= n
				}
				q[k] = v
				break
			}
		}
	}
	lambda := check.Uniform(r, 1, 3)
	c := make([][]float64, d)
	for i := range c {
		c[i] = make([]float64, d)
	}
	for _, u := range q {
		for i := range d {
			for j := range d {
				c[i][j] += lambda * u[i] * u[j]
			}
		}
		lambda /= check.Uniform(r, 1.5, 3)
	}
	for i := range d { // exactly symmetric
		for j := range i {
			c[i][j] = c[j][i]
		}
	}
	return c
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// randomData draws a run of n samples in 2 to maxD dimensions from small
// random weights.
func randomData(r *rand.Rand, maxD, n int, eta float64) dataCase {
	d := 2 + r.IntN(maxD-1)
	return dataCase{Cov: randomCov(r, d), N: n, Seed: r.Uint64(), W0: randomVector(r, d, -0.5, 0.5), Eta: eta}
}

var hebbNormsLevel = check.Register(&check.Level[dataCase, []float64]{
	Project: Project, Number: 2, Title: "Runaway growth of Hebbian weights", Func: "HebbNorms",
	Fixed:   []dataCase{{Cov: corr08, N: 200, Seed: 1, W0: []float64{0.3, 0.1}, Eta: 0.01}},
	Random:  func(r *rand.Rand) dataCase { return randomData(r, 4, 100+r.IntN(200), check.Uniform(r, 0.005, 0.02)) },
	Randoms: 4,
	Prepare: drawSamples,
	Judge: check.NearSlice(func(c dataCase) []float64 {
		return ref.HebbNorms(c.W0, c.Xs, c.Eta)
	}, simTol),
	Show: dataCase.String,
	Hint: "Start the list with |w0| = √(Σ w0[i]²); then for each sample in order take your HebbStep and append " +
		"the new length: len(xs) + 1 values.",
})

// CheckHebbNorms checks Level 2: hebbNorms(w0, xs, eta) returns the length
// |w| of the weights before the first sample and after each HebbStep on
// the samples xs in order.
func CheckHebbNorms(hebbNorms func(w0 []float64, xs [][]float64, eta float64) []float64) check.Result {
	return hebbNormsLevel.Check(func(in dataCase) []float64 { return hebbNorms(clone(in.W0), clone2(in.Xs), in.Eta) })
}

var boundedHebbStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 3, Title: "Weight bounds", Func: "BoundedHebbStep",
	Fixed: []stepCase{
		{W: []float64{0.9, 0.5}, X: []float64{1, 1}, Eta: 0.5, WMax: 1},
		{W: []float64{0.2, 0.8}, X: []float64{-1, 1}, Eta: 1, WMax: 1},
		{W: []float64{0.1, 0.2, 0.3}, X: []float64{0.5, 0.5, 0.5}, Eta: 0.1, WMax: 2},
	},
	Random: func(r *rand.Rand) stepCase {
		c := randomStep(r)
		c.WMax = check.Uniform(r, 0.5, 2)
		for i := range c.W {
			c.W[i] = check.Uniform(r, 0, c.WMax)
		}
		c.Eta = check.Uniform(r, 0.2, 1)
		return c
	},
	Judge: check.NearSlice(func(c stepCase) []float64 { return ref.BoundedHebbStep(c.W, c.X, c.Eta, c.WMax) }, check.Exact),
	Show:  stepCase.String,
	Hint:  "Take your HebbStep, then clip each weight: below 0 becomes 0, above w_max becomes w_max.",
})

// CheckBoundedHebbStep checks Level 3: boundedHebbStep(w, x, eta, wMax)
// returns HebbStep(w, x, eta) with every weight clipped to [0, wMax].
func CheckBoundedHebbStep(boundedHebbStep func(w, x []float64, eta, wMax float64) []float64) check.Result {
	return boundedHebbStepLevel.Check(func(in stepCase) []float64 {
		return boundedHebbStep(clone(in.W), clone(in.X), in.Eta, in.WMax)
	})
}

var covarianceStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 4, Title: "Covariance rule", Func: "CovarianceStep",
	Fixed: []stepCase{
		{W: []float64{0.5, 0.5}, X: []float64{1, 0}, Eta: 0.1, XMean: []float64{0.5, 0.5}, YMean: 0.5},
		{W: []float64{1, 0.2}, X: []float64{0.2, 0.4}, Eta: 0.2, XMean: []float64{0.5, 0.5}, YMean: 0.5},
	},
	Random: func(r *rand.Rand) stepCase {
		c := randomStep(r)
		c.XMean = randomVector(r, len(c.X), -1, 1)
		c.YMean = check.Uniform(r, -1, 1)
		return c
	},
	Judge: check.NearSlice(func(c stepCase) []float64 {
		return ref.CovarianceStep(c.W, c.X, c.XMean, c.YMean, c.Eta)
	}, check.Exact),
	Show: stepCase.String,
	Hint: "y = w·x as before; the change is η·(y − ȳ)·(x[i] − x̄[i]): subtract the mean from both sides.",
})

// CheckCovarianceStep checks Level 4: covarianceStep(w, x, xMean, yMean,
// eta) returns w + η·(y − yMean)·(x − xMean) with y = w·x.
func CheckCovarianceStep(covarianceStep func(w, x, xMean []float64, yMean, eta float64) []float64) check.Result {
	return covarianceStepLevel.Check(func(in stepCase) []float64 {
		return covarianceStep(clone(in.W), clone(in.X), clone(in.XMean), in.YMean, in.Eta)
	})
}

// unitStep draws a random step from unit weights.
func unitStep(r *rand.Rand) stepCase {
	c := randomStep(r)
	n := math.Sqrt(dot(c.W, c.W))
	for i := range c.W {
		c.W[i] /= n
	}
	return c
}

var normalizedHebbStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 5, Title: "Synaptic normalization", Func: "NormalizedHebbStep",
	Fixed: []stepCase{
		{W: []float64{0.6, 0.8}, X: []float64{1, 0}, Eta: 0.1},
		{W: []float64{1, 0, 0}, X: []float64{1, 1, 1}, Eta: 0.5},
	},
	Random: unitStep,
	Judge:  check.NearSlice(func(c stepCase) []float64 { return ref.NormalizedHebbStep(c.W, c.X, c.Eta) }, check.Exact),
	Show:   stepCase.String,
	Hint:   "Take your HebbStep, then divide every weight by the length √(Σ w[i]²) of the new weights.",
})

// CheckNormalizedHebbStep checks Level 5: normalizedHebbStep(w, x, eta)
// returns HebbStep(w, x, eta) divided by its Euclidean length.
func CheckNormalizedHebbStep(normalizedHebbStep func(w, x []float64, eta float64) []float64) check.Result {
	return normalizedHebbStepLevel.Check(func(in stepCase) []float64 { return normalizedHebbStep(clone(in.W), clone(in.X), in.Eta) })
}

var ojaStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 6, Title: "Oja's rule", Func: "OjaStep",
	Fixed: []stepCase{
		{W: []float64{0.6, 0.8}, X: []float64{1, 0}, Eta: 0.1},
		{W: []float64{0.5, -0.5, 0.2}, X: []float64{1, 2, -1}, Eta: 0.05},
	},
	Random: randomStep,
	Judge:  check.NearSlice(func(c stepCase) []float64 { return ref.OjaStep(c.W, c.X, c.Eta) }, check.Exact),
	Show:   stepCase.String,
	Hint:   "With y = w·x, each weight becomes w[i] + η·y·(x[i] − y·w[i]): the decay term is y²·w[i].",
})

// CheckOjaStep checks Level 6: ojaStep(w, x, eta) returns
// w + η·y·(x − y·w) with y = w·x.
func CheckOjaStep(ojaStep func(w, x []float64, eta float64) []float64) check.Result {
	return ojaStepLevel.Check(func(in stepCase) []float64 { return ojaStep(clone(in.W), clone(in.X), in.Eta) })
}

var ojaRunLevel = check.Register(&check.Level[dataCase, [][]float64]{
	Project: Project, Number: 7, Title: "Oja keeps |w| at 1", Func: "OjaRun",
	Fixed:   []dataCase{{Cov: corr08, N: 500, Seed: 1, W0: []float64{0.3, 0.1}, Eta: 0.01}},
	Random:  func(r *rand.Rand) dataCase { return randomData(r, 4, 100+r.IntN(300), check.Uniform(r, 0.005, 0.03)) },
	Randoms: 4,
	Prepare: drawSamples,
	Judge: func(c dataCase, got [][]float64) error {
		return compareRows(got, ref.OjaRun(c.W0, c.Xs, c.Eta), simTol)
	},
	Show: dataCase.String,
	Hint: "Row 0 is a copy of w0; row k is your OjaStep from row k − 1 on sample k − 1: len(xs) + 1 rows.",
})

// CheckOjaRun checks Level 7: ojaRun(w0, xs, eta) returns the weights w0
// and after each OjaStep on the samples xs in order, one row per step.
func CheckOjaRun(ojaRun func(w0 []float64, xs [][]float64, eta float64) [][]float64) check.Result {
	return ojaRunLevel.Check(func(in dataCase) [][]float64 { return ojaRun(clone(in.W0), clone2(in.Xs), in.Eta) })
}

type samplesCase struct{ Xs [][]float64 }

var covarianceLevel = check.Register(&check.Level[samplesCase, [][]float64]{
	Project: Project, Number: 8, Title: "Input covariance matrix", Func: "Covariance",
	Fixed: []samplesCase{
		{[][]float64{{1, 2}, {3, 4}, {5, 9}}},
		{[][]float64{{1, 0, 2}, {-1, 0, 2}, {0, 1, 2}, {0, -1, 2}}},
	},
	Random: func(r *rand.Rand) samplesCase {
		d, n := 2+r.IntN(3), 5+r.IntN(30)
		xs := make([][]float64, n)
		for k := range xs {
			xs[k] = randomVector(r, d, -3, 5)
		}
		return samplesCase{xs}
	},
	Judge: func(c samplesCase, got [][]float64) error {
		return compareRows(got, ref.Covariance(c.Xs), check.Tol{Rel: 1e-9, Abs: 1e-12})
	},
	Show: func(c samplesCase) string { return fmt.Sprintf("samples %.4g", c.Xs) },
	Hint: "First the mean of each component; then C[i][j] = Σ (x[i] − mean[i])·(x[j] − mean[j]) over the samples, " +
		"divided by n − 1.",
})

// CheckCovariance checks Level 8: covariance(xs) returns the d×d sample
// covariance matrix of the n samples xs (each a vector of d components): the
// mean subtracted, the sums divided by n − 1.
func CheckCovariance(covariance func(xs [][]float64) [][]float64) check.Result {
	return covarianceLevel.Check(func(in samplesCase) [][]float64 { return covariance(clone2(in.Xs)) })
}

type matrixCase struct{ C [][]float64 }

// eigenOut is what PrincipalComponent returns.
type eigenOut struct {
	Vector []float64
	Value  float64
}

var principalComponentLevel = check.Register(&check.Level[matrixCase, eigenOut]{
	Project: Project, Number: 9, Title: "Principal eigenvector with gonum", Func: "PrincipalComponent",
	Fixed:  []matrixCase{{corr08}, {[][]float64{{2, 0}, {0, 5}}}, {[][]float64{{3, 1, 0}, {1, 2, 0.5}, {0, 0.5, 1}}}},
	Random: func(r *rand.Rand) matrixCase { return matrixCase{randomCov(r, 2+r.IntN(4))} },
	Judge: func(c matrixCase, got eigenOut) error {
		want, value := ref.PrincipalComponent(c.C)
		if err := check.Compare(got.Value, value, check.Tol{Rel: 1e-9, Abs: 1e-12}); err != nil {
			return fmt.Errorf("the eigenvalue: %v", err)
		}
		if len(got.Vector) == len(want) && dot(got.Vector, want) < 0 {
			want = clone(want)
			for i := range want {
				want[i] = -want[i]
			}
		}
		if err := check.CompareSlice(got.Vector, want, check.Tol{Abs: 1e-9}); err != nil {
			return fmt.Errorf("the unit eigenvector (either sign will do): %v", err)
		}
		return nil
	},
	Show: func(c matrixCase) string { return fmt.Sprintf("C = %.6g", c.C) },
	Hint: "mat.NewSymDense(d, nil) with SetSym(i, j, c[i][j]); var e mat.EigenSym; e.Factorize(s, true); " +
		"e.Values(nil) are in increasing order, so take the last one and the last column of e.VectorsTo(&v).",
})

// CheckPrincipalComponent checks Level 9: principalComponent(c) returns the
// unit eigenvector of the symmetric matrix c with the largest eigenvalue
// (either sign), and that eigenvalue.
func CheckPrincipalComponent(principalComponent func(c [][]float64) ([]float64, float64)) check.Result {
	return principalComponentLevel.Check(func(in matrixCase) eigenOut {
		v, value := principalComponent(clone2(in.C))
		return eigenOut{v, value}
	})
}

var ojaAngleLevel = check.Register(&check.Level[dataCase, float64]{
	Project: Project, Number: 10, Title: "Oja finds the principal direction", Func: "OjaAngle",
	Fixed: []dataCase{
		{Cov: corr08, N: 5000, Seed: 1, W0: []float64{0.3, -0.2}, Eta: 0.005},
		{Cov: [][]float64{{1, -0.5}, {-0.5, 2}}, N: 3000, Seed: 2, W0: []float64{0.5, 0.5}, Eta: 0.005},
	},
	Random:  func(r *rand.Rand) dataCase { return randomData(r, 3, 2000+r.IntN(2000), check.Uniform(r, 0.002, 0.01)) },
	Randoms: 2,
	Prepare: drawSamples,
	Judge: check.Near(func(c dataCase) float64 {
		return ref.OjaAngle(c.W0, c.Xs, c.Eta)
	}, check.Tol{Abs: 1e-4}),
	Show: dataCase.String,
	Hint: "Run your OjaRun and take its last row w; take your PrincipalComponent of your Covariance of xs; " +
		"the angle is acos(|w·v|/(|w|·|v|)) in degrees (× 180/π): the sign of w does not matter.",
})

// CheckOjaAngle checks Level 10: ojaAngle(w0, xs, eta) returns the angle
// (degrees, 0 to 90) between the line of Oja's final weights after a run
// from w0 over the samples xs and the principal eigenvector of the samples'
// covariance matrix. Within ±1e-4°.
func CheckOjaAngle(ojaAngle func(w0 []float64, xs [][]float64, eta float64) float64) check.Result {
	return ojaAngleLevel.Check(func(in dataCase) float64 { return ojaAngle(clone(in.W0), clone2(in.Xs), in.Eta) })
}

var bcmStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 11, Title: "BCM rule with a threshold", Func: "BCMStep",
	Fixed: []stepCase{
		{W: []float64{1, 0.5}, X: []float64{1, 0}, Eta: 0.1, Theta: 0.5},
		{W: []float64{1, 0.5}, X: []float64{1, 0}, Eta: 0.1, Theta: 2},
		{W: []float64{0.2, 0.3, 0.4}, X: []float64{1, 1, 0}, Eta: 0.2, Theta: 0.5},
	},
	Random: func(r *rand.Rand) stepCase {
		c := randomStep(r)
		c.Theta = check.Uniform(r, 0.1, 3)
		return c
	},
	Judge: check.NearSlice(func(c stepCase) []float64 { return ref.BCMStep(c.W, c.X, c.Theta, c.Eta) }, check.Exact),
	Show:  stepCase.String,
	Hint:  "y = w·x; each weight changes by η·x[i]·y·(y − θ): up when y is above θ, down when it is below.",
})

// CheckBCMStep checks Level 11: bcmStep(w, x, theta, eta) returns
// w + η·x·y·(y − θ) with y = w·x.
func CheckBCMStep(bcmStep func(w, x []float64, theta, eta float64) []float64) check.Result {
	return bcmStepLevel.Check(func(in stepCase) []float64 { return bcmStep(clone(in.W), clone(in.X), in.Theta, in.Eta) })
}

// A bcmCase is a BCM run over Steps presentations of the Patterns, each
// chosen with equal probability by Order(len(Patterns), Steps, Seed).
type bcmCase struct {
	Patterns                  [][]float64
	W0                        []float64
	Eta, TauTheta, Y0, Theta0 float64
	Steps                     int
	Seed                      uint64
	Order                     []int `check:"derived"`
}

// Order returns steps indices of patterns from 0 to n − 1, each drawn with
// equal probability with NewRand(seed).
func Order(n, steps int, seed uint64) []int {
	rng := NewRand(seed)
	order := make([]int, steps)
	for k := range order {
		order[k] = rng.IntN(n)
	}
	return order
}

// bcmOut is what BCMRun returns.
type bcmOut struct {
	W      [][]float64
	Thetas []float64
}

var bcmRunLevel = check.Register(&check.Level[bcmCase, bcmOut]{
	Project: Project, Number: 12, Title: "BCM sliding threshold: selectivity emerges", Func: "BCMRun",
	Fixed: []bcmCase{
		{Patterns: [][]float64{{1, 0}, {0, 1}}, W0: []float64{0.5, 0.4}, Eta: 0.02, TauTheta: 10, Y0: 1, Steps: 1000, Seed: 1},
		{Patterns: [][]float64{{1, 0.2}, {0.3, 1}}, W0: []float64{0.3, 0.35}, Eta: 0.01, TauTheta: 20, Y0: 0.5, Theta0: 0.1, Steps: 1000, Seed: 2},
	},
	Random: func(r *rand.Rand) bcmCase {
		return bcmCase{Patterns: [][]float64{{1, check.Uniform(r, 0, 0.3)}, {check.Uniform(r, 0, 0.3), 1}},
			W0: randomVector(r, 2, 0.2, 0.6), Eta: check.Uniform(r, 0.005, 0.02), TauTheta: check.Uniform(r, 5, 20),
			Y0: check.Uniform(r, 0.5, 1.5), Theta0: check.Uniform(r, 0, 0.5), Steps: 500 + r.IntN(500), Seed: r.Uint64()}
	},
	Randoms: 2,
	Prepare: func(c bcmCase) bcmCase {
		c.Order = Order(len(c.Patterns), c.Steps, c.Seed)
		return c
	},
	Judge: func(c bcmCase, got bcmOut) error {
		ws, thetas := ref.BCMRun(c.W0, c.Patterns, c.Order, c.Eta, c.TauTheta, c.Y0, c.Theta0)
		if err := compareRows(got.W, ws, simTol); err != nil {
			return fmt.Errorf("the weights: %v", err)
		}
		if err := check.CompareSlice(got.Thetas, thetas, simTol); err != nil {
			return fmt.Errorf("the thresholds: %v", err)
		}
		return nil
	},
	Show: func(c bcmCase) string {
		return fmt.Sprintf("patterns %.4g, w0 = %s, η = %.4g, τ_θ = %.4g steps, y0 = %.4g, θ0 = %.4g, order = Order(%d, %d, %d)",
			c.Patterns, vec(c.W0), c.Eta, c.TauTheta, c.Y0, c.Theta0, len(c.Patterns), c.Steps, c.Seed)
	},
	Hint: "In each step: x = patterns[order[k]], y = w·x with the weights before the step; w becomes your " +
		"BCMStep(w, x, θ, η) with the θ before the step; then θ += (y²/y0 − θ)/τ_θ. Append w and θ after each step.",
})

// CheckBCMRun checks Level 12: bcmRun(w0, patterns, order, eta, tauTheta,
// y0, theta0) shows the neuron patterns[order[k]] in step k, from the
// weights w0 and the threshold theta0: the weights take a BCMStep with the
// threshold θ, and θ moves toward y²/y0 by 1/tauTheta of the gap (tauTheta
// in steps), y being the output before the step. It returns the weights and
// θ after each step.
func CheckBCMRun(bcmRun func(w0 []float64, patterns [][]float64, order []int, eta, tauTheta, y0, theta0 float64) ([][]float64, []float64)) check.Result {
	return bcmRunLevel.Check(func(in bcmCase) bcmOut {
		w, thetas := bcmRun(clone(in.W0), clone2(in.Patterns), append([]int(nil), in.Order...), in.Eta, in.TauTheta, in.Y0, in.Theta0)
		return bcmOut{w, thetas}
	})
}
