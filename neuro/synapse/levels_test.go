package synapse

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/synapse"
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

var levelTests = []checktest.Level{
	{Check: CheckSynapticCurrent,
		Right: func() check.Result { return CheckSynapticCurrent(ref.Current) },
		// The driving force the wrong way round.
		Wrong: func() check.Result {
			return CheckSynapticCurrent(func(g, v, eSyn float64) float64 { return g * (eSyn - v) })
		},
	},
	{Check: CheckEffect,
		Right: func() check.Result { return CheckEffect(ref.Effect) },
		// Compares the reversal with the resting potential, not with V.
		Wrong: func() check.Result { return CheckEffect(func(v, eSyn float64) string { return ref.Effect(-65, eSyn) }) },
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
	},
	{Check: CheckExpConductance,
		Right: func() check.Result { return CheckExpConductance(ref.ExpKernel) },
		// Open before the spike.
		Wrong: func() check.Result {
			return CheckExpConductance(func(t, gMax, tau float64) float64 { return gMax * math.Exp(-t/tau) })
		},
	},
	{Check: CheckAlphaConductance,
		Right: func() check.Result { return CheckAlphaConductance(ref.AlphaKernel) },
		// Without the factor e: peaks at g_max/e.
		Wrong: func() check.Result {
			return CheckAlphaConductance(func(t, gMax, tau float64) float64 { return ref.AlphaKernel(t, gMax, tau) / math.E })
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
	},
	{Check: CheckConductanceStep,
		Right: func() check.Result { return CheckConductanceStep(ref.ConductanceStep) },
		// Euler's decay.
		Wrong: func() check.Result {
			return CheckConductanceStep(func(g, dt, tau, dg float64, n int) float64 { return g - dt*g/tau + dg*float64(n) })
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
	},
	{Check: CheckIPSP,
		Right: func() check.Result { return CheckIPSP(ipsp) },
		// The size without its sign.
		Wrong: func() check.Result {
			return CheckIPSP(func(c Cell, hold, dg, tau, eSyn, dt, tEnd float64) float64 {
				return math.Abs(ipsp(c, hold, dg, tau, eSyn, dt, tEnd))
			})
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
	},
	{Check: CheckSynchronousPSP,
		Right: func() check.Result { return CheckSynchronousPSP(synchronousPSP) },
		// n times one PSP: linear summation.
		Wrong: func() check.Result {
			return CheckSynchronousPSP(func(c Cell, n int, dg, tau, eSyn, dt, tEnd float64) float64 {
				return float64(n) * synchronousPSP(c, 1, dg, tau, eSyn, dt, tEnd)
			})
		},
	},
	{Check: CheckCurrentPSP,
		Right: func() check.Result { return CheckCurrentPSP(currentPSP) },
		// The conductance synapse of Level 13: the driving force not frozen.
		Wrong: func() check.Result { return CheckCurrentPSP(synchronousPSP) },
	},
	{Check: CheckSimulateEI,
		Right: func() check.Result { return CheckSimulateEI(simulateEI) },
		// The excitatory reversal for both synapses.
		Wrong: func() check.Result {
			return CheckSimulateEI(func(c Cell, gE, gI []float64, eE, eI, i, dt float64) (v, spikes []float64) {
				return simulateEI(c, gE, gI, eE, eE, i, dt)
			})
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
	},
	{Check: CheckMgBlock,
		Right: func() check.Result { return CheckMgBlock(ref.MgBlock) },
		// The exponent's sign.
		Wrong: func() check.Result {
			return CheckMgBlock(func(v, mg float64) float64 { return 1 / (1 + mg/3.57*math.Exp(0.062*v)) })
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
	},
	{Check: CheckSiegertRate,
		Right: func() check.Result { return CheckSiegertRate(siegert) },
		// The √2 slip: σ_V taken for the noise amplitude σ.
		Wrong: func() check.Result {
			return CheckSiegertRate(func(c Cell, tRef, mu, sigmaV float64) float64 {
				return siegert(c, tRef, mu, sigmaV/math.Sqrt2)
			})
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
	},
	{Check: CheckSteadyRatio,
		Right: func() check.Result { return CheckSteadyRatio(ref.SteadyRatio) },
		// The steady release itself, not over the first.
		Wrong: func() check.Result {
			return CheckSteadyRatio(func(U, tauRec, tauF, rate float64) float64 {
				return U * ref.SteadyRatio(U, tauRec, tauF, rate)
			})
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
	},
	{Check: CheckCouplingCoefficient,
		Right: func() check.Result { return CheckCouplingCoefficient(coupling) },
		// Cell 1's change over cell 2's.
		Wrong: func() check.Result {
			return CheckCouplingCoefficient(func(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
				return 1 / coupling(c1, c2, gc, i, dt, tEnd)
			})
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
