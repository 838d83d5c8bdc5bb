// Package network holds the reference answers of Project 5, networks of
// neurons described by their firing rates. Units: rates in Hz, time in ms;
// inputs are in the units of the rate (Hz), so that a transfer function F
// maps an input in Hz to a rate in Hz, and weights are dimensionless.
//
// The weight W[i][j] (row i, column j) is the weight of the connection from
// neuron j onto neuron i, and the rates obey τ·dr/dt = −r + F(W·r + I),
// integrated by forward Euler with steps of dt.
package network

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// A Synapse is one connection: from neuron From onto neuron To, of weight
// Weight.
type Synapse struct {
	From, To int
	Weight   float64
}

// Connect returns the n×n weight matrix of the synapses: W[To][From] =
// Weight, every other entry 0.
func Connect(n int, synapses []Synapse) *mat.Dense {
	w := mat.NewDense(n, n, nil)
	for _, s := range synapses {
		w.Set(s.To, s.From, s.Weight)
	}
	return w
}

// NetInput returns W·r + input (Hz).
func NetInput(w *mat.Dense, r, input *mat.VecDense) *mat.VecDense {
	var h mat.VecDense
	h.MulVec(w, r)
	h.AddVec(&h, input)
	return &h
}

// ReLU is the rectified-linear transfer function: max(0, x) (Hz).
func ReLU(x float64) float64 { return math.Max(0, x) }

// Sigmoid is the sigmoid transfer function fMax/(1 + e^(−(x − x0)/k)) (Hz)
// of an input x (Hz), with the maximum rate fMax, the half-activation input
// x0 and the width k (Hz).
func Sigmoid(x, fMax, x0, k float64) float64 { return fMax / (1 + math.Exp(-(x-x0)/k)) }

// The sigmoid the checks name "sigmoid": fMax = 100 Hz, x0 = 20 Hz, k = 5 Hz.
const (
	SigmoidMax   = 100
	SigmoidHalf  = 20
	SigmoidWidth = 5
)

// Transfer returns the transfer function of a name the checks use:
// "linear", "relu", "sigmoid" (with SigmoidMax, SigmoidHalf, SigmoidWidth)
// or "tanh".
func Transfer(name string) func(float64) float64 {
	switch name {
	case "linear":
		return func(x float64) float64 { return x }
	case "relu":
		return ReLU
	case "sigmoid":
		return func(x float64) float64 { return Sigmoid(x, SigmoidMax, SigmoidHalf, SigmoidWidth) }
	case "tanh":
		return math.Tanh
	}
	panic(fmt.Sprintf("no transfer function %q", name))
}

// apply returns f applied to every element of v.
func apply(f func(float64) float64, v *mat.VecDense) *mat.VecDense {
	out := mat.NewVecDense(v.Len(), nil)
	for i := range v.Len() {
		out.SetVec(i, f(v.AtVec(i)))
	}
	return out
}

// Step returns the rates (Hz) one Euler step of dt (ms) after r:
// r + dt/τ·(−r + F(W·r + input)).
func Step(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64, tau, dt float64) *mat.VecDense {
	return stepBy(r, drift(w, r, input, f), tau, dt)
}

// drift returns F(W·r + input) − r (Hz), τ·dr/dt.
func drift(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64) *mat.VecDense {
	d := NetInput(w, r, input)
	for i := range d.Len() {
		d.SetVec(i, f(d.AtVec(i)))
	}
	d.SubVec(d, r)
	return d
}

// stepBy returns r + dt/τ·d, Step's rates from the drift d = drift(…)
// (overwritten).
func stepBy(r, d *mat.VecDense, tau, dt float64) *mat.VecDense {
	d.AddScaledVec(r, dt/tau, d)
	return d
}

// Steps returns the number of steps of dt (ms) in tEnd (ms), round(tEnd/dt).
func Steps(tEnd, dt float64) int { return int(math.Round(tEnd / dt)) }

