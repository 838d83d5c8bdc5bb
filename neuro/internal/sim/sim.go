// Package sim holds what the reference simulations of every project share:
// the time grid of a run, the classical Runge–Kutta step, the rate measured
// over whole intervals and the population variance.
package sim

import "math"

// Steps returns the number of steps of dt (ms) in tEnd (ms), round(tEnd/dt).
func Steps(tEnd, dt float64) int { return int(math.Round(tEnd / dt)) }

// Samples returns the number of samples of a run from 0 to tEnd (ms) in
// steps of dt (ms), Steps(tEnd, dt) + 1.
func Samples(tEnd, dt float64) int { return Steps(tEnd, dt) + 1 }

// TimeGrid returns the times 0, dt, 2·dt, …, tEnd (ms): Samples(tEnd, dt) of
// them, the k-th computed as k·dt so that rounding does not accumulate.
func TimeGrid(tEnd, dt float64) []float64 {
	t := make([]float64, Samples(tEnd, dt))
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// RK4 takes one classical Runge–Kutta step of dt for the autonomous system
// f, returning the new state.
func RK4(f func(y []float64) []float64, y []float64, dt float64) []float64 {
	add := func(k []float64, h float64) []float64 {
		out := make([]float64, len(y))
		for i := range y {
			out[i] = y[i] + h*k[i]
		}
		return out
	}
	k1 := f(y)
	k2 := f(add(k1, dt/2))
	k3 := f(add(k2, dt/2))
	k4 := f(add(k3, dt))
	out := make([]float64, len(y))
	for i := range y {
		out[i] = y[i] + dt/6*(k1[i]+2*k2[i]+2*k3[i]+k4[i])
	}
	return out
}

// IntervalRate returns the rate (Hz) measured over the whole intervals of a
// spike train (ms): 1000·(n − 1)/(t_last − t_first) for n spikes, or 0 for
// fewer than two.
func IntervalRate(spikes []float64) float64 {
	n := len(spikes)
	if n < 2 {
		return 0
	}
	return 1000 * float64(n-1) / (spikes[n-1] - spikes[0])
}

// Variance returns the variance of x about its mean, dividing by len(x)
// (the population variance, as the synchrony measures use it).
func Variance(x []float64) float64 {
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - mean) * (v - mean)
	}
	return s / float64(len(x))
}
