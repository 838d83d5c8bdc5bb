package classic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/classic"
)

// This file holds levels 13–25: the Van der Pol and Rössler systems
// (13–17), Brody and Hopfield's phase code (18–21) and the generalized
// integrate-and-fire neuron and its population (22–25).

// Level 13.

type vdpCase struct{ Mu, X, Y float64 }

// pair is a function's two returned values.
type pair struct{ A, B float64 }

var vanDerPolLevel = check.Register(&check.Level[vdpCase, pair]{
	Project: Project, Number: 13, Title: "The Van der Pol oscillator", Func: "VanDerPol",
	Fixed: []vdpCase{{1, 2, 0}, {1, 0.5, 1}, {0, 1, 1}, {5, -1.5, 3}},
	Random: func(r *rand.Rand) vdpCase {
		return vdpCase{check.Uniform(r, 0, 10), check.Uniform(r, -3, 3), check.Uniform(r, -10, 10)}
	},
	Judge: func(c vdpCase, got pair) error {
		dx, dy := ref.VanDerPol(c.Mu, c.X, c.Y)
		if err := check.Compare(got.A, dx, check.Exact); err != nil {
			return fmt.Errorf("dx/dt: %v", err)
		}
		if err := check.Compare(got.B, dy, check.Exact); err != nil {
			return fmt.Errorf("dy/dt: %v", err)
		}
		return nil
	},
	Show: func(c vdpCase) string { return fmt.Sprintf("μ = %.4g, x = %.4g, y = %.4g", c.Mu, c.X, c.Y) },
	Hint: "dx/dt = y, dy/dt = μ·(1 − x²)·y − x.",
})

// CheckVanDerPol checks Level 13: vanDerPol(mu, x, y) returns the
// derivatives of the Van der Pol oscillator.
func CheckVanDerPol(vanDerPol func(mu, x, y float64) (dx, dy float64)) check.Result {
	return vanDerPolLevel.Check(func(in vdpCase) pair {
		a, b := vanDerPol(in.Mu, in.X, in.Y)
		return pair{a, b}
	})
}

// Level 14.

type periodCase struct {
	Mu, Dt float64
	Steps  int
}

var vanDerPolPeriodLevel = check.Register(&check.Level[periodCase, float64]{
	Project: Project, Number: 14, Title: "The limit cycle's period", Func: "VanDerPolPeriod",
	Fixed: []periodCase{{1, 0.02, 2000}, {5, 0.05, 1000}, {0.1, 0.05, 1000}, {1, 0.1, 20}},
	Random: func(r *rand.Rand) periodCase {
		return periodCase{check.Uniform(r, 0.1, 8), check.Uniform(r, 0.02, 0.05), 1000 + r.IntN(2000)}
	},
	Randoms: 3,
	// Another RK4 or another form of the interpolation changes the last
	// bits of each crossing; 1e-9 of the period allows for them.
	Judge: func(c periodCase, got float64) error {
		want := ref.VanDerPolPeriod(c.Mu, c.Dt, c.Steps)
		if math.IsNaN(want) {
			if !math.IsNaN(got) {
				return fmt.Errorf("got %g, want NaN: the run has fewer than two upward crossings", got)
			}
			return nil
		}
		return check.Compare(got, want, check.Tol{Rel: 1e-9, Abs: 1e-9})
	},
	Show: func(c periodCase) string { return fmt.Sprintf("μ = %.4g, dt = %.4g, %d steps", c.Mu, c.Dt, c.Steps) },
	Hint: "From (2, 0), steps classic.RK4 steps; where x goes from x_k < 0 to x_(k+1) ≥ 0 the crossing is at " +
		"dt·(k + x_k/(x_k − x_(k+1))) (k from 0); return (last − first)/(crossings − 1), or NaN with fewer than two.",
})

