package hh

import (
	"math"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/internal/sim"
)

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// Near its removable singularity x = V + 55 = 0, α_n = 0.01·x/(1 − e^(−x/10))
// has the Taylor series 0.1·(1 + u/2 + u²/12 − u⁴/720 + …) with u = x/10,
// which at |x| ≤ 1e-3 mV is exact to double precision after three terms;
// α_m = 0.1·(V + 40)/(1 − e^(−(V+40)/10)) is ten times the same series in
// u = (V + 40)/10. Far from it, the plain formula is accurate.
func TestRatesAtTheirSingularities(t *testing.T) {
	series := func(x float64) float64 { u := x / 10; return 1 + u/2 + u*u/12 }
	for _, x := range []float64{0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6, 1e-3, -1e-3} {
		if got, want := AlphaN(-55+x), 0.1*series(x); !near(got, want, 1e-15*want) {
			t.Errorf("AlphaN(−55 %+g mV) = %.17g, want %.17g", x, got, want)
		}
		if got, want := AlphaM(-40+x), series(x); !near(got, want, 1e-15*want) {
			t.Errorf("AlphaM(−40 %+g mV) = %.17g, want %.17g", x, got, want)
		}
	}
	for _, v := range []float64{-100, -70, -65, -30, 0, 40} {
		if got, want := AlphaN(v), 0.01*(v+55)/(1-math.Exp(-(v+55)/10)); !near(got, want, 1e-13*want) {
			t.Errorf("AlphaN(%g mV) = %g, want %g", v, got, want)
		}
		if got, want := AlphaM(v), 0.1*(v+40)/(1-math.Exp(-(v+40)/10)); !near(got, want, 1e-13*want) {
			t.Errorf("AlphaM(%g mV) = %g, want %g", v, got, want)
		}
	}
}

// The closed-form rates at rest, −65 mV, where every exponent but β_h's is
// zero: β_n = 0.125, β_m = 4, α_h = 0.07 /ms, and β_h = 1/(1 + e³).
func TestClosedRatesAtRest(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"BetaN", BetaN(-65), 0.125}, {"BetaM", BetaM(-65), 4}, {"AlphaH", AlphaH(-65), 0.07},
		{"BetaH", BetaH(-65), 1 / (1 + math.Exp(3))},
	} {
		if !near(c.got, c.want, 1e-15) {
			t.Errorf("%s(−65 mV) = %g /ms, want %g", c.name, c.got, c.want)
		}
	}
}

// The steady states of the gates at −65 mV are the initial conditions
// printed with this parameter set in textbooks and simulator examples
// (e.g. m = 0.0529, h = 0.5961, n = 0.3177 in Dayan & Abbott's model).
func TestSteadyStatesAtRest(t *testing.T) {
	for _, c := range []struct {
		name string
		g    Gate
		want float64
	}{{"m", M, 0.0529}, {"h", H, 0.5961}, {"n", N, 0.3177}} {
		if got := c.g.Inf(-65); !near(got, c.want, 1e-4) {
			t.Errorf("%s∞(−65 mV) = %.5f, want %.4f", c.name, got, c.want)
		}
	}
	// τ_m is a fraction of a millisecond, τ_h and τ_n several: the spike's
	// fast upstroke and slow recovery.
	if tau := M.Tau(-65); !(tau > 0.1 && tau < 0.3) {
		t.Errorf("τ_m(−65 mV) = %g ms, want 0.1 to 0.3", tau)
	}
	if tau := N.Tau(-65); !(tau > 4 && tau < 7) {
		t.Errorf("τ_n(−65 mV) = %g ms, want 4 to 7", tau)
	}
}

