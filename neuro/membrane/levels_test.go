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
		Wrong: func(c, v float64) float64 { return v / c },
		Variants: []any{
			// The factors the other way round, and V·C computed as a division by 1/C.
			func(c, v float64) float64 { return v * c },
			func(c, v float64) float64 { return v / (1 / c) },
		}},
	{Check: CheckCapacitance,
		Right: ref.Capacitance,
		// Forgets to convert µm² to cm² and µF to nF.
		Wrong: func(area, cm float64) float64 { return cm * area },
		Variants: []any{
			// Converted in two steps: the area to cm², then µF to nF.
			func(area, cm float64) float64 { aCm2 := area / 1e8; return cm * aCm2 * 1000 },
			// One factor of 1e-5 worked out by hand.
			func(area, cm float64) float64 { return 1e-5 * area * cm },
		}},
	{Check: CheckOhmCurrent,
		Right: ref.OhmCurrent,
		// Multiplies instead of dividing.
		Wrong: func(v, r float64) float64 { return v * r },
		Variants: []any{
			// Multiplied by the conductance.
			func(v, r float64) float64 { return v * (1 / r) },
			// Converted to SI units and back: V in volts, R in ohms, I in nA.
			func(v, r float64) float64 { return (v * 1e-3) / (r * 1e6) * 1e9 },
		}},
	{Check: CheckConductance,
		Right: ref.Conductance,
		// Answers in S from MΩ taken as Ω·1e6.
		Wrong: func(r float64) float64 { return 1 / (r * 1e6) },
		Variants: []any{
			// Converted to siemens and back to µS.
			func(r float64) float64 { return 1 / (r * 1e6) * 1e6 },
			// A power of the resistance.
			func(r float64) float64 { return math.Pow(r, -1) },
		}},
	{Check: CheckLeakCurrent,
		Right: ref.LeakCurrent,
		// The driving force the wrong way round.
		Wrong: func(g, v, e float64) float64 { return g * (e - v) },
		Variants: []any{
			// Expanded: g·V − g·E.
			func(g, v, e float64) float64 { return g*v - g*e },
			// The driving force negated twice.
			func(g, v, e float64) float64 { return -g * (e - v) },
		}},
	{Check: CheckDirection,
		Right: ref.Direction,
		// Outward and inward swapped.
		Wrong: func(v, e float64) string { return ref.Direction(e, v) },
		Variants: []any{
			// Compares the driving force with zero.
			directionBySign,
			// Tests equality first, then the sign of E − V.
			func(v, e float64) string {
				if v == e {
					return "none"
				}
				if e-v > 0 {
					return "inward"
				}
				return "outward"
			},
		}},
	{Check: CheckChargingRate,
		Right: ref.ChargingRate,
		// I·C instead of I/C.
		Wrong: func(i, c float64) float64 { return i * c },
		Variants: []any{
			// Multiplied by the elastance 1/C.
			func(i, c float64) float64 { return (1 / c) * i },
			// In SI units and back: A/F is V/s, which is mV/ms.
			func(i, c float64) float64 { return (i * 1e-9) / (c * 1e-9) },
		}},
	{Check: CheckMembraneRate,
		Right: ref.MembraneRate,
		// The leak added instead of subtracted.
		Wrong: func() check.Result {
			return CheckMembraneRate(func(v, i, eL, r, c float64) float64 { return (i + (v-eL)/r) / c })
		},
		Variants: []any{
			// The leak current first, with the conductance 1/R.
			func(v, i, eL, r, c float64) float64 { return (-(v-eL)/r + i) / c },
			// The τ form: (V∞ − V)/τ with τ = R·C and V∞ = E_L + R·I.
			func(v, i, eL, r, c float64) float64 { return (eL + r*i - v) / (r * c) },
		}},
	{Check: CheckTimeConstant,
		Right: ref.TimeConstant,
		Wrong: func(r, c float64) float64 { return r / c },
		Variants: []any{
			// The factors the other way round.
			func(r, c float64) float64 { return c * r },
			// In SI units and back: MΩ·nF is 1e-3 s.
			func(r, c float64) float64 { return (r * 1e6) * (c * 1e-9) * 1e3 },
		}},
	{Check: CheckSteadyState,
		Right: ref.SteadyState,
		// A positive current taken to hyperpolarize.
		Wrong: func(i, eL, r float64) float64 { return eL - r*i },
		Variants: []any{
			// The terms the other way round.
			func(i, eL, r float64) float64 { return i*r + eL },
			// The current divided by the conductance.
			func(i, eL, r float64) float64 { return eL + i/(1/r) },
		}},
	{Check: CheckExactVoltage,
		Right: ref.ExactVoltage,
		// Start and end swapped.
		Wrong: func() check.Result {
			return CheckExactVoltage(func(t, v0, vInf, tau float64) float64 { return ref.ExactVoltage(t, vInf, v0, tau) })
		},
		Variants: []any{
			// Expanded: V0·e^(−t/τ) + V∞·(1 − e^(−t/τ)).
			func(t, v0, vInf, tau float64) float64 {
				f := math.Exp(-t / tau)
				return v0*f + vInf*(1-f)
			},
			// The distance still to go subtracted from V∞, with 1/τ precomputed.
			func(t, v0, vInf, tau float64) float64 { k := 1 / tau; return vInf - (vInf-v0)*math.Exp(-k*t) },
		}},
	{Check: CheckFractionReached,
		Right: ref.FractionReached,
		// The fraction still to go.
		Wrong: func() check.Result {
			return CheckFractionReached(func(t, tau float64) float64 { return math.Exp(-t / tau) })
		},
		Variants: []any{
			// With math.Expm1.
			func(t, tau float64) float64 { return -math.Expm1(-t / tau) },
			// As (e^(t/τ) − 1)/e^(t/τ).
			func(t, tau float64) float64 { e := math.Exp(t / tau); return (e - 1) / e },
		}},
	{Check: CheckTimeToReach,
		Right: ref.TimeToReach,
		// The formula alone, with no care for voltages never reached.
		Wrong: func() check.Result {
			return CheckTimeToReach(func(v, v0, vInf, tau float64) float64 { return tau * math.Log((v0-vInf)/(v-vInf)) })
		},
		Variants: []any{
			// The log of the ratio of distances, guarded by their signs.
			timeToReachByRatio,
			// −τ·ln(1 − fraction), with math.Log1p.
			func(v, v0, vInf, tau float64) float64 {
				frac := (v - v0) / (vInf - v0)
				switch {
				case frac == 0:
					return 0
				case frac < 0 || frac >= 1:
					return math.Inf(1)
				}
				return -tau * math.Log1p(-frac)
			},
		}},
	{Check: CheckEulerStep,
		Right: ref.EulerStep,
		// Forgets to multiply by dt.
		Wrong: func() check.Result {
			return CheckEulerStep(func(v, i, eL, r, c, dt float64) float64 { return v + ref.MembraneRate(v, i, eL, r, c) })
		},
		Variants: []any{
			// The τ form with dt/τ precomputed.
			func(v, i, eL, r, c, dt float64) float64 { a := dt / (r * c); return v + a*(eL+r*i-v) },
			// Rearranged: V·(1 − dt/τ) + dt·(E_L/R + I)/C.
			func(v, i, eL, r, c, dt float64) float64 { return v*(1-dt/(r*c)) + dt*(eL/r+i)/c },
		}},
	{Check: CheckTimeGrid,
		Right: sim.TimeGrid,
		// Truncates tEnd/dt instead of rounding it.
		Wrong: truncatedGrid,
		Variants: []any{
			// A clock that adds dt each step, for as many steps as tEnd/dt rounds to.
			func(tEnd, dt float64) []float64 {
				n := int(math.Round(tEnd / dt))
				times := []float64{0}
				for t := 0.0; len(times) <= n; {
					t += dt
					times = append(times, t)
				}
				return times
			},
			// Filled while t ≤ tEnd, with half a step of slack for rounding.
			func(tEnd, dt float64) []float64 {
				var times []float64
				for k := 0; float64(k)*dt <= tEnd+dt/2; k++ {
					times = append(times, float64(k)*dt)
				}
				return times
			},
		}},
	{Check: CheckSimulate,
		Right: ref.Simulate,
		// Leaves out the starting value.
		Wrong: func() check.Result {
			return CheckSimulate(func(v0, i, eL, r, c, dt, tEnd float64) []float64 {
				return ref.Simulate(v0, i, eL, r, c, dt, tEnd)[1:]
			})
		},
		Variants: []any{
			// Relaxes toward V∞ with dt/τ precomputed, appending each value.
			simulateRelax,
			// Calls SimulateCurrent with a constant current, as the notebook suggests.
			func(v0, i, eL, r, c, dt, tEnd float64) []float64 {
				current := make([]float64, int(math.Round(tEnd/dt))+1)
				for k := range current {
					current[k] = i
				}
				return simulateCurrentForward(v0, current, eL, r, c, dt)
			},
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
		},
		Variants: []any{
			// Off first, then on.
			func(t, start, stop, amp float64) float64 {
				if t < start || t >= stop {
					return 0
				}
				return amp
			},
			// The amplitude times an indicator.
			func(t, start, stop, amp float64) float64 {
				on := 0.0
				if t >= start && !(t >= stop) {
					on = 1
				}
				return on * amp
			},
		}},
	{Check: CheckSimulateCurrent,
		Right: ref.SimulateCurrent,
		Wrong: earlyCurrent,
		Variants: []any{
			// Steps forward from v[k] to v[k+1] in the expanded form.
			simulateCurrentForward,
			// The τ form with V∞ of each step's current.
			func(v0 float64, current []float64, eL, r, c, dt float64) []float64 {
				v := make([]float64, len(current))
				tau := r * c
				for k := range v {
					if k == 0 {
						v[k] = v0
						continue
					}
					vInf := eL + r*current[k-1]
					v[k] = v[k-1] + dt/tau*(vInf-v[k-1])
				}
				return v
			},
		}},
	{Check: CheckEulerError,
		Right: ref.EulerError,
		Wrong: signedError,
		Variants: []any{
			// Its own simulation and a clock that adds dt.
			func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return eulerErrorOf(simulateRelax, v0, i, eL, r, c, dt, tEnd)
			},
			// Compares each step as it goes, with the expanded step.
			func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				tau, vInf := r*c, eL+r*i
				v, worst := v0, 0.0
				for k := 0; k <= int(math.Round(tEnd/dt)); k++ {
					worst = math.Max(worst, math.Abs(v-(vInf+(v0-vInf)*math.Exp(-float64(k)*dt/tau))))
					v = v*(1-dt/tau) + dt*(eL/r+i)/c
				}
				return worst
			},
		}},
	{Check: CheckConvergenceOrder,
		Right: ref.ConvergenceOrder,
		// The ratio of the errors, not its logarithm.
		Wrong: func() check.Result {
			return CheckConvergenceOrder(func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return ref.EulerError(v0, i, eL, r, c, dt, tEnd) / ref.EulerError(v0, i, eL, r, c, dt/2, tEnd)
			})
		},
		Variants: []any{
			// The ratio's natural log over ln 2, with another simulation.
			func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return math.Log(eulerErrorOf(simulateRelax, v0, i, eL, r, c, dt, tEnd)/
					eulerErrorOf(simulateRelax, v0, i, eL, r, c, dt/2, tEnd)) / math.Ln2
			},
			// A difference of logs.
			func(v0, i, eL, r, c, dt, tEnd float64) float64 {
				return math.Log2(ref.EulerError(v0, i, eL, r, c, dt, tEnd)) - math.Log2(ref.EulerError(v0, i, eL, r, c, dt/2, tEnd))
			},
		}},
	{Check: CheckEulerFactor,
		Right: ref.EulerFactor,
		// The exact solution's factor, not Euler's.
		Wrong: func() check.Result {
			return CheckEulerFactor(func(dt, tau float64) float64 { return math.Exp(-dt / tau) })
		},
		Variants: []any{
			// Over a common denominator.
			func(dt, tau float64) float64 { return (tau - dt) / tau },
			// With the rate 1/τ precomputed.
			func(dt, tau float64) float64 { k := 1 / tau; return 1 - k*dt },
		}},
	{Check: CheckInputResistance,
		Right: ref.InputResistance,
		// Forgets to subtract the resting potential.
		Wrong: func() check.Result {
			return CheckInputResistance(func(trace []float64, i float64) float64 { return trace[len(trace)-1] / i })
		},
		Variants: []any{
			// The deflection times the inverse current.
			func(trace []float64, i float64) float64 { return (1 / i) * (trace[len(trace)-1] - trace[0]) },
			// The conductance's inverse: I over the deflection, inverted.
			func(trace []float64, i float64) float64 { return 1 / (i / (trace[len(trace)-1] - trace[0])) },
		}},
	{Check: CheckMeasureTau,
		Right: ref.MeasureTau,
		Wrong: tauWithoutInterpolation,
		Variants: []any{
			// Normalises the trace to the fraction of the way gone, then interpolates.
			func(times, v []float64) float64 {
				v0, vEnd := v[0], v[len(v)-1]
				goal := 1 - math.Exp(-1)
				for k := 1; k < len(v); k++ {
					a, b := (v[k-1]-v0)/(vEnd-v0), (v[k]-v0)/(vEnd-v0)
					if b >= goal {
						return times[k-1] + (goal-a)/(b-a)*(times[k]-times[k-1])
					}
				}
				return math.NaN()
			},
			// Searches the distance left to go for e^(−1) of the start's.
			func(times, v []float64) float64 {
				vEnd := v[len(v)-1]
				goal := (v[0] - vEnd) / math.E
				for k := 1; k < len(v); k++ {
					if math.Abs(v[k]-vEnd) <= math.Abs(goal) {
						d0, d1 := v[k-1]-vEnd, v[k]-vEnd
						return times[k-1] + (d0-goal)/(d0-d1)*(times[k]-times[k-1])
					}
				}
				return math.NaN()
			},
		}},
	{Check: CheckRestingPotential,
		Right: ref.RestingPotential,
		// The plain mean of the reversal potentials.
		Wrong: func() check.Result {
			return CheckRestingPotential(func(g, e []float64) float64 {
				return ref.RestingPotential(make1s(len(e)), e)
			})
		},
		Variants: []any{
			// A weighted mean with normalised weights, the loop run backward.
			func(g, e []float64) float64 {
				total := 0.0
				for _, gk := range g {
					total += gk
				}
				v := 0.0
				for k := len(g) - 1; k >= 0; k-- {
					v += g[k] / total * e[k]
				}
				return v
			},
			// The total current at 0 mV over the total conductance: V = Σgᵢ·Eᵢ/Σgᵢ as I(0)/(−G).
			func(g, e []float64) float64 {
				var i0, total float64
				for k := range g {
					i0 += g[k] * (0 - e[k])
					total += g[k]
				}
				return -i0 / total
			},
		}},
	{Check: CheckDeflection,
		Right: ref.Deflection,
		// r_m/A with no unit conversion.
		Wrong: func() check.Result {
			return CheckDeflection(func(i, area, rm float64) float64 { return rm / area * i })
		},
		Variants: []any{
			// The specific resistance converted to MΩ·µm² first.
			func(i, area, rm float64) float64 { rmMOhmUm2 := rm * 1e-3 * 1e8; return i * rmMOhmUm2 / area },
			// The area converted to cm² and the resistance from kΩ to MΩ.
			func(i, area, rm float64) float64 { return (rm / (area * 1e-8)) * 1e-3 * i },
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

// directionBySign names the direction from the sign of the driving force.
func directionBySign(v, e float64) string {
	switch d := v - e; {
	case d > 0:
		return "outward"
	case d < 0:
		return "inward"
	default:
		return "none"
	}
}

// timeToReachByRatio returns τ·ln((V0 − V∞)/(V − V∞)) when V lies between V0
// and V∞, and +Inf otherwise.
func timeToReachByRatio(v, v0, vInf, tau float64) float64 {
	if v == v0 {
		return 0
	}
	if (v-v0)*(vInf-v0) < 0 || (v-vInf)*(v0-vInf) <= 0 {
		return math.Inf(1)
	}
	return tau * math.Log((v0-vInf)/(v-vInf))
}

// simulateRelax steps V toward V∞ by dt/τ of the way, appending each value
// to the trace, with a clock that adds dt until it passes tEnd.
func simulateRelax(v0, i, eL, r, c, dt, tEnd float64) []float64 {
	vInf, a := eL+r*i, dt/(r*c)
	v := []float64{v0}
	for t := dt; t < tEnd+dt/2; t += dt {
		last := v[len(v)-1]
		v = append(v, last+a*(vInf-last))
	}
	return v
}

// simulateCurrentForward writes each next value from the current one, in
// the expanded form of the step.
func simulateCurrentForward(v0 float64, current []float64, eL, r, c, dt float64) []float64 {
	v := make([]float64, len(current))
	v[0] = v0
	for k := 0; k+1 < len(v); k++ {
		v[k+1] = v[k] + dt/c*current[k] - dt/(r*c)*(v[k]-eL)
	}
	return v
}

// eulerErrorOf returns the largest |V − V_exact| of the trace simulate
// returns, against a clock that adds dt.
func eulerErrorOf(simulate func(v0, i, eL, r, c, dt, tEnd float64) []float64, v0, i, eL, r, c, dt, tEnd float64) float64 {
	vInf, tau := eL+r*i, r*c
	worst, t := 0.0, 0.0
	for _, v := range simulate(v0, i, eL, r, c, dt, tEnd) {
		worst = math.Max(worst, math.Abs(v-vInf-(v0-vInf)*math.Exp(-t/tau)))
		t += dt
	}
	return worst
}

func make1s(n int) []float64 {
	s := make([]float64, n)
	for k := range s {
		s[k] = 1
	}
	return s
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }
