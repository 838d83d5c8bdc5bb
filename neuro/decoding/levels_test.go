package decoding

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	"github.com/neurogo/course/neuro/internal/coding"
	ref "github.com/neurogo/course/neuro/internal/decoding"
	"gonum.org/v1/gonum/mat"
)

// refMLError is the reference of Level 25 with the learner's signature.
func refMLError(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
	return ref.MLError(s, pop.Prefs, pop.Width, pop.Base, pop.Amp, pop.Window, grid, trials, rng)
}

func ridge(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
	w, err := ref.Ridge(X, y, lambda)
	if err != nil {
		panic(err)
	}
	return w
}

// otherStream returns a generator independent of rng: a right answer that
// draws its random numbers in another order than the reference.
func otherStream(rng *rand.Rand) *rand.Rand { return rand.New(rand.NewPCG(rng.Uint64(), 99)) }

var levelTests = []checktest.Level{
	{Check: CheckCenterOfMass, Right: ref.CenterOfMass,
		// Forgets to divide by the total count.
		Wrong: func(counts, prefs []float64) float64 {
			s := 0.0
			for i, n := range counts {
				s += n * prefs[i]
			}
			return s
		}},
	{Check: CheckWinnerTakeAll, Right: ref.WinnerTakeAll,
		// Returns the index of the winner, not its preferred direction.
		Wrong: func(counts, prefs []float64) float64 {
			return float64(slices.Index(prefs, ref.WinnerTakeAll(counts, prefs)))
		}},
	{Check: CheckPopulationVector, Right: ref.PopulationVector,
		// math.Atan(y/x): the direction only up to 180°.
		Wrong: func(counts, prefs []float64) float64 {
			var x, y float64
			for i, n := range counts {
				x += n * math.Cos(prefs[i]*math.Pi/180)
				y += n * math.Sin(prefs[i]*math.Pi/180)
			}
			return math.Mod(math.Atan(y/x)*180/math.Pi+360, 360)
		}},
	{Check: CheckAngleError, Right: ref.AngleError,
		// |a − b| modulo 360 without taking the shorter way round.
		Wrong: func(a, b float64) float64 { return math.Abs(math.Mod(a-b, 360)) }},
	{Check: CheckLogLikelihood, Right: ref.LogLikelihood,
		// Forgets the −μ term.
		Wrong: func(counts, means []float64) float64 {
			l := 0.0
			for i, n := range counts {
				if n != 0 {
					l += n * math.Log(means[i])
				}
			}
			return l
		}},
	{Check: CheckMLDecode, Right: ref.MLDecode,
		// Returns the grid index of the best direction, not the direction.
		Wrong: func(counts, grid []float64, means [][]float64) float64 {
			return float64(slices.Index(grid, ref.MLDecode(counts, grid, means)))
		}},
	{Check: CheckMAPDecode, Right: ref.MAPDecode,
		// Ignores the prior: maximum likelihood.
		Wrong: func(counts, grid []float64, means [][]float64, prior []float64) float64 {
			return ref.MLDecode(counts, grid, means)
		}},
	{Check: CheckRMSError, Right: ref.RMSError,
		// Errors as plain differences, not around the circle.
		Wrong: func(estimates, truths []float64) float64 {
			s := 0.0
			for k, e := range estimates {
				s += (e - truths[k]) * (e - truths[k])
			}
			return math.Sqrt(s / float64(len(estimates)))
		}},
	{Check: CheckDPrime, Right: ref.DPrime,
		// √(var a + var b) without the /2.
		Wrong: func(a, b []float64) float64 { return ref.DPrime(a, b) / math.Sqrt2 }},
	{Check: CheckROC, Right: ref.ROC,
		// "Above θ" instead of "at least θ".
		Wrong: func(a, b []float64) ([]float64, []float64) {
			values := slices.Compact(slices.Sorted(slices.Values(slices.Concat(a, b))))
			fpr, tpr := []float64{0}, []float64{0}
			for k := len(values) - 1; k >= 0; k-- {
				fpr = append(fpr, above(a, values[k]))
				tpr = append(tpr, above(b, values[k]))
			}
			return fpr, tpr
		}},
	{Check: CheckAUC, Right: ref.AUC,
		// Rectangles of the lower height instead of trapezoids.
		Wrong: func(fpr, tpr []float64) float64 {
			area := 0.0
			for k := 1; k < len(fpr); k++ {
				area += (fpr[k] - fpr[k-1]) * tpr[k-1]
			}
			return area
		}},
	{Check: CheckTwoAFC, Right: ref.TwoAFC,
		// A tie counts as a loss, not a guess.
		Wrong: func(a, b []float64) float64 {
			wins := 0.0
			for _, x := range a {
				for _, y := range b {
					if y > x {
						wins++
					}
				}
			}
			return wins / float64(len(a)*len(b))
		}},
	{Check: CheckEntropy, Right: ref.Entropy,
		// Natural log: nats, not bits.
		Wrong: func(p []float64) float64 { return ref.Entropy(p) * math.Ln2 }},
	{Check: CheckPoissonEntropy, Right: ref.PoissonEntropy,
		// The Gaussian approximation ½ log₂(2πeμ).
		Wrong: func(mean float64) float64 { return 0.5 * math.Log2(2*math.Pi*math.E*mean) }},
	{Check: CheckJointDistribution, Right: ref.JointDistribution,
		// Normalises each stimulus's row: p(r|s), not p(s, r).
		Wrong: func(stimuli, responses []int, ns, nr int) [][]float64 {
			joint := ref.JointDistribution(stimuli, responses, ns, nr)
			for _, row := range joint {
				sum := 0.0
				for _, p := range row {
					sum += p
				}
				for r := range row {
					if sum > 0 {
						row[r] /= sum
					}
				}
			}
			return joint
		}},
	{Check: CheckConditionalEntropy, Right: ref.ConditionalEntropy,
		// The joint entropy H(S, R).
		Wrong: func(joint [][]float64) float64 { return ref.Entropy(slices.Concat(joint...)) }},
	{Check: CheckMutualInfo, Right: ref.MutualInfo,
		// In nats.
		Wrong: func(joint [][]float64) float64 { return ref.MutualInfo(joint) * math.Ln2 }},
	{Check: CheckInfoFraction, Right: ref.InfoFraction,
		// Divides by H(R), the response entropy.
		Wrong: func(joint [][]float64) float64 {
			_, pr := ref.Marginals(joint)
			return ref.MutualInfo(joint) / ref.Entropy(pr)
		}},
	{Check: CheckShuffleCorrected, Right: ref.ShuffleCorrected,
		// No correction: the plug-in value twice.
		Wrong: func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
			p, _ := ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, rng)
			return p, p
		}},
	{Check: CheckLeastSquares,
		Right: func(X *mat.Dense, y *mat.VecDense) *mat.VecDense { return ridge(X, y, 0) },
		// Xᵀy, the correlation, without solving.
		Wrong: func(X *mat.Dense, y *mat.VecDense) *mat.VecDense {
			var b mat.VecDense
			b.MulVec(X.T(), y)
			return &b
		}},
	{Check: CheckRidge, Right: ridge,
		// Adds λ to every element of XᵀX, not to its diagonal.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
			_, p := X.Dims()
			var a mat.Dense
			a.Mul(X.T(), X)
			for i := range p {
				for j := range p {
					a.Set(i, j, a.At(i, j)+lambda)
				}
			}
			var b, w mat.VecDense
			b.MulVec(X.T(), y)
			if err := w.SolveVec(&a, &b); err != nil {
				panic(err)
			}
			return &w
		}},
	{Check: CheckSplitR2, Right: ref.SplitR2,
		// Fits on every row, the test rows included.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (float64, float64) {
			p := ref.Predict(X, ridge(X, y, lambda))
			var ya, pa, yb, pb []float64
			for i, t := range test {
				if t {
					yb, pb = append(yb, y.AtVec(i)), append(pb, p[i])
				} else {
					ya, pa = append(ya, y.AtVec(i)), append(pa, p[i])
				}
			}
			return ref.R2(ya, pa), ref.R2(yb, pb)
		}},
	{Check: CheckCrossValidate, Right: ref.CrossValidate,
		// Scores each λ on the rows it was fitted to: the training error.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (float64, []float64) {
			n, _ := X.Dims()
			mse := make([]float64, len(lambdas))
			for l, lambda := range lambdas {
				p := ref.Predict(X, ridge(X, y, lambda))
				for i := range n {
					mse[l] += (y.AtVec(i) - p[i]) * (y.AtVec(i) - p[i]) / float64(n)
				}
			}
			return lambdas[slices.Index(mse, slices.Min(mse))], mse
		}},
	{Check: CheckDecodeTrace, Right: ref.DecodeTrace,
		// A centred window that looks ahead.
		Wrong: func(counts [][]float64, prefs []float64, window int) []float64 {
			out := ref.DecodeTrace(counts, prefs, window)
			ahead := ref.DecodeTrace(reversed(counts), prefs, window)
			for t := range out {
				out[t] = ahead[len(out)-1-t]
			}
			return out
		}},
	{Check: CheckMLError, Right: refMLError,
		// Plain differences: near 0°, an estimate of 358° is 358° off.
		Wrong: func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
			means := pop.Means(grid)
			sum := 0.0
			for range trials {
				d := ref.MLDecode(pop.Counts(s, rng), grid, means) - s
				sum += d * d
			}
			return math.Sqrt(sum / float64(trials))
		}},
}

