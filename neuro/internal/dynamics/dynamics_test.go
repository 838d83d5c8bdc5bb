package dynamics

import (
	"math"
	"math/rand/v2"
	"testing"
)

var fhn = FHN{A: 0.7, B: 0.8, Eps: 0.08}

// The FitzHugh–Nagumo rest state at I = 0 is (−1.1994, −0.6243), stable,
// and it loses stability at I ≈ 0.3313, where the trace of the Jacobian
// crosses 0 (values of the classic parameter set, found independently by
// the cubic's root and the Hopf condition 1 − v² = ε·b).
func TestFHNRestAndOnset(t *testing.T) {
	v, w := FHNFixedPoint(fhn, 0)
	if math.Abs(v+1.1994) > 5e-5 || math.Abs(w+0.6243) > 5e-5 {
		t.Errorf("fixed point (%.5f, %.5f), want (−1.1994, −0.6243)", v, w)
	}
	if dv, dw := FHNDeriv(fhn, 0, v, w); math.Abs(dv) > 1e-12 || math.Abs(dw) > 1e-12 {
		t.Errorf("not a fixed point: %g, %g", dv, dw)
	}
	if re, im := LeadingEigen(FHNJacobian(fhn, v, w)); re >= 0 || im == 0 {
		t.Errorf("eigenvalue %g ± %gi, want a stable focus", re, im)
	}
	i := OnsetCurrent(fhn)
	if math.Abs(i-0.3313) > 5e-5 {
		t.Errorf("onset %.5f, want 0.3313", i)
	}
	for _, c := range []struct {
		di     float64
		stable bool
	}{{-0.01, true}, {0.01, false}} {
		v, w := FHNFixedPoint(fhn, i+c.di)
		tr := FHNJacobian(fhn, v, w)
		if re, _ := LeadingEigen(tr); (re < 0) != c.stable {
			t.Errorf("I = onset %+g: leading real part %g", c.di, re)
		}
	}
	// Below the onset the trajectory settles; above it, it oscillates.
	for _, c := range []struct {
		i     float64
		cycle bool
	}{{0.3, false}, {0.5, true}} {
		v, _ := FHNTrajectory(fhn, c.i, -1, -0.5, 0.05, 20000)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range v[10000:] {
			lo, hi = min(lo, x), max(hi, x)
		}
		if (hi-lo > 1) != c.cycle {
			t.Errorf("I = %g: v swings %.3g, want a limit cycle %v", c.i, hi-lo, c.cycle)
		}
	}
}

var wc = WC{WEE: 16, WEI: 12, WIE: 15, WII: 3, P: 1.25, TauE: 1, TauI: 1, GainE: 1.3, ThetaE: 4, GainI: 2, ThetaI: 3.7}

// The Wilson–Cowan parameter set of the course has an unstable focus and a
// limit cycle around it, with a period near 6.7; forward Euler's period
// changes by less than 0.5 % when the step is halved from 0.002.
func TestWilsonCowanOscillates(t *testing.T) {
	e, i, re := WCFixedPoint(wc, 0.2, 0.2)
	if de, di := WCDeriv(wc, e, i); math.Abs(de) > 1e-12 || math.Abs(di) > 1e-12 || re <= 0 {
		t.Errorf("fixed point (%g, %g), residual (%g, %g), leading real part %g", e, i, de, di, re)
	}
	var periods []float64
	for _, dt := range []float64{0.002, 0.001} {
		n := int(math.Round(200 / dt))
		x, _ := WCSimulate(wc, 0.1, 0.05, dt, n)
		tt := make([]float64, n+1)
		for k := range tt {
			tt[k] = float64(k) * dt
		}
		periods = append(periods, Period(tt[n/2:], x[n/2:], 0.2))
	}
	if math.Abs(periods[0]-periods[1]) > 0.005*periods[1] || periods[1] < 5 || periods[1] > 9 {
		t.Errorf("periods %v at dt = 0.002 and 0.001", periods)
	}
}

// Period recovers the period of a sine exactly enough.
func TestPeriodSine(t *testing.T) {
	var tt, x []float64
	for k := range 10001 {
		tt = append(tt, float64(k)*0.01)
		x = append(x, math.Sin(2*math.Pi*tt[k]/7.3+1))
	}
	if p := Period(tt, x, 0.2); math.Abs(p-7.3) > 1e-4 {
		t.Errorf("period %g, want 7.3", p)
	}
}

