package lif

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/sim"
	"gonum.org/v1/gonum/stat"
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
		Wrong: func(v, vTh float64) bool { return v > vTh },
		Variants: []any{
			// Not below the threshold.
			func(v, vTh float64) bool { return !(v < vTh) },
			// The distance to the threshold is not negative.
			func(v, vTh float64) bool { return v-vTh >= 0 },
		}},
	{Check: CheckReset,
		Right: ref.Reset,
		// Sets V to the threshold instead of the reset.
		Wrong: func() check.Result {
			return CheckReset(func(v, vTh, vReset float64) float64 { return ref.Reset(v, vTh, vTh) })
		},
		Variants: []any{
			// Below the threshold first.
			func(v, vTh, vReset float64) float64 {
				if v < vTh {
					return v
				}
				return vReset
			},
			// Overwrites v.
			func(v, vTh, vReset float64) float64 {
				if v >= vTh {
					v = vReset
				}
				return v
			},
		}},
	{Check: CheckLIFStep,
		Right: step,
		// Reports the spike but forgets to reset.
		Wrong: func() check.Result {
			return CheckLIFStep(func(v, i float64, c Cell, dt float64) (float64, bool) {
				next := v + dt*(-(v-c.EL)/c.R+i)/c.C
				return next, next >= c.VTh
			})
		},
		Variants: []any{
			// The τ form with dt/τ precomputed.
			lifStepRelax,
			// Expanded: the leak and the input as separate increments.
			func(v, i float64, c Cell, dt float64) (float64, bool) {
				v += -dt*(v-c.EL)/(c.R*c.C) + dt*i/c.C
				if v >= c.VTh {
					return c.VReset, true
				}
				return v, false
			},
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
		},
		Variants: []any{
			// Its own step, appending to v, with a clock that adds dt.
			func(c Cell, i, dt, tEnd float64) (v, spikes []float64) {
				n := int(math.Round(tEnd / dt))
				v = []float64{c.EL}
				t := 0.0
				for k := 0; k < n; k++ {
					t += dt
					next, fired := lifStepRelax(v[k], i, c, dt)
					v = append(v, next)
					if fired {
						spikes = append(spikes, t)
					}
				}
				return v, spikes
			},
			// Through SimulateCurrent with a constant current, as the notebook suggests.
			func(c Cell, i, dt, tEnd float64) (v, spikes []float64) {
				current := make([]float64, int(math.Round(tEnd/dt))+1)
				for k := range current {
					current[k] = i
				}
				return simulateCurrentUntil(c, current, 0, dt)
			},
		}},
	{Check: CheckSpikeTimes,
		Right: ref.SpikeTimes,
		// Counts steps from 1.
		Wrong: func() check.Result {
			return CheckSpikeTimes(func(train []bool, dt float64) []float64 {
				return ref.SpikeTimes(append([]bool{false}, train...), dt)
			})
		},
		Variants: []any{
			// A clock that adds dt.
			func(train []bool, dt float64) []float64 {
				var times []float64
				t := 0.0
				for _, s := range train {
					if s {
						times = append(times, t)
					}
					t += dt
				}
				return times
			},
			// The steps first, then the times.
			func(train []bool, dt float64) []float64 {
				var steps []int
				for k := range train {
					if train[k] {
						steps = append(steps, k)
					}
				}
				times := make([]float64, len(steps))
				for j, k := range steps {
					times[j] = dt * float64(k)
				}
				return times
			},
		}},
	{Check: CheckFiringRate,
		Right: ref.FiringRate,
		// Spikes per ms, not per s.
		Wrong: func() check.Result {
			return CheckFiringRate(func(spikes []float64, duration float64) float64 {
				return float64(len(spikes)) / duration
			})
		},
		Variants: []any{
			// The duration converted to seconds.
			func(spikes []float64, duration float64) float64 { return float64(len(spikes)) / (duration / 1000) },
			// Per ms, then times 1000.
			func(spikes []float64, duration float64) float64 { return float64(len(spikes)) / duration * 1000 },
		}},
	{Check: CheckRheobase,
		Right: rheobase,
		// From the reset instead of from rest.
		Wrong: func(c Cell) float64 { return (c.VTh - c.VReset) / c.R },
		Variants: []any{
			// Times the conductance.
			func(c Cell) float64 { return (c.VTh - c.EL) * (1 / c.R) },
			// Expanded.
			func(c Cell) float64 { return c.VTh/c.R - c.EL/c.R },
		}},
	{Check: CheckAnalyticISI,
		Right: analyticISI,
		// Forgets the time constant.
		Wrong: func() check.Result {
			return CheckAnalyticISI(func(c Cell, i float64) float64 { return analyticISI(c, i) / (c.R * c.C) })
		},
		Variants: []any{
			// A difference of logs.
			func(c Cell, i float64) float64 {
				vInf := c.EL + c.R*i
				if vInf <= c.VTh {
					return math.Inf(1)
				}
				return c.R * c.C * (math.Log(vInf-c.VReset) - math.Log(vInf-c.VTh))
			},
			isiByLog1p,
		}},
	{Check: CheckAnalyticRate,
		Right: analyticRate,
		// Per ms.
		Wrong: func() check.Result {
			return CheckAnalyticRate(func(c Cell, i float64) float64 { return 1 / analyticISI(c, i) })
		},
		Variants: []any{
			// In seconds, inverted.
			func(c Cell, i float64) float64 { return 1 / (isiByLog1p(c, i) / 1000) },
			// Zero below the rheobase by a test of the current.
			func(c Cell, i float64) float64 {
				if c.R*i <= c.VTh-c.EL {
					return 0
				}
				return 1e3 / (c.R * c.C * math.Log((c.R*i+c.EL-c.VReset)/(c.R*i+c.EL-c.VTh)))
			},
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
		},
		Variants: []any{
			// Its own simulation, and the rate as 1000 over the mean interval.
			func(c Cell, currents []float64, dt, tEnd float64) []float64 {
				rates := make([]float64, len(currents))
				for k, i := range currents {
					current := make([]float64, int(math.Round(tEnd/dt))+1)
					for j := range current {
						current[j] = i
					}
					_, spikes := simulateCurrentUntil(c, current, 0, dt)
					if len(spikes) > 1 {
						sum := 0.0
						for j := 1; j < len(spikes); j++ {
							sum += spikes[j] - spikes[j-1]
						}
						rates[k] = 1000 / (sum / float64(len(spikes)-1))
					}
				}
				return rates
			},
			// The intervals' count over the span in seconds.
			func(c Cell, currents []float64, dt, tEnd float64) []float64 {
				var rates []float64
				for _, i := range currents {
					_, spikes := simulate(c, i, dt, tEnd)
					rate := 0.0
					if n := len(spikes); n >= 2 {
						rate = float64(n-1) / ((spikes[n-1] - spikes[0]) / 1000)
					}
					rates = append(rates, rate)
				}
				return rates
			},
		}},
	{Check: CheckRateError,
		Right: rateError,
		// Analytic minus simulated.
		Wrong: func() check.Result {
			return CheckRateError(func(c Cell, i, dt, tEnd float64) float64 { return -rateError(c, i, dt, tEnd) })
		},
		Variants: []any{
			// The analytic rate subtracted from its own simulated one.
			func(c Cell, i, dt, tEnd float64) float64 {
				return ref.FICurve(ref.Cell(c), []float64{i}, dt, tEnd)[0] - 1/(isiByLog1p(c, i)/1000)
			},
			// Minus (analytic − simulated).
			func(c Cell, i, dt, tEnd float64) float64 {
				return -(analyticRate(c, i) - fiCurve(c, []float64{i}, dt, tEnd)[0])
			},
		}},
	{Check: CheckSimulateCurrent,
		Right: simulateCurrent,
		// Holds the reset one step too long.
		Wrong: func() check.Result {
			return CheckSimulateCurrent(func(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
				return simulateCurrent(c, current, tRef+dt, dt)
			})
		},
		Variants: []any{
			// Holds while the step is at most the last spike's plus round(tRef/dt).
			func(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
				return simulateCurrentUntil(c, current, tRef, dt)
			},
			// Counts the hold down from the refractory steps, stepping in the τ form.
			func(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
				v = make([]float64, len(current))
				v[0] = c.EL
				hold := 0
				for k := 0; k+1 < len(current); k++ {
					if hold > 0 {
						hold--
						v[k+1] = c.VReset
						continue
					}
					var fired bool
					if v[k+1], fired = lifStepRelax(v[k], current[k], c, dt); fired {
						spikes = append(spikes, float64(k+1)*dt)
						hold = int(math.Round(tRef / dt))
					}
				}
				return v, spikes
			},
		}},
	{Check: CheckMaxRate,
		Right: ref.MaxRate,
		Wrong: func(tRef float64) float64 { return 1 / tRef },
		Variants: []any{
			// The period converted to seconds.
			func(tRef float64) float64 { return 1 / (tRef / 1000) },
			// 1000 times the rate per ms.
			func(tRef float64) float64 { return 1e3 * (1 / tRef) },
		}},
	{Check: CheckRefractoryRate,
		Right: refractoryRate,
		// Leaves out the refractory period.
		Wrong: func() check.Result {
			return CheckRefractoryRate(func(c Cell, i, tRef float64) float64 { return analyticRate(c, i) })
		},
		Variants: []any{
			// The period in seconds.
			func(c Cell, i, tRef float64) float64 { return 1 / ((tRef + isiByLog1p(c, i)) / 1000) },
			// From the rate without refractoriness: r/(1 + r·t_ref).
			func(c Cell, i, tRef float64) float64 { r := analyticRate(c, i); return r / (1 + r*tRef/1000) },
		}},
	{Check: CheckGain,
		Right: gain,
		// Divides by dI instead of 2·dI.
		Wrong: func() check.Result {
			return CheckGain(func(c Cell, i, tRef, dI float64) float64 { return 2 * gain(c, i, tRef, dI) })
		},
		Variants: []any{
			// Halves the difference first.
			func(c Cell, i, tRef, dI float64) float64 {
				return 0.5 * (refractoryRate(c, i+dI, tRef) - refractoryRate(c, i-dI, tRef)) / dI
			},
			// Its own rate, the difference over the width 2·dI.
			func(c Cell, i, tRef, dI float64) float64 {
				rate := func(i float64) float64 { return 1 / ((tRef + isiByLog1p(c, i)) / 1000) }
				width := 2 * dI
				return (rate(i+dI) - rate(i-dI)) / width
			},
		}},
	{Check: CheckISIs,
		Right: ref.ISIs,
		// Counts the first interval from t = 0.
		Wrong: func() check.Result {
			return CheckISIs(func(spikes []float64) []float64 { return ref.ISIs(append([]float64{0}, spikes...)) })
		},
		Variants: []any{
			// Appends each difference with the one before.
			func(spikes []float64) []float64 {
				var isis []float64
				for k := 1; k < len(spikes); k++ {
					isis = append(isis, spikes[k]-spikes[k-1])
				}
				return isis
			},
			// Pairs of a slice and its shift.
			func(spikes []float64) []float64 {
				if len(spikes) < 2 {
					return nil
				}
				isis := slices.Clone(spikes[1:])
				for k, before := range spikes[:len(spikes)-1] {
					isis[k] -= before
				}
				return isis
			},
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
		},
		Variants: []any{
			// Two passes by hand.
			func(isis []float64) (float64, float64) {
				sum := 0.0
				for _, x := range isis {
					sum += x
				}
				mean := sum / float64(len(isis))
				ss := 0.0
				for _, x := range isis {
					ss += (x - mean) * (x - mean)
				}
				return mean, math.Sqrt(ss/float64(len(isis))) / mean
			},
			// One pass of Σx and Σx², the variance as the mean square less the squared mean.
			func(isis []float64) (float64, float64) {
				var s, s2 float64
				for _, x := range isis {
					s += x
					s2 += x * x
				}
				n := float64(len(isis))
				mean := s / n
				return mean, math.Sqrt(max(s2/n-mean*mean, 0)) / mean
			},
		}},
	{Check: CheckNoiseCurrent,
		Right: ref.NoiseCurrent,
		// σ·ξ, not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoiseCurrent(func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
				return ref.NoiseCurrent(mean, sigma*math.Sqrt(dt), dt, n, rng)
			})
		},
		Variants: []any{
			// σ/√dt precomputed, the mean added last.
			func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
				scale := sigma / math.Sqrt(dt)
				current := make([]float64, n)
				for k := range current {
					current[k] = scale*rng.NormFloat64() + mean
				}
				return current
			},
			// √(σ²/dt) as a power, appending.
			func(mean, sigma, dt float64, n int, rng *rand.Rand) []float64 {
				var current []float64
				for range n {
					current = append(current, mean+rng.NormFloat64()*math.Sqrt(sigma*sigma/dt))
				}
				return current
			},
		}},
	{Check: CheckNoisyCV,
		Right: noisyCV,
		// The noise not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoisyCV(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyCV(c, mean, sigma*math.Sqrt(dt), tRef, dt, tEnd, rng)
			})
		},
		Variants: []any{
			// Its own noise and simulation, the CV from two passes.
			func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				isis := ref.ISIs(noisySpikes(c, mean, sigma, tRef, dt, tEnd, rng))
				_, cv := ref.MeanCV(isis)
				return cv
			},
			// The CV from the mean and the standard deviation of the intervals, by gonum's stat.
			func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				isis := ref.ISIs(noisySpikes(c, mean, sigma, tRef, dt, tEnd, rng))
				m, variance := stat.PopMeanVariance(isis, nil)
				return math.Sqrt(variance) / m
			},
		}},
	{Check: CheckNoisyRate,
		Right: noisyRate,
		// The noise not scaled by 1/√dt.
		Wrong: func() check.Result {
			return CheckNoisyRate(func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return noisyRate(c, mean, sigma*math.Sqrt(dt), tRef, dt, tEnd, rng)
			})
		},
		Variants: []any{
			// Its own noise and simulation.
			func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				return float64(len(noisySpikes(c, mean, sigma, tRef, dt, tEnd, rng))) / (tEnd / 1000)
			},
			// The rate from the intervals' count plus one.
			func(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) float64 {
				spikes := noisySpikes(c, mean, sigma, tRef, dt, tEnd, rng)
				n := len(ref.ISIs(spikes))
				if len(spikes) > 0 {
					n++
				}
				return 1000 * float64(n) / tEnd
			},
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
		},
		Variants: []any{
			// The product's logarithm: sums −ln u until it passes λ.
			func(n int, rate, dt float64, steps int, rng *rand.Rand) []int {
				l := float64(n) * rate * dt / 1000
				counts := make([]int, steps)
				for k := range counts {
					for sum := -math.Log(rng.Float64()); sum < l; sum -= math.Log(rng.Float64()) {
						counts[k]++
					}
				}
				return counts
			},
			// Exponential waiting times (in units of the step) until the step ends.
			func(n int, rate, dt float64, steps int, rng *rand.Rand) []int {
				perStep := float64(n) * rate / 1000 * dt
				counts := make([]int, steps)
				for k := range counts {
					for t := rng.ExpFloat64() / perStep; t < 1; t += rng.ExpFloat64() / perStep {
						counts[k]++
					}
				}
				return counts
			},
		}},
	{Check: CheckPoissonDriven,
		Right: poissonDriven,
		// The charge taken as the current, not divided by dt.
		Wrong: func() check.Result {
			return CheckPoissonDriven(func(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
				return poissonDriven(c, countsE, countsI, qE*dt, qI*dt, tRef, dt)
			})
		},
		Variants: []any{
			// The charges per step precomputed, the current fed to its own SimulateCurrent.
			func(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
				current := make([]float64, len(countsE))
				iE, iI := qE/dt, qI/dt
				for k := range current {
					current[k] = iE*float64(countsE[k]) - iI*float64(countsI[k])
				}
				return simulateCurrentUntil(c, current, tRef, dt)
			},
			// The inhibitory charge subtracted after dividing each by dt.
			func(c Cell, countsE, countsI []int, qE, qI, tRef, dt float64) (v, spikes []float64) {
				current := make([]float64, len(countsE))
				for k := range current {
					current[k] = float64(countsE[k])*qE/dt - float64(countsI[k])*qI/dt
				}
				return simulateCurrent(c, current, tRef, dt)
			},
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
		},
		Variants: []any{
			// int() truncation, which is the floor for intervals that are not negative.
			func(isis []float64, binWidth float64, bins int) []int {
				counts := make([]int, bins)
				for _, x := range isis {
					if k := int(x / binWidth); x >= 0 && k < bins {
						counts[k]++
					}
				}
				return counts
			},
			// Each bin's edges tested in turn.
			func(isis []float64, binWidth float64, bins int) []int {
				counts := make([]int, bins)
				for k := range counts {
					lo, hi := float64(k)*binWidth, float64(k+1)*binWidth
					for _, x := range isis {
						if lo <= x && x < hi {
							counts[k]++
						}
					}
				}
				return counts
			},
		}},
	{Check: CheckSimulateAdapting,
		Right: simulateAdapting,
		// The adaptation never decays: τ_w infinite.
		Wrong: func() check.Result {
			return CheckSimulateAdapting(func(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
				return simulateAdapting(c, i, b, math.Inf(1), dt, tEnd)
			})
		},
		Variants: []any{
			// w decays by the factor 1 − dt/τ_w, stepped after V with the old w kept.
			func(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
				n := int(math.Round(tEnd / dt))
				v = []float64{c.EL}
				w := 0.0
				for k := 1; k <= n; k++ {
					wOld := w
					w *= 1 - dt/tauW
					next, fired := lifStepRelax(v[k-1], i-wOld, c, dt)
					if fired {
						w += b
						spikes = append(spikes, float64(k)*dt)
					}
					v = append(v, next)
				}
				return v, spikes
			},
			// w stepped first from its old value, the spike's jump added at the end; a clock that adds dt.
			func(c Cell, i, b, tauW, dt, tEnd float64) (v, spikes []float64) {
				v = make([]float64, int(math.Round(tEnd/dt))+1)
				v[0] = c.EL
				w, t := 0.0, 0.0
				for k := 1; k < len(v); k++ {
					t += dt
					dw := -dt * w / tauW
					var fired bool
					v[k], fired = step(v[k-1], i-w, c, dt)
					w += dw
					if fired {
						spikes = append(spikes, t)
						w += b
					}
				}
				return v, spikes
			},
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
		},
		Variants: []any{
			// Its own CV, the regular case tested first.
			func(spikes []float64) string {
				if len(spikes) <= 2 {
					return "silent"
				}
				var isis []float64
				for k := 1; k < len(spikes); k++ {
					isis = append(isis, spikes[k]-spikes[k-1])
				}
				m, variance := stat.PopMeanVariance(isis, nil)
				if math.Sqrt(variance)/m < 0.5 {
					return "mean-driven"
				}
				return "fluctuation-driven"
			},
			// The variance compared with a quarter of the squared mean.
			func(spikes []float64) string {
				if len(spikes) < 3 {
					return Silent
				}
				m, variance := stat.PopMeanVariance(ref.ISIs(spikes), nil)
				if variance >= 0.25*m*m {
					return FluctuationDriven
				}
				return MeanDriven
			},
		}},
}

