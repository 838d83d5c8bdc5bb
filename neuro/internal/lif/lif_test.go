package lif

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/internal/sim"
	"gonum.org/v1/gonum/stat"
)

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// The threshold is reached and crossed at V_th itself, and only then is V
// reset.
func TestThresholdAndReset(t *testing.T) {
	if !Spiked(-50, -50) || Spiked(-50.001, -50) || !Spiked(-20, -50) {
		t.Error("Spiked must be true exactly from the threshold up")
	}
	if Reset(-49, -50, -70) != -70 || Reset(-51, -50, -70) != -51 {
		t.Error("Reset must reset at and above the threshold only")
	}
	// From rest under 20 nA one step of 1 ms adds 20 mV: past −50, so reset.
	if v, fired := Step(-65, 20, Default(), 1); !fired || v != -65 {
		t.Errorf("Step from rest under 20 nA = %g, %v; want −65, true", v, fired)
	}
	// Under 1.5 nA from rest: −65 + 0.1·1.5 = −64.85 mV.
	if v, fired := Step(-65, 1.5, Default(), 0.1); fired || !near(v, -64.85, 1e-12) {
		t.Errorf("Step from rest under 1.5 nA = %g, %v; want −64.85, false", v, fired)
	}
}

// The rheobase of the default cell is (−50 − (−65))/10 = 1.5 nA. Euler has
// the same steady state E_L + R·I as the exact solution and approaches it
// monotonically for dt < τ, so a current 1 % below the rheobase never fires
// and one 1 % above does.
func TestRheobase(t *testing.T) {
	c := Default()
	if got := Rheobase(c); !near(got, 1.5, 1e-12) {
		t.Fatalf("Rheobase(default) = %g nA, want 1.5", got)
	}
	if _, spikes := Simulate(c, 0.99*1.5, 0.1, 2000); len(spikes) != 0 {
		t.Errorf("%d spikes at 0.99 × rheobase, want none", len(spikes))
	}
	if _, spikes := Simulate(c, 1.01*1.5, 0.1, 2000); len(spikes) == 0 {
		t.Error("no spikes at 1.01 × rheobase")
	}
	if !math.IsInf(ISI(c, 1.5), 1) || Rate(c, 1.5) != 0 || Rate(c, 1) != 0 {
		t.Error("at or below the rheobase the interval must be +Inf and the rate 0")
	}
}

// The interval is the time the exact solution V(t) = V∞ + (V_reset − V∞)·
// e^(−t/τ) takes from the reset to the threshold. For the default cell under
// 2 nA, V∞ = −45 mV and the interval is 10·ln(20/5) = 10·ln 4 = 13.863 ms,
// 72.13 Hz; with t_ref = 2 ms, 1000/15.863 = 63.04 Hz.
func TestAnalyticInterval(t *testing.T) {
	cells := []Cell{Default(), {EL: -70, VTh: -54, VReset: -80, R: 25, C: 0.4}}
	for _, c := range cells {
		for _, i := range []float64{1.6, 2, 3.5, 10} {
			vInf := c.EL + c.R*i
			if vInf <= c.VTh {
				continue
			}
			isi := ISI(c, i)
			if v := vInf + (c.VReset-vInf)*math.Exp(-isi/c.Tau()); !near(v, c.VTh, 1e-9) {
				t.Errorf("%+v, I = %g nA: V(ISI) = %g mV, want V_th = %g", c, i, v, c.VTh)
			}
		}
	}
	c := Default()
	if got := ISI(c, 2); !near(got, 13.862944, 1e-6) {
		t.Errorf("ISI(default, 2 nA) = %g ms, want 10·ln 4 = 13.8629", got)
	}
	if got := Rate(c, 2); !near(got, 72.134752, 1e-5) {
		t.Errorf("Rate(default, 2 nA) = %g Hz, want 72.1348", got)
	}
	if got := RefractoryRate(c, 2, 2); !near(got, 63.0400, 1e-4) {
		t.Errorf("RefractoryRate(default, 2 nA, 2 ms) = %g Hz, want 63.04", got)
	}
}

// Before its first spike the simulation is Project 1's Euler solution, which
// stays within (dt/τ)·|V0 − V∞| of the exact one.
func TestSimulateFollowsTheExactSolution(t *testing.T) {
	c, i, dt := Default(), 2.0, 0.1
	v, spikes := Simulate(c, i, dt, 100)
	vInf := c.EL + c.R*i
	for k, tk := range sim.TimeGrid(spikes[0]-dt, dt) {
		exact := vInf + (c.EL-vInf)*math.Exp(-tk/c.Tau())
		if !near(v[k], exact, dt/c.Tau()*math.Abs(c.EL-vInf)) {
			t.Fatalf("V(%g ms) = %g mV, exact %g", tk, v[k], exact)
		}
	}
	if len(v) != 1001 || v[0] != c.EL {
		t.Errorf("trace has %d values from %g mV, want 1001 from −65", len(v), v[0])
	}
}

