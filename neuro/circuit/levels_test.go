package circuit

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/circuit"
	"github.com/neurogo/course/neuro/internal/lif"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// The reference answers, taking this package's types.

func newState(n int, v0 float64) State { return State(ref.NewState(n, v0)) }

func eulerStep(v, current []float64, c Cell, dt float64) { ref.EulerStep(v, current, lif.Cell(c), dt) }

func spikeMask(v []float64, c Cell, spiked []bool) int { return ref.SpikeMask(v, lif.Cell(c), spiked) }

func refractoryStep(v, current []float64, r []int, spiked []bool, c Cell, nRef int, dt float64) int {
	return ref.RefractoryStep(v, current, r, spiked, lif.Cell(c), nRef, dt)
}

func networkStep(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int {
	return ref.NetworkStep(net.toRef(), s.toRef(), drive, fired, rng)
}

func run(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64 {
	return ref.Run(net.toRef(), s.toRef(), drive, tEnd, rng)
}

func decodeTrial(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64 {
	return ref.DecodeTrial(net.toRef(), prefs, theta, i0, i1, tEnd, rng)
}

func pipelineError(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64 {
	return ref.PipelineError(net.toRef(), prefs, i0, i1, tEnd, lambda, nTrain, nTest, rng)
}

func propagateSparse(sp Sparse, fired []int, gE, gI []float64) {
	ref.PropagateSparse(sp.toRef(), fired, gE, gI)
}

var levelTests = []checktest.Level{
	{Check: CheckNewState, Right: newState,
		Variants: []any{
			// Each slice made and filled with append.
			func(n int, v0 float64) State {
				var s State
				for range n {
					s.V, s.GE, s.GI, s.Ref = append(s.V, v0), append(s.GE, 0), append(s.GI, 0), append(s.Ref, 0)
				}
				return s
			},
			// A struct literal, V filled with slices.Repeat.
			func(n int, v0 float64) State {
				return State{V: slices.Repeat([]float64{v0}, n), GE: make([]float64, n), GI: make([]float64, n), Ref: make([]int, n)}
			},
		},
		// Leaves V at 0 instead of v0.
		Wrong: func(n int, v0 float64) State { return newState(n, 0) }},
	{Check: CheckEulerStep, Right: eulerStep,
		Variants: []any{
			// dt/C and 1/R precomputed.
			func(v, current []float64, c Cell, dt float64) {
				k, g := dt/c.C, 1/c.R
				for i := range v {
					v[i] += k * (current[i] - g*(v[i]-c.EL))
				}
			},
			// The leak and the current as separate terms, E_L first.
			func(v, current []float64, c Cell, dt float64) {
				for i, x := range v {
					v[i] = x + dt*(c.EL-x)/(c.R*c.C) + dt*current[i]/c.C
				}
			},
		},
		// Forgets to divide by C.
		Wrong: func(v, current []float64, c Cell, dt float64) {
			for k := range v {
				v[k] += dt * (-(v[k]-c.EL)/c.R + current[k])
			}
		}},
	{Check: CheckSpikeMask, Right: spikeMask,
		Variants: []any{
			// Counted over the mask after the loop.
			func(v []float64, c Cell, spiked []bool) int {
				for k := range v {
					spiked[k] = !(v[k] < c.VTh)
					if spiked[k] {
						v[k] = c.VReset
					}
				}
				return len(slices.DeleteFunc(slices.Clone(spiked), func(b bool) bool { return !b }))
			},
			// A switch on the threshold, the mask cleared first.
			func(v []float64, c Cell, spiked []bool) int {
				clear(spiked)
				n := 0
				for k, x := range v {
					switch {
					case x >= c.VTh:
						spiked[k], v[k] = true, c.VReset
						n++
					}
				}
				return n
			},
		},
		// Strictly above the threshold.
		Wrong: func(v []float64, c Cell, spiked []bool) int {
			n := 0
			for k := range v {
				spiked[k] = v[k] > c.VTh
				if spiked[k] {
					v[k] = c.VReset
					n++
				}
			}
			return n
		}},
	{Check: CheckRefractoryStep, Right: refractoryStep,
		Variants: []any{
			// The LIF step written out, dt/C precomputed; the held cells in an else branch.
			func(v, current []float64, r []int, spiked []bool, c Cell, nRef int, dt float64) int {
				n, k := 0, dt/c.C
				for i := range v {
					spiked[i] = false
					if r[i] == 0 {
						v[i] += k * (current[i] - (v[i]-c.EL)/c.R)
						if v[i] >= c.VTh {
							v[i], r[i], spiked[i] = c.VReset, nRef, true
							n++
						}
					} else {
						v[i], r[i] = c.VReset, r[i]-1
					}
				}
				return n
			},
			// Level 2's EulerStep on the free cells, then Level 3's SpikeMask.
			func(v, current []float64, r []int, spiked []bool, c Cell, nRef int, dt float64) int {
				free := make([]float64, len(v))
				for i := range v {
					free[i] = current[i]
				}
				held := slices.Clone(r)
				eulerStep(v, free, c, dt)
				n := 0
				for i := range v {
					if held[i] > 0 {
						v[i], r[i], spiked[i] = c.VReset, held[i]-1, false
						continue
					}
					if spiked[i] = v[i] >= c.VTh; spiked[i] {
						v[i], r[i] = c.VReset, nRef
						n++
					}
				}
				return n
			},
		},
		// Counts down before testing the counter: holds one step too few.
		Wrong: func(v, current []float64, r []int, spiked []bool, c Cell, nRef int, dt float64) int {
			for k := range r {
				if r[k] > 0 {
					r[k]--
				}
			}
			return refractoryStep(v, current, r, spiked, c, nRef, dt)
		}},
	{Check: CheckRecord, Right: ref.Record,
		Variants: []any{
			// Indexing the raster by the neuron's number.
			func(raster [][]float64, fired []int, t float64) {
				for k := range fired {
					raster[fired[k]] = append(raster[fired[k]], t)
				}
			},
			// slices.Insert at the end of each train.
			func(raster [][]float64, fired []int, t float64) {
				for _, j := range fired {
					raster[j] = slices.Insert(raster[j], len(raster[j]), t)
				}
			},
		},
		// Appends to the k-th neuron of the raster for the k-th entry of fired.
		Wrong: func(raster [][]float64, fired []int, t float64) {
			for k := range fired {
				raster[k] = append(raster[k], t)
			}
		}},
	{Check: CheckPopulationRate, Right: ref.PopulationRate,
		Variants: []any{
			// Counts per bin first, scaled at the end.
			func(raster [][]float64, bin, tEnd float64) []float64 {
				counts := make([]int, int(math.Round(tEnd/bin)))
				for _, train := range raster {
					for _, t := range train {
						if k := int(t / bin); t >= 0 && k < len(counts) {
							counts[k]++
						}
					}
				}
				rate := make([]float64, len(counts))
				for k, n := range counts {
					rate[k] = float64(n) / float64(len(raster)) / (bin / 1000)
				}
				return rate
			},
			// Each bin's spikes found by scanning every train.
			func(raster [][]float64, bin, tEnd float64) []float64 {
				n := int(math.Round(tEnd / bin))
				rate := make([]float64, n)
				for k := range rate {
					count := 0
					for _, train := range raster {
						for _, t := range train {
							if math.Floor(t/bin) == float64(k) {
								count++
							}
						}
					}
					rate[k] = 1000 * float64(count) / (bin * float64(len(raster)))
				}
				return rate
			},
		},
		// Forgets to divide by the number of neurons.
		Wrong: func(raster [][]float64, bin, tEnd float64) []float64 {
			rate := ref.PopulationRate(raster, bin, tEnd)
			for k := range rate {
				rate[k] *= float64(len(raster))
			}
			return rate
		}},
	{Check: CheckRandomWeights, Right: ref.RandomWeights,
		Variants: []any{
			// The sign chosen per draw, the row made with append.
			func(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64 {
				var w [][]float64
				for j := range n {
					var row []float64
					for range n {
						switch {
						case rng.Float64() >= p:
							row = append(row, 0)
						case j < nE:
							row = append(row, wE)
						default:
							row = append(row, -wI)
						}
					}
					w = append(w, row)
				}
				return w
			},
			// One flat draw of every pair first, then the matrix.
			func(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64 {
				draws := make([]float64, n*n)
				for k := range draws {
					draws[k] = rng.Float64()
				}
				w := make([][]float64, n)
				for j := range w {
					w[j] = make([]float64, n)
					for i := range w[j] {
						if draws[j*n+i] < p {
							w[j][i] = wE
							if j >= nE {
								w[j][i] = -wI
							}
						}
					}
				}
				return w
			},
		},
		// Inhibitory weights positive, breaking Dale's law in sign.
		Wrong: func(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64 {
			return ref.RandomWeights(n, nE, p, wE, -wI, rng)
		}},
	{Check: CheckDecayConductances, Right: ref.DecayConductances,
		Variants: []any{
			// The factor 1 − dt/τ precomputed.
			func(gE, gI []float64, tauE, tauI, dt float64) {
				fe, fi := 1-dt/tauE, 1-dt/tauI
				for k := range gE {
					gE[k] *= fe
				}
				for k := range gI {
					gI[k] *= fi
				}
			},
			// One loop, g += dt·(−g/τ).
			func(gE, gI []float64, tauE, tauI, dt float64) {
				for k := range gE {
					gE[k] = gE[k] + dt*(-gE[k]/tauE)
					gI[k] = gI[k] + dt*(-gI[k]/tauI)
				}
			},
		},
		// Decays both with τ_E.
		Wrong: func(gE, gI []float64, tauE, tauI, dt float64) { ref.DecayConductances(gE, gI, tauE, tauE, dt) }},
	{Check: CheckPropagate, Right: ref.Propagate,
		Variants: []any{
			// math.Max and math.Min split each weight into its two parts.
			func(w [][]float64, fired []int, gE, gI []float64) {
				for _, j := range fired {
					for i := range w[j] {
						gE[i] += math.Max(w[j][i], 0)
						gI[i] += -math.Min(w[j][i], 0)
					}
				}
			},
			// The sign of the column from its first nonzero weight (Dale's law).
			func(w [][]float64, fired []int, gE, gI []float64) {
				for _, j := range fired {
					for i, x := range w[j] {
						switch {
						case x > 0:
							gE[i] += x
						case x < 0:
							gI[i] += math.Abs(x)
						}
					}
				}
			},
		},
		// Adds negative weights to g_I as they are, lowering it.
		Wrong: func(w [][]float64, fired []int, gE, gI []float64) {
			for _, j := range fired {
				for i, x := range w[j] {
					if x > 0 {
						gE[i] += x
					} else {
						gI[i] += x
					}
				}
			}
		}},
	{Check: CheckSynapticInput, Right: ref.SynapticInput,
		Variants: []any{
			// The reversal potentials first: g·(E − V).
			func(out, v, gE, gI []float64, eE, eI float64) {
				for k := range out {
					out[k] = gE[k]*(eE-v[k]) + gI[k]*(eI-v[k])
				}
			},
			// Expanded: g_E·E_E + g_I·E_I − (g_E + g_I)·V.
			func(out, v, gE, gI []float64, eE, eI float64) {
				for k := range out {
					out[k] = gE[k]*eE + gI[k]*eI - (gE[k]+gI[k])*v[k]
				}
			},
		},
		// Project 4's outward sign, not the current into the cell.
		Wrong: func(out, v, gE, gI []float64, eE, eI float64) {
			ref.SynapticInput(out, v, gE, gI, eE, eI)
			for k := range out {
				out[k] = -out[k]
			}
		}},
	{Check: CheckNetworkStep, Right: networkStep,
		Variants: []any{
			// The currents as g·(E − V), the decay as a factor, fired collected while stepping.
			networkStepFactored,
			// The Level 1–10 functions, the fired list from the mask.
			func(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int {
				current := make([]float64, len(s.V))
				ref.SynapticInput(current, s.V, s.GE, s.GI, net.EE, net.EI)
				for k, d := range drive {
					current[k] += d
				}
				spiked := make([]bool, len(s.V))
				refractoryStep(s.V, current, s.Ref, spiked, net.Cell, net.NRef(), net.Dt)
				fired = fired[:0]
				for k := range spiked {
					if spiked[k] {
						fired = append(fired, k)
					}
				}
				ref.Propagate(net.W, fired, s.GE, s.GI)
				ref.DecayConductances(s.GE, s.GI, net.TauE, net.TauI, net.Dt)
				if net.RateExt > 0 {
					for k := range s.GE {
						if rng.Float64() < net.RateExt/1000*net.Dt {
							s.GE[k] += net.WExt
						}
					}
				}
				return fired
			},
		},
		// Decays the conductances before the spikes arrive.
		Wrong: func(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int {
			n := len(s.V)
			current := make([]float64, n)
			ref.SynapticInput(current, s.V, s.GE, s.GI, net.EE, net.EI)
			for k := range current {
				current[k] += drive[k]
			}
			spiked := make([]bool, n)
			ref.RefractoryStep(s.V, current, s.Ref, spiked, lif.Cell(net.Cell), net.NRef(), net.Dt)
			fired = fired[:0]
			for k, sp := range spiked {
				if sp {
					fired = append(fired, k)
				}
			}
			ref.DecayConductances(s.GE, s.GI, net.TauE, net.TauI, net.Dt)
			ref.Propagate(net.W, fired, s.GE, s.GI)
			ref.Background(s.GE, net.RateExt, net.WExt, net.Dt, rng)
			return fired
		}},
	{Check: CheckRun, Right: run,
		Variants: []any{
			// The clock kept as t += dt.
			runClock,
			// Level 11's step with dt/C precomputed and the currents as g·(E − V); k·dt.
			func(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64 {
				raster := make([][]float64, len(s.V))
				var fired []int
				for k := 1; k <= int(math.Round(tEnd/net.Dt)); k++ {
					fired = networkStepFactored(net, s, drive, fired, rng)
					ref.Record(raster, fired, float64(k)*net.Dt)
				}
				return raster
			},
		},
		// Spike times at the start of the step, (k − 1)·dt.
		Wrong: func(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64 {
			raster := run(net, s, drive, tEnd, rng)
			for _, train := range raster {
				for k := range train {
					train[k] -= net.Dt
				}
			}
			return raster
		}},
	{Check: CheckTunedDrive, Right: ref.TunedDrive,
		Variants: []any{
			// Radians converted once, the rectification by an if.
			func(prefs []float64, theta, i0, i1 float64) []float64 {
				const rad = math.Pi / 180
				var d []float64
				for _, p := range prefs {
					x := i0 + i1*math.Cos(theta*rad-p*rad)
					if x < 0 {
						x = 0
					}
					d = append(d, x)
				}
				return d
			},
			// cos(θ_pref − θ), the cosine being even.
			func(prefs []float64, theta, i0, i1 float64) []float64 {
				d := make([]float64, len(prefs))
				for k := range prefs {
					d[k] = max(0, i1*math.Cos((prefs[k]-theta)/180*math.Pi)+i0)
				}
				return d
			},
		},
		// Takes the cosine of degrees.
		Wrong: func(prefs []float64, theta, i0, i1 float64) []float64 {
			d := make([]float64, len(prefs))
			for k, p := range prefs {
				d[k] = math.Max(0, i0+i1*math.Cos(theta-p))
			}
			return d
		}},
	{Check: CheckBackgroundStats, Right: ref.BackgroundStats,
		Variants: []any{
			// The rate in 1/ms first, the variance under a square root.
			func(rate, w, tau float64) (float64, float64) {
				nu := rate / 1000
				return nu * w * tau, math.Sqrt(nu * w * w * tau / 2)
			},
			// The deviation factored as w·√(ν·τ/2).
			func(rate, w, tau float64) (float64, float64) {
				return rate * tau * w / 1000, w * math.Sqrt(rate*tau/2000)
			},
		},
		// Forgets the 1/2 of the variance.
		Wrong: func(rate, w, tau float64) (float64, float64) {
			m, sd := ref.BackgroundStats(rate, w, tau)
			return m, sd * math.Sqrt2
		}},
	{Check: CheckRates, Right: ref.Rates,
		Variants: []any{
			// The spikes counted with a filter, the window in seconds.
			func(raster [][]float64, tStart, tEnd float64) []float64 {
				var rates []float64
				for _, train := range raster {
					in := slices.DeleteFunc(slices.Clone(train), func(t float64) bool { return t < tStart || t >= tEnd })
					rates = append(rates, float64(len(in))/((tEnd-tStart)/1000))
				}
				return rates
			},
			// Sorted trains searched for the window's edges.
			func(raster [][]float64, tStart, tEnd float64) []float64 {
				rates := make([]float64, len(raster))
				for j, train := range raster {
					sorted := slices.Clone(train)
					slices.Sort(sorted)
					a, _ := slices.BinarySearch(sorted, tStart)
					b, _ := slices.BinarySearch(sorted, tEnd)
					rates[j] = 1000 * float64(b-a) / (tEnd - tStart)
				}
				return rates
			},
		},
		// Divides by t_end instead of the window's length.
		Wrong: func(raster [][]float64, tStart, tEnd float64) []float64 {
			r := ref.Rates(raster, tStart, tEnd)
			for k := range r {
				r[k] *= (tEnd - tStart) / tEnd
			}
			return r
		}},
	{Check: CheckPopulationTuning, Right: ref.PopulationTuning,
		Variants: []any{
			// The difference wrapped with math.Remainder, a bin's mean kept as a running mean.
			func(prefs, rates []float64, theta float64, nBins int) []float64 {
				mean := make([]float64, nBins)
				count := make([]float64, nBins)
				for k, p := range prefs {
					d := math.Remainder(p-theta, 360)
					if d >= 180 {
						d -= 360
					}
					b := min(int((d+180)*float64(nBins)/360), nBins-1)
					count[b]++
					mean[b] += (rates[k] - mean[b]) / count[b]
				}
				return mean
			},
			// The bins' members gathered first.
			func(prefs, rates []float64, theta float64, nBins int) []float64 {
				members := make([][]float64, nBins)
				w := 360 / float64(nBins)
				for k, p := range prefs {
					d := math.Mod(math.Mod(p-theta+180, 360)+360, 360)
					b := min(int(math.Floor(d/w)), nBins-1)
					members[b] = append(members[b], rates[k])
				}
				out := make([]float64, nBins)
				for b, m := range members {
					for _, r := range m {
						out[b] += r
					}
					if len(m) > 0 {
						out[b] /= float64(len(m))
					}
				}
				return out
			},
		},
		// Does not wrap the difference of directions.
		Wrong: func(prefs, rates []float64, theta float64, nBins int) []float64 {
			shifted := make([]float64, len(prefs))
			for k, p := range prefs {
				shifted[k] = math.Min(math.Max(p-theta, -180), 179.999)
			}
			return ref.PopulationTuning(shifted, rates, 0, nBins)
		}},
	{Check: CheckDecode, Right: ref.Decode,
		Variants: []any{
			// The components with separate Sin and Cos, the angle shifted by an if.
			func(rates, prefs []float64) float64 {
				var x, y float64
				for k := range rates {
					a := prefs[k] / 180 * math.Pi
					x += math.Cos(a) * rates[k]
					y += math.Sin(a) * rates[k]
				}
				if x == 0 && y == 0 {
					return math.NaN()
				}
				d := math.Atan2(y, x) * 180 / math.Pi
				if d < 0 {
					d += 360
				}
				return d
			},
			// A complex sum, its phase.
			func(rates, prefs []float64) float64 {
				var z complex128
				for k, r := range rates {
					z += complex(r, 0) * cmplx.Rect(1, prefs[k]*math.Pi/180)
				}
				if z == 0 {
					return math.NaN()
				}
				return math.Mod(cmplx.Phase(z)*180/math.Pi+360, 360)
			},
		},
		// math.Atan(y/x) loses the quadrant.
		Wrong: func(rates, prefs []float64) float64 {
			var x, y float64
			for k, r := range rates {
				s, c := math.Sincos(prefs[k] * math.Pi / 180)
				x += r * c
				y += r * s
			}
			return math.Mod(math.Atan(y/x)*180/math.Pi+360, 360)
		}},
	{Check: CheckMeanAngleError, Right: ref.MeanAngleError,
		Variants: []any{
			// The circular distance from math.Remainder.
			func(truth, decoded []float64) float64 {
				var s float64
				for k := range truth {
					s += math.Abs(math.Remainder(decoded[k]-truth[k], 360))
				}
				return s / float64(len(truth))
			},
			// The distance folded by hand, a running mean.
			func(truth, decoded []float64) float64 {
				var m float64
				for k := range truth {
					d := math.Mod(math.Abs(truth[k]-decoded[k]), 360)
					if d > 180 {
						d = 360 - d
					}
					m += (d - m) / float64(k+1)
				}
				return m
			},
		},
		// The plain difference, not the circular one.
		Wrong: func(truth, decoded []float64) float64 {
			s := 0.0
			for k := range truth {
				s += math.Abs(truth[k] - decoded[k])
			}
			return s / float64(len(truth))
		}},
	{Check: CheckSynapticCurrents, Right: ref.SynapticCurrents,
		Variants: []any{
			// g·(E − V), the means over N at each step.
			func(v, gE, gI []float64, eE, eI float64) (float64, float64) {
				n := float64(len(v))
				var iE, iI float64
				for k := range v {
					iE += gE[k] * (eE - v[k]) / n
					iI += gI[k] * (eI - v[k]) / n
				}
				return iE, iI
			},
			// Through Level 10's SynapticInput, with one conductance zeroed at a time.
			func(v, gE, gI []float64, eE, eI float64) (float64, float64) {
				zero := make([]float64, len(v))
				out := make([]float64, len(v))
				mean := func(x []float64) float64 {
					var s float64
					for _, y := range x {
						s += y
					}
					return s / float64(len(x))
				}
				ref.SynapticInput(out, v, gE, zero, eE, eI)
				iE := mean(out)
				ref.SynapticInput(out, v, zero, gI, eE, eI)
				return iE, mean(out)
			},
		},
		// Outward sign.
		Wrong: func(v, gE, gI []float64, eE, eI float64) (float64, float64) {
			iE, iI := ref.SynapticCurrents(v, gE, gI, eE, eI)
			return -iE, -iI
		}},
	{Check: CheckCVs, Right: ref.CVs,
		Variants: []any{
			// The mean and variance of the intervals in one pass (sums of x and x²).
			func(raster [][]float64, minSpikes int) []float64 {
				var cvs []float64
				for _, train := range raster {
					if len(train) < max(minSpikes, 3) {
						continue
					}
					var s, s2 float64
					for k := 1; k < len(train); k++ {
						d := train[k] - train[k-1]
						s, s2 = s+d, s2+d*d
					}
					n := float64(len(train) - 1)
					m := s / n
					cvs = append(cvs, math.Sqrt(s2/n-m*m)/m)
				}
				return cvs
			},
			// The intervals gathered first, the deviation from centred squares.
			func(raster [][]float64, minSpikes int) []float64 {
				var cvs []float64
				for _, train := range raster {
					if len(train) < minSpikes || len(train) < 3 {
						continue
					}
					isi := make([]float64, len(train)-1)
					for k := range isi {
						isi[k] = train[k+1] - train[k]
					}
					m := (train[len(train)-1] - train[0]) / float64(len(isi))
					var v float64
					for _, d := range isi {
						v += (d - m) * (d - m)
					}
					cvs = append(cvs, math.Sqrt(v/float64(len(isi)))/m)
				}
				return cvs
			},
		},
		// Divides the variance by n − 1.
		Wrong: func(raster [][]float64, minSpikes int) []float64 {
			cvs := ref.CVs(raster, minSpikes)
			k := 0
			for _, train := range raster {
				if len(train) >= minSpikes && len(train) >= 3 {
					n := float64(len(train) - 1)
					cvs[k] *= math.Sqrt(n / (n - 1))
					k++
				}
			}
			return cvs
		}},
	{Check: CheckSynchrony, Right: ref.Synchrony,
		Variants: []any{
			// Variances as E[x²] − E[x]², the population count summed before dividing by N.
			func(raster [][]float64, bin, tEnd float64) float64 {
				n := int(math.Round(tEnd / bin))
				pop := make([]float64, n)
				varOf := func(x []float64) float64 {
					var s, s2 float64
					for _, v := range x {
						s, s2 = s+v, s2+v*v
					}
					m := s / float64(len(x))
					return s2/float64(len(x)) - m*m
				}
				var single float64
				for _, train := range raster {
					counts := make([]float64, n)
					for _, t := range train {
						if k := int(math.Floor(t / bin)); t >= 0 && k < n {
							counts[k]++
							pop[k]++
						}
					}
					single += varOf(counts)
				}
				if single == 0 {
					return 0
				}
				for k := range pop {
					pop[k] /= float64(len(raster))
				}
				return varOf(pop) / (single / float64(len(raster)))
			},
			// From Level 6's population rate, of the raster and of each train alone: a rate is a mean count over bin/1000.
			func(raster [][]float64, bin, tEnd float64) float64 {
				n := int(math.Round(tEnd / bin))
				rate := ref.PopulationRate(raster, bin, tEnd)
				pop := make([]float64, n)
				for k := range pop {
					pop[k] = rate[k] * bin / 1000
				}
				var single float64
				for _, train := range raster {
					counts := ref.PopulationRate([][]float64{train}, bin, tEnd)
					floats.Scale(bin/1000, counts)
					_, v := check.MeanVariance(counts)
					single += v
				}
				if single == 0 {
					return 0
				}
				_, v := check.MeanVariance(pop)
				return v * float64(len(raster)) / single
			},
		},
		// The ratio of standard deviations.
		Wrong: func(raster [][]float64, bin, tEnd float64) float64 {
			return math.Sqrt(ref.Synchrony(raster, bin, tEnd))
		}},
	{Check: CheckDecodeTrial, Right: decodeTrial,
		Variants: []any{
			// A Run whose clock is kept as t += dt.
			func(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64 {
				raster := runClock(net, newState(len(prefs), net.Cell.EL), ref.TunedDrive(prefs, theta, i0, i1), tEnd, rng)
				return ref.Decode(ref.Rates(raster, net.Dt/2, tEnd+net.Dt/2), prefs)
			},
			// Every spike of the run counted, over t_end.
			func(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64 {
				raster := run(net, newState(len(prefs), net.Cell.EL), ref.TunedDrive(prefs, theta, i0, i1), tEnd, rng)
				rates := make([]float64, len(raster))
				for k, train := range raster {
					rates[k] = float64(len(train)) / (tEnd / 1000)
				}
				return ref.Decode(rates, prefs)
			},
		},
		// Decodes the drive, not the circuit's spikes.
		Wrong: func(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64 {
			return ref.Decode(ref.TunedDrive(prefs, theta, i0, i1), prefs)
		}},
	{Check: CheckPropagateSparse, Right: propagateSparse,
		Variants: []any{
			// The column's range sliced out.
			func(sp Sparse, fired []int, gE, gI []float64) {
				for _, j := range fired {
					lo, hi := sp.Start[j], sp.Start[j+1]
					for k, i := range sp.Post[lo:hi] {
						if w := sp.W[lo+k]; w > 0 {
							gE[i] += w
						} else {
							gI[i] += -w
						}
					}
				}
			},
			// A while loop over the entries, math.Abs for the inhibitory ones.
			func(sp Sparse, fired []int, gE, gI []float64) {
				for _, j := range fired {
					k := sp.Start[j]
					for k < sp.Start[j+1] {
						if sp.W[k] < 0 {
							gI[sp.Post[k]] += math.Abs(sp.W[k])
						} else {
							gE[sp.Post[k]] += sp.W[k]
						}
						k++
					}
				}
			},
		},
		// Runs one entry past the end of each column.
		Wrong: func(sp Sparse, fired []int, gE, gI []float64) {
			for _, j := range fired {
				for k := sp.Start[j]; k <= sp.Start[j+1] && k < len(sp.Post); k++ {
					if x := sp.W[k]; x > 0 {
						gE[sp.Post[k]] += x
					} else {
						gI[sp.Post[k]] -= x
					}
				}
			}
		}},
	{Check: CheckTrainReadout, Right: ref.TrainReadout,
		Variants: []any{
			// The normal equations solved by Cholesky, both targets at once.
			func(rates [][]float64, thetas []float64, lambda float64) ([]float64, []float64) {
				p := len(rates[0]) + 1
				x := mat.NewDense(len(rates), p, nil)
				y := mat.NewDense(len(rates), 2, nil)
				for t, r := range rates {
					x.SetRow(t, append(slices.Clone(r), 1))
					y.Set(t, 0, math.Cos(thetas[t]*math.Pi/180))
					y.Set(t, 1, math.Sin(thetas[t]*math.Pi/180))
				}
				var a mat.SymDense
				a.SymOuterK(1, x.T())
				for k := range p {
					a.SetSym(k, k, a.At(k, k)+lambda)
				}
				var ch mat.Cholesky
				if !ch.Factorize(&a) {
					panic("singular")
				}
				var xty, w mat.Dense
				xty.Mul(x.T(), y)
				if err := ch.SolveTo(&w, &xty); err != nil {
					panic(err)
				}
				return mat.Col(nil, 0, &w), mat.Col(nil, 1, &w)
			},
			// Least squares on the data stacked over √λ·I, by QR.
			func(rates [][]float64, thetas []float64, lambda float64) ([]float64, []float64) {
				n, p := len(rates), len(rates[0])+1
				x := mat.NewDense(n+p, p, nil)
				c, s := mat.NewVecDense(n+p, nil), mat.NewVecDense(n+p, nil)
				for t, r := range rates {
					x.SetRow(t, append(slices.Clone(r), 1))
					sin, cos := math.Sincos(thetas[t] * math.Pi / 180)
					c.SetVec(t, cos)
					s.SetVec(t, sin)
				}
				for k := range p {
					x.Set(n+k, k, math.Sqrt(lambda))
				}
				var wc, ws mat.VecDense
				if err := wc.SolveVec(x, c); err != nil {
					panic(err)
				}
				if err := ws.SolveVec(x, s); err != nil {
					panic(err)
				}
				return wc.RawVector().Data, ws.RawVector().Data
			},
		},
		// Leaves out the bias: a last weight of 0 and the others fitted without it.
		Wrong: func(rates [][]float64, thetas []float64, lambda float64) ([]float64, []float64) {
			padded := make([][]float64, len(rates))
			for t, r := range rates {
				padded[t] = append(append([]float64(nil), r...), 0)
			}
			wc, ws := ref.TrainReadout(padded, thetas, lambda)
			return wc[:len(wc)-1], ws[:len(ws)-1]
		}},
	{Check: CheckPipelineError, Right: pipelineError,
		Variants: []any{
			// A Run whose clock is kept as t += dt, and the test trials
			// decoded with the bias added last.
			func(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64 {
				trial := func(th float64) []float64 {
					raster := runClock(net, newState(len(prefs), net.Cell.EL), ref.TunedDrive(prefs, th, i0, i1), tEnd, rng)
					return ref.Rates(raster, net.Dt/2, tEnd+net.Dt/2)
				}
				var train, test []float64
				var rates [][]float64
				for k := range nTrain {
					train = append(train, float64(k)*360/float64(nTrain))
					rates = append(rates, trial(train[k]))
				}
				wCos, wSin := ref.TrainReadout(rates, train, lambda)
				var decoded []float64
				for k := range nTest {
					test = append(test, (float64(k)+0.5)*360/float64(nTest))
					var x, y float64
					for i, r := range trial(test[k]) {
						x += wCos[i] * r
						y += wSin[i] * r
					}
					x, y = x+wCos[len(prefs)], y+wSin[len(prefs)]
					decoded = append(decoded, math.Atan2(y, x)*180/math.Pi)
				}
				return ref.MeanAngleError(test, decoded)
			},
			// Every trial's rates (training and test) drawn first, in order, then trained and decoded.
			func(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64 {
				thetas := append(ref.TrainDirections(nTrain, 0), ref.TrainDirections(nTest, 0.5)...)
				rates := make([][]float64, len(thetas))
				for k, th := range thetas {
					rates[k] = ref.TrialRates(net.toRef(), prefs, th, i0, i1, tEnd, rng)
				}
				wCos, wSin := ref.TrainReadout(rates[:nTrain], thetas[:nTrain], lambda)
				decoded := make([]float64, nTest)
				for k, r := range rates[nTrain:] {
					decoded[k] = ref.ReadoutDirection(wCos, wSin, r)
				}
				return ref.MeanAngleError(thetas[nTrain:], decoded)
			},
		},
		// Reports the error on the training trials.
		Wrong: func(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64 {
			return pipelineError(net, prefs, i0, i1, tEnd, lambda, nTrain, nTrain, rng) * 0.5
		}},
}

// networkStepFactored is NetworkStep with the currents as g·(E − V), dt/C
// precomputed, the decay as a factor and the fired cells collected while
// stepping.
func networkStepFactored(net Network, s State, drive []float64, fired []int, rng *rand.Rand) []int {
	fired = fired[:0]
	c := net.Cell
	for k := range s.V {
		i := s.GE[k]*(net.EE-s.V[k]) + s.GI[k]*(net.EI-s.V[k]) + drive[k]
		if s.Ref[k] > 0 {
			s.V[k], s.Ref[k] = c.VReset, s.Ref[k]-1
			continue
		}
		if s.V[k] += net.Dt / c.C * (i - (s.V[k]-c.EL)/c.R); s.V[k] >= c.VTh {
			s.V[k], s.Ref[k] = c.VReset, net.NRef()
			fired = append(fired, k)
		}
	}
	ref.Propagate(net.W, fired, s.GE, s.GI)
	fe, fi := 1-net.Dt/net.TauE, 1-net.Dt/net.TauI
	for k := range s.GE {
		s.GE[k] *= fe
		s.GI[k] *= fi
	}
	ref.Background(s.GE, net.RateExt, net.WExt, net.Dt, rng)
	return fired
}

// runClock is Run with its clock kept as t += dt, a hair off the grid k·dt.
func runClock(net Network, s State, drive []float64, tEnd float64, rng *rand.Rand) [][]float64 {
	raster := make([][]float64, len(s.V))
	var fired []int
	for t := net.Dt; t < tEnd+net.Dt/2; t += net.Dt {
		fired = networkStep(net, s, drive, fired, rng)
		ref.Record(raster, fired, t)
	}
	return raster
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// The helpers handed to learners, and the constants, agree with the
// references.
func TestHelpers(t *testing.T) {
	if lif.Cell(Default()) != lif.Default() {
		t.Errorf("Default() = %v, want %v", Default(), lif.Default())
	}
	if DefaultParams().toRef() != ref.DefaultParams() {
		t.Errorf("DefaultParams() = %+v, want %+v", DefaultParams().toRef(), ref.DefaultParams())
	}
	if got, want := TaskParams().toRef(), ref.TaskNetwork(check.NewRand(1)).Params; got != want {
		t.Errorf("TaskParams() = %+v, want %+v", got, want)
	}
	for _, n := range []int{1, 10, 200} {
		if got, want := Preferred(n, n*4/5), ref.Preferred(n, n*4/5); !reflect.DeepEqual(got, want) {
			t.Errorf("Preferred(%d) = %v, want %v", n, got, want)
		}
	}
	if DefaultParams().NRef() != ref.DefaultParams().NRef() {
		t.Errorf("NRef() = %d, want %d", DefaultParams().NRef(), ref.DefaultParams().NRef())
	}
	w := ref.RandomWeights(50, 40, 0.2, 0.01, 0.04, check.NewRand(3))
	if got, want := Compress(w).toRef(), ref.Compress(w); !reflect.DeepEqual(got, want) {
		t.Errorf("Compress differs from the reference")
	}
}