// Hopfield: the energy never increases under asynchronous updates; with
// N = 200 and 10 % of each cue flipped, nearly every pattern is recalled at
// a load of 0.05 and fewer than half at 0.2 (the capacity of 0.138·N of
// Amit, Gutfreund and Sompolinsky is a large-N limit).
func TestHopfield(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pats := RandomPatterns(100, 8, rng)
	w := Store(pats)
	s := Corrupt(pats[0], 0.3, rng)
	e := Energy(w, s)
	for range 3 {
		for _, i := range rng.Perm(100) {
			s = UpdateAsync(w, s, []int{i})
			if en := Energy(w, s); en > e+1e-12 {
				t.Fatalf("energy rose from %g to %g", e, en)
			} else {
				e = en
			}
		}
	}
	rate := func(load float64) float64 {
		var sum float64
		for range 5 {
			pats := RandomPatterns(200, int(load*200), rng)
			cues := make([][]int, len(pats))
			for mu := range cues {
				cues[mu] = Corrupt(pats[mu], 0.1, rng)
			}
			sum += RecallRate(pats, cues, 5, rng)
		}
		return sum / 5
	}
	if r := rate(0.05); r < 0.95 {
		t.Errorf("recall at load 0.05: %g, want nearly all", r)
	}
	if r := rate(0.2); r >= 0.5 {
		t.Errorf("recall at load 0.2: %g, want fewer than half", r)
	}
}

// Drift diffusion with v = 0.1, a = 1, σ = 1: the closed forms give an
// accuracy of 0.5498 and a mean decision time of 0.9967. A simulation in
// steps of dt lands within 6.5 standard errors of the closed forms at the
// corrected bound a + 0.5826·σ·√dt, plus a stated margin of a tenth of the
// correction for what the correction leaves out.
func TestDDM(t *testing.T) {
	if acc := DDMAccuracy(0.1, 1, 1); math.Abs(acc-0.5498) > 5e-5 {
		t.Errorf("accuracy %g, want 0.5498", acc)
	}
	if mt := DDMMeanTime(0.1, 1, 1); math.Abs(mt-0.9967) > 5e-5 {
		t.Errorf("mean time %g, want 0.9967", mt)
	}
	// The variance formula against a numerical derivative of the moment
	// generating function is too much here; check its small-drift limit
	// 2a⁴/(3σ⁴) instead.
	if v := DDMTimeVariance(1e-3, 1, 1); math.Abs(v-2.0/3) > 1e-4 {
		t.Errorf("variance at small drift %g, want 2/3", v)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ v, a, sigma, dt float64 }{{0.1, 1, 1, 0.001}, {0.1, 1, 1, 0.01}, {1, 1, 1, 0.005}, {0.5, 2, 1.5, 0.01}} {
		const n = 20000
		acc, mt := DDMStats(c.v, c.a, c.sigma, c.dt, n, rng)
		wantAcc, wantT, seAcc, seT, biasAcc, biasT := DDMExpected(c.v, c.a, c.sigma, c.dt, n)
		if math.Abs(acc-wantAcc) > 6.5*seAcc+biasAcc || math.Abs(mt-wantT) > 6.5*seT+biasT {
			t.Errorf("%+v: accuracy %g (want %g ± %g), mean time %g (want %g ± %g)",
				c, acc, wantAcc, 6.5*seAcc+biasAcc, mt, wantT, 6.5*seT+biasT)
		}
		// Without the correction the mean time at the coarser steps
		// would be off by more than its standard error.
		t.Logf("%+v: accuracy %.4f vs %.4f, mean time %.4f vs %.4f (uncorrected %.4f)", c, acc, wantAcc, mt, wantT, DDMMeanTime(c.v, c.a, c.sigma))
	}
}