// CheckVanDerPolPeriod checks Level 14: vanDerPolPeriod(mu, dt, steps)
// returns the period of the Van der Pol oscillator from the upward zero
// crossings of x over steps RK4 steps of dt from (2, 0).
func CheckVanDerPolPeriod(vanDerPolPeriod func(mu, dt float64, steps int) float64) check.Result {
	return vanDerPolPeriodLevel.Check(func(in periodCase) float64 { return vanDerPolPeriod(in.Mu, in.Dt, in.Steps) })
}

// Level 15.

type rosslerCase struct {
	A, B, C float64
	S       [3]float64
}

var rosslerLevel = check.Register(&check.Level[rosslerCase, [3]float64]{
	Project: Project, Number: 15, Title: "The Rössler system", Func: "Rossler",
	Fixed: []rosslerCase{{0.2, 0.2, 5.7, [3]float64{1, 1, 1}}, {0.1, 0.1, 14, [3]float64{-3, 2, 0.5}}},
	Random: func(r *rand.Rand) rosslerCase {
		return rosslerCase{check.Uniform(r, 0, 0.4), check.Uniform(r, 0, 2), check.Uniform(r, 1, 15),
			[3]float64{check.Uniform(r, -10, 10), check.Uniform(r, -10, 10), check.Uniform(r, 0, 20)}}
	},
	Judge: func(c rosslerCase, got [3]float64) error {
		want := ref.Rossler(c.A, c.B, c.C, c.S)
		return check.CompareSlice(got[:], want[:], check.Exact)
	},
	Show: func(c rosslerCase) string {
		return fmt.Sprintf("a = %.4g, b = %.4g, c = %.4g, (x, y, z) = %.4g", c.A, c.B, c.C, c.S)
	},
	Hint: "dx/dt = −y − z, dy/dt = x + a·y, dz/dt = b + z·(x − c).",
})

// CheckRossler checks Level 15: rossler(a, b, c, s) returns the derivatives
// of the Rössler system at the state s = (x, y, z).
func CheckRossler(rossler func(a, b, c float64, s [3]float64) [3]float64) check.Result {
	return rosslerLevel.Check(func(in rosslerCase) [3]float64 { return rossler(in.A, in.B, in.C, in.S) })
}

// Level 16.

type lyapunovCase struct {
	A, B, C, Dt float64
	Steps       int
}

var lyapunovLevel = check.Register(&check.Level[lyapunovCase, float64]{
	Project: Project, Number: 16, Title: "Chaos: the largest Lyapunov exponent", Func: "Lyapunov",
	Fixed: []lyapunovCase{{0.2, 0.2, 5.7, 0.01, 5000}, {0.2, 0.2, 2.5, 0.02, 5000}},
	Random: func(r *rand.Rand) lyapunovCase {
		return lyapunovCase{0.2, 0.2, check.Uniform(r, 2, 6), 0.02, 5000 + r.IntN(5000)}
	},
	Randoms: 1,
	// On a chaotic orbit a difference in the last bit of a step grows by
	// e^(λt); the cases stay within 200 time units, where it grows to no
	// more than about 1e-9, and right answers that order their arithmetic
	// differently agreed within 2.6e-6 on 200 cases (arrays, Hypot, the
	// rescaling written another way; levels_test.go). The judge allows
	// 1e-4; log10 instead of ln is off by 0.03 on the fixed chaotic case.
	Judge: check.Near(func(c lyapunovCase) float64 { return ref.Lyapunov(c.A, c.B, c.C, c.Dt, c.Steps) }, check.Tol{Abs: 1e-4}),
	Show: func(c lyapunovCase) string {
		return fmt.Sprintf("a = %.4g, b = %.4g, c = %.4g, dt = %g, %d steps", c.A, c.B, c.C, c.Dt, c.Steps)
	},
	Hint: "From (1, 1, 1), steps/10 RK4 steps; then a copy 1e-8 away in x; each step advance both, add ln(d/1e-8), " +
		"and put the copy back at 1e-8 along the separation; divide the sum by steps·dt.",
})

// CheckLyapunov checks Level 16: lyapunov(a, b, c, dt, steps) returns
// Benettin's estimate of the largest Lyapunov exponent of the Rössler
// system over steps RK4 steps of dt.
func CheckLyapunov(lyapunov func(a, b, c, dt float64, steps int) float64) check.Result {
	return lyapunovLevel.Check(func(in lyapunovCase) float64 { return lyapunov(in.A, in.B, in.C, in.Dt, in.Steps) })
}

// Level 17.

type maximaCase struct{ X []float64 }

var maximaLevel = check.Register(&check.Level[maximaCase, []float64]{
	Project: Project, Number: 17, Title: "Period doubling: the maxima of x", Func: "Maxima",
	Fixed: []maximaCase{{[]float64{0, 2, 1, 3, 3, 0, 5}}, {[]float64{1, 2}}, {[]float64{3, 1, 4, 1, 5, 9, 2, 6}}},
	Random: func(r *rand.Rand) maximaCase {
		x := make([]float64, 3+r.IntN(300))
		for k := range x {
			x[k] = math.Round(10 * math.Sin(float64(k)*check.Uniform(r, 0.05, 1)+r.Float64()))
		}
		return maximaCase{x}
	},
	Judge: func(c maximaCase, got []float64) error {
		want := ref.Maxima(c.X)
		if len(got) != len(want) {
			return fmt.Errorf("got %d maxima %v, want %d %v", len(got), got, len(want), want)
		}
		return check.CompareSlice(got, want, check.Exact)
	},
	Show: func(c maximaCase) string { return fmt.Sprintf("x = %.4g", c.X) },
	Hint: "For k from 1 to len(x) − 2: x[k] is a maximum if x[k−1] < x[k] and x[k] ≥ x[k+1] (a flat top counts once, at its start).",
})

// CheckMaxima checks Level 17: maxima(x) returns the local maxima of x in
// order, x_k with x_(k−1) < x_k ≥ x_(k+1).
func CheckMaxima(maxima func(x []float64) []float64) check.Result {
	return maximaLevel.Check(func(in maximaCase) []float64 { return maxima(slices.Clone(in.X)) })
}

// Level 18.

type oscCase struct {
	Cell                 Cell
	I0, Amp, F, Dt, TEnd float64
}

// compareSpikes compares spike times (ms).
func compareSpikes(got, want []float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d spikes at %.5g ms, want %d at %.5g ms", len(got), got, len(want), want)
	}
	return check.CompareSlice(got, want, simTol)
}

var oscillatorySpikesLevel = check.Register(&check.Level[oscCase, []float64]{
	Project: Project, Number: 18, Title: "A common subthreshold oscillation", Func: "OscillatorySpikes",
	Fixed: []oscCase{{Default(), 1.3, 0.5, 20, 0.1, 300}, {Default(), 1.4, 0, 20, 0.1, 100}, {Default(), 1.7, 0.3, 40, 0.05, 200}},
	Random: func(r *rand.Rand) oscCase {
		return oscCase{Default(), check.Uniform(r, 1, 2), check.Uniform(r, 0, 1), check.Uniform(r, 5, 50),
			[]float64{0.05, 0.1, 0.2}[r.IntN(3)], check.Uniform(r, 50, 400)}
	},
	Judge: func(c oscCase, got []float64) error {
		return compareSpikes(got, ref.OscillatorySpikes(ref.Cell(c.Cell), c.I0, c.Amp, c.F, c.Dt, c.TEnd))
	},
	Show: func(c oscCase) string {
		return fmt.Sprintf("%v, i0 = %.4g nA, amp = %.4g nA, f = %.4g Hz, dt = %g ms, tEnd = %.4g ms", c.Cell, c.I0, c.Amp, c.F, c.Dt, c.TEnd)
	},
	Hint: "For k = 1 … round(tEnd/dt): I = i0 + amp·sin(2π·f·(k−1)·dt/1000); V += dt·(−(V − E_L)/R + I)/C; " +
		"if V ≥ V_th, record k·dt and reset.",
})

