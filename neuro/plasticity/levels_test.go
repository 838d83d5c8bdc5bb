package plasticity

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/plasticity"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
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
		Variants: []any{
			// η·y precomputed, w updated in a copy.
			func(w, x []float64, eta float64) []float64 {
				var y float64
				for i := range x {
					y += x[i] * w[i]
				}
				next, k := slices.Clone(w), eta*y
				for i := range next {
					next[i] += k * x[i]
				}
				return next
			},
			// gonum: w + (η·y)·x with floats.AddScaled.
			func(w, x []float64, eta float64) []float64 {
				next := slices.Clone(w)
				floats.AddScaled(next, eta*floats.Dot(w, x), x)
				return next
			},
		},
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
		Variants: []any{
			// The rule inlined; the length from math.Hypot, one component at a time.
			func(w0 []float64, xs [][]float64, eta float64) []float64 {
				norm := func(w []float64) float64 {
					var n float64
					for _, v := range w {
						n = math.Hypot(n, v)
					}
					return n
				}
				w := slices.Clone(w0)
				norms := []float64{norm(w)}
				for _, x := range xs {
					y := floats.Dot(w, x)
					for i := range w {
						w[i] += eta * y * x[i]
					}
					norms = append(norms, norm(w))
				}
				return norms
			},
			// The norms gathered after the run from every weight vector.
			func(w0 []float64, xs [][]float64, eta float64) []float64 {
				ws := [][]float64{w0}
				for _, x := range xs {
					ws = append(ws, ref.HebbStep(ws[len(ws)-1], x, eta))
				}
				norms := make([]float64, len(ws))
				for k, w := range ws {
					norms[k] = floats.Norm(w, 2)
				}
				return norms
			},
		},
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
		Variants: []any{
			// The bounds by ifs.
			func(w, x []float64, eta, wMax float64) []float64 {
				y := floats.Dot(w, x)
				next := make([]float64, len(w))
				for i := range w {
					v := w[i] + eta*x[i]*y
					if v < 0 {
						v = 0
					} else if v > wMax {
						v = wMax
					}
					next[i] = v
				}
				return next
			},
			// math.Min and math.Max around Level 1's step.
			func(w, x []float64, eta, wMax float64) []float64 {
				next := ref.HebbStep(w, x, eta)
				for i, v := range next {
					next[i] = math.Max(0, math.Min(wMax, v))
				}
				return next
			},
		},
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
		Variants: []any{
			// η·(y − ȳ) precomputed.
			func(w, x, xMean []float64, yMean, eta float64) []float64 {
				k := eta * (floats.Dot(x, w) - yMean)
				next := slices.Clone(w)
				for i := range next {
					next[i] += k * (x[i] - xMean[i])
				}
				return next
			},
			// The centred input first, as a vector.
			func(w, x, xMean []float64, yMean, eta float64) []float64 {
				dx := make([]float64, len(x))
				floats.SubTo(dx, x, xMean)
				y := floats.Dot(w, x)
				next := slices.Clone(w)
				floats.AddScaled(next, eta*(y-yMean), dx)
				return next
			},
		},
		// Subtracts the mean on the output side only.
		Wrong: func() check.Result {
			return CheckCovarianceStep(func(w, x, xMean []float64, yMean, eta float64) []float64 {
				return ref.CovarianceStep(w, x, make([]float64, len(x)), yMean, eta)
			})
		}},
	{Check: CheckNormalizedHebbStep,
		Right: ref.NormalizedHebbStep,
		Variants: []any{
			// Multiplied by 1/|w|.
			func(w, x []float64, eta float64) []float64 {
				next := ref.HebbStep(w, x, eta)
				floats.Scale(1/floats.Norm(next, 2), next)
				return next
			},
			// The length from the sum of squares, the step inlined.
			func(w, x []float64, eta float64) []float64 {
				y := floats.Dot(w, x)
				next := make([]float64, len(w))
				var ss float64
				for i := range w {
					next[i] = w[i] + eta*y*x[i]
					ss += next[i] * next[i]
				}
				for i := range next {
					next[i] /= math.Sqrt(ss)
				}
				return next
			},
		},
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
		Variants: []any{
			// Expanded: w + η·y·x − η·y²·w.
			func(w, x []float64, eta float64) []float64 {
				y := floats.Dot(w, x)
				next := make([]float64, len(w))
				for i := range w {
					next[i] = w[i] + eta*y*x[i] - eta*y*y*w[i]
				}
				return next
			},
			// Factored: (1 − η·y²)·w + η·y·x.
			func(w, x []float64, eta float64) []float64 {
				y := floats.Dot(w, x)
				next := slices.Clone(w)
				floats.Scale(1-eta*y*y, next)
				floats.AddScaled(next, eta*y, x)
				return next
			},
		},
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
		Variants: []any{
			// One vector updated in place, cloned into the list.
			func(w0 []float64, xs [][]float64, eta float64) [][]float64 {
				w := slices.Clone(w0)
				ws := [][]float64{slices.Clone(w)}
				for _, x := range xs {
					y := floats.Dot(w, x)
					for i := range w {
						w[i] += eta * y * (x[i] - y*w[i])
					}
					ws = append(ws, slices.Clone(w))
				}
				return ws
			},
			// The list made first, each row from the one before with the expanded step.
			func(w0 []float64, xs [][]float64, eta float64) [][]float64 {
				ws := make([][]float64, len(xs)+1)
				ws[0] = slices.Clone(w0)
				for k, x := range xs {
					y := floats.Dot(ws[k], x)
					ws[k+1] = make([]float64, len(x))
					for i := range x {
						ws[k+1][i] = ws[k][i] + eta*y*x[i] - eta*y*y*ws[k][i]
					}
				}
				return ws
			},
		},
		// Leaves out the starting weights.
		Wrong: func() check.Result {
			return CheckOjaRun(func(w0 []float64, xs [][]float64, eta float64) [][]float64 {
				return ref.OjaRun(w0, xs, eta)[1:]
			})
		}},
	{Check: CheckCovariance,
		Right: ref.Covariance,
		Variants: []any{
			// gonum's stat.CovarianceMatrix.
			func(xs [][]float64) [][]float64 {
				d := mat.NewDense(len(xs), len(xs[0]), nil)
				for k, x := range xs {
					d.SetRow(k, x)
				}
				var c mat.SymDense
				stat.CovarianceMatrix(&c, d, nil)
				out := make([][]float64, len(xs[0]))
				for i := range out {
					out[i] = make([]float64, len(xs[0]))
					for j := range out[i] {
						out[i][j] = c.At(i, j)
					}
				}
				return out
			},
			// The mean summed then divided; the upper triangle mirrored.
			func(xs [][]float64) [][]float64 {
				d, n := len(xs[0]), float64(len(xs))
				mean := make([]float64, d)
				for _, x := range xs {
					floats.Add(mean, x)
				}
				floats.Scale(1/n, mean)
				c := make([][]float64, d)
				for i := range c {
					c[i] = make([]float64, d)
				}
				for i := range d {
					for j := i; j < d; j++ {
						var s float64
						for _, x := range xs {
							s += (x[i] - mean[i]) * (x[j] - mean[j])
						}
						c[i][j], c[j][i] = s/(n-1), s/(n-1)
					}
				}
				return c
			},
		},
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
		Variants: []any{
			// Power iteration, then the sign that makes the largest component positive.
			func(c [][]float64) ([]float64, float64) {
				v := make([]float64, len(c))
				for i := range v {
					v[i] = 1 / math.Sqrt(float64(len(v))+float64(i))
				}
				var lambda float64
				for range 20000 {
					next := make([]float64, len(v))
					for i := range c {
						next[i] = floats.Dot(c[i], v)
					}
					lambda = floats.Norm(next, 2)
					floats.Scale(1/lambda, next)
					v = next
				}
				if k := floats.MaxIdx(v); -floats.Min(v) > v[k] {
					floats.Scale(-1, v)
				}
				return v, lambda
			},
			// gonum's EigenSym, the last (largest) pair.
			func(c [][]float64) ([]float64, float64) {
				d := len(c)
				s := mat.NewSymDense(d, nil)
				for i := range d {
					for j := range d {
						s.SetSym(i, j, c[i][j])
					}
				}
				var e mat.EigenSym
				e.Factorize(s, true)
				var vec mat.Dense
				e.VectorsTo(&vec)
				v := mat.Col(nil, d-1, &vec)
				if math.Abs(floats.Min(v)) > math.Abs(floats.Max(v)) {
					floats.Scale(-1, v)
				}
				return v, e.Values(nil)[d-1]
			},
		},
		// The first of gonum's eigenvalues, which is the smallest.
		Wrong: func() check.Result {
			return CheckPrincipalComponent(func(c [][]float64) ([]float64, float64) {
				values, vectors := ref.Eigen(c)
				return vectors[len(c)-1], values[len(c)-1]
			})
		}},
	{Check: CheckOjaAngle,
		Right: ref.OjaAngle,
		Variants: []any{
			// The angle from atan2 of the cross and dot products' magnitudes (2-D).
			func(w0 []float64, xs [][]float64, eta float64) float64 {
				ws := ref.OjaRun(w0, xs, eta)
				w := ws[len(ws)-1]
				pc, _ := ref.PrincipalComponent(ref.Covariance(xs))
				if len(w) != 2 {
					return ref.Angle(w, pc)
				}
				return math.Atan2(math.Abs(w[0]*pc[1]-w[1]*pc[0]), math.Abs(floats.Dot(w, pc))) * 180 / math.Pi
			},
			// The weights normalised first; the angle folded into [0, 90] after acos.
			func(w0 []float64, xs [][]float64, eta float64) float64 {
				ws := ref.OjaRun(w0, xs, eta)
				w := slices.Clone(ws[len(ws)-1])
				floats.Scale(1/floats.Norm(w, 2), w)
				pc, _ := ref.PrincipalComponent(ref.Covariance(xs))
				a := math.Acos(max(-1, min(1, floats.Dot(w, pc)/floats.Norm(pc, 2)))) * 180 / math.Pi
				return min(a, 180-a)
			},
		},
		// In radians.
		Wrong: func() check.Result {
			return CheckOjaAngle(func(w0 []float64, xs [][]float64, eta float64) float64 {
				return ref.OjaAngle(w0, xs, eta) * math.Pi / 180
			})
		}},
	{Check: CheckBCMStep,
		Right: ref.BCMStep,
		Variants: []any{
			// Expanded: η·x·y² − η·x·y·θ.
			func(w, x []float64, theta, eta float64) []float64 {
				y := floats.Dot(w, x)
				next := slices.Clone(w)
				for i := range next {
					next[i] += eta*x[i]*y*y - eta*x[i]*y*theta
				}
				return next
			},
			// η·y·(y − θ) precomputed.
			func(w, x []float64, theta, eta float64) []float64 {
				y := floats.Dot(x, w)
				next := slices.Clone(w)
				floats.AddScaled(next, eta*y*(y-theta), x)
				return next
			},
		},
		// The sign of y − θ reversed.
		Wrong: func() check.Result {
			return CheckBCMStep(func(w, x []float64, theta, eta float64) []float64 { return ref.BCMStep(w, x, theta, -eta) })
		}},
	{Check: CheckBCMRun,
		Right: ref.BCMRun,
		Variants: []any{
			// θ as a weighted mean: (1 − 1/τ)·θ + y²/(y0·τ).
			func(w0 []float64, patterns [][]float64, order []int, eta, tauTheta, y0, theta0 float64) ([][]float64, []float64) {
				w, theta := slices.Clone(w0), theta0
				var ws [][]float64
				var thetas []float64
				for _, k := range order {
					x := patterns[k]
					y := floats.Dot(w, x)
					floats.AddScaled(w, eta*y*(y-theta), x)
					theta = (1-1/tauTheta)*theta + y*y/(y0*tauTheta)
					ws, thetas = append(ws, slices.Clone(w)), append(thetas, theta)
				}
				return ws, thetas
			},
			// Level 11's step, the slices made first.
			func(w0 []float64, patterns [][]float64, order []int, eta, tauTheta, y0, theta0 float64) ([][]float64, []float64) {
				ws, thetas := make([][]float64, len(order)), make([]float64, len(order))
				w, theta := w0, theta0
				for n, k := range order {
					y := ref.Dot(patterns[k], w)
					w = ref.BCMStep(w, patterns[k], theta, eta)
					theta += (y/y0*y - theta) / tauTheta
					ws[n], thetas[n] = w, theta
				}
				return ws, thetas
			},
		},
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
		Variants: []any{
			// The exponent as a product with 1/τ, the depression's sign inside.
			func(p STDP, dt float64) float64 {
				if dt > 0 {
					return p.APlus * math.Exp(-dt*(1/p.TauPlus))
				} else if dt < 0 {
					return (-p.AMinus) * math.Exp(dt*(1/p.TauMinus))
				}
				return 0
			},
			// |Δt| in the exponent, the amplitude chosen first.
			func(p STDP, dt float64) float64 {
				if dt == 0 {
					return 0
				}
				a, tau := p.APlus, p.TauPlus
				if dt < 0 {
					a, tau = -p.AMinus, p.TauMinus
				}
				return a * math.Exp(-math.Abs(dt)/tau)
			},
		},
		// Δt taken as t_pre − t_post.
		Wrong: func(p STDP, dt float64) float64 { return window(p, -dt) }},
	{Check: CheckPairing,
		Right: pairing,
		Variants: []any{
			// The change computed once, the bounds by ifs.
			func(p STDP, w0, dt float64, n int, wMax float64) []float64 {
				d := window(p, dt)
				ws := make([]float64, n+1)
				ws[0] = w0
				for k := 1; k <= n; k++ {
					w := ws[k-1] + d
					if w > wMax {
						w = wMax
					}
					if w < 0 {
						w = 0
					}
					ws[k] = w
				}
				return ws
			},
			// math.Max and math.Min, the window written out.
			func(p STDP, w0, dt float64, n int, wMax float64) []float64 {
				var d float64
				if dt > 0 {
					d = p.APlus * math.Exp(-dt/p.TauPlus)
				} else if dt < 0 {
					d = -p.AMinus * math.Exp(dt/p.TauMinus)
				}
				ws := []float64{w0}
				for range n {
					ws = append(ws, math.Min(wMax, math.Max(0, ws[len(ws)-1]+d)))
				}
				return ws
			},
		},
		// No bounds.
		Wrong: func() check.Result {
			return CheckPairing(func(p STDP, w0, dt float64, n int, wMax float64) []float64 {
				return pairing(p, w0, dt, n, math.Inf(1))
			})
		}},
	{Check: CheckPairSum,
		Right: pairSum,
		Variants: []any{
			// The post spikes outside, potentiation and depression summed apart.
			func(p STDP, pre, post []float64) float64 {
				var plus, minus float64
				for _, tq := range post {
					for _, tp := range pre {
						if d := tq - tp; d > 0 {
							plus += math.Exp(-d / p.TauPlus)
						} else if d < 0 {
							minus += math.Exp(d / p.TauMinus)
						}
					}
				}
				return p.APlus*plus - p.AMinus*minus
			},
			// Each pair's change in a slice, summed at the end.
			func(p STDP, pre, post []float64) float64 {
				var dws []float64
				for _, tp := range pre {
					for _, tq := range post {
						dws = append(dws, window(p, tq-tp))
					}
				}
				return floats.Sum(dws)
			},
		},
		// Δt taken as t_pre − t_post.
		Wrong: func() check.Result {
			return CheckPairSum(func(p STDP, pre, post []float64) float64 { return pairSum(p, post, pre) })
		}},
	{Check: CheckTraceSTDP,
		Right: traceSTDP,
		Variants: []any{
			// Merged events sorted first; each trace remembers its own last time.
			func(p STDP, pre, post []float64) float64 {
				type event struct {
					t   float64
					pre bool
				}
				var ev []event
				for _, t := range pre {
					ev = append(ev, event{t, true})
				}
				for _, t := range post {
					ev = append(ev, event{t, false})
				}
				slices.SortFunc(ev, func(a, b event) int { return cmp.Compare(a.t, b.t) })
				var xPre, xPost, tPre, tPost, dw float64
				for _, e := range ev {
					if e.pre {
						dw -= p.AMinus * xPost * math.Exp(-(e.t-tPost)/p.TauMinus)
						xPre, tPre = xPre*math.Exp(-(e.t-tPre)/p.TauPlus)+1, e.t
					} else {
						dw += p.APlus * xPre * math.Exp(-(e.t-tPre)/p.TauPlus)
						xPost, tPost = xPost*math.Exp(-(e.t-tPost)/p.TauMinus)+1, e.t
					}
				}
				return dw
			},
			// The traces as sums over past spikes (the closed form of the online rule).
			func(p STDP, pre, post []float64) float64 {
				var dw float64
				for _, tq := range post {
					for _, tp := range pre {
						if tp < tq {
							dw += p.APlus * math.Exp(-(tq-tp)/p.TauPlus)
						}
					}
				}
				for _, tp := range pre {
					for _, tq := range post {
						if tq < tp {
							dw -= p.AMinus * math.Exp(-(tp-tq)/p.TauMinus)
						}
					}
				}
				return dw
			},
		},
		// Both traces decay with τ₊.
		Wrong: func() check.Result {
			return CheckTraceSTDP(func(p STDP, pre, post []float64) float64 {
				p.TauMinus = p.TauPlus
				return traceSTDP(p, pre, post)
			})
		}},
	{Check: CheckSynapseChanges,
		Right: synapseChanges,
		Variants: []any{
			// With append.
			func(p STDP, pres [][]float64, post []float64) []float64 {
				var dw []float64
				for _, pre := range pres {
					dw = append(dw, traceSTDP(p, pre, post))
				}
				return dw
			},
			// Level 15's pair sum, which the online rule equals.
			func(p STDP, pres [][]float64, post []float64) []float64 {
				dw := make([]float64, len(pres))
				for k := range pres {
					dw[k] = pairSum(p, pres[k], post)
				}
				return dw
			},
		},
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
		Variants: []any{
			// The rates turned into 1/ms first.
			func(p STDP, rPre, rPost float64) float64 {
				return 1000 * (rPre / 1000) * (rPost / 1000) * (p.APlus*p.TauPlus - p.AMinus*p.TauMinus)
			},
			// Expanded, τ in seconds.
			func(p STDP, rPre, rPost float64) float64 {
				tp, tm := p.TauPlus/1000, p.TauMinus/1000
				return rPre*rPost*p.APlus*tp - rPre*rPost*p.AMinus*tm
			},
		},
		// The τ left in ms.
		Wrong: func() check.Result {
			return CheckDrift(func(p STDP, rPre, rPost float64) float64 { return drift(p, rPre, rPost) * 1000 })
		}},
	{Check: CheckCompete,
		Right: compete,
		Variants: []any{
			// The traces decayed by exp each step, the bounds applied with ifs.
			func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
				return competeLoop(p, pre, w0, theta, wMax, dt, false)
			},
			// The decay factors precomputed, the rule as Level 13's pairing: one weight at a time.
			func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
				return competeByInput(p, pre, w0, theta, wMax, dt, false)
			},
		},
		// Soft bounds where the rule is additive.
		Wrong: softCompete},
	{Check: CheckSoftCompete,
		Right: softCompete,
		Variants: []any{
			// The traces decayed by exp each step, the bounds applied with ifs.
			func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
				return competeLoop(p, pre, w0, theta, wMax, dt, true)
			},
			// The decay factors precomputed, one weight at a time.
			func(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64) []float64 {
				return competeByInput(p, pre, w0, theta, wMax, dt, true)
			},
		},
		// The additive rule.
		Wrong: compete},
	{Check: CheckScalingRun,
		Right: ref.ScalingRun,
		Variants: []any{
			// The factor applied to the rate's sum instead of recomputing it from scratch.
			func(w0, inputs []float64, gain, target, eta float64, steps int) []float64 {
				w := slices.Clone(w0)
				rates := make([]float64, 0, steps+1)
				for k := 0; k <= steps; k++ {
					r := gain * floats.Dot(inputs, w)
					rates = append(rates, r)
					if k < steps {
						floats.Scale(1+eta*(1-r/target), w)
					}
				}
				return rates
			},
			// The weights scaled one at a time, the factor written (target + η·(target − r))/target.
			func(w0, inputs []float64, gain, target, eta float64, steps int) []float64 {
				w := slices.Clone(w0)
				rate := func() float64 {
					var s float64
					for i := range w {
						s += gain * w[i] * inputs[i]
					}
					return s
				}
				rates := []float64{rate()}
				for range steps {
					r := rates[len(rates)-1]
					for i := range w {
						w[i] = w[i] * (target + eta*(target-r)) / target
					}
					rates = append(rates, rate())
				}
				return rates
			},
		},
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
		Variants: []any{
			// The rectification by an if, the slice made first.
			func(inputs []float64, theta0, gain, target, eta float64) []float64 {
				thetas := make([]float64, len(inputs)+1)
				thetas[0] = theta0
				for k, in := range inputs {
					r := 0.0
					if in > thetas[k] {
						r = gain * (in - thetas[k])
					}
					thetas[k+1] = thetas[k] + eta*r - eta*target
				}
				return thetas
			},
			// math.Max, the gain applied after it.
			func(inputs []float64, theta0, gain, target, eta float64) []float64 {
				theta, thetas := theta0, []float64{theta0}
				for _, in := range inputs {
					theta -= eta * (target - math.Max(in-theta, 0)*gain)
					thetas = append(thetas, theta)
				}
				return thetas
			},
		},
		// The sign reversed: a high rate lowers θ.
		Wrong: func() check.Result {
			return CheckAdaptThreshold(func(inputs []float64, theta0, gain, target, eta float64) []float64 {
				return ref.AdaptThreshold(inputs, theta0, gain, target, -eta)
			})
		}},
	{Check: CheckRecall,
		Right: ref.Recall,
		Variants: []any{
			// The field summed from the last unit to the first, in a matrix from gonum.
			func(patterns [][]float64, cue []float64) []float64 {
				n := len(cue)
				w := mat.NewDense(n, n, nil)
				for _, xi := range patterns {
					for i := range n {
						for j := range n {
							if i != j {
								w.Set(i, j, w.At(i, j)+xi[i]*xi[j]/float64(n))
							}
						}
					}
				}
				s := slices.Clone(cue)
				for range ref.MaxRecall {
					next := make([]float64, n)
					for i := range n {
						var h float64
						for j := n - 1; j >= 0; j-- {
							h += w.At(i, j) * s[j]
						}
						next[i] = 1
						if h < 0 {
							next[i] = -1
						}
					}
					done := slices.Equal(next, s)
					s = next
					if done {
						break
					}
				}
				return s
			},
			// The field as Σ_p ξ_i·(ξ·s)/N minus the diagonal, without the matrix.
			func(patterns [][]float64, cue []float64) []float64 {
				n := float64(len(cue))
				s := slices.Clone(cue)
				for range ref.MaxRecall {
					next := make([]float64, len(s))
					for i := range s {
						var h float64
						for _, xi := range patterns {
							h += xi[i] * (floats.Dot(xi, s) - xi[i]*s[i]) / n
						}
						next[i] = math.Copysign(1, h)
						if h == 0 {
							next[i] = 1
						}
					}
					if slices.Equal(next, s) {
						break
					}
					s = next
				}
				return s
			},
		},
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
		Variants: []any{
			// The total weight kept as a running sum, the rate from it.
			func(g Growth, noise, u [][]float64) ([]float64, []int) {
				n := len(noise[0])
				w := make([]float64, n)
				alive := make([]bool, n)
				var rates []float64
				var counts []int
				for t := range noise {
					var sum float64
					for i := range n {
						if !alive[i] {
							continue
						}
						w[i] = w[i] + g.Relax*(g.WInit-w[i]) + g.Sigma*noise[t][i]
						if alive[i] = w[i] >= g.WFloor; alive[i] {
							sum += w[i]
						}
					}
					p := g.Rate * math.Max(0, 1-g.Gain*sum/g.Target)
					count := 0
					for i := range n {
						if !alive[i] && u[t][i] < p {
							alive[i], w[i] = true, g.WInit
							sum += g.WInit
						}
						if alive[i] {
							count++
						}
					}
					rates, counts = append(rates, g.Gain*sum), append(counts, count)
				}
				return rates, counts
			},
			// The synapses as a map from site to weight.
			func(g Growth, noise, u [][]float64) ([]float64, []int) {
				syn := map[int]float64{}
				rate := func() float64 {
					var s float64
					for i := range len(noise[0]) {
						if w, ok := syn[i]; ok {
							s += w
						}
					}
					return g.Gain * s
				}
				var rates []float64
				var counts []int
				for t := range noise {
					for i := range len(noise[0]) {
						if w, ok := syn[i]; ok {
							if w += g.Relax*(g.WInit-w) + g.Sigma*noise[t][i]; w < g.WFloor {
								delete(syn, i)
							} else {
								syn[i] = w
							}
						}
					}
					p := g.Rate * max(0, g.Target-rate()) / g.Target
					for i := range len(noise[0]) {
						if _, ok := syn[i]; !ok && u[t][i] < p {
							syn[i] = g.WInit
						}
					}
					rates, counts = append(rates, rate()), append(counts, len(syn))
				}
				return rates, counts
			},
		},
		// The growth probability not divided by the target.
		Wrong: func() check.Result {
			return CheckStructural(func(g Growth, noise, u [][]float64) ([]float64, []int) {
				g.Rate *= g.Target
				return structural(g, noise, u)
			})
		}},
	{Check: CheckSanger,
		Right: ref.Sanger,
		Variants: []any{
			// The back-projection kept as a running sum over the rows, each y_j
			// computed when its row comes.
			func(w0 [][]float64, xs [][]float64, eta float64) [][]float64 {
				w := w0
				for _, x := range xs {
					back := make([]float64, len(x))
					next := make([][]float64, 0, len(w))
					for _, row := range w {
						y := floats.Dot(row, x)
						floats.AddScaled(back, y, row)
						out := append([]float64(nil), row...)
						for i := range out {
							out[i] += eta * y * (x[i] - back[i])
						}
						next = append(next, out)
					}
					w = next
				}
				return w
			},
			// In matrix form: W += η·(y·xᵀ − LT(y·yᵀ)·W), with gonum.
			func(w0 [][]float64, xs [][]float64, eta float64) [][]float64 {
				m, d := len(w0), len(w0[0])
				w := mat.NewDense(m, d, nil)
				for j := range w0 {
					w.SetRow(j, w0[j])
				}
				for _, x := range xs {
					xv := mat.NewVecDense(d, slices.Clone(x))
					var y mat.VecDense
					y.MulVec(w, xv)
					lt := mat.NewDense(m, m, nil)
					for j := range m {
						for k := 0; k <= j; k++ {
							lt.Set(j, k, y.AtVec(j)*y.AtVec(k))
						}
					}
					var yx, back mat.Dense
					yx.Outer(1, &y, xv)
					back.Mul(lt, w)
					yx.Sub(&yx, &back)
					yx.Scale(eta, &yx)
					w.Add(w, &yx)
				}
				out := make([][]float64, m)
				for j := range out {
					out[j] = mat.Row(nil, j, w)
				}
				return out
			},
		},
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

// competeLoop is Compete with the traces decayed by math.Exp each step and
// the bounds applied with ifs.
func competeLoop(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64, soft bool) []float64 {
	w := slices.Clone(w0)
	xPre := make([]float64, len(pre))
	var xPost float64
	for k := range pre[0] {
		var drive float64
		for i := range pre {
			if k > 0 && pre[i][k-1] {
				drive += w[i]
			}
		}
		fired := k > 0 && drive >= theta
		for i := range xPre {
			xPre[i] = xPre[i] * math.Exp(-dt/p.TauPlus)
		}
		xPost = xPost * math.Exp(-dt/p.TauMinus)
		for i := range w {
			if fired && soft {
				w[i] += p.APlus * xPre[i] * (wMax - w[i])
			} else if fired {
				w[i] += p.APlus * xPre[i]
			}
			if pre[i][k] && soft {
				w[i] -= p.AMinus * xPost * w[i]
			} else if pre[i][k] {
				w[i] -= p.AMinus * xPost
			}
			if w[i] < 0 {
				w[i] = 0
			}
			if w[i] > wMax {
				w[i] = wMax
			}
			if pre[i][k] {
				xPre[i] += 1
			}
		}
		if fired {
			xPost += 1
		}
	}
	return w
}

// competeByInput is Compete with the decay factors precomputed and the
// spikes of the neuron found first, each step, before the weights change.
func competeByInput(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64, soft bool) []float64 {
	w := slices.Clone(w0)
	dPlus, dMinus := math.Exp(-dt/p.TauPlus), math.Exp(-dt/p.TauMinus)
	xPre := make([]float64, len(pre))
	xPost := 0.0
	for k := range len(pre[0]) {
		fired := false
		if k > 0 {
			var drive float64
			for i, train := range pre {
				if train[k-1] {
					drive += w[i]
				}
			}
			fired = drive >= theta
		}
		xPost *= dMinus
		for i, train := range pre {
			xPre[i] *= dPlus
			dw := 0.0
			if fired {
				gain := p.APlus
				if soft {
					gain *= wMax - w[i]
				}
				dw += gain * xPre[i]
			}
			w[i] += dw
			if train[k] {
				loss := p.AMinus * xPost
				if soft {
					loss *= w[i]
				}
				w[i] -= loss
				xPre[i]++
			}
			w[i] = min(max(w[i], 0), wMax)
		}
		if fired {
			xPost++
		}
	}
	return w
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
	// Recall's random cases never put a unit's field at exactly 0.
	for range 100 {
		c := recallLevel.Random(r)
		if n, p := len(c.Cue), len(c.Patterns); n%2 != 0 || p%2 != 1 {
			t.Fatalf("Recall: N = %d and %d patterns: a field may be 0", n, p)
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
