package plasticity

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/plasticity"
)

// The reference answers, taking this package's types.

func window(p STDP, dt float64) float64 { return ref.Window(ref.STDP(p), dt) }

func pairing(p STDP, w0, dt float64, n int, wMax float64) []float64 {
	return ref.Pairing(ref.STDP(p), w0, dt, n, wMax)
}

func pairSum(p STDP, pre, post []float64) float64   { return ref.PairSum(ref.STDP(p), pre, post) }
func traceSTDP(p STDP, pre, post []float64) float64 { return ref.TraceSTDP(ref.STDP(p), pre, post) }

func synapseChanges(p STDP, pres [][]float64, post []float64) []float64 {
	return ref.SynapseChanges(ref.STDP(p), pres, post)
}

func drift(p STDP, rPre, rPost float64) float64 { return ref.Drift(ref.STDP(p), rPre, rPost) }

func compete(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
	return ref.Compete(ref.STDP(p), pre, w0, theta, wMax, dt, false)
}

func softCompete(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
	return ref.Compete(ref.STDP(p), pre, w0, theta, wMax, dt, true)
}

func structural(g Growth, noise, u [][]float64) ([]float64, []int) {
	return ref.Structural(ref.Growth(g), noise, u)
}

// Stubs of the signatures used more than once.

func zeroStep(w, x []float64, eta float64) []float64                             { return nil }
func zeroCompete(STDP, [][]bool, []float64, float64, float64, float64) []float64 { return nil }