// CheckOscillatorySpikes checks Level 18: oscillatorySpikes(cell, i0, amp,
// f, dt, tEnd) returns the spike times (ms) of a LIF cell under the drive
// i0 + amp·sin(2π·f·t/1000) (nA, f in Hz, t in ms).
func CheckOscillatorySpikes(oscillatorySpikes func(cell Cell, i0, amp, f, dt, tEnd float64) []float64) check.Result {
	return oscillatorySpikesLevel.Check(func(in oscCase) []float64 {
		return oscillatorySpikes(in.Cell, in.I0, in.Amp, in.F, in.Dt, in.TEnd)
	})
}

// Level 19.

type phasesCase struct {
	Spikes []float64
	F      float64
}

// cycleDistance returns the distance between two phases (cycles) on the
// circle.
func cycleDistance(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 1)
	return math.Min(d, 1-d)
}

var phasesLevel = check.Register(&check.Level[phasesCase, []float64]{
	Project: Project, Number: 19, Title: "Spike phases", Func: "Phases",
	Fixed: []phasesCase{{[]float64{0, 12.5, 50, 60, 110}, 20}, {[]float64{3, 7}, 40}, {nil, 20}},
	Random: func(r *rand.Rand) phasesCase {
		return phasesCase{check.Uniforms(r, 1+r.IntN(30), 0, 2000), check.Uniform(r, 1, 100)}
	},
	Judge: func(c phasesCase, got []float64) error {
		want := ref.Phases(c.Spikes, c.F)
		if len(got) != len(want) {
			return fmt.Errorf("got %d phases, want one per spike, %d", len(got), len(want))
		}
		for k := range want {
			if got[k] < 0 || got[k] >= 1 || cycleDistance(got[k], want[k]) > 1e-9 {
				return fmt.Errorf("spike %d at %.6g ms: got phase %.6g, want %.6g cycles (in [0, 1))", k, c.Spikes[k], got[k], want[k])
			}
		}
		return nil
	},
	Show: func(c phasesCase) string { return fmt.Sprintf("spikes at %.5g ms, f = %.4g Hz", c.Spikes, c.F) },
	Hint: "x = t·f/1000 cycles; the phase is x − ⌊x⌋.",
})

// CheckPhases checks Level 19: phases(spikes, f) returns the phase (in
// cycles, [0, 1)) of each spike time (ms) in an oscillation of f Hz.
func CheckPhases(phases func(spikes []float64, f float64) []float64) check.Result {
	return phasesLevel.Check(func(in phasesCase) []float64 { return phases(slices.Clone(in.Spikes), in.F) })
}

// Level 20.

type meanPhaseCase struct {
	I0, TStart float64
	Spikes     []float64 `check:"derived"`
}

var meanPhaseLevel = check.Register(&check.Level[meanPhaseCase, float64]{
	Project: Project, Number: 20, Title: "Phase set by the drive", Func: "MeanPhase",
	Fixed: []meanPhaseCase{{I0: 1.2, TStart: 500}, {I0: 1.35, TStart: 500}, {I0: 1.5, TStart: 500}, {I0: 1.0, TStart: 500},
		{I0: 1.8, TStart: 0}, {I0: 1.7, TStart: 0}},
	Random: func(r *rand.Rand) meanPhaseCase {
		return meanPhaseCase{I0: check.Uniform(r, 1.1, 2), TStart: check.Uniform(r, 0, 800)}
	},
	Prepare: func(c meanPhaseCase) meanPhaseCase {
		c.Spikes = ref.OscillatorySpikes(ref.Cell(Default()), c.I0, OscAmp, OscFreq, 0.1, 1000)
		return c
	},
	Judge: func(c meanPhaseCase, got float64) error {
		want := ref.MeanPhase(c.Spikes, OscFreq, c.TStart)
		if math.IsNaN(want) || math.IsNaN(got) {
			if math.IsNaN(want) != math.IsNaN(got) {
				return fmt.Errorf("got %g, want %g (NaN when no spike is at or after tStart)", got, want)
			}
			return nil
		}
		if got < 0 || got >= 1 || cycleDistance(got, want) > 1e-9 {
			return fmt.Errorf("got %.9g cycles, want %.9g (in [0, 1))", got, want)
		}
		return nil
	},
	Show: func(c meanPhaseCase) string {
		return fmt.Sprintf("the spikes of the default cell under %.4g nA + the common oscillation for 1000 ms, tStart = %.4g ms", c.I0, c.TStart)
	},
	Hint: "Over the spikes at t ≥ tStart: sum cos and sin of 2π·phase; the mean is atan2(Σsin, Σcos)/2π brought into [0, 1); " +
		"NaN if there are none.",
})

