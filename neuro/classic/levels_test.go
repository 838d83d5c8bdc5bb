package classic

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/classic"
)

// The reference answers, taking this package's types.

func cellParams(r float64, exc bool) Izh { return Izh(ref.CellParams(r, exc)) }

func fire(v, u []float64, cells []Izh, fired []int) []int { return ref.Fire(v, u, toRef(cells), fired) }

func integrate(v, u, in []float64, cells []Izh) { ref.Integrate(v, u, in, toRef(cells)) }

func runNet(net Net, th [][]float64) [][]float64 { return ref.RunNet(net.toRef(), th) }

func gapStep(v, u, drive []float64, c Izh, g, dt float64) int {
	return ref.GapStep(v, u, drive, ref.Izh(c), g, dt)
}

func gapSynchrony(drive []float64, g, dt float64, steps int) float64 {
	return ref.GapSynchrony(ref.FS, drive, g, dt, steps)
}

func oscillatorySpikes(c Cell, i0, amp, f, dt, tEnd float64) []float64 {
	return ref.OscillatorySpikes(ref.Cell(c), i0, amp, f, dt, tEnd)
}

func gifStep(p GIF, s *GIFState, in, dt float64) bool {
	rs := ref.GIFState(*s)
	sp := ref.GIFStep(ref.GIF(p), &rs, in, dt)
	*s = GIFState(rs)
	return sp
}

func gifSpikes(p GIF, in, dt, tEnd float64) []float64 { return ref.GIFSpikes(ref.GIF(p), in, dt, tEnd) }

func runPopulation(p Population, dt, tEnd float64, rng *rand.Rand) []int {
	return p.toRef().Run(dt, tEnd, rng)
}

func rhythmsRef(raster [][]float64, tEnd float64) (float64, float64) {
	return ref.RhythmPeaks(raster, tEnd)
}

// powerByRecurrence computes the periodogram with the twiddle factor
// e^(−2πik/n) raised step by step, an FFT-free learner's form.
func powerByRecurrence(x []float64, dt float64) (freq, power []float64) {
	n := len(x)
	var mean float64
	for _, y := range x {
		mean += y / float64(n)
	}
	for k := 0; k <= n/2; k++ {
		var re, im float64
		w := cmplx.Rect(1, -2*math.Pi*float64(k)/float64(n))
		z := complex(1, 0)
		for _, y := range x {
			re += (y - mean) * real(z)
			im += (y - mean) * imag(z)
			z *= w
		}
		freq = append(freq, float64(k)*1000/(dt*float64(n)))
		power = append(power, (re*re+im*im)/float64(n)*dt/1000)
	}
	return freq, power
}

// popRate is a learner's population rate in 1 ms bins (Project 10's).
func popRate(raster [][]float64, tEnd float64) []float64 {
	r := make([]float64, int(tEnd))
	for _, tr := range raster {
		for _, t := range tr {
			if k := int(t); k < len(r) {
				r[k]++
			}
		}
	}
	for k := range r {
		r[k] *= 1000 / float64(len(raster))
	}
	return r
}

// peakIn returns the frequency of the largest power in [lo, hi].
func peakIn(f, p []float64, lo, hi float64) float64 {
	best, bp := math.NaN(), -1.0
	for k := range f {
		if f[k] >= lo && f[k] <= hi && p[k] > bp {
			best, bp = f[k], p[k]
		}
	}
	return best
}

// A learner's RK4 with arrays.
func rk4Array(f func(s [3]float64) [3]float64, s [3]float64, h float64) [3]float64 {
	add := func(a, b [3]float64, c float64) (o [3]float64) {
		for i := range a {
			o[i] = a[i] + c*b[i]
		}
		return o
	}
	k1 := f(s)
	k2 := f(add(s, k1, h/2))
	k3 := f(add(s, k2, h/2))
	k4 := f(add(s, k3, h))
	for i := range s {
		s[i] += h * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i]) / 6
	}
	return s
}

// lyapunovArrays is Benettin's method with arrays and the separation's
// components rescaled by a factor.
func lyapunovArrays(a, b, c, dt float64, steps int, logf func(float64) float64, renorm bool) float64 {
	f := func(s [3]float64) [3]float64 { return [3]float64{-s[1] - s[2], s[0] + a*s[1], b + s[2]*(s[0]-c)} }
	s := [3]float64{1, 1, 1}
	for range steps / 10 {
		s = rk4Array(f, s, dt)
	}
	p := s
	p[0] += 1e-8
	sum := 0.0
	for range steps {
		s, p = rk4Array(f, s, dt), rk4Array(f, p, dt)
		d := math.Hypot(math.Hypot(p[0]-s[0], p[1]-s[1]), p[2]-s[2])
		sum += logf(d / 1e-8)
		if renorm {
			k := 1e-8 / d
			for i := range p {
				p[i] = s[i] + k*(p[i]-s[i])
			}
		}
	}
	return sum / (dt * float64(steps))
}