var levelTests = []checktest.Level{
	{Check: CheckHebbStep,
		Right: ref.HebbStep,
		// Forgets the output: adds η·x.
		Wrong: func() check.Result {
			return CheckHebbStep(func(w, x []float64, eta float64) []float64 {
				next := slices.Clone(w)
				for i := range w {
					next[i] += eta * x[i]
				}
				return next
			})
		}},
	{Check: CheckHebbNorms,
		Right: ref.HebbNorms,
		// The squared length.
		Wrong: func() check.Result {
			return CheckHebbNorms(func(w0 []float64, xs [][]float64, eta float64) []float64 {
				n := ref.HebbNorms(w0, xs, eta)
				for k := range n {
					n[k] *= n[k]
				}
				return n
			})
		}},
	{Check: CheckBoundedHebbStep,
		Right: ref.BoundedHebbStep,
		// Only the upper bound.
		Wrong: func() check.Result {
			return CheckBoundedHebbStep(func(w, x []float64, eta, wMax float64) []float64 {
				next := ref.HebbStep(w, x, eta)
				for i := range next {
					next[i] = min(next[i], wMax)
				}
				return next
			})
		}},
	{Check: CheckCovarianceStep,
		Right: ref.CovarianceStep,
		// Subtracts the mean on the output side only.
		Wrong: func() check.Result {
			return CheckCovarianceStep(func(w, x, xMean []float64, yMean, eta float64) []float64 {
				return ref.CovarianceStep(w, x, make([]float64, len(x)), yMean, eta)
			})
		}},
	{Check: CheckNormalizedHebbStep,
		Right: ref.NormalizedHebbStep,
		// Normalizes the sum, not the length.
		Wrong: func() check.Result {
			return CheckNormalizedHebbStep(func(w, x []float64, eta float64) []float64 {
				next := ref.HebbStep(w, x, eta)
				s := 0.0
				for _, v := range next {
					s += v
				}
				for i := range next {
					next[i] /= s
				}
				return next
			})
		}},
	{Check: CheckOjaStep,
		Right: ref.OjaStep,
		// The decay without the factor y: w + η·y·(x − w).
		Wrong: func() check.Result {
			return CheckOjaStep(func(w, x []float64, eta float64) []float64 {
				y := ref.Dot(w, x)
				next := slices.Clone(w)
				for i := range w {
					next[i] += eta * y * (x[i] - w[i])
				}
				return next
			})
		}},
	{Check: CheckOjaRun,
		Right: ref.OjaRun,
		// Leaves out the starting weights.
		Wrong: func() check.Result {
			return CheckOjaRun(func(w0 []float64, xs [][]float64, eta float64) [][]float64 {
				return ref.OjaRun(w0, xs, eta)[1:]
			})
		}},
	{Check: CheckCovariance,
		Right: ref.Covariance,
		// Divides by n.
		Wrong: func() check.Result {
			return CheckCovariance(func(xs [][]float64) [][]float64 {
				c := ref.Covariance(xs)
				n := float64(len(xs))
				for i := range c {
					for j := range c[i] {
						c[i][j] *= (n - 1) / n
					}
				}
				return c
			})
		}},
	{Check: CheckPrincipalComponent,
		Right: ref.PrincipalComponent,
		// The first of gonum's eigenvalues, which is the smallest.
		Wrong: func() check.Result {
			return CheckPrincipalComponent(func(c [][]float64) ([]float64, float64) {
				values, vectors := ref.Eigen(c)
				return vectors[len(c)-1], values[len(c)-1]
			})
		}},
	{Check: CheckOjaAngle,
		Right: ref.OjaAngle,
		// In radians.
		Wrong: func() check.Result {
			return CheckOjaAngle(func(w0 []float64, xs [][]float64, eta float64) float64 {
				return ref.OjaAngle(w0, xs, eta) * math.Pi / 180
			})
		}},
	{Check: CheckBCMStep,
		Right: ref.BCMStep,
		// The sign of y − θ reversed.
		Wrong: func() check.Result {
			return CheckBCMStep(func(w, x []float64, theta, eta float64) []float64 { return ref.BCMStep(w, x, theta, -eta) })
		}},
	{Check: CheckBCMRun,
		Right: ref.BCMRun,
		// θ follows y, not y²/y0.
		Wrong: func() check.Result {
			return CheckBCMRun(func(w0 []float64, patterns [][]float64, order []int, eta, tauTheta, y0, theta0 float64) ([][]float64, []float64) {
				w, theta := w0, theta0
				var ws [][]float64
				var thetas []float64
				for _, k := range order {
					y := ref.Dot(w, patterns[k])
					w = ref.BCMStep(w, patterns[k], theta, eta)
					theta += (y - theta) / tauTheta
					ws, thetas = append(ws, w), append(thetas, theta)
				}
				return ws, thetas
			})
		}},
	{Check: CheckWindow,
		Right: window,
		// Δt taken as t_pre − t_post.
		Wrong: func(p STDP, dt float64) float64 { return window(p, -dt) }},
	{Check: CheckPairing,
		Right: pairing,
		// No bounds.
		Wrong: func() check.Result {
			return CheckPairing(func(p STDP, w0, dt float64, n int, wMax float64) []float64 {
				return pairing(p, w0, dt, n, math.Inf(1))
			})
		}},
	{Check: CheckPairSum,
		Right: pairSum,
		// Δt taken as t_pre − t_post.
		Wrong: func() check.Result {
			return CheckPairSum(func(p STDP, pre, post []float64) float64 { return pairSum(p, post, pre) })
		}},
	{Check: CheckTraceSTDP,
		Right: traceSTDP,
		// Both traces decay with τ₊.
		Wrong: func() check.Result {
			return CheckTraceSTDP(func(p STDP, pre, post []float64) float64 {
				p.TauMinus = p.TauPlus
				return traceSTDP(p, pre, post)
			})
		}},
	{Check: CheckSynapseChanges,
		Right: synapseChanges,
		// Pre and post swapped.
		Wrong: func() check.Result {
			return CheckSynapseChanges(func(p STDP, pres [][]float64, post []float64) []float64 {
				dw := make([]float64, len(pres))
				for k := range pres {
					dw[k] = traceSTDP(p, post, pres[k])
				}
				return dw
			})
		}},
	{Check: CheckDrift,
		Right: drift,
		// The τ left in ms.
		Wrong: func() check.Result {
			return CheckDrift(func(p STDP, rPre, rPost float64) float64 { return drift(p, rPre, rPost) * 1000 })
		}},
	{Check: CheckCompete,
		Right: compete,
		// Soft bounds where the rule is additive.
		Wrong: softCompete},
	{Check: CheckSoftCompete,
		Right: softCompete,
		// The additive rule.
		Wrong: compete},
	{Check: CheckScalingRun,
		Right: ref.ScalingRun,
		// Adds to every weight instead of multiplying.
		Wrong: func() check.Result {
			return CheckScalingRun(func(w0, inputs []float64, gain, target, eta float64, steps int) []float64 {
				w := slices.Clone(w0)
				rates := []float64{gain * ref.Dot(w, inputs)}
				for range steps {
					d := eta * (target - rates[len(rates)-1]) / target
					for i := range w {
						w[i] += d
					}
					rates = append(rates, gain*ref.Dot(w, inputs))
				}
				return rates
			})
		}},
	{Check: CheckAdaptThreshold,
		Right: ref.AdaptThreshold,
		// The sign reversed: a high rate lowers θ.
		Wrong: func() check.Result {
			return CheckAdaptThreshold(func(inputs []float64, theta0, gain, target, eta float64) []float64 {
				return ref.AdaptThreshold(inputs, theta0, gain, target, -eta)
			})
		}},
	{Check: CheckRecall,
		Right: ref.Recall,
		// One update, without repeating.
		Wrong: func() check.Result {
			return CheckRecall(func(patterns [][]float64, cue []float64) []float64 {
				w := ref.Weights(patterns)
				s := make([]float64, len(cue))
				for i := range s {
					s[i] = -1
					if ref.Dot(w[i], cue) >= 0 {
						s[i] = 1
					}
				}
				return s
			})
		}},
	{Check: CheckStructural,
		Right: structural,
		// The growth probability not divided by the target.
		Wrong: func() check.Result {
			return CheckStructural(func(g Growth, noise, u [][]float64) ([]float64, []int) {
				g.Rate *= g.Target
				return structural(g, noise, u)
			})
		}},
	{Check: CheckSanger,
		Right: ref.Sanger,
		// Oja's rule for each output: Σ over k = j only.
		Wrong: func() check.Result {
			return CheckSanger(func(w0 [][]float64, xs [][]float64, eta float64) [][]float64 {
				w := make([][]float64, len(w0))
				for j := range w0 {
					ws := ref.OjaRun(w0[j], xs, eta)
					w[j] = ws[len(ws)-1]
				}
				return w
			})
		}},
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// TestHelpers ties the helpers learners call, written apart from the
// references so that they work while grading, to the references. (The
// input data come from the package inputs, which both use.)
func TestHelpers(t *testing.T) {
	if got, want := DefaultSTDP(), STDP(ref.DefaultSTDP()); got != want {
		t.Errorf("DefaultSTDP() = %v, the reference's is %v", got, want)
	}
	if MaxRecall != ref.MaxRecall {
		t.Errorf("MaxRecall = %d, the reference's is %d", MaxRecall, ref.MaxRecall)
	}
}

// The levels' fixed and random data have the properties their prose
// states.
func TestCases(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		c := randomCov(r, 2+r.IntN(4))
		values, _ := ref.Eigen(c)
		for k := 1; k < len(values); k++ {
			if values[k-1] < 1.4*values[k] || values[k] <= 0 {
				t.Fatalf("randomCov: eigenvalues %v are not spaced by 1.5 to 3", values)
			}
		}
	}
	// The traces' level needs trains with no shared time.
	for _, c := range traceSTDPLevel.Fixed {
		c = drawTrains(c)
		for _, t0 := range c.Post {
			if slices.Contains(c.Pres[0], t0) {
				t.Errorf("a shared spike time %g", t0)
			}
		}
	}
}
