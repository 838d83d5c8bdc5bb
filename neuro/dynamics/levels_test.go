package dynamics

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// The reference answers, taking this package's types.

func fhnDeriv(p FHN, i, v, w float64) (float64, float64) { return ref.FHNDeriv(ref.FHN(p), i, v, w) }
func nullclines(p FHN, i, v float64) (float64, float64)  { return ref.Nullclines(ref.FHN(p), i, v) }
func fhnFixedPoint(p FHN, i float64) (float64, float64)  { return ref.FHNFixedPoint(ref.FHN(p), i) }
func fhnJacobian(p FHN, v, w float64) [2][2]float64      { return ref.FHNJacobian(ref.FHN(p), v, w) }

func fhnTrajectory(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
	return ref.FHNTrajectory(ref.FHN(p), i, v0, w0, dt, steps)
}

func wcSimulate(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
	return ref.WCSimulate(ref.WC(p), e0, i0, dt, steps)
}

func wcFixedPoint(p WC, e0, i0 float64) (float64, float64, float64) {
	return ref.WCFixedPoint(ref.WC(p), e0, i0)
}

func izhikevich(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
	return ref.Izhikevich(ref.Izh(p), i, dt, tEnd)
}

func adEx(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
	return ref.SimulateAdEx(ref.AdEx(p), i, dt, tEnd)
}

func rkStep(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
	return ref.RKStep(tab.toRef(), f, t, y, h)
}

func measureOrder(tab Tableau, dts []float64) float64 { return ref.MeasureOrder(tab.toRef(), dts) }

