package circuit

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/circuit"
	"github.com/neurogo/course/neuro/internal/lif"
)

// This file holds levels 1–12: the state of N cells as slices, their step,
// spikes and refractoriness, the raster and the population rate, the weights
// with Dale's law, the conductances, and the network's step and run.

// simTol is the tolerance of simulated values: the learner's arithmetic may
// group the terms of a step differently, which changes the last bits.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// randomCell draws a cell with a time constant of 2 to 100 ms and a
// threshold 10 to 25 mV above its leak reversal.
func randomCell(r *rand.Rand) Cell {
	eL := check.Uniform(r, -75, -60)
	return Cell{EL: eL, VTh: eL + check.Uniform(r, 10, 25), VReset: eL + check.Uniform(r, -10, 5),
		R: check.Uniform(r, 5, 50), C: check.Uniform(r, 0.4, 2)}
}

// Level 1.

type newStateCase struct {
	N  int
	V0 float64
}

var newStateLevel = check.Register(&check.Level[newStateCase, State]{
	Project: Project, Number: 1, Title: "State of N neurons as vectors", Func: "NewState",
	Fixed:  []newStateCase{{3, -65}, {1, -70}, {0, -65}, {10, -58.5}},
	Random: func(r *rand.Rand) newStateCase { return newStateCase{1 + r.IntN(50), check.Uniform(r, -80, -50)} },
	Judge: func(c newStateCase, got State) error {
		want := ref.NewState(c.N, c.V0)
		if len(got.V) != c.N || len(got.GE) != c.N || len(got.GI) != c.N || len(got.Ref) != c.N {
			return fmt.Errorf("got slices of lengths V %d, GE %d, GI %d, Ref %d, want %d each",
				len(got.V), len(got.GE), len(got.GI), len(got.Ref), c.N)
		}
		if err := check.CompareSlice(got.V, want.V, check.Exact); err != nil {
			return fmt.Errorf("V: %v", err)
		}
		for k := range got.GE {
			if got.GE[k] != 0 || got.GI[k] != 0 || got.Ref[k] != 0 {
				return fmt.Errorf("cell %d starts with g_E = %g µS, g_I = %g µS, Ref = %d; want all 0",
					k, got.GE[k], got.GI[k], got.Ref[k])
			}
		}
		return nil
	},
	Show: func(c newStateCase) string { return fmt.Sprintf("n = %d, v0 = %g mV", c.N, c.V0) },
	Hint: "Make four slices of length n with make; fill V with v0; the conductances and counters start at 0.",
})

// CheckNewState checks Level 1: newState(n, v0) returns the state of n
// cells at the potential v0 (mV), with no conductance (µS) and no cell
// refractory.
func CheckNewState(newState func(n int, v0 float64) State) check.Result {
	return newStateLevel.Check(func(in newStateCase) State { return newState(in.N, in.V0) })
}

// Level 2.

type eulerCase struct {
	V, Current []float64
	Cell       Cell
	Dt         float64
}

var eulerStepLevel = check.Register(&check.Level[eulerCase, check.Changed[[]float64]]{
	Project: Project, Number: 2, Title: "Vectorized Euler step", Func: "EulerStep",
	Fixed: []eulerCase{
		{[]float64{-65, -60, -52}, []float64{0, 1.5, 2}, Default(), 0.1},
		{[]float64{-70}, []float64{-1}, Cell{EL: -70, VTh: -54, VReset: -80, R: 20, C: 0.5}, 0.05},
		{nil, nil, Default(), 0.1},
	},
	Random: func(r *rand.Rand) eulerCase {
		c := randomCell(r)
		n := 1 + r.IntN(40)
		return eulerCase{check.Uniforms(r, n, c.EL-10, c.VTh), check.Uniforms(r, n, -1, 4), c, check.TimeStep(r, c.R*c.C, 0)}
	},
	Judge: check.InPlace(func(c eulerCase) []float64 { return c.V }, check.NearSlice(func(c eulerCase) []float64 {
		v := append([]float64(nil), c.V...)
		ref.EulerStep(v, c.Current, lif.Cell(c.Cell), c.Dt)
		return v
	}, simTol)),
	Show: func(c eulerCase) string {
		return fmt.Sprintf("v = %.5g mV, current = %.4g nA, %v, dt = %g ms", c.V, c.Current, c.Cell, c.Dt)
	},
	Hint: "In one loop over k: v[k] += dt·(−(v[k] − E_L)/R + current[k])/C. Change v in place; return nothing.",
})