// RelaxGate solves dx/dt = α(1 − x) − βx: it starts at x0, tends to x∞,
// and its slope, by central differences, is GateRate.
func TestRelaxGateSolvesTheGateEquation(t *testing.T) {
	const x0, alpha, beta = 0.1, 0.3, 0.2
	if got := RelaxGate(x0, alpha, beta, 0); !near(got, x0, 1e-15) {
		t.Errorf("x(0) = %g, want %g", got, x0)
	}
	if got := RelaxGate(x0, alpha, beta, 1000); !near(got, 0.6, 1e-12) {
		t.Errorf("x(∞) = %g, want 0.6", got)
	}
	for _, tm := range []float64{0.5, 2, 7} {
		const h = 1e-5
		slope := (RelaxGate(x0, alpha, beta, tm+h) - RelaxGate(x0, alpha, beta, tm-h)) / (2 * h)
		if want := GateRate(RelaxGate(x0, alpha, beta, tm), alpha, beta); !near(slope, want, 1e-8) {
			t.Errorf("dx/dt at %g ms = %g, want %g", tm, slope, want)
		}
	}
}

// The steady-state current rises with V across RestingPotential's bracket,
// so the root there is unique.
func TestSteadyCurrentRises(t *testing.T) {
	prev := SteadyCurrent(restLow)
	for v := restLow + 0.01; v <= restHigh; v += 0.01 {
		c := SteadyCurrent(v)
		if c <= prev {
			t.Fatalf("SteadyCurrent falls at %g mV", v)
		}
		prev = c
	}
}

// E_L = −54.387 mV was chosen (Hodgkin & Huxley 1952 put the leak's
// reversal 10.613 mV above rest) so that the net current vanishes at rest,
// −65 mV; the root of the steady-state current is within 0.01 mV of it.
func TestRestingPotential(t *testing.T) {
	v := RestingPotential(0)
	if !near(v, -65, 0.01) {
		t.Errorf("resting potential = %g mV, want −65 ± 0.01", v)
	}
	if c := SteadyCurrent(v); !near(c, 0, 1e-9) {
		t.Errorf("net current at rest = %g µA/cm², want 0", c)
	}
	// Holding currents move it monotonically, 1 µA/cm² by about 1 mV near
	// rest (the input resistance of a patch, about 1 kΩ·cm²).
	if dv := RestingPotential(1) - v; !(dv > 0.3 && dv < 3) {
		t.Errorf("1 µA/cm² moves the rest by %g mV, want 0.3 to 3", dv)
	}
	y := RestState(0)
	for k, d := range Derivatives(y, 0) {
		if !near(d, 0, 1e-9) {
			t.Errorf("derivative %d at rest = %g, want 0", k, d)
		}
	}
}

// Every gate current at rest, with numbers that follow from the
// conductances and the steady states: g_K·n⁴ ≈ 36·0.3177⁴ ≈ 0.367 mS/cm².
func TestConductancesAtRest(t *testing.T) {
	y := RestState(0)
	if g := KConductance(y[3]); !near(g, 0.367, 0.002) {
		t.Errorf("g_K at rest = %g mS/cm², want 0.367", g)
	}
	if g := NaConductance(y[1], y[2]); !near(g, 120*math.Pow(0.0529, 3)*0.5961, 0.0005) {
		t.Errorf("g_Na at rest = %g mS/cm², want 0.0106", g)
	}
}

// oscillator is the harmonic oscillator d²y/dt² = −y as the system
// (y, y')' = (y', −y), whose solution from (1, 0) is (cos t, −sin t).
func oscillator(_ float64, y []float64) []float64 { return []float64{y[1], -y[0]} }

// oscillatorError returns the error at t = 10 of n RK4 steps from (1, 0).
func oscillatorError(n int) float64 {
	dt := 10 / float64(n)
	y := []float64{1, 0}
	for k := range n {
		y = RK4Step(oscillator, float64(k)*dt, y, dt)
	}
	return math.Hypot(y[0]-math.Cos(10), y[1]+math.Sin(10))
}

