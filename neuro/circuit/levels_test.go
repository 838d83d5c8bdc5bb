package circuit

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	ref "github.com/neurogo/course/neuro/internal/circuit"
	"github.com/neurogo/course/neuro/internal/lif"
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
		// Leaves V at 0 instead of v0.
		Wrong: func(n int, v0 float64) State { return newState(n, 0) }},
	{Check: CheckEulerStep, Right: eulerStep,
		// Forgets to divide by C.
		Wrong: func(v, current []float64, c Cell, dt float64) {
			for k := range v {
				v[k] += dt * (-(v[k]-c.EL)/c.R + current[k])
			}
		}},
	{Check: CheckSpikeMask, Right: spikeMask,
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
		// Appends to the k-th neuron of the raster for the k-th entry of fired.
		Wrong: func(raster [][]float64, fired []int, t float64) {
			for k := range fired {
				raster[k] = append(raster[k], t)
			}
		}},
	{Check: CheckPopulationRate, Right: ref.PopulationRate,
		// Forgets to divide by the number of neurons.
		Wrong: func(raster [][]float64, bin, tEnd float64) []float64 {
			rate := ref.PopulationRate(raster, bin, tEnd)
			for k := range rate {
				rate[k] *= float64(len(raster))
			}
			return rate
		}},
	{Check: CheckRandomWeights, Right: ref.RandomWeights,
		// Inhibitory weights positive, breaking Dale's law in sign.
		Wrong: func(n, nE int, p, wE, wI float64, rng *rand.Rand) [][]float64 {
			return ref.RandomWeights(n, nE, p, wE, -wI, rng)
		}},
	{Check: CheckDecayConductances, Right: ref.DecayConductances,
		// Decays both with τ_E.
		Wrong: func(gE, gI []float64, tauE, tauI, dt float64) { ref.DecayConductances(gE, gI, tauE, tauE, dt) }},
	{Check: CheckPropagate, Right: ref.Propagate,
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
		// Project 4's outward sign, not the current into the cell.
		Wrong: func(out, v, gE, gI []float64, eE, eI float64) {
			ref.SynapticInput(out, v, gE, gI, eE, eI)
			for k := range out {
				out[k] = -out[k]
			}
		}},
	{Check: CheckNetworkStep, Right: networkStep,
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
		// Takes the cosine of degrees.
		Wrong: func(prefs []float64, theta, i0, i1 float64) []float64 {
			d := make([]float64, len(prefs))
			for k, p := range prefs {
				d[k] = math.Max(0, i0+i1*math.Cos(theta-p))
			}
			return d
		}},
	{Check: CheckBackgroundStats, Right: ref.BackgroundStats,
		// Forgets the 1/2 of the variance.
		Wrong: func(rate, w, tau float64) (float64, float64) {
			m, sd := ref.BackgroundStats(rate, w, tau)
			return m, sd * math.Sqrt2
		}},
	{Check: CheckRates, Right: ref.Rates,
		// Divides by t_end instead of the window's length.
		Wrong: func(raster [][]float64, tStart, tEnd float64) []float64 {
			r := ref.Rates(raster, tStart, tEnd)
			for k := range r {
				r[k] *= (tEnd - tStart) / tEnd
			}
			return r
		}},
	{Check: CheckPopulationTuning, Right: ref.PopulationTuning,
		// Does not wrap the difference of directions.
		Wrong: func(prefs, rates []float64, theta float64, nBins int) []float64 {
			shifted := make([]float64, len(prefs))
			for k, p := range prefs {
				shifted[k] = math.Min(math.Max(p-theta, -180), 179.999)
			}
			return ref.PopulationTuning(shifted, rates, 0, nBins)
		}},
	{Check: CheckDecode, Right: ref.Decode,
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
		// The plain difference, not the circular one.
		Wrong: func(truth, decoded []float64) float64 {
			s := 0.0
			for k := range truth {
				s += math.Abs(truth[k] - decoded[k])
			}
			return s / float64(len(truth))
		}},
	{Check: CheckSynapticCurrents, Right: ref.SynapticCurrents,
		// Outward sign.
		Wrong: func(v, gE, gI []float64, eE, eI float64) (float64, float64) {
			iE, iI := ref.SynapticCurrents(v, gE, gI, eE, eI)
			return -iE, -iI
		}},
	{Check: CheckCVs, Right: ref.CVs,
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
