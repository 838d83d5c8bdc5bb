package dynamics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// The reference answers, taking this package's types.

func fhnDeriv(p FHN, i, v, w float64) (float64, float64) { return ref.FHNDeriv(ref.FHN(p), i, v, w) }
func nullclines(p FHN, i, v float64) (float64, float64)  { return ref.Nullclines(ref.FHN(p), i, v) }
func fhnFixedPoint(p FHN, i float64) (float64, float64)  { return ref.FHNFixedPoint(ref.FHN(p), i) }
func fhnJacobian(p FHN, v, w float64) [2][2]float64      { return ref.FHNJacobian(ref.FHN(p), v, w) }

func fhnTrajectory(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
	return ref.FHNTrajectory(ref.FHN(p), i, v0, w0, dt, steps)
}

func wcSimulate(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
	return ref.WCSimulate(ref.WC(p), e0, i0, dt, steps)
}

func wcFixedPoint(p WC, e0, i0 float64) (float64, float64, float64) {
	return ref.WCFixedPoint(ref.WC(p), e0, i0)
}

func izhikevich(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
	return ref.Izhikevich(ref.Izh(p), i, dt, tEnd)
}

func adEx(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
	return ref.SimulateAdEx(ref.AdEx(p), i, dt, tEnd)
}

func rkStep(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
	return ref.RKStep(tab.toRef(), f, t, y, h)
}

func measureOrder(tab Tableau, dts []float64) float64 { return ref.MeasureOrder(tab.toRef(), dts) }

