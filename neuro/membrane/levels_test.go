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
	{Check: CheckCharge,
		Right: ref.Charge,
		// Divides instead of multiplying.
		Wrong: func(c, v float64) float64 { return v / c }},
	{Check: CheckCapacitance,
		Right: ref.Capacitance,
		// Forgets to convert µm² to cm² and µF to nF.
		Wrong: func(area, cm float64) float64 { return cm * area }},
	{Check: CheckOhmCurrent,
		Right: ref.OhmCurrent,
		// Multiplies instead of dividing.
		Wrong: func(v, r float64) float64 { return v * r }},
	{Check: CheckConductance,
		Right: ref.Conductance,
		// Answers in S from MΩ taken as Ω·1e6.
		Wrong: func(r float64) float64 { return 1 / (r * 1e6) }},
	{Check: CheckLeakCurrent,
		Right: ref.LeakCurrent,
		// The driving force the wrong way round.
		Wrong: func(g, v, e float64) float64 { return g * (e - v) }},
	{Check: CheckDirection,
		Right: ref.Direction,
		// Outward and inward swapped.
		Wrong: func(v, e float64) string { return ref.Direction(e, v) }},
	{Check: CheckChargingRate,
		Right: ref.ChargingRate,
		// I·C instead of I/C.
		Wrong: func(i, c float64) float64 { return i * c }},
	{Check: CheckMembraneRate,
		Right: ref.MembraneRate,
		// The leak added instead of subtracted.
		Wrong: func() check.Result {
			return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return (i + (v-eL)/r) / c })
		}},
	{Check: CheckTimeConstant,
		Right: ref.TimeConstant,
		Wrong: func(r, c float64) float64 { return r / c }},
	{Check: CheckSteadyState,
		Right: ref.SteadyState,
		// A positive current taken to hyperpolarize.
		Wrong: func(i, eL, r float64) float64 { return eL - r*i }},
	{Check: CheckExactVoltage,
		Right: ref.ExactVoltage,
		// Start and end swapped.
		Wrong: func() check.Result {
			return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return ref.ExactVoltage(t, vInf, v0, tau) })
		}},
	{Check: CheckFractionReached,
		Right: ref.FractionReached,
		// The fraction still to go.
		Wrong: func() check.Result {
			return CheckFractionReached(func(t, tau float64) float64 { return math.Exp(-t / tau) })
		}},
	{Check: CheckTimeToReach,
		Right: ref.TimeToReach,
		// The formula alone, with no care for voltages never reached.
		Wrong: func() check.Result {
			return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return tau * math.Log((v0-vInf)/(v-vInf)) })
		}},
	{Check: CheckEulerStep,
		Right: ref.EulerStep,
		// Forgets to multiply by dt.
		Wrong: func() check.Result {
			return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return v + ref.MembraneRate(v, i, eL, r, c) })
		}},
	{Check: CheckTimeGrid,
		Right: sim.TimeGrid,
		// Truncates tEnd/dt instead of rounding it.
		Wrong: truncatedGrid},
	{Check: CheckSimulate,
		Right: ref.Simulate,
		// Leaves out the starting value.
		Wrong: func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 {
				return ref.Simulate(v0, i, eL, r, c, dt, tEnd)[1:]
			})
		}},
	{Check: CheckPulse,
		Right: ref.Pulse,
		// On for start < t ≤ stop.
		Wrong: func() check.Result {
			return CheckPulse(func(t, start, stop, amp float64) float64 {
				if start < t && t <= stop {
					return amp
				}
				return 0
			})
		}},
	{Check: CheckSimulateCurrent,
		Right: ref.SimulateCurrent,
		Wrong: earlyCurrent},
	{Check: CheckEulerError,
		Right: ref.EulerError,
		Wrong: signedError},
	{Check: CheckConvergenceOrder,
		Right: ref.ConvergenceOrder,
		// The ratio of the errors, not its logarithm.
		Wrong: func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return ref.EulerError(v0, i, eL, r, c, dt, tEnd) / ref.EulerError(v0, i, eL, r, c, dt/2, tEnd)
			})
		}},
	{Check: CheckEulerFactor,
		Right: ref.EulerFactor,
		// The exact solution's factor, not Euler's.
		Wrong: func() check.Result {
			return CheckEulerFactor(func(dt, tau float64) float64 { return math.Exp(-dt / tau) })
		}},
	{Check: CheckInputResistance,
		Right: ref.InputResistance,
		// Forgets to subtract the resting potential.
		Wrong: func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return trace[len(trace)-1] / i })
		}},
	{Check: CheckMeasureTau,
		Right: ref.MeasureTau,
		Wrong: tauWithoutInterpolation},
	{Check: CheckRestingPotential,
		Right: ref.RestingPotential,
		// The plain mean of the reversal potentials.
		Wrong: func() check.Result {
			return CheckRestingPotential(func(g, e []float64) float64 {
				return ref.RestingPotential(make1s(len(e)), e)
			})
		}},
	{Check: CheckDeflection,
		Right: ref.Deflection,
		// r_m/A with no unit conversion.
		Wrong: func() check.Result {
			return CheckDeflection(func(i, area, rm float64) float64 { return rm / area * i })
		}},
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