// periodWith measures the Van der Pol period, the crossing placed by
// place(k, xk, xk1).
func periodWith(mu, dt float64, steps int, place func(k int, a, b float64) float64) float64 {
	f := func(y []float64) []float64 { return []float64{y[1], mu*(1-y[0]*y[0])*y[1] - y[0]} }
	y := []float64{2, 0}
	var ts []float64
	for k := range steps {
		n := RK4(f, y, dt)
		if y[0] < 0 && n[0] >= 0 {
			ts = append(ts, place(k, y[0], n[0]))
		}
		y = n
	}
	if len(ts) < 2 {
		return math.NaN()
	}
	return (ts[len(ts)-1] - ts[0]) / float64(len(ts)-1)
}

// gifStepWith is a GIF step whose threshold is compared with gamma before
// or after its decay.
func gifStepWith(p GIF, s *GIFState, in, dt float64, oldGamma bool) bool {
	v := s.V + dt*(p.EL-s.V+p.R*(in-s.Eta))/(p.R*p.C)
	th := p.VT + s.Gamma
	s.Eta *= 1 - dt/p.TauEta
	s.Gamma *= 1 - dt/p.TauGamma
	if !oldGamma {
		th = p.VT + s.Gamma
	}
	s.V = v
	if v >= th {
		s.V, s.Eta, s.Gamma = p.VReset, s.Eta+p.DEta, s.Gamma+p.DGamma
		return true
	}
	return false
}

// popWith runs the population with a learner's own loop; the delayed
// spikes kept in a ring of lag+1 slots when ring is set.
func popWith(pop Population, dt, tEnd float64, rng *rand.Rand, ring bool, delayed func(lag int) int) []int {
	steps := int(math.Round(tEnd / dt))
	lag := int(math.Round(pop.Delay / dt))
	if delayed != nil {
		lag = delayed(lag)
	}
	cells := make([]GIFState, pop.N)
	for k := range cells {
		cells[k].V = pop.Cell.EL
	}
	counts := make([]int, steps)
	buf := make([]int, lag+1)
	s, noise := 0.0, pop.Sigma/math.Sqrt(dt)
	for t := range steps {
		for k := range cells {
			if gifStep(pop.Cell, &cells[k], pop.I0-pop.J*s+noise*rng.NormFloat64(), dt) {
				counts[t]++
			}
		}
		s *= 1 - dt/pop.TauS
		if ring {
			buf[t%(lag+1)] = counts[t]
			if t >= lag {
				s += float64(buf[(t-lag)%(lag+1)]) / float64(pop.N)
			}
		} else if t >= lag {
			s += float64(counts[t-lag]) / float64(pop.N)
		}
	}
	return counts
}

// oscFreqWith is a learner's OscillationFrequency over their own spectrum.
func oscFreqWith(counts []int, n int, dt float64, spec func([]float64, float64) ([]float64, []float64), skip func(int) int) float64 {
	per := int(math.Round(1 / dt))
	var rate []float64
	for b := 0; (b+1)*per <= len(counts); b++ {
		c := 0
		for _, x := range counts[b*per : (b+1)*per] {
			c += x
		}
		rate = append(rate, float64(c)*1000/(float64(n)*float64(per)*dt))
	}
	f, p := spec(rate[skip(len(rate)):], 1)
	return peakIn(f, p, 5, 200)
}