// TimeGrid returns the times 0, dt, …, tEnd (ms): Steps(tEnd, dt) + 1 of
// them, the k-th computed as k·dt.
func TimeGrid(tEnd, dt float64) []float64 {
	t := make([]float64, Steps(tEnd, dt)+1)
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// Simulate returns the rates (Hz) at the times of TimeGrid(tEnd, dt) from
// r0, by Steps of dt (ms).
func Simulate(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tEnd float64) []*mat.VecDense {
	traj := []*mat.VecDense{mat.VecDenseCopyOf(r0)}
	for range Steps(tEnd, dt) {
		traj = append(traj, Step(w, traj[len(traj)-1], input, f, tau, dt))
	}
	return traj
}

// Identity returns the n×n identity matrix.
func Identity(n int) *mat.Dense {
	id := mat.NewDense(n, n, nil)
	for i := range n {
		id.Set(i, i, 1)
	}
	return id
}

// FixedPoint returns the fixed point r = W·r + input (Hz) of the linear
// network, solving (𝟙 − W)·r = input.
func FixedPoint(w *mat.Dense, input *mat.VecDense) (*mat.VecDense, error) {
	n, _ := w.Dims()
	var a mat.Dense
	a.Sub(Identity(n), w)
	var r mat.VecDense
	if err := r.SolveVec(&a, input); err != nil {
		return nil, err
	}
	return &r, nil
}

// Residual returns max_i |F(W·r + input)_i − r_i| (Hz), τ times the largest
// rate of change.
func Residual(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64) float64 {
	return mat.Norm(drift(w, r, input, f), math.Inf(1))
}

// Settle steps the rates from r0 until their Residual is below tol (Hz), and
// returns them and the time (ms) at which that happened; if it never does,
// the rates at the last time of TimeGrid(tMax, dt) and that time.
func Settle(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64) {
	r := mat.VecDenseCopyOf(r0)
	last := Steps(tMax, dt)
	for k := 0; ; k++ {
		if k == last {
			return r, float64(k) * dt
		}
		// The residual is the largest element of the drift, which the
		// step then takes.
		d := drift(w, r, input, f)
		if mat.Norm(d, math.Inf(1)) < tol {
			return r, float64(k) * dt
		}
		r = stepBy(r, d, tau, dt)
	}
}

// Eigenvalues returns the eigenvalues of w.
func Eigenvalues(w *mat.Dense) []complex128 {
	var eig mat.Eigen
	if !eig.Factorize(w, mat.EigenNone) {
		panic("eigen decomposition failed")
	}
	return eig.Values(nil)
}

// Margin is how far below 1 the real part of every eigenvalue must be for
// Stable: an eigenvalue within Margin of 1 is marginal, not stable.
const Margin = 1e-9

// MaxReal returns the largest real part of the eigenvalues of w.
func MaxReal(w *mat.Dense) float64 {
	m := math.Inf(-1)
	for _, l := range Eigenvalues(w) {
		m = math.Max(m, real(l))
	}
	return m
}

// Stable reports whether the linear network of weights w is stable: every
// eigenvalue of w has a real part below 1 − Margin.
func Stable(w *mat.Dense) bool { return MaxReal(w) < 1-Margin }

// Chain returns the weights of a feedforward chain of n neurons: neuron
// i − 1 excites neuron i with weight w, and nothing else connects.
func Chain(n int, w float64) *mat.Dense {
	c := mat.NewDense(n, n, nil)
	for i := 1; i < n; i++ {
		c.Set(i, i-1, w)
	}
	return c
}

// Amplification returns the rate (Hz) of one linear unit with self-weight w
// after tEnd (ms) from rest under an input of 1 Hz, simulated with steps of
// dt (ms): for long runs, 1/(1 − w).
func Amplification(w, tau, dt, tEnd float64) float64 {
	traj := Simulate(mat.NewDense(1, 1, []float64{w}), mat.NewVecDense(1, nil), mat.NewVecDense(1, []float64{1}),
		Transfer("linear"), tau, dt, tEnd)
	return traj[len(traj)-1].AtVec(0)
}

// EIWeights returns the weights of an excitatory population (index 0) and
// an inhibitory one (index 1) with the given magnitudes: W = [[wEE, −wEI],
// [wIE, −wII]], where wEI is the weight from I onto E.
func EIWeights(wEE, wEI, wIE, wII float64) *mat.Dense {
	return mat.NewDense(2, 2, []float64{wEE, -wEI, wIE, -wII})
}

// Balance returns the excitation and the inhibition (both ≥ 0, Hz) each
// neuron receives: exc_i = Σ_j max(W_ij, 0)·r_j + max(input_i, 0) and
// inh_i = Σ_j max(−W_ij, 0)·r_j + max(−input_i, 0), for rates r ≥ 0, so that
// exc − inh = W·r + input.
func Balance(w *mat.Dense, r, input *mat.VecDense) (exc, inh *mat.VecDense) {
	n, m := w.Dims()
	exc, inh = mat.NewVecDense(n, nil), mat.NewVecDense(n, nil)
	for i := range n {
		var e, in float64
		for j := range m {
			if x := w.At(i, j) * r.AtVec(j); w.At(i, j) > 0 {
				e += x
			} else {
				in -= x
			}
		}
		e += math.Max(input.AtVec(i), 0)
		in += math.Max(-input.AtVec(i), 0)
		exc.SetVec(i, e)
		inh.SetVec(i, in)
	}
	return exc, inh
}

// RandomWeights returns an n×n matrix of independent normal weights of mean
// 0 and standard deviation g/√n, drawn row by row from rng.
func RandomWeights(n int, g float64, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(n, n, nil)
	s := g / math.Sqrt(float64(n))
	for i := range n {
		for j := range n {
			w.Set(i, j, s*rng.NormFloat64())
		}
	}
	return w
}

// Dale returns w with the signs that Dale's law gives: every weight from an
// excitatory neuron j (excitatory[j]) is |W_ij|, every weight from an
// inhibitory one −|W_ij|.
func Dale(w *mat.Dense, excitatory []bool) *mat.Dense {
	var out mat.Dense
	out.Apply(func(i, j int, v float64) float64 {
		if excitatory[j] {
			return math.Abs(v)
		}
		return -math.Abs(v)
	}, w)
	return &out
}

// SpectralRadius returns the largest modulus of the eigenvalues of w.
func SpectralRadius(w *mat.Dense) float64 {
	var m float64
	for _, l := range Eigenvalues(w) {
		m = math.Max(m, cmplx.Abs(l))
	}
	return m
}

// PopulationRate returns the mean rate (Hz) over the neurons at each time
// of a trajectory.
func PopulationRate(traj []*mat.VecDense) []float64 {
	out := make([]float64, len(traj))
	for k, r := range traj {
		out[k] = mat.Sum(r) / float64(r.Len())
	}
	return out
}

// SparseWeights returns an n×n matrix in which each connection between two
// different neurons exists with probability p, independently, with weight
// w; no neuron connects to itself. It draws one rng.Float64 per ordered pair
// of different neurons, row by row.
func SparseWeights(n int, p, w float64, rng *rand.Rand) *mat.Dense {
	out := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if i != j && rng.Float64() < p {
				out.Set(i, j, w)
			}
		}
	}
	return out
}

