package classic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/classic"
)

// This file holds levels 1–12: Izhikevich's network (1–8) and the
// gap-junction network (9–12).

// simTol is the tolerance of simulated values: the learner's arithmetic may
// group the terms of a step differently, which changes the last bits.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

func toRef(cells []Izh) []ref.Izh {
	out := make([]ref.Izh, len(cells))
	for k, c := range cells {
		out[k] = ref.Izh(c)
	}
	return out
}

func (n Net) toRef() ref.Net { return ref.Net{Cells: toRef(n.Cells), NE: n.NE, W: n.W} }

// randomCells draws n cells of the paper's network, the first nE excitatory.
func randomCells(r *rand.Rand, n, nE int) []Izh {
	cells := make([]Izh, n)
	for k := range cells {
		cells[k] = Izh(ref.CellParams(r.Float64(), k < nE))
	}
	return cells
}

// Level 1.

type cellCase struct {
	R          float64
	Excitatory bool
}

var cellParamsLevel = check.Register(&check.Level[cellCase, Izh]{
	Project: Project, Number: 1, Title: "Heterogeneous cells: regular and fast spiking", Func: "CellParams",
	Fixed:  []cellCase{{0, true}, {1, true}, {0.5, true}, {0, false}, {1, false}, {0.3, false}},
	Random: func(r *rand.Rand) cellCase { return cellCase{r.Float64(), r.IntN(2) == 0} },
	Judge: func(c cellCase, got Izh) error {
		want := Izh(ref.CellParams(c.R, c.Excitatory))
		for k, g := range []float64{got.A, got.B, got.C, got.D} {
			w := []float64{want.A, want.B, want.C, want.D}[k]
			if err := check.Compare(g, w, check.Exact); err != nil {
				return fmt.Errorf("%s: %v", []string{"a", "b", "c", "d"}[k], err)
			}
		}
		return nil
	},
	Show: func(c cellCase) string {
		kind := "inhibitory (fast spiking)"
		if c.Excitatory {
			kind = "excitatory (regular spiking)"
		}
		return fmt.Sprintf("r = %.6g, %s", c.R, kind)
	},
	Hint: "Excitatory: a = 0.02, b = 0.2, c = −65 + 15r², d = 8 − 6r². Inhibitory: a = 0.02 + 0.08r, b = 0.25 − 0.05r, c = −65, d = 2.",
})

// CheckCellParams checks Level 1: cellParams(r, excitatory) returns the
// parameters of a cell of Izhikevich's 2003 network for its random number
// r in [0, 1).
func CheckCellParams(cellParams func(r float64, excitatory bool) Izh) check.Result {
	return cellParamsLevel.Check(func(in cellCase) Izh { return cellParams(in.R, in.Excitatory) })
}

// Level 2.

type synCase struct {
	W     [][]float64
	Fired []int
	In    []float64
}

// randomWeights draws the paper's weights of n cells, the first nE
// excitatory.
func randomWeights(r *rand.Rand, n, nE int) [][]float64 {
	w := make([][]float64, n)
	for j := range w {
		w[j] = check.Uniforms(r, n, 0, 1)
		for i := range w[j] {
			if j < nE {
				w[j][i] *= 0.5
			} else {
				w[j][i] = -w[j][i]
			}
		}
	}
	return w
}

var addSynapticLevel = check.Register(&check.Level[synCase, check.Changed[[]float64]]{
	Project: Project, Number: 2, Title: "Spikes to input currents", Func: "AddSynaptic",
	Fixed: []synCase{
		{[][]float64{{0.5, 0.25, 0}, {0.1, 0.2, 0.3}, {-1, -0.5, -0.2}}, []int{0, 2}, []float64{1, 2, 3}},
		{[][]float64{{0.4, 0.1}, {-0.3, -0.9}}, nil, []float64{5, -2}},
		{[][]float64{{0.4, 0.1}, {-0.3, -0.9}}, []int{1}, []float64{0, 0}},
	},
	Random: func(r *rand.Rand) synCase {
		n := 2 + r.IntN(40)
		var fired []int
		for k := range n {
			if r.Float64() < 0.2 {
				fired = append(fired, k)
			}
		}
		return synCase{randomWeights(r, n, n*4/5), fired, check.Uniforms(r, n, -10, 10)}
	},
	Judge: check.InPlace(func(c synCase) []float64 { return c.In }, check.NearSlice(func(c synCase) []float64 {
		in := slices.Clone(c.In)
		ref.AddSynaptic(c.W, c.Fired, in)
		return in
	}, simTol)),
	Show: func(c synCase) string {
		return fmt.Sprintf("w = %.4g, fired = %v, in = %.5g", c.W, c.Fired, c.In)
	},
	Hint: "For each j in fired, add its column: in[i] += w[j][i] for every i. Change in in place.",
})

