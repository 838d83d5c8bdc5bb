// Package plasticity holds the reference answers of Project 6, Plasticity
// and Learning: rate-based Hebbian rules (Hebb, Oja, BCM, Sanger), spike-
// timing-dependent plasticity, homeostasis and structural plasticity, and
// the seeded input data the checks hand to the learner. Units: time in ms,
// rates in Hz, weights dimensionless.
//
// A rate neuron is linear: its output is y = w·x.
package plasticity

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Dot returns Σ a[i]·b[i].
func Dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// Norm returns the Euclidean length of w.
func Norm(w []float64) float64 { return math.Sqrt(Dot(w, w)) }

// HebbStep returns w + η·y·x with y = w·x.
func HebbStep(w, x []float64, eta float64) []float64 {
	y := Dot(w, x)
	next := make([]float64, len(w))
	for i := range w {
		next[i] = w[i] + eta*y*x[i]
	}
	return next
}

// HebbNorms returns |w| before the first sample and after each HebbStep on
// the samples xs in order.
func HebbNorms(w0 []float64, xs [][]float64, eta float64) []float64 {
	norms := []float64{Norm(w0)}
	w := w0
	for _, x := range xs {
		w = HebbStep(w, x, eta)
		norms = append(norms, Norm(w))
	}
	return norms
}

// BoundedHebbStep returns HebbStep(w, x, eta) with each weight clipped to
// [0, wMax].
func BoundedHebbStep(w, x []float64, eta, wMax float64) []float64 {
	next := HebbStep(w, x, eta)
	for i := range next {
		next[i] = min(max(next[i], 0), wMax)
	}
	return next
}

// CovarianceStep returns w + η·(y − yMean)·(x − xMean) with y = w·x.
func CovarianceStep(w, x, xMean []float64, yMean, eta float64) []float64 {
	y := Dot(w, x)
	next := make([]float64, len(w))
	for i := range w {
		next[i] = w[i] + eta*(y-yMean)*(x[i]-xMean[i])
	}
	return next
}

// NormalizedHebbStep returns HebbStep(w, x, eta) divided by its length.
func NormalizedHebbStep(w, x []float64, eta float64) []float64 {
	next := HebbStep(w, x, eta)
	n := Norm(next)
	for i := range next {
		next[i] /= n
	}
	return next
}

// OjaStep returns w + η·y·(x − y·w) with y = w·x.
func OjaStep(w, x []float64, eta float64) []float64 {
	y := Dot(w, x)
	next := make([]float64, len(w))
	for i := range w {
		next[i] = w[i] + eta*y*(x[i]-y*w[i])
	}
	return next
}

// OjaRun returns the weights w0 and after each OjaStep on the samples xs.
func OjaRun(w0 []float64, xs [][]float64, eta float64) [][]float64 {
	ws := [][]float64{slices.Clone(w0)}
	w := w0
	for _, x := range xs {
		w = OjaStep(w, x, eta)
		ws = append(ws, w)
	}
	return ws
}

// Covariance returns the sample covariance matrix of the samples xs (each a
// vector): the mean is subtracted and the sums divided by n − 1.
func Covariance(xs [][]float64) [][]float64 {
	d, n := len(xs[0]), float64(len(xs))
	mean := make([]float64, d)
	for _, x := range xs {
		for i := range x {
			mean[i] += x[i] / n
		}
	}
	c := make([][]float64, d)
	for i := range c {
		c[i] = make([]float64, d)
	}
	for _, x := range xs {
		for i := range d {
			for j := range d {
				c[i][j] += (x[i] - mean[i]) * (x[j] - mean[j])
			}
		}
	}
	for i := range d {
		for j := range d {
			c[i][j] /= n - 1
		}
	}
	return c
}

// Eigen returns the eigenvalues of the symmetric matrix c in decreasing
// order and the matching unit eigenvectors, each with its largest
// component (in absolute value) positive.
func Eigen(c [][]float64) (values []float64, vectors [][]float64) {
	d := len(c)
	s := mat.NewSymDense(d, nil)
	for i := range d {
		for j := i; j < d; j++ {
			s.SetSym(i, j, c[i][j])
		}
	}
	var e mat.EigenSym
	if !e.Factorize(s, true) {
		panic("plasticity: eigendecomposition failed")
	}
	vals := e.Values(nil)
	var v mat.Dense
	e.VectorsTo(&v)
	for k := d - 1; k >= 0; k-- { // gonum sorts ascending
		vec := make([]float64, d)
		big := 0
		for i := range d {
			vec[i] = v.At(i, k)
			if math.Abs(vec[i]) > math.Abs(vec[big]) {
				big = i
			}
		}
		if vec[big] < 0 {
			for i := range vec {
				vec[i] = -vec[i]
			}
		}
		values = append(values, vals[k])
		vectors = append(vectors, vec)
	}
	return values, vectors
}

// PrincipalComponent returns the unit eigenvector of c with the largest
// eigenvalue, and that eigenvalue.
func PrincipalComponent(c [][]float64) ([]float64, float64) {
	values, vectors := Eigen(c)
	return vectors[0], values[0]
}

// Angle returns the angle in degrees, from 0 to 90, between the lines
// along a and b: the sign of either does not matter.
func Angle(a, b []float64) float64 {
	cos := math.Abs(Dot(a, b)) / (Norm(a) * Norm(b))
	return math.Acos(min(cos, 1)) * 180 / math.Pi
}

// OjaAngle returns the angle (degrees) between Oja's weights after a run
// from w0 over xs and the principal component of the samples' covariance.
func OjaAngle(w0 []float64, xs [][]float64, eta float64) float64 {
	ws := OjaRun(w0, xs, eta)
	pc, _ := PrincipalComponent(Covariance(xs))
	return Angle(ws[len(ws)-1], pc)
}

// BCMStep returns w + η·x·y·(y − θ) with y = w·x.
func BCMStep(w, x []float64, theta, eta float64) []float64 {
	y := Dot(w, x)
	next := make([]float64, len(w))
	for i := range w {
		next[i] = w[i] + eta*x[i]*y*(y-theta)
	}
	return next
}

// BCMRun shows the neuron the patterns in the given order, starting from
// weights w0 and threshold theta0. At each step, with y = w·x for the
// pattern shown, the weights take a BCMStep with the current θ, and θ moves
// toward y²/y0 by a fraction 1/tauTheta of the gap (tauTheta in steps). It
// returns the weights and the threshold after each step.
func BCMRun(w0 []float64, patterns [][]float64, order []int, eta, tauTheta, y0, theta0 float64) (ws [][]float64, thetas []float64) {
	w, theta := w0, theta0
	for _, k := range order {
		x := patterns[k]
		y := Dot(w, x)
		w = BCMStep(w, x, theta, eta)
		theta += (y*y/y0 - theta) / tauTheta
		ws = append(ws, w)
		thetas = append(thetas, theta)
	}
	return ws, thetas
}

// STDP holds the parameters of a pair-based STDP window: the amplitudes
// APlus and AMinus (dimensionless) and the time constants TauPlus and
// TauMinus (ms).
type STDP struct {
	APlus, AMinus, TauPlus, TauMinus float64
}

// DefaultSTDP returns A₊ = 0.01, A₋ = 0.0105, τ₊ = τ₋ = 20 ms.
func DefaultSTDP() STDP { return STDP{0.01, 0.0105, 20, 20} }

// Window returns the weight change of one pair of spikes with
// Δt = t_post − t_pre (ms): A₊·e^(−Δt/τ₊) for Δt > 0, −A₋·e^(Δt/τ₋) for
// Δt < 0, and 0 for Δt = 0.
func Window(p STDP, dt float64) float64 {
	switch {
	case dt > 0:
		return p.APlus * math.Exp(-dt/p.TauPlus)
	case dt < 0:
		return -p.AMinus * math.Exp(dt/p.TauMinus)
	}
	return 0
}

// Pairing returns the weight w0 and after each of n pairings at Δt (ms),
// each pair adding Window(Δt) and the weight kept within [0, wMax].
func Pairing(p STDP, w0, dt float64, n int, wMax float64) []float64 {
	ws := []float64{w0}
	w := w0
	for range n {
		w = min(max(w+Window(p, dt), 0), wMax)
		ws = append(ws, w)
	}
	return ws
}

// PairSum returns the sum of Window(t_post − t_pre) over every pair of a
// presynaptic and a postsynaptic spike time (ms).
func PairSum(p STDP, pre, post []float64) float64 {
	s := 0.0
	for _, tp := range pre {
		for _, tq := range post {
			s += Window(p, tq-tp)
		}
	}
	return s
}

// TraceSTDP returns the total weight change of the spike trains pre and post
// (sorted times, ms, none shared) computed online: a presynaptic trace that
// jumps by 1 at each presynaptic spike and decays with τ₊, a postsynaptic
// trace that jumps by 1 at each postsynaptic spike and decays with τ₋; each
// postsynaptic spike adds A₊ times the presynaptic trace, each presynaptic
// spike subtracts A₋ times the postsynaptic trace, both traces read just
// before the spike.
func TraceSTDP(p STDP, pre, post []float64) float64 {
	var xPre, xPost, dw float64
	t := math.Inf(-1)
	i, j := 0, 0
	for i < len(pre) || j < len(post) {
		isPre := j == len(post) || i < len(pre) && pre[i] < post[j]
		var s float64
		if isPre {
			s = pre[i]
		} else {
			s = post[j]
		}
		if !math.IsInf(t, -1) {
			xPre *= math.Exp(-(s - t) / p.TauPlus)
			xPost *= math.Exp(-(s - t) / p.TauMinus)
		}
		t = s
		if isPre {
			dw -= p.AMinus * xPost
			xPre++
			i++
		} else {
			dw += p.APlus * xPre
			xPost++
			j++
		}
	}
	return dw
}

// SynapseChanges returns TraceSTDP of each presynaptic train with the one
// postsynaptic train.
func SynapseChanges(p STDP, pres [][]float64, post []float64) []float64 {
	dw := make([]float64, len(pres))
	for k, pre := range pres {
		dw[k] = TraceSTDP(p, pre, post)
	}
	return dw
}

// Drift returns the mean rate of change of the weight (per second) of a
// synapse whose independent Poisson trains fire at ratePre and ratePost
// (Hz): r_pre·r_post·(A₊τ₊ − A₋τ₋), with the τ turned from ms into s.
func Drift(p STDP, ratePre, ratePost float64) float64 {
	return ratePre * ratePost * (p.APlus*p.TauPlus - p.AMinus*p.TauMinus) / 1000
}

// Compete runs a threshold neuron with STDP on its inputs' spikes, pre[i][k]
// being whether input i fires in step k of dt (ms). It returns the final
// weights, starting from w0. In each step k:
//  1. the neuron fires if k > 0 and Σ w_i·pre_i[k−1] ≥ θ: it answers its
//     input one step later;
//  2. every trace decays: x_pre,i by e^(−dt/τ₊), x_post by e^(−dt/τ₋);
//  3. if the neuron fires, every w_i grows by A₊·x_pre,i (additive) or by
//     A₊·(wMax − w_i)·x_pre,i (soft);
//  4. each input that fires loses A₋·x_post (additive) or A₋·w_i·x_post
//     (soft);
//  5. each weight is kept within [0, wMax]; the traces of the inputs that
//     fired grow by 1, and x_post by 1 if the neuron fired.
func Compete(p STDP, pre [][]bool, w0 []float64, theta, wMax, dt float64, soft bool) []float64 {
	n := len(pre)
	w := slices.Clone(w0)
	xPre := make([]float64, n)
	xPost := 0.0
	dPlus, dMinus := math.Exp(-dt/p.TauPlus), math.Exp(-dt/p.TauMinus)
	steps := len(pre[0])
	for k := range steps {
		fired := false
		if k > 0 {
			drive := 0.0
			for i := range n {
				if pre[i][k-1] {
					drive += w[i]
				}
			}
			fired = drive >= theta
		}
		for i := range n {
			xPre[i] *= dPlus
		}
		xPost *= dMinus
		if fired {
			for i := range n {
				if soft {
					w[i] += p.APlus * (wMax - w[i]) * xPre[i]
				} else {
					w[i] += p.APlus * xPre[i]
				}
			}
		}
		for i := range n {
			if pre[i][k] {
				if soft {
					w[i] -= p.AMinus * w[i] * xPost
				} else {
					w[i] -= p.AMinus * xPost
				}
			}
		}
		for i := range n {
			w[i] = min(max(w[i], 0), wMax)
			if pre[i][k] {
				xPre[i]++
			}
		}
		if fired {
			xPost++
		}
	}
	return w
}

// ScalingRun returns the rate (Hz) of a linear rate neuron, Gain·Σ w_i·r_i
// with input rates r (Hz), before each of steps steps of multiplicative
// synaptic scaling and after the last: each step multiplies every weight by
// 1 + η·(target − rate)/target.
func ScalingRun(w0, inputs []float64, gain, target, eta float64, steps int) []float64 {
	w := slices.Clone(w0)
	rate := func() float64 { return gain * Dot(w, inputs) }
	rates := []float64{rate()}
	for range steps {
		f := 1 + eta*(target-rate())/target
		for i := range w {
			w[i] *= f
		}
		rates = append(rates, rate())
	}
	return rates
}

