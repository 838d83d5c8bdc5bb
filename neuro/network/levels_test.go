package network

import (
	"cmp"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/network"
)

// The reference answers, with this package's types.

func connect(n int, synapses []Synapse) *mat.Dense {
	syn := make([]ref.Synapse, len(synapses))
	for k, s := range synapses {
		syn[k] = ref.Synapse(s)
	}
	return ref.Connect(n, syn)
}

func fixedPoint(w *mat.Dense, input *mat.VecDense) *mat.VecDense {
	r, err := ref.FixedPoint(w, input)
	if err != nil {
		panic(err)
	}
	return r
}

func eigenvalues(w *mat.Dense) []complex128 { return ref.Eigenvalues(w) }

// netInputLoops sums the input and Σⱼ wᵢⱼ·rⱼ in loops.
func netInputLoops(w *mat.Dense, r, input *mat.VecDense) *mat.VecDense {
	n, m := w.Dims()
	h := mat.NewVecDense(n, nil)
	for i := range n {
		s := input.AtVec(i)
		for j := range m {
			s += w.At(i, j) * r.AtVec(j)
		}
		h.SetVec(i, s)
	}
	return h
}

// rateStepLoops steps each rate toward F(h) by dt/τ of the way, in loops.
func rateStepLoops(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64, tau, dt float64) *mat.VecDense {
	h := netInputLoops(w, r, input)
	a := dt / tau
	next := mat.NewVecDense(r.Len(), nil)
	for i := range r.Len() {
		next.SetVec(i, r.AtVec(i)+a*(f(h.AtVec(i))-r.AtVec(i)))
	}
	return next
}