// CheckEulerStep checks Level 2: eulerStep(v, current, cell, dt) advances
// every potential v[k] (mV) by one forward-Euler step of dt (ms) under the
// current current[k] (nA), in place.
func CheckEulerStep(eulerStep func(v, current []float64, cell Cell, dt float64)) check.Result {
	return eulerStepLevel.Check(func(in eulerCase) check.Changed[[]float64] {
		v := append([]float64(nil), in.V...)
		eulerStep(v, append([]float64(nil), in.Current...), in.Cell, in.Dt)
		return check.Leave(in.V, v)
	})
}

// Level 3.

type maskCase struct {
	V    []float64
	Cell Cell
}

// maskOut is what SpikeMask leaves and returns.
type maskOut struct {
	V      []float64
	Spiked []bool
	N      int
}

func compareMask(got, want maskOut) error {
	if got.N != want.N {
		return fmt.Errorf("got %d spikes, want %d", got.N, want.N)
	}
	if fmt.Sprint(got.Spiked) != fmt.Sprint(want.Spiked) {
		return fmt.Errorf("the spike mask: got %v, want %v", got.Spiked, want.Spiked)
	}
	if err := check.CompareSlice(got.V, want.V, simTol); err != nil {
		return fmt.Errorf("the potentials after the reset: %v", err)
	}
	return nil
}

// maskBefore returns the state SpikeMask starts from.
func maskBefore(c maskCase) maskOut {
	return maskOut{V: append([]float64(nil), c.V...), Spiked: make([]bool, len(c.V))}
}

var spikeMaskLevel = check.Register(&check.Level[maskCase, check.Changed[maskOut]]{
	Project: Project, Number: 3, Title: "Threshold and reset as a spike mask", Func: "SpikeMask",
	Fixed: []maskCase{{[]float64{-49, -50, -50.01, -65, -30}, Default()}, {[]float64{-60, -55}, Default()}},
	Random: func(r *rand.Rand) maskCase {
		c := randomCell(r)
		return maskCase{check.Uniforms(r, 1+r.IntN(40), c.VTh-5, c.VTh+3), c}
	},
	Judge: check.InPlace(maskBefore, func(c maskCase, got maskOut) error {
		want := maskBefore(c)
		want.N = ref.SpikeMask(want.V, lif.Cell(c.Cell), want.Spiked)
		return compareMask(got, want)
	}),
	Show: func(c maskCase) string { return fmt.Sprintf("v = %.5g mV, %v", c.V, c.Cell) },
	Hint: "spiked[k] = v[k] ≥ V_th (equal included); where it is true set v[k] = V_reset and count it.",
})

// CheckSpikeMask checks Level 3: spikeMask(v, cell, spiked) sets spiked[k]
// to whether v[k] (mV) has reached the threshold, resets those potentials
// to V_reset in place, and returns the number of spikes.
func CheckSpikeMask(spikeMask func(v []float64, cell Cell, spiked []bool) int) check.Result {
	return spikeMaskLevel.Check(func(in maskCase) check.Changed[maskOut] {
		out := maskBefore(in)
		out.N = spikeMask(out.V, in.Cell, out.Spiked)
		return check.Leave(maskBefore(in), out)
	})
}

// Level 4.

type refractoryCase struct {
	V, Current []float64
	Ref        []int
	Cell       Cell
	NRef       int
	Dt         float64
}

// refractoryOut is what RefractoryStep leaves and returns.
type refractoryOut struct {
	Mask maskOut
	Ref  []int
}

// refractoryBefore returns the state RefractoryStep starts from.
func refractoryBefore(c refractoryCase) refractoryOut {
	return refractoryOut{maskOut{V: append([]float64(nil), c.V...), Spiked: make([]bool, len(c.V))},
		append([]int(nil), c.Ref...)}
}