// lifStepRelax steps V toward V∞ = E_L + R·I by dt/τ of the way, then fires
// and resets at the threshold.
func lifStepRelax(v, i float64, c Cell, dt float64) (float64, bool) {
	v += dt / (c.R * c.C) * (c.EL + c.R*i - v)
	if v >= c.VTh {
		return c.VReset, true
	}
	return v, false
}

// simulateCurrentUntil holds V at the reset through the step round(tRef/dt)
// after a spike, stepping in the τ form, with a clock that adds dt.
func simulateCurrentUntil(c Cell, current []float64, tRef, dt float64) (v, spikes []float64) {
	v = make([]float64, len(current))
	v[0] = c.EL
	until, t := 0, 0.0
	for k := 1; k < len(v); k++ {
		t += dt
		if k <= until {
			v[k] = c.VReset
			continue
		}
		var fired bool
		if v[k], fired = lifStepRelax(v[k-1], current[k-1], c, dt); fired {
			spikes = append(spikes, t)
			until = k + int(math.Round(tRef/dt))
		}
	}
	return v, spikes
}

// isiByLog1p returns the interval −τ·ln(1 − (V_th − V_reset)/(V∞ − V_reset)),
// +Inf at and below the rheobase.
func isiByLog1p(c Cell, i float64) float64 {
	vInf := c.EL + c.R*i
	if vInf <= c.VTh {
		return math.Inf(1)
	}
	return -c.R * c.C * math.Log1p(-(c.VTh-c.VReset)/(vInf-c.VReset))
}

// noisySpikes draws the noise with σ/√dt precomputed and simulates it with
// simulateCurrentUntil.
func noisySpikes(c Cell, mean, sigma, tRef, dt, tEnd float64, rng *rand.Rand) []float64 {
	scale := sigma / math.Sqrt(dt)
	current := make([]float64, int(math.Round(tEnd/dt))+1)
	for k := range current {
		current[k] = mean + scale*rng.NormFloat64()
	}
	_, spikes := simulateCurrentUntil(c, current, tRef, dt)
	return spikes
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