// CheckMeanPhase checks Level 20: meanPhase(spikes, f, tStart) returns the
// circular mean phase (cycles, [0, 1)) of the spikes at or after tStart
// (ms) in an oscillation of f Hz, or NaN if there are none.
func CheckMeanPhase(meanPhase func(spikes []float64, f, tStart float64) float64) check.Result {
	return meanPhaseLevel.Check(func(in meanPhaseCase) float64 {
		got := meanPhase(slices.Clone(in.Spikes), OscFreq, in.TStart)
		return got
	})
}

// Level 21.

type detectorCase struct {
	Odour    []float64
	Shuffled bool
	Tau      float64
	Theta    float64
	Trains   [][]float64 `check:"derived"`
}

var detectorLevel = check.Register(&check.Level[detectorCase, []float64]{
	Project: Project, Number: 21, Title: "A coincidence detector recognises the odour", Func: "Detector",
	Fixed: []detectorCase{
		{Odour: []float64{0.6, 1.9, 1.2, 0.8, 1.5, 0.7, 1.1, 1.8, 0.9, 1.3}, Tau: 2, Theta: 8},
		{Odour: []float64{0.6, 1.9, 1.2, 0.8, 1.5, 0.7, 1.1, 1.8, 0.9, 1.3}, Shuffled: true, Tau: 2, Theta: 8},
		{Odour: []float64{1, 1, 1}, Tau: 5, Theta: 2.5},
		{Odour: []float64{0.6, 1.9, 1.2, 0.8, 1.5, 0.7, 1.1, 1.8, 0.9, 1.3}, Tau: 60, Theta: 15},
	},
	Random: func(r *rand.Rand) detectorCase {
		return detectorCase{Odour: check.Uniforms(r, 3+r.IntN(15), 0.5, 2), Shuffled: r.IntN(2) == 0,
			Tau: check.LogUniform(r, 1, 80), Theta: check.Uniform(r, 1.5, 30)}
	},
	Randoms: 2,
	Prepare: func(c detectorCase) detectorCase {
		a := slices.Clone(c.Odour)
		if c.Shuffled { // a fixed rotation, so that every cell's input changes
			a = append(a[1:], a[0])
		}
		c.Trains = ref.OdourTrains(ref.Cell(Default()), ref.Drives(a, ref.LearnWeights(c.Odour, 0.15), 1.2), 500)
		return c
	},
	Judge: func(c detectorCase, got []float64) error {
		return compareSpikes(got, ref.Detector(c.Trains, c.Tau, c.Theta))
	},
	Show: func(c detectorCase) string {
		kind := "the learned odour"
		if c.Shuffled {
			kind = "the odour rotated by one cell"
		}
		return fmt.Sprintf("500 ms of cells tuned to the odour %.3g, shown %s; τ = %.3g ms, θ = %.3g", c.Odour, kind, c.Tau, c.Theta)
	},
	Hint: "Gather all spike times and sort them; at each time, s = s·e^(−Δt/τ) + (the number of spikes at that time); " +
		"if s ≥ θ, record the time and set s = 0.",
})

// CheckDetector checks Level 21: detector(trains, tau, theta) returns the
// spike times (ms) of a coincidence detector that sums its inputs' spikes
// in a trace decaying with tau (ms) and fires at theta.
func CheckDetector(detector func(trains [][]float64, tau, theta float64) []float64) check.Result {
	return detectorLevel.Check(func(in detectorCase) []float64 {
		tr := make([][]float64, len(in.Trains))
		for k := range tr {
			tr[k] = slices.Clone(in.Trains[k])
		}
		return detector(tr, in.Tau, in.Theta)
	})
}

