package membrane

import (
	"math"
	"testing"

	"github.com/neurogo/course/neuro/internal/sim"
)

// A sphere of radius 10 µm has an area of 4π·100 µm² ≈ 1257 µm²; at
// 1 µF/cm² its capacitance is about 12.6 pF, the textbook figure for a small
// soma.
func TestCapacitanceOfASoma(t *testing.T) {
	got := Capacitance(4*math.Pi*100, 1)
	if math.Abs(got-0.012566) > 1e-6 {
		t.Errorf("Capacitance(soma of radius 10 µm) = %g nF, want 0.01257 nF", got)
	}
}

// The course's default cell, C = 1 nF, has an area of 1e5 µm² (0.001 cm²).
func TestCapacitanceOfTheDefaultCell(t *testing.T) {
	if got := Capacitance(1e5, 1); math.Abs(got-1) > 1e-12 {
		t.Errorf("Capacitance(1e5 µm², 1 µF/cm²) = %g nF, want 1", got)
	}
}

// 1 nF at 10 mV holds 10 pC; 15 mV across 10 MΩ drives 1.5 nA, the
// rheobase of the default cell.
func TestChargeAndOhm(t *testing.T) {
	if got := Charge(1, 10); got != 10 {
		t.Errorf("Charge(1 nF, 10 mV) = %g pC, want 10", got)
	}
	if got := OhmCurrent(15, 10); got != 1.5 {
		t.Errorf("OhmCurrent(15 mV, 10 MΩ) = %g nA, want 1.5", got)
	}
}

// The course's default cell: E_L = −65 mV, R = 10 MΩ, C = 1 nF.
const (
	eL = -65.0
	r  = 10.0
	c  = 1.0
)

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// τ = R·C: 10 MΩ × 1 nF = 10⁷ Ω × 10⁻⁹ F = 10⁻² s = 10 ms.
func TestTimeConstant(t *testing.T) {
	if got := TimeConstant(r, c); !near(got, 10, 1e-12) {
		t.Errorf("TimeConstant(10 MΩ, 1 nF) = %g ms, want 10", got)
	}
}

// A 10 MΩ resistor conducts 0.1 µS; a leak of 0.1 µS at −50 mV with
// E_L = −65 mV passes 0.1 × 15 = 1.5 nA outward.
func TestLeak(t *testing.T) {
	if got := LeakCurrent(Conductance(r), -50, eL); !near(got, 1.5, 1e-12) {
		t.Errorf("LeakCurrent(0.1 µS, −50 mV, −65 mV) = %g nA, want 1.5", got)
	}
	for _, tt := range []struct {
		v, e float64
		want string
	}{{-50, -65, Outward}, {-70, -65, Inward}, {-65, -65, None}} {
		if got := Direction(tt.v, tt.e); got != tt.want {
			t.Errorf("Direction(%g, %g) = %q, want %q", tt.v, tt.e, got, tt.want)
		}
	}
}

// The membrane equation is at rest at V = E_L with no current, and at
// V∞ = E_L + R·I under a current I; at rest, 1 nA onto 1 nF raises V at
// 1 mV/ms.
func TestMembraneRate(t *testing.T) {
	if got := MembraneRate(eL, 0, eL, r, c); got != 0 {
		t.Errorf("dV/dt at rest = %g, want 0", got)
	}
	if got := MembraneRate(SteadyState(1.5, eL, r), 1.5, eL, r, c); !near(got, 0, 1e-12) {
		t.Errorf("dV/dt at V∞ = %g, want 0", got)
	}
	if got := MembraneRate(eL, 1, eL, r, c); !near(got, 1, 1e-12) {
		t.Errorf("dV/dt at rest under 1 nA = %g mV/ms, want 1", got)
	}
}

// V∞ = E_L + R·I: 1.5 nA through 10 MΩ lifts −65 mV to −50 mV, and a
// simulation run for 30τ ends there (the rest of the way is e^−30 ≈ 1e-13).
func TestSteadyState(t *testing.T) {
	if got := SteadyState(1.5, eL, r); !near(got, -50, 1e-12) {
		t.Errorf("SteadyState(1.5 nA) = %g mV, want −50", got)
	}
	for _, i := range []float64{-2, 0.3, 1.5} {
		v := Simulate(eL, i, eL, r, c, 0.1, 300)
		if want := eL + r*i; !near(v[len(v)-1], want, 1e-9) {
			t.Errorf("simulation under %g nA ends at %g mV, want E_L + R·I = %g", i, v[len(v)-1], want)
		}
	}
}

