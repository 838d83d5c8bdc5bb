package classic

import (
	"math"

	"github.com/neurogo/course/neuro/internal/sim"
)

// VanDerPol returns the derivatives of the Van der Pol oscillator
// dx/dt = y, dy/dt = μ(1 − x²)y − x.
func VanDerPol(mu, x, y float64) (dx, dy float64) {
	return y, mu*(1-x*x)*y - x
}

// VanDerPolPeriod integrates the oscillator with RK4 from (x, y) = (2, 0)
// for steps steps of dt and returns its period: the mean interval between
// the upward zero crossings of x (x_k < 0 ≤ x_(k+1), placed by linear
// interpolation), from the first to the last, or NaN if there are fewer
// than two.
func VanDerPolPeriod(mu, dt float64, steps int) float64 {
	f := func(s []float64) []float64 {
		dx, dy := VanDerPol(mu, s[0], s[1])
		return []float64{dx, dy}
	}
	s := []float64{2, 0}
	var first, last float64
	n := 0
	for k := range steps {
		next := sim.RK4(f, s, dt)
		if s[0] < 0 && next[0] >= 0 {
			t := dt * (float64(k) + s[0]/(s[0]-next[0]))
			if n == 0 {
				first = t
			}
			last = t
			n++
		}
		s = next
	}
	if n < 2 {
		return math.NaN()
	}
	return (last - first) / float64(n-1)
}

// Rossler returns the derivatives of the Rössler system
// dx/dt = −y − z, dy/dt = x + a·y, dz/dt = b + z(x − c).
func Rossler(a, b, c float64, s [3]float64) [3]float64 {
	return [3]float64{-s[1] - s[2], s[0] + a*s[1], b + s[2]*(s[0]-c)}
}

// rosslerStep takes one RK4 step of dt of the Rössler system: sim.RK4's
// arithmetic, in the same order, written out on arrays. Not shared with
// the Hindmarsh–Rose step through one function of arrays: Go would call the
// system through a function value, not inline it, and the Rössler and
// Hindmarsh–Rose checks took 40 % longer so.
func rosslerStep(a, b, c float64, s [3]float64, dt float64) [3]float64 {
	step := func(k [3]float64, h float64) [3]float64 {
		return [3]float64{s[0] + h*k[0], s[1] + h*k[1], s[2] + h*k[2]}
	}
	k1 := Rossler(a, b, c, s)
	k2 := Rossler(a, b, c, step(k1, dt/2))
	k3 := Rossler(a, b, c, step(k2, dt/2))
	k4 := Rossler(a, b, c, step(k3, dt))
	for i := range s {
		s[i] += dt / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
	}
	return s
}

// Lyapunov returns the largest Lyapunov exponent of the Rössler system
// (per unit time) by Benettin's method: from (1, 1, 1), a first run of
// steps/10 steps of dt settles onto the attractor; then a second trajectory
// starts 1e-8 away along x, both take steps RK4 steps of dt, and after each
// step the log of the separation's growth, ln(d/1e-8), is summed and the
// second trajectory is put back at distance 1e-8 along the separation. The
// sum over the time steps·dt is the exponent.
func Lyapunov(a, b, c, dt float64, steps int) float64 {
	const d0 = 1e-8
	s := [3]float64{1, 1, 1}
	for range steps / 10 {
		s = rosslerStep(a, b, c, s, dt)
	}
	p := [3]float64{s[0] + d0, s[1], s[2]}
	sum := 0.0
	for range steps {
		s = rosslerStep(a, b, c, s, dt)
		p = rosslerStep(a, b, c, p, dt)
		dx, dy, dz := p[0]-s[0], p[1]-s[1], p[2]-s[2]
		d := math.Sqrt(dx*dx + dy*dy + dz*dz)
		sum += math.Log(d / d0)
		p = [3]float64{s[0] + dx*d0/d, s[1] + dy*d0/d, s[2] + dz*d0/d}
	}
	return sum / (float64(steps) * dt)
}

// RosslerX returns x along the Rössler trajectory from (1, 1, 1), after each
// of steps RK4 steps of dt.
func RosslerX(a, b, c, dt float64, steps int) []float64 {
	s := [3]float64{1, 1, 1}
	x := make([]float64, steps)
	for k := range x {
		s = rosslerStep(a, b, c, s, dt)
		x[k] = s[0]
	}
	return x
}

// Maxima returns the local maxima of x: the values x_k with
// x_(k−1) < x_k ≥ x_(k+1), in order.
func Maxima(x []float64) []float64 {
	var m []float64
	for k := 1; k+1 < len(x); k++ {
		if x[k-1] < x[k] && x[k] >= x[k+1] {
			m = append(m, x[k])
		}
	}
	return m
}