// Level 22.

type gifStepCase struct {
	P      GIF
	S      GIFState
	In, Dt float64
}

// gifStepOut is what GIFStep leaves and returns.
type gifStepOut struct {
	S      GIFState
	Spiked bool
}

// randomGIF draws a GIF cell around the notebook's.
func randomGIF(r *rand.Rand) GIF {
	el := check.Uniform(r, -75, -60)
	return GIF{EL: el, VReset: el + check.Uniform(r, -5, 5), R: check.Uniform(r, 5, 50), C: check.Uniform(r, 0.2, 2),
		VT: el + check.Uniform(r, 10, 20), DEta: check.Uniform(r, 0, 0.5), TauEta: check.Uniform(r, 20, 300),
		DGamma: check.Uniform(r, 0, 5), TauGamma: check.Uniform(r, 10, 100)}
}

var gifStepLevel = check.Register(&check.Level[gifStepCase, check.Changed[gifStepOut]]{
	Project: Project, Number: 22, Title: "The generalized integrate-and-fire neuron", Func: "GIFStep",
	Fixed: []gifStepCase{
		{DefaultGIF(), GIFState{V: -60, Eta: 0.1, Gamma: 1}, 2, 0.1},
		{DefaultGIF(), GIFState{V: -49.9, Eta: 0.3, Gamma: 0.5}, 3, 0.1},
		{DefaultGIF(), GIFState{V: -49.5, Eta: 0, Gamma: 3}, 1, 0.5},
	},
	Random: func(r *rand.Rand) gifStepCase {
		p := randomGIF(r)
		return gifStepCase{p, GIFState{V: check.Uniform(r, p.EL-5, p.VT+2), Eta: check.Uniform(r, 0, 1), Gamma: check.Uniform(r, 0, 5)},
			check.Uniform(r, -1, 5), check.Uniform(r, 0.01, 0.5)}
	},
	Judge: check.InPlace(func(c gifStepCase) gifStepOut { return gifStepOut{S: c.S} }, func(c gifStepCase, got gifStepOut) error {
		s := ref.GIFState(c.S)
		spiked := ref.GIFStep(ref.GIF(c.P), &s, c.In, c.Dt)
		if got.Spiked != spiked {
			return fmt.Errorf("spiked: got %v, want %v", got.Spiked, spiked)
		}
		return check.CompareSlice([]float64{got.S.V, got.S.Eta, got.S.Gamma}, []float64{s.V, s.Eta, s.Gamma}, simTol)
	}),
	Show: func(c gifStepCase) string {
		return fmt.Sprintf("%v; V = %.5g mV, η = %.4g nA, γ = %.4g mV; I = %.4g nA, dt = %.4g ms", c.P, c.S.V, c.S.Eta, c.S.Gamma, c.In, c.Dt)
	},
	Hint: "From the old values: V += dt·(−(V − E_L)/R + I − η)/C, η −= dt·η/τ_η, γ −= dt·γ/τ_γ; then if V ≥ V_T + γ " +
		"(the new γ): V = V_reset, η += Δη, γ += Δγ, and report true. The values are V, η, γ in that order.",
})

// CheckGIFStep checks Level 22: gifStep(p, s, in, dt) advances the GIF
// state s by one Euler step of dt (ms) under the current in (nA), and
// reports whether the cell spiked.
func CheckGIFStep(gifStep func(p GIF, s *GIFState, in, dt float64) bool) check.Result {
	return gifStepLevel.Check(func(in gifStepCase) check.Changed[gifStepOut] {
		s := in.S
		spiked := gifStep(in.P, &s, in.In, in.Dt)
		return check.Leave(gifStepOut{S: in.S}, gifStepOut{s, spiked})
	})
}

// Level 23.

type gifSpikesCase struct {
	P            GIF
	In, Dt, TEnd float64
}

