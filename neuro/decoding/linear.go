package decoding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/decoding"
	"gonum.org/v1/gonum/mat"
)

// This file holds levels 20–25: linear decoders with gonum, the decoding of
// a time-varying stimulus, and the accuracy of maximum likelihood against
// the population's size.

// regressionCase is N trials of P neurons' counts (spikes, the rows of X)
// and a stimulus value y, linear in the counts plus noise of standard
// deviation Noise, drawn from Seed; with a ridge λ, a test mask and a list
// of λ and K folds for the levels that use them.
type regressionCase struct {
	N, P     int
	Noise    float64
	Seed     uint64
	Lambda   float64
	Lambdas  []float64
	K        int
	TestFrac float64
	X        [][]float64 `check:"derived"`
	Y        []float64   `check:"derived"`
	Test     []bool      `check:"derived"`
}

func (c regressionCase) String() string {
	s := fmt.Sprintf("%d trials of %d neurons' counts, a stimulus linear in them plus noise of σ = %.3g, seed %d",
		c.N, c.P, c.Noise, c.Seed)
	switch {
	case c.K > 0:
		s += fmt.Sprintf("; λ in %g, %d folds", c.Lambdas, c.K)
	case c.TestFrac > 0:
		s += fmt.Sprintf("; λ = %.4g, test rows %v", c.Lambda, c.Test)
	case c.Lambda > 0:
		s += fmt.Sprintf("; λ = %.4g", c.Lambda)
	}
	return s
}

// regressionStream is the PCG stream the data of a case are drawn from.
const regressionStream = 82

func prepareRegression(c regressionCase) regressionCase {
	rng := rand.New(rand.NewPCG(c.Seed, regressionStream))
	w := make([]float64, c.P)
	for j := range w {
		w[j] = rng.NormFloat64()
	}
	c.X, c.Y = make([][]float64, c.N), make([]float64, c.N)
	for i := range c.N {
		c.X[i] = make([]float64, c.P)
		for j := range c.P {
			c.X[i][j] = float64(poissonCount(4, rng))
			c.Y[i] += w[j] * c.X[i][j]
		}
		c.Y[i] += c.Noise * rng.NormFloat64()
	}
	if c.TestFrac > 0 {
		c.Test = make([]bool, c.N)
		for _, i := range rng.Perm(c.N)[:int(math.Round(c.TestFrac*float64(c.N)))] {
			c.Test[i] = true
		}
	}
	return c
}

// matrices returns the case's X and y as gonum types.
func (c regressionCase) matrices() (*mat.Dense, *mat.VecDense) {
	data := make([]float64, 0, c.N*c.P)
	for _, row := range c.X {
		data = append(data, row...)
	}
	return mat.NewDense(c.N, c.P, data), mat.NewVecDense(c.N, slices.Clone(c.Y))
}

// vector returns the elements of w, nil for a nil w.
func vector(w *mat.VecDense) []float64 {
	if w == nil || w.Len() == 0 {
		return nil
	}
	return slices.Clone(w.RawVector().Data[:w.Len()])
}

func refRidge(c regressionCase, lambda float64) []float64 {
	X, y := c.matrices()
	w, err := ref.Ridge(X, y, lambda)
	if err != nil {
		panic(err)
	}
	return vector(w)
}

// solveTol allows for the rounding of solving the normal equations another
// way (gonum's LU or QR instead of Cholesky).
var solveTol = check.Tol{Rel: 1e-7, Abs: 1e-9}

var leastSquaresLevel = check.Register(&check.Level[regressionCase, []float64]{
	Project: Project, Number: 20, Title: "Linear decoder by least squares", Func: "LeastSquares",
	Fixed: []regressionCase{{N: 40, P: 3, Noise: 1, Seed: 1}, {N: 100, P: 8, Noise: 3, Seed: 2}},
	Random: func(r *rand.Rand) regressionCase {
		return regressionCase{N: 30 + r.IntN(100), P: 2 + r.IntN(10), Noise: check.Uniform(r, 0.1, 5), Seed: r.Uint64()}
	},
	Prepare: prepareRegression,
	Judge:   check.NearSlice(func(c regressionCase) []float64 { return refRidge(c, 0) }, solveTol),
	Show:    regressionCase.String,
	Hint: "Form A = XᵀX (a.Mul(X.T(), X)) and b = Xᵀy (b.MulVec(X.T(), y)), then solve A·w = b with w.SolveVec(&a, &b): " +
		"Xᵀy alone is not the answer.",
})