var levelTests = []checktest.Level{
	{Check: CheckConnect,
		Right: func() check.Result { return CheckConnect(connect) },
		// Puts the synapse in row From, column To.
		Wrong: func() check.Result {
			return CheckConnect(func(n int, synapses []Synapse) *mat.Dense {
				var t mat.Dense
				t.CloneFrom(connect(n, synapses).T())
				return &t
			})
		},
		Variants: []any{
			// The entries laid out row by row in a slice, then wrapped.
			func() check.Result {
				return CheckConnect(func(n int, synapses []Synapse) *mat.Dense {
					data := make([]float64, n*n)
					for _, s := range synapses {
						data[s.To*n+s.From] = s.Weight
					}
					return mat.NewDense(n, n, data)
				})
			},
			// Built by sender, row From, and transposed.
			func() check.Result {
				return CheckConnect(func(n int, synapses []Synapse) *mat.Dense {
					out := mat.NewDense(n, n, nil)
					for _, s := range synapses {
						out.Set(s.From, s.To, s.Weight)
					}
					var w mat.Dense
					w.CloneFrom(out.T())
					return &w
				})
			},
		}},
	{Check: CheckNetInput,
		Right: func() check.Result { return CheckNetInput(ref.NetInput) },
		// Multiplies by the transpose: the weights from i instead of onto i.
		Wrong: func() check.Result {
			return CheckNetInput(func(w *mat.Dense, r, input *mat.VecDense) *mat.VecDense {
				var h mat.VecDense
				h.MulVec(w.T(), r)
				h.AddVec(&h, input)
				return &h
			})
		},
		Variants: []any{
			// Loops, the input first.
			func() check.Result { return CheckNetInput(netInputLoops) },
			// mat.Dot of each row with r.
			func() check.Result {
				return CheckNetInput(func(w *mat.Dense, r, input *mat.VecDense) *mat.VecDense {
					n, _ := w.Dims()
					h := mat.NewVecDense(n, nil)
					for i := range n {
						h.SetVec(i, mat.Dot(w.RowView(i), r)+input.AtVec(i))
					}
					return h
				})
			},
		}},
	{Check: CheckTransfer,
		Right: func() check.Result { return CheckTransfer(ref.ReLU, ref.Sigmoid) },
		// The sign of the exponent: a sigmoid that falls.
		Wrong: func() check.Result {
			return CheckTransfer(ref.ReLU, func(x, fMax, x0, k float64) float64 { return fMax / (1 + math.Exp((x-x0)/k)) })
		},
		Variants: []any{
			// ReLU by a test; the sigmoid as a hyperbolic tangent.
			func() check.Result {
				return CheckTransfer(func(x float64) float64 {
					if x < 0 {
						return 0
					}
					return x
				}, func(x, fMax, x0, k float64) float64 { return fMax * (1 + math.Tanh((x-x0)/(2*k))) / 2 })
			},
			// The sigmoid with the exponential inverted.
			func() check.Result {
				return CheckTransfer(func(x float64) float64 { return max(x, 0) },
					func(x, fMax, x0, k float64) float64 { return fMax / (1 + 1/math.Exp((x-x0)/k)) })
			},
		}},
	{Check: CheckRateStep,
		Right: func() check.Result { return CheckRateStep(ref.Step) },
		// Adds the input outside F.
		Wrong: func() check.Result {
			return CheckRateStep(func(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64, tau, dt float64) *mat.VecDense {
				zero := mat.NewVecDense(input.Len(), nil)
				next := ref.Step(w, r, zero, f, tau, dt)
				next.AddScaledVec(next, dt/tau, input)
				return next
			})
		},
		Variants: []any{
			// Loops, the τ form with dt/τ precomputed.
			func() check.Result { return CheckRateStep(rateStepLoops) },
			// (1 − dt/τ)·r + dt/τ·F(h), with gonum.
			func() check.Result {
				return CheckRateStep(func(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64, tau, dt float64) *mat.VecDense {
					var h mat.VecDense
					h.MulVec(w, r)
					h.AddVec(&h, input)
					for i := range h.Len() {
						h.SetVec(i, f(h.AtVec(i)))
					}
					var next mat.VecDense
					next.ScaleVec(1-dt/tau, r)
					next.AddScaledVec(&next, dt/tau, &h)
					return &next
				})
			},
		}},
	{Check: CheckSimulate,
		Right: func() check.Result { return CheckSimulate(ref.Simulate) },
		// Steps one vector in place and appends it each time: every
		// element of the list is the same vector.
		Wrong: func() check.Result {
			return CheckSimulate(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tEnd float64) []*mat.VecDense {
				r := mat.VecDenseCopyOf(r0)
				traj := []*mat.VecDense{r}
				for range ref.Steps(tEnd, dt) {
					r.CopyVec(ref.Step(w, r, input, f, tau, dt))
					traj = append(traj, r)
				}
				return traj
			})
		},
		Variants: []any{
			// Its own step, the list filled by index.
			func() check.Result {
				return CheckSimulate(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tEnd float64) []*mat.VecDense {
					traj := make([]*mat.VecDense, int(math.Round(tEnd/dt))+1)
					traj[0] = mat.VecDenseCopyOf(r0)
					for k := 1; k < len(traj); k++ {
						traj[k] = rateStepLoops(w, traj[k-1], input, f, tau, dt)
					}
					return traj
				})
			},
			// A clock that adds dt, a fresh copy appended each step.
			func() check.Result {
				return CheckSimulate(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tEnd float64) []*mat.VecDense {
					r := mat.VecDenseCopyOf(r0)
					traj := []*mat.VecDense{mat.VecDenseCopyOf(r)}
					for t := 0.0; t < tEnd-dt/2; t += dt {
						r = ref.Step(w, r, input, f, tau, dt)
						traj = append(traj, mat.VecDenseCopyOf(r))
					}
					return traj
				})
			},
		}},
	{Check: CheckFixedPoint,
		Right: func() check.Result { return CheckFixedPoint(fixedPoint) },
		// Solves (W − 𝟙)·r = I.
		Wrong: func() check.Result {
			return CheckFixedPoint(func(w *mat.Dense, input *mat.VecDense) *mat.VecDense {
				r := fixedPoint(w, input)
				r.ScaleVec(-1, r)
				return r
			})
		},
		Variants: []any{
			// An LU factorisation of 𝟙 − W.
			func() check.Result {
				return CheckFixedPoint(func(w *mat.Dense, input *mat.VecDense) *mat.VecDense {
					n, _ := w.Dims()
					a := mat.NewDense(n, n, nil)
					a.Apply(func(i, j int, v float64) float64 {
						if i == j {
							return 1 - v
						}
						return -v
					}, w)
					var lu mat.LU
					lu.Factorize(a)
					var r mat.VecDense
					if err := lu.SolveVecTo(&r, false, input); err != nil {
						panic(err)
					}
					return &r
				})
			},
			// A QR factorisation of 𝟙 − W.
			func() check.Result {
				return CheckFixedPoint(func(w *mat.Dense, input *mat.VecDense) *mat.VecDense {
					n, _ := w.Dims()
					var a mat.Dense
					a.Scale(-1, w)
					for i := range n {
						a.Set(i, i, a.At(i, i)+1)
					}
					var qr mat.QR
					qr.Factorize(&a)
					var r mat.VecDense
					if err := qr.SolveVecTo(&r, false, input); err != nil {
						panic(err)
					}
					return &r
				})
			},
		}},
	{Check: CheckSettle,
		Right: func() check.Result { return CheckSettle(ref.Settle) },
		// Stops when one step changes the rates by less than tol.
		Wrong: func() check.Result {
			return CheckSettle(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64) {
				return ref.Settle(w, r0, input, f, tau, dt, tol*tau/dt, tMax)
			})
		},
		Variants: []any{
			// Its own step and residual, the time from a clock that adds dt.
			func() check.Result {
				return CheckSettle(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64) {
					r := mat.VecDenseCopyOf(r0)
					t := 0.0
					for k := 0; k < int(math.Round(tMax/dt)); k++ {
						h := netInputLoops(w, r, input)
						worst := 0.0
						for i := range h.Len() {
							worst = math.Max(worst, math.Abs(f(h.AtVec(i))-r.AtVec(i)))
						}
						if worst < tol {
							break
						}
						r = rateStepLoops(w, r, input, f, tau, dt)
						t += dt
					}
					return r, t
				})
			},
			// The step count kept, the residual as gonum's infinity norm of F(h) − r.
			func() check.Result {
				return CheckSettle(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64) {
					r := mat.VecDenseCopyOf(r0)
					steps := 0
					for ; steps < int(math.Round(tMax/dt)); steps++ {
						d := ref.NetInput(w, r, input)
						for i := range d.Len() {
							d.SetVec(i, f(d.AtVec(i))-r.AtVec(i))
						}
						if mat.Norm(d, math.Inf(1)) < tol {
							break
						}
						r = ref.Step(w, r, input, f, tau, dt)
					}
					return r, float64(steps) * dt
				})
			},
		}},
	{Check: CheckEigenvalues,
		Right: func() check.Result { return CheckEigenvalues(eigenvalues) },
		// Drops the imaginary parts.
		Wrong: func() check.Result {
			return CheckEigenvalues(func(w *mat.Dense) []complex128 {
				l := eigenvalues(w)
				for k := range l {
					l[k] = complex(real(l[k]), 0)
				}
				return l
			})
		},
		Variants: []any{
			// The eigenvalues of the transpose, which has the same spectrum.
			func() check.Result {
				return CheckEigenvalues(func(w *mat.Dense) []complex128 {
					var eig mat.Eigen
					if !eig.Factorize(w.T(), mat.EigenNone) {
						panic("no eigenvalues")
					}
					return eig.Values(nil)
				})
			},
			// The right eigenvectors computed too, the values sorted by real part.
			func() check.Result {
				return CheckEigenvalues(func(w *mat.Dense) []complex128 {
					var eig mat.Eigen
					if !eig.Factorize(w, mat.EigenRight) {
						panic("no eigenvalues")
					}
					l := eig.Values(nil)
					slices.SortFunc(l, func(a, b complex128) int { return cmp.Compare(real(a), real(b)) })
					return l
				})
			},
		}},
	{Check: CheckStable,
		Right: func() check.Result { return CheckStable(ref.Stable) },
		// The rule for maps: every |λ| below 1.
		Wrong: func() check.Result {
			return CheckStable(func(w *mat.Dense) bool { return ref.SpectralRadius(w) < 1 })
		},
		Variants: []any{
			// Every real part below 1 − 1e-9, tested one by one.
			func() check.Result {
				return CheckStable(func(w *mat.Dense) bool {
					for _, l := range ref.Eigenvalues(w) {
						if real(l) >= 1-1e-9 {
							return false
						}
					}
					return true
				})
			},
			// The largest real part of W − 𝟙 below −1e-9: the Jacobian's eigenvalues.
			func() check.Result {
				return CheckStable(func(w *mat.Dense) bool {
					n, _ := w.Dims()
					var j mat.Dense
					j.Sub(w, ref.Identity(n))
					top := math.Inf(-1)
					for _, l := range ref.Eigenvalues(&j) {
						top = math.Max(top, real(l))
					}
					return top < -1e-9
				})
			},
		}},
	{Check: CheckChain,
		Right: func() check.Result { return CheckChain(ref.Chain) },
		// The chain the wrong way: i excites i − 1.
		Wrong: func() check.Result {
			return CheckChain(func(n int, w float64) *mat.Dense {
				var t mat.Dense
				t.CloneFrom(ref.Chain(n, w).T())
				return &t
			})
		},
		Variants: []any{
			// Neuron i sends to i + 1.
			func() check.Result {
				return CheckChain(func(n int, w float64) *mat.Dense {
					c := mat.NewDense(n, n, nil)
					for i := 0; i+1 < n; i++ {
						c.Set(i+1, i, w)
					}
					return c
				})
			},
			// The subdiagonal laid out in a slice.
			func() check.Result {
				return CheckChain(func(n int, w float64) *mat.Dense {
					data := make([]float64, n*n)
					for i := 1; i < n; i++ {
						data[i*n+i-1] = w
					}
					return mat.NewDense(n, n, data)
				})
			},
		}},
	{Check: CheckAmplification,
		Right: func() check.Result { return CheckAmplification(ref.Amplification) },
		// The steady state, whether or not the run reached it.
		Wrong: func() check.Result {
			return CheckAmplification(func(w, tau, dt, tEnd float64) float64 { return 1 / (1 - w) })
		},
		Variants: []any{
			// One number stepped in the τ form, with a clock that adds dt.
			func() check.Result {
				return CheckAmplification(func(w, tau, dt, tEnd float64) float64 {
					r := 0.0
					for t := 0.0; t < tEnd-dt/2; t += dt {
						r += dt / tau * (w*r + 1 - r)
					}
					return r
				})
			},
			// The step as a linear map: r ← (1 − (1 − w)·dt/τ)·r + dt/τ.
			func() check.Result {
				return CheckAmplification(func(w, tau, dt, tEnd float64) float64 {
					a, b := 1-(1-w)*dt/tau, dt/tau
					r := 0.0
					for range int(math.Round(tEnd / dt)) {
						r = a*r + b
					}
					return r
				})
			},
		}},
	{Check: CheckEIWeights,
		Right: func() check.Result { return CheckEIWeights(ref.EIWeights) },
		// Swaps the weights between the populations: wEI in row 1.
		Wrong: func() check.Result {
			return CheckEIWeights(func(wEE, wEI, wIE, wII float64) *mat.Dense {
				return mat.NewDense(2, 2, []float64{wEE, -wIE, wEI, -wII})
			})
		},
		Variants: []any{
			// Set entry by entry, the inhibitory column negated.
			func() check.Result {
				return CheckEIWeights(func(wEE, wEI, wIE, wII float64) *mat.Dense {
					w := mat.NewDense(2, 2, nil)
					w.Set(0, 0, wEE)
					w.Set(1, 0, wIE)
					w.Set(0, 1, -wEI)
					w.Set(1, 1, -wII)
					return w
				})
			},
			// The magnitudes, then the I column scaled by −1.
			func() check.Result {
				return CheckEIWeights(func(wEE, wEI, wIE, wII float64) *mat.Dense {
					w := mat.NewDense(2, 2, []float64{wEE, wEI, wIE, wII})
					for i := range 2 {
						w.Set(i, 1, -w.At(i, 1))
					}
					return w
				})
			},
		}},
	{Check: CheckBalance,
		Right: func() check.Result { return CheckBalance(ref.Balance) },
		// Inhibition with its sign, ≤ 0.
		Wrong: func() check.Result {
			return CheckBalance(func(w *mat.Dense, r, input *mat.VecDense) (*mat.VecDense, *mat.VecDense) {
				exc, inh := ref.Balance(w, r, input)
				inh.ScaleVec(-1, inh)
				return exc, inh
			})
		},
		Variants: []any{
			// The weights split into W⁺ and W⁻, each multiplied by r.
			func() check.Result {
				return CheckBalance(func(w *mat.Dense, r, input *mat.VecDense) (*mat.VecDense, *mat.VecDense) {
					var pos, neg mat.Dense
					pos.Apply(func(_, _ int, v float64) float64 { return math.Max(v, 0) }, w)
					neg.Apply(func(_, _ int, v float64) float64 { return math.Max(-v, 0) }, w)
					var exc, inh mat.VecDense
					exc.MulVec(&pos, r)
					inh.MulVec(&neg, r)
					for i := range exc.Len() {
						exc.SetVec(i, exc.AtVec(i)+math.Max(input.AtVec(i), 0))
						inh.SetVec(i, inh.AtVec(i)+math.Max(-input.AtVec(i), 0))
					}
					return &exc, &inh
				})
			},
			// The input first, then each synapse by the sign of its weight.
			func() check.Result {
				return CheckBalance(func(w *mat.Dense, r, input *mat.VecDense) (*mat.VecDense, *mat.VecDense) {
					n, m := w.Dims()
					exc, inh := mat.NewVecDense(n, nil), mat.NewVecDense(n, nil)
					for i := range n {
						e, in := 0.0, 0.0
						if x := input.AtVec(i); x > 0 {
							e = x
						} else {
							in = -x
						}
						for j := range m {
							switch wij := w.At(i, j); {
							case wij > 0:
								e += wij * r.AtVec(j)
							case wij < 0:
								in += -wij * r.AtVec(j)
							}
						}
						exc.SetVec(i, e)
						inh.SetVec(i, in)
					}
					return exc, inh
				})
			},
		}},
	{Check: CheckRandomWeights,
		Right: func() check.Result { return CheckRandomWeights(ref.RandomWeights) },
		// Scaled by 1/N instead of 1/√N.
		Wrong: func() check.Result {
			return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
				return ref.RandomWeights(n, g/math.Sqrt(float64(n)), rng)
			})
		},
		Variants: []any{
			// Filled column by column, the scale applied to each draw.
			func() check.Result {
				return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
					w := mat.NewDense(n, n, nil)
					for j := range n {
						for i := range n {
							w.Set(i, j, rng.NormFloat64()*g/math.Sqrt(float64(n)))
						}
					}
					return w
				})
			},
			// Standard normal entries scaled afterwards by g/√N, from another stream.
			func() check.Result {
				return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
					other := rand.New(rand.NewPCG(rng.Uint64(), 7))
					data := make([]float64, n*n)
					for k := range data {
						data[k] = other.NormFloat64()
					}
					w := mat.NewDense(n, n, data)
					w.Scale(g/math.Sqrt(float64(n)), w)
					return w
				})
			},
		}},
	{Check: CheckDale,
		Right: func() check.Result { return CheckDale(ref.Dale) },
		// Signs by row: by the neuron that receives.
		Wrong: func() check.Result {
			return CheckDale(func(w *mat.Dense, excitatory []bool) *mat.Dense {
				var out mat.Dense
				out.Apply(func(i, j int, v float64) float64 {
					if excitatory[i] {
						return math.Abs(v)
					}
					return -math.Abs(v)
				}, w)
				return &out
			})
		},
		Variants: []any{
			// math.Copysign by the sender's type.
			func() check.Result {
				return CheckDale(func(w *mat.Dense, excitatory []bool) *mat.Dense {
					n, m := w.Dims()
					out := mat.NewDense(n, m, nil)
					for j := range m {
						sign := -1.0
						if excitatory[j] {
							sign = 1
						}
						for i := range n {
							out.Set(i, j, math.Copysign(w.At(i, j), sign))
						}
					}
					return out
				})
			},
			// A copy whose columns are flipped where their sign is wrong.
			func() check.Result {
				return CheckDale(func(w *mat.Dense, excitatory []bool) *mat.Dense {
					out := mat.DenseCopyOf(w)
					n, m := out.Dims()
					for i := range n {
						for j := range m {
							if v := out.At(i, j); (excitatory[j] && v < 0) || (!excitatory[j] && v > 0) {
								out.Set(i, j, -v)
							}
						}
					}
					return out
				})
			},
		}},
	{Check: CheckSpectralRadius,
		Right: func() check.Result { return CheckSpectralRadius(ref.SpectralRadius) },
		// The largest real part.
		Wrong: func() check.Result { return CheckSpectralRadius(ref.MaxReal) },
		Variants: []any{
			// |λ| as math.Hypot of its parts.
			func() check.Result {
				return CheckSpectralRadius(func(w *mat.Dense) float64 {
					var top float64
					for _, l := range ref.Eigenvalues(w) {
						top = math.Max(top, math.Hypot(real(l), imag(l)))
					}
					return top
				})
			},
			// The largest |λ|² first, its root at the end.
			func() check.Result {
				return CheckSpectralRadius(func(w *mat.Dense) float64 {
					var top float64
					for _, l := range ref.Eigenvalues(w) {
						top = math.Max(top, real(l)*real(l)+imag(l)*imag(l))
					}
					return math.Sqrt(top)
				})
			},
		}},
	{Check: CheckPopulationRate,
		Right: func() check.Result { return CheckPopulationRate(ref.PopulationRate) },
		// The sum, not the mean.
		Wrong: func() check.Result {
			return CheckPopulationRate(func(traj []*mat.VecDense) []float64 {
				out := make([]float64, len(traj))
				for k, r := range traj {
					out[k] = mat.Sum(r)
				}
				return out
			})
		},
		Variants: []any{
			// A loop over the neurons, dividing each rate by N.
			func() check.Result {
				return CheckPopulationRate(func(traj []*mat.VecDense) []float64 {
					var out []float64
					for _, r := range traj {
						m := 0.0
						for i := range r.Len() {
							m += r.AtVec(i) / float64(r.Len())
						}
						out = append(out, m)
					}
					return out
				})
			},
			// stat.Mean of the rates.
			func() check.Result {
				return CheckPopulationRate(func(traj []*mat.VecDense) []float64 {
					out := make([]float64, len(traj))
					for k, r := range traj {
						out[k] = stat.Mean(mat.Col(nil, 0, r), nil)
					}
					return out
				})
			},
		}},
	{Check: CheckSparseWeights,
		Right: func() check.Result { return CheckSparseWeights(ref.SparseWeights) },
		// Lets neurons connect to themselves.
		Wrong: func() check.Result {
			return CheckSparseWeights(func(n int, p, w float64, rng *rand.Rand) *mat.Dense {
				out := mat.NewDense(n, n, nil)
				for i := range n {
					for j := range n {
						if rng.Float64() < p {
							out.Set(i, j, w)
						}
					}
				}
				return out
			})
		},
		Variants: []any{
			// Filled column by column, skipping the diagonal.
			func() check.Result {
				return CheckSparseWeights(func(n int, p, w float64, rng *rand.Rand) *mat.Dense {
					out := mat.NewDense(n, n, nil)
					for j := range n {
						for i := range n {
							if i == j {
								continue
							}
							if rng.Float64() < p {
								out.Set(i, j, w)
							}
						}
					}
					return out
				})
			},
			// A draw for every pair, the diagonal cleared afterwards.
			func() check.Result {
				return CheckSparseWeights(func(n int, p, w float64, rng *rand.Rand) *mat.Dense {
					out := mat.NewDense(n, n, nil)
					out.Apply(func(i, j int, _ float64) float64 {
						if rng.Float64() < p {
							return w
						}
						return 0
					}, out)
					for i := range n {
						out.Set(i, i, 0)
					}
					return out
				})
			},
		}},
	{Check: CheckNormalizeRows,
		Right: func() check.Result { return CheckNormalizeRows(ref.NormalizeRows) },
		// Normalizes the columns, what each neuron sends.
		Wrong: func() check.Result {
			return CheckNormalizeRows(func(w *mat.Dense, total float64) *mat.Dense {
				var t, out mat.Dense
				t.CloneFrom(w.T())
				out.CloneFrom(ref.NormalizeRows(&t, total).T())
				return &out
			})
		},
		Variants: []any{
			// Each row scaled in place by total over its sum.
			func() check.Result {
				return CheckNormalizeRows(func(w *mat.Dense, total float64) *mat.Dense {
					out := mat.DenseCopyOf(w)
					n, m := out.Dims()
					for i := range n {
						sum := 0.0
						for j := range m {
							sum += out.At(i, j)
						}
						for j := range m {
							out.Set(i, j, out.At(i, j)/sum*total)
						}
					}
					return out
				})
			},
			// The row sums by a product with a vector of ones, then a diagonal scaling.
			func() check.Result {
				return CheckNormalizeRows(func(w *mat.Dense, total float64) *mat.Dense {
					n, m := w.Dims()
					ones := mat.NewVecDense(m, nil)
					for j := range m {
						ones.SetVec(j, 1)
					}
					var sums mat.VecDense
					sums.MulVec(w, ones)
					scale := mat.NewDiagDense(n, nil)
					for i := range n {
						scale.SetDiag(i, total/sums.AtVec(i))
					}
					var out mat.Dense
					out.Mul(scale, w)
					return &out
				})
			},
		}},
	{Check: CheckWinnerTakeAll,
		Right: func() check.Result { return CheckWinnerTakeAll(ref.WinnerTakeAll) },
		// Lateral excitation: the sign of the inhibition lost.
		Wrong: func() check.Result {
			return CheckWinnerTakeAll(func(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense) {
				return ref.WinnerTakeAll(input, self, -inhibition/float64(4*input.Len()), tau, dt, tEnd)
			})
		},
		Variants: []any{
			// Its own weights and loop steps; the winner by slices.Index of the maximum.
			func() check.Result {
				return CheckWinnerTakeAll(func(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense) {
					n := input.Len()
					w := mat.NewDense(n, n, nil)
					w.Apply(func(i, j int, _ float64) float64 {
						if i == j {
							return self
						}
						return -inhibition
					}, w)
					r := mat.NewVecDense(n, nil)
					for range int(math.Round(tEnd / dt)) {
						r = rateStepLoops(w, r, input, ref.ReLU, tau, dt)
					}
					rates := mat.Col(nil, 0, r)
					return slices.Index(rates, slices.Max(rates)), r
				})
			},
			// Each neuron inhibited by the total rate of the others: −inhibition·(Σr − r_i).
			func() check.Result {
				return CheckWinnerTakeAll(func(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense) {
					n := input.Len()
					r := make([]float64, n)
					for t := 0.0; t < tEnd-dt/2; t += dt {
						total := 0.0
						for _, x := range r {
							total += x
						}
						next := make([]float64, n)
						for i := range r {
							h := input.AtVec(i) + self*r[i] - inhibition*(total-r[i])
							next[i] = r[i] + dt/tau*(math.Max(h, 0)-r[i])
						}
						r = next
					}
					best := 0
					for i := range r {
						if r[i] > r[best] {
							best = i
						}
					}
					return best, mat.NewVecDense(n, r)
				})
			},
		}},
	{Check: CheckRingWeights,
		Right: func() check.Result { return CheckRingWeights(ref.RingWeights) },
		// Forgets to divide by N.
		Wrong: func() check.Result {
			return CheckRingWeights(func(n int, j0, j2 float64) *mat.Dense {
				w := ref.RingWeights(n, j0, j2)
				w.Scale(float64(n), w)
				return w
			})
		},
		Variants: []any{
			// cos(θᵢ − θⱼ) expanded, over N.
			func() check.Result {
				return CheckRingWeights(func(n int, j0, j2 float64) *mat.Dense {
					w := mat.NewDense(n, n, nil)
					for i := range n {
						ti := 2 * math.Pi * float64(i) / float64(n)
						for j := range n {
							tj := 2 * math.Pi * float64(j) / float64(n)
							w.Set(i, j, j0/float64(n)+j2/float64(n)*(math.Cos(ti)*math.Cos(tj)+math.Sin(ti)*math.Sin(tj)))
						}
					}
					return w
				})
			},
			// The angle of i − j, the weights scaled by 1/N afterwards.
			func() check.Result {
				return CheckRingWeights(func(n int, j0, j2 float64) *mat.Dense {
					w := mat.NewDense(n, n, nil)
					w.Apply(func(i, j int, _ float64) float64 {
						return j0 + j2*math.Cos(2*math.Pi*float64(i-j)/float64(n))
					}, w)
					w.Scale(1/float64(n), w)
					return w
				})
			},
		}},
	{Check: CheckBumpPosition,
		Right: func() check.Result { return CheckBumpPosition(ref.BumpPosition) },
		// math.Atan(y/x), which loses the quadrant.
		Wrong: func() check.Result {
			return CheckBumpPosition(func(r *mat.VecDense) float64 {
				var x, y float64
				for j, th := range ref.Angles(r.Len()) {
					x += r.AtVec(j) * math.Cos(th)
					y += r.AtVec(j) * math.Sin(th)
				}
				return math.Atan(y / x)
			})
		},
		Variants: []any{
			// The population vector summed backward, each angle computed in place.
			func() check.Result {
				return CheckBumpPosition(func(r *mat.VecDense) float64 {
					n := r.Len()
					var x, y float64
					for j := n - 1; j >= 0; j-- {
						th := 2 * math.Pi * float64(j) / float64(n)
						x += r.AtVec(j) * math.Cos(th)
						y += r.AtVec(j) * math.Sin(th)
					}
					return math.Atan2(y, x)
				})
			},
			// A complex sum and cmplx.Phase.
			func() check.Result {
				return CheckBumpPosition(func(r *mat.VecDense) float64 {
					var z complex128
					for j, th := range ref.Angles(r.Len()) {
						z += complex(r.AtVec(j), 0) * cmplx.Exp(complex(0, th))
					}
					return cmplx.Phase(z)
				})
			},
		}},
	{Check: CheckFluctuation,
		Right: func() check.Result { return CheckFluctuation(ref.Fluctuation) },
		// Measures from t = 0, transient included.
		Wrong: func() check.Result {
			return CheckFluctuation(func(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64 {
				return ref.Fluctuation(w, x0, tau, dt, tEnd, 0)
			})
		},
		Variants: []any{
			// Loops for the run, the variance by two passes dividing by the count minus one.
			func() check.Result {
				return CheckFluctuation(func(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64 {
					n := x0.Len()
					x := mat.Col(nil, 0, x0)
					var kept [][]float64
					steps, from := int(math.Round(tEnd/dt)), int(math.Round(tSkip/dt))
					for k := 0; ; k++ {
						if k >= from {
							kept = append(kept, slices.Clone(x))
						}
						if k == steps {
							break
						}
						th := make([]float64, n)
						for j := range x {
							th[j] = math.Tanh(x[j])
						}
						next := make([]float64, n)
						for i := range x {
							h := 0.0
							for j := range th {
								h += w.At(i, j) * th[j]
							}
							next[i] = x[i] + dt/tau*(h-x[i])
						}
						x = next
					}
					total := 0.0
					for i := range n {
						mean := 0.0
						for _, s := range kept {
							mean += s[i]
						}
						mean /= float64(len(kept))
						ss := 0.0
						for _, s := range kept {
							ss += (s[i] - mean) * (s[i] - mean)
						}
						total += ss / float64(len(kept)-1)
					}
					return total / float64(n)
				})
			},
			// gonum steps, the variance per neuron by stat.MeanVariance, averaged by stat.Mean.
			func() check.Result {
				return CheckFluctuation(func(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64 {
					n := x0.Len()
					x := mat.VecDenseCopyOf(x0)
					var rows [][]float64
					for k := 0; k <= int(math.Round(tEnd/dt)); k++ {
						if float64(k)*dt >= tSkip-dt/2 {
							rows = append(rows, mat.Col(nil, 0, x))
						}
						th := mat.NewVecDense(n, nil)
						for i := range n {
							th.SetVec(i, math.Tanh(x.AtVec(i)))
						}
						var drive mat.VecDense
						drive.MulVec(w, th)
						drive.SubVec(&drive, x)
						x.AddScaledVec(x, dt/tau, &drive)
					}
					variances := make([]float64, n)
					series := make([]float64, len(rows))
					for i := range n {
						for k, row := range rows {
							series[k] = row[i]
						}
						_, variances[i] = stat.MeanVariance(series, nil)
					}
					return stat.Mean(variances, nil)
				})
			},
		}},
	{Check: CheckEigenFixedPoint,
		Right: func() check.Result { return CheckEigenFixedPoint(ref.EigenFixedPoint) },
		// Amplifies each mode by 1 + λ, the first term of 1/(1 − λ).
		Wrong: func() check.Result {
			return CheckEigenFixedPoint(func(w *mat.SymDense, input *mat.VecDense) *mat.VecDense {
				var r mat.VecDense
				r.MulVec(w, input)
				r.AddVec(&r, input)
				return &r
			})
		},
		Variants: []any{
			// Solved directly: (𝟙 − W)·r = I, by Solve.
			func() check.Result {
				return CheckEigenFixedPoint(func(w *mat.SymDense, input *mat.VecDense) *mat.VecDense {
					n := input.Len()
					a := mat.NewDense(n, n, nil)
					a.Sub(ref.Identity(n), w)
					var r mat.VecDense
					if err := r.SolveVec(a, input); err != nil {
						panic(err)
					}
					return &r
				})
			},
			// The modes' coefficients first, then V·diag(1/(1 − λ))·Vᵀ·I.
			func() check.Result {
				return CheckEigenFixedPoint(func(w *mat.SymDense, input *mat.VecDense) *mat.VecDense {
					var eig mat.EigenSym
					if !eig.Factorize(w, true) {
						panic("no eigenvalues")
					}
					var v mat.Dense
					eig.VectorsTo(&v)
					var c mat.VecDense
					c.MulVec(v.T(), input)
					for k, l := range eig.Values(nil) {
						c.SetVec(k, c.AtVec(k)/(1-l))
					}
					var r mat.VecDense
					r.MulVec(&v, &c)
					return &r
				})
			},
		}},
	{Check: CheckParadoxicalResponse,
		Right: func() check.Result { return CheckParadoxicalResponse(ref.Paradoxical) },
		// The step given to E instead of I.
		Wrong: func() check.Result {
			return CheckParadoxicalResponse(func(wEE, wEI, wIE, wII, step float64) (float64, float64) {
				r := fixedPoint(ref.EIWeights(wEE, wEI, wIE, wII), mat.NewVecDense(2, []float64{step, 0}))
				return r.AtVec(0), r.AtVec(1)
			})
		},
		Variants: []any{
			// The 2×2 system by Cramer's rule.
			func() check.Result {
				return CheckParadoxicalResponse(func(wEE, wEI, wIE, wII, step float64) (float64, float64) {
					// (1 − wEE)·rE + wEI·rI = 0 and −wIE·rE + (1 + wII)·rI = step.
					det := (1-wEE)*(1+wII) + wEI*wIE
					return -wEI * step / det, (1 - wEE) * step / det
				})
			},
			// The inverse of 𝟙 − W times the input.
			func() check.Result {
				return CheckParadoxicalResponse(func(wEE, wEI, wIE, wII, step float64) (float64, float64) {
					a := mat.NewDense(2, 2, []float64{1 - wEE, wEI, -wIE, 1 + wII})
					var inv mat.Dense
					if err := inv.Inverse(a); err != nil {
						panic(err)
					}
					return inv.At(0, 1) * step, inv.At(1, 1) * step
				})
			},
		}},
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// otherStream returns a generator independent of rng: a right answer that
// draws its random numbers in another order than the reference.
func otherStream(rng *rand.Rand) *rand.Rand { return rand.New(rand.NewPCG(rng.Uint64(), 99)) }

// A right answer whose random numbers differ from the reference's passes
// the statistical levels, and plausible wrong ones fail them.
func TestStatisticalLevels(t *testing.T) {
	for _, tt := range []struct {
		level int
		res   func() check.Result
		want  check.Status
	}{
		{14, func() check.Result {
			return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
				return ref.RandomWeights(n, g, otherStream(rng))
			})
		}, check.Passed},
		{14, func() check.Result {
			// Uniform entries of the right variance: not normal.
			return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
				w := mat.NewDense(n, n, nil)
				s := g / math.Sqrt(float64(n)) * math.Sqrt(3)
				for i := range n {
					for j := range n {
						w.Set(i, j, s*(2*rng.Float64()-1))
					}
				}
				return w
			})
		}, check.Failed},
		{18, func() check.Result {
			return CheckSparseWeights(func(n int, p, w float64, rng *rand.Rand) *mat.Dense {
				return ref.SparseWeights(n, p, w, otherStream(rng))
			})
		}, check.Passed},
		{18, func() check.Result {
			// Probability 1 − p.
			return CheckSparseWeights(func(n int, p, w float64, rng *rand.Rand) *mat.Dense {
				return ref.SparseWeights(n, 1-p, w, rng)
			})
		}, check.Failed},
	} {
		if res := tt.res(); res.Status != tt.want {
			t.Errorf("level %d: %s, want %s\n%s", tt.level, res.Status, tt.want, res.Message)
		}
	}
}

// TestHelpers ties what the checks hand learners, written apart from the
// references so that it works while grading, to the references.
func TestHelpers(t *testing.T) {
	for _, c := range []struct{ tEnd, dt float64 }{{10, 0.1}, {100, 0.25}, {0.3, 0.1}, {0, 0.1}, {7, 0.01}} {
		if err := check.CompareSlice(TimeGrid(c.tEnd, c.dt), ref.TimeGrid(c.tEnd, c.dt), check.Tol{}); err != nil {
			t.Errorf("TimeGrid(%g, %g): %v", c.tEnd, c.dt, err)
		}
	}
	for _, name := range []string{"linear", "relu", "sigmoid", "tanh"} {
		for x := -60.0; x <= 120; x += 0.7 {
			if got, want := transfer(name)(x), ref.Transfer(name)(x); got != want {
				t.Errorf("%s(%g) = %g, the reference's is %g", name, x, got, want)
			}
		}
	}
	if Margin != ref.Margin {
		t.Errorf("Margin = %g, the reference's is %g", Margin, ref.Margin)
	}
}