var levelTests = []checktest.Level{
	{Check: CheckFHNDeriv,
		Right: fhnDeriv,
		Variants: []any{
			// v factored out of the cubic, ε multiplied through.
			func(p FHN, i, v, w float64) (float64, float64) {
				return v*(1-v*v/3) - w + i, p.Eps*v + p.Eps*p.A - p.Eps*p.B*w
			},
			// math.Pow for the cube, terms in another order.
			func(p FHN, i, v, w float64) (float64, float64) {
				return i - w + v - math.Pow(v, 3)/3, (v + p.A - p.B*w) * p.Eps
			},
		},
		// The recovery variable with the wrong sign in dw/dt.
		Wrong: func() check.Result {
			return CheckFHNDeriv(func(p FHN, i, v, w float64) (float64, float64) {
				return v - v*v*v/3 - w + i, p.Eps * (v + p.A + p.B*w)
			})
		}},
	{Check: CheckNullclines,
		Right: nullclines,
		Variants: []any{
			// v factored out, the w-nullcline split over b.
			func(p FHN, i, v float64) (float64, float64) { return v*(1-v*v/3) + i, v/p.B + p.A/p.B },
			// math.Pow, and 1/b precomputed.
			func(p FHN, i, v float64) (float64, float64) {
				invB := 1 / p.B
				return i + v - math.Pow(v, 3)/3, (v + p.A) * invB
			},
		},
		// Forgets the 1/3 of the cubic.
		Wrong: func() check.Result {
			return CheckNullclines(func(p FHN, i, v float64) (float64, float64) { return v - v*v*v + i, (v + p.A) / p.B })
		}},
	{Check: CheckFHNFixedPoint,
		Right: fhnFixedPoint,
		Variants: []any{
			// Newton's method on g(v) = v − v³/3 + I − (v + a)/b from v = 0.
			func(p FHN, i float64) (float64, float64) {
				v := 0.0
				for range 100 {
					v -= (v - v*v*v/3 + i - (v+p.A)/p.B) / (1 - v*v - 1/p.B)
				}
				return v, (v + p.A) / p.B
			},
			// Cardano's formula for the one real root of v³ + 3(1/b − 1)v + 3(a/b − I) = 0.
			func(p FHN, i float64) (float64, float64) {
				P, Q := 3*(1/p.B-1), 3*(p.A/p.B-i)
				d := math.Sqrt(Q*Q/4 + P*P*P/27)
				v := math.Cbrt(-Q/2+d) + math.Cbrt(-Q/2-d)
				return v, (v + p.A) / p.B
			},
		},
		// Ignores the current.
		Wrong: func() check.Result {
			return CheckFHNFixedPoint(func(p FHN, i float64) (float64, float64) { return fhnFixedPoint(p, 0) })
		}},
	{Check: CheckFHNJacobian,
		Right: fhnJacobian,
		Variants: []any{
			// 1 − v² factored, the matrix filled element by element.
			func(p FHN, v, w float64) [2][2]float64 {
				var j [2][2]float64
				j[0][0], j[0][1] = (1-v)*(1+v), -1
				j[1][0], j[1][1] = p.Eps, -p.B*p.Eps
				return j
			},
			// math.Pow for v², the second row as ε·(1, −b).
			func(p FHN, v, w float64) [2][2]float64 {
				row := [2]float64{1, -p.B}
				return [2][2]float64{{1 - math.Pow(v, 2), -1}, {p.Eps * row[0], p.Eps * row[1]}}
			},
		},
		// Leaves ε out of the second row.
		Wrong: func() check.Result {
			return CheckFHNJacobian(func(p FHN, v, w float64) [2][2]float64 { return [2][2]float64{{1 - v*v, -1}, {1, -p.B}} })
		}},
	{Check: CheckLeadingEigen,
		Right: ref.LeadingEigen,
		Variants: []any{
			// The quadratic formula (T ± √(T² − 4D))/2.
			func(j [2][2]float64) (float64, float64) {
				tr, det := j[0][0]+j[1][1], j[0][0]*j[1][1]-j[0][1]*j[1][0]
				if d := tr*tr - 4*det; d >= 0 {
					return (tr + math.Sqrt(d)) / 2, 0
				} else {
					return tr / 2, math.Sqrt(-d) / 2
				}
			},
			// Complex arithmetic: both roots, the one with the larger real part.
			func(j [2][2]float64) (float64, float64) {
				tr, det := j[0][0]+j[1][1], j[0][0]*j[1][1]-j[0][1]*j[1][0]
				r := cmplx.Sqrt(complex(tr*tr/4-det, 0))
				l1, l2 := complex(tr/2, 0)+r, complex(tr/2, 0)-r
				if real(l2) > real(l1) {
					l1 = l2
				}
				return real(l1), math.Abs(imag(l1))
			},
		},
		// The square root of T² − 4D without halving it.
		Wrong: func() check.Result {
			return CheckLeadingEigen(func(j [2][2]float64) (float64, float64) {
				tr, det := j[0][0]+j[1][1], j[0][0]*j[1][1]-j[0][1]*j[1][0]
				if d := tr*tr - 4*det; d >= 0 {
					return tr/2 + math.Sqrt(d), 0
				} else {
					return tr / 2, math.Sqrt(-d)
				}
			})
		}},
	{Check: CheckFHNTrajectory,
		Right: fhnTrajectory,
		Variants: []any{
			// RK4 with the stages as increments k = dt·f, in two scalars.
			func(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
				v, w := []float64{v0}, []float64{w0}
				x, y := v0, w0
				for range steps {
					a1, b1 := fhnDeriv(p, i, x, y)
					a1, b1 = dt*a1, dt*b1
					a2, b2 := fhnDeriv(p, i, x+a1/2, y+b1/2)
					a2, b2 = dt*a2, dt*b2
					a3, b3 := fhnDeriv(p, i, x+a2/2, y+b2/2)
					a3, b3 = dt*a3, dt*b3
					a4, b4 := fhnDeriv(p, i, x+a3, y+b3)
					a4, b4 = dt*a4, dt*b4
					x, y = x+(a1+2*a2+2*a3+a4)/6, y+(b1+2*b2+2*b3+b4)/6
					v, w = append(v, x), append(w, y)
				}
				return v, w
			},
			// RK4 on a [2]float64 state, the weights dt/6 and dt/3 precomputed.
			func(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
				f := func(y [2]float64) [2]float64 {
					return [2]float64{y[0] - y[0]*y[0]*y[0]/3 - y[1] + i, p.Eps * (y[0] + p.A - p.B*y[1])}
				}
				h2, h6, h3 := dt/2, dt/6, dt/3
				y := [2]float64{v0, w0}
				v, w := []float64{v0}, []float64{w0}
				for range steps {
					k1 := f(y)
					k2 := f([2]float64{y[0] + h2*k1[0], y[1] + h2*k1[1]})
					k3 := f([2]float64{y[0] + h2*k2[0], y[1] + h2*k2[1]})
					k4 := f([2]float64{y[0] + dt*k3[0], y[1] + dt*k3[1]})
					for n := range y {
						y[n] += h6*(k1[n]+k4[n]) + h3*(k2[n]+k3[n])
					}
					v, w = append(v, y[0]), append(w, y[1])
				}
				return v, w
			},
		},
		// Forward Euler instead of RK4.
		Wrong: func() check.Result {
			return CheckFHNTrajectory(func(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
				v, w := []float64{v0}, []float64{w0}
				for k := range steps {
					dv, dw := fhnDeriv(p, i, v[k], w[k])
					v, w = append(v, v[k]+dt*dv), append(w, w[k]+dt*dw)
				}
				return v, w
			})
		}},
	{Check: CheckOnsetCurrent,
		Right: func(p FHN) float64 { return ref.OnsetCurrent(ref.FHN(p)) },
		Variants: []any{
			// The terms of I(v) in another order.
			func(p FHN) float64 {
				v := -math.Sqrt(1 - p.Eps*p.B)
				return v*v*v/3 - v + v/p.B + p.A/p.B
			},
			// Bisection on the current for the trace 1 − v*² − ε·b at the fixed point,
			// between the currents that put v* at −2 and at 0.
			func() check.Result {
				return CheckOnsetCurrent(func(p FHN) float64 {
					trace := func(i float64) float64 {
						v, _ := fhnFixedPoint(p, i)
						return 1 - v*v - p.Eps*p.B
					}
					lo, hi := (p.A-2)/p.B+2-8.0/3, p.A/p.B
					for range 100 {
						if mid := (lo + hi) / 2; trace(mid) < 0 {
							lo = mid
						} else {
							hi = mid
						}
					}
					return (lo + hi) / 2
				})
			},
		},
		// The right branch of the cubic, where oscillation ends.
		Wrong: func() check.Result {
			return CheckOnsetCurrent(func(p FHN) float64 {
				v := math.Sqrt(1 - p.Eps*p.B)
				return (v+p.A)/p.B - v + v*v*v/3
			})
		}},
	{Check: CheckSigmoid,
		Right: ref.Sigmoid,
		Variants: []any{
			// The gain multiplied through.
			func(x, gain, theta float64) float64 { return 1 / (1 + math.Exp(gain*theta-gain*x)) },
			// As a hyperbolic tangent.
			func(x, gain, theta float64) float64 { return 0.5 + 0.5*math.Tanh(gain*(x-theta)/2) },
		},
		// The gain on x only.
		Wrong: func() check.Result {
			return CheckSigmoid(func(x, gain, theta float64) float64 { return 1 / (1 + math.Exp(-(gain*x - theta))) })
		}},
	{Check: CheckWCSimulate,
		Right: wcSimulate,
		Variants: []any{
			// In place, dt/τ precomputed.
			func(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
				ke, ki := dt/p.TauE, dt/p.TauI
				x, y := e0, i0
				e, i := []float64{x}, []float64{y}
				for range steps {
					se := ref.Sigmoid(p.WEE*x-p.WEI*y+p.P, p.GainE, p.ThetaE)
					si := ref.Sigmoid(p.WIE*x-p.WII*y+p.Q, p.GainI, p.ThetaI)
					x, y = x+ke*(se-x), y+ki*(si-y)
					e, i = append(e, x), append(i, y)
				}
				return e, i
			},
			// The sigmoids' arguments in another order, the slices made first.
			func(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
				e, i := make([]float64, steps+1), make([]float64, steps+1)
				e[0], i[0] = e0, i0
				for k := 1; k <= steps; k++ {
					se := 1 / (1 + math.Exp(-p.GainE*(p.P+p.WEE*e[k-1]-p.WEI*i[k-1]-p.ThetaE)))
					si := 1 / (1 + math.Exp(-p.GainI*(p.Q+p.WIE*e[k-1]-p.WII*i[k-1]-p.ThetaI)))
					e[k] = e[k-1] + dt*(se-e[k-1])/p.TauE
					i[k] = i[k-1] + dt*(si-i[k-1])/p.TauI
				}
				return e, i
			},
		},
		// Forgets the time constants.
		Wrong: func() check.Result {
			return CheckWCSimulate(func(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
				p.TauE, p.TauI = 1, 1
				return wcSimulate(p, e0, i0, dt, steps)
			})
		}},
	{Check: CheckWCFixedPoint,
		Right: wcFixedPoint,
		Variants: []any{
			// Newton with the inverse Jacobian written out, stopped when the step is tiny.
			func(p WC, e0, i0 float64) (float64, float64, float64) {
				e, i := e0, i0
				for range 200 {
					de, di := ref.WCDeriv(ref.WC(p), e, i)
					j := ref.WCJacobian(ref.WC(p), e, i)
					inv := 1 / (j[0][0]*j[1][1] - j[0][1]*j[1][0])
					se := inv * (j[1][1]*de - j[0][1]*di)
					si := inv * (j[0][0]*di - j[1][0]*de)
					e, i = e-se, i-si
					if math.Abs(se)+math.Abs(si) < 1e-15 {
						break
					}
				}
				re, _ := ref.LeadingEigen(ref.WCJacobian(ref.WC(p), e, i))
				return e, i, re
			},
			// The sigmoid's slope expanded as g·S − g·S², the eigenvalue from the trace and determinant.
			func(p WC, e0, i0 float64) (float64, float64, float64) {
				slope := func(x, g, th float64) float64 {
					s := 1 / (1 + math.Exp(-g*(x-th)))
					return g*s - g*s*s
				}
				e, i := e0, i0
				var j [2][2]float64
				for range 100 {
					de, di := ref.WCDeriv(ref.WC(p), e, i)
					se, si := slope(p.WEE*e-p.WEI*i+p.P, p.GainE, p.ThetaE), slope(p.WIE*e-p.WII*i+p.Q, p.GainI, p.ThetaI)
					j = [2][2]float64{{(se*p.WEE - 1) / p.TauE, -se * p.WEI / p.TauE}, {si * p.WIE / p.TauI, -(1 + si*p.WII) / p.TauI}}
					det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
					e, i = e-(j[1][1]*de-j[0][1]*di)/det, i-(j[0][0]*di-j[1][0]*de)/det
				}
				tr, det := j[0][0]+j[1][1], j[0][0]*j[1][1]-j[0][1]*j[1][0]
				if d := tr*tr/4 - det; d > 0 {
					return e, i, tr/2 + math.Sqrt(d)
				}
				return e, i, tr / 2
			},
		},
		// The eigenvalue of the Jacobian without the time constants.
		Wrong: func() check.Result {
			return CheckWCFixedPoint(func(p WC, e0, i0 float64) (float64, float64, float64) {
				e, i, _ := wcFixedPoint(p, e0, i0)
				q := p
				q.TauE, q.TauI = 1, 1
				re, _ := ref.LeadingEigen(ref.WCJacobian(ref.WC(q), e, i))
				return e, i, re
			})
		}},
	{Check: CheckPeriod,
		Right: ref.Period,
		Variants: []any{
			// The crossing interpolated back from the sample after it.
			func(t, x []float64, level float64) float64 {
				var first, last float64
				n := 0
				for k := 1; k < len(x); k++ {
					if x[k-1] < level && x[k] >= level {
						c := t[k] - (x[k]-level)/(x[k]-x[k-1])*(t[k]-t[k-1])
						if n == 0 {
							first = c
						}
						last, n = c, n+1
					}
				}
				if n < 2 {
					return math.NaN()
				}
				return (last - first) / float64(n-1)
			},
			// The mean of the intervals between successive crossings.
			func(t, x []float64, level float64) float64 {
				var cross []float64
				for k := range len(x) - 1 {
					if x[k] < level && level <= x[k+1] {
						frac := (level - x[k]) / (x[k+1] - x[k])
						cross = append(cross, (1-frac)*t[k]+frac*t[k+1])
					}
				}
				if len(cross) < 2 {
					return math.NaN()
				}
				var sum float64
				for k := 1; k < len(cross); k++ {
					sum += cross[k] - cross[k-1]
				}
				return sum / float64(len(cross)-1)
			},
		},
		// Crossings at the sample after them, not interpolated.
		Wrong: func() check.Result {
			return CheckPeriod(func(t, x []float64, level float64) float64 {
				var c []float64
				for k := 1; k < len(x); k++ {
					if x[k-1] < level && level <= x[k] {
						c = append(c, t[k])
					}
				}
				return (c[len(c)-1] - c[0]) / float64(len(c)-1)
			})
		}},
	{Check: CheckStore,
		Right: ref.Store,
		Variants: []any{
			// Outer products summed, each term divided by N, the diagonal zeroed after.
			func(patterns [][]int) [][]float64 {
				n := len(patterns[0])
				w := make([][]float64, n)
				for i := range w {
					w[i] = make([]float64, n)
				}
				for _, xi := range patterns {
					for i := range n {
						for j := range n {
							w[i][j] += float64(xi[i]) * float64(xi[j]) / float64(n)
						}
					}
				}
				for i := range n {
					w[i][i] = 0
				}
				return w
			},
			// The upper triangle in integers, mirrored.
			func(patterns [][]int) [][]float64 {
				n := len(patterns[0])
				w := make([][]float64, n)
				for i := range w {
					w[i] = make([]float64, n)
				}
				for i := range n {
					for j := i + 1; j < n; j++ {
						s := 0
						for _, xi := range patterns {
							s += xi[i] * xi[j]
						}
						w[i][j] = float64(s) / float64(n)
						w[j][i] = w[i][j]
					}
				}
				return w
			},
		},
		// Keeps the diagonal.
		Wrong: func() check.Result {
			return CheckStore(func(p [][]int) [][]float64 {
				w := ref.Store(p)
				for i := range w {
					w[i][i] = float64(len(p)) / float64(len(w))
				}
				return w
			})
		}},
	{Check: CheckEnergy,
		Right: ref.Energy,
		Variants: []any{
			// The pairs i < j once, without the ½.
			func(w [][]float64, s []int) float64 {
				var e float64
				for i := range s {
					for j := i + 1; j < len(s); j++ {
						e -= w[i][j] * float64(s[i]) * float64(s[j])
					}
				}
				return e
			},
			// Through the fields h_i = Σ_j w_ij s_j.
			func(w [][]float64, s []int) float64 {
				var e float64
				for i, si := range s {
					var h float64
					for j, sj := range s {
						h += w[i][j] * float64(sj)
					}
					e += float64(si) * h
				}
				return -0.5 * e
			},
		},
		// Forgets the ½.
		Wrong: func() check.Result {
			return CheckEnergy(func(w [][]float64, s []int) float64 { return 2 * ref.Energy(w, s) })
		}},
	{Check: CheckUpdateAsync,
		Right: ref.UpdateAsync,
		Variants: []any{
			// The field summed from the last unit to the first, the sign by math.Copysign.
			updateBackwards,
			// The field without the diagonal term, the units flipped in a float copy.
			func(w [][]float64, s []int, order []int) []int {
				x := make([]float64, len(s))
				for k, v := range s {
					x[k] = float64(v)
				}
				for _, i := range order {
					var h float64
					for j := range x {
						if j != i {
							h += w[i][j] * x[j]
						}
					}
					switch {
					case h > 0:
						x[i] = 1
					case h < 0:
						x[i] = -1
					}
				}
				out := make([]int, len(s))
				for k, v := range x {
					out[k] = int(v)
				}
				return out
			},
		},
		// Synchronous: every field from the old state.
		Wrong: func() check.Result {
			return CheckUpdateAsync(func(w [][]float64, s []int, order []int) []int {
				old := slices.Clone(s)
				out := slices.Clone(s)
				for _, i := range order {
					var h float64
					for j := range old {
						h += w[i][j] * float64(old[j])
					}
					if h > 0 {
						out[i] = 1
					} else if h < 0 {
						out[i] = -1
					}
				}
				return out
			})
		}},
	{Check: CheckRecall,
		Right: ref.Recall,
		Variants: []any{
			// Level 14's update written with the field summed backwards, one sweep at a
			// time; the overlap from agreements.
			func(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64) {
				s := cue
				for range sweeps {
					s = updateBackwards(w, s, rng.Perm(len(s)))
				}
				agree := 0
				for i := range s {
					if s[i] == pattern[i] {
						agree++
					}
				}
				return s, float64(2*agree-len(s)) / float64(len(s))
			},
			// The orders drawn first, then the sweeps run with the Level 14 update.
			func(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64) {
				var order []int
				for range sweeps {
					order = append(order, rng.Perm(len(cue))...)
				}
				s := ref.UpdateAsync(w, cue, order)
				return s, ref.Overlap(pattern, s)
			},
		},
		// The overlap with the cue instead of the stored pattern.
		Wrong: func() check.Result {
			return CheckRecall(func(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64) {
				s, _ := ref.Recall(w, pattern, cue, sweeps, rng)
				return s, ref.Overlap(s, cue)
			})
		}},
	{Check: CheckRecallRate,
		Right: ref.RecallRate,
		Variants: []any{
			// The overlap as the fraction of agreements, 2·agree/N − 1.
			func(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64 {
				w := ref.Store(patterns)
				n := 0.0
				for mu, xi := range patterns {
					s, _ := ref.Recall(w, xi, cues[mu], sweeps, rng)
					agree := 0
					for i := range s {
						if s[i] == xi[i] {
							agree++
						}
					}
					if float64(2*agree-len(s))/float64(len(s)) >= 0.9 {
						n++
					}
				}
				return n / float64(len(patterns))
			},
			// The recalled patterns counted in a slice of flags.
			func(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64 {
				w := ref.Store(patterns)
				ok := make([]bool, len(patterns))
				for mu := range patterns {
					_, m := ref.Recall(w, patterns[mu], cues[mu], sweeps, rng)
					ok[mu] = m >= ref.Recalled
				}
				return float64(len(slices.DeleteFunc(ok, func(b bool) bool { return !b }))) / float64(len(patterns))
			},
		},
		// Counts a pattern as recalled when the overlap is merely positive.
		Wrong: func() check.Result {
			return CheckRecallRate(func(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64 {
				w := ref.Store(patterns)
				var n int
				for mu := range patterns {
					if _, m := ref.Recall(w, patterns[mu], cues[mu], sweeps, rng); m > 0 {
						n++
					}
				}
				return float64(n) / float64(len(patterns))
			})
		}},
	{Check: CheckDDMTrial,
		Right: ref.DDMTrial,
		Variants: []any{
			// The clock kept as t += dt, the noise as √dt·σ·ξ.
			func(v, a, sigma, dt float64, rng *rand.Rand) (int, float64) {
				x, t := 0.0, 0.0
				for x > -a && x < a {
					x = x + v*dt + math.Sqrt(dt)*sigma*rng.NormFloat64()
					t += dt
				}
				if x >= a {
					return 1, t
				}
				return -1, t
			},
			// The increment's mean and deviation precomputed, the loop counted.
			func(v, a, sigma, dt float64, rng *rand.Rand) (int, float64) {
				mu, sd := v*dt, sigma*math.Sqrt(dt)
				x := 0.0
				for k := 1; ; k++ {
					x += mu + sd*rng.NormFloat64()
					if x >= a {
						return 1, float64(k) * dt
					} else if x <= -a {
						return -1, float64(k) * dt
					}
				}
			},
		},
		// Noise scaled by dt instead of √dt.
		Wrong: func() check.Result {
			return CheckDDMTrial(func(v, a, sigma, dt float64, rng *rand.Rand) (int, float64) {
				return ref.DDMTrial(v, a, sigma*math.Sqrt(dt), dt, rng)
			})
		}},
	{Check: CheckDDMStats,
		Right: ref.DDMStats,
		Variants: []any{
			// A running mean of the decision times.
			func(v, a, sigma, dt float64, n int, rng *rand.Rand) (float64, float64) {
				var acc, mean float64
				for k := 1; k <= n; k++ {
					c, t := ref.DDMTrial(v, a, sigma, dt, rng)
					if c > 0 {
						acc++
					}
					mean += (t - mean) / float64(k)
				}
				return acc / float64(n), mean
			},
			// The steps counted over all trials, times dt at the end.
			func(v, a, sigma, dt float64, n int, rng *rand.Rand) (float64, float64) {
				up, steps := 0, 0
				sd := sigma * math.Sqrt(dt)
				for range n {
					x := 0.0
					for math.Abs(x) < a {
						x += v*dt + sd*rng.NormFloat64()
						steps++
					}
					if x >= a {
						up++
					}
				}
				return float64(up) / float64(n), float64(steps) * dt / float64(n)
			},
		},
		// Noise scaled by dt instead of √dt.
		Wrong: func() check.Result {
			return CheckDDMStats(func(v, a, sigma, dt float64, n int, rng *rand.Rand) (float64, float64) {
				return ref.DDMStats(v, a, sigma*math.Sqrt(dt), dt, n, rng)
			})
		}},
	{Check: CheckSpeedAccuracy,
		Right: ref.SpeedAccuracy,
		Variants: []any{
			// Accuracy as ½(1 + tanh(va/σ²)); the mean time with tanh written out in exponentials.
			func(v, sigma float64, bounds []float64) ([]float64, []float64) {
				var acc, meanT []float64
				for _, a := range bounds {
					u := v * a / (sigma * sigma)
					z := math.Exp(-2 * u)
					acc = append(acc, (1+math.Tanh(u))/2)
					meanT = append(meanT, a/v*(1-z)/(1+z))
				}
				return acc, meanT
			},
			// The slices made first, k = v/σ² precomputed.
			func(v, sigma float64, bounds []float64) ([]float64, []float64) {
				acc, meanT := make([]float64, len(bounds)), make([]float64, len(bounds))
				k := v / (sigma * sigma)
				for n, a := range bounds {
					acc[n] = 1 / (1 + math.Exp(-2*k*a))
					meanT[n] = math.Tanh(k*a) * a / v
				}
				return acc, meanT
			},
		},
		// Forgets the 2 in the accuracy.
		Wrong: func() check.Result {
			return CheckSpeedAccuracy(func(v, sigma float64, bounds []float64) ([]float64, []float64) {
				acc, t := ref.SpeedAccuracy(v, sigma, bounds)
				for k, a := range bounds {
					acc[k] = 1 / (1 + math.Exp(-v*a/(sigma*sigma)))
				}
				return acc, t
			})
		}},
	{Check: CheckIzhikevich,
		Right: izhikevich,
		Variants: []any{
			// The paper's form: v updated in place, u from the old v kept aside.
			func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					vOld := vv
					vv += dt * (0.04*vv*vv + 5*vv + 140 - u + i)
					u += dt * p.A * (p.B*vOld - u)
					if vv >= 30 {
						spikes = append(spikes, float64(k)*dt)
						vv, u = p.C, u+p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			},
			// Horner form of the quadratic, the clock kept as t += dt.
			func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for t := dt; t < tEnd+dt/2; t += dt {
					dv := (0.04*vv+5)*vv + 140 + i - u
					du := p.A*p.B*vv - p.A*u
					vv, u = vv+dt*dv, u+dt*du
					if vv >= 30 {
						spikes = append(spikes, t)
						vv, u = p.C, u+p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			},
		},
		// Sets u to d at a spike instead of adding d.
		Wrong: func() check.Result {
			return CheckIzhikevich(func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					vv, u = vv+dt*(0.04*vv*vv+5*vv+140-u+i), u+dt*p.A*(p.B*vv-u)
					if vv >= 30 {
						spikes = append(spikes, float64(k)*dt)
						vv, u = p.C, p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			})
		}},
	{Check: CheckAdEx,
		Right: adEx,
		Variants: []any{
			// g_L factored out, dt/C and dt/τ_w precomputed.
			func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				kv, kw := dt/p.C, dt/p.TauW
				vv, w := p.EL, 0.0
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					dv := p.GL*(p.EL-vv+p.DeltaT*math.Exp((vv-p.VT)/p.DeltaT)) + i - w
					vv, w = vv+kv*dv, w+kw*(p.A*(vv-p.EL)-w)
					if vv >= p.VPeak {
						spikes = append(spikes, float64(k)*dt)
						vv, w = p.VR, w+p.B
					}
					v = append(v, vv)
				}
				return v, spikes
			},
			// In place with the old V kept aside, the clock as t += dt.
			func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				vv, w := p.EL, 0.0
				v, spikes := []float64{vv}, []float64(nil)
				for t := dt; t < tEnd+dt/2; t += dt {
					vOld := vv
					vv += dt / p.C * (i - w - p.GL*(vv-p.EL) + p.GL*p.DeltaT*math.Exp((vv-p.VT)/p.DeltaT))
					w += dt / p.TauW * (p.A*(vOld-p.EL) - w)
					if vv >= p.VPeak {
						spikes = append(spikes, t)
						vv, w = p.VR, w+p.B
					}
					v = append(v, vv)
				}
				return v, spikes
			},
		},
		// Forgets Δ_T in front of the exponential.
		Wrong: func() check.Result {
			return CheckAdEx(func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				return adExNoDelta(p, i, dt, tEnd)
			})
		}},
	{Check: CheckSpikesPerBurst,
		Right: ref.SpikesPerBurst,
		Variants: []any{
			// The spike times first, then grouped into bursts.
			func(x []float64, dt, threshold, gap float64) []int {
				var spikes []float64
				for k := 1; k < len(x); k++ {
					if x[k-1] < threshold && x[k] >= threshold {
						spikes = append(spikes, float64(k)*dt)
					}
				}
				var sizes []int
				for n, t := range spikes {
					if n == 0 || t-spikes[n-1] > gap {
						sizes = append(sizes, 0)
					}
					sizes[len(sizes)-1]++
				}
				return sizes
			},
			// One pass that remembers whether the last sample was below the threshold.
			func(x []float64, dt, threshold, gap float64) []int {
				var sizes []int
				below, last := x[0] < threshold, math.Inf(-1)
				for k, xk := range x[1:] {
					if below && xk >= threshold {
						if t := float64(k+1) * dt; t-last > gap || sizes == nil {
							sizes = append(sizes, 1)
							last = t
						} else {
							sizes[len(sizes)-1]++
							last = t
						}
					}
					below = xk < threshold
				}
				return sizes
			},
		},
		// Counts every sample above the threshold as a spike.
		Wrong: func() check.Result {
			return CheckSpikesPerBurst(func(x []float64, dt, threshold, gap float64) []int {
				var sizes []int
				last := math.Inf(-1)
				for k := range x {
					if x[k] >= threshold {
						if t := float64(k) * dt; t-last > gap {
							sizes = append(sizes, 0)
						}
						sizes[len(sizes)-1]++
						last = float64(k) * dt
					}
				}
				return sizes
			})
		}},
	{Check: CheckRKStep,
		Right: rkStep,
		Variants: []any{
			// Each stage's Σ a_sj·k_j summed before the step h multiplies it.
			func(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
				k := make([][]float64, len(tab.B))
				for s := range k {
					ys := make([]float64, len(y))
					for i := range y {
						var sum float64
						for j := range s {
							sum += tab.A[s][j] * k[j][i]
						}
						ys[i] = y[i] + h*sum
					}
					k[s] = f(t+tab.C[s]*h, ys)
				}
				out := make([]float64, len(y))
				for i := range y {
					var sum float64
					for s := range k {
						sum += tab.B[s] * k[s][i]
					}
					out[i] = y[i] + h*sum
				}
				return out
			},
			// The stages as increments h·f, the weights applied to them.
			func(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
				var dk [][]float64
				for s := range tab.B {
					ys := slices.Clone(y)
					for j, d := range dk {
						for i := range ys {
							ys[i] += tab.A[s][j] * d[i]
						}
					}
					d := f(t+h*tab.C[s], ys)
					for i := range d {
						d[i] *= h
					}
					dk = append(dk, d)
				}
				out := slices.Clone(y)
				for s, d := range dk {
					for i := range out {
						out[i] += tab.B[s] * d[i]
					}
				}
				return out
			},
		},
		// Evaluates every stage at t, ignoring c.
		Wrong: func() check.Result {
			return CheckRKStep(func(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
				return rkStep(tab, func(_ float64, y []float64) []float64 { return f(t, y) }, t, y, h)
			})
		}},
	{Check: CheckMeasureOrder,
		Right: measureOrder,
		Variants: []any{
			// The slope from centred sums; the integration's clock kept as t += dt.
			func(tab Tableau, dts []float64) float64 {
				xs, ys := make([]float64, len(dts)), make([]float64, len(dts))
				for n, dt := range dts {
					y, t := []float64{0.1}, 0.0
					for range int(math.Round(ref.OrderT / dt)) {
						y = rkStep(tab, ref.Logistic, t, y, dt)
						t += dt
					}
					xs[n], ys[n] = math.Log(dt), math.Log(math.Abs(y[0]-ref.LogisticExact(t)))
				}
				mx, my := stat(xs), stat(ys)
				var sxy, sxx float64
				for n := range xs {
					sxy += (xs[n] - mx) * (ys[n] - my)
					sxx += (xs[n] - mx) * (xs[n] - mx)
				}
				return sxy / sxx
			},
			// log10 instead of the natural log: the slope is the same.
			func(tab Tableau, dts []float64) float64 {
				var sx, sy, sxx, sxy float64
				for _, dt := range dts {
					x, y := math.Log10(dt), math.Log10(ref.OrderError(tab.toRef(), dt))
					sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
				}
				n := float64(len(dts))
				return (sxy - sx*sy/n) / (sxx - sx*sx/n)
			},
		},
		// The slope from the smallest step alone, log(error)/log(dt).
		Wrong: func() check.Result {
			return CheckMeasureOrder(func(tab Tableau, dts []float64) float64 {
				dt := slices.Min(dts)
				return math.Log(ref.OrderError(tab.toRef(), dt)) / math.Log(dt)
			})
		}},
	{Check: CheckHRStep,
		Right: func() check.Result { return CheckHRStep(ref.HRStep[float32], ref.HRStep[float64]) },
		Variants: []any{
			// RK4 with the stages as increments dt·f.
			func() check.Result { return CheckHRStep(hrIncrements[float32], hrIncrements[float64]) },
			// RK4 with the derivative in Horner form, x²·(3 − x), and dt/6 precomputed.
			func() check.Result { return CheckHRStep(hrHorner[float32], hrHorner[float64]) },
		},
		// Forward Euler instead of RK4.
		Wrong: func() check.Result { return CheckHRStep(hrEuler[float32], hrEuler[float64]) }},
}