// CheckLeastSquares checks Level 20: leastSquares(X, y) returns the weights
// w minimising |X·w − y|², solving the normal equations XᵀX·w = Xᵀy; X has
// one row of counts (spikes) per trial, y one stimulus value per trial.
func CheckLeastSquares(leastSquares func(X *mat.Dense, y *mat.VecDense) *mat.VecDense) check.Result {
	return leastSquaresLevel.Check(func(in regressionCase) []float64 { return vector(leastSquares(in.matrices())) })
}

var ridgeLevel = check.Register(&check.Level[regressionCase, []float64]{
	Project: Project, Number: 21, Title: "Ridge regularization", Func: "Ridge",
	Fixed: []regressionCase{
		{N: 40, P: 3, Noise: 1, Seed: 1, Lambda: 10},
		{N: 20, P: 15, Noise: 3, Seed: 2, Lambda: 1},
		{N: 60, P: 5, Noise: 2, Seed: 3, Lambda: 1000},
	},
	Random: func(r *rand.Rand) regressionCase {
		return regressionCase{N: 20 + r.IntN(100), P: 2 + r.IntN(15), Noise: check.Uniform(r, 0.1, 5), Seed: r.Uint64(),
			Lambda: check.LogUniform(r, 0.01, 1000)}
	},
	Prepare: prepareRegression,
	Judge:   check.NearSlice(func(c regressionCase) []float64 { return refRidge(c, c.Lambda) }, solveTol),
	Show:    regressionCase.String,
	Hint:    "Add λ to the diagonal of XᵀX only (a.Set(i, i, a.At(i, i)+lambda)), not to every element, then solve as in Level 20.",
})