// A simulated interval is a whole number of steps. Euler multiplies the
// distance to V∞ by 1 − dt/τ per step, so from the reset it reaches the
// threshold after k* = ln(a/b)/(−ln(1 − dt/τ)) steps (a = V∞ − V_reset,
// b = V∞ − V_th), a little before the exact interval T = τ·ln(a/b), by
// about T·dt/(2τ); the spike is seen at the end of the step that crosses,
// ceil(k*) steps. Both errors are of order dt, so the simulated rate
// converges to the analytic one as dt shrinks.
func TestSimulatedRateConverges(t *testing.T) {
	c := Default()
	for _, i := range []float64{1.6, 2, 3, 5} {
		isi := ISI(c, i)
		vInf := c.EL + c.R*i
		for _, dt := range []float64{1, 0.1, 0.01, 0.001} {
			simulated := 1000 / FICurve(c, []float64{i}, dt, 500)[0]
			euler := dt * math.Ceil(math.Log((vInf-c.VReset)/(vInf-c.VTh))/-math.Log(1-dt/c.Tau()))
			if !near(simulated, euler, 1e-6*dt) {
				t.Errorf("I = %g nA, dt = %g ms: simulated ISI %g ms, want ceil(k*)·dt = %g", i, dt, simulated, euler)
			}
			if !near(simulated, isi, dt+isi*dt/c.Tau()) {
				t.Errorf("I = %g nA, dt = %g ms: simulated ISI %g ms, analytic %g", i, dt, simulated, isi)
			}
		}
		if err := RateError(c, i, 0.001, 500); !near(err, 0, 0.05) {
			t.Errorf("I = %g nA: rate error %g Hz at dt = 0.001 ms, want below 0.05", i, err)
		}
	}
}

// With a refractory period every interval grows by exactly t_ref, and no
// current drives the cell beyond 1000/t_ref: 500 Hz for 2 ms. Under a huge
// current (10 µA: 100 mV in a step of 0.01 ms) the simulated cell fires in
// the first step after each refractory period, every t_ref + dt.
func TestRefractoryPeriod(t *testing.T) {
	c := Default()
	_, plain := Simulate(c, 2, 0.1, 300)
	current := Constant(2, sim.Steps(300, 0.1)+1)
	_, refractory := SimulateCurrent(c, current, 2, 0.1)
	if !near(refractory[0], plain[0], 1e-9) || !near(refractory[1]-refractory[0], plain[1]-plain[0]+2, 1e-9) {
		t.Errorf("spikes %v… with t_ref = 2 ms against %v… without, want intervals 2 ms longer", refractory[:2], plain[:2])
	}
	if got := MaxRate(2); got != 500 {
		t.Errorf("MaxRate(2 ms) = %g Hz, want 500", got)
	}
	if got := RefractoryRate(c, 1e6, 2); !near(got, 500, 0.5) {
		t.Errorf("RefractoryRate under 1 mA = %g Hz, want just under 500", got)
	}
	_, spikes := SimulateCurrent(c, Constant(1e4, 10001), 2, 0.01)
	if got := sim.IntervalRate(spikes); !near(got, 1000/2.01, 1e-6) {
		t.Errorf("simulated rate under 10 µA = %g Hz, want 1000/(2 + 0.01)", got)
	}
}

// The gain is the derivative of f(I) = 1000/(t_ref + τ·ln(a/b)), with
// a = V∞ − V_reset and b = V∞ − V_th: df/dI = −1000·τ·R·(1/a − 1/b)/(t_ref + T)².
func TestGain(t *testing.T) {
	c := Default()
	for _, i := range []float64{1.7, 2, 4} {
		vInf := c.EL + c.R*i
		a, b := vInf-c.VReset, vInf-c.VTh
		want := -1000 * c.Tau() * c.R * (1/a - 1/b) / math.Pow(2+ISI(c, i), 2)
		if got := Gain(c, i, 2, 1e-4); !near(got, want, 1e-5*want) {
			t.Errorf("Gain at %g nA = %g Hz/nA, want %g", i, got, want)
		}
	}
}

// Intervals 1, 2, 3, 4, 5 ms have mean 3 and standard deviation √2, so a
// CV of √2/3; a regular train has CV 0, and exponential intervals (a Poisson
// process) CV 1.
func TestMeanCV(t *testing.T) {
	isis := ISIs([]float64{0, 1, 3, 6, 10, 15})
	if mean, cv := MeanCV(isis); mean != 3 || !near(cv, math.Sqrt2/3, 1e-12) {
		t.Errorf("MeanCV(%v) = %g, %g; want 3, 0.4714", isis, mean, cv)
	}
	if _, cv := MeanCV([]float64{5, 5, 5}); cv != 0 {
		t.Errorf("CV of a regular train = %g", cv)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	exp := make([]float64, 100000)
	for k := range exp {
		exp[k] = 20 * rng.ExpFloat64()
	}
	if mean, cv := MeanCV(exp); !near(mean, 20, 0.4) || !near(cv, 1, 0.02) {
		t.Errorf("exponential intervals: mean %g ms, CV %g; want 20 ms, 1", mean, cv)
	}
}

// White noise of intensity σ sampled at steps of dt has variance σ²/dt. The
// membrane under it, dV/dt = −(V − E_L)/τ + (σ/C)·η(t), is an
// Ornstein-Uhlenbeck process whose variance is (σ/C)²·τ/2, whatever dt:
// 5σ² mV² for the default cell. Euler's discrete version has exactly
// (σ/C)²·τ/2/(1 − dt/(2τ)), within 0.5 % of it for dt ≤ 0.1 ms. Each run
// is 100 s, 10⁴τ, which makes the relative standard error of its variance
// about √(2τ/T) = 1.4 %.
func TestNoiseScaling(t *testing.T) {
	const sigma = 0.8
	rng := rand.New(rand.NewPCG(3, 4))
	for _, dt := range []float64{0.1, 0.01} {
		noise := NoiseCurrent(1, sigma, dt, 200000, rng)
		mean, varI := stat.PopMeanVariance(noise, nil)
		if !near(mean, 1, 6*sigma/math.Sqrt(dt*200000)) || !near(varI, sigma*sigma/dt, 0.02*sigma*sigma/dt) {
			t.Errorf("dt = %g: noise mean %g nA, variance %g nA², want 1 and σ²/dt = %g", dt, mean, varI, sigma*sigma/dt)
		}

		free := Default()
		free.VTh = math.Inf(1) // no spikes
		n := sim.Steps(100000, dt) + 1
		v, _ := SimulateCurrent(free, NoiseCurrent(0, sigma, dt, n, rng), 0, dt)
		_, varV := stat.PopMeanVariance(v[n/100:], nil) // after 20τ
		ou := sigma * sigma * free.Tau() / 2 / (free.C * free.C)
		if !near(varV, ou, 0.05*ou) {
			t.Errorf("dt = %g: variance of V %g mV², want the OU value σ²τ/(2C²) = %g", dt, varV, ou)
		}
	}
}

// A Poisson count has variance equal to its mean λ = n·rate·dt/1000.
func TestPoissonCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tt := range []struct {
		n          int
		rate, dt   float64
		wantLambda float64
	}{{1000, 5, 0.1, 0.5}, {800, 50, 0.1, 4}, {10, 2, 0.1, 0.002}} {
		counts := PoissonCounts(tt.n, tt.rate, tt.dt, 200000, rng)
		x := make([]float64, len(counts))
		for k, c := range counts {
			x[k] = float64(c)
		}
		mean, variance := stat.PopMeanVariance(x, nil)
		se := math.Sqrt(tt.wantLambda / 200000)
		if !near(mean, tt.wantLambda, 6*se) || !near(variance, tt.wantLambda, 0.05*tt.wantLambda+6*se) {
			t.Errorf("%d inputs at %g Hz: count mean %g, variance %g; want both λ = %g",
				tt.n, tt.rate, mean, variance, tt.wantLambda)
		}
	}
}

// balanced returns the spike times of the default cell over 200 s with
// t_ref = 2 ms, under nE excitatory inputs at rateE (Hz) of charge qE (pC)
// and nI inhibitory ones at rateI of charge qI.
func balanced(nE int, rateE, qE float64, nI int, rateI, qI float64) []float64 {
	const dt, tEnd = 0.1, 200000
	rng := rand.New(rand.NewPCG(7, 8))
	steps := sim.Steps(tEnd, dt) + 1
	e := PoissonCounts(nE, rateE, dt, steps, rng)
	i := PoissonCounts(nI, rateI, dt, steps, rng)
	_, spikes := PoissonDriven(Default(), e, i, qE, qI, 2, dt)
	return spikes
}

