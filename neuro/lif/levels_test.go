package lif

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/sim"
)

// The reference answers, taking this package's Cell.

func step(v, i float64, c Cell, dt float64) (float64, bool) { return ref.Step(v, i, ref.Cell(c), dt) }

func simulate(c Cell, i, dt, tEnd float64) (v, spikes []float64) {
	return ref.Simulate(ref.Cell(c), i, dt, tEnd)
}

func rheobase(c Cell) float64                { return ref.Rheobase(ref.Cell(c)) }
func analyticISI(c Cell, i float64) float64  { return ref.ISI(ref.Cell(c), i) }
func analyticRate(c Cell, i float64) float64 { return ref.Rate(ref.Cell(c), i) }

func fiCurve(c Cell, currents []float64, dt, tEnd float64) []float64 {
	return ref.FICurve(ref.Cell(c), currents, dt, tEnd)
}

func rateError(c Cell, i, dt, tEnd float64) float64 { return ref.RateError(ref.Cell(c), i, dt, tEnd) }

func simulateCurrent(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
	return ref.SimulateCurrent(ref.Cell(c), current, tRef, dt)
}

func refractoryRate(c Cell, i, tRef float64) float64 { return ref.RefractoryRate(ref.Cell(c), i, tRef) }
func gain(c Cell, i, tRef, dI float64) float64       { return ref.Gain(ref.Cell(c), i, tRef, dI) }

func noisyCV(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
	return ref.NoisyCV(ref.Cell(c), mean, sigma, tRef, dt, tEnd, rng)
}

func noisyRate(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
	return ref.NoisyRate(ref.Cell(c), mean, sigma, tRef, dt, tEnd, rng)
}

func poissonDriven(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
	return ref.PoissonDriven(ref.Cell(c), countsE, countsI, qE, qI, tRef, dt)
}

func simulateAdapting(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
	return ref.SimulateAdapting(ref.Cell(c), i, b, tauW, dt, tEnd)
}