var levelTests = []checktest.Level{
	{Check: CheckCellParams, Right: cellParams,
		Variants: []any{
			// A switch, r² computed once.
			func(r float64, exc bool) Izh {
				r2 := r * r
				switch {
				case exc:
					return Izh{A: 0.02, B: 0.2, C: 15*r2 - 65, D: 8 - 6*r2}
				default:
					return Izh{A: 0.02 + 0.08*r, B: 0.25 - 0.05*r, C: -65, D: 2}
				}
			},
			// The paper's MATLAB written out: re², then the inhibitory column.
			func(r float64, exc bool) Izh {
				if !exc {
					return Izh{0.02 + 8*r/100, 0.25 - r/20, -65, 2}
				}
				re2 := math.Pow(r, 2)
				return Izh{0.02, 0.2, -65 + 15*re2, 8 - 6*re2}
			},
		},
		// r instead of r² for the excitatory cells.
		Wrong: func(r float64, exc bool) Izh {
			if exc {
				return Izh{0.02, 0.2, -65 + 15*r, 8 - 6*r}
			}
			return cellParams(r, false)
		}},
	{Check: CheckAddSynaptic, Right: ref.AddSynaptic,
		Variants: []any{
			// Row by row: for each target, the sum over the fired.
			func(w [][]float64, fired []int, in []float64) {
				for i := range in {
					s := 0.0
					for _, j := range fired {
						s += w[j][i]
					}
					in[i] += s
				}
			},
			// The fired in reverse order.
			func(w [][]float64, fired []int, in []float64) {
				for k := len(fired) - 1; k >= 0; k-- {
					for i, x := range w[fired[k]] {
						in[i] = x + in[i]
					}
				}
			},
		},
		// Adds the row w[j][...] as if w[i][j] were from j to i... transposed.
		Wrong: func(w [][]float64, fired []int, in []float64) {
			for _, j := range fired {
				for i := range in {
					in[i] += w[i][j]
				}
			}
		}},
	{Check: CheckThalamic, Right: ref.Thalamic,
		Variants: []any{
			// The inhibitory cells drawn first, then the excitatory ones.
			func(nE, nI int, rng *rand.Rand) []float64 {
				in := make([]float64, nE+nI)
				for k := nE; k < nE+nI; k++ {
					in[k] = 2 * rng.NormFloat64()
				}
				for k := range nE {
					in[k] = 5 * rng.NormFloat64()
				}
				return in
			},
			// Box–Muller from uniforms.
			func(nE, nI int, rng *rand.Rand) []float64 {
				var in []float64
				for k := range nE + nI {
					z := math.Sqrt(-2*math.Log(1-rng.Float64())) * math.Cos(2*math.Pi*rng.Float64())
					if k < nE {
						in = append(in, 5*z)
					} else {
						in = append(in, 2*z)
					}
				}
				return in
			},
		},
		// The standard deviations swapped.
		Wrong: func(nE, nI int, rng *rand.Rand) []float64 {
			in := ref.Thalamic(nE, nI, rng)
			for k := range in {
				if k < nE {
					in[k] *= 2.0 / 5
				} else {
					in[k] *= 5.0 / 2
				}
			}
			return in
		}},
	{Check: CheckFire, Right: fire,
		Variants: []any{
			// The indices gathered first, then the resets.
			func(v, u []float64, cells []Izh, fired []int) []int {
				fired = fired[:0]
				for k, x := range v {
					if !(x < 30) {
						fired = append(fired, k)
					}
				}
				for _, k := range fired {
					v[k] = cells[k].C
					u[k] = cells[k].D + u[k]
				}
				return fired
			},
			// A fresh slice.
			func(v, u []float64, cells []Izh, _ []int) []int {
				var out []int
				for k := range v {
					if v[k] >= 30 {
						v[k], u[k] = cells[k].C, u[k]+cells[k].D
						out = append(out, k)
					}
				}
				return out
			},
		},
		// Resets u to d instead of adding d.
		Wrong: func(v, u []float64, cells []Izh, fired []int) []int {
			fired = fired[:0]
			for k := range v {
				if v[k] >= 30 {
					v[k], u[k] = cells[k].C, cells[k].D
					fired = append(fired, k)
				}
			}
			return fired
		}},
	{Check: CheckIntegrate, Right: integrate,
		Variants: []any{
			// Horner's form, the two half-steps written out.
			func(v, u, in []float64, cells []Izh) {
				for k := range v {
					v[k] += 0.5 * ((0.04*v[k]+5)*v[k] + 140 - u[k] + in[k])
					v[k] += 0.5 * ((0.04*v[k]+5)*v[k] + 140 - u[k] + in[k])
					u[k] += cells[k].A * (cells[k].B*v[k] - u[k])
				}
			},
			// Vector passes, as in the paper's MATLAB.
			func(v, u, in []float64, cells []Izh) {
				for range 2 {
					for k := range v {
						v[k] = v[k] + 0.5*(0.04*v[k]*v[k]+5*v[k]+140-u[k]+in[k])
					}
				}
				for k, c := range cells {
					u[k] = u[k] + c.A*(c.B*v[k]-u[k])
				}
			},
		},
		// One full step of 1 ms for v.
		Wrong: func(v, u, in []float64, cells []Izh) {
			for k := range v {
				v[k] += 0.04*v[k]*v[k] + 5*v[k] + 140 - u[k] + in[k]
				u[k] += cells[k].A * (cells[k].B*v[k] - u[k])
			}
		}},
	{Check: CheckRunNet, Right: runNet,
		Variants: []any{
			// One loop per cell for the dynamics, Horner's form, a t += 1 clock.
			func(net Net, th [][]float64) [][]float64 {
				n := len(net.Cells)
				v, u := make([]float64, n), make([]float64, n)
				for k, c := range net.Cells {
					v[k] = -65
					u[k] = c.B * v[k]
				}
				raster := make([][]float64, n)
				t := 0.0
				for _, input := range th {
					t++
					in := slices.Clone(input)
					for j := range n {
						if v[j] >= 30 {
							raster[j] = append(raster[j], t)
							v[j], u[j] = net.Cells[j].C, u[j]+net.Cells[j].D
							for i, x := range net.W[j] {
								in[i] += x
							}
						}
					}
					for k, c := range net.Cells {
						for range 2 {
							v[k] += 0.5 * ((0.04*v[k]+5)*v[k] + 140 - u[k] + in[k])
						}
						u[k] += c.A * (c.B*v[k] - u[k])
					}
				}
				return raster
			},
			// The levels' functions: Fire, AddSynaptic, Integrate.
			func(net Net, th [][]float64) [][]float64 {
				n := len(net.Cells)
				v, u := make([]float64, n), make([]float64, n)
				for k := range v {
					v[k], u[k] = -65, -65*net.Cells[k].B
				}
				raster := make([][]float64, n)
				var fired []int
				for t := 1; t <= len(th); t++ {
					in := append([]float64(nil), th[t-1]...)
					fired = fire(v, u, net.Cells, fired)
					for _, k := range fired {
						raster[k] = append(raster[k], float64(t))
					}
					ref.AddSynaptic(net.W, fired, in)
					integrate(v, u, in, net.Cells)
				}
				return raster
			},
		},
		// The synaptic input forgotten.
		Wrong: func(net Net, th [][]float64) [][]float64 {
			net.W = make([][]float64, len(net.W))
			for j := range net.W {
				net.W[j] = make([]float64, len(net.Cells))
			}
			return runNet(net, th)
		}},
	{Check: CheckPowerSpectrum, Right: ref.PowerSpectrum,
		Variants: []any{
			powerByRecurrence,
			// The mean removed first into a copy, the angle's sine and cosine by Sincos, k·m taken mod n.
			func(x []float64, dt float64) ([]float64, []float64) {
				n := len(x)
				y := slices.Clone(x)
				var s float64
				for _, a := range y {
					s += a
				}
				for m := range y {
					y[m] -= s / float64(n)
				}
				freq := make([]float64, n/2+1)
				power := make([]float64, n/2+1)
				for k := range freq {
					var re, im float64
					for m, a := range y {
						sn, cs := math.Sincos(2 * math.Pi * float64((k*m)%n) / float64(n))
						re += a * cs
						im += a * sn
					}
					freq[k] = 1000 * float64(k) / (float64(n) * dt)
					power[k] = dt * (re*re + im*im) / (1000 * float64(n))
				}
				return freq, power
			},
		},
		// The mean left in.
		Wrong: func(x []float64, dt float64) ([]float64, []float64) {
			f, p := ref.PowerSpectrum(x, dt)
			var s float64
			for _, a := range x {
				s += a
			}
			p[0] = s * s * dt / (1000 * float64(len(x)))
			return f, p
		}},
	{Check: CheckRhythms, Right: rhythmsRef,
		Variants: []any{
			// Project 10's rate, the recurrence spectrum, a peak finder.
			func(raster [][]float64, tEnd float64) (float64, float64) {
				f, p := powerByRecurrence(popRate(raster, tEnd), 1)
				return peakIn(f, p, 5, 15), peakIn(f, p, 30, 50)
			},
			// The bins as indices: f_k = k Hz for 1 s, searched by index.
			func(raster [][]float64, tEnd float64) (float64, float64) {
				f, p := ref.PowerSpectrum(PopulationRate(raster, 1, tEnd), 1)
				best := func(lo, hi float64) float64 {
					k0 := int(math.Ceil(lo * tEnd / 1000))
					b := k0
					for k := k0; k < len(f) && f[k] <= hi; k++ {
						if p[k] > p[b] {
							b = k
						}
					}
					return f[b]
				}
				return best(5, 15), best(30, 50)
			},
		},
		// The rate in 10 ms bins: the spectrum stops at 50 Hz, its
		// frequencies on another grid.
		Wrong: func(raster [][]float64, tEnd float64) (float64, float64) {
			f, p := ref.PowerSpectrum(PopulationRate(raster, 10, tEnd), 1)
			return peakIn(f, p, 5, 15), peakIn(f, p, 30, 50)
		}},
	{Check: CheckGapCurrents, Right: ref.GapCurrents,
		Variants: []any{
			// The double loop of the definition.
			func(v []float64, g float64, out []float64) {
				for i := range v {
					out[i] = 0
					for j := range v {
						out[i] += g * (v[j] - v[i])
					}
				}
			},
			// Through the mean: g·N·(v̄ − v_i).
			func(v []float64, g float64, out []float64) {
				var m float64
				for _, x := range v {
					m += x
				}
				m /= float64(len(v))
				for i, x := range v {
					out[i] = g * float64(len(v)) * (m - x)
				}
			},
		},
		// The sign reversed: current out of the cell.
		Wrong: func(v []float64, g float64, out []float64) {
			ref.GapCurrents(v, -g, out)
		}},
	{Check: CheckSynchrony, Right: ref.Synchrony,
		Variants: []any{
			// One pass of sums and sums of squares.
			func(v [][]float64) float64 {
				n, T := len(v[0]), float64(len(v))
				var sp, sp2 float64
				s, s2 := make([]float64, n), make([]float64, n)
				for _, row := range v {
					m := 0.0
					for i, x := range row {
						m += x
						s[i] += x
						s2[i] += x * x
					}
					m /= float64(n)
					sp, sp2 = sp+m, sp2+m*m
				}
				num := sp2/T - (sp/T)*(sp/T)
				den := 0.0
				for i := range s {
					den += (s2[i]/T - (s[i]/T)*(s[i]/T)) / float64(n)
				}
				return math.Sqrt(num / den)
			},
			// Deviations from each cell's mean, the population's as their mean.
			func(v [][]float64) float64 {
				n, T := len(v[0]), len(v)
				mean := make([]float64, n)
				for _, row := range v {
					for i, x := range row {
						mean[i] += x / float64(T)
					}
				}
				var num, den float64
				for _, row := range v {
					d := 0.0
					for i, x := range row {
						d += (x - mean[i]) / float64(n)
						den += (x - mean[i]) * (x - mean[i])
					}
					num += d * d
				}
				return math.Sqrt(num / (den / float64(n)))
			},
		},
		// χ² instead of χ.
		Wrong: func(v [][]float64) float64 { x := ref.Synchrony(v); return x * x }},
	{Check: CheckGapStep, Right: gapStep,
		Variants: []any{
			// The gap current through the mean, Horner's form.
			gapStepMean,
			// The Euler step for all, then the spikes in a second pass.
			func(v, u, drive []float64, c Izh, g, dt float64) int {
				gap := make([]float64, len(v))
				for i := range v {
					for j := range v {
						gap[i] += g * (v[j] - v[i])
					}
				}
				for k := range v {
					nv := v[k] + dt*(0.04*v[k]*v[k]+5*v[k]+140-u[k]+drive[k]+gap[k])
					u[k] = u[k] + dt*c.A*(c.B*v[k]-u[k])
					v[k] = nv
				}
				n := 0
				for k := range v {
					if v[k] >= 30 {
						v[k], u[k] = c.C, u[k]+c.D
						n++
					}
				}
				return n
			},
		},
		// u updated with the new v.
		Wrong: func(v, u, drive []float64, c Izh, g, dt float64) int {
			gap := make([]float64, len(v))
			ref.GapCurrents(v, g, gap)
			n := 0
			for k := range v {
				v[k] += dt * (0.04*v[k]*v[k] + 5*v[k] + 140 - u[k] + drive[k] + gap[k])
				u[k] += dt * c.A * (c.B*v[k] - u[k])
				if v[k] >= 30 {
					v[k], u[k] = c.C, u[k]+c.D
					n++
				}
			}
			return n
		}},
	{Check: CheckGapSynchrony, Right: gapSynchrony,
		Variants: []any{
			// Variant 1 of Level 11's step, traces kept from the half on.
			func(drive []float64, g, dt float64, steps int) float64 {
				n := len(drive)
				v, u := make([]float64, n), make([]float64, n)
				for k := range v {
					v[k] = -65
					u[k] = -65 * FS.B
				}
				var kept [][]float64
				for t := range steps {
					gapStepMean(v, u, drive, FS, g, dt)
					if t >= steps/2 {
						kept = append(kept, slices.Clone(v))
					}
				}
				return ref.Synchrony(kept)
			},
			// Every trace kept, then sliced.
			func(drive []float64, g, dt float64, steps int) float64 {
				v := ref.GapTraces(ref.FS, drive, g, dt, steps)
				return ref.Synchrony(v[steps-steps/2-steps%2:])
			},
		},
		// The whole run, transient included.
		Wrong: func(drive []float64, g, dt float64, steps int) float64 {
			return ref.Synchrony(ref.GapTraces(ref.FS, drive, g, dt, steps))
		}},
	{Check: CheckVanDerPol, Right: ref.VanDerPol,
		Variants: []any{
			func(mu, x, y float64) (float64, float64) { return y, mu*y - mu*x*x*y - x },
			func(mu, x, y float64) (float64, float64) { return y, -x + mu*(1-x)*(1+x)*y },
		},
		// The sign of the damping reversed.
		Wrong: func(mu, x, y float64) (float64, float64) { return y, mu*(x*x-1)*y - x }},
	{Check: CheckVanDerPolPeriod, Right: ref.VanDerPolPeriod,
		Variants: []any{
			func(mu, dt float64, steps int) float64 {
				return periodWith(mu, dt, steps, func(k int, a, b float64) float64 { return float64(k)*dt - a*dt/(b-a) })
			},
			func(mu, dt float64, steps int) float64 {
				return periodWith(mu, dt, steps, func(k int, a, b float64) float64 {
					return dt * (float64(k) + 1 - b/(b-a))
				})
			},
		},
		// The crossing placed at the step's end, not interpolated.
		Wrong: func(mu, dt float64, steps int) float64 {
			return periodWith(mu, dt, steps, func(k int, a, b float64) float64 { return float64(k+1) * dt })
		}},
	{Check: CheckRossler, Right: ref.Rossler,
		Variants: []any{
			func(a, b, c float64, s [3]float64) [3]float64 {
				x, y, z := s[0], s[1], s[2]
				return [3]float64{-(y + z), a*y + x, b + x*z - c*z}
			},
			func(a, b, c float64, s [3]float64) (d [3]float64) {
				d[0] = -s[1] - s[2]
				d[1] = s[0] + s[1]*a
				d[2] = s[2]*(s[0]-c) + b
				return d
			},
		},
		// a·x instead of a·y.
		Wrong: func(a, b, c float64, s [3]float64) [3]float64 {
			return [3]float64{-s[1] - s[2], s[0] + a*s[0], b + s[2]*(s[0]-c)}
		}},
	{Check: CheckLyapunov, Right: ref.Lyapunov,
		Variants: []any{
			func(a, b, c, dt float64, steps int) float64 {
				return lyapunovArrays(a, b, c, dt, steps, math.Log, true)
			},
			// log1p of the growth, the log of the sum of the products at the end.
			func(a, b, c, dt float64, steps int) float64 {
				return lyapunovArrays(a, b, c, dt, steps, func(x float64) float64 { return math.Log1p(x - 1) }, true)
			},
		},
		// log10 instead of ln.
		Wrong: func(a, b, c, dt float64, steps int) float64 {
			return lyapunovArrays(a, b, c, dt, steps, math.Log10, true)
		}},
	{Check: CheckMaxima, Right: ref.Maxima,
		Variants: []any{
			func(x []float64) []float64 {
				var m []float64
				for k := 1; k < len(x)-1; k++ {
					if x[k] > x[k-1] && !(x[k+1] > x[k]) {
						m = append(m, x[k])
					}
				}
				return m
			},
			func(x []float64) []float64 {
				m := []float64{}
				for k := range x {
					if k > 0 && k+1 < len(x) && x[k]-x[k-1] > 0 && x[k+1]-x[k] <= 0 {
						m = append(m, x[k])
					}
				}
				if len(m) == 0 {
					return nil
				}
				return m
			},
		},
		// Strict on both sides: a flat top is lost.
		Wrong: func(x []float64) []float64 {
			var m []float64
			for k := 1; k+1 < len(x); k++ {
				if x[k-1] < x[k] && x[k] > x[k+1] {
					m = append(m, x[k])
				}
			}
			return m
		}},
	{Check: CheckOscillatorySpikes, Right: oscillatorySpikes,
		Variants: []any{
			// A t += dt clock, the drive at t before the step.
			func(c Cell, i0, amp, f, dt, tEnd float64) []float64 {
				var s []float64
				v, t := c.EL, 0.0
				w := 2 * math.Pi * f / 1000
				for k := 1; k <= int(math.Round(tEnd/dt)); k++ {
					in := i0 + amp*math.Sin(w*float64(k-1)*dt)
					v += dt / c.C * (in - (v-c.EL)/c.R)
					t = float64(k) * dt
					if v >= c.VTh {
						s = append(s, t)
						v = c.VReset
					}
				}
				return s
			},
			// τ = R·C and R·I written out.
			func(c Cell, i0, amp, f, dt, tEnd float64) []float64 {
				var s []float64
				v, tau := c.EL, c.R*c.C
				n := int(tEnd/dt + 0.5)
				for k := range n {
					t := float64(k) * dt
					v += dt / tau * (c.EL - v + c.R*(i0+amp*math.Sin(2*math.Pi*f*t/1000)))
					if v >= c.VTh {
						v = c.VReset
						s = append(s, float64(k+1)*dt)
					}
				}
				return s
			},
		},
		// Frequency taken per ms, as if f were in kHz.
		Wrong: func(c Cell, i0, amp, f, dt, tEnd float64) []float64 {
			return oscillatorySpikes(c, i0, amp, f*1000, dt, tEnd)
		}},
	{Check: CheckPhases, Right: ref.Phases,
		Variants: []any{
			func(s []float64, f float64) []float64 {
				p := make([]float64, len(s))
				for k, t := range s {
					p[k] = math.Mod(t*f/1000, 1)
				}
				return p
			},
			func(s []float64, f float64) []float64 {
				var p []float64
				period := 1000 / f
				for _, t := range s {
					_, frac := math.Modf(t / period)
					if frac >= 1 {
						frac = 0
					}
					p = append(p, frac)
				}
				if p == nil {
					p = []float64{}
				}
				return p
			},
		},
		// Phases in radians.
		Wrong: func(s []float64, f float64) []float64 {
			p := ref.Phases(s, f)
			for k := range p {
				p[k] *= 2 * math.Pi
			}
			return p
		}},
	{Check: CheckMeanPhase, Right: ref.MeanPhase,
		Variants: []any{
			// Unit vectors added, the angle in degrees then turned to cycles.
			func(s []float64, f, t0 float64) float64 {
				var x, y float64
				n := 0
				for _, t := range s {
					if t < t0 {
						continue
					}
					a := 2 * math.Pi * t * f / 1000
					x += math.Cos(a)
					y += math.Sin(a)
					n++
				}
				if n == 0 {
					return math.NaN()
				}
				deg := math.Atan2(y, x) * 180 / math.Pi
				if deg < 0 {
					deg += 360
				}
				return deg / 360
			},
			// Means of cos and sin; the phase brought into [0, 1) by Mod.
			func(s []float64, f, t0 float64) float64 {
				var x, y []float64
				for _, t := range s {
					if t >= t0 {
						ph := math.Mod(t*f/1000, 1)
						x, y = append(x, math.Cos(2*math.Pi*ph)), append(y, math.Sin(2*math.Pi*ph))
					}
				}
				if len(x) == 0 {
					return math.NaN()
				}
				mx, _ := check.MeanVariance(x)
				my, _ := check.MeanVariance(y)
				return math.Mod(math.Atan2(my, mx)/(2*math.Pi)+1, 1)
			},
		},
		// The plain mean of the phases, which fails where they wrap around 0.
		Wrong: func(s []float64, f, t0 float64) float64 {
			var sum float64
			n := 0
			for k, p := range ref.Phases(s, f) {
				if s[k] >= t0 {
					sum += p
					n++
				}
			}
			if n == 0 {
				return math.NaN()
			}
			return sum / float64(n)
		}},
	{Check: CheckDetector, Right: ref.Detector,
		Variants: []any{
			// sort.Float64s and the decay as a ratio of exponentials' log.
			func(trains [][]float64, tau, theta float64) []float64 {
				var all []float64
				for _, tr := range trains {
					all = append(all, tr...)
				}
				sort.Float64s(all)
				var out []float64
				s := 0.0
				for k := 0; k < len(all); {
					t := all[k]
					if k > 0 {
						s *= math.Exp((all[k-1] - t) / tau)
					}
					for k < len(all) && all[k] == t {
						s++
						k++
					}
					if s >= theta {
						out = append(out, t)
						s = 0
					}
				}
				return out
			},
			// slices.Sort, the trace's last update time kept.
			func(trains [][]float64, tau, theta float64) []float64 { return detectorWith(trains, tau, theta, true) },
		},
		// No restart after firing.
		Wrong: func(trains [][]float64, tau, theta float64) []float64 { return detectorWith(trains, tau, theta, false) }},
	{Check: CheckGIFStep, Right: gifStep,
		Variants: []any{
			func(p GIF, s *GIFState, in, dt float64) bool { return gifStepWith(p, s, in, dt, false) },
			// A copy of the state updated and written back.
			func(p GIF, s *GIFState, in, dt float64) bool {
				n := GIFState{
					V:     s.V + dt/p.C*(in-s.Eta-(s.V-p.EL)/p.R),
					Eta:   s.Eta - s.Eta*dt/p.TauEta,
					Gamma: s.Gamma * (1 - dt/p.TauGamma),
				}
				spiked := n.V >= p.VT+n.Gamma
				if spiked {
					n = GIFState{p.VReset, n.Eta + p.DEta, n.Gamma + p.DGamma}
				}
				*s = n
				return spiked
			},
		},
		// The threshold compared with γ before its decay... and η left out of V.
		Wrong: func(p GIF, s *GIFState, in, dt float64) bool {
			eta := s.Eta
			s.Eta = 0
			sp := gifStepWith(p, s, in, dt, true)
			if !sp {
				s.Eta = eta * (1 - dt/p.TauEta)
			}
			return sp
		}},
	{Check: CheckGIFSpikes, Right: gifSpikes,
		Variants: []any{
			// Variant 1 of Level 22, a t += dt clock.
			func(p GIF, in, dt, tEnd float64) []float64 {
				s := GIFState{V: p.EL}
				var out []float64
				for k := 1; k <= int(math.Round(tEnd/dt)); k++ {
					if gifStepWith(p, &s, in, dt, false) {
						out = append(out, dt*float64(k))
					}
				}
				return out
			},
			func(p GIF, in, dt, tEnd float64) []float64 {
				s := &GIFState{p.EL, 0, 0}
				var out []float64
				n := int(tEnd/dt + 0.5)
				for k := range n {
					if gifStep(p, s, in, dt) {
						out = append(out, float64(k+1)*dt)
					}
				}
				return out
			},
		},
		// No adaptation: the kernels' jumps forgotten.
		Wrong: func(p GIF, in, dt, tEnd float64) []float64 {
			p.DEta, p.DGamma = 0, 0
			return gifSpikes(p, in, dt, tEnd)
		}},
	{Check: CheckRunPopulation, Right: runPopulation,
		Variants: []any{
			func(p Population, dt, tEnd float64, rng *rand.Rand) []int {
				return popWith(p, dt, tEnd, rng, true, nil)
			},
			func(p Population, dt, tEnd float64, rng *rand.Rand) []int {
				return popWith(p, dt, tEnd, rng, false, nil)
			},
		},
		// No delay: the spikes inhibit within the step after.
		Wrong: func(p Population, dt, tEnd float64, rng *rand.Rand) []int {
			return popWith(p, dt, tEnd, rng, false, func(int) int { return 0 })
		}},
	{Check: CheckOscillationFrequency, Right: ref.OscillationFrequency,
		Variants: []any{
			func(c []int, n int, dt float64) float64 {
				return oscFreqWith(c, n, dt, powerByRecurrence, func(l int) int { return l / 2 })
			},
			func(c []int, n int, dt float64) float64 {
				return oscFreqWith(c, n, dt, ref.PowerSpectrum, func(l int) int { return l - l/2 - l%2 })
			},
		},
		// The transient kept.
		Wrong: func(c []int, n int, dt float64) float64 {
			return oscFreqWith(c, n, dt, ref.PowerSpectrum, func(int) int { return 0 })
		}},
}

// detectorWith is a learner's Detector over slices.Sort, which restarts the
// trace after firing only if restart is set.
func detectorWith(trains [][]float64, tau, theta float64, restart bool) []float64 {
	all := slices.Concat(trains...)
	slices.Sort(all)
	var out []float64
	s, last := 0.0, 0.0
	for k, t := range all {
		s = 1 + s*math.Exp(-(t-last)/tau)
		last = t
		if (k == len(all)-1 || all[k+1] > t) && s >= theta {
			out = append(out, t)
			if restart {
				s = 0
			}
		}
	}
	return out
}

// gapStepMean is a learner's GapStep with the gap current through the
// mean potential and Horner's form.
func gapStepMean(v, u, drive []float64, c Izh, g, dt float64) int {
	n := float64(len(v))
	var m float64
	for _, x := range v {
		m += x / n
	}
	old := slices.Clone(v)
	spikes := 0
	for k, x := range old {
		dv := (0.04*x+5)*x + 140 - u[k] + drive[k] + g*n*(m-x)
		u[k] += dt * c.A * (c.B*x - u[k])
		v[k] = x + dt*dv
		if v[k] >= 30 {
			v[k] = c.C
			u[k] += c.D
			spikes++
		}
	}
	return spikes
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }
