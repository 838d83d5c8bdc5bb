package membrane

import (
	"math"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/membrane"
	"github.com/neurogo/course/neuro/internal/sim"
)

var levelTests = []checktest.Level{
	{Level: 1,
		Right: func() check.Result { return CheckCharge(ref.Charge) },
		// Divides instead of multiplying.
		Wrong: func() check.Result { return CheckCharge(func(c, v float64) float64 { return v / c }) },
		Stub:  func() check.Result { return CheckCharge(func(c, v float64) float64 { return 0 }) }},
	{Level: 2,
		Right: func() check.Result { return CheckCapacitance(ref.Capacitance) },
		// Forgets to convert µm² to cm² and µF to nF.
		Wrong: func() check.Result { return CheckCapacitance(func(area, cm float64) float64 { return cm * area }) },
		Stub:  func() check.Result { return CheckCapacitance(func(area, cm float64) float64 { return 0 }) }},
	{Level: 3,
		Right: func() check.Result { return CheckOhmCurrent(ref.OhmCurrent) },
		// Multiplies instead of dividing.
		Wrong: func() check.Result { return CheckOhmCurrent(func(v, r float64) float64 { return v * r }) },
		Stub:  func() check.Result { return CheckOhmCurrent(func(v, r float64) float64 { return 0 }) }},
	{Level: 4,
		Right: func() check.Result { return CheckConductance(ref.Conductance) },
		// Answers in S from MΩ taken as Ω·1e6.
		Wrong: func() check.Result { return CheckConductance(func(r float64) float64 { return 1 / (r * 1e6) }) },
		Stub:  func() check.Result { return CheckConductance(func(r float64) float64 { return 0 }) }},
	{Level: 5,
		Right: func() check.Result { return CheckLeakCurrent(ref.LeakCurrent) },
		// The driving force the wrong way round.
		Wrong: func() check.Result { return CheckLeakCurrent(func(g, v, e float64) float64 { return g * (e - v) }) },
		Stub:  func() check.Result { return CheckLeakCurrent(func(g, v, e float64) float64 { return 0 }) }},
	{Level: 6,
		Right: func() check.Result { return CheckDirection(ref.Direction) },
		// Outward and inward swapped.
		Wrong: func() check.Result { return CheckDirection(func(v, e float64) string { return ref.Direction(e, v) }) },
		Stub:  func() check.Result { return CheckDirection(func(v, e float64) string { return "" }) }},
	{Level: 7,
		Right: func() check.Result { return CheckChargingRate(ref.ChargingRate) },
		// I·C instead of I/C.
		Wrong: func() check.Result { return CheckChargingRate(func(i, c float64) float64 { return i * c }) },
		Stub:  func() check.Result { return CheckChargingRate(func(i, c float64) float64 { return 0 }) }},
	{Level: 8,
		Right: func() check.Result { return CheckMembraneRate(ref.MembraneRate) },
		// The leak added instead of subtracted.
		Wrong: func() check.Result {
			return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return (i + (v-eL)/r) / c })
		},
		Stub: func() check.Result { return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return 0 }) }},
	{Level: 9,
		Right: func() check.Result { return CheckTimeConstant(ref.TimeConstant) },
		Wrong: func() check.Result { return CheckTimeConstant(func(r, c float64) float64 { return r / c }) },
		Stub:  func() check.Result { return CheckTimeConstant(func(r, c float64) float64 { return 0 }) }},
	{Level: 10,
		Right: func() check.Result { return CheckSteadyState(ref.SteadyState) },
		// A positive current taken to hyperpolarize.
		Wrong: func() check.Result { return CheckSteadyState(func(i, eL, r float64) float64 { return eL - r*i }) },
		Stub:  func() check.Result { return CheckSteadyState(func(i, eL, r float64) float64 { return 0 }) }},
	{Level: 11,
		Right: func() check.Result { return CheckExactVoltage(ref.ExactVoltage) },
		// Start and end swapped.
		Wrong: func() check.Result {
			return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return ref.ExactVoltage(t, vInf, v0, tau) })
		},
		Stub: func() check.Result { return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return 0 }) }},
	{Level: 12,
		Right: func() check.Result { return CheckFractionReached(ref.FractionReached) },
		// The fraction still to go.
		Wrong: func() check.Result {
			return CheckFractionReached(func(t, tau float64) float64 { return math.Exp(-t / tau) })
		},
		Stub: func() check.Result { return CheckFractionReached(func(t, tau float64) float64 { return 0 }) }},
	{Level: 13,
		Right: func() check.Result { return CheckTimeToReach(ref.TimeToReach) },
		// The formula alone, with no care for voltages never reached.
		Wrong: func() check.Result {
			return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return tau * math.Log((v0-vInf)/(v-vInf)) })
		},
		Stub: func() check.Result { return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return 0 }) }},
	{Level: 14,
		Right: func() check.Result { return CheckEulerStep(ref.EulerStep) },
		// Forgets to multiply by dt.
		Wrong: func() check.Result {
			return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return v + ref.MembraneRate(v, i, eL, r, c) })
		},
		Stub: func() check.Result { return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return 0 }) }},
	{Level: 15,
		Right: func() check.Result { return CheckTimeGrid(sim.TimeGrid) },
		// Truncates tEnd/dt instead of rounding it.
		Wrong: func() check.Result { return CheckTimeGrid(truncatedGrid) },
		Stub:  func() check.Result { return CheckTimeGrid(func(tEnd, dt float64) []float64 { return nil }) }},
	{Level: 16,
		Right: func() check.Result { return CheckSimulate(ref.Simulate) },
		// Leaves out the starting value.
		Wrong: func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 {
				return ref.Simulate(v0, i, eL, r, c, dt, tEnd)[1:]
			})
		},
		Stub: func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 { return nil })
		}},
	{Level: 17,
		Right: func() check.Result { return CheckPulse(ref.Pulse) },
		// On for start < t ≤ stop.
		Wrong: func() check.Result {
			return CheckPulse(func(t, start, stop, amp float64) float64 {
				if start < t && t <= stop {
					return amp
				}
				return 0
			})
		},
		Stub: func() check.Result { return CheckPulse(func(t, start, stop, amp float64) float64 { return 0 }) }},
	{Level: 18,
		Right: func() check.Result { return CheckSimulateCurrent(ref.SimulateCurrent) },
		Wrong: func() check.Result { return CheckSimulateCurrent(earlyCurrent) },
		Stub: func() check.Result {
			return CheckSimulateCurrent(func(v0 float64, current []float64, eL, r, c, dt float64) []float64 { return nil })
		}},
	{Level: 19,
		Right: func() check.Result { return CheckEulerError(ref.EulerError) },
		Wrong: func() check.Result { return CheckEulerError(signedError) },
		Stub: func() check.Result {
			return CheckEulerError(func(v0, i, eL, r, c, dt, tEnd float64) float64 { return 0 })
		}},
	{Level: 20,
		Right: func() check.Result { return CheckConvergenceOrder(ref.ConvergenceOrder) },
		// The ratio of the errors, not its logarithm.
		Wrong: func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return ref.EulerError(v0, i, eL, r, c, dt, tEnd) / ref.EulerError(v0, i, eL, r, c, dt/2, tEnd)
			})
		},
		Stub: func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 { return 0 })
		}},
	{Level: 21,
		Right: func() check.Result { return CheckEulerFactor(ref.EulerFactor) },
		// The exact solution's factor, not Euler's.
		Wrong: func() check.Result {
			return CheckEulerFactor(func(dt, tau float64) float64 { return math.Exp(-dt / tau) })
		},
		Stub: func() check.Result { return CheckEulerFactor(func(dt, tau float64) float64 { return 0 }) }},
	{Level: 22,
		Right: func() check.Result { return CheckInputResistance(ref.InputResistance) },
		// Forgets to subtract the resting potential.
		Wrong: func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return trace[len(trace)-1] / i })
		},
		Stub: func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return 0 })
		}},
	{Level: 23,
		Right: func() check.Result { return CheckMeasureTau(ref.MeasureTau) },
		Wrong: func() check.Result { return CheckMeasureTau(tauWithoutInterpolation) },
		Stub:  func() check.Result { return CheckMeasureTau(func(times, v []float64) float64 { return 0 }) }},
	{Level: 24,
		Right: func() check.Result { return CheckRestingPotential(ref.RestingPotential) },
		// The plain mean of the reversal potentials.
		Wrong: func() check.Result {
			return CheckRestingPotential(func(g, e []float64) float64 {
				return ref.RestingPotential(make1s(len(e)), e)
			})
		},
		Stub: func() check.Result { return CheckRestingPotential(func(g, e []float64) float64 { return 0 }) }},
	{Level: 25,
		Right: func() check.Result { return CheckDeflection(ref.Deflection) },
		// r_m/A with no unit conversion.
		Wrong: func() check.Result {
			return CheckDeflection(func(i, area, rm float64) float64 { return rm / area * i })
		},
		Stub: func() check.Result { return CheckDeflection(func(i, area, rm float64) float64 { return 0 }) }},
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
	for k, t := range sim.TimeGrid(tEnd, dt) {
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

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }
