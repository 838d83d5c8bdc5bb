package dynamics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/dynamics"
)

// This file holds levels 17–22: drift diffusion to a bound (dimensionless),
// the Izhikevich model (mV, ms), AdEx (mV, ms, pA, nS, pF) and the
// Hindmarsh–Rose model (dimensionless).

type ddmCase struct {
	V, A, Sigma, Dt float64
	Seed            uint64
}

func (c ddmCase) String() string {
	return fmt.Sprintf("v = %.4g, a = %.4g, σ = %.4g, dt = %g, seed %d", c.V, c.A, c.Sigma, c.Dt, c.Seed)
}

// trial is what DDMTrial returns.
type trial struct {
	Choice int
	T      float64
}

var ddmTrialLevel = check.Register(&check.Level[ddmCase, trial]{
	Project: Project, Number: 17, Title: "One drift-diffusion trial to a bound (seeded)", Func: "DDMTrial",
	Fixed: []ddmCase{{0.1, 1, 1, 0.01, 1}, {1, 1, 1, 0.001, 2}, {-0.5, 0.5, 0.3, 0.01, 3}},
	Random: func(r *rand.Rand) ddmCase {
		return ddmCase{check.Uniform(r, -1, 1), check.Uniform(r, 0.5, 2), check.Uniform(r, 0.3, 1.5),
			[]float64{0.001, 0.005, 0.01}[r.IntN(3)], r.Uint64()}
	},
	Randoms: 8,
	Judge: func(c ddmCase, got trial) error {
		choice, t := ref.DDMTrial(c.V, c.A, c.Sigma, c.Dt, check.NewRand(c.Seed))
		if got.Choice != choice {
			return fmt.Errorf("got choice %d, want %d", got.Choice, choice)
		}
		return check.Compare(got.T, t, simTol)
	},
	Show: ddmCase.String,
	Hint: "Start at x = 0; each step adds v·dt + σ·√dt·rng.NormFloat64() (one draw per step, √dt, not dt) " +
		"until |x| ≥ a. The time is the number of steps times dt; the choice +1 if x ≥ a, −1 otherwise.",
})

// CheckDDMTrial checks Level 17: ddmTrial(v, a, sigma, dt, rng) runs one
// drift-diffusion trial x ← x + v·dt + σ·√dt·ξ from x = 0, one draw ξ of
// rng.NormFloat64 per step, until |x| ≥ a, and returns the choice (+1 at
// the upper bound, −1 at the lower) and the decision time, steps·dt.
// Dimensionless.
func CheckDDMTrial(ddmTrial func(v, a, sigma, dt float64, rng *rand.Rand) (choice int, t float64)) check.Result {
	return ddmTrialLevel.Check(func(in ddmCase) trial {
		choice, t := ddmTrial(in.V, in.A, in.Sigma, in.Dt, check.NewRand(in.Seed))
		return trial{choice, t}
	})
}

type statsCase struct {
	V, A, Sigma, Dt float64
	Trials          int
	Seed            uint64
}

func (c statsCase) String() string {
	return fmt.Sprintf("v = %.4g, a = %.4g, σ = %.4g, dt = %g, %d trials, seed %d", c.V, c.A, c.Sigma, c.Dt, c.Trials, c.Seed)
}

// stats is what DDMStats returns.
type stats struct{ Accuracy, MeanT float64 }

// ddmTrials is the number of trials of a statistics case: with 2000, a
// drift 10 % too small fails a third of the random settings
// (TestDDMJudge), half with 4000.
const ddmTrials = 2000

// randomStats draws a setting whose mean decision time takes at most 2000
// steps and whose bound is at least ten times σ·√dt.
func randomStats(r *rand.Rand) statsCase {
	for {
		c := statsCase{check.Uniform(r, 0.05, 1.5), check.Uniform(r, 0.5, 2), check.Uniform(r, 0.5, 1.5),
			[]float64{0.002, 0.005, 0.01}[r.IntN(3)], ddmTrials, r.Uint64()}
		if ref.DDMMeanTime(c.V, c.A, c.Sigma)/c.Dt <= 2000 && c.Sigma*math.Sqrt(c.Dt) <= c.A/10 {
			return c
		}
	}
}

