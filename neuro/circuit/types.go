// Package circuit checks the levels of Project 10, the capstone: a circuit
// of conductance-based leaky integrate-and-fire neurons with Dale's law,
// sparse random connections, tuned input and Poisson background, whose
// spikes are decoded back into the stimulus. Units: mV, ms, nA, MΩ, nF, µS;
// rates in Hz; directions in degrees.
//
// The levels are in two files: the circuit (levels 1–12, levels.go) and its
// input, analysis and readout (13–25, readout.go). This file holds the
// types and helpers the learner uses.
package circuit

import (
	"fmt"

	ref "github.com/neurogo/course/neuro/internal/circuit"
	"github.com/neurogo/course/neuro/internal/lif"
)

// Project is this project's number in the course.
const Project = 10

// A Cell holds the parameters of a leaky integrate-and-fire neuron (Project
// 2): the leak reversal potential EL, the threshold VTh and the reset
// VReset (mV), the membrane resistance R (MΩ) and the capacitance C (nF).
type Cell struct {
	EL, VTh, VReset, R, C float64
}

// Default returns the course's default cell: E_L = −65 mV, V_th = −50 mV,
// V_reset = −65 mV, R = 10 MΩ and C = 1 nF, so τ = R·C = 10 ms.
//
// The helpers of this file are written here, not taken from the
// references: learners call them, and while grading no reference is linked.
func Default() Cell { return Cell{EL: -65, VTh: -50, VReset: -65, R: 10, C: 1} }

func (c Cell) String() string {
	return fmt.Sprintf("E_L = %.4g mV, V_th = %.4g mV, V_reset = %.4g mV, R = %.4g MΩ, C = %.4g nF",
		c.EL, c.VTh, c.VReset, c.R, c.C)
}

// Params holds the parameters of a circuit: the Cell, the refractory
// period TRef (ms), the reversal potentials EE and EI (mV), the time
// constants TauE and TauI (ms) of the conductances, the time step Dt (ms),
// and the background: Poisson input of rate RateExt (Hz) into every cell,
// each input spike a jump of WExt (µS) in g_E.
type Params struct {
	Cell                         Cell
	TRef, EE, EI, TauE, TauI, Dt float64
	RateExt, WExt                float64
}

// DefaultParams returns the circuit's parameters without background: the
// default cell, t_ref = 2 ms, E_E = 0 mV, E_I = −80 mV, τ_E = 5 ms,
// τ_I = 10 ms, dt = 0.1 ms.
func DefaultParams() Params {
	return Params{Cell: Default(), TRef: 2, EE: 0, EI: -80, TauE: 5, TauI: 10, Dt: 0.1}
}

// NRef returns the number of steps a cell is held after a spike,
// round(t_ref/dt).
func (p Params) NRef() int { return int(p.TRef/p.Dt + 0.5) }

func (p Params) String() string {
	return fmt.Sprintf("%v, t_ref = %g ms, E_E = %g mV, E_I = %g mV, τ_E = %g ms, τ_I = %g ms, dt = %g ms, ν_ext = %g Hz, w_ext = %g µS",
		p.Cell, p.TRef, p.EE, p.EI, p.TauE, p.TauI, p.Dt, p.RateExt, p.WExt)
}

// A State holds the state of N cells: the potentials V (mV), the
// conductances GE and GI (µS), and the refractory counters Ref (steps each
// cell is still held at the reset).
type State struct {
	V, GE, GI []float64
	Ref       []int
}

// Clone returns a copy of s that shares no memory with it.
func (s State) Clone() State {
	return State{append([]float64(nil), s.V...), append([]float64(nil), s.GE...),
		append([]float64(nil), s.GI...), append([]int(nil), s.Ref...)}
}

// A Network is a circuit: its Params, the number NE of excitatory neurons
// (the first NE; the others are inhibitory) and the weights W[j][i] from
// presynaptic neuron j onto postsynaptic neuron i (µS, positive from an
// excitatory neuron, negative from an inhibitory one). W[j] is the column
// of neuron j: everything its spike reaches.
type Network struct {
	Params
	NE int
	W  [][]float64
}

// Sparse holds a weight matrix by compressed columns: the targets of
// presynaptic neuron j are Post[Start[j]:Start[j+1]], with the weights
// W[Start[j]:Start[j+1]] (µS, signed). Start has N + 1 entries.
type Sparse struct {
	Start []int
	Post  []int
	W     []float64
}

// Compress returns the compressed columns of the dense weights w[j][i]:
// the nonzero weights of each column, targets in increasing order.
func Compress(w [][]float64) Sparse {
	sp := Sparse{Start: make([]int, len(w)+1)}
	for j, col := range w {
		for i, x := range col {
			if x != 0 {
				sp.Post = append(sp.Post, i)
				sp.W = append(sp.W, x)
			}
		}
		sp.Start[j+1] = len(sp.Post)
	}
	return sp
}

// Preferred returns the preferred directions (deg) of n neurons of which
// the first nE are excitatory: the excitatory ones at 360·k/nE, the
// inhibitory ones at 360·k/(n − nE), each population evenly around the
// circle.
func Preferred(n, nE int) []float64 {
	prefs := make([]float64, n)
	for k := range nE {
		prefs[k] = 360 * float64(k) / float64(nE)
	}
	for k := nE; k < n; k++ {
		prefs[k] = 360 * float64(k-nE) / float64(n-nE)
	}
	return prefs
}

// The tuned circuit of Levels 13–25: TaskN neurons of which the first
// TaskNE are excitatory, each pair connected with probability TaskP,
// w_E = TaskWE and w_I = TaskG·w_E (µS); background of TaskRate (Hz) in
// jumps of TaskWExt (µS); the drive TaskI0 + TaskI1·cos(θ − θ_pref) (nA);
// trials of TaskT (ms); the readout's ridge penalty TaskLambda.
const (
	TaskN, TaskNE                 = ref.TaskN, ref.TaskNE
	TaskTrain, TaskTest           = ref.TaskTrain, ref.TaskTest
	TaskP, TaskWE, TaskG          = ref.TaskP, ref.TaskWE, ref.TaskG
	TaskRate, TaskWExt            = ref.TaskRate, ref.TaskWExt
	TaskI0, TaskI1, TaskT         = ref.TaskI0, ref.TaskI1, ref.TaskT
	TaskLambda                    = ref.TaskLam
	PipelineBound         float64 = ref.PipelineBound
)

// TaskParams returns the parameters of the tuned circuit: DefaultParams
// with the background of TaskRate and TaskWExt.
func TaskParams() Params {
	p := DefaultParams()
	p.RateExt, p.WExt = TaskRate, TaskWExt
	return p
}

// toRef returns the reference's form of the parameters.
func (p Params) toRef() ref.Params {
	return ref.Params{Cell: lif.Cell(p.Cell), TRef: p.TRef, EE: p.EE, EI: p.EI, TauE: p.TauE, TauI: p.TauI,
		Dt: p.Dt, RateExt: p.RateExt, WExt: p.WExt}
}

// toRef returns the reference's form of the network.
func (n Network) toRef() ref.Network { return ref.Network{Params: n.Params.toRef(), NE: n.NE, W: n.W} }

func (s State) toRef() ref.State   { return ref.State(s) }
func (s Sparse) toRef() ref.Sparse { return ref.Sparse(s) }