// CheckAddSynaptic checks Level 2: addSynaptic(w, fired, in) adds to in[i]
// the weight w[j][i] of every neuron j in fired, in place.
func CheckAddSynaptic(addSynaptic func(w [][]float64, fired []int, in []float64)) check.Result {
	return addSynapticLevel.Check(func(in synCase) check.Changed[[]float64] {
		x := slices.Clone(in.In)
		addSynaptic(in.W, slices.Clone(in.Fired), x)
		return check.Leave(in.In, x)
	})
}

// Level 3.

type thalamicCase struct {
	NE, NI int
	Seed   uint64
}

var thalamicLevel = check.Register(&check.Level[thalamicCase, []float64]{
	Project: Project, Number: 3, Title: "Thalamic noise", Func: "Thalamic",
	Fixed: []thalamicCase{{800, 200, 1}, {2000, 500, 2}},
	Random: func(r *rand.Rand) thalamicCase {
		return thalamicCase{300 + r.IntN(1000), 300 + r.IntN(500), r.Uint64()}
	},
	Judge: func(c thalamicCase, got []float64) error {
		if len(got) != c.NE+c.NI {
			return fmt.Errorf("got %d inputs, want nE + nI = %d", len(got), c.NE+c.NI)
		}
		// Each group's mean and variance against the normal's, check.NoiseZ
		// standard errors apart: a right answer fails fewer than one check
		// in 1e9.
		for _, g := range []struct {
			name string
			x    []float64
			sd   float64
		}{{"excitatory", got[:c.NE], 5}, {"inhibitory", got[c.NE:], 2}} {
			m, v := check.MeanVariance(g.x)
			n := len(g.x)
			if err := check.WithinSE(m, 0, check.MeanSE(g.sd*g.sd, n), check.NoiseZ); err != nil {
				return fmt.Errorf("the mean of the %s cells' inputs: %v", g.name, err)
			}
			if err := check.WithinSE(v, g.sd*g.sd, check.NormalVarianceSE(g.sd*g.sd, n), check.NoiseZ); err != nil {
				return fmt.Errorf("the variance of the %s cells' inputs: %v", g.name, err)
			}
		}
		return nil
	},
	Show: func(c thalamicCase) string { return fmt.Sprintf("nE = %d, nI = %d, seed %d", c.NE, c.NI, c.Seed) },
	Hint: "5·rng.NormFloat64() for each of the nE excitatory cells, then 2·rng.NormFloat64() for each inhibitory one.",
})

// CheckThalamic checks Level 3: thalamic(nE, nI, rng) returns one step's
// thalamic input, 5·randn for each of the nE excitatory cells and 2·randn
// for each of the nI inhibitory ones. The check tests each group's mean
// and variance.
func CheckThalamic(thalamic func(nE, nI int, rng *rand.Rand) []float64) check.Result {
	return thalamicLevel.Check(func(in thalamicCase) []float64 { return thalamic(in.NE, in.NI, check.NewRand(in.Seed)) })
}

// Level 4.

type fireCase struct {
	V, U  []float64
	Cells []Izh
}

// fireOut is what Fire leaves and returns.
type fireOut struct {
	V, U  []float64
	Fired []int
}

func fireBefore(c fireCase) fireOut {
	return fireOut{V: slices.Clone(c.V), U: slices.Clone(c.U)}
}

var fireLevel = check.Register(&check.Level[fireCase, check.Changed[fireOut]]{
	Project: Project, Number: 4, Title: "Fire and reset at 30 mV", Func: "Fire",
	Fixed: []fireCase{
		{[]float64{30, 29.9, 45, -70}, []float64{-13, -10, -5, -14},
			[]Izh{{0.02, 0.2, -65, 8}, {0.02, 0.2, -65, 8}, {0.1, 0.2, -55, 4}, {0.02, 0.25, -65, 2}}},
		{[]float64{-65}, []float64{-13}, []Izh{{0.02, 0.2, -65, 8}}},
	},
	Random: func(r *rand.Rand) fireCase {
		n := 1 + r.IntN(30)
		return fireCase{check.Uniforms(r, n, -80, 60), check.Uniforms(r, n, -20, 5), randomCells(r, n, n*4/5)}
	},
	Judge: check.InPlace(fireBefore, func(c fireCase, got fireOut) error {
		want := fireBefore(c)
		want.Fired = ref.Fire(want.V, want.U, toRef(c.Cells), nil)
		if fmt.Sprint(got.Fired) != fmt.Sprint(want.Fired) {
			return fmt.Errorf("fired: got %v, want %v", got.Fired, want.Fired)
		}
		if err := check.CompareSlice(got.V, want.V, check.Exact); err != nil {
			return fmt.Errorf("v after the reset: %v", err)
		}
		if err := check.CompareSlice(got.U, want.U, check.Exact); err != nil {
			return fmt.Errorf("u after the reset: %v", err)
		}
		return nil
	}),
	Show: func(c fireCase) string { return fmt.Sprintf("v = %.5g mV, u = %.5g, cells %v", c.V, c.U, c.Cells) },
	Hint: "For each k with v[k] ≥ 30 (equal included): v[k] = c, u[k] += d, and append k to fired[:0]; return it.",
})

// CheckFire checks Level 4: fire(v, u, cells, fired) resets every cell at
// 30 mV or above (v ← c, u ← u + d) in place and returns their indices,
// appended to fired[:0].
func CheckFire(fire func(v, u []float64, cells []Izh, fired []int) []int) check.Result {
	return fireLevel.Check(func(in fireCase) check.Changed[fireOut] {
		before := fireBefore(in)
		out := fireBefore(in)
		out.Fired = fire(out.V, out.U, slices.Clone(in.Cells), make([]int, 0, len(in.V)))
		if len(out.Fired) == 0 && reflect.DeepEqual(before.V, out.V) && reflect.DeepEqual(before.U, out.U) {
			return check.Changed[fireOut]{}
		}
		return check.Changed[fireOut]{Changed: true, After: out}
	})
}

// Level 5.

type integrateCase struct {
	V, U, In []float64
	Cells    []Izh
}

// vu is what Integrate leaves: v (mV) and u.
type vu struct{ V, U []float64 }

var integrateLevel = check.Register(&check.Level[integrateCase, check.Changed[vu]]{
	Project: Project, Number: 5, Title: "Two half-steps for v", Func: "Integrate",
	Fixed: []integrateCase{
		{[]float64{-65, -70, -50}, []float64{-13, -14, -10}, []float64{0, 5, 10},
			[]Izh{{0.02, 0.2, -65, 8}, {0.02, 0.2, -65, 8}, {0.1, 0.2, -65, 2}}},
		{[]float64{-60}, []float64{-12}, []float64{-3}, []Izh{{0.05, 0.24, -65, 2}}},
	},
	Random: func(r *rand.Rand) integrateCase {
		n := 1 + r.IntN(30)
		return integrateCase{check.Uniforms(r, n, -80, -40), check.Uniforms(r, n, -18, -8), check.Uniforms(r, n, -10, 20), randomCells(r, n, n*4/5)}
	},
	Judge: check.InPlace(func(c integrateCase) vu { return vu{c.V, c.U} }, func(c integrateCase, got vu) error {
		want := vu{slices.Clone(c.V), slices.Clone(c.U)}
		ref.Integrate(want.V, want.U, c.In, toRef(c.Cells))
		if err := check.CompareSlice(got.V, want.V, simTol); err != nil {
			return fmt.Errorf("v (mV): %v", err)
		}
		if err := check.CompareSlice(got.U, want.U, simTol); err != nil {
			return fmt.Errorf("u: %v", err)
		}
		return nil
	}),
	Show: func(c integrateCase) string {
		return fmt.Sprintf("v = %.5g mV, u = %.5g, I = %.4g, cells %v", c.V, c.U, c.In, c.Cells)
	},
	Hint: "Twice: v += 0.5·(0.04v² + 5v + 140 − u + I). Then, with the new v, u += a·(b·v − u).",
})

