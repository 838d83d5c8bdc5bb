// Package dynamics holds the reference answers of Project 9, Dynamics and
// Models: FitzHugh–Nagumo, Wilson–Cowan, Hopfield, drift diffusion,
// Izhikevich, AdEx, Hindmarsh–Rose, and Runge–Kutta methods from Butcher
// tableaus. FitzHugh–Nagumo, Wilson–Cowan, Hopfield, drift diffusion and
// Hindmarsh–Rose are dimensionless; Izhikevich is in mV and ms, AdEx in mV,
// ms, pA, nS and pF.
package dynamics

import (
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/internal/sim"
)

// FHN holds the parameters of the FitzHugh–Nagumo model
// dv/dt = v − v³/3 − w + I, dw/dt = ε(v + a − b·w).
type FHN struct{ A, B, Eps float64 }

// FHNDeriv returns dv/dt and dw/dt at (v, w) under the current i.
func FHNDeriv(p FHN, i, v, w float64) (dv, dw float64) {
	return v - v*v*v/3 - w + i, p.Eps * (v + p.A - p.B*w)
}

// Nullclines returns the w of the v-nullcline and of the w-nullcline at v.
func Nullclines(p FHN, i, v float64) (wV, wW float64) {
	return v - v*v*v/3 + i, (v + p.A) / p.B
}