// The exact solution solves the membrane equation: it starts at V0, and its
// derivative, by a central difference, is the rate −(V − V∞)/τ. After one τ
// it has gone 1 − 1/e ≈ 63.2 % of the way; after τ·ln 2, half of it.
func TestExactSolution(t *testing.T) {
	const i = 1.5
	vInf, tau := SteadyState(i, eL, r), TimeConstant(r, c)
	if got := ExactVoltage(0, eL, vInf, tau); got != eL {
		t.Errorf("V(0) = %g, want %g", got, eL)
	}
	for _, tm := range []float64{0.5, 3, 10, 25} {
		const h = 1e-4
		slope := (ExactVoltage(tm+h, eL, vInf, tau) - ExactVoltage(tm-h, eL, vInf, tau)) / (2 * h)
		if want := MembraneRate(ExactVoltage(tm, eL, vInf, tau), i, eL, r, c); !near(slope, want, 1e-7) {
			t.Errorf("dV/dt of the exact solution at %g ms = %g, want %g", tm, slope, want)
		}
	}
	if got, want := FractionReached(tau, tau), 1-1/math.E; !near(got, want, 1e-15) || !near(got, 0.632, 5e-4) {
		t.Errorf("FractionReached(τ) = %g, want 1 − 1/e = %g", got, want)
	}
	if got := ExactVoltage(tau, eL, vInf, tau); !near(got, eL+(1-1/math.E)*(vInf-eL), 1e-12) {
		t.Errorf("V(τ) = %g mV, want 63.2 %% of the way from −65 to −50", got)
	}
	if got := TimeToReach(-57.5, eL, vInf, tau); !near(got, tau*math.Ln2, 1e-12) {
		t.Errorf("time to go half way = %g ms, want τ·ln 2 = %g", got, tau*math.Ln2)
	}
	if got := TimeToReach(eL+(1-1/math.E)*(vInf-eL), eL, vInf, tau); !near(got, tau, 1e-12) {
		t.Errorf("time to go 63.2 %% of the way = %g ms, want τ", got)
	}
	for _, v := range []float64{-50, -45, -70} {
		if got := TimeToReach(v, eL, vInf, tau); !math.IsInf(got, 1) {
			t.Errorf("TimeToReach(%g mV) from −65 toward −50 = %g, want +Inf", v, got)
		}
	}
}

// Forward Euler on dV/dt = −(V − V∞)/τ has a closed form: each step
// multiplies V − V∞ by 1 − dt/τ, so V_k = V∞ + (1 − dt/τ)^k·(V0 − V∞).
// Past dt = 2τ that factor's magnitude exceeds 1 and the error grows.
func TestEulerClosedForm(t *testing.T) {
	const i = 1.5
	vInf, tau := SteadyState(i, eL, r), TimeConstant(r, c)
	for _, dt := range []float64{0.1, 5, 15, 25} {
		v := Simulate(eL, i, eL, r, c, dt, 20*dt)
		a := 1 - dt/tau
		if got := EulerFactor(dt, tau); !near(got, a, 1e-15) {
			t.Errorf("EulerFactor(%g, %g) = %g, want %g", dt, tau, got, a)
		}
		for k := range v {
			want := vInf + math.Pow(a, float64(k))*(eL-vInf)
			if !near(v[k], want, 1e-9*math.Max(1, math.Abs(want))) {
				t.Errorf("dt = %g ms: V_%d = %g, want %g", dt, k, v[k], want)
				break
			}
		}
	}
	for _, tt := range []struct {
		dt     float64
		stable bool
	}{{5, true}, {15, true}, {19.9, true}, {20.1, false}, {25, false}} {
		if stable := math.Abs(EulerFactor(tt.dt, tau)) < 1; stable != tt.stable {
			t.Errorf("dt = %g ms, τ = 10 ms: |1 − dt/τ| < 1 is %v, want %v", tt.dt, stable, tt.stable)
		}
	}
	// At dt = 2.5τ the deviation from V∞ grows by 1.5 per step: after 20
	// steps the error is 1.5^20 ≈ 3325 times the initial 15 mV.
	v := Simulate(eL, i, eL, r, c, 2.5*tau, 50*tau)
	if got, want := math.Abs(v[len(v)-1]-vInf), 15*math.Pow(1.5, 20); !near(got, want, 1e-9*want) {
		t.Errorf("after 20 steps of 2.5τ, |V − V∞| = %g mV, want %g", got, want)
	}
}

// Forward Euler is first order: halving dt halves the largest error, so the
// ratio of errors tends to 2 and the order to 1.
func TestFirstOrderConvergence(t *testing.T) {
	for _, dt := range []float64{0.2, 0.1, 0.05, 0.01} {
		e1 := EulerError(eL, 1.5, eL, r, c, dt, 100)
		e2 := EulerError(eL, 1.5, eL, r, c, dt/2, 100)
		if ratio := e1 / e2; !near(ratio, 2, 0.1) {
			t.Errorf("dt = %g ms: error ratio %g, want 2 ± 0.1", dt, ratio)
		}
		if p := ConvergenceOrder(eL, 1.5, eL, r, c, dt, 100); !near(p, 1, 0.05) {
			t.Errorf("dt = %g ms: order %g, want 1", dt, p)
		}
	}
	// The leading error term is dt·(ΔV/2τ)·(t/τ)·e^(−t/τ), largest at t = τ:
	// dt·ΔV/(2eτ) = 0.01 × 15 / (2e·10) ≈ 2.76e-3 mV for dt = 0.01 ms.
	want := 0.01 * 15 / (2 * math.E * 10)
	if got := EulerError(eL, 1.5, eL, r, c, 0.01, 100); !near(got, want, 0.01*want) {
		t.Errorf("EulerError(dt = 0.01 ms) = %g mV, want about %g", got, want)
	}
}

func TestPulse(t *testing.T) {
	for _, tt := range []struct{ t, want float64 }{{1.9, 0}, {2, 1.5}, {4.9, 1.5}, {5, 0}, {7, 0}} {
		if got := Pulse(tt.t, 2, 5, 1.5); got != tt.want {
			t.Errorf("Pulse(%g ms) on 2 ≤ t < 5 = %g, want %g", tt.t, got, tt.want)
		}
	}
}

// Under a long pulse the membrane charges to E_L + R·I and, once the pulse
// is off, discharges back to E_L, both following exponentials with τ.
func TestChargeAndDischarge(t *testing.T) {
	const dt, amp, on, off = 0.001, 1.5, 10.0, 110.0
	times := sim.TimeGrid(220, dt)
	current := make([]float64, len(times))
	for k, tm := range times {
		current[k] = Pulse(tm, on, off, amp)
	}
	v := SimulateCurrent(eL, current, eL, r, c, dt)
	vOff := ExactVoltage(off-on, eL, eL+r*amp, 10)
	for k, tm := range times {
		var want float64
		switch {
		case tm <= on:
			want = eL
		case tm <= off:
			want = ExactVoltage(tm-on, eL, eL+r*amp, 10)
		default:
			want = ExactVoltage(tm-off, vOff, eL, 10)
		}
		// Euler's error is below dt·ΔV/(2eτ) ≈ 3e-4 mV, plus a step's
		// worth at the switching times.
		if !near(v[k], want, 2e-3) {
			t.Fatalf("V(%g ms) = %g mV, want %g", tm, v[k], want)
		}
	}
}

// Measurements on a trace sampled from the exact solution give back the cell:
// the input resistance R (to within the e^−20 left to go) and τ (to within
// the error of linear interpolation, about dt²/8τ² relative).
func TestMeasurements(t *testing.T) {
	const dt = 0.01
	for _, i := range []float64{1.5, -0.8} {
		vInf, tau := SteadyState(i, eL, r), TimeConstant(r, c)
		times := sim.TimeGrid(20*tau, dt)
		v := make([]float64, len(times))
		for k, tm := range times {
			v[k] = ExactVoltage(tm, eL, vInf, tau)
		}
		if got := InputResistance(v, i); !near(got, r, 1e-7) {
			t.Errorf("I = %g nA: InputResistance = %g MΩ, want %g", i, got, r)
		}
		if got := MeasureTau(times, v); !near(got, tau, 1e-5) {
			t.Errorf("I = %g nA: MeasureTau = %g ms, want %g", i, got, tau)
		}
	}
}

// Two equal conductances rest half way between their reversal potentials;
// in general the resting potential is the conductance-weighted mean, at
// which the total current Σ gᵢ(V − Eᵢ) is zero.
func TestRestingPotential(t *testing.T) {
	if got := RestingPotential([]float64{1, 1}, []float64{-90, 50}); got != -20 {
		t.Errorf("two equal conductances at −90 and +50 mV rest at %g mV, want −20", got)
	}
	// K⁺, Na⁺ and Cl⁻ conductances (µS) and reversals (mV): (0.1·(−90) +
	// 0.005·50 + 0.05·(−70))/0.155 = −12.25/0.155 ≈ −79.03 mV.
	g, e := []float64{0.1, 0.005, 0.05}, []float64{-90, 50, -70}
	v := RestingPotential(g, e)
	if !near(v, -12.25/0.155, 1e-12) {
		t.Errorf("RestingPotential = %g mV, want %g", v, -12.25/0.155)
	}
	total := 0.0
	for k := range g {
		total += LeakCurrent(g[k], v, e[k])
	}
	if !near(total, 0, 1e-12) {
		t.Errorf("total current at rest = %g nA, want 0", total)
	}
}

// A specific membrane resistance of 10 kΩ·cm² over the default cell's
// 1e5 µm² (1e-3 cm²) is 10 MΩ, so 1 nA moves it by 10 mV; a cell with a
// tenth of the area has ten times the resistance and deflection, while
// τ = r_m·c_m = 10 kΩ·cm² × 1 µF/cm² = 10 ms whatever the area.
func TestSmallCell(t *testing.T) {
	if got := Deflection(1, 1e5, 10); !near(got, 10, 1e-12) {
		t.Errorf("Deflection(1 nA, 1e5 µm², 10 kΩ·cm²) = %g mV, want 10", got)
	}
	if got := Deflection(1, 1e4, 10); !near(got, 100, 1e-12) {
		t.Errorf("Deflection(1 nA, 1e4 µm², 10 kΩ·cm²) = %g mV, want 100", got)
	}
	for _, area := range []float64{1e3, 1e4, 1e5} {
		if tau := TimeConstant(Resistance(area, 10), Capacitance(area, 1)); !near(tau, 10, 1e-12) {
			t.Errorf("τ of a cell of %g µm² = %g ms, want 10", area, tau)
		}
	}
}