// CheckIntegrate checks Level 5: integrate(v, u, in, cells) advances every
// cell by the paper's 1 ms step, in place: two half-steps of 0.5 ms for v,
// then one step of u with the new v.
func CheckIntegrate(integrate func(v, u, in []float64, cells []Izh)) check.Result {
	return integrateLevel.Check(func(c integrateCase) check.Changed[vu] {
		out := vu{slices.Clone(c.V), slices.Clone(c.U)}
		integrate(out.V, out.U, slices.Clone(c.In), slices.Clone(c.Cells))
		return check.Leave(vu{c.V, c.U}, out)
	})
}

// Level 6.

type runCase struct {
	NE, NI, Steps int
	Seed          uint64
	Net           Net         `check:"derived"`
	Thalamic      [][]float64 `check:"derived"`
}

// drawRun draws the network and its thalamic input from the case's seed.
func drawRun(c runCase) runCase {
	rng := rand.New(rand.NewPCG(c.Seed, 11))
	c.Net = NewNet(c.NE, c.NI, rng)
	c.Thalamic = ref.ThalamicRun(c.NE, c.NI, c.Steps, rng)
	return c
}

// compareRasters compares two rasters spike by spike: the learner's
// arithmetic may order a cell's terms differently, which in a network of
// cells that cross 30 mV within a rounding error can move a spike by a
// step, and that spike then moves others. Over the check's short runs
// (at most 200 cells, 300 steps), the variants of levels_test.go moved no
// spike in 100 random cases; the judge allows 2 % of the spikes to differ.
func compareRasters(got, want [][]float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d spike trains, want one per neuron, %d", len(got), len(want))
	}
	total, same, gotN := 0, 0, 0
	for k := range want {
		total += len(want[k])
		gotN += len(got[k])
		set := map[float64]bool{}
		for _, t := range want[k] {
			set[t] = true
		}
		for _, t := range got[k] {
			if set[t] {
				same++
			}
		}
	}
	if float64(total-same) > 0.02*float64(total)+0.5 || float64(gotN-same) > 0.02*float64(total)+0.5 {
		return fmt.Errorf("got %d spikes, want %d, of which %d match in neuron and time", gotN, total, same)
	}
	return nil
}

var runNetLevel = check.Register(&check.Level[runCase, [][]float64]{
	Project: Project, Number: 6, Title: "A thousand neurons, one second", Func: "RunNet",
	Fixed: []runCase{{NE: 80, NI: 20, Steps: 200, Seed: 1}, {NE: 8, NI: 2, Steps: 50, Seed: 2}},
	Random: func(r *rand.Rand) runCase {
		n := 20 + r.IntN(180)
		return runCase{NE: n * 4 / 5, NI: n - n*4/5, Steps: 100 + r.IntN(200), Seed: r.Uint64()}
	},
	Randoms: 1,
	Prepare: drawRun,
	Judge: func(c runCase, got [][]float64) error {
		return compareRasters(got, ref.RunNet(c.Net.toRef(), c.Thalamic))
	},
	Show: func(c runCase) string {
		return fmt.Sprintf("the paper's network of %d + %d cells drawn with seed %d, %d steps of 1 ms", c.NE, c.NI, c.Seed, c.Steps)
	},
	Hint: "From v = −65, u = b·v: each step t (from 1), copy thalamic[t−1], Fire, record t for each cell that fired, " +
		"AddSynaptic, Integrate.",
})

// CheckRunNet checks Level 6: runNet(net, thalamic) runs Izhikevich's
// network from v = −65 mV, u = b·v for len(thalamic) steps of 1 ms and
// returns each neuron's spike times (ms).
func CheckRunNet(runNet func(net Net, thalamic [][]float64) [][]float64) check.Result {
	return runNetLevel.Check(func(in runCase) [][]float64 {
		net := Net{Cells: slices.Clone(in.Net.Cells), NE: in.Net.NE, W: make([][]float64, len(in.Net.W))}
		for j := range in.Net.W {
			net.W[j] = slices.Clone(in.Net.W[j])
		}
		return runNet(net, in.Thalamic)
	})
}

// Level 7.

type spectrumCase struct {
	X  []float64
	Dt float64
}

// spectrum is what PowerSpectrum returns.
type spectrum struct{ Freq, Power []float64 }

var powerSpectrumLevel = check.Register(&check.Level[spectrumCase, spectrum]{
	Project: Project, Number: 7, Title: "Power spectrum of the population rate", Func: "PowerSpectrum",
	Fixed: []spectrumCase{
		{[]float64{1, 0, -1, 0, 1, 0, -1, 0}, 1},
		{[]float64{2, 2, 2, 2}, 0.5},
		{[]float64{0, 3, 1, 4, 1, 5, 9}, 2},
	},
	Random: func(r *rand.Rand) spectrumCase {
		n := 2 + r.IntN(200)
		x := check.Uniforms(r, n, 0, 50)
		f := check.Uniform(r, 1, 100)
		for m := range x {
			x[m] += 30 * math.Sin(2*math.Pi*f*float64(m)/1000)
		}
		return spectrumCase{x, []float64{0.1, 0.5, 1, 2}[r.IntN(4)]}
	},
	Judge: func(c spectrumCase, got spectrum) error {
		f, p := ref.PowerSpectrum(c.X, c.Dt)
		if err := check.CompareSlice(got.Freq, f, check.Exact); err != nil {
			return fmt.Errorf("the frequencies (Hz): %v", err)
		}
		// The sums of n terms of sines of angles up to 2π·n/2 lose about
		// n·1e-16 of the total power; powers near 0 are compared to it.
		total := 0.0
		for _, x := range p {
			total += x
		}
		if err := check.CompareSlice(got.Power, p, check.Tol{Rel: 1e-9, Abs: 1e-9 * total}); err != nil {
			return fmt.Errorf("the power: %v", err)
		}
		return nil
	},
	Show: func(c spectrumCase) string {
		return fmt.Sprintf("x = %.4g (%d samples), dt = %g ms", c.X, len(c.X), c.Dt)
	},
	Hint: "Subtract the mean. For k = 0 … n/2 (integer division): f_k = 1000·k/(n·dt); X_k = Σ_m x_m·(cos − i·sin)(2πkm/n); " +
		"power_k = (Re² + Im²)·dt/(1000·n).",
})

// CheckPowerSpectrum checks Level 7: powerSpectrum(x, dt) returns the
// frequencies (Hz) and the periodogram of x sampled every dt ms, its mean
// removed.
func CheckPowerSpectrum(powerSpectrum func(x []float64, dt float64) (freq, power []float64)) check.Result {
	return powerSpectrumLevel.Check(func(in spectrumCase) spectrum {
		f, p := powerSpectrum(slices.Clone(in.X), in.Dt)
		return spectrum{f, p}
	})
}

// Level 8.

type rhythmCase struct {
	NE, NI int
	TEnd   float64
	Seed   uint64
	Raster [][]float64 `check:"derived"`
}

// peaks is what Rhythms returns (Hz).
type peaks struct{ Alpha, Gamma float64 }

// samePeak reports whether the learner's peak got is the reference's
// want, or a frequency whose power ties with it within rounding.
func samePeak(got, want float64, f, p []float64) bool {
	if got == want || (math.IsNaN(got) && math.IsNaN(want)) {
		return true
	}
	k := slices.Index(f, got)
	w := slices.Index(f, want)
	return k >= 0 && w >= 0 && math.Abs(p[k]-p[w]) <= 1e-9*p[w]
}