var ddmStatsLevel = check.Register(&check.Level[statsCase, stats]{
	Project: Project, Number: 18, Title: "Accuracy and mean decision time, simulated and analytic", Func: "DDMStats",
	Fixed: []statsCase{
		{0.2, 1, 1, 0.01, ddmTrials, 1}, {1, 1, 1, 0.01, ddmTrials, 2}, {0.5, 1.5, 0.8, 0.01, ddmTrials, 3},
	},
	Random:  randomStats,
	Randoms: 1,
	// The accuracy and the mean decision time are means of thousands of
	// independent trials: at check.NoiseZ standard errors a right answer
	// fails fewer than one check in 1e6, even with the skew of decision
	// times. Where the accuracy is near 1 the errors are a rare count,
	// far from normal (one error in 4000 trials was 8 standard errors
	// of a reference answer): Bernstein's inequality for the
	// binomial count adds z²/3 trials to z standard errors, which bounds
	// the chance of a right answer failing by 2·exp(−z²/2) for any
	// accuracy.
	Judge: func(c statsCase, got stats) error {
		acc, meanT, seAcc, seT, biasAcc, biasT := ref.DDMExpected(c.V, c.A, c.Sigma, c.Dt, c.Trials)
		rare := check.NoiseZ * check.NoiseZ / 3 / float64(c.Trials)
		if tol := check.NoiseZ*seAcc + rare + biasAcc; !(math.Abs(got.Accuracy-acc) <= tol) {
			return fmt.Errorf("accuracy %.4g, want %.4g within %.3g (%g standard errors and a finite-step margin)",
				got.Accuracy, acc, tol, check.NoiseZ)
		}
		if tol := check.NoiseZ*seT + biasT; !(math.Abs(got.MeanT-meanT) <= tol) {
			return fmt.Errorf("mean decision time %.4g, want %.4g within %.3g (%g standard errors and a finite-step margin)",
				got.MeanT, meanT, tol, check.NoiseZ)
		}
		return nil
	},
	Show: statsCase.String,
	Hint: "Run your DDMTrial trials times with the same rng; the accuracy is the fraction of +1 choices " +
		"(the drift is positive), the mean time the average of all decision times.",
})

// CheckDDMStats checks Level 18: ddmStats(v, a, sigma, dt, trials, rng)
// returns the fraction of trials that end at the upper bound and the mean
// decision time, over trials trials of DDMTrial drawn from rng. The check
// compares them with the closed forms 1/(1 + e^(−2va'/σ²)) and
// (a'/v)·tanh(va'/σ²) at the bound a' = a + 0.5826·σ·√dt, which accounts for
// the walk's overshoot in steps of dt, within 6.5 standard errors plus a
// tenth of that correction (and, for the accuracy, NoiseZ²/3 trials, for
// the rare errors of an accuracy near 1). Dimensionless.
func CheckDDMStats(ddmStats func(v, a, sigma, dt float64, trials int, rng *rand.Rand) (accuracy, meanT float64)) check.Result {
	return ddmStatsLevel.Check(func(in statsCase) stats {
		acc, meanT := ddmStats(in.V, in.A, in.Sigma, in.Dt, in.Trials, check.NewRand(in.Seed))
		return stats{acc, meanT}
	})
}

type tradeCase struct {
	V, Sigma float64
	Bounds   []float64
}

// accTime is what SpeedAccuracy returns.
type accTime struct{ Acc, MeanT []float64 }

var speedAccuracyLevel = check.Register(&check.Level[tradeCase, accTime]{
	Project: Project, Number: 19, Title: "Speed-accuracy trade-off", Func: "SpeedAccuracy",
	Fixed: []tradeCase{{0.1, 1, []float64{1}}, {0.5, 1, []float64{0.25, 0.5, 1, 1.5, 2, 3}}},
	Random: func(r *rand.Rand) tradeCase {
		c := tradeCase{V: check.Uniform(r, 0.05, 2), Sigma: check.Uniform(r, 0.3, 2)}
		for range 2 + r.IntN(10) {
			c.Bounds = append(c.Bounds, check.Uniform(r, 0.1, 3))
		}
		slices.Sort(c.Bounds)
		return c
	},
	Judge: func(c tradeCase, got accTime) error {
		acc, meanT := ref.SpeedAccuracy(c.V, c.Sigma, c.Bounds)
		if err := check.CompareSlice(got.Acc, acc, check.Exact); err != nil {
			return fmt.Errorf("accuracy: %v", err)
		}
		if err := check.CompareSlice(got.MeanT, meanT, check.Exact); err != nil {
			return fmt.Errorf("mean decision time: %v", err)
		}
		return nil
	},
	Show: func(c tradeCase) string {
		return fmt.Sprintf("v = %.4g, σ = %.4g, bounds %.4g", c.V, c.Sigma, c.Bounds)
	},
	Hint: "For each bound a: accuracy 1/(1 + e^(−2va/σ²)), mean time (a/v)·tanh(va/σ²). Note the 2 in the first.",
})

// CheckSpeedAccuracy checks Level 19: speedAccuracy(v, sigma, bounds)
// returns, for each bound a, the analytic accuracy 1/(1 + e^(−2va/σ²)) and
// mean decision time (a/v)·tanh(va/σ²) of drift diffusion with drift v > 0
// and noise sigma. Dimensionless.
func CheckSpeedAccuracy(speedAccuracy func(v, sigma float64, bounds []float64) (acc, meanT []float64)) check.Result {
	return speedAccuracyLevel.Check(func(in tradeCase) accTime {
		acc, meanT := speedAccuracy(in.V, in.Sigma, slices.Clone(in.Bounds))
		return accTime{acc, meanT}
	})
}

// Izh holds the four parameters of the Izhikevich (2003) model: a (1/ms),
// b (1/ms), c (mV) and d (mV/ms).
type Izh struct{ A, B, C, D float64 }

// Firing patterns of Izhikevich (2003).
var (
	RegularSpiking        = Izh{0.02, 0.2, -65, 8}
	IntrinsicallyBursting = Izh{0.02, 0.2, -55, 4}
	Chattering            = Izh{0.02, 0.2, -50, 2}
	FastSpiking           = Izh{0.1, 0.2, -65, 2}
	LowThresholdSpiking   = Izh{0.02, 0.25, -65, 2}
)

func (p Izh) String() string {
	return fmt.Sprintf("a = %.4g, b = %.4g, c = %.4g, d = %.4g", p.A, p.B, p.C, p.D)
}

// judgeSpikes is a judge of spiking simulations: want returns the reference
// of a case, its time step and the spike threshold, and tol is the
// tolerance of the potential, set from the drift between right answers.
// Two right answers differ in the last bits of every step, which a spike's
// upstroke amplifies; where the potential lands on the threshold, one of
// them spikes a step later than the other, and from there on they are one
// step apart. So a spike time is compared within simTol (a clock kept as
// t += dt drifts by less), or else within a step: a spike a step away
// is right only if the run that spikes later was within tol of the
// threshold a step earlier, and the runs are compared up to that step.
func judgeSpikes[In any](want func(In) (w vw, dt, threshold float64), tol check.Tol) func(In, vw) error {
	return func(in In, got vw) error {
		w, dt, threshold := want(in)
		if len(got.V) != len(w.V) {
			return fmt.Errorf("the potential: %d values, want %d", len(got.V), len(w.V))
		}
		n := len(w.V)
		for k, tw := range w.W {
			if k == len(got.W) {
				return fmt.Errorf("%d spikes, want %d (at %.6g ms)", len(got.W), len(w.W), w.W)
			}
			if simTol.Within(got.W[k], tw) {
				continue
			}
			j, later, ok := stepApart(got, w, k, dt)
			if !ok || !tol.Within(later.V[j], threshold) {
				return fmt.Errorf("spike %d at %.6g ms, want %.6g ms", k+1, got.W[k], tw)
			}
			n = j
			break
		}
		if n == len(w.V) && len(got.W) != len(w.W) {
			return fmt.Errorf("%d spikes, want %d (at %.6g ms)", len(got.W), len(w.W), w.W)
		}
		if err := check.CompareSlice(got.V[:n], w.V[:n], tol); err != nil {
			return fmt.Errorf("the potential: %v", err)
		}
		return nil
	}
}

