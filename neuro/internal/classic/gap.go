package classic

import (
	"math"
	"slices"

	"github.com/neurogo/course/neuro/internal/sim"
)

// GapCurrents sets out[i] to the current through the gap junctions of an
// all-to-all coupled network, g·Σ_j (v_j − v_i), with the conductance g of
// each junction.
func GapCurrents(v []float64, g float64, out []float64) {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	for i, x := range v {
		out[i] = g * (sum - float64(len(v))*x)
	}
}

// Synchrony returns Golomb and Rinzel's synchrony index χ of the traces
// v[t][i] (cell i at sample t): the square root of the variance over time
// of the population mean over the mean of the cells' variances over time.
// It is 1 when all cells move together and near 1/√N when they are
// independent.
func Synchrony(v [][]float64) float64 {
	n := len(v[0])
	pop := make([]float64, len(v))
	cellVar := 0.0
	for i := range n {
		x := make([]float64, len(v))
		for t := range v {
			x[t] = v[t][i]
			pop[t] += v[t][i] / float64(n)
		}
		cellVar += sim.Variance(x) / float64(n)
	}
	return math.Sqrt(sim.Variance(pop) / cellVar)
}

// FS is the fast-spiking inhibitory cell of the gap-junction network.
var FS = Izh{A: 0.1, B: 0.2, C: -65, D: 2}

// GapStep advances the cells of an all-to-all gap-junction network by one
// forward-Euler step of dt (ms) under their drives and the gap currents of
// the potentials at the step's start; a cell that ends the step at 30 mV or
// above fires: v ← c, u ← u + d. It returns the number of spikes.
func GapStep(v, u, drive []float64, cell Izh, g, dt float64) int {
	gap := make([]float64, len(v))
	GapCurrents(v, g, gap)
	n := 0
	for k := range v {
		dv := 0.04*v[k]*v[k] + 5*v[k] + 140 - u[k] + drive[k] + gap[k]
		du := cell.A * (cell.B*v[k] - u[k])
		v[k] += dt * dv
		u[k] += dt * du
		if v[k] >= 30 {
			v[k], u[k] = cell.C, u[k]+cell.D
			n++
		}
	}
	return n
}

// GapTraces runs the network from v = −65 mV, u = b·v for steps steps of dt
// (ms) and returns the potentials after each step, v[t][i].
func GapTraces(cell Izh, drive []float64, g, dt float64, steps int) [][]float64 {
	return gapTraces(cell, drive, g, dt, steps, 0)
}

// gapTraces is GapTraces keeping only the potentials after the steps from
// from on.
func gapTraces(cell Izh, drive []float64, g, dt float64, steps, from int) [][]float64 {
	n := len(drive)
	v, u := make([]float64, n), make([]float64, n)
	for k := range v {
		v[k], u[k] = -65, cell.B*-65
	}
	out := make([][]float64, 0, steps-from)
	for t := range steps {
		GapStep(v, u, drive, cell, g, dt)
		if t >= from {
			out = append(out, slices.Clone(v))
		}
	}
	return out
}

// GapSynchrony returns the synchrony index of the network with the gap
// conductance g, run for steps steps of dt (ms), measured on the second
// half of the run.
func GapSynchrony(cell Izh, drive []float64, g, dt float64, steps int) float64 {
	return Synchrony(gapTraces(cell, drive, g, dt, steps, steps/2))
}

// GapDrives returns the drives of the gap-junction network's n cells,
// spread evenly over 4 to 6 (the model's current units).
func GapDrives(n int) []float64 {
	d := make([]float64, n)
	for k := range d {
		d[k] = 4 + 2*float64(k)/float64(max(n-1, 1))
	}
	return d
}