var rhythmsLevel = check.Register(&check.Level[rhythmCase, peaks]{
	Project: Project, Number: 8, Title: "Alpha and gamma rhythms", Func: "Rhythms",
	Fixed: []rhythmCase{{NE: 80, NI: 20, TEnd: 1000, Seed: 1}},
	Random: func(r *rand.Rand) rhythmCase {
		n := 100 + r.IntN(100)
		return rhythmCase{NE: n * 4 / 5, NI: n - n*4/5, TEnd: float64(400 + r.IntN(400)), Seed: r.Uint64()}
	},
	Randoms: 1,
	Prepare: func(c rhythmCase) rhythmCase {
		rng := rand.New(rand.NewPCG(c.Seed, 8))
		net := ref.NewNet(c.NE, c.NI, rng)
		c.Raster = ref.RunNet(net, ref.ThalamicRun(c.NE, c.NI, int(c.TEnd), rng))
		return c
	},
	Judge: func(c rhythmCase, got peaks) error {
		f, p := ref.PowerSpectrum(ref.PopulationRate(c.Raster, 1, c.TEnd), 1)
		alpha, gamma := ref.BandPeaks(f, p)
		if !samePeak(got.Alpha, alpha, f, p) {
			return fmt.Errorf("alpha: got %g Hz, want %g Hz", got.Alpha, alpha)
		}
		if !samePeak(got.Gamma, gamma, f, p) {
			return fmt.Errorf("gamma: got %g Hz, want %g Hz", got.Gamma, gamma)
		}
		return nil
	},
	Show: func(c rhythmCase) string {
		return fmt.Sprintf("the raster of the paper's network of %d + %d cells (seed %d) over %g ms", c.NE, c.NI, c.Seed, c.TEnd)
	},
	Hint: "rate := classic.PopulationRate(raster, 1, tEnd); freq, power := PowerSpectrum(rate, 1); " +
		"the frequency of the largest power with 5 ≤ f ≤ 15 Hz, then with 30 ≤ f ≤ 50 Hz (the first if two tie).",
})

// CheckRhythms checks Level 8: rhythms(raster, tEnd) returns the
// frequencies (Hz) of the largest power of the population rate (1 ms bins
// up to tEnd ms) in the alpha band, 5–15 Hz, and in the gamma band,
// 30–50 Hz.
func CheckRhythms(rhythms func(raster [][]float64, tEnd float64) (alpha, gamma float64)) check.Result {
	return rhythmsLevel.Check(func(in rhythmCase) peaks {
		a, g := rhythms(in.Raster, in.TEnd)
		return peaks{a, g}
	})
}

// Level 9.

type gapCase struct {
	V []float64
	G float64
}

var gapCurrentsLevel = check.Register(&check.Level[gapCase, []float64]{
	Project: Project, Number: 9, Title: "Current through gap junctions", Func: "GapCurrents",
	Fixed: []gapCase{{[]float64{-65, -60, -70}, 0.1}, {[]float64{-65}, 1}, {[]float64{30, -65, -65, -65}, 0.02}},
	Random: func(r *rand.Rand) gapCase {
		return gapCase{check.Uniforms(r, 1+r.IntN(40), -80, 30), check.Uniform(r, 0, 0.2)}
	},
	Judge: func(c gapCase, got []float64) error {
		if got == nil {
			got = make([]float64, len(c.V))
		}
		want := make([]float64, len(c.V))
		ref.GapCurrents(c.V, c.G, want)
		// The sum over N potentials of −65 mV carries N·65·1e-16 of rounding.
		return check.CompareSlice(got, want, check.Tol{Rel: 1e-9, Abs: 1e-9 * float64(len(c.V))})
	},
	Show: func(c gapCase) string { return fmt.Sprintf("v = %.5g mV, g = %.4g", c.V, c.G) },
	Hint: "out[i] = g·Σ_j (v[j] − v[i]) = g·(Σ_j v[j] − N·v[i]), the sum over all N cells.",
})

// CheckGapCurrents checks Level 9: gapCurrents(v, g, out) sets out[i] to
// the current g·Σ_j (v_j − v_i) into cell i of an all-to-all gap-junction
// network.
func CheckGapCurrents(gapCurrents func(v []float64, g float64, out []float64)) check.Result {
	return gapCurrentsLevel.Check(func(in gapCase) []float64 {
		out := make([]float64, len(in.V))
		gapCurrents(slices.Clone(in.V), in.G, out)
		if !slices.ContainsFunc(out, func(x float64) bool { return x != 0 }) {
			return nil // all zero, as a stub leaves it; the judge reads nil as zeros
		}
		return out
	})
}