var levelTests = []checktest.Level{
	{Check: CheckSpiked,
		Right: ref.Spiked,
		// Strictly above the threshold.
		Wrong: func(v, vTh float64) bool { return v > vTh }},
	{Check: CheckReset,
		Right: ref.Reset,
		// Sets V to the threshold instead of the reset.
		Wrong: func() check.Result {
			return CheckReset(func(v, vTh, vReset float64) float64 { return ref.Reset(v, vTh, vTh) })
		}},
	{Check: CheckLIFStep,
		Right: step,
		// Reports the spike but forgets to reset.
		Wrong: func() check.Result {
			return CheckLIFStep(func(v, i float64, c Cell, dt float64) (float64, bool) {
				next := v + dt*(-(v-c.EL)/c.R+i)/c.C
				return next, next >= c.VTh
			})
		}},
	{Check: CheckSimulate,
		Right: simulate,
		// Spike times at the start of the step that crossed.
		Wrong: func() check.Result {
			return CheckSimulate(func(c Cell, i, dt, tEnd float64) (v, spikes []float64) {
				v, spikes = simulate(c, i, dt, tEnd)
				for k := range spikes {
					spikes[k] -= dt
				}
				return v, spikes
			})
		}},
	{Check: CheckSpikeTimes,
		Right: ref.SpikeTimes,
		// Counts steps from 1.
		Wrong: func() check.Result {
			return CheckSpikeTimes(func(train []bool, dt float64) []float64 {
				return ref.SpikeTimes(append([]bool{false}, train...), dt)
			})
		}},
	{Check: CheckFiringRate,
		Right: ref.FiringRate,
		// Spikes per ms, not per s.
		Wrong: func() check.Result {
			return CheckFiringRate(func(spikes []float64, duration float64) float64 {
				return float64(len(spikes)) / duration
			})
		}},
	{Check: CheckRheobase,
		Right: rheobase,
		// From the reset instead of from rest.
		Wrong: func(c Cell) float64 { return (c.VTh - c.VReset) / c.R }},
	{Check: CheckAnalyticISI,
		Right: analyticISI,
		// Forgets the time constant.
		Wrong: func() check.Result {
			return CheckAnalyticISI(func(c Cell, i float64) float64 { return analyticISI(c, i) / (c.R * c.C) })
		}},
	{Check: CheckAnalyticRate,
		Right: analyticRate,
		// Per ms.
		Wrong: func() check.Result {
			return CheckAnalyticRate(func(c Cell, i float64) float64 { return 1 / analyticISI(c, i) })
		}},
	{Check: CheckFICurve,
		Right: fiCurve,
		// Counts the spikes in the window.
		Wrong: func() check.Result {
			return CheckFICurve(func(c Cell, currents []float64, dt, tEnd float64) []float64 {
				rates := make([]float64, len(currents))
				for k, i := range currents {
					_, spikes := simulate(c, i, dt, tEnd)
					rates[k] = ref.FiringRate(spikes, tEnd)
				}
				return rates
			})
		}},
	{Check: CheckRateError,
		Right: rateError,
		// Analytic minus simulated.
		Wrong: func() check.Result {
			return CheckRateError(func(c Cell, i, dt, tEnd float64) float64 { return -rateError(c, i, dt, tEnd) })
		}},
	{Check: CheckSimulateCurrent,
		Right: simulateCurrent,
		// Holds the reset one step too long.
		Wrong: func() check.Result {
			return CheckSimulateCurrent(func(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
				return simulateCurrent(c, current, tRef+dt, dt)
			})
		}},
	{Check: CheckMaxRate,
		Right: ref.MaxRate,
		Wrong: func(tRef float64) float64 { return 1 / tRef }},
	{Check: CheckRefractoryRate,
		Right: refractoryRate,
		// Leaves out the refractory period.
		Wrong: func() check.Result {
			return CheckRefractoryRate(func(c Cell, i, tRef float64) float64 { return analyticRate(c, i) })
		}},
	{Check: CheckGain,
		Right: gain,
		// Divides by dI instead of 2·dI.
		Wrong: func() check.Result {
			return CheckGain(func(c Cell, i, tRef, dI float64) float64 { return 2 * gain(c, i, tRef, dI) })
		}},
	{Check: CheckISIs,
		Right: ref.ISIs,
		// Counts the first interval from t = 0.
		Wrong: func() check.Result {
			return CheckISIs(func(spikes []float64) []float64 { return ref.ISIs(append([]float64{0}, spikes...)) })
		}},
	{Check: CheckMeanAndCV,
		Right: ref.MeanCV,
		// The standard deviation divided by n − 1.
		Wrong: func() check.Result {
			return CheckMeanAndCV(func(isis []float64) (float64, float64) {
				mean, cv := ref.MeanCV(isis)
				n := float64(len(isis))
				return mean, cv * math.Sqrt(n/(n-1))
			})
		}},
	{Check: CheckNoiseCurrent,
		Right: ref.NoiseCurrent,
		// σ·ξ, not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoiseCurrent(func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
				return ref.NoiseCurrent(mean, sigma*math.Sqrt(dt), dt, n, rng)
			})
		}},
	{Check: CheckNoisyCV,
		Right: noisyCV,
		// The noise not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoisyCV(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyCV(c, mean, sigma*math.Sqrt(dt), tRef, dt, tEnd, rng)
			})
		}},
	{Check: CheckNoisyRate,
		Right: noisyRate,
		// The noise not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoisyRate(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyRate(c, mean, sigma*math.Sqrt(dt), tRef, dt, tEnd, rng)
			})
		}},
	{Check: CheckPoissonCounts,
		Right: ref.PoissonCounts,
		// One spike at most per step: a Bernoulli count, whose variance is
		// λ(1 − λ).
		Wrong: func() check.Result {
			return CheckPoissonCounts(func(n int, rate, dt float64, steps int, rng *rand.Rand) []int {
				counts := make([]int, steps)
				for k := range counts {
					if rng.Float64() < float64(n)*rate*dt/1000 {
						counts[k] = 1
					}
				}
				return counts
			})
		}},
	{Check: CheckPoissonDriven,
		Right: poissonDriven,
		// The charge taken as the current, not divided by dt.
		Wrong: func() check.Result {
			return CheckPoissonDriven(func(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
				return poissonDriven(c, countsE, countsI, qE*dt, qI*dt, tRef, dt)
			})
		}},
	{Check: CheckISIHistogram,
		Right: ref.ISIHistogram,
		// Puts the long intervals into the last bin.
		Wrong: func() check.Result {
			return CheckISIHistogram(func(isis []float64, binWidth float64, bins int) []int {
				counts := make([]int, bins)
				for _, x := range isis {
					counts[min(int(x/binWidth), bins-1)]++
				}
				return counts
			})
		}},
	{Check: CheckSimulateAdapting,
		Right: simulateAdapting,
		// The adaptation never decays: τ_w infinite.
		Wrong: func() check.Result {
			return CheckSimulateAdapting(func(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
				return simulateAdapting(c, i, b, math.Inf(1), dt, tEnd)
			})
		}},
	{Check: CheckRegime,
		Right: ref.Regime,
		// The two regimes swapped.
		Wrong: func() check.Result {
			return CheckRegime(func(spikes []float64) string {
				switch r := ref.Regime(spikes); r {
				case MeanDriven:
					return FluctuationDriven
				case FluctuationDriven:
					return MeanDriven
				default:
					return r
				}
			})
		}},
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// otherStream returns a generator independent of rng: a right answer that
// draws its random numbers in another order than the reference.
func otherStream(rng *rand.Rand) *rand.Rand { return rand.New(rand.NewPCG(rng.Uint64(), 99)) }

