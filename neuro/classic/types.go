// Package classic checks the levels of Project 11, Classic Spiking
// Networks: Izhikevich's network of 1000 neurons and its rhythms (levels
// 1–8), an inhibitory network synchronised by gap junctions (9–12), the
// Van der Pol and Rössler systems (13–17), Brody and Hopfield's phase code
// (18–21) and generalized integrate-and-fire neurons, alone and in an
// oscillating inhibitory population (22–25).
//
// Units: the Izhikevich model's own in levels 1–12 (v in mV, t in ms, the
// input I in the model's units, so that dv/dt is in mV/ms); the Van der
// Pol and Rössler systems in dimensionless time; the integrate-and-fire
// cells in the course's mV, ms, nA, MΩ and nF; rates and frequencies in
// Hz. The levels are in two files, levels.go (1–12) and flows.go (13–25);
// this file holds the types and helpers the learner uses.
package classic

import (
	"fmt"
	"math"
	"math/rand/v2"

	ref "github.com/neurogo/course/neuro/internal/classic"
)

// Project is this project's number in the course.
const Project = 11

// Izh holds the four parameters of an Izhikevich cell: dv/dt =
// 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u), and at v ≥ 30 mV,
// v ← c, u ← u + d.
//
// The helpers of this file are written here, not taken from the
// references: learners call them, and while grading no reference is linked.
type Izh struct{ A, B, C, D float64 }

func (c Izh) String() string {
	return fmt.Sprintf("a = %.4g, b = %.4g, c = %.4g, d = %.4g", c.A, c.B, c.C, c.D)
}

// FS is the fast-spiking cell of the gap-junction network (levels 11–12).
var FS = Izh{A: 0.1, B: 0.2, C: -65, D: 2}

// A Net is Izhikevich's network: the cells, the first NE of them
// excitatory, and the weights W[j][i] from neuron j onto neuron i.
type Net struct {
	Cells []Izh
	NE    int
	W     [][]float64
}

// NewNet draws the paper's network of nE excitatory and nI inhibitory
// cells from rng: each cell's parameters from its number r (rng.Float64(),
// in cell order) by the formulas of Level 1, then the weights column by
// column, 0.5·rng.Float64() from an excitatory cell and −rng.Float64()
// from an inhibitory one, onto every cell.
func NewNet(nE, nI int, rng *rand.Rand) Net {
	n := nE + nI
	net := Net{Cells: make([]Izh, n), NE: nE, W: make([][]float64, n)}
	for k := range n {
		r := rng.Float64()
		if k < nE {
			net.Cells[k] = Izh{0.02, 0.2, -65 + 15*r*r, 8 - 6*r*r}
		} else {
			net.Cells[k] = Izh{0.02 + 0.08*r, 0.25 - 0.05*r, -65, 2}
		}
	}
	for j := range n {
		net.W[j] = make([]float64, n)
		for i := range n {
			if j < nE {
				net.W[j][i] = 0.5 * rng.Float64()
			} else {
				net.W[j][i] = -rng.Float64()
			}
		}
	}
	return net
}

// PopulationRate returns the mean rate (Hz) of the raster's neurons (spike
// times in ms) in the bins [k·bin, (k+1)·bin) (ms) up to tEnd.
func PopulationRate(raster [][]float64, bin, tEnd float64) []float64 {
	rate := make([]float64, int(math.Round(tEnd/bin)))
	for _, train := range raster {
		for _, t := range train {
			if k := int(math.Floor(t / bin)); t >= 0 && k < len(rate) {
				rate[k] += 1000 / (float64(len(raster)) * bin)
			}
		}
	}
	return rate
}

// GapDrives returns the drives of the gap-junction network's n cells,
// spread evenly over 4 to 6 (the model's units).
func GapDrives(n int) []float64 {
	d := make([]float64, n)
	for k := range d {
		d[k] = 4 + 2*float64(k)/float64(max(n-1, 1))
	}
	return d
}

// RK4 takes one classical Runge–Kutta step of dt for the autonomous system
// f and returns the new state: with k1 = f(y), k2 = f(y + dt/2·k1),
// k3 = f(y + dt/2·k2), k4 = f(y + dt·k3), y + dt/6·(k1 + 2k2 + 2k3 + k4).
func RK4(f func(y []float64) []float64, y []float64, dt float64) []float64 {
	step := func(k []float64, h float64) []float64 {
		out := make([]float64, len(y))
		for i := range y {
			out[i] = y[i] + h*k[i]
		}
		return out
	}
	k1 := f(y)
	k2 := f(step(k1, dt/2))
	k3 := f(step(k2, dt/2))
	k4 := f(step(k3, dt))
	out := make([]float64, len(y))
	for i := range y {
		out[i] = y[i] + dt/6*(k1[i]+2*k2[i]+2*k3[i]+k4[i])
	}
	return out
}