func above(x []float64, theta float64) float64 {
	n := 0
	for _, v := range x {
		if v > theta {
			n++
		}
	}
	return float64(n) / float64(len(x))
}

func reversed(x [][]float64) [][]float64 {
	y := slices.Clone(x)
	slices.Reverse(y)
	return y
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// A right answer whose random numbers differ from the reference's passes
// the statistical levels.
func TestStatisticalLevelsAcceptOtherStreams(t *testing.T) {
	for _, tt := range []struct {
		level int
		res   func() check.Result
	}{
		{19, func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				return ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, otherStream(rng))
			})
		}},
		{25, func() check.Result {
			return CheckMLError(func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				return refMLError(pop, s, grid, trials, otherStream(rng))
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("level %d, another random stream: %s\n%s", tt.level, res.Status, res.Message)
		}
	}
}

// Right answers that differ from the references in harmless ways pass: a
// population vector of 360° for 0° (adding 360° to −0°), and functions that
// change their inputs in place (the check hands them copies).
func TestHarmlessVariantsPass(t *testing.T) {
	for _, tt := range []struct {
		name string
		res  func() check.Result
	}{
		{"population vector 360° for 0°", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				if d := ref.PopulationVector(counts, prefs); d != 0 {
					return d
				}
				return 360
			})
		}},
		{"shuffling the responses in place", func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				plugin := ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr))
				mean := 0.0
				for range shuffles {
					rng.Shuffle(len(responses), func(i, j int) { responses[i], responses[j] = responses[j], responses[i] })
					mean += ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr)) / float64(shuffles)
				}
				return plugin, plugin - mean
			})
		}},
		{"sorting the counts in place", func() check.Result {
			return CheckROC(func(a, b []float64) ([]float64, []float64) {
				slices.Sort(a)
				slices.Sort(b)
				return ref.ROC(a, b)
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("%s: %s, want passed\n%s", tt.name, res.Status, res.Message)
		}
	}
}

// More typical mistakes, each of which must fail.
func TestMoreMistakes(t *testing.T) {
	for _, tt := range []struct {
		name string
		res  func() check.Result
	}{
		{"population vector with degrees given to math.Cos", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				var x, y float64
				for i, n := range counts {
					x += n * math.Cos(prefs[i])
					y += n * math.Sin(prefs[i])
				}
				return math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
			})
		}},
		{"population vector in (−180°, 180°]", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				return ref.PopulationVector(counts, prefs) - 360*math.Floor(ref.PopulationVector(counts, prefs)/180)
			})
		}},
		{"MAP multiplying the log-likelihood by the prior", func() check.Result {
			return CheckMAPDecode(func(counts, grid []float64, means [][]float64, prior []float64) float64 {
				best, bestL := 0, math.Inf(-1)
				for j := range grid {
					if l := ref.LogLikelihood(counts, means[j]) * prior[j]; l > bestL {
						best, bestL = j, l
					}
				}
				return grid[best]
			})
		}},
		{"shuffling stimuli and responses together", func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				p, _ := ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, rng)
				return p, 0
			})
		}},
		{"ML error as the mean squared error, without the square root", func() check.Result {
			return CheckMLError(func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				e := refMLError(pop, s, grid, trials, rng)
				return e * e
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Failed {
			t.Errorf("%s: %s, want failed\n%s", tt.name, res.Status, res.Message)
		}
	}
}

// The helpers the learner and the cases use without the references match
// them: the population's preferred directions, rates, mean counts and
// counts, and the grid.
func TestHelpers(t *testing.T) {
	for _, n := range []int{1, 7, 16, 32} {
		if err := check.CompareSlice(NewPopulation(n).Prefs, coding.Preferred(n, 0, 360), check.Tol{Abs: 1e-12}); err != nil {
			t.Errorf("NewPopulation(%d).Prefs: %v", n, err)
		}
	}
	for _, step := range []float64{0.5, 1, 1.5, 2, 5, 7} {
		if err := check.CompareSlice(Grid(step), coding.Preferred(int(math.Ceil(360/step)), 0, math.Ceil(360/step)*step), check.Tol{Abs: 1e-12}); err != nil {
			t.Errorf("Grid(%g): %v", step, err)
		}
	}
	pop := NewPopulation(12)
	pop.Window = 150
	grid := []float64{0, 17, 359.5, 180, -40, 725}
	for j, s := range grid {
		if err := check.CompareSlice(pop.Rates(s), ref.CircularRates(s, pop.Prefs, pop.Width, pop.Base, pop.Amp), check.Exact); err != nil {
			t.Errorf("Rates(%g): %v", s, err)
		}
		want := ref.MeanCounts(grid, pop.Prefs, pop.Width, pop.Base, pop.Amp, pop.Window)[j]
		if err := check.CompareSlice(pop.Means(grid)[j], want, check.Exact); err != nil {
			t.Errorf("Means at %g: %v", s, err)
		}
		if got, want := pop.Counts(s, rand.New(rand.NewPCG(uint64(j), 1))), ref.Counts(want, rand.New(rand.NewPCG(uint64(j), 1))); !slices.Equal(got, want) {
			t.Errorf("Counts(%g) = %v, ref %v", s, got, want)
		}
		for _, b := range []float64{10, 350, -170} {
			if got, want := angleError(s, b), ref.AngleError(s, b); math.Abs(got-want) > 1e-12 {
				t.Errorf("angleError(%g, %g) = %g, ref %g", s, b, got, want)
			}
			if got, want := wrap(s, b), ref.Wrap(s, b); math.Abs(got-want) > 1e-12 {
				t.Errorf("wrap(%g, %g) = %g, ref %g", s, b, got, want)
			}
		}
	}
	for k := range 20 {
		if got, want := poissonCount(float64(k)/2, rand.New(rand.NewPCG(uint64(k), 3))), coding.PoissonCount(float64(k)/2, rand.New(rand.NewPCG(uint64(k), 3))); got != want {
			t.Errorf("poissonCount(%g) = %d, ref %d", float64(k)/2, got, want)
		}
	}
}
