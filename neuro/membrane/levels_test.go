package membrane

import (
	"math"
	"testing"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/membrane"
)

// A levelTest checks one level three ways: the reference answer passes, a
// typical mistake fails, and a stub that returns zero values is not
// implemented.
type levelTest struct {
	level              int
	right, wrong, stub func() check.Result
}

var levelTests = []levelTest{
	{1,
		func() check.Result { return CheckCharge(ref.Charge) },
		// Divides instead of multiplying.
		func() check.Result { return CheckCharge(func(c, v float64) float64 { return v / c }) },
		func() check.Result { return CheckCharge(func(c, v float64) float64 { return 0 }) }},
	{2,
		func() check.Result { return CheckCapacitance(ref.Capacitance) },
		// Forgets to convert µm² to cm² and µF to nF.
		func() check.Result { return CheckCapacitance(func(area, cm float64) float64 { return cm * area }) },
		func() check.Result { return CheckCapacitance(func(area, cm float64) float64 { return 0 }) }},
	{3,
		func() check.Result { return CheckOhmCurrent(ref.OhmCurrent) },
		// Multiplies instead of dividing.
		func() check.Result { return CheckOhmCurrent(func(v, r float64) float64 { return v * r }) },
		func() check.Result { return CheckOhmCurrent(func(v, r float64) float64 { return 0 }) }},
	{4,
		func() check.Result { return CheckConductance(ref.Conductance) },
		// Answers in S from MΩ taken as Ω·1e6.
		func() check.Result { return CheckConductance(func(r float64) float64 { return 1 / (r * 1e6) }) },
		func() check.Result { return CheckConductance(func(r float64) float64 { return 0 }) }},
	{5,
		func() check.Result { return CheckLeakCurrent(ref.LeakCurrent) },
		// The driving force the wrong way round.
		func() check.Result { return CheckLeakCurrent(func(g, v, e float64) float64 { return g * (e - v) }) },
		func() check.Result { return CheckLeakCurrent(func(g, v, e float64) float64 { return 0 }) }},
	{6,
		func() check.Result { return CheckDirection(ref.Direction) },
		// Outward and inward swapped.
		func() check.Result { return CheckDirection(func(v, e float64) string { return ref.Direction(e, v) }) },
		func() check.Result { return CheckDirection(func(v, e float64) string { return "" }) }},
	{7,
		func() check.Result { return CheckChargingRate(ref.ChargingRate) },
		// I·C instead of I/C.
		func() check.Result { return CheckChargingRate(func(i, c float64) float64 { return i * c }) },
		func() check.Result { return CheckChargingRate(func(i, c float64) float64 { return 0 }) }},
	{8,
		func() check.Result { return CheckMembraneRate(ref.MembraneRate) },
		// The leak added instead of subtracted.
		func() check.Result {
			return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return (i + (v-eL)/r) / c })
		},
		func() check.Result { return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return 0 }) }},
	{9,
		func() check.Result { return CheckTimeConstant(ref.TimeConstant) },
		func() check.Result { return CheckTimeConstant(func(r, c float64) float64 { return r / c }) },
		func() check.Result { return CheckTimeConstant(func(r, c float64) float64 { return 0 }) }},
	{10,
		func() check.Result { return CheckSteadyState(ref.SteadyState) },
		// A positive current taken to hyperpolarize.
		func() check.Result { return CheckSteadyState(func(i, eL, r float64) float64 { return eL - r*i }) },
		func() check.Result { return CheckSteadyState(func(i, eL, r float64) float64 { return 0 }) }},
	{11,
		func() check.Result { return CheckExactVoltage(ref.ExactVoltage) },
		// Start and end swapped.
		func() check.Result {
			return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return ref.ExactVoltage(t, vInf, v0, tau) })
		},
		func() check.Result { return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return 0 }) }},
	{12,
		func() check.Result { return CheckFractionReached(ref.FractionReached) },
		// The fraction still to go.
		func() check.Result {
			return CheckFractionReached(func(t, tau float64) float64 { return math.Exp(-t / tau) })
		},
		func() check.Result { return CheckFractionReached(func(t, tau float64) float64 { return 0 }) }},
	{13,
		func() check.Result { return CheckTimeToReach(ref.TimeToReach) },
		// The formula alone, with no care for voltages never reached.
		func() check.Result {
			return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return tau * math.Log((v0-vInf)/(v-vInf)) })
		},
		func() check.Result { return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return 0 }) }},
	{14,
		func() check.Result { return CheckEulerStep(ref.EulerStep) },
		// Forgets to multiply by dt.
		func() check.Result {
			return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return v + ref.MembraneRate(v, i, eL, r, c) })
		},
		func() check.Result { return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return 0 }) }},
	{15,
		func() check.Result { return CheckTimeGrid(ref.TimeGrid) },
		// Truncates tEnd/dt instead of rounding it.
		func() check.Result { return CheckTimeGrid(truncatedGrid) },
		func() check.Result { return CheckTimeGrid(func(tEnd, dt float64) []float64 { return nil }) }},
	{16,
		func() check.Result { return CheckSimulate(ref.Simulate) },
		// Leaves out the starting value.
		func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 {
				return ref.Simulate(v0, i, eL, r, c, dt, tEnd)[1:]
			})
		},
		func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 { return nil })
		}},
	{17,
		func() check.Result { return CheckPulse(ref.Pulse) },
		// On for start < t ≤ stop.
		func() check.Result {
			return CheckPulse(func(t, start, stop, amp float64) float64 {
				if start < t && t <= stop {
					return amp
				}
				return 0
			})
		},
		func() check.Result { return CheckPulse(func(t, start, stop, amp float64) float64 { return 0 }) }},
	{18,
		func() check.Result { return CheckSimulateCurrent(ref.SimulateCurrent) },
		func() check.Result { return CheckSimulateCurrent(earlyCurrent) },
		func() check.Result {
			return CheckSimulateCurrent(func(v0 float64, current []float64, eL, r, c, dt float64) []float64 { return nil })
		}},
	{19,
		func() check.Result { return CheckEulerError(ref.EulerError) },
		func() check.Result { return CheckEulerError(signedError) },
		func() check.Result {
			return CheckEulerError(func(v0, i, eL, r, c, dt, tEnd float64) float64 { return 0 })
		}},
	{20,
		func() check.Result { return CheckConvergenceOrder(ref.ConvergenceOrder) },
		// The ratio of the errors, not its logarithm.
		func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return ref.EulerError(v0, i, eL, r, c, dt, tEnd) / ref.EulerError(v0, i, eL, r, c, dt/2, tEnd)
			})
		},
		func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 { return 0 })
		}},
	{21,
		func() check.Result { return CheckEulerFactor(ref.EulerFactor) },
		// The exact solution's factor, not Euler's.
		func() check.Result {
			return CheckEulerFactor(func(dt, tau float64) float64 { return math.Exp(-dt / tau) })
		},
		func() check.Result { return CheckEulerFactor(func(dt, tau float64) float64 { return 0 }) }},
	{22,
		func() check.Result { return CheckInputResistance(ref.InputResistance) },
		// Forgets to subtract the resting potential.
		func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return trace[len(trace)-1] / i })
		},
		func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return 0 })
		}},
	{23,
		func() check.Result { return CheckMeasureTau(ref.MeasureTau) },
		func() check.Result { return CheckMeasureTau(tauWithoutInterpolation) },
		func() check.Result { return CheckMeasureTau(func(times, v []float64) float64 { return 0 }) }},
	{24,
		func() check.Result { return CheckRestingPotential(ref.RestingPotential) },
		// The plain mean of the reversal potentials.
		func() check.Result {
			return CheckRestingPotential(func(g, e []float64) float64 {
				return ref.RestingPotential(make1s(len(e)), e)
			})
		},
		func() check.Result { return CheckRestingPotential(func(g, e []float64) float64 { return 0 }) }},
	{25,
		func() check.Result { return CheckDeflection(ref.Deflection) },
		// r_m/A with no unit conversion.
		func() check.Result {
			return CheckDeflection(func(i, area, rm float64) float64 { return rm / area * i })
		},
		func() check.Result { return CheckDeflection(func(i, area, rm float64) float64 { return 0 }) }},
}

