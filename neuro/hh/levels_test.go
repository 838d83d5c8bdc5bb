package hh

import (
	"math"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/hh"
	"github.com/neurogo/course/neuro/internal/sim"
)

// naiveAlphaN and naiveAlphaM are the rate formulas as printed, which
// divide 0 by 0 at their singular voltage.
func naiveAlphaN(v float64) float64 { return 0.01 * (v + 55) / (1 - math.Exp(-(v+55)/10)) }
func naiveAlphaM(v float64) float64 { return 0.1 * (v + 40) / (1 - math.Exp(-(v+40)/10)) }

var levelTests = []checktest.Level{
	{Check: CheckAlphaN,
		Right: ref.AlphaN,
		Wrong: naiveAlphaN},
	{Check: CheckBetaN,
		Right: ref.BetaN,
		// The exponent's sign flipped.
		Wrong: func(v float64) float64 { return 0.125 * math.Exp((v+65)/80) }},
	{Check: CheckMRates,
		Right: func() check.Result { return CheckMRates(ref.AlphaM, ref.BetaM) },
		Wrong: func() check.Result { return CheckMRates(naiveAlphaM, ref.BetaM) }},
	{Check: CheckHRates,
		Right: func() check.Result { return CheckHRates(ref.AlphaH, ref.BetaH) },
		// α_h and β_h swapped.
		Wrong: func() check.Result { return CheckHRates(ref.BetaH, ref.AlphaH) }},
	{Check: CheckSteadyState,
		Right: ref.SteadyState,
		// The closed fraction.
		Wrong: func(a, b float64) float64 { return b / (a + b) }},
	{Check: CheckTimeConstant,
		Right: ref.TimeConstant,
		// The total rate, not its inverse.
		Wrong: func(a, b float64) float64 { return a + b }},
	{Check: CheckGateRate,
		Right: ref.GateRate,
		// Closing added instead of subtracted.
		Wrong: func(x, a, b float64) float64 { return a*(1-x) + b*x }},
	{Check: CheckRelaxGate,
		Right: ref.RelaxGate,
		// Start and end swapped.
		Wrong: func() check.Result {
			return CheckRelaxGate(func(x0, a, b, t float64) float64 {
				inf := ref.SteadyState(a, b)
				return x0 + (inf-x0)*math.Exp(-t/ref.TimeConstant(a, b))
			})
		}},
	{Check: CheckNaConductance,
		Right: ref.NaConductance,
		// m² instead of m³.
		Wrong: func() check.Result {
			return CheckNaConductance(func(m, h float64) float64 { return ref.GNa * m * m * h })
		}},
	{Check: CheckKConductance,
		Right: ref.KConductance,
		// n³ instead of n⁴.
		Wrong: func(n float64) float64 { return ref.GK * n * n * n }},
	{Check: CheckCurrents,
		Right: ref.Currents,
		// The driving forces the wrong way round.
		Wrong: func() check.Result {
			return CheckCurrents(func(v, m, h, n float64) (float64, float64, float64) {
				iNa, iK, iL := ref.Currents(v, m, h, n)
				return -iNa, -iK, -iL
			})
		}},
	{Check: CheckRestingPotential,
		Right: ref.RestingPotential,
		Wrong: frozenGatesRest},
	{Check: CheckRestState,
		Right: ref.RestState,
		// The gates of the state at zero current whatever the current.
		Wrong: func() check.Result {
			return CheckRestState(func(i float64) []float64 {
				y := ref.RestState(0)
				y[0] = ref.RestingPotential(i)
				return y
			})
		}},
	{Check: CheckVoltageRate,
		Right: ref.VoltageRate,
		// The injected current taken as outward.
		Wrong: func() check.Result {
			return CheckVoltageRate(func(v, m, h, n, i float64) float64 { return ref.VoltageRate(v, m, h, n, -i) })
		}},
	{Check: CheckEulerStep,
		Right: func() check.Result { return CheckEulerStep(ref.Derivatives, ref.EulerStep) },
		// Forgets to multiply by dt.
		Wrong: func() check.Result {
			return CheckEulerStep(ref.Derivatives, func(y []float64, i, dt float64) []float64 { return ref.EulerStep(y, i, 1) })
		}},
	{Check: CheckSimulate,
		Right: ref.Simulate,
		// Leaves out the starting state.
		Wrong: func() check.Result {
			return CheckSimulate(func(y0, current []float64, dt float64) [][]float64 {
				return ref.Simulate(y0, current, dt)[1:]
			})
		}},
	{Check: CheckSpikeTimes,
		Right: ref.SpikeTimes,
		Wrong: uninterpolatedSpikeTimes},
	{Check: CheckSpikeShape,
		Right: ref.SpikeShape,
		// The amplitude measured from the trough after the spike.
		Wrong: func() check.Result {
			return CheckSpikeShape(func(v []float64, dt float64) (float64, float64, float64) {
				peak, _, width := ref.SpikeShape(v, dt)
				low := v[0]
				for _, x := range v {
					low = min(low, x)
				}
				return peak, peak - low, width
			})
		}},
	{Check: CheckClampK,
		Right: ref.ClampK,
		// n relaxing with the rates of the old voltage: it never moves.
		Wrong: func() check.Result {
			return CheckClampK(func(v0, v, t float64) float64 {
				n := ref.RelaxGate(ref.N.Inf(v0), ref.AlphaN(v0), ref.BetaN(v0), t)
				return ref.KConductance(n) * (v - ref.EK)
			})
		}},
	{Check: CheckThreshold,
		Right: ref.Threshold,
		Wrong: pulseOnlyThreshold},
	{Check: CheckSecondThreshold,
		Right: ref.SecondThreshold,
		Wrong: wholeTraceSecondThreshold},
	{Check: CheckFiringRate,
		Right: ref.FiringRate,
		Wrong: countedRate},
	{Check: CheckRK4Step,
		Right: ref.RK4Step,
		Wrong: eulerAsRK4},
	{Check: CheckSpikeTimeErrors,
		Right: ref.SpikeTimeErrors,
		Wrong: eulerTruthErrors},
	{Check: CheckReboundSpike,
		Right: ref.ReboundSpike,
		// The spike time from the start of the run, not from the release.
		Wrong: func() check.Result {
			return CheckReboundSpike(func(amp, duration float64) float64 { return ref.ReboundSpike(amp, duration) + duration })
		}},
}

