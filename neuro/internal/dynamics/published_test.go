package dynamics

import (
	"math"
	"testing"
)

// This file pins the numbers a reader of Project 9 can check (firing rates,
// intervals, periods) against a second integrator written here: classical
// RK4 at a step far finer than the course's, with each spike located inside
// its step by bisection, and each integration checked against one at half
// its step, so that the value it gives is converged to the stated digits.

// state is the state of a two-variable model: (v, u), (V, w) or (v, w).
type state [2]float64

// rk4Step takes one classical RK4 step of h for the system f. It is written
// here apart from the package's RK4 so that the test's integrator shares no
// code with the references.
func rk4Step(f func(state) state, y state, h float64) state {
	at := func(k state, s float64) state { return state{y[0] + s*k[0], y[1] + s*k[1]} }
	k1 := f(y)
	k2 := f(at(k1, h/2))
	k3 := f(at(k2, h/2))
	k4 := f(at(k3, h))
	return state{y[0] + h/6*(k1[0]+2*k2[0]+2*k3[0]+k4[0]), y[1] + h/6*(k1[1]+2*k2[1]+2*k3[1]+k4[1])}
}

// locatedSpikes integrates f from y with RK4 steps of h until tEnd and
// returns the times at which y[0] reaches peak. On the upstroke a step is
// shortened so that y[0] moves by at most 0.1 (mV): there the models are
// stiff (AdEx's exponential makes h·∂f/∂V pass RK4's stability limit at
// V ≈ −31 mV with h = 0.002 ms), and the short steps keep h·∂f/∂V below
// 0.05. Within the step that crosses peak, the time is found by bisection
// on the length of an RK4 step from the step's start (to 1e-13 ms), and y
// is then reset by reset and integrated on from that time. A step whose end
// is not finite counts as a crossing.
func locatedSpikes(f func(state) state, y state, peak float64, reset func(state) state, h, tEnd float64) []float64 {
	below := func(y state) bool { return y[0] < peak } // false for NaN
	var spikes []float64
	for t := 0.0; t < tEnd; {
		step := min(h, tEnd-t, 0.1/math.Abs(f(y)[0]))
		if next := rk4Step(f, y, step); below(next) {
			y, t = next, t+step
			continue
		}
		lo, hi := 0.0, step
		for hi-lo > 1e-13 {
			if mid := (lo + hi) / 2; below(rk4Step(f, y, mid)) {
				lo = mid
			} else {
				hi = mid
			}
		}
		t += hi
		spikes = append(spikes, t)
		y = reset(rk4Step(f, y, lo))
	}
	return spikes
}

// agree fails unless the spike times a and b, of the same model at two
// steps, have the same count and differ by at most tol (ms): the test's own
// integrator has converged.
func agree(t *testing.T, what string, a, b []float64, tol float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: the independent integrator is not converged: %d spikes at h, %d at h/2", what, len(a), len(b))
	}
	for k := range a {
		if math.Abs(a[k]-b[k]) > tol {
			t.Fatalf("%s: the independent integrator is not converged: spike %d at %.9g ms and %.9g ms", what, k, a[k], b[k])
		}
	}
}

// countTo returns the number of spikes at or before tEnd.
func countTo(spikes []float64, tEnd float64) int {
	n := 0
	for n < len(spikes) && spikes[n] <= tEnd {
		n++
	}
	return n
}