// truncatedGrid makes int(tEnd/dt) + 1 times: one short when tEnd/dt comes
// out just below a whole number.
func truncatedGrid(tEnd, dt float64) []float64 {
	t := make([]float64, int(tEnd/dt)+1)
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// earlyCurrent steps from v[k] with the current at the end of the step,
// current[k+1], one sample too early.
func earlyCurrent(v0 float64, current []float64, eL, r, c, dt float64) []float64 {
	v := []float64{v0}
	for k := 1; k < len(current); k++ {
		v = append(v, ref.EulerStep(v[k-1], current[k], eL, r, c, dt))
	}
	return v
}

// signedError takes the largest signed difference, forgetting math.Abs.
func signedError(v0, i, eL, r, c, dt, tEnd float64) float64 {
	v := ref.Simulate(v0, i, eL, r, c, dt, tEnd)
	worst := 0.0
	for k, t := range ref.TimeGrid(tEnd, dt) {
		worst = max(worst, v[k]-ref.ExactVoltage(t, v0, ref.SteadyState(i, eL, r), ref.TimeConstant(r, c)))
	}
	return worst
}

// tauWithoutInterpolation returns the time of the first sample past
// 1 − 1/e of the way.
func tauWithoutInterpolation(times, v []float64) float64 {
	v0, vEnd := v[0], v[len(v)-1]
	for k := range v {
		if (v[k]-v0)/(vEnd-v0) >= 1-1/math.E {
			return times[k]
		}
	}
	return 0
}

func make1s(n int) []float64 {
	s := make([]float64, n)
	for k := range s {
		s[k] = 1
	}
	return s
}

func TestLevels(t *testing.T) {
	for _, tt := range levelTests {
		for _, c := range []struct {
			name string
			res  check.Result
			want check.Status
		}{
			{"right", tt.right(), check.Passed},
			{"wrong", tt.wrong(), check.Failed},
			{"stub", tt.stub(), check.NotImplemented},
		} {
			if c.res.Status != c.want {
				t.Errorf("level %d, %s answer: %s, want %s:\n%s", tt.level, c.name, c.res.Status, c.want, c.res.Message)
			}
			if c.res.Project != Project || c.res.Level != tt.level {
				t.Errorf("level %d, %s answer: the result is for project %d level %d",
					tt.level, c.name, c.res.Project, c.res.Level)
			}
		}
	}
}

func TestAllLevelsRegistered(t *testing.T) {
	levels := check.Levels(Project)
	if len(levels) != 25 || len(levelTests) != 25 {
		t.Fatalf("%d levels registered and %d tested, want 25", len(levels), len(levelTests))
	}
	for k, l := range levels {
		if l.Level != k+1 || l.Title == "" {
			t.Errorf("level %d: %+v", k+1, l)
		}
	}
}