var levelTests = []checktest.Level{
	{Check: CheckFHNDeriv,
		Right: fhnDeriv,
		// The recovery variable with the wrong sign in dw/dt.
		Wrong: func() check.Result {
			return CheckFHNDeriv(func(p FHN, i, v, w float64) (float64, float64) {
				return v - v*v*v/3 - w + i, p.Eps * (v + p.A + p.B*w)
			})
		}},
	{Check: CheckNullclines,
		Right: nullclines,
		// Forgets the 1/3 of the cubic.
		Wrong: func() check.Result {
			return CheckNullclines(func(p FHN, i, v float64) (float64, float64) { return v - v*v*v + i, (v + p.A) / p.B })
		}},
	{Check: CheckFHNFixedPoint,
		Right: fhnFixedPoint,
		// Ignores the current.
		Wrong: func() check.Result {
			return CheckFHNFixedPoint(func(p FHN, i float64) (float64, float64) { return fhnFixedPoint(p, 0) })
		}},
	{Check: CheckFHNJacobian,
		Right: fhnJacobian,
		// Leaves ε out of the second row.
		Wrong: func() check.Result {
			return CheckFHNJacobian(func(p FHN, v, w float64) [2][2]float64 { return [2][2]float64{{1 - v*v, -1}, {1, -p.B}} })
		}},
	{Check: CheckLeadingEigen,
		Right: ref.LeadingEigen,
		// The square root of T² − 4D without halving it.
		Wrong: func() check.Result {
			return CheckLeadingEigen(func(j [2][2]float64) (float64, float64) {
				tr, det := j[0][0]+j[1][1], j[0][0]*j[1][1]-j[0][1]*j[1][0]
				if d := tr*tr - 4*det; d >= 0 {
					return tr/2 + math.Sqrt(d), 0
				} else {
					return tr / 2, math.Sqrt(-d)
				}
			})
		}},
	{Check: CheckFHNTrajectory,
		Right: fhnTrajectory,
		// Forward Euler instead of RK4.
		Wrong: func() check.Result {
			return CheckFHNTrajectory(func(p FHN, i, v0, w0, dt float64, steps int) ([]float64, []float64) {
				v, w := []float64{v0}, []float64{w0}
				for k := range steps {
					dv, dw := fhnDeriv(p, i, v[k], w[k])
					v, w = append(v, v[k]+dt*dv), append(w, w[k]+dt*dw)
				}
				return v, w
			})
		}},
	{Check: CheckOnsetCurrent,
		Right: func() check.Result {
			return CheckOnsetCurrent(func(p FHN) float64 { return ref.OnsetCurrent(ref.FHN(p)) })
		},
		// The right branch of the cubic, where oscillation ends.
		Wrong: func() check.Result {
			return CheckOnsetCurrent(func(p FHN) float64 {
				v := math.Sqrt(1 - p.Eps*p.B)
				return (v+p.A)/p.B - v + v*v*v/3
			})
		}},
	{Check: CheckSigmoid,
		Right: ref.Sigmoid,
		// The gain on x only.
		Wrong: func() check.Result {
			return CheckSigmoid(func(x, gain, theta float64) float64 { return 1 / (1 + math.Exp(-(gain*x - theta))) })
		}},
	{Check: CheckWCSimulate,
		Right: wcSimulate,
		// Forgets the time constants.
		Wrong: func() check.Result {
			return CheckWCSimulate(func(p WC, e0, i0, dt float64, steps int) ([]float64, []float64) {
				p.TauE, p.TauI = 1, 1
				return wcSimulate(p, e0, i0, dt, steps)
			})
		}},
	{Check: CheckWCFixedPoint,
		Right: wcFixedPoint,
		// The eigenvalue of the Jacobian without the time constants.
		Wrong: func() check.Result {
			return CheckWCFixedPoint(func(p WC, e0, i0 float64) (float64, float64, float64) {
				e, i, _ := wcFixedPoint(p, e0, i0)
				q := p
				q.TauE, q.TauI = 1, 1
				re, _ := ref.LeadingEigen(ref.WCJacobian(ref.WC(q), e, i))
				return e, i, re
			})
		}},
	{Check: CheckPeriod,
		Right: ref.Period,
		// Crossings at the sample after them, not interpolated.
		Wrong: func() check.Result {
			return CheckPeriod(func(t, x []float64, level float64) float64 {
				var c []float64
				for k := 1; k < len(x); k++ {
					if x[k-1] < level && level <= x[k] {
						c = append(c, t[k])
					}
				}
				return (c[len(c)-1] - c[0]) / float64(len(c)-1)
			})
		}},
	{Check: CheckStore,
		Right: ref.Store,
		// Keeps the diagonal.
		Wrong: func() check.Result {
			return CheckStore(func(p [][]int) [][]float64 {
				w := ref.Store(p)
				for i := range w {
					w[i][i] = float64(len(p)) / float64(len(w))
				}
				return w
			})
		}},
	{Check: CheckEnergy,
		Right: ref.Energy,
		// Forgets the ½.
		Wrong: func() check.Result {
			return CheckEnergy(func(w [][]float64, s []int) float64 { return 2 * ref.Energy(w, s) })
		}},
	{Check: CheckUpdateAsync,
		Right: ref.UpdateAsync,
		// Synchronous: every field from the old state.
		Wrong: func() check.Result {
			return CheckUpdateAsync(func(w [][]float64, s []int, order []int) []int {
				old := slices.Clone(s)
				out := slices.Clone(s)
				for _, i := range order {
					var h float64
					for j := range old {
						h += w[i][j] * float64(old[j])
					}
					if h > 0 {
						out[i] = 1
					} else if h < 0 {
						out[i] = -1
					}
				}
				return out
			})
		}},
	{Check: CheckRecall,
		Right: ref.Recall,
		// The overlap with the cue instead of the stored pattern.
		Wrong: func() check.Result {
			return CheckRecall(func(w [][]float64, pattern, cue []int, sweeps int, rng *rand.Rand) ([]int, float64) {
				s, _ := ref.Recall(w, pattern, cue, sweeps, rng)
				return s, ref.Overlap(s, cue)
			})
		}},
	{Check: CheckRecallRate,
		Right: ref.RecallRate,
		// Counts a pattern as recalled when the overlap is merely positive.
		Wrong: func() check.Result {
			return CheckRecallRate(func(patterns, cues [][]int, sweeps int, rng *rand.Rand) float64 {
				w := ref.Store(patterns)
				var n int
				for mu := range patterns {
					if _, m := ref.Recall(w, patterns[mu], cues[mu], sweeps, rng); m > 0 {
						n++
					}
				}
				return float64(n) / float64(len(patterns))
			})
		}},
	{Check: CheckDDMTrial,
		Right: ref.DDMTrial,
		// Noise scaled by dt instead of √dt.
		Wrong: func() check.Result {
			return CheckDDMTrial(func(v, a, sigma, dt float64, rng *rand.Rand) (int, float64) {
				return ref.DDMTrial(v, a, sigma*math.Sqrt(dt), dt, rng)
			})
		}},
	{Check: CheckDDMStats,
		Right: ref.DDMStats,
		// Noise scaled by dt instead of √dt.
		Wrong: func() check.Result {
			return CheckDDMStats(func(v, a, sigma, dt float64, n int, rng *rand.Rand) (float64, float64) {
				return ref.DDMStats(v, a, sigma*math.Sqrt(dt), dt, n, rng)
			})
		}},
	{Check: CheckSpeedAccuracy,
		Right: ref.SpeedAccuracy,
		// Forgets the 2 in the accuracy.
		Wrong: func() check.Result {
			return CheckSpeedAccuracy(func(v, sigma float64, bounds []float64) ([]float64, []float64) {
				acc, t := ref.SpeedAccuracy(v, sigma, bounds)
				for k, a := range bounds {
					acc[k] = 1 / (1 + math.Exp(-v*a/(sigma*sigma)))
				}
				return acc, t
			})
		}},
	{Check: CheckIzhikevich,
		Right: izhikevich,
		Variants: []any{
			// The paper's form: v updated in place, u from the old v kept aside.
			func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					vOld := vv
					vv += dt * (0.04*vv*vv + 5*vv + 140 - u + i)
					u += dt * p.A * (p.B*vOld - u)
					if vv >= 30 {
						spikes = append(spikes, float64(k)*dt)
						vv, u = p.C, u+p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			},
			// Horner form of the quadratic, the clock kept as t += dt.
			func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for t := dt; t < tEnd+dt/2; t += dt {
					dv := (0.04*vv+5)*vv + 140 + i - u
					du := p.A*p.B*vv - p.A*u
					vv, u = vv+dt*dv, u+dt*du
					if vv >= 30 {
						spikes = append(spikes, t)
						vv, u = p.C, u+p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			},
		},
		// Sets u to d at a spike instead of adding d.
		Wrong: func() check.Result {
			return CheckIzhikevich(func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				vv, u := p.C, p.B*p.C
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					vv, u = vv+dt*(0.04*vv*vv+5*vv+140-u+i), u+dt*p.A*(p.B*vv-u)
					if vv >= 30 {
						spikes = append(spikes, float64(k)*dt)
						vv, u = p.C, p.D
					}
					v = append(v, vv)
				}
				return v, spikes
			})
		}},
	{Check: CheckAdEx,
		Right: adEx,
		Variants: []any{
			// g_L factored out, dt/C and dt/τ_w precomputed.
			func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				n := int(math.Round(tEnd / dt))
				kv, kw := dt/p.C, dt/p.TauW
				vv, w := p.EL, 0.0
				v, spikes := []float64{vv}, []float64(nil)
				for k := 1; k <= n; k++ {
					dv := p.GL*(p.EL-vv+p.DeltaT*math.Exp((vv-p.VT)/p.DeltaT)) + i - w
					vv, w = vv+kv*dv, w+kw*(p.A*(vv-p.EL)-w)
					if vv >= p.VPeak {
						spikes = append(spikes, float64(k)*dt)
						vv, w = p.VR, w+p.B
					}
					v = append(v, vv)
				}
				return v, spikes
			},
			// In place with the old V kept aside, the clock as t += dt.
			func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				vv, w := p.EL, 0.0
				v, spikes := []float64{vv}, []float64(nil)
				for t := dt; t < tEnd+dt/2; t += dt {
					vOld := vv
					vv += dt / p.C * (i - w - p.GL*(vv-p.EL) + p.GL*p.DeltaT*math.Exp((vv-p.VT)/p.DeltaT))
					w += dt / p.TauW * (p.A*(vOld-p.EL) - w)
					if vv >= p.VPeak {
						spikes = append(spikes, t)
						vv, w = p.VR, w+p.B
					}
					v = append(v, vv)
				}
				return v, spikes
			},
		},
		// Forgets Δ_T in front of the exponential.
		Wrong: func() check.Result {
			return CheckAdEx(func(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
				return adExNoDelta(p, i, dt, tEnd)
			})
		}},
	{Check: CheckSpikesPerBurst,
		Right: ref.SpikesPerBurst,
		// Counts every sample above the threshold as a spike.
		Wrong: func() check.Result {
			return CheckSpikesPerBurst(func(x []float64, dt, threshold, gap float64) []int {
				var sizes []int
				last := math.Inf(-1)
				for k := range x {
					if x[k] >= threshold {
						if t := float64(k) * dt; t-last > gap {
							sizes = append(sizes, 0)
						}
						sizes[len(sizes)-1]++
						last = float64(k) * dt
					}
				}
				return sizes
			})
		}},
	{Check: CheckRKStep,
		Right: rkStep,
		// Evaluates every stage at t, ignoring c.
		Wrong: func() check.Result {
			return CheckRKStep(func(tab Tableau, f func(float64, []float64) []float64, t float64, y []float64, h float64) []float64 {
				return rkStep(tab, func(_ float64, y []float64) []float64 { return f(t, y) }, t, y, h)
			})
		}},
	{Check: CheckMeasureOrder,
		Right: measureOrder,
		// The slope from the smallest step alone, log(error)/log(dt).
		Wrong: func() check.Result {
			return CheckMeasureOrder(func(tab Tableau, dts []float64) float64 {
				dt := slices.Min(dts)
				return math.Log(ref.OrderError(tab.toRef(), dt)) / math.Log(dt)
			})
		}},
	{Check: CheckHRStep,
		Right: func() check.Result { return CheckHRStep(ref.HRStep[float32], ref.HRStep[float64]) },
		// Forward Euler instead of RK4.
		Wrong: func() check.Result { return CheckHRStep(hrEuler[float32], hrEuler[float64]) }},
}

