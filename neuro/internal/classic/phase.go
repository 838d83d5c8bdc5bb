package classic

import "math"

// A Cell holds the parameters of a leaky integrate-and-fire neuron: the
// leak reversal potential EL, the threshold VTh and the reset VReset (mV),
// the membrane resistance R (MΩ) and the capacitance C (nF).
type Cell struct{ EL, VTh, VReset, R, C float64 }

// OscillatorySpikes returns the spike times (ms) of a leaky
// integrate-and-fire cell started at E_L under the drive
// i0 + amp·sin(2π·f·t/1000) (nA, f in Hz, t in ms), by forward Euler with
// steps of dt (ms): step k (from 1) uses the drive at (k−1)·dt, and a step
// that ends at V ≥ V_th is a spike at k·dt, then V ← V_reset.
func OscillatorySpikes(c Cell, i0, amp, f, dt, tEnd float64) []float64 {
	v := c.EL
	var spikes []float64
	for k := 1; k <= int(math.Round(tEnd/dt)); k++ {
		in := i0 + amp*math.Sin(2*math.Pi*f*float64(k-1)*dt/1000)
		v += dt * (-(v-c.EL)/c.R + in) / c.C
		if v >= c.VTh {
			spikes = append(spikes, float64(k)*dt)
			v = c.VReset
		}
	}
	return spikes
}

// Phases returns the phase of each spike time (ms) in the cycle of an
// oscillation of f (Hz) that starts at t = 0: the fractional part of
// t·f/1000, in [0, 1).
func Phases(spikes []float64, f float64) []float64 {
	ph := make([]float64, len(spikes))
	for k, t := range spikes {
		x := t * f / 1000
		ph[k] = x - math.Floor(x)
	}
	return ph
}

// MeanPhase returns the circular mean (in cycles, in [0, 1)) of the phases
// of the spikes at or after tStart (ms), and NaN if there are none.
func MeanPhase(spikes []float64, f, tStart float64) float64 {
	var x, y float64
	for k, p := range Phases(spikes, f) {
		if spikes[k] >= tStart {
			s, c := math.Sincos(2 * math.Pi * p)
			x, y = x+c, y+s
		}
	}
	if x == 0 && y == 0 {
		return math.NaN()
	}
	p := math.Atan2(y, x) / (2 * math.Pi)
	return p - math.Floor(p)
}

// Detector returns the spike times (ms) of a coincidence detector that
// sums its inputs' spikes, each adding 1 to a sum that decays with the
// time constant tau (ms); at each input spike, in time order, the sum decays
// from the previous one, adds the spike's 1 and fires when it reaches
// theta, after which it restarts from 0. Spikes of the trains at the same
// time arrive together.
func Detector(trains [][]float64, tau, theta float64) []float64 {
	var all []float64
	for _, tr := range trains {
		all = append(all, tr...)
	}
	sortFloats(all)
	var out []float64
	s, last := 0.0, math.Inf(-1)
	for k, t := range all {
		s = s*math.Exp(-(t-last)/tau) + 1
		last = t
		if k+1 < len(all) && all[k+1] == t {
			continue
		}
		if s >= theta {
			out = append(out, t)
			s = 0
		}
	}
	return out
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// The phase code's oscillation: OscFreq (Hz) and amplitude OscAmp (nA).
const (
	OscFreq = 20
	OscAmp  = 0.5
)

// LearnWeights returns the weights w_k = s/a_k that give each cell the
// same input a_k·w_k = s (nA) for the odour a.
func LearnWeights(a []float64, s float64) []float64 {
	w := make([]float64, len(a))
	for k := range a {
		w[k] = s / a[k]
	}
	return w
}

// Drives returns the drives base + a_k·w_k (nA) of the cells for the
// odour a.
func Drives(a, w []float64, base float64) []float64 {
	d := make([]float64, len(a))
	for k := range a {
		d[k] = base + a[k]*w[k]
	}
	return d
}

// OdourTrains returns the spike trains (ms) of cells with the drives (nA)
// under the common oscillation, for tEnd ms at dt = 0.1 ms.
func OdourTrains(c Cell, drives []float64, tEnd float64) [][]float64 {
	tr := make([][]float64, len(drives))
	for k, d := range drives {
		tr[k] = OscillatorySpikes(c, d, OscAmp, OscFreq, 0.1, tEnd)
	}
	return tr
}
