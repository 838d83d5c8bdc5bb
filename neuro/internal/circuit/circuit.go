// Package circuit holds the reference answers of Project 10, the capstone: a
// circuit of conductance-based leaky integrate-and-fire neurons. Units: mV,
// ms, nA, MΩ, nF, µS; rates in Hz; directions in degrees.
//
// Each cell is Project 2's LIF cell, C·dV/dt = −(V − E_L)/R + I, with
// I = I_drive − g_E·(V − E_E) − g_I·(V − E_I) (Project 4's synaptic currents,
// positive outward, enter with a minus sign). One step of dt, in order:
//
//  1. the cells: a cell in its refractory period is held at V_reset and its
//     counter drops by one; the others take a forward-Euler step with the
//     conductances at the step's start, and fire when they reach V_th, are
//     reset and get round(t_ref/dt) held steps;
//  2. the spikes: each spike of a presynaptic neuron j adds |w_ij| to g_E of
//     every target i if j is excitatory (w > 0), to g_I if it is inhibitory;
//  3. the decay: g ← g − dt·g/τ, forward Euler like the membrane;
//  4. the background: each cell, in order, draws one rng.Float64() and,
//     if it is below ν_ext·dt/1000, receives a jump of w_ext in g_E.
//
// The benchmark network of circuitbench (Bench) follows Brian2's order
// instead, which it shares with numpy and Brian2.
package circuit

import (
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/synapse"
)

// Params holds the parameters of a circuit: the cell, the refractory period
// TRef (ms), the reversal potentials EE and EI (mV), the time constants TauE
// and TauI (ms) of the conductances, the time step Dt (ms), and the
// background: Poisson input of rate RateExt (Hz) into every cell, each input
// spike a jump of WExt (µS) in g_E.
type Params struct {
	Cell                         lif.Cell
	TRef, EE, EI, TauE, TauI, Dt float64
	RateExt, WExt                float64
}

// DefaultParams returns the circuit of the benchmark: the default cell,
// t_ref = 2 ms, E_E = 0 mV, E_I = −80 mV, τ_E = 5 ms, τ_I = 10 ms,
// dt = 0.1 ms, and no background.
func DefaultParams() Params {
	return Params{Cell: lif.Default(), TRef: 2, EE: 0, EI: -80, TauE: 5, TauI: 10, Dt: 0.1}
}

// A State holds the state of N cells: potentials V (mV), conductances GE and
// GI (µS), and the refractory counters Ref (steps still held at the reset).
type State struct {
	V, GE, GI []float64
	Ref       []int
}

// NewState returns the state of n cells at the potential v0 (mV), with no
// conductance and no cell refractory.
func NewState(n int, v0 float64) State {
	s := State{make([]float64, n), make([]float64, n), make([]float64, n), make([]int, n)}
	for k := range s.V {
		s.V[k] = v0
	}
	return s
}

// Clone returns a deep copy of s.
func (s State) Clone() State {
	return State{append([]float64(nil), s.V...), append([]float64(nil), s.GE...),
		append([]float64(nil), s.GI...), append([]int(nil), s.Ref...)}
}

// EulerStep advances every potential v[k] (mV) by one forward-Euler step of
// dt (ms) of Project 2's cell under the current current[k] (nA), in place.
func EulerStep(v, current []float64, c lif.Cell, dt float64) {
	for k := range v {
		v[k] += dt * (-(v[k]-c.EL)/c.R + current[k]) / c.C
	}
}

// SpikeMask sets spiked[k] to whether v[k] (mV) has reached the threshold,
// resets those potentials to V_reset, and returns how many cells fired.
func SpikeMask(v []float64, c lif.Cell, spiked []bool) int {
	n := 0
	for k := range v {
		spiked[k] = lif.Spiked(v[k], c.VTh)
		if spiked[k] {
			v[k] = c.VReset
			n++
		}
	}
	return n
}

// RefractoryStep is one step of the cells: a cell with ref[k] > 0 is held at
// V_reset, its counter drops by one and it does not fire; the others take
// Project 2's LIF step under current[k] (nA), and a cell that fires gets
// ref[k] = nRef. It sets spiked and returns the number of spikes.
func RefractoryStep(v, current []float64, ref []int, spiked []bool, c lif.Cell, nRef int, dt float64) int {
	n := 0
	for k := range v {
		if ref[k] > 0 {
			v[k] = c.VReset
			ref[k]--
			spiked[k] = false
			continue
		}
		v[k], spiked[k] = lif.Step(v[k], current[k], c, dt)
		if spiked[k] {
			ref[k] = nRef
			n++
		}
	}
	return n
}

// Record appends the time t (ms) to the spike times raster[j] of every
// neuron j in fired.
func Record(raster [][]float64, fired []int, t float64) {
	for _, j := range fired {
		raster[j] = append(raster[j], t)
	}
}