// The firing rates of Izhikevich's (2003) regular-spiking, chattering and
// fast-spiking cells under the course's current I = 10 (Level 20 and its
// plot), as the mean rate over the first second from rest (v = c, u = b·c).
// The model itself (spikes at v = 30 mV exactly, located by the test's RK4
// at h = 0.005 ms, converged to 1e-6 ms against h = 0.0025) fires at 23, 86
// and 137 Hz, and 5, 21 and 28 times in the 200 ms of the plot.
//
// The reference's forward Euler converges to these at first order: its rate
// errors at dt = 1, 0.5, 0.25, 0.1 ms were 1, 0, 0, 0 Hz (RS), 11, 6, 3, 0
// (CH) and 27, 23, 14, 6 (FS), all below, since each Euler step records the
// spike at the step's end. The test asks that the error never grows as dt
// shrinks and stays within 0.5·r·dt/ms + 1 Hz: Euler's leading error, which
// approaches 0.45·r·dt for FS, plus one spike for the count's rounding. The
// plot's counts at dt = 0.1 ms (5, 21, 27) are within one spike of the
// model's. Izhikevich's paper gives no rates in numbers (its Fig. 2 shows
// traces), so the pinned values are the model's own.
func TestIzhikevichRatesConverge(t *testing.T) {
	const current = 10
	for _, c := range []struct {
		name            string
		p               Izh
		rate, plotCount int
	}{
		{"regular spiking", Izh{0.02, 0.2, -65, 8}, 23, 5},
		{"chattering", Izh{0.02, 0.2, -50, 2}, 86, 21},
		{"fast spiking", Izh{0.1, 0.2, -65, 2}, 137, 28},
	} {
		p := c.p
		f := func(y state) state {
			return state{0.04*y[0]*y[0] + 5*y[0] + 140 - y[1] + current, p.A * (p.B*y[0] - y[1])}
		}
		reset := func(y state) state { return state{p.C, y[1] + p.D} }
		start := state{p.C, p.B * p.C}
		model := locatedSpikes(f, start, 30, reset, 0.005, 1000)
		agree(t, c.name, model, locatedSpikes(f, start, 30, reset, 0.0025, 1000), 1e-6)
		rate := len(model) // spikes in 1 s: Hz
		if rate != c.rate || countTo(model, 200) != c.plotCount {
			t.Errorf("%s: the model fires at %d Hz, %d spikes in 200 ms; want %d Hz and %d", c.name, rate, countTo(model, 200), c.rate, c.plotCount)
		}
		lastErr := math.Inf(1)
		for _, dt := range []float64{1, 0.5, 0.25, 0.1} {
			_, spikes := Izhikevich(p, current, dt, 1000)
			got := countTo(spikes, 1000)
			err := math.Abs(float64(got - rate))
			t.Logf("%s: dt = %g ms: %d Hz (model %d Hz)", c.name, dt, got, rate)
			if err > 0.5*float64(rate)*dt+1 || err > lastErr {
				t.Errorf("%s: dt = %g ms: %d Hz, model %d Hz: want within %.3g and no further than at the coarser step",
					c.name, dt, got, rate, 0.5*float64(rate)*dt+1)
			}
			lastErr = err
		}
		_, spikes := Izhikevich(p, current, 0.1, 200)
		if d := len(spikes) - c.plotCount; d < -1 || d > 1 {
			t.Errorf("%s: %d spikes in the plot's 200 ms at dt = 0.1 ms, model %d", c.name, len(spikes), c.plotCount)
		}
	}
}

// The interspike intervals of Brette and Gerstner's (2005) AdEx cell under
// 800 pA, the course's Level 21 and its plot, over 400 ms from V = E_L,
// w = 0. The model (spikes at V_peak = 20 mV located by the test's RK4 at
// h = 0.002 ms, converged to 1e-5 ms against h = 0.001) has the intervals
// 22.766, 30.782, 43.211, 57.117, 64.579, 66.510, 66.867 ms: the plot's text
// says they lengthen "from 23 ms to 67 ms", which holds for the model and
// for the reference at dt = 0.1 ms.
//
// Forward Euler records each spike at the end of its step, and its error per
// interval is first order: the largest was 0.42 ms at dt = 0.1, 0.24 at
// 0.05 and 0.059 at 0.01, 4.2 to 5.9 times dt. The tolerance is 8·dt per
// interval, and the largest error must shrink with dt.
func TestAdExIntervals(t *testing.T) {
	p := AdEx{C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, A: 4, TauW: 144, B: 80.5, VR: -70.6, VPeak: 20}
	const current, tEnd = 800, 400
	f := func(y state) state {
		return state{
			(-p.GL*(y[0]-p.EL) + p.GL*p.DeltaT*math.Exp((y[0]-p.VT)/p.DeltaT) - y[1] + current) / p.C,
			(p.A*(y[0]-p.EL) - y[1]) / p.TauW,
		}
	}
	reset := func(y state) state { return state{p.VR, y[1] + p.B} }
	start := state{p.EL, 0}
	model := locatedSpikes(f, start, p.VPeak, reset, 0.002, tEnd)
	agree(t, "AdEx", model, locatedSpikes(f, start, p.VPeak, reset, 0.001, tEnd), 1e-5)
	want := intervals(model)
	t.Logf("the model's intervals: %.4f ms", want)
	pinned := []float64{22.766, 30.782, 43.211, 57.117, 64.579, 66.510, 66.867}
	if len(want) != len(pinned) {
		t.Fatalf("the model has the intervals %.5g ms, want %v", want, pinned)
	}
	for k := range pinned {
		if math.Abs(want[k]-pinned[k]) > 1e-3 {
			t.Errorf("the model's interval %d is %.5f ms, want %.3f", k, want[k], pinned[k])
		}
	}
	lastErr := math.Inf(1)
	for _, dt := range []float64{0.1, 0.05, 0.01} {
		_, spikes := SimulateAdEx(p, current, dt, tEnd)
		got := intervals(spikes)
		if len(got) != len(want) {
			t.Errorf("dt = %g ms: intervals %.5g ms, model %.5g", dt, got, want)
			continue
		}
		var worst float64
		for k := range want {
			worst = max(worst, math.Abs(got[k]-want[k]))
		}
		t.Logf("dt = %g ms: largest interval error %.3g ms", dt, worst)
		if worst > 8*dt || worst >= lastErr {
			t.Errorf("dt = %g ms: intervals %.5g ms, model %.5g: largest error %.3g, want below %.3g and below the coarser step's",
				dt, got, want, worst, 8*dt)
		}
		lastErr = worst
		if dt == 0.1 && (math.Round(got[0]) != 23 || math.Round(got[len(got)-1]) != 67) {
			t.Errorf("dt = 0.1 ms: intervals from %.4g to %.4g ms, the text says from 23 to 67", got[0], got[len(got)-1])
		}
	}
	if math.Round(want[0]) != 23 || math.Round(want[len(want)-1]) != 67 {
		t.Errorf("the model's intervals run from %.4g to %.4g ms, the text says from 23 to 67", want[0], want[len(want)-1])
	}
}