// RK4 is fourth order: halving the step divides the error by 2⁴ = 16.
func TestRK4IsFourthOrder(t *testing.T) {
	for _, n := range []int{50, 100, 200} {
		ratio := oscillatorError(n) / oscillatorError(2*n)
		if !near(ratio, 16, 0.5) {
			t.Errorf("RK4 error ratio from %d to %d steps = %g, want 16", n, 2*n, ratio)
		}
	}
	// And it uses t: y' = cos t from 0 to π/2 gives exactly sin t.
	y := []float64{0}
	const steps = 20
	dt := math.Pi / 2 / steps
	for k := range steps {
		y = RK4Step(func(t float64, _ []float64) []float64 { return []float64{math.Cos(t)} }, float64(k)*dt, y, dt)
	}
	if !near(y[0], 1, 1e-7) {
		t.Errorf("∫cos from 0 to π/2 by RK4 = %g, want 1", y[0])
	}
}

// independentRate is a second, separately written coding of the model's
// derivatives: the rate functions with their singular points handled by a
// Taylor series instead of math.Expm1, and the currents written out.
func independentRate(y []float64, i float64) []float64 {
	v, m, h, n := y[0], y[1], y[2], y[3]
	lin := func(x float64) float64 { // x/(1 − e^(−x/10))
		if math.Abs(x) < 1e-4 {
			u := x / 10
			return 10 * (1 + u/2 + u*u/12)
		}
		return x / (1 - math.Exp(-x/10))
	}
	an, bn := 0.01*lin(v+55), 0.125*math.Exp(-(v+65)/80)
	am, bm := 0.1*lin(v+40), 4*math.Exp(-(v+65)/18)
	ah, bh := 0.07*math.Exp(-(v+65)/20), 1/(1+math.Exp(-(v+35)/10))
	ionic := 120*m*m*m*h*(v-50) + 36*n*n*n*n*(v+77) + 0.3*(v+54.387)
	return []float64{i - ionic, am*(1-m) - bm*m, ah*(1-h) - bh*h, an*(1-n) - bn*n}
}

// heun is the second-order Heun (trapezoidal predictor-corrector) step of
// independentRate: a different integrator, for a check on the RK4 runs.
func heun(y []float64, i, dt float64) []float64 {
	d1 := independentRate(y, i)
	pred := make([]float64, 4)
	for k := range y {
		pred[k] = y[k] + dt*d1[k]
	}
	d2 := independentRate(pred, i)
	next := make([]float64, 4)
	for k := range y {
		next[k] = y[k] + dt/2*(d1[k]+d2[k])
	}
	return next
}

// spikeOf simulates the response of a cell at rest to a pulse of 20 µA/cm²
// from 1 to 2 ms, for 15 ms, and returns its voltage.
func spikeOf(step Stepper, dt float64) []float64 {
	n := sim.Samples(15, dt)
	return Voltages(SimulateWith(step, RestState(0), PulseCurrent(n, dt, 1, 2, 20), dt))
}

// The action potential: RK4 at 0.005 ms and Heun at 0.0005 ms, two
// independent codings, agree on its peak and half-width, and its shape is the
// textbook one for this model at 6.3 °C: a peak near +40 mV, about 100 mV
// above rest (Hodgkin & Huxley 1952 computed spikes of about 100 mV), one to
// two milliseconds wide at half height. The forward-Euler run of the levels
// (0.01 ms) is within 0.5 mV and 0.02 ms of it.
func TestActionPotential(t *testing.T) {
	peak, amp, width := SpikeShape(spikeOf(RK4HHStep, 0.005), 0.005)
	hPeak, _, hWidth := SpikeShape(spikeOf(heun, 0.0005), 0.0005)
	if !near(peak, hPeak, 0.02) || !near(width, hWidth, 0.002) {
		t.Errorf("RK4: peak %g mV, half-width %g ms; Heun: %g mV, %g ms", peak, width, hPeak, hWidth)
	}
	if !(peak > 30 && peak < 50) || !(amp > 95 && amp < 115) || !(width > 0.8 && width < 2) {
		t.Errorf("peak %g mV, amplitude %g mV, half-width %g ms: want 30–50 mV, 95–115 mV, 0.8–2 ms", peak, amp, width)
	}
	ePeak, _, eWidth := SpikeShape(spikeOf(EulerStep, Dt), Dt)
	if !near(ePeak, peak, 0.5) || !near(eWidth, width, 0.02) {
		t.Errorf("Euler at %g ms: peak %g mV, half-width %g ms; want %g, %g", Dt, ePeak, eWidth, peak, width)
	}
}