// A right answer whose random numbers differ from the reference's passes
// the statistical levels: their tolerances are built for it.
func TestStatisticalLevelsAcceptOtherStreams(t *testing.T) {
	for _, tt := range []struct {
		level int
		res   func() check.Result
	}{
		{18, func() check.Result {
			return CheckNoiseCurrent(func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
				return ref.NoiseCurrent(mean, sigma, dt, n, otherStream(rng))
			})
		}},
		{19, func() check.Result {
			return CheckNoisyCV(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyCV(c, mean, sigma, tRef, dt, tEnd, otherStream(rng))
			})
		}},
		{20, func() check.Result {
			return CheckNoisyRate(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyRate(c, mean, sigma, tRef, dt, tEnd, otherStream(rng))
			})
		}},
		{21, func() check.Result {
			// Each input on its own: a binomial count, as good as Poisson
			// when rate·dt is small.
			return CheckPoissonCounts(func(n int, rate, dt float64, steps int, rng *rand.Rand) []int {
				counts := make([]int, steps)
				for k := range counts {
					for range n {
						if rng.Float64() < rate*dt/1000 {
							counts[k]++
						}
					}
				}
				return counts
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("level %d, another random stream: %s\n%s", tt.level, res.Status, res.Message)
		}
	}
}

// TestHelpers ties the helpers learners call, written apart from the
// references so that they work while grading, to the references.
func TestHelpers(t *testing.T) {
	if got, want := Default(), Cell(ref.Default()); got != want {
		t.Errorf("Default() = %v, the reference's default cell is %v", got, want)
	}
	for _, c := range []struct{ tEnd, dt float64 }{{10, 0.1}, {100, 0.25}, {0.3, 0.1}, {0, 0.1}, {7, 0.01}} {
		got, want := TimeGrid(c.tEnd, c.dt), sim.TimeGrid(c.tEnd, c.dt)
		if err := check.CompareSlice(got, want, check.Tol{}); err != nil {
			t.Errorf("TimeGrid(%g, %g): %v", c.tEnd, c.dt, err)
		}
	}
}