// adExNoDelta is AdEx with the exponential term g_L·e^((V−V_T)/Δ_T), without
// the factor Δ_T.
func adExNoDelta(p AdEx, i, dt, tEnd float64) ([]float64, []float64) {
	n := int(math.Round(tEnd / dt))
	vv, w := p.EL, 0.0
	v, spikes := []float64{vv}, []float64(nil)
	for k := 1; k <= n; k++ {
		dv := (-p.GL*(vv-p.EL) + p.GL*math.Exp((vv-p.VT)/p.DeltaT) - w + i) / p.C
		vv, w = vv+dt*dv, w+dt*(p.A*(vv-p.EL)-w)/p.TauW
		if vv >= p.VPeak {
			spikes = append(spikes, float64(k)*dt)
			vv, w = p.VR, w+p.B
		}
		v = append(v, vv)
	}
	return v, spikes
}

func hrEuler[T float32 | float64](y [3]T, i, dt T) [3]T {
	x := y[0]
	d := [3]T{y[1] - x*x*x + 3*x*x - y[2] + i, 1 - 5*x*x - y[1], T(HRR) * (4*(x-T(HRXR)) - y[2])}
	return [3]T{y[0] + dt*d[0], y[1] + dt*d[1], y[2] + dt*d[2]}
}