// onset bisects for the smallest current (µA/cm²) under which step fires
// repetitively, to within 0.005 µA/cm², and returns it with its rate (Hz).
func onset(step Stepper, dt float64) (current, rate float64) {
	lo, hi := 5.0, 8.0
	for hi-lo > 0.005 {
		mid := (lo + hi) / 2
		if RateWith(step, mid, dt, 300, 100) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, RateWith(step, hi, dt, 300, 100)
}

// The F-I curve of the HH model is type II: no repetitive firing below a
// current near 6.2–6.3 µA/cm², then at once some 50 Hz (Rinzel & Miller
// 1980 place the birth of stable periodic firing, a fold of periodic orbits,
// near 6.26 µA/cm² at 6.3 °C; textbooks show the F-I curve jumping from 0 to
// 50–70 Hz there). RK4 at 0.01 ms and
// Heun at 0.0025 ms agree on both; the level's forward-Euler protocol
// (FiringRate) fires at 7 to 40 µA/cm² within 2 % of the RK4 rate.
func TestRepetitiveFiringOnset(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds of simulation")
	}
	i, rate := onset(RK4HHStep, 0.01)
	hi, hRate := onset(heun, 0.0025)
	if !near(i, hi, 0.011) || !near(rate, hRate, 0.5) {
		t.Errorf("onset: RK4 %g µA/cm² at %g Hz, Heun %g µA/cm² at %g Hz", i, rate, hi, hRate)
	}
	if !(i > 6.2 && i < 6.3) || !(rate >= 45 && rate <= 70) {
		t.Errorf("onset at %g µA/cm², %g Hz: want 6.2–6.3 µA/cm², 45–70 Hz", i, rate)
	}
	for _, c := range []float64{7, 10, 20, 40} {
		want := RateWith(RK4HHStep, c, 0.01, 200, 50)
		if got := FiringRate(c); !near(got, want, 0.02*want) {
			t.Errorf("FiringRate(%g µA/cm²) = %g Hz, RK4 gives %g", c, got, want)
		}
	}
	if got := FiringRate(5); got != 0 {
		t.Errorf("FiringRate(5 µA/cm²) = %g Hz, want 0", got)
	}
}

// For short pulses the membrane only integrates charge, so the threshold
// charge amp·duration tends to a constant, C_m·ΔV for the few mV that the
// sodium current needs; for long pulses the threshold falls toward the
// rheobase, a few µA/cm². An independent Heun bisection agrees within 1 %.
func TestThreshold(t *testing.T) {
	q1, q2 := 0.1*Threshold(0.1), 0.2*Threshold(0.2)
	if !near(q1, q2, 0.05*q1) || !(q1 > 3 && q1 < 15) {
		t.Errorf("threshold charge at 0.1 and 0.2 ms: %g and %g nC/cm², want equal within 5 %%, 3–15", q1, q2)
	}
	if long := Threshold(5); !(long > 1 && long < 4) {
		t.Errorf("threshold of a 5 ms pulse = %g µA/cm², want 1–4", long)
	}
	want := bisect(func(amp float64) bool {
		const dt = 0.002
		n := sim.Samples(thresholdRun, dt)
		v := Voltages(SimulateWith(heun, RestState(0), PulseCurrent(n, dt, 0, 1, amp), dt))
		return slices.Max(v) >= SpikeLevel
	}, 0, thresholdHigh, thresholdTol)
	if got := Threshold(1); !near(got, want, 0.01*want) {
		t.Errorf("Threshold(1 ms) = %g µA/cm², Heun at 0.002 ms gives %g", got, want)
	}
}

// After a spike the cell is refractory: within about 5 ms no pulse up to
// 200 µA/cm² makes it fire again (absolute), and for several ms more a
// second pulse needs more current than the first (relative), less the
// longer the interval.
func TestRefractoriness(t *testing.T) {
	if got := SecondThreshold(5); got < thresholdHigh-1 {
		t.Errorf("second threshold at 5 ms = %g µA/cm², want none below %g", got, thresholdHigh)
	}
	single := Threshold(PulseWidth)
	prev := math.Inf(1)
	for _, interval := range []float64{7, 10, 15} {
		got := SecondThreshold(interval)
		if !(got > 1.05*single && got < prev) {
			t.Errorf("second threshold at %g ms = %g µA/cm², want above %g and below %g", interval, got, 1.05*single, prev)
		}
		prev = got
	}
}

// Anode-break excitation: a cell released from a strong, long enough
// hyperpolarization fires, because h has risen and n fallen while it was
// held down; a weak one does not.
func TestRebound(t *testing.T) {
	if lat := ReboundSpike(-10, 20); !(lat > 2 && lat < 15) {
		t.Errorf("rebound latency after −10 µA/cm² for 20 ms = %g ms, want 2–15", lat)
	}
	if lat := ReboundSpike(-1, 20); !math.IsInf(lat, 1) {
		t.Errorf("rebound latency after −1 µA/cm² for 20 ms = %g ms, want none", lat)
	}
}

// Forward Euler's spike-time error is first order (halving dt halves it)
// and far above RK4's at the same step.
func TestSpikeTimeErrors(t *testing.T) {
	e1, r1 := SpikeTimeErrors(10, 0.08)
	e2, _ := SpikeTimeErrors(10, 0.04)
	if !near(e1/e2, 2, 0.2) {
		t.Errorf("Euler spike-time error at 0.08 and 0.04 ms: %g and %g ms, want a ratio of 2", e1, e2)
	}
	if !(e1 > 20*r1) {
		t.Errorf("at 0.08 ms, Euler's error %g ms is not far above RK4's %g ms", e1, r1)
	}
}

// Spike times and shapes on traces whose answers are known exactly: on a
// piecewise-linear trace, linear interpolation is exact.
func TestSpikeMeasures(t *testing.T) {
	// Up from −10 to 10 between samples 1 and 2 crosses 0 at 1.5·dt; a
	// sample exactly at the threshold counts once, at its own time.
	v := []float64{-10, -10, 10, -5, 0, 0, 5}
	got := SpikeTimes(v, 0.5, 0)
	want := []float64{0.75, 2}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("SpikeTimes = %v, want %v", got, want)
	}
	// A triangle from −60 up to 40 and back over 10 ms each way, sampled
	// every 1 ms from rest: half height −10 mV is reached at 5 ms and left at
	// 15 ms.
	tri := make([]float64, 25)
	for k := range tri {
		tri[k] = 40 - 10*math.Abs(float64(k)-10)
		tri[k] = max(tri[k], -60)
	}
	peak, amp, width := SpikeShape(tri, 1)
	if peak != 40 || amp != 100 || !near(width, 10, 1e-12) {
		t.Errorf("SpikeShape(triangle) = %g, %g, %g; want 40, 100, 10", peak, amp, width)
	}
}

// In a voltage clamp the potassium current starts at its value for the old
// voltage's n and ends at the new voltage's; stepped up it rises with a
// delay, its slope at first small (n⁴ starts flat when n is small).
func TestClampK(t *testing.T) {
	const v0, v = -100.0, 0.0
	if got, want := ClampK(v0, v, 0), KConductance(N.Inf(v0))*(v-EK); !near(got, want, 1e-12) {
		t.Errorf("I_K at the step = %g, want %g", got, want)
	}
	if got, want := ClampK(v0, v, 100), KConductance(N.Inf(v))*(v-EK); !near(got, want, 1e-9) {
		t.Errorf("I_K long after the step = %g, want %g", got, want)
	}
	early := (ClampK(v0, v, 0.1) - ClampK(v0, v, 0)) / 0.1
	later := (ClampK(v0, v, 1.1) - ClampK(v0, v, 1)) / 0.1
	if !(later > 3*early) {
		t.Errorf("I_K slope just after the step %g, a millisecond later %g: want a delayed rise", early, later)
	}
}