// adExNoDelta is AdEx with the exponential term g_L·e^((V−V_T)/Δ_T), without
// the factor Δ_T.
func adExNoDelta(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
	n := int(math.Round(tEnd / dt))
	vv, w := p.EL, 0.0
	v, spikes := []float64{vv}, []float64(nil)
	for k := 1; k <= n; k++ {
		dv := (-p.GL*(vv-p.EL) + p.GL*math.Exp((vv-p.VT)/p.DeltaT) - w + i) / p.C
		vv, w = vv+dt*dv, w+dt*(p.A*(vv-p.EL)-w)/p.TauW
		if vv >= p.VPeak {
			spikes = append(spikes, float64(k)*dt)
			vv, w = p.VR, w+p.B
		}
		v = append(v, vv)
	}
	return v, spikes
}

// updateBackwards is UpdateAsync with each field summed from the last unit
// to the first and the sign taken by math.Copysign.
func updateBackwards(w [][]float64, s []int, order []int) []int {
	s = slices.Clone(s)
	for _, i := range order {
		var h float64
		for j := len(s) - 1; j >= 0; j-- {
			h += w[i][j] * float64(s[j])
		}
		if h != 0 {
			s[i] = int(math.Copysign(1, h))
		}
	}
	return s
}

// stat returns the mean of x.
func stat(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// hrIncrements is HRStep with the stages as increments dt·f.
func hrIncrements[T float32 | float64](y [3]T, i, dt T) [3]T {
	f := func(y [3]T) [3]T {
		x := y[0]
		d := [3]T{y[1] - x*x*x + 3*x*x - y[2] + i, 1 - 5*x*x - y[1], T(HRR) * (4*(x-T(HRXR)) - y[2])}
		return [3]T{dt * d[0], dt * d[1], dt * d[2]}
	}
	k1 := f(y)
	k2 := f([3]T{y[0] + k1[0]/2, y[1] + k1[1]/2, y[2] + k1[2]/2})
	k3 := f([3]T{y[0] + k2[0]/2, y[1] + k2[1]/2, y[2] + k2[2]/2})
	k4 := f([3]T{y[0] + k3[0], y[1] + k3[1], y[2] + k3[2]})
	for j := range y {
		y[j] += (k1[j] + 2*(k2[j]+k3[j]) + k4[j]) / 6
	}
	return y
}

// hrHorner is HRStep with the cubic in Horner form and dt/6 precomputed.
func hrHorner[T float32 | float64](y [3]T, i, dt T) [3]T {
	f := func(y [3]T) [3]T {
		x := y[0]
		return [3]T{x*x*(3-x) + y[1] - y[2] + i, 1 - y[1] - 5*x*x, T(HRR)*4*x - T(HRR)*4*T(HRXR) - T(HRR)*y[2]}
	}
	h := dt / 2
	step := func(y, k [3]T, h T) [3]T { return [3]T{y[0] + h*k[0], y[1] + h*k[1], y[2] + h*k[2]} }
	k1 := f(y)
	k2 := f(step(y, k1, h))
	k3 := f(step(y, k2, h))
	k4 := f(step(y, k3, dt))
	h6 := dt / 6
	for j := range y {
		y[j] += h6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
	}
	return y
}

func hrEuler[T float32 | float64](y [3]T, i, dt T) [3]T {
	x := y[0]
	d := [3]T{y[1] - x*x*x + 3*x*x - y[2] + i, 1 - 5*x*x - y[1], T(HRR) * (4*(x-T(HRXR)) - y[2])}
	return [3]T{y[0] + dt*d[0], y[1] + dt*d[1], y[2] + dt*d[2]}
}

func TestLevels(t *testing.T) {
	checktest.Run(t, Project, levelTests)
}

// The helpers handed to learners and the data of the checks, written in this
// package, agree with the references.
func TestHelpersMatchReferences(t *testing.T) {
	if got, want := ref.FHN(DefaultFHN()), (ref.FHN{A: 0.7, B: 0.8, Eps: 0.08}); got != want {
		t.Errorf("DefaultFHN %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		got  Tableau
		want ref.Tableau
	}{{EulerTableau(), ref.Euler}, {RK4Tableau(), ref.RK4Tableau}, {RK6Tableau(), ref.Butcher6}} {
		if !reflect.DeepEqual(c.got.toRef(), c.want) {
			t.Errorf("tableau %v, want %v", c.got, c.want)
		}
	}
	if HRR != ref.HRR || HRXR != ref.HRXR {
		t.Errorf("Hindmarsh–Rose constants differ")
	}
	_, x, z := SimulateHR(3.25, 0.01, 100)
	ys := ref.HRTrace(HRStart, 3.25, 0.01, 10000)
	for k := range ys {
		if math.Abs(x[k]-ys[k][0]) > 1e-9 || math.Abs(z[k]-ys[k][2]) > 1e-9 {
			t.Fatalf("SimulateHR differs at step %d", k)
		}
	}
	r1, r2 := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
	if p, q := RandomPatterns(30, 4, r1), ref.RandomPatterns(30, 4, r2); !reflect.DeepEqual(p, q) {
		t.Errorf("RandomPatterns differs")
	} else if !reflect.DeepEqual(Corrupt(p[0], 0.2, r1), ref.Corrupt(q[0], 0.2, r2)) {
		t.Errorf("Corrupt differs")
	}
	fhn := systems["FitzHugh–Nagumo, I = 0.5"](0, []float64{0.3, -0.2})
	if dv, dw := ref.FHNDeriv(ref.FHN(DefaultFHN()), 0.5, 0.3, -0.2); fhn[0] != dv || fhn[1] != dw {
		t.Errorf("the FitzHugh–Nagumo system differs")
	}
	if len(systems) != len(systemNames) {
		t.Errorf("%d systems, %d names", len(systems), len(systemNames))
	}
	// The Wilson–Cowan default set oscillates around an unstable focus.
	if _, _, re := ref.WCFixedPoint(ref.WC(DefaultWC()), 0.2, 0.2); re <= 0 {
		t.Errorf("the default Wilson–Cowan fixed point is stable: %g", re)
	}
}

// The statistical judge of Level 18 passes the reference on many settings of
// its random cases, and fails a walk with drift 10 % too small on most.
func TestDDMJudge(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 60 settings")
	}
	r := rand.New(rand.NewPCG(5, 6))
	var caught int
	for k := range 30 {
		c := randomStats(r)
		acc, meanT := ref.DDMStats(c.V, c.A, c.Sigma, c.Dt, c.Trials, check.NewRand(c.Seed))
		if err := ddmStatsLevel.Judge(c, stats{acc, meanT}); err != nil {
			t.Errorf("setting %d, %v: %v", k, c, err)
		}
		acc, meanT = ref.DDMStats(0.9*c.V, c.A, c.Sigma, c.Dt, c.Trials, check.NewRand(c.Seed))
		if ddmStatsLevel.Judge(c, stats{acc, meanT}) != nil {
			caught++
		}
	}
	t.Logf("a drift 10 %% too small fails %d of 30 settings", caught)
}

// The spiking judge takes a spike a step late when the potential was by
// the threshold a step earlier, as the last bits of two right answers may
// leave it, and compares the potentials up to there; it fails a spike a
// step late from further below, and spikes recorded at a step's start.
func TestJudgeSpikes(t *testing.T) {
	judge := judgeSpikes(func(w vw) (vw, float64, float64) { return w, 1, 30 }, check.Tol{Abs: 0.05})
	want := vw{[]float64{0, 29.98, -65, -60}, []float64{2}}
	if err := judge(want, vw{[]float64{0, -65, -60, -55}, []float64{1}}); err != nil {
		t.Errorf("a spike a step early from 29.98: %v", err)
	}
	if err := judge(want, vw{[]float64{0.1, -65, -60, -55}, []float64{1}}); err == nil {
		t.Errorf("a potential off before the spike passes")
	}
	want.V[1] = 29.9
	if err := judge(want, vw{[]float64{0, -65, -60, -55}, []float64{1}}); err == nil {
		t.Errorf("a spike a step early from 29.9 passes")
	}
	res := CheckIzhikevich(func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
		v, spikes := izhikevich(p, i, dt, tEnd)
		for k := range spikes {
			spikes[k] -= dt
		}
		return v, spikes
	})
	if res.Status != check.Failed {
		t.Errorf("spikes at the step's start: %s", res.Status)
	}
}

// The Hopfield levels' cases have an even number of units and an odd number
// of patterns, so that no unit's field is ever exactly 0 (see randomNet).
func TestHopfieldCasesHaveNoTies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	nets := slices.Concat(energyLevel.Fixed, updateAsyncLevel.Fixed, recallLevel.Fixed)
	for range 200 {
		nets = append(nets, randomNet(r))
	}
	for _, c := range nets {
		if c.N%2 != 0 || c.P%2 != 1 {
			t.Errorf("N = %d, P = %d: a field may be 0", c.N, c.P)
		}
	}
	loads := recallRateLevel.Fixed
	for range 200 {
		loads = append(loads, recallRateLevel.Random(r))
	}
	for _, c := range loads {
		if c.N%2 != 0 || c.P%2 != 1 {
			t.Errorf("N = %d, P = %d: a field may be 0", c.N, c.P)
		}
	}
}