// stepApart reports whether the k-th spikes of a and b are a step dt apart,
// and if so the step j of the earlier one and the run that spikes later.
func stepApart(a, b vw, k int, dt float64) (j int, later vw, ok bool) {
	if math.Abs(math.Abs(a.W[k]-b.W[k])-dt) > 1e-9 {
		return 0, vw{}, false
	}
	later = a
	if a.W[k] < b.W[k] {
		later = b
	}
	return int(math.Round(min(a.W[k], b.W[k]) / dt)), later, true
}

type izhRun struct {
	P           Izh
	I, Dt, TEnd float64
}

var izhikevichLevel = check.Register(&check.Level[izhRun, vw]{
	Project: Project, Number: 20, Title: "Izhikevich model: firing patterns from four parameters", Func: "Izhikevich",
	Fixed: []izhRun{
		{RegularSpiking, 10, 0.1, 200}, {Chattering, 10, 0.1, 200}, {FastSpiking, 10, 0.1, 100},
		{IntrinsicallyBursting, 10, 0.25, 200},
	},
	Random: func(r *rand.Rand) izhRun {
		ps := []Izh{RegularSpiking, IntrinsicallyBursting, Chattering, FastSpiking, LowThresholdSpiking}
		return izhRun{ps[r.IntN(len(ps))], check.Uniform(r, 3, 20), []float64{0.05, 0.1, 0.2}[r.IntN(3)], 200}
	},
	// Right answers drift apart by up to 0.0043 mV (Horner's form of the
	// quadratic against the reference, 1000 seeds), most near the
	// bifurcation, where the potential lingers by the threshold.
	Randoms: 2,
	Judge: judgeSpikes(func(c izhRun) (vw, float64, float64) {
		v, s := ref.Izhikevich(ref.Izh(c.P), c.I, c.Dt, c.TEnd)
		return vw{v, s}, c.Dt, 30
	}, check.Tol{Abs: 0.05}),
	Show: func(c izhRun) string {
		return fmt.Sprintf("%v, I = %.4g, dt = %g ms, t_end = %g ms", c.P, c.I, c.Dt, c.TEnd)
	},
	Hint: "Start at v = c, u = b·c. Each Euler step uses the old v and u in both derivatives; when the new " +
		"v ≥ 30 mV, record k·dt, set v to c and add d to u (u grows, it is not set to d).",
})

// CheckIzhikevich checks Level 20: izhikevich(p, i, dt, tEnd) returns the
// membrane potential v (mV) at the times 0, dt, …, tEnd (ms) and the spike
// times (ms) of the Izhikevich model dv/dt = 0.04v² + 5v + 140 − u + I,
// du/dt = a(bv − u), from v = c, u = b·c, integrated by forward Euler; when a
// step ends at v ≥ 30 mV, the spike is at the step's end, v ← c and u ← u + d.
func CheckIzhikevich(izhikevich func(p Izh, i, dt, tEnd float64) (v, spikes []float64)) check.Result {
	return izhikevichLevel.Check(func(in izhRun) vw {
		v, s := izhikevich(in.P, in.I, in.Dt, in.TEnd)
		return vw{v, s}
	})
}

// AdEx holds the parameters of the adaptive exponential integrate-and-fire
// model: C (pF), GL (nS), EL, VT, DeltaT (mV), A (nS), TauW (ms), B (pA),
// VR and VPeak (mV).
type AdEx struct {
	C, GL, EL, VT, DeltaT, A, TauW, B, VR, VPeak float64
}

func (p AdEx) String() string {
	return fmt.Sprintf("C = %.4g pF, g_L = %.4g nS, E_L = %.4g mV, V_T = %.4g mV, Δ_T = %.4g mV, a = %.4g nS, "+
		"τ_w = %.4g ms, b = %.4g pA, V_r = %.4g mV, V_peak = %.4g mV",
		p.C, p.GL, p.EL, p.VT, p.DeltaT, p.A, p.TauW, p.B, p.VR, p.VPeak)
}