// frozenGatesRest bisects the total current with the gates held at their
// values at −65 mV instead of at their steady states at each voltage.
func frozenGatesRest(i float64) float64 {
	m, h, n := ref.M.Inf(-65), ref.H.Inf(-65), ref.N.Inf(-65)
	lo, hi := -100.0, 50.0
	for hi-lo > 1e-10 {
		mid := (lo + hi) / 2
		iNa, iK, iL := ref.Currents(mid, m, h, n)
		if iNa+iK+iL < i {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// uninterpolatedSpikeTimes returns the time of the sample at or past the
// threshold.
func uninterpolatedSpikeTimes(v []float64, dt, threshold float64) []float64 {
	var times []float64
	for k := 1; k < len(v); k++ {
		if v[k-1] < threshold && threshold <= v[k] {
			times = append(times, float64(k)*dt)
		}
	}
	return times
}

// pulseOnlyThreshold bisects the amplitude like ref.Threshold, but
// simulates only while the pulse is on, missing spikes that peak after it.
func pulseOnlyThreshold(duration float64) float64 {
	n := sim.Samples(duration, ref.Dt)
	lo, hi := 0.0, 200.0
	for hi-lo > 1e-3 {
		mid := (lo + hi) / 2
		v := ref.Voltages(ref.Simulate(ref.RestState(0), ref.PulseCurrent(n, ref.Dt, 0, duration, mid), ref.Dt))
		if maxOf(v) >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return (lo + hi) / 2
}

func maxOf(v []float64) float64 {
	top := math.Inf(-1)
	for _, x := range v {
		top = max(top, x)
	}
	return top
}

// wholeTraceSecondThreshold looks for 0 mV over the whole run, where the
// first spike always finds it.
func wholeTraceSecondThreshold(interval float64) float64 {
	n := sim.Samples(interval+30, ref.Dt)
	lo, hi := 0.0, 200.0
	for hi-lo > 1e-3 {
		mid := (lo + hi) / 2
		current := ref.PulseCurrent(n, ref.Dt, interval, interval+1, mid)
		for k, x := range ref.PulseCurrent(n, ref.Dt, 0, 1, 20) {
			current[k] += x
		}
		if maxOf(ref.Voltages(ref.Simulate(ref.RestState(0), current, ref.Dt))) >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return (lo + hi) / 2
}

// countedRate counts every spike of the 200 ms, the onset spike too.
func countedRate(i float64) float64 {
	n := sim.Samples(200, ref.Dt)
	v := ref.Voltages(ref.Simulate(ref.RestState(0), ref.PulseCurrent(n, ref.Dt, 0, 200, i), ref.Dt))
	return float64(len(ref.SpikeTimes(v, ref.Dt, 0))) / 0.2
}

// eulerAsRK4 takes a forward-Euler step.
func eulerAsRK4(f func(float64, []float64) []float64, t float64, y []float64, dt float64) []float64 {
	d := f(t, y)
	next := make([]float64, len(y))
	for k := range y {
		next[k] = y[k] + dt*d[k]
	}
	return next
}

// eulerTruthErrors takes forward Euler with steps of 0.001 ms as the truth.
func eulerTruthErrors(i, dt float64) (float64, float64) {
	truth := ref.FirstSpike(ref.EulerStep, i, 0.001)
	return math.Abs(ref.FirstSpike(ref.EulerStep, i, dt) - truth), math.Abs(ref.FirstSpike(ref.RK4HHStep, i, dt) - truth)
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// A rate function that handles only the exact singular voltage still loses
// digits right next to it, and fails.
func TestSingularityNeedsMoreThanOnePoint(t *testing.T) {
	onePoint := func(naive func(float64) float64, v0, limit float64) func(float64) float64 {
		return func(v float64) float64 {
			if v == v0 {
				return limit
			}
			return naive(v)
		}
	}
	if res := CheckAlphaN(onePoint(naiveAlphaN, -55, 0.1)); res.Status != check.Failed {
		t.Errorf("α_n patched at −55 mV only: %s, want failed", res.Status)
	}
	if res := CheckMRates(onePoint(naiveAlphaM, -40, 1), ref.BetaM); res.Status != check.Failed {
		t.Errorf("α_m patched at −40 mV only: %s, want failed", res.Status)
	}
}

// TestRest ties the resting state and rates the cases use, written out, to
// the references.
func TestRest(t *testing.T) {
	if err := check.CompareSlice(rest.slice(), ref.RestState(0), check.Tol{Abs: 1e-6}); err != nil {
		t.Errorf("rest is not the reference's resting state: %v", err)
	}
	want := []float64{ref.AlphaM(-65), ref.BetaM(-65), ref.AlphaH(-65), ref.BetaH(-65), ref.AlphaN(-65), ref.BetaN(-65)}
	var got []float64
	for _, r := range restRates {
		got = append(got, r.Alpha, r.Beta)
	}
	if err := check.CompareSlice(got, want, check.Tol{Rel: 1e-9}); err != nil {
		t.Errorf("restRates are not the rates at −65 mV: %v", err)
	}
	want = []float64{ref.N.Inf(-65), ref.AlphaN(0), ref.BetaN(0), ref.M.Inf(-65), ref.AlphaM(-20), ref.BetaM(-20)}
	got = []float64{relaxSteps[0].X0, relaxSteps[0].Alpha, relaxSteps[0].Beta, relaxSteps[1].X0, relaxSteps[1].Alpha, relaxSteps[1].Beta}
	if err := check.CompareSlice(got, want, check.Tol{Rel: 1e-9}); err != nil {
		t.Errorf("relaxSteps are not the steps they say: %v", err)
	}
}