// AdaptThreshold returns the threshold θ before each input and after the
// last, for a threshold-linear neuron of rate gain·max(0, I − θ) (Hz) fed the
// inputs I in turn: after each, θ grows by η·(rate − target).
func AdaptThreshold(inputs []float64, theta0, gain, target, eta float64) []float64 {
	theta := theta0
	thetas := []float64{theta}
	for _, in := range inputs {
		rate := gain * max(0, in-theta)
		theta += eta * (rate - target)
		thetas = append(thetas, theta)
	}
	return thetas
}

// Weights returns the Hopfield matrix of the ±1 patterns: W_ij =
// Σ_p ξ_i ξ_j / N off the diagonal, 0 on it.
func Weights(patterns [][]float64) [][]float64 {
	n := len(patterns[0])
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
		for j := range n {
			if i == j {
				continue
			}
			for _, xi := range patterns {
				w[i][j] += xi[i] * xi[j] / float64(n)
			}
		}
	}
	return w
}

// MaxRecall is the most updates Recall makes.
const MaxRecall = 20

// Recall stores the patterns in Weights and, from the cue, updates every
// unit at once to sign(Σ_j W_ij s_j) (+1 for a sum of 0) until the state
// stops changing, at most MaxRecall times; it returns the last state.
func Recall(patterns [][]float64, cue []float64) []float64 {
	w := Weights(patterns)
	s := slices.Clone(cue)
	for range MaxRecall {
		next := make([]float64, len(s))
		for i := range s {
			if Dot(w[i], s) >= 0 {
				next[i] = 1
			} else {
				next[i] = -1
			}
		}
		if slices.Equal(next, s) {
			break
		}
		s = next
	}
	return s
}

// Growth holds the parameters of structural plasticity: the rate per unit
// of total weight Gain (Hz), the Target rate (Hz), the weight WInit of a new
// synapse, the floor WFloor below which a synapse is removed, the step Sigma
// of the weights' random walk, the fraction Relax of the way a weight moves
// back toward WInit each step, and the growth probability per free site and
// step at a rate of zero, Rate.
type Growth struct {
	Gain, Target, WInit, WFloor, Sigma, Relax, Rate float64
}

// Structural runs structural plasticity on len(noise[0]) sites, all empty at
// first, for len(noise) steps. In step t:
//  1. every synapse's weight moves: w += Relax·(WInit − w) + Sigma·noise[t][i];
//  2. every synapse whose weight is below WFloor is removed;
//  3. the rate is Gain·Σ w over the synapses;
//  4. every empty site i grows a synapse of weight WInit if u[t][i] <
//     Rate·max(0, Target − rate)/Target.
//
// It returns the rate (Hz) and the number of synapses after each step, the
// rate computed again after the growth.
func Structural(g Growth, noise, u [][]float64) (rates []float64, counts []int) {
	n := len(noise[0])
	w := make([]float64, n)
	present := make([]bool, n)
	rate := func() float64 {
		s := 0.0
		for i := range n {
			if present[i] {
				s += w[i]
			}
		}
		return g.Gain * s
	}
	for t := range noise {
		for i := range n {
			if present[i] {
				w[i] += g.Relax*(g.WInit-w[i]) + g.Sigma*noise[t][i]
				if w[i] < g.WFloor {
					present[i] = false
				}
			}
		}
		p := g.Rate * max(0, g.Target-rate()) / g.Target
		count := 0
		for i := range n {
			if !present[i] && u[t][i] < p {
				present[i], w[i] = true, g.WInit
			}
			if present[i] {
				count++
			}
		}
		rates = append(rates, rate())
		counts = append(counts, count)
	}
	return rates, counts
}

// Sanger runs Sanger's generalized Hebbian rule from the weights w0 (one row
// per output) over the samples xs and returns the final weights. For each
// sample, with y_j = w_j·x, every row j changes by
// η·y_j·(x − Σ_{k≤j} y_k·w_k), all from the weights before the sample.
func Sanger(w0 [][]float64, xs [][]float64, eta float64) [][]float64 {
	w := make([][]float64, len(w0))
	for j := range w0 {
		w[j] = slices.Clone(w0[j])
	}
	for _, x := range xs {
		y := make([]float64, len(w))
		for j := range w {
			y[j] = Dot(w[j], x)
		}
		next := make([][]float64, len(w))
		for j := range w {
			next[j] = make([]float64, len(x))
			for i := range x {
				back := 0.0
				for k := 0; k <= j; k++ {
					back += y[k] * w[k][i]
				}
				next[j][i] = w[j][i] + eta*y[j]*(x[i]-back)
			}
		}
		w = next
	}
	return w
}