// Parameter sets of AdEx: BretteGerstner is the set of Brette and Gerstner
// (2005), which adapts under 800 pA; Tonic, Adapting and Bursting give
// those patterns under 500, 500 and 210 pA.
var (
	BretteGerstner = AdEx{C: 281, GL: 30, EL: -70.6, VT: -50.4, DeltaT: 2, A: 4, TauW: 144, B: 80.5, VR: -70.6, VPeak: 20}
	Tonic          = AdEx{C: 200, GL: 10, EL: -70, VT: -50, DeltaT: 2, A: 2, TauW: 30, B: 0, VR: -58, VPeak: 0}
	Adapting       = AdEx{C: 200, GL: 12, EL: -70, VT: -50, DeltaT: 2, A: 2, TauW: 300, B: 60, VR: -58, VPeak: 0}
	Bursting       = AdEx{C: 200, GL: 10, EL: -58, VT: -50, DeltaT: 2, A: 2, TauW: 120, B: 100, VR: -46, VPeak: 0}
)

type adexRun struct {
	P           AdEx
	I, Dt, TEnd float64
}

var adExLevel = check.Register(&check.Level[adexRun, vw]{
	Project: Project, Number: 21,
	Title: "AdEx: exponential spike onset and adaptation",
	Func:  "AdEx",
	Fixed: []adexRun{{BretteGerstner, 800, 0.1, 300}, {Tonic, 500, 0.1, 200}, {Adapting, 500, 0.1, 300}, {Bursting, 210, 0.1, 400}},
	Random: func(r *rand.Rand) adexRun {
		ps := []AdEx{BretteGerstner, Tonic, Adapting, Bursting}
		is := []float64{800, 500, 500, 210}
		k := r.IntN(len(ps))
		return adexRun{ps[k], is[k] * check.Uniform(r, 0.9, 1.5), []float64{0.05, 0.1}[r.IntN(2)], 100}
	},
	// Right answers drift apart by up to 2.3e-9 mV (1000 seeds).
	Randoms: 2,
	Judge: judgeSpikes(func(c adexRun) (vw, float64, float64) {
		v, s := ref.SimulateAdEx(ref.AdEx(c.P), c.I, c.Dt, c.TEnd)
		return vw{v, s}, c.Dt, c.P.VPeak
	}, check.Tol{Rel: 1e-6, Abs: 1e-6}),
	Show: func(c adexRun) string {
		return fmt.Sprintf("%v, I = %.4g pA, dt = %g ms, t_end = %g ms", c.P, c.I, c.Dt, c.TEnd)
	},
	Hint: "dV/dt = (−g_L(V − E_L) + g_L·Δ_T·exp((V − V_T)/Δ_T) − w + I)/C and dw/dt = (a(V − E_L) − w)/τ_w, " +
		"both from the old V and w; start at V = E_L, w = 0. When the new V ≥ V_peak: record k·dt, V ← V_r, w ← w + b.",
})

// CheckAdEx checks Level 21: adEx(p, i, dt, tEnd) returns the membrane
// potential (mV) at the times 0, dt, …, tEnd (ms) and the spike times (ms)
// of the AdEx model C dV/dt = −g_L(V − E_L) + g_L Δ_T e^((V − V_T)/Δ_T) − w + I,
// τ_w dw/dt = a(V − E_L) − w under a current i (pA), from V = E_L, w = 0,
// integrated by forward Euler; when a step ends at V ≥ V_peak, the spike is
// at the step's end, V ← V_r and w ← w + b.
func CheckAdEx(adEx func(p AdEx, i, dt, tEnd float64) (v, spikes []float64)) check.Result {
	return adExLevel.Check(func(in adexRun) vw {
		v, s := adEx(in.P, in.I, in.Dt, in.TEnd)
		return vw{v, s}
	})
}

// The Hindmarsh–Rose model of the course, dimensionless:
// dx/dt = y − x³ + 3x² − z + I, dy/dt = 1 − 5x² − y, dz/dt = r·(4(x − x_R) − z).
const (
	HRR  = 0.006 // r, the slow time scale of z
	HRXR = -1.6  // x_R
)

// HRStart is the state (x, y, z) the course's Hindmarsh–Rose runs start from.
var HRStart = [3]float64{-1.6, -10, 2}

