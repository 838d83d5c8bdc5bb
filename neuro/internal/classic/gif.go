package classic

import (
	"math"
	"math/rand/v2"
)

// GIF holds the parameters of a generalized integrate-and-fire neuron
// (Mensi et al. 2012, Pozzorini et al. 2013) with one exponential kernel
// each: the membrane (EL, VReset in mV, R in MΩ, C in nF), the resting
// threshold VT (mV), the spike-triggered current's jump DEta (nA) and time
// constant TauEta (ms), and the threshold's jump DGamma (mV) and time
// constant TauGamma (ms).
type GIF struct {
	EL, VReset, R, C, VT float64
	DEta, TauEta         float64
	DGamma, TauGamma     float64
}

// GIFState is the state of a GIF neuron: its potential V (mV), its
// spike-triggered current Eta (nA) and its threshold's rise Gamma (mV).
type GIFState struct{ V, Eta, Gamma float64 }

// GIFStep advances s by one forward-Euler step of dt (ms) under the input
// current in (nA): C dV/dt = −(V − E_L)/R + I − η, dη/dt = −η/τ_η,
// dγ/dt = −γ/τ_γ, all from the values at the step's start. If V then
// reaches the threshold V_T + γ, the cell spikes: V ← V_reset, η ← η + Δη,
// γ ← γ + Δγ. It reports whether the cell spiked.
func GIFStep(p GIF, s *GIFState, in, dt float64) bool {
	s.V += dt * (-(s.V-p.EL)/p.R + in - s.Eta) / p.C
	s.Eta -= dt * s.Eta / p.TauEta
	s.Gamma -= dt * s.Gamma / p.TauGamma
	if s.V >= p.VT+s.Gamma {
		s.V = p.VReset
		s.Eta += p.DEta
		s.Gamma += p.DGamma
		return true
	}
	return false
}

// GIFSpikes returns the spike times (ms) of a GIF cell started at rest
// (V = E_L, η = γ = 0) under the constant current in (nA), for
// round(tEnd/dt) steps of dt (ms); a spike in step k is at k·dt.
func GIFSpikes(p GIF, in, dt, tEnd float64) []float64 {
	s := GIFState{V: p.EL}
	var spikes []float64
	for k := 1; k <= int(math.Round(tEnd/dt)); k++ {
		if GIFStep(p, &s, in, dt) {
			spikes = append(spikes, float64(k)*dt)
		}
	}
	return spikes
}

// Population holds an all-to-all inhibitory population of N GIF cells:
// each cell gets the mean drive I0 (nA) plus white noise of intensity Sigma
// (nA·√ms, Sigma·ξ/√dt per step), and the inhibitory current
// −J·s (nA), where s jumps by 1/N for each spike of the population Delay ms
// earlier and decays with the time constant TauS (ms).
type Population struct {
	Cell                      GIF
	N                         int
	I0, Sigma, J, Delay, TauS float64
}

// Run simulates the population from rest for round(tEnd/dt) steps of dt
// (ms), and returns the number of spikes in each step. Each step: the
// current of every cell is I0 − J·s plus its noise, drawn from rng in cell
// order; the cells take GIFStep; then s decays by one Euler step and takes
// the jumps of the spikes of the step round(Delay/dt) steps before.
func (pop Population) Run(dt, tEnd float64, rng *rand.Rand) []int {
	steps := int(math.Round(tEnd / dt))
	lag := int(math.Round(pop.Delay / dt))
	cells := make([]GIFState, pop.N)
	for k := range cells {
		cells[k].V = pop.Cell.EL
	}
	counts := make([]int, steps)
	s := 0.0
	for t := range counts {
		for k := range cells {
			in := pop.I0 - pop.J*s + pop.Sigma*rng.NormFloat64()/math.Sqrt(dt)
			if GIFStep(pop.Cell, &cells[k], in, dt) {
				counts[t]++
			}
		}
		s -= dt * s / pop.TauS
		if t-lag >= 0 {
			s += float64(counts[t-lag]) / float64(pop.N)
		}
	}
	return counts
}

// CountsToRate returns the population rate (Hz) in bins of `per` steps of
// dt (ms) from the spike counts of a population of n cells.
func CountsToRate(counts []int, n, per int, dt float64) []float64 {
	rate := make([]float64, len(counts)/per)
	for b := range rate {
		for _, c := range counts[b*per : (b+1)*per] {
			rate[b] += float64(c)
		}
		rate[b] *= 1000 / (float64(n) * float64(per) * dt)
	}
	return rate
}

// PopulationDefaults returns the notebook's oscillating population: 400
// cells of DefaultGIF, I0 = 2.5 nA, Sigma = 1 nA·√ms, J = 10 nA,
// Delay = 5 ms, TauS = 5 ms.
func PopulationDefaults() Population {
	return Population{Cell: DefaultGIF(), N: 400, I0: 2.5, Sigma: 1, J: 10, Delay: 5, TauS: 5}
}

// DefaultGIF returns the notebook's GIF cell: E_L = V_reset = −65 mV,
// R = 10 MΩ, C = 1 nF, V_T = −50 mV, Δη = 0.2 nA, τ_η = 100 ms,
// Δγ = 2 mV, τ_γ = 30 ms.
func DefaultGIF() GIF {
	return GIF{EL: -65, VReset: -65, R: 10, C: 1, VT: -50, DEta: 0.2, TauEta: 100, DGamma: 2, TauGamma: 30}
}

// AutocorrFrequency returns 1000/lag (Hz) for the lag (in samples of dt
// ms) of the first local maximum of x's autocorrelation after its first
// negative value, or NaN if there is none.
func AutocorrFrequency(x []float64, dt float64) float64 {
	m := 0.0
	for _, y := range x {
		m += y
	}
	m /= float64(len(x))
	ac := func(lag int) float64 {
		s := 0.0
		for k := lag; k < len(x); k++ {
			s += (x[k] - m) * (x[k-lag] - m)
		}
		return s
	}
	neg := false
	for lag := 1; lag+1 < len(x)/2; lag++ {
		a := ac(lag)
		if a < 0 {
			neg = true
		}
		if neg && a > 0 && a >= ac(lag-1) && a >= ac(lag+1) {
			return 1000 / (float64(lag) * dt)
		}
	}
	return math.NaN()
}

// OscillationFrequency returns the frequency (Hz) of a population's rhythm
// from its spike counts per step of dt (ms) over n cells: the rate in 1 ms
// bins (round(1/dt) steps each), its first half dropped as the transient,
// and the frequency of the largest power of the rest in 5–200 Hz.
func OscillationFrequency(counts []int, n int, dt float64) float64 {
	rate := CountsToRate(counts, n, int(math.Round(1/dt)), dt)
	f, p := PowerSpectrum(rate[len(rate)/2:], 1)
	return PeakFrequency(f, p, 5, 200)
}