// Level 10.

type syncCase struct {
	V [][]float64
}

// traces draws n cells' traces of steps samples: a common sine plus
// independent noise of the given size.
func traces(r *rand.Rand, n, steps int, noise float64) [][]float64 {
	v := make([][]float64, steps)
	for t := range v {
		common := 10 * math.Sin(float64(t)/7)
		v[t] = make([]float64, n)
		for i := range v[t] {
			v[t][i] = -60 + common + noise*r.NormFloat64()
		}
	}
	return v
}

var synchronyLevel = check.Register(&check.Level[syncCase, float64]{
	Project: Project, Number: 10, Title: "A synchrony index", Func: "Synchrony",
	Fixed: []syncCase{
		{[][]float64{{1, 1}, {2, 2}, {3, 3}}},
		{[][]float64{{1, 3}, {3, 1}, {1, 3}, {3, 1}}},
		{[][]float64{{-65, -60, -70}, {-50, -62, -64}, {-40, -65, -55}, {-60, -61, -66}}},
	},
	Random: func(r *rand.Rand) syncCase {
		return syncCase{traces(r, 2+r.IntN(20), 10+r.IntN(200), check.LogUniform(r, 0.1, 100))}
	},
	Judge: check.Near(func(c syncCase) float64 { return ref.Synchrony(c.V) }, check.Tol{Rel: 1e-9, Abs: 1e-12}),
	Show: func(c syncCase) string {
		return fmt.Sprintf("v = %.4g (mV, %d samples of %d cells)", c.V, len(c.V), len(c.V[0]))
	},
	Hint: "V̄(t) is the mean over cells at sample t; χ² = Var_t(V̄) / (mean over i of Var_t(v_i)), " +
		"variances over time with 1/T (not 1/(T−1)); return χ.",
})

// CheckSynchrony checks Level 10: synchrony(v) returns Golomb and Rinzel's
// index χ of the traces v[t][i] (mV, cell i at sample t).
func CheckSynchrony(synchrony func(v [][]float64) float64) check.Result {
	return synchronyLevel.Check(func(in syncCase) float64 {
		v := make([][]float64, len(in.V))
		for t := range v {
			v[t] = slices.Clone(in.V[t])
		}
		return synchrony(v)
	})
}

// Level 11.

type gapStepCase struct {
	V, U, Drive []float64
	Cell        Izh
	G, Dt       float64
}

// gapStepOut is what GapStep leaves and returns.
type gapStepOut struct {
	V, U   []float64
	Spikes int
}

var gapStepLevel = check.Register(&check.Level[gapStepCase, check.Changed[gapStepOut]]{
	Project: Project, Number: 11, Title: "An inhibitory network coupled by gap junctions", Func: "GapStep",
	Fixed: []gapStepCase{
		{[]float64{-65, -60, 29}, []float64{-13, -12, -8}, []float64{4, 5, 6}, FS, 0.05, 0.1},
		{[]float64{-70}, []float64{-14}, []float64{0}, FS, 0.1, 0.5},
	},
	Random: func(r *rand.Rand) gapStepCase {
		n := 1 + r.IntN(30)
		return gapStepCase{check.Uniforms(r, n, -75, 29), check.Uniforms(r, n, -16, -6), check.Uniforms(r, n, 0, 10), FS,
			check.Uniform(r, 0, 0.1), check.Uniform(r, 0.01, 0.25)}
	},
	Judge: check.InPlace(func(c gapStepCase) gapStepOut { return gapStepOut{V: c.V, U: c.U} }, func(c gapStepCase, got gapStepOut) error {
		want := gapStepOut{V: slices.Clone(c.V), U: slices.Clone(c.U)}
		want.Spikes = ref.GapStep(want.V, want.U, c.Drive, ref.Izh(c.Cell), c.G, c.Dt)
		if got.Spikes != want.Spikes {
			return fmt.Errorf("got %d spikes, want %d", got.Spikes, want.Spikes)
		}
		if err := check.CompareSlice(got.V, want.V, simTol); err != nil {
			return fmt.Errorf("v (mV): %v", err)
		}
		if err := check.CompareSlice(got.U, want.U, simTol); err != nil {
			return fmt.Errorf("u: %v", err)
		}
		return nil
	}),
	Show: func(c gapStepCase) string {
		return fmt.Sprintf("v = %.5g mV, u = %.5g, drive = %.4g, %v, g = %.4g, dt = %.4g ms", c.V, c.U, c.Drive, c.Cell, c.G, c.Dt)
	},
	Hint: "Gap currents from v before the step (Level 9); for each cell dv = 0.04v² + 5v + 140 − u + drive + gap, " +
		"du = a(bv − u), both from the old values; v += dt·dv, u += dt·du; then if v ≥ 30: v = c, u += d, count it.",
})