var refractoryStepLevel = check.Register(&check.Level[refractoryCase, check.Changed[refractoryOut]]{
	Project: Project, Number: 4, Title: "Per-neuron refractory counters", Func: "RefractoryStep",
	Fixed: []refractoryCase{
		{[]float64{-50.05, -65, -65, -55}, []float64{3, 3, 3, 0}, []int{0, 1, 20, 0}, Default(), 20, 0.1},
		{[]float64{-65, -51}, []float64{20, 20}, []int{0, 0}, Default(), 5, 0.1},
	},
	Random: func(r *rand.Rand) refractoryCase {
		c := randomCell(r)
		n := 1 + r.IntN(40)
		nRef := r.IntN(30)
		refs := make([]int, n)
		v := check.Uniforms(r, n, c.VTh-3, c.VTh)
		for k := range refs {
			if r.IntN(3) == 0 {
				refs[k] = 1 + r.IntN(nRef+1)
				v[k] = c.VReset
			}
		}
		rh := (c.VTh - c.EL) / c.R
		return refractoryCase{v, check.Uniforms(r, n, 0, 5*rh), refs, c, nRef, check.TimeStep(r, c.R*c.C, 0)}
	},
	Judge: check.InPlace(refractoryBefore, func(c refractoryCase, got refractoryOut) error {
		want := refractoryBefore(c)
		want.Mask.N = ref.RefractoryStep(want.Mask.V, c.Current, want.Ref, want.Mask.Spiked, lif.Cell(c.Cell), c.NRef, c.Dt)
		if err := compareMask(got.Mask, want.Mask); err != nil {
			return err
		}
		if fmt.Sprint(got.Ref) != fmt.Sprint(want.Ref) {
			return fmt.Errorf("the counters: got %v, want %v", got.Ref, want.Ref)
		}
		return nil
	}),
	Show: func(c refractoryCase) string {
		return fmt.Sprintf("v = %.5g mV, current = %.4g nA, ref = %v, %v, nRef = %d, dt = %g ms",
			c.V, c.Current, c.Ref, c.Cell, c.NRef, c.Dt)
	},
	Hint: "For each k: if ref[k] > 0, set v[k] = V_reset, ref[k]−−, spiked[k] = false and go on; " +
		"otherwise take the Euler step, and if v[k] ≥ V_th reset it, set spiked[k] and ref[k] = nRef.",
})

// CheckRefractoryStep checks Level 4: refractoryStep(v, current, ref,
// spiked, cell, nRef, dt) is one step of dt (ms) of the cells under
// current (nA): a cell with ref[k] > 0 is held at V_reset and its counter
// drops by one; the others take an Euler step, and one that reaches V_th is
// reset, marked in spiked and gets ref[k] = nRef. It returns the number of
// spikes.
func CheckRefractoryStep(refractoryStep func(v, current []float64, ref []int, spiked []bool, cell Cell, nRef int, dt float64) int) check.Result {
	return refractoryStepLevel.Check(func(in refractoryCase) check.Changed[refractoryOut] {
		out := refractoryBefore(in)
		out.Mask.N = refractoryStep(out.Mask.V, append([]float64(nil), in.Current...), out.Ref, out.Mask.Spiked, in.Cell, in.NRef, in.Dt)
		return check.Leave(refractoryBefore(in), out)
	})
}

// Level 5.

type recordCase struct {
	Raster [][]float64
	Fired  []int
	T      float64
}

func cloneRaster(r [][]float64) [][]float64 {
	c := make([][]float64, len(r))
	for k := range r {
		c[k] = append([]float64(nil), r[k]...)
	}
	return c
}

// randomRaster draws the spike times (ms) of n neurons until tEnd (ms), on
// the grid of 0.1 ms, with rates up to maxRate (Hz).
func randomRaster(r *rand.Rand, n int, tEnd, maxRate float64) [][]float64 {
	raster := make([][]float64, n)
	for j := range raster {
		rate := check.Uniform(r, 0, maxRate)
		for t := r.ExpFloat64() * 1000 / rate; t < tEnd; t += r.ExpFloat64() * 1000 / rate {
			raster[j] = append(raster[j], math.Round(t*10)/10)
		}
	}
	return raster
}

func compareRaster(got, want [][]float64) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d neurons, want %d", len(got), len(want))
	}
	for j := range want {
		if err := check.CompareSlice(got[j], want[j], simTol); err != nil {
			return fmt.Errorf("neuron %d: %v (want %.6g)", j, err, want[j])
		}
	}
	return nil
}

var recordLevel = check.Register(&check.Level[recordCase, check.Changed[[][]float64]]{
	Project: Project, Number: 5, Title: "Spike raster (neurons × time)", Func: "Record",
	Fixed: []recordCase{
		{[][]float64{nil, {0.5}, nil}, []int{0, 1}, 1.2},
		{[][]float64{{1}, {2}, {3}, {4}}, []int{3}, 7},
		{[][]float64{nil, nil}, nil, 3},
	},
	Random: func(r *rand.Rand) recordCase {
		n := 2 + r.IntN(20)
		c := recordCase{Raster: randomRaster(r, n, 100, 50), T: 100 + math.Round(check.Uniform(r, 0, 100)*10)/10}
		for j := range n {
			if r.IntN(3) == 0 {
				c.Fired = append(c.Fired, j)
			}
		}
		return c
	},
	Judge: check.InPlace(func(c recordCase) [][]float64 { return cloneRaster(c.Raster) }, func(c recordCase, got [][]float64) error {
		want := cloneRaster(c.Raster)
		ref.Record(want, c.Fired, c.T)
		return compareRaster(got, want)
	}),
	Show: func(c recordCase) string {
		return fmt.Sprintf("raster = %v ms, fired = %v, t = %g ms", c.Raster, c.Fired, c.T)
	},
	Hint: "fired lists neuron numbers: for each j in fired, raster[j] = append(raster[j], t).",
})

// CheckRecord checks Level 5: record(raster, fired, t) appends the time t
// (ms) to the spike times raster[j] of every neuron j in fired.
func CheckRecord(record func(raster [][]float64, fired []int, t float64)) check.Result {
	return recordLevel.Check(func(in recordCase) check.Changed[[][]float64] {
		raster := cloneRaster(in.Raster)
		record(raster, append([]int(nil), in.Fired...), in.T)
		return check.Leave(cloneRaster(in.Raster), raster)
	})
}

// Level 6.

type popRateCase struct {
	Raster    [][]float64
	Bin, TEnd float64
}

var populationRateLevel = check.Register(&check.Level[popRateCase, []float64]{
	Project: Project, Number: 6, Title: "Population rate from the raster", Func: "PopulationRate",
	Fixed: []popRateCase{
		{[][]float64{{1, 12}, {3}, {}, {19.9, 20}}, 10, 20},
		{[][]float64{{0, 5}}, 5, 10},
	},
	Random: func(r *rand.Rand) popRateCase {
		return popRateCase{randomRaster(r, 1+r.IntN(30), 200, 80), []float64{1, 2, 5, 10}[r.IntN(4)], 200}
	},
	Judge: check.NearSlice(func(c popRateCase) []float64 { return ref.PopulationRate(c.Raster, c.Bin, c.TEnd) }, simTol),
	Show: func(c popRateCase) string {
		return fmt.Sprintf("raster = %v ms, bin = %g ms, t_end = %g ms", c.Raster, c.Bin, c.TEnd)
	},
	Hint: "Bin k holds the spikes with k·bin ≤ t < (k+1)·bin; its rate is 1000·count/(N·bin) Hz, " +
		"N the number of neurons. Spikes at t_end or later fall outside.",
})

// CheckPopulationRate checks Level 6: populationRate(raster, bin, tEnd)
// returns the mean rate (Hz) of the raster's neurons (spike times in ms) in
// the round(tEnd/bin) bins [k·bin, (k+1)·bin) (ms).
func CheckPopulationRate(populationRate func(raster [][]float64, bin, tEnd float64) []float64) check.Result {
	return populationRateLevel.Check(func(in popRateCase) []float64 {
		return populationRate(cloneRaster(in.Raster), in.Bin, in.TEnd)
	})
}

// Level 7.

type weightsCase struct {
	N, NE     int
	P, WE, WI float64
	Seed      uint64
}