// SimulateHR returns the times, x and z of the Hindmarsh–Rose model under
// the current i from HRStart, integrated with RK4 in steps of dt up to tEnd,
// for the plots.
func SimulateHR(i, dt, tEnd float64) (t, x, z []float64) {
	f := func(y [3]float64) [3]float64 {
		return [3]float64{y[1] - y[0]*y[0]*y[0] + 3*y[0]*y[0] - y[2] + i, 1 - 5*y[0]*y[0] - y[1], HRR * (4*(y[0]-HRXR) - y[2])}
	}
	add := func(y, k [3]float64, h float64) [3]float64 {
		return [3]float64{y[0] + h*k[0], y[1] + h*k[1], y[2] + h*k[2]}
	}
	y := HRStart
	n := int(math.Round(tEnd / dt))
	for k := 0; k <= n; k++ {
		t, x, z = append(t, float64(k)*dt), append(x, y[0]), append(z, y[2])
		k1 := f(y)
		k2 := f(add(y, k1, dt/2))
		k3 := f(add(y, k2, dt/2))
		k4 := f(add(y, k3, dt))
		for j := range y {
			y[j] += dt / 6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
		}
	}
	return t, x, z
}

// A burstCase is a trace of x of the Hindmarsh–Rose model under I from
// HRStart, which Prepare integrates with RK4 in steps of Dt and samples from
// TSkip to TEnd; Threshold and Gap say what a spike and a new burst are.
type burstCase struct {
	I, Dt, TSkip, TEnd, Threshold, Gap float64

	X []float64 `check:"derived"`
}

// prepareBursts simulates the trace of c. A step of 0.05 keeps the bursts
// of a step of 0.01 (the same spike counts at I = 1.5 to 2.8; at 3 and
// above the model is chaotic, and the counts part after some bursts), at a
// fifth of the cost.
func prepareBursts(c burstCase) burstCase {
	n, skip := int(math.Round(c.TEnd/c.Dt)), int(math.Round(c.TSkip/c.Dt))
	c.X = make([]float64, 0, n-skip+1)
	y := HRStart
	for k := range n + 1 {
		if k >= skip {
			c.X = append(c.X, y[0])
		}
		y = ref.HRStep(y, c.I, c.Dt)
	}
	return c
}

var spikesPerBurstLevel = check.Register(&check.Level[burstCase, []int]{
	Project: Project, Number: 22, Title: "Hindmarsh-Rose bursting: spikes per burst", Func: "SpikesPerBurst",
	// From t = 200 to 900 every case holds five bursts or more: of 2 spikes
	// at I = 2, 3 at I = 2.5, irregular at 3.25.
	Fixed: []burstCase{{2, 0.05, 200, 900, 0, 20, nil}, {2.5, 0.05, 200, 900, 0, 20, nil}, {3.25, 0.05, 200, 900, 0, 20, nil}},
	Random: func(r *rand.Rand) burstCase {
		return burstCase{check.Uniform(r, 1.5, 3.3), 0.05, 200, 900, check.Uniform(r, -0.5, 0.5), check.Uniform(r, 10, 30), nil}
	},
	Randoms: 2,
	Prepare: prepareBursts,
	Judge: func(c burstCase, got []int) error {
		if want := ref.SpikesPerBurst(c.X, c.Dt, c.Threshold, c.Gap); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	},
	Show: func(c burstCase) string {
		return fmt.Sprintf("x of the Hindmarsh–Rose model under I = %.4g from t = %g to %g every %g, threshold %.3g, gap %.3g",
			c.I, c.TSkip, c.TEnd, c.Dt, c.Threshold, c.Gap)
	},
	Hint: "A spike is an upward crossing x[k−1] < threshold ≤ x[k], at time k·dt. Start a new burst (a new " +
		"count of 0) at the first spike and whenever a spike comes more than gap after the one before; then count it.",
})

// CheckSpikesPerBurst checks Level 22: spikesPerBurst(x, dt, threshold, gap)
// returns the number of spikes in each burst of the trace x sampled every
// dt: a spike is an upward crossing x[k−1] < threshold ≤ x[k], at time k·dt,
// and a spike more than gap after the one before starts a new burst.
// Dimensionless.
func CheckSpikesPerBurst(spikesPerBurst func(x []float64, dt, threshold, gap float64) []int) check.Result {
	return spikesPerBurstLevel.Check(func(in burstCase) []int {
		return spikesPerBurst(slices.Clone(in.X), in.Dt, in.Threshold, in.Gap)
	})
}
