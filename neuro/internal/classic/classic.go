// Package classic holds the reference answers of Project 11, Classic Spiking
// Networks: Izhikevich's network of 1000 neurons (2003), an inhibitory
// network synchronised by gap junctions, the Van der Pol and Rössler
// systems, Brody and Hopfield's phase code (2003), and populations of
// generalized integrate-and-fire neurons (Mensi et al. 2012, Pozzorini et
// al. 2013).
//
// Units: the Izhikevich model's own (v in mV, t in ms, I in the model's
// current units, so that dv/dt is in mV/ms); the integrate-and-fire models
// use the course's mV, ms, nA, MΩ, nF; rates are in Hz, frequencies in Hz
// (the Van der Pol and Rössler systems are in dimensionless time).
package classic

import (
	"math"
	"math/rand/v2"
)

// Izh holds the four parameters of an Izhikevich cell.
type Izh struct{ A, B, C, D float64 }

// CellParams returns the parameters of a cell of Izhikevich's 2003 network
// for its random number r in [0, 1): a regular-spiking excitatory cell
// (a = 0.02, b = 0.2, c = −65 + 15r², d = 8 − 6r²) or a fast-spiking
// inhibitory one (a = 0.02 + 0.08r, b = 0.25 − 0.05r, c = −65, d = 2).
func CellParams(r float64, excitatory bool) Izh {
	if excitatory {
		return Izh{0.02, 0.2, -65 + 15*r*r, 8 - 6*r*r}
	}
	return Izh{0.02 + 0.08*r, 0.25 - 0.05*r, -65, 2}
}

// AddSynaptic adds to in[i] the weight w[j][i] from every neuron j in fired
// to neuron i.
func AddSynaptic(w [][]float64, fired []int, in []float64) {
	for _, j := range fired {
		for i, x := range w[j] {
			in[i] += x
		}
	}
}

// Thalamic returns the paper's thalamic input for one step: 5·randn for
// each of the nE excitatory cells, then 2·randn for each of the nI
// inhibitory ones.
func Thalamic(nE, nI int, rng *rand.Rand) []float64 {
	in := make([]float64, nE+nI)
	for k := range in {
		sd := 5.0
		if k >= nE {
			sd = 2
		}
		in[k] = sd * rng.NormFloat64()
	}
	return in
}

// Fire resets every cell at or above 30 mV (v ← c, u ← u + d) and returns
// the indices of those cells, appended to fired[:0].
func Fire(v, u []float64, cells []Izh, fired []int) []int {
	fired = fired[:0]
	for k := range v {
		if v[k] >= 30 {
			v[k], u[k] = cells[k].C, u[k]+cells[k].D
			fired = append(fired, k)
		}
	}
	return fired
}

// Integrate advances every cell by the paper's 1 ms step under the input
// in: two Euler half-steps of 0.5 ms for v, then one step of 1 ms for u
// with the new v.
func Integrate(v, u, in []float64, cells []Izh) {
	for k := range v {
		for range 2 {
			v[k] += 0.5 * (0.04*v[k]*v[k] + 5*v[k] + 140 - u[k] + in[k])
		}
		u[k] += cells[k].A * (cells[k].B*v[k] - u[k])
	}
}

// A Net is Izhikevich's network: the cells, the first NE of them
// excitatory, and the weights W[j][i] from neuron j onto neuron i.
type Net struct {
	Cells []Izh
	NE    int
	W     [][]float64
}

// NewNet draws the paper's network of nE excitatory and nI inhibitory
// cells: parameters from CellParams with r uniform in [0, 1), weights
// 0.5·rand from an excitatory cell and −rand from an inhibitory one, onto
// every cell.
func NewNet(nE, nI int, rng *rand.Rand) Net {
	n := nE + nI
	net := Net{Cells: make([]Izh, n), NE: nE, W: make([][]float64, n)}
	for k := range n {
		net.Cells[k] = CellParams(rng.Float64(), k < nE)
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

// RunNet runs the network from v = −65 mV, u = b·v for len(thalamic) steps
// of 1 ms, the input of step t (from 1) being thalamic[t−1] plus the weights
// of the cells that fired at its start. It returns each neuron's spike
// times (ms): a cell found at 30 mV or above at the start of step t fired
// at t, as in the paper.
func RunNet(net Net, thalamic [][]float64) [][]float64 {
	n := len(net.Cells)
	v, u := make([]float64, n), make([]float64, n)
	for k := range v {
		v[k], u[k] = -65, net.Cells[k].B*-65
	}
	raster := make([][]float64, n)
	in := make([]float64, n)
	var fired []int
	for t, th := range thalamic {
		copy(in, th)
		fired = Fire(v, u, net.Cells, fired)
		for _, k := range fired {
			raster[k] = append(raster[k], float64(t+1))
		}
		AddSynaptic(net.W, fired, in)
		Integrate(v, u, in, net.Cells)
	}
	return raster
}

// ThalamicRun draws the thalamic input of steps steps.
func ThalamicRun(nE, nI, steps int, rng *rand.Rand) [][]float64 {
	th := make([][]float64, steps)
	for t := range th {
		th[t] = Thalamic(nE, nI, rng)
	}
	return th
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

// PowerSpectrum returns the periodogram of x sampled every dt (ms): the
// frequencies f_k = 1000·k/(n·dt) (Hz) for k = 0 … n/2, and the power
// |Σ_m (x_m − x̄) e^(−2πikm/n)|²·dt/(1000·n) of the signal with its mean
// removed (x's unit squared per Hz).
func PowerSpectrum(x []float64, dt float64) (freq, power []float64) {
	n := len(x)
	mean := 0.0
	for _, y := range x {
		mean += y
	}
	mean /= float64(n)
	// The angles 2πkm/n take n values, 2πj/n with j = km mod n: their sines
	// and cosines are computed once.
	sin, cos := make([]float64, n), make([]float64, n)
	for j := range n {
		sin[j], cos[j] = math.Sincos(-2 * math.Pi * float64(j) / float64(n))
	}
	freq, power = make([]float64, 0, n/2+1), make([]float64, 0, n/2+1)
	for k := 0; k <= n/2; k++ {
		var re, im float64
		for m, y := range x {
			j := k * m % n
			re += (y - mean) * cos[j]
			im += (y - mean) * sin[j]
		}
		freq = append(freq, 1000*float64(k)/(float64(n)*dt))
		power = append(power, (re*re+im*im)*dt/(1000*float64(n)))
	}
	return freq, power
}

// PeakFrequency returns the frequency (Hz) of the largest power among
// freq in [lo, hi], the first if several tie, or NaN if none is in band.
func PeakFrequency(freq, power []float64, lo, hi float64) float64 {
	best, peak := math.NaN(), math.Inf(-1)
	for k, f := range freq {
		if f >= lo && f <= hi && power[k] > peak {
			best, peak = f, power[k]
		}
	}
	return best
}

// RhythmPeaks returns the peak frequencies (Hz) of the population rate of
// the raster (1 ms bins up to tEnd ms) in the alpha band, 5–15 Hz, and in
// the gamma band, 30–50 Hz.
func RhythmPeaks(raster [][]float64, tEnd float64) (alpha, gamma float64) {
	return BandPeaks(PowerSpectrum(PopulationRate(raster, 1, tEnd), 1))
}

// BandPeaks returns the peak frequencies (Hz) of a spectrum in the alpha
// band, 5–15 Hz, and in the gamma band, 30–50 Hz.
func BandPeaks(freq, power []float64) (alpha, gamma float64) {
	return PeakFrequency(freq, power, 5, 15), PeakFrequency(freq, power, 30, 50)
}