// Izhikevich regular spiking (a = 0.02, b = 0.2, c = −65, d = 8, I = 10)
// and AdEx with Brette and Gerstner's parameters under 0.8 nA adapt: their
// intervals lengthen; an integration at a tenth of the step agrees within
// 3 %.
func TestAdaptingModels(t *testing.T) {
	bg := AdEx{C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, A: 4, TauW: 144, B: 80.5, VR: -70.6, VPeak: 20}
	for name, run := range map[string]func(dt float64) []float64{
		"Izhikevich RS": func(dt float64) []float64 { _, s := Izhikevich(Izh{0.02, 0.2, -65, 8}, 10, dt, 300); return s },
		"AdEx":          func(dt float64) []float64 { _, s := SimulateAdEx(bg, 800, dt, 500); return s },
	} {
		coarse, fine := intervals(run(0.1)), intervals(run(0.01))
		if len(coarse) < 4 || coarse[len(coarse)-1] < 1.5*coarse[0] {
			t.Errorf("%s: intervals %v do not lengthen", name, coarse)
		}
		if len(fine) != len(coarse) {
			t.Errorf("%s: %d intervals at dt = 0.1, %d at 0.01", name, len(coarse), len(fine))
			continue
		}
		for k := range fine {
			if math.Abs(coarse[k]-fine[k]) > 0.03*fine[k] {
				t.Errorf("%s: interval %d is %g ms at dt = 0.1, %g at 0.01", name, k, coarse[k], fine[k])
			}
		}
	}
}

func intervals(s []float64) []float64 {
	var d []float64
	for k := 1; k < len(s); k++ {
		d = append(d, s[k]-s[k-1])
	}
	return d
}

// Measured orders 1, 4 and 6 (± 0.3) for Euler, RK4 and Butcher's
// sixth-order method on the logistic equation, at steps small enough for
// the leading error term to dominate and large enough for the errors to
// stay far above rounding (the smallest, of RK6 at dt = 0.1, is near 8e-12;
// the floor of 80 steps is near 1e-14).
func TestMeasuredOrders(t *testing.T) {
	for _, c := range []struct {
		tab   Tableau
		dts   []float64
		order float64
	}{
		{Euler, []float64{0.1, 0.05, 0.025, 0.0125}, 1},
		{RK4Tableau, []float64{0.4, 0.2, 0.1, 0.05}, 4},
		{Butcher6, []float64{0.8, 0.4, 0.2, 0.1}, 6},
	} {
		got := MeasureOrder(c.tab, c.dts)
		if math.Abs(got-c.order) > 0.3 {
			t.Errorf("order %g, want %g", got, c.order)
		}
		if e := OrderError(c.tab, c.dts[len(c.dts)-1]); e < 1e-12 {
			t.Errorf("error %g at the smallest step is near rounding", e)
		}
		t.Logf("measured order %.3f, want %g", got, c.order)
	}
	// The tableaus are consistent: each row of A sums to its c.
	for _, tab := range []Tableau{Euler, RK4Tableau, Butcher6} {
		var sb float64
		for s, row := range tab.A {
			var sum float64
			for _, a := range row {
				sum += a
			}
			if math.Abs(sum-tab.C[s]) > 1e-15 {
				t.Errorf("row %d sums to %g, c = %g", s, sum, tab.C[s])
			}
			sb += tab.B[s]
		}
		if math.Abs(sb-1) > 1e-15 {
			t.Errorf("b sums to %g", sb)
		}
	}
}

// Hindmarsh–Rose: regular bursts of 2 spikes at I = 2 and 3 at I = 2.5;
// at I = 3.25 the float32 and float64 traces from the same start part
// (differ by more than 0.5 in x) after some hundreds of time units (457 at
// dt = 0.01), while over the first 50 the float64 traces at dt = 0.01 and
// 0.005 agree to 1e-6: the parting is rounding amplified by chaos, not
// the step.
func TestHindmarshRose(t *testing.T) {
	for _, c := range []struct {
		i    float64
		size int
	}{{2, 2}, {2.5, 3}} {
		ys := HRTrace([3]float64{-1.6, -10, 2}, c.i, 0.01, 200000)
		x := make([]float64, len(ys))
		for k := range ys {
			x[k] = ys[k][0]
		}
		sizes := SpikesPerBurst(x[50000:], 0.01, 0, 20)
		for _, n := range sizes[1 : len(sizes)-1] {
			if n != c.size {
				t.Errorf("I = %g: bursts %v, want %d spikes each", c.i, sizes, c.size)
				break
			}
		}
	}
	part := PartingTime(3.25, 0.01, 3000)
	if part < 100 || part > 2000 {
		t.Errorf("float32 and float64 part at t = %g", part)
	}
	a := HRTrace([3]float64{-1.6, -10, 2}, 3.25, 0.01, 5000)
	b := HRTrace([3]float64{-1.6, -10, 2}, 3.25, 0.005, 10000)
	if d := math.Abs(a[5000][0] - b[10000][0]); d > 1e-6 {
		t.Errorf("dt = 0.01 and 0.005 differ by %g at t = 50", d)
	}
	t.Logf("float32 and float64 part at t = %g", part)
}