// NormalizeRows returns w with each row scaled so that it sums to total:
// every neuron receives the same total weight.
func NormalizeRows(w *mat.Dense, total float64) *mat.Dense {
	n, _ := w.Dims()
	sums := make([]float64, n)
	for i := range n {
		sums[i] = mat.Sum(w.RowView(i))
	}
	var out mat.Dense
	out.Apply(func(i, j int, v float64) float64 { return v * total / sums[i] }, w)
	return &out
}

// WTAWeights returns the weights of n neurons that excite themselves with
// weight self and inhibit every other with weight −inhibition.
func WTAWeights(n int, self, inhibition float64) *mat.Dense {
	w := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			if i == j {
				w.Set(i, j, self)
			} else {
				w.Set(i, j, -inhibition)
			}
		}
	}
	return w
}

// WinnerTakeAll simulates the rectified-linear network of WTAWeights from
// rest under input for tEnd (ms) and returns the index of the neuron with
// the highest final rate and the final rates (Hz).
func WinnerTakeAll(input *mat.VecDense, self, inhibition, tau, dt, tEnd float64) (int, *mat.VecDense) {
	n := input.Len()
	traj := Simulate(WTAWeights(n, self, inhibition), mat.NewVecDense(n, nil), input, ReLU, tau, dt, tEnd)
	r := traj[len(traj)-1]
	best := 0
	for i := range n {
		if r.AtVec(i) > r.AtVec(best) {
			best = i
		}
	}
	return best, r
}

// Angles returns the preferred angles θ_i = 2π·i/n (rad) of a ring of n
// neurons.
func Angles(n int) []float64 {
	theta := make([]float64, n)
	for i := range theta {
		theta[i] = 2 * math.Pi * float64(i) / float64(n)
	}
	return theta
}

// RingWeights returns the weights of a ring of n neurons:
// W_ij = (j0 + j2·cos(θ_i − θ_j))/n.
func RingWeights(n int, j0, j2 float64) *mat.Dense {
	theta := Angles(n)
	w := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			w.Set(i, j, (j0+j2*math.Cos(theta[i]-theta[j]))/float64(n))
		}
	}
	return w
}