// FHNFixedPoint returns the fixed point of the model, which is unique for
// b < 1, found by bisection on the cubic.
func FHNFixedPoint(p FHN, i float64) (v, w float64) {
	g := func(v float64) float64 { return v - v*v*v/3 + i - (v+p.A)/p.B }
	lo, hi := -10.0, 10.0 // g(lo) > 0 > g(hi)
	for range 200 {
		mid := (lo + hi) / 2
		if g(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	v = (lo + hi) / 2
	return v, (v + p.A) / p.B
}

// FHNJacobian returns the Jacobian of the model at (v, w).
func FHNJacobian(p FHN, v, w float64) [2][2]float64 {
	return [2][2]float64{{1 - v*v, -1}, {p.Eps, -p.Eps * p.B}}
}

// LeadingEigen returns the real part of the eigenvalue of j with the larger
// real part, and the absolute value of its imaginary part.
func LeadingEigen(j [2][2]float64) (re, im float64) {
	tr := j[0][0] + j[1][1]
	det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
	disc := tr*tr/4 - det
	if disc >= 0 {
		return tr/2 + math.Sqrt(disc), 0
	}
	return tr / 2, math.Sqrt(-disc)
}

// FHNTrajectory returns v and w at steps+1 times 0, dt, … from (v0, w0),
// integrated with RK4.
func FHNTrajectory(p FHN, i, v0, w0, dt float64, steps int) (v, w []float64) {
	f := func(y []float64) []float64 {
		dv, dw := FHNDeriv(p, i, y[0], y[1])
		return []float64{dv, dw}
	}
	y := []float64{v0, w0}
	v, w = []float64{v0}, []float64{w0}
	for range steps {
		y = sim.RK4(f, y, dt)
		v, w = append(v, y[0]), append(w, y[1])
	}
	return v, w
}

// OnsetCurrent returns the current at which the rest state loses stability:
// where the trace of the Jacobian at the fixed point, 1 − v² − ε·b, is zero,
// on the branch v < 0.
func OnsetCurrent(p FHN) float64 {
	v := -math.Sqrt(1 - p.Eps*p.B)
	return (v+p.A)/p.B - v + v*v*v/3
}

// Sigmoid returns 1/(1 + e^(−gain·(x − theta))).
func Sigmoid(x, gain, theta float64) float64 { return 1 / (1 + math.Exp(-gain*(x-theta))) }

// WC holds the parameters of the Wilson–Cowan model
// τ_E dE/dt = −E + S_E(w_EE·E − w_EI·I + P), τ_I dI/dt = −I + S_I(w_IE·E − w_II·I + Q).
type WC struct {
	WEE, WEI, WIE, WII, P, Q     float64
	TauE, TauI                   float64
	GainE, ThetaE, GainI, ThetaI float64
}

// WCDeriv returns dE/dt and dI/dt.
func WCDeriv(p WC, e, i float64) (de, di float64) {
	de = (-e + Sigmoid(p.WEE*e-p.WEI*i+p.P, p.GainE, p.ThetaE)) / p.TauE
	di = (-i + Sigmoid(p.WIE*e-p.WII*i+p.Q, p.GainI, p.ThetaI)) / p.TauI
	return de, di
}

// WCSimulate returns E and I at steps+1 times from (e0, i0), integrated by
// forward Euler.
func WCSimulate(p WC, e0, i0, dt float64, steps int) (e, i []float64) {
	e, i = []float64{e0}, []float64{i0}
	for k := range steps {
		de, di := WCDeriv(p, e[k], i[k])
		e, i = append(e, e[k]+dt*de), append(i, i[k]+dt*di)
	}
	return e, i
}

// WCJacobian returns the Jacobian of the Wilson–Cowan model at (e, i).
func WCJacobian(p WC, e, i float64) [2][2]float64 {
	se := Sigmoid(p.WEE*e-p.WEI*i+p.P, p.GainE, p.ThetaE)
	si := Sigmoid(p.WIE*e-p.WII*i+p.Q, p.GainI, p.ThetaI)
	dse, dsi := p.GainE*se*(1-se), p.GainI*si*(1-si)
	return [2][2]float64{
		{(-1 + dse*p.WEE) / p.TauE, -dse * p.WEI / p.TauE},
		{dsi * p.WIE / p.TauI, (-1 - dsi*p.WII) / p.TauI},
	}
}

// WCFixedPoint returns a fixed point found by Newton's method from (e0, i0),
// and the leading eigenvalue's real part there.
func WCFixedPoint(p WC, e0, i0 float64) (e, i, re float64) {
	e, i = e0, i0
	for range 100 {
		de, di := WCDeriv(p, e, i)
		j := WCJacobian(p, e, i)
		det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
		e -= (j[1][1]*de - j[0][1]*di) / det
		i -= (-j[1][0]*de + j[0][0]*di) / det
	}
	re, _ = LeadingEigen(WCJacobian(p, e, i))
	return e, i, re
}

// Period returns the mean interval between the upward crossings of level by
// the samples x at the times t: a crossing lies between samples k−1 and k
// when x[k−1] < level ≤ x[k], at the time interpolated linearly. Fewer than
// two crossings give NaN.
func Period(t, x []float64, level float64) float64 {
	var cross []float64
	for k := 1; k < len(x); k++ {
		if x[k-1] < level && level <= x[k] {
			cross = append(cross, t[k-1]+(level-x[k-1])/(x[k]-x[k-1])*(t[k]-t[k-1]))
		}
	}
	if len(cross) < 2 {
		return math.NaN()
	}
	return (cross[len(cross)-1] - cross[0]) / float64(len(cross)-1)
}

// Store returns the Hopfield weights W = (1/N)·Σ ξξᵀ with a zero diagonal.
func Store(patterns [][]int) [][]float64 {
	n := len(patterns[0])
	w := make([][]float64, n)
	sum := make([]int, n) // Σ_μ ξ_i ξ_j of row i, summed exactly
	for i := range w {
		clear(sum)
		for _, xi := range patterns {
			for j, xj := range xi {
				sum[j] += xi[i] * xj
			}
		}
		w[i] = make([]float64, n)
		for j := range w[i] {
			if j != i {
				w[i][j] = float64(sum[j]) / float64(n)
			}
		}
	}
	return w
}

// Energy returns −½ Σ w_ij s_i s_j.
func Energy(w [][]float64, s []int) float64 {
	var e float64
	for i := range s {
		for j := range s {
			e += w[i][j] * float64(s[i]*s[j])
		}
	}
	return -e / 2
}

// UpdateAsync returns s after updating the units in the given order, one at
// a time: unit i takes the sign of its field Σ_j w_ij s_j, and keeps its
// value when the field is 0. s is not changed.
func UpdateAsync(w [][]float64, s []int, order []int) []int {
	s = append([]int(nil), s...)
	for _, i := range order {
		var h float64
		for j, wij := range w[i][:len(s)] {
			h += wij * float64(s[j])
		}
		if h > 0 {
			s[i] = 1
		} else if h < 0 {
			s[i] = -1
		}
	}
	return s
}

// Overlap returns (1/N)·Σ a_i b_i.
func Overlap(a, b []int) float64 {
	var m int
	for i := range a {
		m += a[i] * b[i]
	}
	return float64(m) / float64(len(a))
}

// Recall runs sweeps asynchronous sweeps from cue, each in the order
// rng.Perm(N), and returns the final state and its overlap with pattern.
func Recall(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64) {
	s := cue
	for range sweeps {
		s = UpdateAsync(w, s, rng.Perm(len(s)))
	}
	return append([]int(nil), s...), Overlap(s, pattern)
}

// SiegmundShift is the constant of the corrected bound a + 0.5826·σ·√dt
// that a drift diffusion simulated in steps of dt behaves as if it had:
// the walk overshoots the bound by about that much on average (Siegmund's
// corrected diffusion approximation).
const SiegmundShift = 0.5826

// Recalled is the overlap from which a pattern counts as recalled.
const Recalled = 0.9

// RecallRate stores patterns, recalls each from its cue in turn with the
// same rng, and returns the fraction whose overlap reaches Recalled.
func RecallRate(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64 {
	w := Store(patterns)
	var n int
	for mu := range patterns {
		if _, m := Recall(w, patterns[mu], cues[mu], sweeps, rng); m >= Recalled {
			n++
		}
	}
	return float64(n) / float64(len(patterns))
}

// RandomPatterns draws p patterns of n units, each ±1 with equal chance
// (+1 when rng.IntN(2) is 0).
func RandomPatterns(n, p int, rng *rand.Rand) [][]int {
	pats := make([][]int, p)
	for mu := range pats {
		pats[mu] = make([]int, n)
		for i := range pats[mu] {
			pats[mu][i] = 1 - 2*rng.IntN(2)
		}
	}
	return pats
}

// Corrupt returns a copy of pattern with round(flip·N) units, the first
// ones of rng.Perm(N), flipped.
func Corrupt(pattern []int, flip float64, rng *rand.Rand) []int {
	s := append([]int(nil), pattern...)
	k := int(math.Round(flip * float64(len(s))))
	for _, i := range rng.Perm(len(s))[:k] {
		s[i] = -s[i]
	}
	return s
}

// DDMTrial runs one drift-diffusion trial, x += v·dt + σ·√dt·ξ from 0 until
// |x| ≥ a, and returns the choice (+1 at the upper bound, −1 at the lower)
// and the decision time steps·dt.
func DDMTrial(v, a, sigma, dt float64, rng *rand.Rand) (choice int, t float64) {
	x, k := 0.0, 0
	sd := sigma * math.Sqrt(dt)
	for math.Abs(x) < a {
		x += v*dt + sd*rng.NormFloat64()
		k++
	}
	if x >= a {
		return 1, float64(k) * dt
	}
	return -1, float64(k) * dt
}

// DDMStats runs trials trials and returns the fraction of upper-bound
// choices and the mean decision time.
func DDMStats(v, a, sigma, dt float64, trials int, rng *rand.Rand) (accuracy, meanT float64) {
	var up int
	var sum float64
	for range trials {
		c, t := DDMTrial(v, a, sigma, dt, rng)
		if c == 1 {
			up++
		}
		sum += t
	}
	return float64(up) / float64(trials), sum / float64(trials)
}

// DDMAccuracy returns the probability of the upper bound, 1/(1 + e^(−2va/σ²)).
func DDMAccuracy(v, a, sigma float64) float64 { return 1 / (1 + math.Exp(-2*v*a/(sigma*sigma))) }

// DDMMeanTime returns the mean decision time (a/v)·tanh(va/σ²), a²/σ² at v = 0.
func DDMMeanTime(v, a, sigma float64) float64 {
	if v == 0 {
		return a * a / (sigma * sigma)
	}
	return a / v * math.Tanh(v*a/(sigma*sigma))
}

// DDMTimeVariance returns the variance of the decision time,
// (a·σ²/v³)·(tanh u − u·sech² u) with u = va/σ².
func DDMTimeVariance(v, a, sigma float64) float64 {
	u := v * a / (sigma * sigma)
	sech := 1 / math.Cosh(u)
	return a * sigma * sigma / (v * v * v) * (math.Tanh(u) - u*sech*sech)
}

// SpeedAccuracy returns the analytic accuracy and mean decision time for
// each bound.
func SpeedAccuracy(v, sigma float64, bounds []float64) (acc, meanT []float64) {
	for _, a := range bounds {
		acc = append(acc, DDMAccuracy(v, a, sigma))
		meanT = append(meanT, DDMMeanTime(v, a, sigma))
	}
	return acc, meanT
}

// Izh holds the four parameters of the Izhikevich model.
type Izh struct{ A, B, C, D float64 }

// Izhikevich integrates dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u)
// by forward Euler from v = c, u = b·c; when a step ends at v ≥ 30 mV the
// spike time is the step's end, v ← c and u ← u + d. It returns v (mV) on
// the grid and the spike times (ms).
func Izhikevich(p Izh, i, dt, tEnd float64) (v, spikes []float64) {
	n := int(math.Round(tEnd / dt))
	vv, u := p.C, p.B*p.C
	v = []float64{vv}
	for k := 1; k <= n; k++ {
		dv := 0.04*vv*vv + 5*vv + 140 - u + i
		du := p.A * (p.B*vv - u)
		vv, u = vv+dt*dv, u+dt*du
		if vv >= 30 {
			spikes = append(spikes, float64(k)*dt)
			vv, u = p.C, u+p.D
		}
		v = append(v, vv)
	}
	return v, spikes
}

// AdEx holds the parameters of the adaptive exponential integrate-and-fire
// model: C (pF), GL (nS), EL, VT, DeltaT (mV), A (nS), TauW (ms), B (pA),
// VR and VPeak (mV).
type AdEx struct {
	C, GL, EL, VT, DeltaT, A, TauW, B, VR, VPeak float64
}

// SimulateAdEx integrates C dV/dt = −g_L(V − E_L) + g_L Δ_T e^((V−V_T)/Δ_T) − w + I,
// τ_w dw/dt = a(V − E_L) − w by forward Euler from V = E_L, w = 0; when a step
// ends at V ≥ V_peak the spike time is the step's end, V ← V_r and w ← w + b.
func SimulateAdEx(p AdEx, i, dt, tEnd float64) (v, spikes []float64) {
	n := int(math.Round(tEnd / dt))
	vv, w := p.EL, 0.0
	v = []float64{vv}
	for k := 1; k <= n; k++ {
		dv := (-p.GL*(vv-p.EL) + p.GL*p.DeltaT*math.Exp((vv-p.VT)/p.DeltaT) - w + i) / p.C
		dw := (p.A*(vv-p.EL) - w) / p.TauW
		vv, w = vv+dt*dv, w+dt*dw
		if vv >= p.VPeak {
			spikes = append(spikes, float64(k)*dt)
			vv, w = p.VR, w+p.B
		}
		v = append(v, vv)
	}
	return v, spikes
}

// The Hindmarsh–Rose parameters of the course: dx/dt = y − x³ + 3x² − z + I,
// dy/dt = 1 − 5x² − y, dz/dt = r(4(x − x_R) − z).
const (
	HRR  = 0.006
	HRXR = -1.6
)

// HRDeriv returns the derivatives of the Hindmarsh–Rose model.
func HRDeriv(y [3]float64, i float64) [3]float64 {
	x := y[0]
	return [3]float64{y[1] - x*x*x + 3*x*x - y[2] + i, 1 - 5*x*x - y[1], HRR * (4*(x-HRXR) - y[2])}
}

// HRStep takes one RK4 step of dt, in the precision T.
func HRStep[T float32 | float64](y [3]T, i, dt T) [3]T {
	f := func(y [3]T) [3]T {
		x := y[0]
		return [3]T{y[1] - x*x*x + 3*x*x - y[2] + i, 1 - 5*x*x - y[1], T(HRR) * (4*(x-T(HRXR)) - y[2])}
	}
	add := func(y, k [3]T, h T) [3]T { return [3]T{y[0] + h*k[0], y[1] + h*k[1], y[2] + h*k[2]} }
	k1 := f(y)
	k2 := f(add(y, k1, dt/2))
	k3 := f(add(y, k2, dt/2))
	k4 := f(add(y, k3, dt))
	var out [3]T
	for j := range out {
		out[j] = y[j] + dt/6*(k1[j]+2*k2[j]+2*k3[j]+k4[j])
	}
	return out
}

// HRTrace returns the states of steps RK4 steps from y0, y0 first.
func HRTrace[T float32 | float64](y0 [3]T, i, dt T, steps int) [][3]T {
	ys := make([][3]T, 1, steps+1)
	ys[0] = y0
	for range steps {
		ys = append(ys, HRStep(ys[len(ys)-1], i, dt))
	}
	return ys
}

// SpikesPerBurst counts the spikes of each burst in x sampled every dt: a
// spike is an upward crossing, x[k−1] < threshold ≤ x[k], at time k·dt, and
// a new burst starts when a spike comes more than gap after the one before.
func SpikesPerBurst(x []float64, dt, threshold, gap float64) []int {
	var sizes []int
	last := math.Inf(-1)
	for k := 1; k < len(x); k++ {
		if x[k-1] < threshold && threshold <= x[k] {
			t := float64(k) * dt
			if t-last > gap {
				sizes = append(sizes, 0)
			}
			sizes[len(sizes)-1]++
			last = t
		}
	}
	return sizes
}

// A Tableau is the Butcher tableau of an explicit Runge–Kutta method.
type Tableau struct {
	A    [][]float64
	B, C []float64
}

// RKStep takes one step of h from (t, y) of dy/dt = f(t, y) with the method
// of tab.
func RKStep(tab Tableau, f func(t float64, y []float64) []float64, t float64, y []float64, h float64) []float64 {
	k := make([][]float64, len(tab.B))
	for s := range k {
		ys := append([]float64(nil), y...)
		for j := 0; j < s; j++ {
			for i := range ys {
				ys[i] += h * tab.A[s][j] * k[j][i]
			}
		}
		k[s] = f(t+tab.C[s]*h, ys)
	}
	out := append([]float64(nil), y...)
	for s := range k {
		for i := range out {
			out[i] += h * tab.B[s] * k[s][i]
		}
	}
	return out
}

// Euler, RK4Tableau and Butcher6 are the tableaus of forward Euler, the
// classical fourth-order method and Butcher's seven-stage sixth-order method.
var (
	Euler      = Tableau{A: [][]float64{{}}, B: []float64{1}, C: []float64{0}}
	RK4Tableau = Tableau{
		A: [][]float64{{}, {0.5}, {0, 0.5}, {0, 0, 1}},
		B: []float64{1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
		C: []float64{0, 0.5, 0.5, 1},
	}
	Butcher6 = Tableau{
		A: [][]float64{
			{},
			{1.0 / 3},
			{0, 2.0 / 3},
			{1.0 / 12, 1.0 / 3, -1.0 / 12},
			{-1.0 / 16, 9.0 / 8, -3.0 / 16, -3.0 / 8},
			{0, 9.0 / 8, -3.0 / 8, -3.0 / 4, 1.0 / 2},
			{9.0 / 44, -9.0 / 11, 63.0 / 44, 18.0 / 11, 0, -16.0 / 11},
		},
		B: []float64{11.0 / 120, 0, 27.0 / 40, 27.0 / 40, -4.0 / 15, -4.0 / 15, 11.0 / 120},
		C: []float64{0, 1.0 / 3, 2.0 / 3, 1.0 / 3, 1.0 / 2, 1.0 / 2, 1},
	}
)

// The order problem is the logistic equation dy/dt = y(1 − y) from
// y(0) = 0.1 to t = OrderT, whose solution is 1/(1 + 9e^(−t)).
const OrderT = 4

// Logistic is the right-hand side of the order problem.
func Logistic(t float64, y []float64) []float64 { return []float64{y[0] * (1 - y[0])} }

// LogisticExact is its solution.
func LogisticExact(t float64) float64 { return 1 / (1 + 9*math.Exp(-t)) }

// OrderError returns the error at OrderT of the method of tab with steps of
// dt, OrderT/dt rounded.
func OrderError(tab Tableau, dt float64) float64 {
	n := int(math.Round(OrderT / dt))
	y := []float64{0.1}
	for k := range n {
		y = RKStep(tab, Logistic, float64(k)*dt, y, dt)
	}
	return math.Abs(y[0] - LogisticExact(float64(n)*dt))
}

// MeasureOrder returns the least-squares slope of log error against log dt.
func MeasureOrder(tab Tableau, dts []float64) float64 {
	var sx, sy, sxx, sxy float64
	for _, dt := range dts {
		x, y := math.Log(dt), math.Log(OrderError(tab, dt))
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	n := float64(len(dts))
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

// DDMExpected returns what DDMStats should give for n trials in steps of
// dt: the closed forms at the corrected bound a + SiegmundShift·σ·√dt, their
// standard errors, and margins for the bias the correction leaves: a tenth
// of the correction's effect on each.
func DDMExpected(v, a, sigma, dt float64, n int) (acc, meanT, seAcc, seT, biasAcc, biasT float64) {
	ac := a + SiegmundShift*sigma*math.Sqrt(dt)
	acc, meanT = DDMAccuracy(v, ac, sigma), DDMMeanTime(v, ac, sigma)
	seAcc = math.Sqrt(acc * (1 - acc) / float64(n))
	seT = math.Sqrt(DDMTimeVariance(v, ac, sigma) / float64(n))
	biasAcc = math.Abs(acc-DDMAccuracy(v, a, sigma)) / 10
	biasT = math.Abs(meanT-DDMMeanTime(v, a, sigma)) / 10
	return
}

// PartingTime returns the first time at which the x of the float32 and the
// float64 RK4 traces from (−1.6, −10, 2) under i differ by more than 0.5,
// or NaN if they do not by tEnd.
func PartingTime(i, dt, tEnd float64) float64 {
	a, b := [3]float32{-1.6, -10, 2}, [3]float64{-1.6, -10, 2}
	n := int(math.Round(tEnd / dt))
	for k := 1; k <= n; k++ {
		a, b = HRStep(a, float32(i), float32(dt)), HRStep(b, i, dt)
		if math.Abs(float64(a[0])-b[0]) > 0.5 {
			return float64(k) * dt
		}
	}
	return math.NaN()
}