// PopulationRate returns the mean rate (Hz) of the neurons of the raster
// (spike times in ms) in the bins [k·bin, (k+1)·bin) for
// k < round(tEnd/bin): the spikes in the bin over N·bin, times 1000.
func PopulationRate(raster [][]float64, bin, tEnd float64) []float64 {
	rate := make([]float64, int(math.Round(tEnd/bin)))
	scale := 1000 / (float64(len(raster)) * bin)
	for _, train := range raster {
		for _, t := range train {
			if k := int(math.Floor(t / bin)); t >= 0 && k < len(rate) {
				rate[k] += scale
			}
		}
	}
	return rate
}

// RandomWeights returns a random weight matrix w[j][i] from presynaptic j
// onto postsynaptic i (µS, signed by Dale's law): each pair is connected
// with probability p, by one rng.Float64() < p drawn for every j in order
// and every i in order; the weight is +wE if j < nE (excitatory) and −wI
// otherwise (inhibitory).
func RandomWeights(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64 {
	w := make([][]float64, n)
	for j := range w {
		w[j] = make([]float64, n)
		weight := wE
		if j >= nE {
			weight = -wI
		}
		for i := range w[j] {
			if rng.Float64() < p {
				w[j][i] = weight
			}
		}
	}
	return w
}

// DecayConductances takes one forward-Euler step of dt (ms) of the decay
// dg/dt = −g/τ of every g_E and g_I (µS), with time constants tauE and tauI
// (ms), in place.
func DecayConductances(gE, gI []float64, tauE, tauI, dt float64) {
	for k := range gE {
		gE[k] -= dt * gE[k] / tauE
	}
	for k := range gI {
		gI[k] -= dt * gI[k] / tauI
	}
}

// Propagate adds, for every neuron j in fired, its column w[j] to the
// conductances: w[j][i] to gE[i] where it is positive, −w[j][i] to gI[i]
// where it is negative (µS).
func Propagate(w [][]float64, fired []int, gE, gI []float64) {
	for _, j := range fired {
		for i, x := range w[j] {
			if x > 0 {
				gE[i] += x
			} else if x < 0 {
				gI[i] -= x
			}
		}
	}
}

// SynapticInput sets out[k] to the synaptic current into cell k (nA),
// −g_E·(V − E_E) − g_I·(V − E_I): Project 4's currents, which are positive
// outward, with the sign turned.
func SynapticInput(out, v, gE, gI []float64, eE, eI float64) {
	for k := range out {
		out[k] = -synapse.Current(gE[k], v[k], eE) - synapse.Current(gI[k], v[k], eI)
	}
}

// Network is a circuit: its parameters, its number NE of excitatory neurons
// (the first NE) and its weights W[j][i] from j onto i (µS, signed).
type Network struct {
	Params
	NE int
	W  [][]float64
}

// NRef returns the number of steps a cell is held after a spike,
// round(t_ref/dt).
func (p Params) NRef() int { return int(math.Round(p.TRef / p.Dt)) }

// Background gives each cell, in order, one rng.Float64(), and adds w (µS)
// to gE[k] when it is below rate·dt/1000: Poisson input of the rate (Hz)
// over a step of dt (ms). It draws nothing when rate is 0.
func Background(gE []float64, rate, w, dt float64, rng *rand.Rand) {
	if rate == 0 {
		return
	}
	p := rate * dt / 1000
	for k := range gE {
		if rng.Float64() < p {
			gE[k] += w
		}
	}
}

// NetworkStep advances the state s by one step of dt (see the package
// comment) under the drive drive[k] (nA) and returns the neurons that fired,
// appended to fired[:0].
func NetworkStep(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int {
	n := len(s.V)
	current := make([]float64, n)
	SynapticInput(current, s.V, s.GE, s.GI, net.EE, net.EI)
	for k := range current {
		current[k] += drive[k]
	}
	spiked := make([]bool, n)
	RefractoryStep(s.V, current, s.Ref, spiked, net.Cell, net.NRef(), net.Dt)
	fired = fired[:0]
	for k, sp := range spiked {
		if sp {
			fired = append(fired, k)
		}
	}
	Propagate(net.W, fired, s.GE, s.GI)
	DecayConductances(s.GE, s.GI, net.TauE, net.TauI, net.Dt)
	Background(s.GE, net.RateExt, net.WExt, net.Dt, rng)
	return fired
}

// Run advances s by round(tEnd/dt) steps of NetworkStep under the drive
// (nA) and returns the raster: the spike times (ms) of each neuron, a spike
// in step k (from (k−1)·dt to k·dt, k from 1) being at k·dt.
func Run(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64 {
	raster := make([][]float64, len(s.V))
	var fired []int
	for k := 1; k <= int(math.Round(tEnd/net.Dt)); k++ {
		fired = NetworkStep(net, s, drive, fired, rng)
		Record(raster, fired, float64(k)*net.Dt)
	}
	return raster
}