func TestLevels(t *testing.T) {
	checktest.Run(t, Project, levelTests)
}

// The helpers handed to learners and the data of the checks, written in this
// package, agree with the references.
func TestHelpersMatchReferences(t *testing.T) {
	if got, want := ref.FHN(DefaultFHN()), (ref.FHN{A: 0.7, B: 0.8, Eps: 0.08}); got != want {
		t.Errorf("DefaultFHN %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		got  Tableau
		want ref.Tableau
	}{{EulerTableau(), ref.Euler}, {RK4Tableau(), ref.RK4Tableau}, {RK6Tableau(), ref.Butcher6}} {
		if !reflect.DeepEqual(c.got.toRef(), c.want) {
			t.Errorf("tableau %v, want %v", c.got, c.want)
		}
	}
	if HRR != ref.HRR || HRXR != ref.HRXR {
		t.Errorf("Hindmarsh–Rose constants differ")
	}
	_, x, z := SimulateHR(3.25, 0.01, 100)
	ys := ref.HRTrace(HRStart, 3.25, 0.01, 10000)
	for k := range ys {
		if math.Abs(x[k]-ys[k][0]) > 1e-9 || math.Abs(z[k]-ys[k][2]) > 1e-9 {
			t.Fatalf("SimulateHR differs at step %d", k)
		}
	}
	r1, r2 := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
	if p, q := RandomPatterns(30, 4, r1), ref.RandomPatterns(30, 4, r2); !reflect.DeepEqual(p, q) {
		t.Errorf("RandomPatterns differs")
	} else if !reflect.DeepEqual(Corrupt(p[0], 0.2, r1), ref.Corrupt(q[0], 0.2, r2)) {
		t.Errorf("Corrupt differs")
	}
	fhn := systems["FitzHugh–Nagumo, I = 0.5"](0, []float64{0.3, -0.2})
	if dv, dw := ref.FHNDeriv(ref.FHN(DefaultFHN()), 0.5, 0.3, -0.2); fhn[0] != dv || fhn[1] != dw {
		t.Errorf("the FitzHugh–Nagumo system differs")
	}
	if len(systems) != len(systemNames) {
		t.Errorf("%d systems, %d names", len(systems), len(systemNames))
	}
	// The Wilson–Cowan default set oscillates around an unstable focus.
	if _, _, re := ref.WCFixedPoint(ref.WC(DefaultWC()), 0.2, 0.2); re <= 0 {
		t.Errorf("the default Wilson–Cowan fixed point is stable: %g", re)
	}
}

// The statistical judge of Level 18 passes the reference on many settings of
// its random cases, and fails a walk with drift 10 % too small on most.
func TestDDMJudge(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 60 settings")
	}
	r := rand.New(rand.NewPCG(5, 6))
	var caught int
	for k := range 30 {
		c := randomStats(r)
		acc, meanT := ref.DDMStats(c.V, c.A, c.Sigma, c.Dt, c.Trials, check.NewRand(c.Seed))
		if err := ddmStatsLevel.Judge(c, stats{acc, meanT}); err != nil {
			t.Errorf("setting %d, %v: %v", k, c, err)
		}
		acc, meanT = ref.DDMStats(0.9*c.V, c.A, c.Sigma, c.Dt, c.Trials, check.NewRand(c.Seed))
		if ddmStatsLevel.Judge(c, stats{acc, meanT}) != nil {
			caught++
		}
	}
	t.Logf("a drift 10 %% too small fails %d of 30 settings", caught)
}