var randomWeightsLevel = check.Register(&check.Level[weightsCase, [][]float64]{
	Project: Project, Number: 7, Title: "E/I weight matrix with Dale's law", Func: "RandomWeights",
	Fixed: []weightsCase{{200, 160, 0.1, 0.005, 0.03, 1}, {100, 50, 0.3, 0.01, 0.01, 2}},
	Random: func(r *rand.Rand) weightsCase {
		n := 50 + r.IntN(70)
		return weightsCase{n, int(0.8 * float64(n)), check.Uniform(r, 0.02, 0.5), check.Uniform(r, 0.001, 0.02),
			check.Uniform(r, 0.001, 0.1), r.Uint64()}
	},
	Randoms: 1,
	Judge: func(c weightsCase, got [][]float64) error {
		if len(got) != c.N {
			return fmt.Errorf("got %d columns, want %d", len(got), c.N)
		}
		count := 0
		for j, col := range got {
			if len(col) != c.N {
				return fmt.Errorf("column %d has %d entries, want %d", j, len(col), c.N)
			}
			want, kind := c.WE, "excitatory"
			if j >= c.NE {
				want, kind = -c.WI, "inhibitory"
			}
			for i, x := range col {
				if x != 0 && x != want {
					return fmt.Errorf("w[%d][%d] = %g µS, but neuron %d is %s: its weights are 0 or %g µS (Dale's law)",
						j, i, x, j, kind, want)
				}
				if x != 0 {
					count++
				}
			}
		}
		// The number of connections is binomial; check.CountZ standard
		// errors: a right answer fails fewer than one check in 1e11.
		m := float64(c.N * c.N)
		se := math.Sqrt(m * c.P * (1 - c.P))
		if err := check.WithinSE(float64(count), m*c.P, se, check.CountZ); err != nil {
			return fmt.Errorf("the number of connections: %v", err)
		}
		return nil
	},
	Show: func(c weightsCase) string {
		return fmt.Sprintf("n = %d, nE = %d, p = %.4g, w_E = %.4g µS, w_I = %.4g µS, seed %d", c.N, c.NE, c.P, c.WE, c.WI, c.Seed)
	},
	Hint: "w[j] is the column of presynaptic j: make n columns of n entries. For each j, then each i, " +
		"connect if rng.Float64() < p, with +wE if j < nE and −wI otherwise.",
})