var gifSpikesLevel = check.Register(&check.Level[gifSpikesCase, []float64]{
	Project: Project, Number: 23, Title: "Spike-frequency adaptation", Func: "GIFSpikes",
	Fixed: []gifSpikesCase{{DefaultGIF(), 2.5, 0.1, 500}, {DefaultGIF(), 1.4, 0.1, 200}, {DefaultGIF(), 4, 0.05, 300}},
	Random: func(r *rand.Rand) gifSpikesCase {
		p := randomGIF(r)
		return gifSpikesCase{p, (p.VT - p.EL) / p.R * check.Uniform(r, 0.8, 3), []float64{0.05, 0.1, 0.2}[r.IntN(3)], check.Uniform(r, 50, 500)}
	},
	Judge: func(c gifSpikesCase, got []float64) error {
		return compareSpikes(got, ref.GIFSpikes(ref.GIF(c.P), c.In, c.Dt, c.TEnd))
	},
	Show: func(c gifSpikesCase) string {
		return fmt.Sprintf("%v; I = %.4g nA, dt = %g ms, tEnd = %.4g ms", c.P, c.In, c.Dt, c.TEnd)
	},
	Hint: "From V = E_L, η = γ = 0: for k = 1 … round(tEnd/dt), GIFStep; if it spiked, record k·dt.",
})

// CheckGIFSpikes checks Level 23: gifSpikes(p, in, dt, tEnd) returns the
// spike times (ms) of a GIF cell started at rest under the constant
// current in (nA).
func CheckGIFSpikes(gifSpikes func(p GIF, in, dt, tEnd float64) []float64) check.Result {
	return gifSpikesLevel.Check(func(in gifSpikesCase) []float64 { return gifSpikes(in.P, in.In, in.Dt, in.TEnd) })
}

// Level 24.

type popCase struct {
	Pop      Population
	Dt, TEnd float64
	Seed     uint64
}

func (p Population) toRef() ref.Population {
	return ref.Population{Cell: ref.GIF(p.Cell), N: p.N, I0: p.I0, Sigma: p.Sigma, J: p.J, Delay: p.Delay, TauS: p.TauS}
}

// compareCounts compares two populations' spike counts per step in 1 ms
// bins. The noise is drawn in the same order, but another ordering of a
// cell's arithmetic can move a spike by a step where V lands on the
// threshold within a rounding error, and the inhibition then carries the
// change to others. The judge holds the total count to 2 % and the rates in
// 5 ms bins to a root-mean-square difference of a tenth of their standard
// deviation.
func compareCounts(got, want []int, per int) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d steps, want %d", len(got), len(want))
	}
	bins := func(c []int) []float64 {
		b := make([]float64, len(c)/per)
		for k := range b {
			for _, x := range c[k*per : (k+1)*per] {
				b[k] += float64(x)
			}
		}
		return b
	}
	g, w := bins(got), bins(want)
	var sg, sw, d2 float64
	for k := range w {
		sg, sw, d2 = sg+g[k], sw+w[k], d2+(g[k]-w[k])*(g[k]-w[k])
	}
	if math.Abs(sg-sw) > 0.02*sw+0.5 {
		return fmt.Errorf("got %g spikes in all, want %g", sg, sw)
	}
	_, v := check.MeanVariance(w)
	if rms := math.Sqrt(d2 / float64(len(w))); rms > 0.1*math.Sqrt(v)+1e-9 {
		return fmt.Errorf("the spike counts per 5 ms differ from the reference's by %.3g (rms), more than a tenth of their sd, %.3g",
			rms, math.Sqrt(v))
	}
	return nil
}