// CheckGapStep checks Level 11: gapStep(v, u, drive, cell, g, dt) advances
// the cells of an all-to-all gap-junction network by one Euler step of dt
// (ms), in place, and returns the number of spikes.
func CheckGapStep(gapStep func(v, u, drive []float64, cell Izh, g, dt float64) int) check.Result {
	return gapStepLevel.Check(func(in gapStepCase) check.Changed[gapStepOut] {
		out := gapStepOut{V: slices.Clone(in.V), U: slices.Clone(in.U)}
		out.Spikes = gapStep(out.V, out.U, slices.Clone(in.Drive), in.Cell, in.G, in.Dt)
		if out.Spikes == 0 {
			return check.Leave(gapStepOut{V: in.V, U: in.U}, out)
		}
		return check.Changed[gapStepOut]{Changed: true, After: out}
	})
}

// Level 12.

type gapSyncCase struct {
	N     int
	G, Dt float64
	Steps int
}

var gapSynchronyLevel = check.Register(&check.Level[gapSyncCase, float64]{
	Project: Project, Number: 12, Title: "Synchrony rises with the gap conductance", Func: "GapSynchrony",
	Fixed: []gapSyncCase{{20, 0, 0.1, 2000}, {20, 0.05, 0.1, 2000}, {10, 0.08, 0.1, 2000}},
	Random: func(r *rand.Rand) gapSyncCase {
		g := 0.0
		if r.IntN(3) > 0 {
			g = check.Uniform(r, 0.05, 0.1)
		}
		return gapSyncCase{5 + r.IntN(16), g, 0.1, 1000 + r.IntN(2000)}
	},
	Randoms: 2,
	// The cases are uncoupled (g = 0) or locked (g ≥ 0.05): in between,
	// partly synchronised networks of a few cells are chaotic, and another
	// ordering of a right answer's arithmetic (Horner's form, say) moved χ
	// by 0.017 within 250 ms. Uncoupled or locked, the variants of
	// levels_test.go agreed with the reference within 0.0033 on 100 random
	// cases; the tolerance is 0.01.
	Judge: check.Near(func(c gapSyncCase) float64 {
		return ref.GapSynchrony(ref.FS, ref.GapDrives(c.N), c.G, c.Dt, c.Steps)
	}, check.Tol{Abs: 0.01}),
	Show: func(c gapSyncCase) string {
		return fmt.Sprintf("%d FS cells with classic.GapDrives(%d), g = %.4g, dt = %g ms, %d steps", c.N, c.N, c.G, c.Dt, c.Steps)
	},
	Hint: "From v = −65, u = b·v (b of classic.FS): steps GapSteps, keeping a copy of v after each; " +
		"return Synchrony of the second half, the copies from steps/2 on.",
})

// CheckGapSynchrony checks Level 12: gapSynchrony(drive, g, dt, steps)
// runs the network of classic.FS cells under the drives with the gap
// conductance g from rest for steps steps of dt (ms) and returns the
// synchrony index of the second half of the run.
func CheckGapSynchrony(gapSynchrony func(drive []float64, g, dt float64, steps int) float64) check.Result {
	return gapSynchronyLevel.Check(func(in gapSyncCase) float64 { return gapSynchrony(GapDrives(in.N), in.G, in.Dt, in.Steps) })
}