// TunedInput returns the input (Hz) i0 + eps·cos(θ_i − theta0) to a ring of
// n neurons.
func TunedInput(n int, i0, eps, theta0 float64) *mat.VecDense {
	in := mat.NewVecDense(n, nil)
	for i, th := range Angles(n) {
		in.SetVec(i, i0+eps*math.Cos(th-theta0))
	}
	return in
}

// BumpPosition returns the angle (rad, in (−π, π]) of the population vector
// Σ_j r_j·(cos θ_j, sin θ_j) of the rates of a ring.
func BumpPosition(r *mat.VecDense) float64 {
	var x, y float64
	for j, th := range Angles(r.Len()) {
		x += r.AtVec(j) * math.Cos(th)
		y += r.AtVec(j) * math.Sin(th)
	}
	return math.Atan2(y, x)
}

// TanhStep returns the activity one Euler step of dt (ms) after x in the
// network τ·dx/dt = −x + W·tanh(x).
func TanhStep(w *mat.Dense, x *mat.VecDense, tau, dt float64) *mat.VecDense {
	var drive, next mat.VecDense
	drive.MulVec(w, apply(math.Tanh, x))
	next.SubVec(&drive, x)
	next.AddScaledVec(x, dt/tau, &next)
	return &next
}

// TanhRun returns the activity of τ·dx/dt = −x + W·tanh(x) at the times of
// TimeGrid(tEnd, dt) from x0, by Euler steps of dt (ms).
func TanhRun(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd float64) []*mat.VecDense {
	traj := []*mat.VecDense{mat.VecDenseCopyOf(x0)}
	for range Steps(tEnd, dt) {
		traj = append(traj, TanhStep(w, traj[len(traj)-1], tau, dt))
	}
	return traj
}

// Fluctuation returns the mean over the neurons of the sample variance (with
// n − 1) over time of their activity at the times of the grid from tSkip to
// tEnd (ms), both included, in the run of TanhRun.
func Fluctuation(w *mat.Dense, x0 *mat.VecDense, tau, dt, tEnd, tSkip float64) float64 {
	traj := TanhRun(w, x0, tau, dt, tEnd)
	from := Steps(tSkip, dt)
	n := x0.Len()
	var total float64
	x := make([]float64, len(traj)-from)
	for i := range n {
		for k := range x {
			x[k] = traj[from+k].AtVec(i)
		}
		total += stat.Variance(x, nil)
	}
	return total / float64(n)
}

// NormalVector returns n independent standard normal numbers from rng.
func NormalVector(n int, rng *rand.Rand) *mat.VecDense {
	v := mat.NewVecDense(n, nil)
	for i := range n {
		v.SetVec(i, rng.NormFloat64())
	}
	return v
}

// EigenFixedPoint returns the fixed point of the linear network of a
// symmetric w under input (Hz) from the eigenvectors v_k and eigenvalues λ_k
// of w: r = Σ_k (v_k·input)/(1 − λ_k)·v_k.
func EigenFixedPoint(w *mat.SymDense, input *mat.VecDense) *mat.VecDense {
	var eig mat.EigenSym
	if !eig.Factorize(w, true) {
		panic("symmetric eigen decomposition failed")
	}
	values := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	r := mat.NewVecDense(input.Len(), nil)
	for k, l := range values {
		v := vecs.ColView(k)
		r.AddScaledVec(r, mat.Dot(v, input)/(1-l), v)
	}
	return r
}

// ModeGains returns the amplification 1/(1 − λ_k) of each eigenvector of a
// symmetric w, in the order of its eigenvalues, ascending.
func ModeGains(w *mat.SymDense) []float64 {
	var eig mat.EigenSym
	if !eig.Factorize(w, false) {
		panic("symmetric eigen decomposition failed")
	}
	values := eig.Values(nil)
	sort.Float64s(values)
	gains := make([]float64, len(values))
	for k, l := range values {
		gains[k] = 1 / (1 - l)
	}
	return gains
}

// Paradoxical returns the change of the fixed-point rates (Hz) of the
// excitatory and the inhibitory population of the linear network of
// EIWeights(wEE, wEI, wIE, wII) when the input to the inhibitory population
// rises by dI (Hz).
func Paradoxical(wEE, wEI, wIE, wII, dI float64) (dE, dRI float64) {
	r, err := FixedPoint(EIWeights(wEE, wEI, wIE, wII), mat.NewVecDense(2, []float64{0, dI}))
	if err != nil {
		panic(err)
	}
	return r.AtVec(0), r.AtVec(1)
}