// The spiking judge takes a spike a step late when the potential was by
// the threshold a step earlier, as the last bits of two right answers may
// leave it, and compares the potentials up to there; it fails a spike a
// step late from further below, and spikes recorded at a step's start.
func TestJudgeSpikes(t *testing.T) {
	judge := judgeSpikes(func(w vw) (vw, float64, float64) { return w, 1, 30 }, check.Tol{Abs: 0.05})
	want := vw{[]float64{0, 29.98, -65, -60}, []float64{2}}
	if err := judge(want, vw{[]float64{0, -65, -60, -55}, []float64{1}}); err != nil {
		t.Errorf("a spike a step early from 29.98: %v", err)
	}
	if err := judge(want, vw{[]float64{0.1, -65, -60, -55}, []float64{1}}); err == nil {
		t.Errorf("a potential off before the spike passes")
	}
	want.V[1] = 29.9
	if err := judge(want, vw{[]float64{0, -65, -60, -55}, []float64{1}}); err == nil {
		t.Errorf("a spike a step early from 29.9 passes")
	}
	res := CheckIzhikevich(func(p Izh, i, dt, tEnd float64) ([]float64, []float64) {
		v, spikes := izhikevich(p, i, dt, tEnd)
		for k := range spikes {
			spikes[k] -= dt
		}
		return v, spikes
	})
	if res.Status != check.Failed {
		t.Errorf("spikes at the step's start: %s", res.Status)
	}
}