// Driven by a mean current well above the rheobase with small
// fluctuations, the cell fires like a clock: CV near 0. Driven by balanced
// excitation and inhibition whose mean is far below the rheobase, it fires
// only when the fluctuations carry it to threshold, at random times, like a
// Poisson process: CV near 1 (Softky & Koch 1993; Shadlen & Newsome 1998).
func TestCVOfTheTwoRegimes(t *testing.T) {
	// 5000 inputs at 10 Hz of 0.05 pC: a mean of 2.5 nA, noise σ = 0.35 nA·√ms.
	if _, cv := MeanCV(ISIs(balanced(5000, 10, 0.05, 0, 0, 0))); cv > 0.1 {
		t.Errorf("mean-driven CV = %g, want near 0", cv)
	}
	// 800 excitatory inputs at 10 Hz of 0.5 pC against 200 inhibitory ones
	// at 20 Hz of 1 pC: a mean of 0 nA, σ = 2.45 nA·√ms, and a rate of a few Hz.
	spikes := balanced(800, 10, 0.5, 200, 20, 1)
	mean, cv := MeanCV(ISIs(spikes))
	if len(spikes) < 200 || !near(cv, 1, 0.15) {
		t.Errorf("fluctuation-driven: %d spikes, mean ISI %g ms, CV %g; want CV near 1", len(spikes), mean, cv)
	}
	if Regime(spikes) != FluctuationDriven || Regime(balanced(5000, 10, 0.05, 0, 0, 0)) != MeanDriven {
		t.Error("Regime does not tell the two apart")
	}
}

// With adaptation the first interval is the plain LIF's (w starts at 0),
// and the intervals then lengthen as w builds up; with b = 0 nothing
// changes.
func TestAdaptation(t *testing.T) {
	c := Default()
	_, plain := Simulate(c, 3, 0.1, 300)
	_, adapting := SimulateAdapting(c, 3, 0.5, 100, 0.1, 300)
	if !near(adapting[0], plain[0], 1e-9) {
		t.Errorf("first spike at %g ms with adaptation, %g without", adapting[0], plain[0])
	}
	isis := ISIs(adapting)
	for k := 1; k < len(isis); k++ {
		if isis[k] < isis[k-1]-1e-9 {
			t.Fatalf("intervals %v shorten", isis)
		}
	}
	if isis[len(isis)-1] < 1.5*isis[0] {
		t.Errorf("intervals %v hardly adapt", isis)
	}
	vb, sb := SimulateAdapting(c, 3, 0, 100, 0.1, 300)
	vp, sp := Simulate(c, 3, 0.1, 300)
	if len(sb) != len(sp) || vb[len(vb)-1] != vp[len(vp)-1] {
		t.Error("with b = 0 the adapting cell differs from the plain one")
	}
}

func TestSpikeTrainHelpers(t *testing.T) {
	if got := SpikeTimes([]bool{false, true, false, false, true}, 0.5); len(got) != 2 || got[0] != 0.5 || got[1] != 2 {
		t.Errorf("SpikeTimes = %v, want [0.5 2]", got)
	}
	if got := FiringRate([]float64{1, 2, 3, 4, 5}, 500); got != 10 {
		t.Errorf("FiringRate(5 spikes in 500 ms) = %g Hz, want 10", got)
	}
	got := ISIHistogram([]float64{0.2, 1, 1.5, 2.99, 3, 10}, 1, 3)
	if len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 1 {
		t.Errorf("ISIHistogram = %v, want [1 2 1]", got)
	}
	if Regime([]float64{1, 2}) != Silent {
		t.Error("two spikes must be silent")
	}
}

// NoisySpikes draws its current as the run goes and FICurve keeps no
// potential, yet both give exactly the spikes of SimulateCurrent on the
// whole current drawn first.
func TestRunsThatKeepOnlySpikes(t *testing.T) {
	c := Default()
	for _, tt := range []struct{ mean, sigma, tRef float64 }{{2, 0.3, 2}, {1.2, 2, 2}, {1.6, 3, 0}} {
		got := NoisySpikes(c, tt.mean, tt.sigma, tt.tRef, 0.1, 2000, rand.New(rand.NewPCG(1, 2)))
		current := NoiseCurrent(tt.mean, tt.sigma, 0.1, sim.Samples(2000, 0.1), rand.New(rand.NewPCG(1, 2)))
		if _, want := SimulateCurrent(c, current, tt.tRef, 0.1); len(want) < 10 || !slices.Equal(got, want) {
			t.Errorf("mean %g nA, σ %g: NoisySpikes gives %d spikes, SimulateCurrent of NoiseCurrent %d, want the same",
				tt.mean, tt.sigma, len(got), len(want))
		}
	}
	currents := []float64{1, 1.6, 3}
	for k, rate := range FICurve(c, currents, 0.1, 500) {
		if _, spikes := Simulate(c, currents[k], 0.1, 500); rate != sim.IntervalRate(spikes) {
			t.Errorf("FICurve at %g nA = %g Hz, want %g from Simulate", currents[k], rate, sim.IntervalRate(spikes))
		}
	}
}