// The period of the FitzHugh–Nagumo limit cycle at the course's classic
// parameters (a = 0.7, b = 0.8, ε = 0.08), at the currents the project
// shows: 1.1 times the onset (Level 7's plot, dt = 0.1), 0.5 (the phase
// plane's slider at its start, dt = 0.2) and 1. The test's RK4 at h = 0.005,
// from (−1, −0.5), measures the period as the mean interval between upward
// crossings of v = 0 from t = 200 to 600, placed by linear interpolation
// (an error of order h² times the curvature of v, near 1e-5 here, which
// cancels between crossings on a cycle), and agrees with itself at
// h = 0.0025 within 1e-6:
// 44.4063, 39.4744 and 36.6988. The reference's FHNTrajectory and Period at
// the course's steps 0.1 and 0.2 agree with these within 2e-5 of the
// period: measured 7.6e-6 at worst (1.1 × onset at dt = 0.2), from RK4's
// error of order dt⁴ and the interpolated crossings.
func TestFHNPeriod(t *testing.T) {
	for _, c := range []struct{ i, period float64 }{{1.1 * OnsetCurrent(fhn), 44.4063}, {0.5, 39.4744}, {1, 36.6988}} {
		f := func(y state) state { dv, dw := FHNDeriv(fhn, c.i, y[0], y[1]); return state{dv, dw} }
		model := fhnPeriod(f, 0.005)
		if d := math.Abs(model - fhnPeriod(f, 0.0025)); d > 1e-6 {
			t.Fatalf("I = %.4g: the independent integrator is not converged: periods differ by %.3g", c.i, d)
		}
		if math.Abs(model-c.period) > 5e-5 {
			t.Errorf("I = %.4g: the model's period %.6f, want %g", c.i, model, c.period)
		}
		for _, dt := range []float64{0.1, 0.2} {
			n := int(math.Round(600 / dt))
			v, _ := FHNTrajectory(fhn, c.i, -1, -0.5, dt, n)
			times := make([]float64, n+1)
			for k := range times {
				times[k] = float64(k) * dt
			}
			from := int(math.Round(200 / dt))
			got := Period(times[from:], v[from:], 0)
			t.Logf("I = %.4g, dt = %g: period %.6f, model %.6f (relative error %.2g)", c.i, dt, got, model, math.Abs(got-model)/model)
			if !(math.Abs(got-model) <= 2e-5*model) {
				t.Errorf("I = %.4g, dt = %g: period %.6f, model %.6f", c.i, dt, got, model)
			}
		}
	}
}

