package network

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

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
		}},
	{Check: CheckTransfer,
		Right: func() check.Result { return CheckTransfer(ref.ReLU, ref.Sigmoid) },
		// The sign of the exponent: a sigmoid that falls.
		Wrong: func() check.Result {
			return CheckTransfer(ref.ReLU, func(x, fMax, x0, k float64) float64 { return fMax / (1 + math.Exp((x-x0)/k)) })
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
		}},
	{Check: CheckSettle,
		Right: func() check.Result { return CheckSettle(ref.Settle) },
		// Stops when one step changes the rates by less than tol.
		Wrong: func() check.Result {
			return CheckSettle(func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64) {
				return ref.Settle(w, r0, input, f, tau, dt, tol*tau/dt, tMax)
			})
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
		}},
	{Check: CheckStable,
		Right: func() check.Result { return CheckStable(ref.Stable) },
		// The rule for maps: every |λ| below 1.
		Wrong: func() check.Result {
			return CheckStable(func(w *mat.Dense) bool { return ref.SpectralRadius(w) < 1 })
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
		}},
	{Check: CheckAmplification,
		Right: func() check.Result { return CheckAmplification(ref.Amplification) },
		// The steady state, whether or not the run reached it.
		Wrong: func() check.Result {
			return CheckAmplification(func(w, tau, dt, tEnd float64) float64 { return 1 / (1 - w) })
		}},
	{Check: CheckEIWeights,
		Right: func() check.Result { return CheckEIWeights(ref.EIWeights) },
		// Swaps the weights between the populations: wEI in row 1.
		Wrong: func() check.Result {
			return CheckEIWeights(func(wEE, wEI, wIE, wII float64) *mat.Dense {
				return mat.NewDense(2, 2, []float64{wEE, -wIE, wEI, -wII})
			})
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
		}},
	{Check: CheckRandomWeights,
		Right: func() check.Result { return CheckRandomWeights(ref.RandomWeights) },
		// Scaled by 1/N instead of 1/√N.
		Wrong: func() check.Result {
			return CheckRandomWeights(func(n int, g float64, rng *rand.Rand) *mat.Dense {
				return ref.RandomWeights(n, g/math.Sqrt(float64(n)), rng)
			})
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
		}},
	{Check: CheckSpectralRadius,
		Right: func() check.Result { return CheckSpectralRadius(ref.SpectralRadius) },
		// The largest real part.
		Wrong: func() check.Result { return CheckSpectralRadius(ref.MaxReal) }},
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
		}},
	{Check: CheckWinnerTakeAll,
		Right: func() check.Result { return CheckWinnerTakeAll(ref.WinnerTakeAll) },
		// Lateral excitation: the sign of the inhibition lost.
		Wrong: func() check.Result {
			return CheckWinnerTakeAll(func(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense) {
				return ref.WinnerTakeAll(input, self, -inhibition/float64(4*input.Len()), tau, dt, tEnd)
			})
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
		}},
	{Check: CheckFluctuation,
		Right: func() check.Result { return CheckFluctuation(ref.Fluctuation) },
		// Measures from t = 0, transient included.
		Wrong: func() check.Result {
			return CheckFluctuation(func(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64 {
				return ref.Fluctuation(w, x0, tau, dt, tEnd, 0)
			})
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
		}},
	{Check: CheckParadoxicalResponse,
		Right: func() check.Result { return CheckParadoxicalResponse(ref.Paradoxical) },
		// The step given to E instead of I.
		Wrong: func() check.Result {
			return CheckParadoxicalResponse(func(wEE, wEI, wIE, wII, step float64) (float64, float64) {
				r := fixedPoint(ref.EIWeights(wEE, wEI, wIE, wII), mat.NewVecDense(2, []float64{step, 0}))
				return r.AtVec(0), r.AtVec(1)
			})
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