var runPopulationLevel = check.Register(&check.Level[popCase, []int]{
	Project: Project, Number: 24, Title: "An inhibitory population of GIF cells", Func: "RunPopulation",
	Fixed: []popCase{
		{Population{DefaultGIF(), 50, 2.5, 1, 10, 5, 5}, 0.1, 200, 1},
		{Population{DefaultGIF(), 50, 2.5, 1, 0, 5, 5}, 0.1, 200, 2},
	},
	Random: func(r *rand.Rand) popCase {
		return popCase{Population{randomGIF(r), 20 + r.IntN(50), check.Uniform(r, 1, 4), check.Uniform(r, 0, 2),
			check.Uniform(r, 0, 20), check.Uniform(r, 1, 8), check.Uniform(r, 1, 10)}, 0.1, check.Uniform(r, 100, 300), r.Uint64()}
	},
	Randoms: 1,
	Judge: func(c popCase, got []int) error {
		return compareCounts(got, c.Pop.toRef().Run(c.Dt, c.TEnd, check.NewRand(c.Seed)), int(math.Round(5/c.Dt)))
	},
	Show: func(c popCase) string {
		return fmt.Sprintf("%v; dt = %g ms, tEnd = %.4g ms, seed %d", c.Pop, c.Dt, c.TEnd, c.Seed)
	},
	Hint: "Each step: every cell, in order, gets I0 − J·s + Sigma·rng.NormFloat64()/√dt and takes GIFStep; count the spikes; " +
		"then s −= dt·s/τ_s, and s += (count round(Delay/dt) steps ago)/N.",
})

// CheckRunPopulation checks Level 24: runPopulation(pop, dt, tEnd, rng)
// simulates the inhibitory GIF population from rest and returns its number
// of spikes in each step of dt (ms).
func CheckRunPopulation(runPopulation func(pop Population, dt, tEnd float64, rng *rand.Rand) []int) check.Result {
	return runPopulationLevel.Check(func(in popCase) []int { return runPopulation(in.Pop, in.Dt, in.TEnd, check.NewRand(in.Seed)) })
}

// Level 25.

// rhythmN is the number of cells of the populations of Level 25's cases.
const rhythmN = 50

type freqCase struct {
	Seed   uint64
	J      float64
	Counts []int `check:"derived"`
}

var oscillationFrequencyLevel = check.Register(&check.Level[freqCase, float64]{
	Project: Project, Number: 25, Title: "The population's rhythm", Func: "OscillationFrequency",
	Fixed:   []freqCase{{Seed: 1, J: 10}, {Seed: 2, J: 0}},
	Random:  func(r *rand.Rand) freqCase { return freqCase{Seed: r.Uint64(), J: check.Uniform(r, 0, 20)} },
	Randoms: 1,
	Prepare: func(c freqCase) freqCase {
		pop := ref.PopulationDefaults()
		pop.N, pop.J = rhythmN, c.J
		c.Counts = pop.Run(0.1, 600, check.NewRand(c.Seed))
		return c
	},
	Judge: func(c freqCase, got float64) error {
		rate := ref.CountsToRate(c.Counts, rhythmN, 10, 0.1)
		f, p := ref.PowerSpectrum(rate[len(rate)/2:], 1)
		if want := ref.OscillationFrequency(c.Counts, rhythmN, 0.1); !samePeak(got, want, f, p) {
			return fmt.Errorf("got %g Hz, want %g Hz", got, want)
		}
		return nil
	},
	Show: func(c freqCase) string {
		return fmt.Sprintf("the counts of %d cells of classic.PopulationDefaults() with J = %.4g nA over 600 ms at dt = 0.1 ms (seed %d)", rhythmN, c.J, c.Seed)
	},
	Hint: "Rate in 1 ms bins: sum each round(1/dt) steps, × 1000/(n·steps·dt); drop the first half; PowerSpectrum with dt = 1; " +
		"the frequency of the largest power with 5 ≤ f ≤ 200 Hz.",
})

// CheckOscillationFrequency checks Level 25: oscillationFrequency(counts,
// n, dt) returns the frequency (Hz) of a population's rhythm from its
// spike counts per step of dt (ms) over n cells.
func CheckOscillationFrequency(oscillationFrequency func(counts []int, n int, dt float64) float64) check.Result {
	return oscillationFrequencyLevel.Check(func(in freqCase) float64 {
		return oscillationFrequency(slices.Clone(in.Counts), rhythmN, 0.1)
	})
}