// CheckRandomWeights checks Level 7: randomWeights(n, nE, p, wE, wI, rng)
// returns the weights w[j][i] (µS) from j onto i of n neurons, the first nE
// excitatory: each pair connected with probability p drawn from rng,
// +wE from an excitatory neuron, −wI from an inhibitory one. The check
// verifies Dale's law and the number of connections.
func CheckRandomWeights(randomWeights func(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64) check.Result {
	return randomWeightsLevel.Check(func(in weightsCase) [][]float64 {
		return randomWeights(in.N, in.NE, in.P, in.WE, in.WI, check.NewRand(in.Seed))
	})
}

// Level 8.

type decayCase struct {
	GE, GI         []float64
	TauE, TauI, Dt float64
}

// conductances is what the conductance levels leave: g_E and g_I (µS).
type conductances struct{ GE, GI []float64 }

func compareConductances(got, want conductances) error {
	if err := check.CompareSlice(got.GE, want.GE, simTol); err != nil {
		return fmt.Errorf("g_E: %v", err)
	}
	if err := check.CompareSlice(got.GI, want.GI, simTol); err != nil {
		return fmt.Errorf("g_I: %v", err)
	}
	return nil
}

func cloneG(gE, gI []float64) conductances {
	return conductances{append([]float64(nil), gE...), append([]float64(nil), gI...)}
}

var decayConductancesLevel = check.Register(&check.Level[decayCase, check.Changed[conductances]]{
	Project: Project, Number: 8, Title: "Excitatory and inhibitory conductance vectors", Func: "DecayConductances",
	Fixed: []decayCase{{[]float64{0.1, 0, 0.02}, []float64{0.05, 0.2, 0}, 5, 10, 0.1}},
	Random: func(r *rand.Rand) decayCase {
		n := 1 + r.IntN(30)
		return decayCase{check.Uniforms(r, n, 0, 0.1), check.Uniforms(r, n, 0, 0.1), check.Uniform(r, 1, 10), check.Uniform(r, 5, 30),
			check.AnyStep(r, 0.5)}
	},
	Judge: check.InPlace(func(c decayCase) conductances { return cloneG(c.GE, c.GI) }, func(c decayCase, got conductances) error {
		want := cloneG(c.GE, c.GI)
		ref.DecayConductances(want.GE, want.GI, c.TauE, c.TauI, c.Dt)
		return compareConductances(got, want)
	}),
	Show: func(c decayCase) string {
		return fmt.Sprintf("g_E = %.4g µS, g_I = %.4g µS, τ_E = %.4g ms, τ_I = %.4g ms, dt = %g ms", c.GE, c.GI, c.TauE, c.TauI, c.Dt)
	},
	Hint: "Forward Euler on dg/dt = −g/τ: gE[k] −= dt·gE[k]/τ_E and gI[k] −= dt·gI[k]/τ_I, each with its own τ.",
})

// CheckDecayConductances checks Level 8: decayConductances(gE, gI, tauE,
// tauI, dt) takes one forward-Euler step of dt (ms) of dg/dt = −g/τ for
// every g_E and g_I (µS), with the time constants tauE and tauI (ms), in
// place.
func CheckDecayConductances(decayConductances func(gE, gI []float64, tauE, tauI, dt float64)) check.Result {
	return decayConductancesLevel.Check(func(in decayCase) check.Changed[conductances] {
		out := cloneG(in.GE, in.GI)
		decayConductances(out.GE, out.GI, in.TauE, in.TauI, in.Dt)
		return check.Leave(cloneG(in.GE, in.GI), out)
	})
}

// Level 9.

type propagateCase struct {
	W      [][]float64
	Fired  []int
	GE, GI []float64
}

// smallWeights draws dense signed weights of n neurons, the first nE
// excitatory, with checker code (no reference).
func smallWeights(r *rand.Rand, n, nE int, p float64) [][]float64 {
	w := make([][]float64, n)
	for j := range w {
		w[j] = make([]float64, n)
		for i := range w[j] {
			if r.Float64() < p {
				if j < nE {
					w[j][i] = check.Uniform(r, 0.001, 0.01)
				} else {
					w[j][i] = -check.Uniform(r, 0.005, 0.05)
				}
			}
		}
	}
	return w
}

func randomFired(r *rand.Rand, n int) []int {
	var fired []int
	for j := range n {
		if r.IntN(4) == 0 {
			fired = append(fired, j)
		}
	}
	return fired
}

var propagateLevel = check.Register(&check.Level[propagateCase, check.Changed[conductances]]{
	Project: Project, Number: 9, Title: "Spikes to conductance through W", Func: "Propagate",
	Fixed: []propagateCase{{
		W:     [][]float64{{0, 0.004, 0.004}, {0.004, 0, 0}, {-0.016, -0.016, 0}},
		Fired: []int{0, 2}, GE: []float64{0, 0.01, 0}, GI: []float64{0, 0, 0.02},
	}},
	Random: func(r *rand.Rand) propagateCase {
		n := 2 + r.IntN(30)
		return propagateCase{smallWeights(r, n, n*4/5, 0.3), randomFired(r, n), check.Uniforms(r, n, 0, 0.05), check.Uniforms(r, n, 0, 0.05)}
	},
	Judge: check.InPlace(func(c propagateCase) conductances { return cloneG(c.GE, c.GI) }, func(c propagateCase, got conductances) error {
		want := cloneG(c.GE, c.GI)
		ref.Propagate(c.W, c.Fired, want.GE, want.GI)
		return compareConductances(got, want)
	}),
	Show: func(c propagateCase) string {
		return fmt.Sprintf("w = %.4g µS, fired = %v, g_E = %.4g µS, g_I = %.4g µS", c.W, c.Fired, c.GE, c.GI)
	},
	Hint: "For each j in fired, walk its column w[j]: a positive w[j][i] adds to gE[i], a negative one " +
		"adds its magnitude −w[j][i] to gI[i] (conductances are never negative).",
})

// CheckPropagate checks Level 9: propagate(w, fired, gE, gI) adds, for
// every neuron j in fired, its column w[j] (µS) to the conductances:
// positive weights to gE, the magnitude of negative ones to gI.
func CheckPropagate(propagate func(w [][]float64, fired []int, gE, gI []float64)) check.Result {
	return propagateLevel.Check(func(in propagateCase) check.Changed[conductances] {
		out := cloneG(in.GE, in.GI)
		propagate(cloneRaster(in.W), append([]int(nil), in.Fired...), out.GE, out.GI)
		return check.Leave(cloneG(in.GE, in.GI), out)
	})
}

// Level 10.

type inputCase struct {
	V, GE, GI []float64
	EE, EI    float64
}

var synapticInputLevel = check.Register(&check.Level[inputCase, check.Changed[[]float64]]{
	Project: Project, Number: 10, Title: "Conductance-based currents", Func: "SynapticInput",
	Fixed: []inputCase{{[]float64{-65, -50, -80}, []float64{0.01, 0.02, 0}, []float64{0, 0.05, 0.1}, 0, -80}},
	Random: func(r *rand.Rand) inputCase {
		n := 1 + r.IntN(30)
		return inputCase{check.Uniforms(r, n, -80, -50), check.Uniforms(r, n, 0, 0.1), check.Uniforms(r, n, 0, 0.1),
			check.Uniform(r, -5, 5), check.Uniform(r, -90, -65)}
	},
	Judge: check.InPlace(func(c inputCase) []float64 { return make([]float64, len(c.V)) }, check.NearSlice(func(c inputCase) []float64 {
		out := make([]float64, len(c.V))
		ref.SynapticInput(out, c.V, c.GE, c.GI, c.EE, c.EI)
		return out
	}, simTol)),
	Show: func(c inputCase) string {
		return fmt.Sprintf("v = %.5g mV, g_E = %.4g µS, g_I = %.4g µS, E_E = %.4g mV, E_I = %.4g mV", c.V, c.GE, c.GI, c.EE, c.EI)
	},
	Hint: "out[k] = −gE[k]·(v[k] − E_E) − gI[k]·(v[k] − E_I): current into the cell, so excitation " +
		"(E_E above V) gives a positive number.",
})

// CheckSynapticInput checks Level 10: synapticInput(out, v, gE, gI, eE, eI)
// sets out[k] to the synaptic current into cell k (nA),
// −g_E·(V − E_E) − g_I·(V − E_I), with v in mV, g in µS and the reversal
// potentials eE and eI in mV.
func CheckSynapticInput(synapticInput func(out, v, gE, gI []float64, eE, eI float64)) check.Result {
	return synapticInputLevel.Check(func(in inputCase) check.Changed[[]float64] {
		out := make([]float64, len(in.V))
		synapticInput(out, append([]float64(nil), in.V...), append([]float64(nil), in.GE...),
			append([]float64(nil), in.GI...), in.EE, in.EI)
		return check.Leave(make([]float64, len(in.V)), out)
	})
}

// Level 11.

// A netCase is a small network in a state, under a drive (nA), drawing
// its background from the generator of Seed.
type netCase struct {
	Net   Network
	S     State
	Drive []float64
	Seed  uint64
}

func (c netCase) String() string {
	return fmt.Sprintf("%d neurons (%d excitatory), %v, V = %.5g mV, g_E = %.4g µS, g_I = %.4g µS, ref = %v, drive = %.4g nA, seed %d",
		len(c.S.V), c.Net.NE, c.Net.Params, c.S.V, c.S.GE, c.S.GI, c.S.Ref, c.Drive, c.Seed)
}

// randomNet draws a network of n neurons with checker code.
func randomNet(r *rand.Rand, n int, background bool) netCase {
	p := DefaultParams()
	if background {
		p.RateExt, p.WExt = check.Uniform(r, 200, 2000), check.Uniform(r, 0.002, 0.01)
	}
	nE := n * 4 / 5
	s := State{check.Uniforms(r, n, -65, -50), check.Uniforms(r, n, 0, 0.05), check.Uniforms(r, n, 0, 0.05), make([]int, n)}
	for k := range s.Ref {
		if r.IntN(5) == 0 {
			s.Ref[k] = 1 + r.IntN(20)
			s.V[k] = p.Cell.VReset
		}
	}
	drive := check.Uniforms(r, n, 1, 3)
	// An excitatory and an inhibitory cell just below the threshold and
	// strongly driven: every case has spikes to propagate.
	for _, k := range []int{0, n - 1} {
		s.V[k], s.Ref[k], drive[k] = p.Cell.VTh-0.001, 0, 4
	}
	return netCase{Network{p, nE, smallWeights(r, n, nE, 0.2)}, s, drive, r.Uint64()}
}

// stepOut is what NetworkStep leaves and returns.
type stepOut struct {
	S     State
	Fired []int
}

func compareState(got, want State) error {
	if err := check.CompareSlice(got.V, want.V, simTol); err != nil {
		return fmt.Errorf("V: %v", err)
	}
	if err := compareConductances(conductances{got.GE, got.GI}, conductances{want.GE, want.GI}); err != nil {
		return err
	}
	if fmt.Sprint(got.Ref) != fmt.Sprint(want.Ref) {
		return fmt.Errorf("the counters: got %v, want %v", got.Ref, want.Ref)
	}
	return nil
}

var networkStepLevel = check.Register(&check.Level[netCase, check.Changed[stepOut]]{
	Project: Project, Number: 11, Title: "One network step", Func: "NetworkStep",
	Fixed: []netCase{{
		Net:   Network{DefaultParams(), 2, [][]float64{{0, 0.004, 0.004}, {0.004, 0, 0.004}, {-0.016, -0.016, 0}}},
		S:     State{[]float64{-50.001, -65, -50.002}, []float64{0, 0.01, 0.02}, []float64{0.01, 0, 0}, []int{0, 3, 0}},
		Drive: []float64{4, 1.7, 4}, Seed: 1,
	}},
	Random: func(r *rand.Rand) netCase { return randomNet(r, 5+r.IntN(30), r.IntN(2) == 0) },
	Judge: check.InPlace(func(c netCase) stepOut { return stepOut{c.S.Clone(), []int{}} }, func(c netCase, got stepOut) error {
		s := c.S.Clone().toRef()
		fired := ref.NetworkStep(c.Net.toRef(), s, c.Drive, nil, check.NewRand(c.Seed))
		if fmt.Sprint(got.Fired) != fmt.Sprint(fired) {
			return fmt.Errorf("fired: got %v, want %v", got.Fired, fired)
		}
		return compareState(got.S, State(s))
	}),
	Show: netCase.String,
	Hint: "In order: the synaptic input plus the drive; your RefractoryStep; the list of the cells that " +
		"fired; your Propagate; your DecayConductances; then the background, one rng.Float64() per cell.",
})

// CheckNetworkStep checks Level 11: networkStep(net, s, drive, fired, rng)
// advances the state s by one step of dt (ms) under the drive (nA) and
// returns the neurons that fired, appended to fired[:0]. Its background
// draws one rng.Float64() per cell, in order, after the decay.
func CheckNetworkStep(networkStep func(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int) check.Result {
	return networkStepLevel.Check(func(in netCase) check.Changed[stepOut] {
		s := in.S.Clone()
		fired := networkStep(in.Net, s, append([]float64(nil), in.Drive...), nil, check.NewRand(in.Seed))
		return check.Leave(stepOut{in.S.Clone(), []int{}}, stepOut{s, append([]int{}, fired...)})
	})
}

// Level 12.

type runCase struct {
	Net  netCase
	TEnd float64
}

var runLevel = check.Register(&check.Level[runCase, [][]float64]{
	Project: Project, Number: 12, Title: "Run the circuit", Func: "Run",
	Random: func(r *rand.Rand) runCase {
		return runCase{randomNet(r, 10+r.IntN(40), r.IntN(3) > 0), math.Round(check.Uniform(r, 20, 100))}
	},
	Randoms: 6,
	Judge: func(c runCase, got [][]float64) error {
		n := c.Net
		want := ref.Run(n.Net.toRef(), n.S.Clone().toRef(), n.Drive, c.TEnd, check.NewRand(n.Seed))
		return compareRaster(got, want)
	},
	Show: func(c runCase) string { return fmt.Sprintf("%v, t_end = %g ms", c.Net, c.TEnd) },
	Hint: "Loop k from 1 to round(t_end/dt): call your NetworkStep, then your Record with t = k·dt, " +
		"the time at the end of the step. Start the raster with one empty slice per neuron.",
})

// CheckRun checks Level 12: run(net, s, drive, tEnd, rng) advances s by
// round(tEnd/dt) steps of NetworkStep under the drive (nA), the
// background drawn from rng, and returns the spike times (ms) of each
// neuron, a spike in step k being at k·dt.
func CheckRun(run func(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64) check.Result {
	return runLevel.Check(func(in runCase) [][]float64 {
		n := in.Net
		return run(n.Net, n.S.Clone(), append([]float64(nil), n.Drive...), in.TEnd, check.NewRand(n.Seed))
	})
}