// CheckRidge checks Level 21: ridge(X, y, lambda) returns the weights w
// minimising |X·w − y|² + λ|w|², solving (XᵀX + λI)·w = Xᵀy.
func CheckRidge(ridge func(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense) check.Result {
	return ridgeLevel.Check(func(in regressionCase) []float64 {
		X, y := in.matrices()
		return vector(ridge(X, y, in.Lambda))
	})
}

// r2Out is what SplitR2 returns.
type r2Out struct{ Train, Test float64 }

var splitR2Level = check.Register(&check.Level[regressionCase, r2Out]{
	Project: Project, Number: 22, Title: "Train/test split and R²", Func: "SplitR2",
	Fixed: []regressionCase{
		{N: 40, P: 3, Noise: 1, Seed: 1, Lambda: 0, TestFrac: 0.25},
		{N: 40, P: 20, Noise: 5, Seed: 2, Lambda: 0, TestFrac: 0.5},
		{N: 40, P: 20, Noise: 5, Seed: 2, Lambda: 30, TestFrac: 0.5},
	},
	Random: func(r *rand.Rand) regressionCase {
		return regressionCase{N: 40 + r.IntN(100), P: 2 + r.IntN(15), Noise: check.Uniform(r, 0.5, 5), Seed: r.Uint64(),
			Lambda: []float64{0, 0.1, 1, 10, 100}[r.IntN(5)], TestFrac: check.Uniform(r, 0.2, 0.5)}
	},
	Prepare: prepareRegression,
	Judge: func(c regressionCase, got r2Out) error {
		X, y := c.matrices()
		train, test := ref.SplitR2(X, y, c.Lambda, c.Test)
		if err := check.Compare(got.Train, train, solveTol); err != nil {
			return fmt.Errorf("R² on the training rows: %v", err)
		}
		if err := check.Compare(got.Test, test, solveTol); err != nil {
			return fmt.Errorf("R² on the test rows: %v", err)
		}
		return nil
	},
	Show: regressionCase.String,
	Hint: "Fit your Ridge on the rows where test is false only. R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² on each set, with ȳ the mean " +
		"of that set's y: the test rows must play no part in the fit.",
})

// CheckSplitR2 checks Level 22: splitR2(X, y, lambda, test) fits ridge
// weights with λ on the rows i where test[i] is false and returns the
// coefficient of determination R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)² (no unit) on
// those training rows and on the test rows.
func CheckSplitR2(splitR2 func(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (trainR2, testR2 float64)) check.Result {
	return splitR2Level.Check(func(in regressionCase) r2Out {
		X, y := in.matrices()
		a, b := splitR2(X, y, in.Lambda, slices.Clone(in.Test))
		return r2Out{a, b}
	})
}

// cvOut is what CrossValidate returns.
type cvOut struct {
	Best float64
	MSE  []float64
}

var cvLambdas = []float64{0, 0.1, 1, 3, 10, 30, 100, 1000}

var crossValidateLevel = check.Register(&check.Level[regressionCase, cvOut]{
	Project: Project, Number: 23, Title: "Cross-validating λ", Func: "CrossValidate",
	Fixed: []regressionCase{
		{N: 40, P: 20, Noise: 8, Seed: 1, Lambdas: cvLambdas, K: 5},
		{N: 60, P: 4, Noise: 1, Seed: 2, Lambdas: cvLambdas, K: 4},
	},
	Random: func(r *rand.Rand) regressionCase {
		return regressionCase{N: 40 + r.IntN(60), P: 2 + r.IntN(20), Noise: check.Uniform(r, 0.5, 10), Seed: r.Uint64(),
			Lambdas: cvLambdas, K: 3 + r.IntN(5)}
	},
	Randoms: 2,
	Prepare: prepareRegression,
	Judge: func(c regressionCase, got cvOut) error {
		X, y := c.matrices()
		_, mse := ref.CrossValidate(X, y, c.Lambdas, c.K)
		if err := check.CompareSlice(got.MSE, mse, solveTol); err != nil {
			return fmt.Errorf("the cross-validated mean squared errors: %v", err)
		}
		j := slices.Index(c.Lambdas, got.Best)
		if j < 0 || mse[j] > slices.Min(mse)*(1+1e-9) {
			return fmt.Errorf("got λ = %g, want the λ of the smallest error, %g", got.Best, c.Lambdas[slices.Index(mse, slices.Min(mse))])
		}
		return nil
	},
	Show: regressionCase.String,
	Hint: "Row i belongs to fold i mod k. For each fold and each λ, fit your Ridge on the other rows and add the squared " +
		"errors of the fold's own rows; divide the sum by the number of rows. Never score a fit on the rows it was fitted to.",
})

// CheckCrossValidate checks Level 23: crossValidate(X, y, lambdas, k)
// returns the λ of lambdas with the smallest k-fold cross-validated mean
// squared error (row i in fold i mod k), and those errors, one per λ.
func CheckCrossValidate(crossValidate func(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (best float64, mse []float64)) check.Result {
	return crossValidateLevel.Check(func(in regressionCase) cvOut {
		X, y := in.matrices()
		best, mse := crossValidate(X, y, slices.Clone(in.Lambdas), in.K)
		return cvOut{best, mse}
	})
}

// traceCase is Bins time bins of a population counting over Pop.Window ms
// each, while the direction turns by Speed degrees per bin from Start,
// drawn from Seed, decoded over Window bins.
type traceCase struct {
	Pop          Population
	Bins, Window int
	Start, Speed float64
	Seed         uint64
	Counts       [][]float64 `check:"derived"`
}

// TraceDirection returns the direction (deg, in [0, 360)) at bin t of a
// stimulus that starts at start and turns by speed (deg per bin).
func TraceDirection(start, speed float64, t int) float64 {
	return math.Mod(math.Mod(start+speed*float64(t), 360)+360, 360)
}

func prepareTrace(c traceCase) traceCase {
	rng := check.NewRand(c.Seed)
	c.Counts = make([][]float64, c.Bins)
	for t := range c.Counts {
		c.Counts[t] = c.Pop.Counts(TraceDirection(c.Start, c.Speed, t), rng)
	}
	return c
}

// fast returns the population counting over 20 ms.
func fast(p Population) Population {
	p.Window = 20
	return p
}

var decodeTraceLevel = check.Register(&check.Level[traceCase, []float64]{
	Project: Project, Number: 24, Title: "Decoding a time-varying stimulus", Func: "DecodeTrace",
	Fixed: []traceCase{
		{Pop: fast(NewPopulation(16)), Bins: 50, Window: 5, Start: 0, Speed: 3, Seed: 1},
		{Pop: fast(NewPopulation(32)), Bins: 40, Window: 1, Start: 300, Speed: -2, Seed: 2},
	},
	Random: func(r *rand.Rand) traceCase {
		return traceCase{Pop: fast(NewPopulation(16 + r.IntN(17))), Bins: 20 + r.IntN(80), Window: 2 + r.IntN(8),
			Start: check.Uniform(r, 0, 360), Speed: check.Uniform(r, -5, 5), Seed: r.Uint64()}
	},
	Prepare: prepareTrace,
	Judge: func(c traceCase, got []float64) error {
		want := ref.DecodeTrace(c.Counts, c.Pop.Prefs, c.Window)
		if len(got) != len(want) {
			return fmt.Errorf("got %d directions, want one per time bin, %d", len(got), len(want))
		}
		for t := range want {
			if math.IsNaN(want[t]) && math.IsNaN(got[t]) {
				continue // no spike in the window: no direction
			}
			if err := circularJudge(got[t], want[t]); err != nil {
				return fmt.Errorf("at bin %d: %v", t, err)
			}
		}
		return nil
	},
	Show: func(c traceCase) string {
		return fmt.Sprintf("%v; %d bins, a direction from %.4g° turning %.3g° per bin, seed %d; a window of %d bins",
			c.Pop, c.Bins, c.Start, c.Speed, c.Seed, c.Window)
	},
	Hint: "At bin t add up each neuron's counts over bins t − window + 1 … t (from bin 0 at the start: fewer bins there) " +
		"and decode the sum with your PopulationVector. Look back, not ahead: a decoder cannot use the future.",
})

// CheckDecodeTrace checks Level 24: decodeTrace(counts, prefs, window)
// returns, for each time bin t, the population vector (deg, in [0, 360))
// of the counts (spikes, counts[t][i] of neuron i with preferred direction
// prefs[i] in deg) summed over the bins t − window + 1 … t that exist.
func CheckDecodeTrace(decodeTrace func(counts [][]float64, prefs []float64, window int) []float64) check.Result {
	return decodeTraceLevel.Check(func(in traceCase) []float64 {
		return decodeTrace(clone2(in.Counts), slices.Clone(in.Pop.Prefs), in.Window)
	})
}

// errorCase is Trials trials of the population at the direction S (deg),
// decoded on a grid of Step degrees.
type errorCase struct {
	Pop     Population
	S, Step float64
	Trials  int
	Seed    uint64
	Grid    []float64 `check:"derived"`
}

// refTrials is how many trials the judge draws for the reference error.
const refTrials = 1500

// errorStream is the PCG stream of the judge's own trials.
const errorStream = 83

var mlErrorLevel = check.Register(&check.Level[errorCase, float64]{
	Project: Project, Number: 25, Title: "Accuracy vs population size", Func: "MLError",
	// Grids of 4° to 8°: a decoder's cost grows with the grid points, and
	// the errors of several degrees are no less ML's on them. At s = 0°
	// half the estimates lie just below 360°: plain differences fail there.
	Fixed: []errorCase{
		{Pop: NewPopulation(16), S: 0, Step: 6, Trials: 500, Seed: 1},
	},
	Random: func(r *rand.Rand) errorCase {
		return errorCase{Pop: NewPopulation(16 + r.IntN(9)), S: check.Uniform(r, 0, 360), Step: []float64{4, 6, 8}[r.IntN(3)],
			Trials: 500, Seed: r.Uint64()}
	},
	Randoms: 1,
	Prepare: func(c errorCase) errorCase {
		c.Grid = Grid(c.Step)
		return c
	},
	// The learner's squared RMS error is the mean of Trials squared errors;
	// the judge draws refTrials more with its own generator. With 16 or
	// more neurons the ML errors are near normal (no catastrophic errors
	// across the circle), so a squared error is close to σ²χ²₁ (skewness
	// 2.8, and the grid makes it lighter): a mean of 500 has skewness 0.13
	// and is near normal, and the difference of the two means, judged at
	// check.NoiseZ standard errors, strays that far with a probability
	// below 1e-8. Two cases: a right answer fails below 1e-7. The
	// judge's trials widen the standard error by √(1 + 500/1500), 15 %.
	Judge: func(c errorCase, got float64) error {
		p := c.Pop
		errs := ref.MLErrors(c.S, p.Prefs, p.Width, p.Base, p.Amp, p.Window, c.Grid, refTrials, rand.New(rand.NewPCG(c.Seed, errorStream)))
		sq := make([]float64, len(errs))
		for k, e := range errs {
			sq[k] = e * e
		}
		mean, v := check.MeanVariance(sq)
		se := math.Sqrt(v/float64(c.Trials) + v/refTrials)
		if err := check.WithinSE(got*got, mean, se, check.NoiseZ); err != nil {
			return fmt.Errorf("the squared RMS error (deg²), %v; that is an RMS error of %.4g°, want about %.4g°", err, got, math.Sqrt(mean))
		}
		return nil
	},
	Show: func(c errorCase) string {
		return fmt.Sprintf("%v; %d trials at s = %g°, a grid of %g° steps, seed %d", c.Pop, c.Trials, c.S, c.Step, c.Seed)
	},
	Hint: "means := pop.Means(grid) once; then for each trial counts := pop.Counts(s, rng), decode with your MLDecode and " +
		"add the squared AngleError (circular: s may be near 0°); return the square root of the mean.",
})

// CheckMLError checks Level 25: mlError(pop, s, grid, trials, rng) returns
// the RMS circular error (deg) of maximum-likelihood decoding on the grid
// (deg) over trials trials of the population's counts at the direction s
// (deg), drawn with pop.Counts(s, rng). The check judges the squared error
// in standard errors.
func CheckMLError(mlError func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64) check.Result {
	return mlErrorLevel.Check(func(in errorCase) float64 {
		p := in.Pop
		p.Prefs = slices.Clone(p.Prefs)
		return mlError(p, in.S, slices.Clone(in.Grid), in.Trials, check.NewRand(in.Seed))
	})
}