// fhnPeriod returns the mean interval between the upward crossings of
// v = 0 from t = 200 to 600 of the system f integrated by RK4 steps of h
// from (−1, −0.5), each crossing placed by linear interpolation.
func fhnPeriod(f func(state) state, h float64) float64 {
	y := state{-1, -0.5}
	var first, last float64
	crossings := 0
	for k := range int(math.Round(600 / h)) {
		next := rk4Step(f, y, h)
		if t := float64(k) * h; t >= 200 && y[0] < 0 && next[0] >= 0 {
			last = t - y[0]/(next[0]-y[0])*h
			if crossings == 0 {
				first = last
			}
			crossings++
		}
		y = next
	}
	return (last - first) / float64(crossings-1)
}

// The Wilson–Cowan E–I pair of the course (DefaultWC) has its fixed point
// at (0.2139, 0.1395) with eigenvalues of real part +0.389, Level 10's
// numbers. Computed here without the reference: the fixed point by nested
// bisection (for each E the I-equation has one root in [0, 1], its
// left-hand side falling in I; then the E-equation changes sign once in
// [0.1, 0.3]) to 1e-15, the Jacobian by central differences of step 1e-6
// (an error near 1e-11), its eigenvalues from the trace and determinant.
// The reference's WCFixedPoint, WCJacobian and LeadingEigen agree within
// 1e-9 (the differences' error, with margin), and the notebook's numbers
// hold to their digits.
func TestWilsonCowanFixedPoint(t *testing.T) {
	p := wc
	s := func(x, gain, theta float64) float64 { return 1 / (1 + math.Exp(-gain*(x-theta))) }
	f := func(y state) state {
		return state{
			(-y[0] + s(p.WEE*y[0]-p.WEI*y[1]+p.P, p.GainE, p.ThetaE)) / p.TauE,
			(-y[1] + s(p.WIE*y[0]-p.WII*y[1]+p.Q, p.GainI, p.ThetaI)) / p.TauI,
		}
	}
	bisect := func(g func(float64) float64, lo, hi float64) float64 {
		if g(lo)*g(hi) >= 0 {
			t.Fatalf("no sign change in [%g, %g]", lo, hi)
		}
		for range 100 {
			if mid := (lo + hi) / 2; g(mid)*g(lo) > 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	iOf := func(e float64) float64 { return bisect(func(i float64) float64 { return f(state{e, i})[1] }, 0, 1) }
	e := bisect(func(e float64) float64 { return f(state{e, iOf(e)})[0] }, 0.1, 0.3)
	fixed := state{e, iOf(e)}
	const h = 1e-6
	var jac [2][2]float64
	for col := range 2 {
		up, down := fixed, fixed
		up[col] += h
		down[col] -= h
		fu, fd := f(up), f(down)
		for row := range 2 {
			jac[row][col] = (fu[row] - fd[row]) / (2 * h)
		}
	}
	tr, det := jac[0][0]+jac[1][1], jac[0][0]*jac[1][1]-jac[0][1]*jac[1][0]
	if disc := tr*tr/4 - det; disc >= 0 {
		t.Fatalf("real eigenvalues at the fixed point: trace %g, determinant %g", tr, det)
	}
	wantRe, wantIm := tr/2, math.Sqrt(det-tr*tr/4)

	gotE, gotI, gotRe := WCFixedPoint(p, 0.2, 0.2)
	_, gotIm := LeadingEigen(WCJacobian(p, gotE, gotI))
	t.Logf("fixed point (%.6f, %.6f), eigenvalues %.6f ± %.6fi; reference (%.6f, %.6f), %.6f ± %.6fi",
		fixed[0], fixed[1], wantRe, wantIm, gotE, gotI, gotRe, gotIm)
	if !(math.Abs(gotE-fixed[0]) <= 1e-12 && math.Abs(gotI-fixed[1]) <= 1e-12) {
		t.Errorf("fixed point (%.15g, %.15g), independent (%.15g, %.15g)", gotE, gotI, fixed[0], fixed[1])
	}
	if !(math.Abs(gotRe-wantRe) <= 1e-9 && math.Abs(gotIm-wantIm) <= 1e-9) {
		t.Errorf("eigenvalues %.12g ± %.12gi, independent %.12g ± %.12gi", gotRe, gotIm, wantRe, wantIm)
	}
	if math.Abs(fixed[0]-0.2139) > 5e-5 || math.Abs(fixed[1]-0.1395) > 5e-5 || math.Abs(wantRe-0.389) > 5e-4 {
		t.Errorf("fixed point (%.4f, %.4f), real part %.3f; the notebook says (0.2139, 0.1395) and +0.389", fixed[0], fixed[1], wantRe)
	}
}
