package decoding

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// A Population is Project 7's population of independent Poisson neurons,
// on a circle of directions: neuron i fires at base + amp·exp(−d²/(2σ²))
// Hz, with d the circular difference (deg) between the direction and its
// preferred direction Prefs[i], and counts spikes over Window ms.
type Population struct {
	Prefs     []float64 // preferred directions (deg)
	Width     float64   // tuning width σ (deg)
	Base, Amp float64   // baseline and amplitude (Hz)
	Window    float64   // counting window (ms)
}

func (p Population) String() string {
	return fmt.Sprintf("%d neurons over [0°, 360°), σ = %g°, base = %g Hz, amp = %g Hz, window = %g ms",
		len(p.Prefs), p.Width, p.Base, p.Amp, p.Window)
}

// NewPopulation returns the course's population of n neurons: preferred
// directions 360·k/n (deg), σ = 30°, base = 2 Hz, amp = 40 Hz, counting over
// 200 ms.
func NewPopulation(n int) Population {
	return Population{Prefs: Grid(360 / float64(n))[:n], Width: 30, Base: 2, Amp: 40, Window: 200}
}

// Grid returns the directions 0, step, 2·step, … below 360 (deg).
func Grid(step float64) []float64 {
	n := int(math.Ceil(360/step - 1e-9))
	g := make([]float64, n)
	for k := range g {
		g[k] = float64(k) * step
	}
	return g
}

// wrap returns a − b wrapped into [−180, 180) (deg).
func wrap(a, b float64) float64 {
	d := math.Mod(a-b+180, 360)
	if d < 0 {
		d += 360
	}
	return d - 180
}

// angleError returns the circular distance (deg) between a and b.
func angleError(a, b float64) float64 { return math.Abs(wrap(a, b)) }

// Rates returns each neuron's rate (Hz) at the direction s (deg).
func (p Population) Rates(s float64) []float64 {
	r := make([]float64, len(p.Prefs))
	for i, pref := range p.Prefs {
		d := wrap(s, pref)
		r[i] = p.Base + p.Amp*math.Exp(-d*d/(2*p.Width*p.Width))
	}
	return r
}

// Means returns the expected counts (spikes) at each direction of the grid
// (deg): means[j][i] is neuron i's rate at grid[j] times Window/1000.
func (p Population) Means(grid []float64) [][]float64 {
	means := make([][]float64, len(grid))
	for j, s := range grid {
		means[j] = p.Rates(s)
		for i := range means[j] {
			means[j][i] *= p.Window / 1000
		}
	}
	return means
}

// Counts returns one trial of the population at the direction s (deg): a
// Poisson count (spikes) of each neuron's mean, drawn in order from rng.
func (p Population) Counts(s float64, rng *rand.Rand) []float64 {
	mu := p.Means([]float64{s})[0]
	n := make([]float64, len(mu))
	for i, m := range mu {
		n[i] = float64(poissonCount(m, rng))
	}
	return n
}

// poissonCount draws a Poisson number of mean mu by multiplying uniform
// numbers from rng until the product falls to e^(−mu) or below.
func poissonCount(mu float64, rng *rand.Rand) int {
	n := 0
	limit := math.Exp(-mu)
	for p := rng.Float64(); p > limit; p *= rng.Float64() {
		n++
	}
	return n
}