// A Cell holds the parameters of a leaky integrate-and-fire neuron (Project
// 2): the leak reversal potential EL, the threshold VTh and the reset
// VReset (mV), the membrane resistance R (MΩ) and the capacitance C (nF).
type Cell struct{ EL, VTh, VReset, R, C float64 }

// Default returns the course's default cell: E_L = −65 mV, V_th = −50 mV,
// V_reset = −65 mV, R = 10 MΩ and C = 1 nF, so τ = 10 ms.
func Default() Cell { return Cell{EL: -65, VTh: -50, VReset: -65, R: 10, C: 1} }

func (c Cell) String() string {
	return fmt.Sprintf("E_L = %.4g mV, V_th = %.4g mV, V_reset = %.4g mV, R = %.4g MΩ, C = %.4g nF",
		c.EL, c.VTh, c.VReset, c.R, c.C)
}

// The phase code's common oscillation: OscFreq (Hz) and amplitude OscAmp
// (nA) of the current i0 + OscAmp·sin(2π·OscFreq·t/1000).
const (
	OscFreq = ref.OscFreq
	OscAmp  = ref.OscAmp
)

// GIF holds the parameters of a generalized integrate-and-fire neuron
// with one exponential kernel each: the membrane (EL, VReset in mV, R in
// MΩ, C in nF), the resting threshold VT (mV), the spike-triggered
// current's jump DEta (nA) and time constant TauEta (ms), and the
// threshold's jump DGamma (mV) and time constant TauGamma (ms).
type GIF struct {
	EL, VReset, R, C, VT float64
	DEta, TauEta         float64
	DGamma, TauGamma     float64
}

func (p GIF) String() string {
	return fmt.Sprintf("E_L = %.4g mV, V_reset = %.4g mV, R = %.4g MΩ, C = %.4g nF, V_T = %.4g mV, "+
		"Δη = %.4g nA, τ_η = %.4g ms, Δγ = %.4g mV, τ_γ = %.4g ms",
		p.EL, p.VReset, p.R, p.C, p.VT, p.DEta, p.TauEta, p.DGamma, p.TauGamma)
}

// DefaultGIF returns the notebook's GIF cell: E_L = V_reset = −65 mV,
// R = 10 MΩ, C = 1 nF, V_T = −50 mV, Δη = 0.2 nA, τ_η = 100 ms,
// Δγ = 2 mV, τ_γ = 30 ms.
func DefaultGIF() GIF {
	return GIF{EL: -65, VReset: -65, R: 10, C: 1, VT: -50, DEta: 0.2, TauEta: 100, DGamma: 2, TauGamma: 30}
}

// GIFState is the state of a GIF neuron: its potential V (mV), its
// spike-triggered current Eta (nA) and its threshold's rise Gamma (mV).
type GIFState struct{ V, Eta, Gamma float64 }

// Population holds an all-to-all inhibitory population of N GIF cells:
// each cell gets the mean drive I0 (nA) plus white noise of intensity Sigma
// (nA·√ms: Sigma·ξ/√dt in a step), and the inhibitory current −J·s (nA),
// where s jumps by 1/N for each spike of the population Delay ms earlier
// and decays with the time constant TauS (ms).
type Population struct {
	Cell                      GIF
	N                         int
	I0, Sigma, J, Delay, TauS float64
}

func (p Population) String() string {
	return fmt.Sprintf("N = %d, I0 = %.4g nA, σ = %.4g nA·√ms, J = %.4g nA, delay = %.4g ms, τ_s = %.4g ms, cell: %v",
		p.N, p.I0, p.Sigma, p.J, p.Delay, p.TauS, p.Cell)
}

// PopulationDefaults returns the notebook's oscillating population: 400
// cells of DefaultGIF, I0 = 2.5 nA, Sigma = 1 nA·√ms, J = 10 nA,
// Delay = 5 ms, TauS = 5 ms.
func PopulationDefaults() Population {
	return Population{Cell: DefaultGIF(), N: 400, I0: 2.5, Sigma: 1, J: 10, Delay: 5, TauS: 5}
}
