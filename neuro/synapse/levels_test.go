package synapse

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/synapse"
	"gonum.org/v1/gonum/integrate/quad"
)

// The reference answers, taking this package's Cell.

func shunt(c Cell, g, eSyn, i float64) (float64, float64) { return ref.Shunt(ref.Cell(c), g, eSyn, i) }

func simulateSynaptic(c Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64) {
	return ref.Simulate(ref.Cell(c), g, eSyn, i, dt)
}

func ipsp(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
	return ref.IPSP(ref.Cell(c), hold, dg, tau, eSyn, dt, tEnd)
}

func pairPSP(c Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64 {
	return ref.PairPSP(ref.Cell(c), dg, tau, eSyn, interval, dt, tEnd)
}

func synchronousPSP(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
	return ref.SynchronousPSP(ref.Cell(c), n, dg, tau, eSyn, dt, tEnd)
}

func currentPSP(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
	return ref.CurrentPSP(ref.Cell(c), n, dg, tau, eSyn, dt, tEnd)
}

func simulateEI(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
	return ref.SimulateEI(ref.Cell(c), gE, gI, eE, eI, i, dt)
}

func inputsToFire(c Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int {
	return ref.InputsToFire(ref.Cell(c), dg, tau, eSyn, dt, tEnd, maxN)
}

func siegert(c Cell, tRef, mu, sigmaV float64) float64 {
	return ref.SiegertRate(ref.Cell(c), tRef, mu, sigmaV)
}

func coupling(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
	return ref.MeasuredCoupling(ref.Cell(c1), ref.Cell(c2), gc, i, dt, tEnd)
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

// simulateEIRelax steps with lifStepRelax under i plus the synapses' inward
// currents, with a clock that adds dt.
func simulateEIRelax(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
	if len(gE) == 0 {
		return nil, nil
	}
	v = []float64{c.EL + c.R*i}
	t := 0.0
	for k := 0; k+1 < len(gE); k++ {
		t += dt
		next, fired := lifStepRelax(v[k], i+gE[k]*(eE-v[k])+gI[k]*(eI-v[k]), c, dt)
		v = append(v, next)
		if fired {
			spikes = append(spikes, t)
		}
	}
	return v, spikes
}

// simulateSynapticRelax is simulateEIRelax with one synapse.
func simulateSynapticRelax(c Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64) {
	return simulateEIRelax(c, g, make([]float64, len(g)), eSyn, 0, i, dt)
}

// conductanceByMap counts the spikes of each step in a map and decays by a
// precomputed factor.
func conductanceByMap(spikes []float64, dg, tau, dt, tEnd float64) []float64 {
	at := map[int]int{}
	for _, s := range spikes {
		at[int(math.Round(s/dt))]++
	}
	decay := math.Exp(-dt / tau)
	g := make([]float64, int(math.Round(tEnd/dt))+1)
	for k := range g {
		if k > 0 {
			g[k] = g[k-1] * decay
		}
		g[k] += float64(at[k]) * dg
	}
	return g
}

// pspPeakByIndex finds the index of the largest |V − V0|, the first of equals.
func pspPeakByIndex(v []float64, dt float64) (float64, float64) {
	dev := make([]float64, len(v))
	for k := range v {
		dev[k] = v[k] - v[0]
	}
	best := 0
	for k := range dev {
		if math.Abs(dev[k]) > math.Abs(dev[best]) {
			best = k
		}
	}
	return dev[best], float64(best) * dt
}

// pspOf returns the PSP amplitude of the spikes from its own conductance
// trace, simulation and peak.
func pspOf(c Cell, spikes []float64, i, dg, tau, eSyn, dt, tEnd float64) float64 {
	v, _ := simulateSynapticRelax(c, conductanceByMap(spikes, dg, tau, dt, tEnd), eSyn, i, dt)
	amp, _ := pspPeakByIndex(v, dt)
	return amp
}

var levelTests = []checktest.Level{
	{Check: CheckSynapticCurrent,
		Right: func() check.Result { return CheckSynapticCurrent(ref.Current) },
		// The driving force the wrong way round.
		Wrong: func() check.Result {
			return CheckSynapticCurrent(func(g, v, eSyn float64) float64 { return g * (eSyn - v) })
		},
		Variants: []any{
			// Expanded.
			func() check.Result {
				return CheckSynapticCurrent(func(g, v, eSyn float64) float64 { return g*v - g*eSyn })
			},
			// The driving force negated twice.
			func() check.Result {
				return CheckSynapticCurrent(func(g, v, eSyn float64) float64 { return -(eSyn - v) * g })
			},
		},
	},
	{Check: CheckEffect,
		Right: func() check.Result { return CheckEffect(ref.Effect) },
		// Compares the reversal with the resting potential, not with V.
		Wrong: func() check.Result { return CheckEffect(func(v, eSyn float64) string { return ref.Effect(-65, eSyn) }) },
		Variants: []any{
			// From the sign of E_syn − V.
			func() check.Result {
				return CheckEffect(func(v, eSyn float64) string {
					switch d := eSyn - v; {
					case d > 0:
						return "excitatory"
					case d < 0:
						return "inhibitory"
					}
					return "shunting"
				})
			},
			// Equality first, then V above the reversal.
			func() check.Result {
				return CheckEffect(func(v, eSyn float64) string {
					if v == eSyn {
						return Shunting
					}
					if v > eSyn {
						return Inhibitory
					}
					return Excitatory
				})
			},
		},
	},
	{Check: CheckShunt,
		Right: func() check.Result { return CheckShunt(shunt) },
		// Forgets that the synapse lowers the input resistance.
		Wrong: func() check.Result {
			return CheckShunt(func(c Cell, g, eSyn, i float64) (float64, float64) {
				v, _ := shunt(c, g, eSyn, i)
				return v, c.R
			})
		},
		Variants: []any{
			// The leak conductance named, V∞ as a weighted mean of the reversals plus I/g.
			func() check.Result {
				return CheckShunt(func(c Cell, g, eSyn, i float64) (float64, float64) {
					gL := 1 / c.R
					gTot := gL + g
					return (gL*c.EL + g*eSyn + i) / gTot, 1 / gTot
				})
			},
			// The input resistance as R/(1 + g·R), V∞ as E_L plus the deflection.
			func() check.Result {
				return CheckShunt(func(c Cell, g, eSyn, i float64) (float64, float64) {
					rIn := c.R / (1 + g*c.R)
					return c.EL + rIn*(g*(eSyn-c.EL)+i), rIn
				})
			},
		},
	},
	{Check: CheckExpConductance,
		Right: func() check.Result { return CheckExpConductance(ref.ExpKernel) },
		// Open before the spike.
		Wrong: func() check.Result {
			return CheckExpConductance(func(t, gMax, tau float64) float64 { return gMax * math.Exp(-t/tau) })
		},
		Variants: []any{
			// Divides by the growing exponential, on for t ≥ 0.
			func() check.Result {
				return CheckExpConductance(func(t, gMax, tau float64) float64 {
					if t >= 0 {
						return gMax / math.Exp(t/tau)
					}
					return 0
				})
			},
			// The rate 1/τ precomputed.
			func() check.Result {
				return CheckExpConductance(func(t, gMax, tau float64) float64 {
					k := 1 / tau
					if t < 0 {
						return 0
					}
					return gMax * math.Exp(-k*t)
				})
			},
		},
	},
	{Check: CheckAlphaConductance,
		Right: func() check.Result { return CheckAlphaConductance(ref.AlphaKernel) },
		// Without the factor e: peaks at g_max/e.
		Wrong: func() check.Result {
			return CheckAlphaConductance(func(t, gMax, tau float64) float64 { return ref.AlphaKernel(t, gMax, tau) / math.E })
		},
		Variants: []any{
			// The factor e as math.E.
			func() check.Result {
				return CheckAlphaConductance(func(t, gMax, tau float64) float64 {
					if t < 0 {
						return 0
					}
					return math.E * gMax * (t / tau) * math.Exp(-t/tau)
				})
			},
			// e^(1 − t/τ) as e over e^(t/τ).
			func() check.Result {
				return CheckAlphaConductance(func(t, gMax, tau float64) float64 {
					if t < 0 {
						return 0
					}
					x := t / tau
					return gMax * x * math.Exp(1) / math.Exp(x)
				})
			},
		},
	},
	{Check: CheckDualExpConductance,
		Right: func() check.Result { return CheckDualExpConductance(ref.DualExpKernel) },
		// Not normalized to its peak.
		Wrong: func() check.Result {
			return CheckDualExpConductance(func(t, gMax, tauR, tauD float64) float64 {
				if t < 0 {
					return 0
				}
				return gMax * (math.Exp(-t/tauD) - math.Exp(-t/tauR))
			})
		},
		Variants: []any{
			// The peak time from the rates: ln(τ_d/τ_r)/(1/τ_r − 1/τ_d).
			func() check.Result {
				return CheckDualExpConductance(func(t, gMax, tauR, tauD float64) float64 {
					if t < 0 {
						return 0
					}
					tp := math.Log(tauD/tauR) / (1/tauR - 1/tauD)
					shape := func(t float64) float64 { return math.Exp(-t/tauD) - math.Exp(-t/tauR) }
					return gMax * shape(t) / shape(tp)
				})
			},
			// A difference of logs, the normalisation as a factor.
			func() check.Result {
				return CheckDualExpConductance(func(t, gMax, tauR, tauD float64) float64 {
					if t < 0 {
						return 0
					}
					tp := tauR * tauD * (math.Log(tauD) - math.Log(tauR)) / (tauD - tauR)
					norm := 1 / (math.Exp(-tp/tauD) - math.Exp(-tp/tauR))
					return norm * gMax * (math.Exp(-t/tauD) - math.Exp(-t/tauR))
				})
			},
		},
	},
	{Check: CheckConductanceStep,
		Right: func() check.Result { return CheckConductanceStep(ref.ConductanceStep) },
		// Euler's decay.
		Wrong: func() check.Result {
			return CheckConductanceStep(func(g, dt, tau, dg float64, n int) float64 { return g - dt*g/tau + dg*float64(n) })
		},
		Variants: []any{
			// Divides by the growing exponential, the spikes first.
			func() check.Result {
				return CheckConductanceStep(func(g, dt, tau, dg float64, spikes int) float64 {
					return float64(spikes)*dg + g/math.Exp(dt/tau)
				})
			},
			// Adds Δg once per spike in a loop.
			func() check.Result {
				return CheckConductanceStep(func(g, dt, tau, dg float64, spikes int) float64 {
					g *= math.Exp(-dt / tau)
					for range spikes {
						g += dg
					}
					return g
				})
			},
		},
	},
	{Check: CheckConductanceTrace,
		Right: func() check.Result { return CheckConductanceTrace(ref.ConductanceTrace) },
		// Counts at most one spike per step.
		Wrong: func() check.Result {
			return CheckConductanceTrace(func(spikes []float64, dg, tau, dt, tEnd float64) []float64 {
				var once []float64
				for k, s := range spikes {
					if k == 0 || s != spikes[k-1] {
						once = append(once, s)
					}
				}
				return ref.ConductanceTrace(once, dg, tau, dt, tEnd)
			})
		},
		Variants: []any{
			// The decay factor precomputed, the spikes' steps counted in a map.
			func() check.Result { return CheckConductanceTrace(conductanceByMap) },
			// Each spike's kernel summed at every later time: g(t) = Σ Δg·e^(−(t − s)/τ).
			func() check.Result {
				return CheckConductanceTrace(func(spikes []float64, dg, tau, dt, tEnd float64) []float64 {
					g := make([]float64, int(math.Round(tEnd/dt))+1)
					for _, s := range spikes {
						k0 := int(math.Round(s / dt))
						for k := max(k0, 0); k < len(g); k++ {
							g[k] += dg * math.Exp(-float64(k-k0)*dt/tau)
						}
					}
					return g
				})
			},
		},
	},
	{Check: CheckSimulateSynaptic,
		Right: func() check.Result { return CheckSimulateSynaptic(simulateSynaptic) },
		// Adds the outward current instead of taking it away.
		Wrong: func() check.Result {
			return CheckSimulateSynaptic(func(c Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64) {
				v = make([]float64, len(g))
				v[0] = c.EL + c.R*i
				for k := 1; k < len(v); k++ {
					var fired bool
					v[k], fired = LIFStep(v[k-1], i+g[k-1]*(v[k-1]-eSyn), c, dt)
					if fired {
						spikes = append(spikes, float64(k)*dt)
					}
				}
				return v, spikes
			})
		},
		Variants: []any{
			// The τ form of the step, with a clock that adds dt.
			func() check.Result { return CheckSimulateSynaptic(simulateSynapticRelax) },
			// The given LIFStep with the inward synaptic current g·(E_syn − V).
			func() check.Result {
				return CheckSimulateSynaptic(func(c Cell, g []float64, eSyn, i, dt float64) (v, spikes []float64) {
					v = []float64{c.EL + i*c.R}
					for k := 1; k < len(g); k++ {
						next, fired := LIFStep(v[k-1], g[k-1]*(eSyn-v[k-1])+i, c, dt)
						v = append(v, next)
						if fired {
							spikes = append(spikes, float64(k)*dt)
						}
					}
					return v, spikes
				})
			},
		},
	},
	{Check: CheckPSPPeak,
		Right: func() check.Result { return CheckPSPPeak(ref.PSPPeak) },
		// The maximum only: misses hyperpolarizing PSPs.
		Wrong: func() check.Result {
			return CheckPSPPeak(func(v []float64, dt float64) (float64, float64) {
				amp, tp := 0.0, 0.0
				for k := range v {
					if v[k]-v[0] > amp {
						amp, tp = v[k]-v[0], float64(k)*dt
					}
				}
				return amp, tp
			})
		},
		Variants: []any{
			// The deviations first, then the index of the largest |deviation|.
			func() check.Result { return CheckPSPPeak(pspPeakByIndex) },
			// The largest rise and the deepest fall tracked apart, the larger kept.
			func() check.Result {
				return CheckPSPPeak(func(v []float64, dt float64) (float64, float64) {
					hi, lo := 0, 0
					for k := range v {
						if v[k] > v[hi] {
							hi = k
						}
						if v[k] < v[lo] {
							lo = k
						}
					}
					up, down := v[hi]-v[0], v[lo]-v[0]
					switch {
					case up == 0 && down == 0:
						return 0, 0
					case up > -down || (up == -down && hi < lo):
						return up, float64(hi) * dt
					}
					return down, float64(lo) * dt
				})
			},
		},
	},
	{Check: CheckIPSP,
		Right: func() check.Result { return CheckIPSP(ipsp) },
		// The size without its sign.
		Wrong: func() check.Result {
			return CheckIPSP(func(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
				return math.Abs(ipsp(c, hold, dg, tau, eSyn, dt, tEnd))
			})
		},
		Variants: []any{
			// Its own conductance trace, simulation and peak.
			func() check.Result {
				return CheckIPSP(func(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
					return pspOf(c, []float64{0}, hold, dg, tau, eSyn, dt, tEnd)
				})
			},
			// The course's pieces, the amplitude as the peak minus the holding level.
			func() check.Result {
				return CheckIPSP(func(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
					v, _ := simulateSynaptic(c, ref.ConductanceTrace([]float64{0}, dg, tau, dt, tEnd), eSyn, hold, dt)
					amp, _ := pspPeakByIndex(v, dt)
					return amp
				})
			},
		},
	},
	{Check: CheckPairPSP,
		Right: func() check.Result { return CheckPairPSP(pairPSP) },
		// Adds two single PSPs.
		Wrong: func() check.Result {
			return CheckPairPSP(func(c Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64 {
				return 2 * ref.PSP(ref.Cell(c), []float64{0}, 0, dg, tau, eSyn, dt, tEnd)
			})
		},
		Variants: []any{
			// Its own conductance trace, simulation and peak.
			func() check.Result {
				return CheckPairPSP(func(c Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64 {
					return pspOf(c, []float64{0, interval}, 0, dg, tau, eSyn, dt, tEnd)
				})
			},
			// The conductance as a sum of two kernels sampled on the grid.
			func() check.Result {
				return CheckPairPSP(func(c Cell, dg, tau, eSyn, interval, dt, tEnd float64) float64 {
					g := make([]float64, int(math.Round(tEnd/dt))+1)
					second := int(math.Round(interval / dt))
					for k := range g {
						g[k] = dg * math.Exp(-float64(k)*dt/tau)
						if k >= second {
							g[k] += dg * math.Exp(-float64(k-second)*dt/tau)
						}
					}
					v, _ := simulateSynapticRelax(c, g, eSyn, 0, dt)
					amp, _ := pspPeakByIndex(v, dt)
					return amp
				})
			},
		},
	},
	{Check: CheckSynchronousPSP,
		Right: func() check.Result { return CheckSynchronousPSP(synchronousPSP) },
		// n times one PSP: linear summation.
		Wrong: func() check.Result {
			return CheckSynchronousPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
				return float64(n) * synchronousPSP(c, 1, dg, tau, eSyn, dt, tEnd)
			})
		},
		Variants: []any{
			// Its own conductance trace, simulation and peak.
			func() check.Result {
				return CheckSynchronousPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
					return pspOf(c, make([]float64, n), 0, dg, tau, eSyn, dt, tEnd)
				})
			},
			// One spike of n·Δg.
			func() check.Result {
				return CheckSynchronousPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
					return pspOf(c, []float64{0}, 0, float64(n)*dg, tau, eSyn, dt, tEnd)
				})
			},
		},
	},
	{Check: CheckCurrentPSP,
		Right: func() check.Result { return CheckCurrentPSP(currentPSP) },
		// The conductance synapse of Level 13: the driving force not frozen.
		Wrong: func() check.Result { return CheckCurrentPSP(synchronousPSP) },
		Variants: []any{
			// The current −g·(E_L − E_syn) fed to its own τ-form simulation from rest.
			func() check.Result {
				return CheckCurrentPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
					g := conductanceByMap(make([]float64, n), dg, tau, dt, tEnd)
					v := []float64{c.EL}
					for k := 1; k < len(g); k++ {
						next, _ := lifStepRelax(v[k-1], g[k-1]*(eSyn-c.EL), c, dt)
						v = append(v, next)
					}
					amp, _ := pspPeakByIndex(v, dt)
					return amp
				})
			},
			// The conductance synapse with the driving force frozen at rest: E_syn seen from E_L.
			func() check.Result {
				return CheckCurrentPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
					g := ref.ConductanceTrace(make([]float64, n), dg, tau, dt, tEnd)
					v := make([]float64, len(g))
					v[0] = c.EL
					for k := 1; k < len(v); k++ {
						v[k], _ = LIFStep(v[k-1], -g[k-1]*c.EL+g[k-1]*eSyn, c, dt)
					}
					amp, _ := ref.PSPPeak(v, dt)
					return amp
				})
			},
		},
	},
	{Check: CheckSimulateEI,
		Right: func() check.Result { return CheckSimulateEI(simulateEI) },
		// The excitatory reversal for both synapses.
		Wrong: func() check.Result {
			return CheckSimulateEI(func(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
				return simulateEI(c, gE, gI, eE, eE, i, dt)
			})
		},
		Variants: []any{
			// The τ form of the step, the two synapses' inward currents added.
			func() check.Result { return CheckSimulateEI(simulateEIRelax) },
			// The total conductance and its reversal: g_E·E_E + g_I·E_I over g_E + g_I, with the given LIFStep.
			func() check.Result {
				return CheckSimulateEI(func(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
					v = make([]float64, len(gE))
					v[0] = c.EL + c.R*i
					for k := 1; k < len(v); k++ {
						u := v[k-1]
						syn := gE[k-1]*(eE-u) + gI[k-1]*(eI-u)
						var fired bool
						if v[k], fired = LIFStep(u, i+syn, c, dt); fired {
							spikes = append(spikes, float64(k)*dt)
						}
					}
					return v, spikes
				})
			},
		},
	},
	{Check: CheckInputsToFire,
		Right: func() check.Result { return CheckInputsToFire(inputsToFire) },
		// The last number that does not fire.
		Wrong: func() check.Result {
			return CheckInputsToFire(func(c Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int {
				if n := inputsToFire(c, dg, tau, eSyn, dt, tEnd, maxN); n > 0 {
					return n - 1
				}
				return maxN
			})
		},
		Variants: []any{
			// Its own simulation, counting up from one.
			func() check.Result {
				return CheckInputsToFire(func(c Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int {
					for n := 1; n <= maxN; n++ {
						g := conductanceByMap(make([]float64, n), dg, tau, dt, tEnd)
						if _, spikes := simulateSynapticRelax(c, g, eSyn, 0, dt); len(spikes) > 0 {
							return n
						}
					}
					return 0
				})
			},
			// One spike of n·Δg, the run stopped at the first spike.
			func() check.Result {
				return CheckInputsToFire(func(c Cell, dg, tau, eSyn, dt, tEnd float64, maxN int) int {
					for n := 1; n <= maxN; n++ {
						g := ref.ConductanceTrace([]float64{0}, float64(n)*dg, tau, dt, tEnd)
						v := c.EL
						for k := 1; k < len(g); k++ {
							var fired bool
							if v, fired = LIFStep(v, -g[k-1]*(v-eSyn), c, dt); fired {
								return n
							}
						}
					}
					return 0
				})
			},
		},
	},
	{Check: CheckMgBlock,
		Right: func() check.Result { return CheckMgBlock(ref.MgBlock) },
		// The exponent's sign.
		Wrong: func() check.Result {
			return CheckMgBlock(func(v, mg float64) float64 { return 1 / (1 + mg/3.57*math.Exp(0.062*v)) })
		},
		Variants: []any{
			// The factors of the exponential's term in another order.
			func() check.Result {
				return CheckMgBlock(func(v, mg float64) float64 { return 1 / (1 + math.Exp(-0.062*v)*mg/3.57) })
			},
			// Multiplied through by 3.57.
			func() check.Result {
				return CheckMgBlock(func(v, mg float64) float64 { return 3.57 / (3.57 + mg*math.Exp(-0.062*v)) })
			},
		},
	},
	{Check: CheckCampbell,
		Right: func() check.Result { return CheckCampbell(ref.Campbell) },
		// ∫k² taken as J²·τ, without the 1/2.
		Wrong: func() check.Result {
			return CheckCampbell(func(rate, j, tau float64) (float64, float64) {
				m, v := ref.Campbell(rate, j, tau)
				return m, 2 * v
			})
		},
		Variants: []any{
			// The rate per ms kept as rate/1000 in each.
			func() check.Result {
				return CheckCampbell(func(rate, j, tau float64) (float64, float64) {
					return rate * j * tau / 1000, rate * j * j * tau / 2000
				})
			},
			// The variance from the mean: ν·J²·τ/2 = mean·J/2.
			func() check.Result {
				return CheckCampbell(func(rate, j, tau float64) (float64, float64) {
					mean := rate / 1000 * tau * j
					return mean, mean * j / 2
				})
			},
		},
	},
	{Check: CheckSiegertRate,
		Right: func() check.Result { return CheckSiegertRate(siegert) },
		// The √2 slip: σ_V taken for the noise amplitude σ.
		Wrong: func() check.Result {
			return CheckSiegertRate(func(c Cell, tRef, mu, sigmaV float64) float64 {
				return siegert(c, tRef, mu, sigmaV/math.Sqrt2)
			})
		},
		Variants: []any{
			// The notebook's quadrature: gonum's 200-node Gauss–Legendre rule.
			func() check.Result {
				return CheckSiegertRate(func(c Cell, tRef, mu, sigmaV float64) float64 {
					sigma := math.Sqrt2 * sigmaV
					a, b := (c.VReset-mu)/sigma, (c.VTh-mu)/sigma
					integral := quad.Fixed(func(u float64) float64 { return ref.Erfcx(-u) }, a, b, 200, nil, 0)
					return 1000 / (tRef + c.R*c.C*math.Sqrt(math.Pi)*integral)
				})
			},
			// Simpson's rule with 2000 intervals.
			func() check.Result {
				return CheckSiegertRate(func(c Cell, tRef, mu, sigmaV float64) float64 {
					sigma := sigmaV * math.Sqrt(2)
					a, b := (c.VReset-mu)/sigma, (c.VTh-mu)/sigma
					f := func(u float64) float64 { return ref.Erfcx(-u) }
					const n = 2000
					h := (b - a) / n
					sum := f(a) + f(b)
					for k := 1; k < n; k++ {
						sum += float64(2+2*(k%2)) * f(a+float64(k)*h)
					}
					return 1 / ((tRef + c.R*c.C*math.Sqrt(math.Pi)*sum*h/3) / 1000)
				})
			},
		},
	},
	{Check: CheckDepression,
		Right: func() check.Result { return CheckDepression(ref.Depression) },
		// Releases U·x after depleting x.
		Wrong: func() check.Result {
			return CheckDepression(func(spikes []float64, U, tauRec float64) []float64 {
				r := ref.Depression(spikes, U, tauRec)
				for k := range r {
					r[k] *= 1 - U
				}
				return r
			})
		},
		Variants: []any{
			// The depleted fraction 1 − x tracked instead of x.
			func() check.Result {
				return CheckDepression(func(spikes []float64, U, tauRec float64) []float64 {
					var r []float64
					depleted := 0.0
					for k, t := range spikes {
						if k > 0 {
							depleted *= math.Exp(-(t - spikes[k-1]) / tauRec)
						}
						release := U * (1 - depleted)
						r = append(r, release)
						depleted += release
					}
					return r
				})
			},
			// Recovery written as x + (1 − x)·(1 − e^(−Δt/τ_rec)).
			func() check.Result {
				return CheckDepression(func(spikes []float64, U, tauRec float64) []float64 {
					r := make([]float64, len(spikes))
					x := 1.0
					for k := range spikes {
						if k > 0 {
							x += (1 - x) * -math.Expm1(-(spikes[k]-spikes[k-1])/tauRec)
						}
						r[k] = U * x
						x *= 1 - U
					}
					return r
				})
			},
		},
	},
	{Check: CheckFacilitation,
		Right: func() check.Result { return CheckFacilitation(ref.Facilitation) },
		// Jumps by U instead of U·(1 − u).
		Wrong: func() check.Result {
			return CheckFacilitation(func(spikes []float64, U, tauF float64) []float64 {
				us, u := make([]float64, len(spikes)), 0.0
				for k, t := range spikes {
					if k > 0 {
						u *= math.Exp(-(t - spikes[k-1]) / tauF)
					}
					u += U
					us[k] = u
				}
				return us
			})
		},
		Variants: []any{
			// The jump written as U + (1 − U)·u.
			func() check.Result {
				return CheckFacilitation(func(spikes []float64, U, tauF float64) []float64 {
					var us []float64
					u, last := 0.0, 0.0
					for _, t := range spikes {
						u = U + (1-U)*u*math.Exp(-(t-last)/tauF)
						us = append(us, u)
						last = t
					}
					return us
				})
			},
			// The decay from the previous spike's u, indexed from 1.
			func() check.Result {
				return CheckFacilitation(func(spikes []float64, U, tauF float64) []float64 {
					if len(spikes) == 0 {
						return nil
					}
					us := []float64{U}
					for k := 1; k < len(spikes); k++ {
						decayed := us[k-1] / math.Exp((spikes[k]-spikes[k-1])/tauF)
						us = append(us, decayed+U*(1-decayed))
					}
					return us
				})
			},
		},
	},
	{Check: CheckTsodyksMarkram,
		Right: func() check.Result { return CheckTsodyksMarkram(ref.TM) },
		// Releases before u jumps: the wrong order.
		Wrong: func() check.Result {
			return CheckTsodyksMarkram(func(spikes []float64, U, tauRec, tauF float64) []float64 {
				r, u, x := make([]float64, len(spikes)), 0.0, 1.0
				for k, t := range spikes {
					if k > 0 {
						d := t - spikes[k-1]
						x = 1 - (1-x)*math.Exp(-d/tauRec)
						u *= math.Exp(-d / tauF)
					}
					r[k] = u * x
					x -= r[k]
					u += U * (1 - u)
				}
				return r
			})
		},
		Variants: []any{
			// The depleted fraction tracked, u jumping as U + (1 − U)·u.
			func() check.Result {
				return CheckTsodyksMarkram(func(spikes []float64, U, tauRec, tauF float64) []float64 {
					var r []float64
					u, depleted := 0.0, 0.0
					for k, t := range spikes {
						if k > 0 {
							d := t - spikes[k-1]
							depleted *= math.Exp(-d / tauRec)
							u *= math.Exp(-d / tauF)
						}
						u = U + (1-U)*u
						release := u * (1 - depleted)
						r = append(r, release)
						depleted += release
					}
					return r
				})
			},
			// x after the release as x·(1 − u).
			func() check.Result {
				return CheckTsodyksMarkram(func(spikes []float64, U, tauRec, tauF float64) []float64 {
					r := make([]float64, len(spikes))
					u, x := 0.0, 1.0
					for k := range spikes {
						if k > 0 {
							d := spikes[k] - spikes[k-1]
							x = 1 + (x-1)*math.Exp(-d/tauRec)
							u = u * math.Exp(-d/tauF)
						}
						u += U * (1 - u)
						r[k] = u * x
						x *= 1 - u
					}
					return r
				})
			},
		},
	},
	{Check: CheckSteadyRatio,
		Right: func() check.Result { return CheckSteadyRatio(ref.SteadyRatio) },
		// The steady release itself, not over the first.
		Wrong: func() check.Result {
			return CheckSteadyRatio(func(U, tauRec, tauF, rate float64) float64 {
				return U * ref.SteadyRatio(U, tauRec, tauF, rate)
			})
		},
		Variants: []any{
			// A train of 3000 spikes run through Tsodyks–Markram, its last release over its first.
			func() check.Result {
				return CheckSteadyRatio(func(U, tauRec, tauF, rate float64) float64 {
					spikes := make([]float64, 3000)
					for k := range spikes {
						spikes[k] = float64(k) * 1000 / rate
					}
					r := ref.TM(spikes, U, tauRec, tauF)
					return r[len(r)-1] / r[0]
				})
			},
			// The fixed points with the interval in seconds and the rates per s.
			func() check.Result {
				return CheckSteadyRatio(func(U, tauRec, tauF, rate float64) float64 {
					d := 1 / rate
					u := U
					if tauF > 0 {
						u = U / (1 - (1-U)*math.Exp(-d*1000/tauF))
					}
					e := math.Exp(-d * 1000 / tauRec)
					return u / U * (1 - e) / (1 - e + u*e)
				})
			},
		},
	},
	{Check: CheckPairedPulseRatio,
		Right: func() check.Result { return CheckPairedPulseRatio(ref.PairedPulseRatio) },
		// First over second.
		Wrong: func() check.Result {
			return CheckPairedPulseRatio(func(U, tauRec, tauF, d float64) float64 {
				return 1 / ref.PairedPulseRatio(U, tauRec, tauF, d)
			})
		},
		Variants: []any{
			// In closed form: u₂·x₂/U, with x₂ = 1 − U·e^(−Δ/τ_rec).
			func() check.Result {
				return CheckPairedPulseRatio(func(U, tauRec, tauF, d float64) float64 {
					u2 := U
					if tauF > 0 {
						ud := U * math.Exp(-d/tauF)
						u2 = ud + U*(1-ud)
					}
					return u2 * (1 - U*math.Exp(-d/tauRec)) / U
				})
			},
			// u from the Facilitation of the level before (τ_F = 0 decays at
			// once), x recovering from 1 − u₁ by 1 − e^(−Δ/τ_rec) of the way.
			func() check.Result {
				return CheckPairedPulseRatio(func(U, tauRec, tauF, d float64) float64 {
					us := ref.Facilitation([]float64{0, d}, U, tauF)
					x := 1 - us[0]
					x += (1 - x) * -math.Expm1(-d/tauRec)
					return us[1] * x / us[0]
				})
			},
		},
	},
	{Check: CheckCouplingCoefficient,
		Right: func() check.Result { return CheckCouplingCoefficient(coupling) },
		// Cell 1's change over cell 2's.
		Wrong: func() check.Result {
			return CheckCouplingCoefficient(func(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
				return 1 / coupling(c1, c2, gc, i, dt, tEnd)
			})
		},
		Variants: []any{
			// dt/C precomputed, the gap-junction current named, appending.
			func() check.Result {
				return CheckCouplingCoefficient(func(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
					a, b := c1.EL, c2.EL
					k1, k2 := dt/c1.C, dt/c2.C
					for range int(math.Round(tEnd / dt)) {
						gap := gc * (a - b)
						a, b = a+k1*(i-(a-c1.EL)/c1.R-gap), b+k2*(gap-(b-c2.EL)/c2.R)
					}
					return (b - c2.EL) / (a - c1.EL)
				})
			},
			// Deviations from rest simulated, which start at zero.
			func() check.Result {
				return CheckCouplingCoefficient(func(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
					var d1, d2 float64
					t := 0.0
					for t < tEnd-dt/2 {
						d1, d2 = d1+dt*(i-d1/c1.R-gc*(d1-d2+c1.EL-c2.EL))/c1.C, d2+dt*(-d2/c2.R+gc*(d1-d2+c1.EL-c2.EL))/c2.C
						t += dt
					}
					return d2 / d1
				})
			},
		},
	},
}

func TestLevels(t *testing.T) {
	checktest.Run(t, Project, levelTests)
}

// The helpers handed to learners agree with the references.
func TestHelpers(t *testing.T) {
	if Default() != Cell(ref.Default()) {
		t.Errorf("Default() = %v, want %v", Default(), ref.Default())
	}
	for _, g := range [][2]float64{{100, 0.1}, {50, 0.25}, {0.3, 0.1}} {
		got, want := TimeGrid(g[0], g[1]), ref.TimeGrid(g[0], g[1])
		if err := check.CompareSlice(got, want, check.Tol{}); err != nil {
			t.Errorf("TimeGrid(%g, %g): %v", g[0], g[1], err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		c := randomCell(r)
		v, i, dt := c.VTh-check.Uniform(r, 0, 5), check.Uniform(r, -2, 5), check.AnyStep(r, 0.5)
		gv, gf := LIFStep(v, i, c, dt)
		wv, wf := ref.LIFStep(v, i, ref.Cell(c), dt)
		if gv != wv || gf != wf {
			t.Fatalf("LIFStep(%g, %g, %v, %g) = %g, %v; want %g, %v", v, i, c, dt, gv, gf, wv, wf)
		}
	}
}

// A Siegert rate computed with e^(u²)(1 + erf u) written out fails on the
// case far above threshold with little noise, where it is Inf·0 = NaN.
func TestNaiveSiegertFails(t *testing.T) {
	naive := func(c Cell, tRef, mu, sigmaV float64) float64 {
		sigma := math.Sqrt2 * sigmaV
		a, b := (c.VReset-mu)/sigma, (c.VTh-mu)/sigma
		n := 20000
		h, sum := (b-a)/float64(n), 0.0
		for k := range n {
			u := a + (float64(k)+0.5)*h
			sum += math.Exp(u*u) * (1 + math.Erf(u)) * h
		}
		return 1000 / (tRef + c.R*c.C*math.Sqrt(math.Pi)*sum)
	}
	if res := CheckSiegertRate(naive); res.Status != check.Failed {
		t.Errorf("the naive Siegert rate: %s, want failed:\n%s", res.Status, res.Message)
	}
}
