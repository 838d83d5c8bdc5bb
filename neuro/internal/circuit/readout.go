package circuit

import (
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/internal/coding"
	"github.com/neurogo/course/neuro/internal/decoding"
	"github.com/neurogo/course/neuro/internal/lif"
	"github.com/neurogo/course/neuro/internal/sim"
	"github.com/neurogo/course/neuro/internal/synapse"
	"gonum.org/v1/gonum/mat"
)

// Preferred returns the preferred directions (deg) of n neurons of which
// the first nE are excitatory: the excitatory ones at 360·k/nE for k < nE,
// the inhibitory ones at 360·k/(n − nE), each population evenly around the
// circle.
func Preferred(n, nE int) []float64 {
	prefs := make([]float64, n)
	for k := range nE {
		prefs[k] = 360 * float64(k) / float64(nE)
	}
	for k := nE; k < n; k++ {
		prefs[k] = 360 * float64(k-nE) / float64(n-nE)
	}
	return prefs
}

// TunedDrive returns the drive (nA) of neurons of preferred directions prefs
// (deg) for the stimulus direction theta (deg): Project 7's cosine tuning
// i0 + i1·cos(θ − θ_pref), rectified at 0.
func TunedDrive(prefs []float64, theta, i0, i1 float64) []float64 {
	drive := make([]float64, len(prefs))
	for k, p := range prefs {
		drive[k] = coding.CosineTuning(theta, p, i0, i1)
	}
	return drive
}

// BackgroundStats returns the mean and the standard deviation (µS) of the
// conductance made by Poisson input of the rate (Hz), each input spike a
// jump of w (µS) decaying with time constant tau (ms): Campbell's theorem,
// as in Project 4.
func BackgroundStats(rate, w, tau float64) (mean, sd float64) {
	mean, variance := synapse.Campbell(rate, w, tau)
	return mean, math.Sqrt(variance)
}

// Rates returns the rate (Hz) of each neuron of the raster (spike times in
// ms) in the window [tStart, tEnd) (ms).
func Rates(raster [][]float64, tStart, tEnd float64) []float64 {
	rates := make([]float64, len(raster))
	for j, train := range raster {
		n := 0
		for _, t := range train {
			if t >= tStart && t < tEnd {
				n++
			}
		}
		rates[j] = 1000 * float64(n) / (tEnd - tStart)
	}
	return rates
}

// Wrap returns the angle a (deg) wrapped into [−180, 180).
func Wrap(a float64) float64 {
	a = math.Mod(a+180, 360)
	if a < 0 {
		a += 360
	}
	return a - 180
}

// PopulationTuning returns the mean rate (Hz) of the neurons in each of
// nBins bins of their preferred direction relative to the stimulus,
// Wrap(pref − theta) (deg): bin k covers [−180 + k·w, −180 + (k+1)·w) with
// w = 360/nBins. An empty bin has rate 0.
func PopulationTuning(prefs, rates []float64, theta float64, nBins int) []float64 {
	sum := make([]float64, nBins)
	count := make([]int, nBins)
	width := 360 / float64(nBins)
	for k, p := range prefs {
		b := int(math.Floor((Wrap(p-theta) + 180) / width))
		b = min(b, nBins-1)
		sum[b] += rates[k]
		count[b]++
	}
	for b := range sum {
		if count[b] > 0 {
			sum[b] /= float64(count[b])
		}
	}
	return sum
}

// Decode returns the population vector (deg, in [0, 360)) of the rates (Hz)
// of neurons with preferred directions prefs (deg): Project 8's decoder.
func Decode(rates, prefs []float64) float64 { return decoding.PopulationVector(rates, prefs) }

// MeanAngleError returns the mean circular distance (deg) between the true
// directions and the decoded ones (deg).
func MeanAngleError(truth, decoded []float64) float64 {
	sum := 0.0
	for k := range truth {
		sum += decoding.AngleError(truth[k], decoded[k])
	}
	return sum / float64(len(truth))
}

// SynapticCurrents returns the mean over the cells of the excitatory current
// −g_E·(V − E_E) and of the inhibitory current −g_I·(V − E_I) (nA, positive
// into the cell).
func SynapticCurrents(v, gE, gI []float64, eE, eI float64) (iE, iI float64) {
	for k := range v {
		iE -= synapse.Current(gE[k], v[k], eE)
		iI -= synapse.Current(gI[k], v[k], eI)
	}
	return iE / float64(len(v)), iI / float64(len(v))
}

// CVs returns the coefficient of variation of the intervals of each neuron
// of the raster with at least minSpikes spikes (Project 2's MeanCV, the
// standard deviation dividing by the number of intervals), in the order of
// the neurons.
func CVs(raster [][]float64, minSpikes int) []float64 {
	var cvs []float64
	for _, train := range raster {
		if len(train) >= minSpikes && len(train) >= 3 {
			_, cv := lif.MeanCV(lif.ISIs(train))
			cvs = append(cvs, cv)
		}
	}
	return cvs
}

// binCounts returns the spike counts of a train (ms) in the bins
// [k·bin, (k+1)·bin) for k < round(tEnd/bin).
func binCounts(train []float64, bin float64, n int) []float64 {
	counts := make([]float64, n)
	for _, t := range train {
		if k := int(math.Floor(t / bin)); t >= 0 && k < n {
			counts[k]++
		}
	}
	return counts
}

// Synchrony returns the synchrony χ² of the raster (spike times in ms) in
// bins of bin (ms) until tEnd (ms): the variance over the bins of the
// population's mean count over the mean of the single neurons' count
// variances (all variances dividing by the number of bins). It is 1 when
// all neurons fire together and near 1/N when they fire independently; it
// is 0 for a silent raster.
func Synchrony(raster [][]float64, bin, tEnd float64) float64 {
	n := int(math.Round(tEnd / bin))
	pop := make([]float64, n)
	single := 0.0
	for _, train := range raster {
		counts := binCounts(train, bin, n)
		single += sim.Variance(counts)
		for k, c := range counts {
			pop[k] += c / float64(len(raster))
		}
	}
	single /= float64(len(raster))
	if single == 0 {
		return 0
	}
	return sim.Variance(pop) / single
}

// DecodeTrial runs one trial: the state NewState(N, E_L) under the drive
// TunedDrive(prefs, theta, i0, i1) for tEnd (ms) with Run, and returns the
// Decode of the Rates over the whole trial.
//
// The trial's window is [dt/2, tEnd + dt/2): it holds every spike of the
// run, at dt, 2·dt, …, tEnd, and its edges halfway between them leave no
// spike on an edge, where a clock kept as t += dt (ending a hair below
// tEnd) and one kept as k·dt would count it differently.
func DecodeTrial(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64 {
	return Decode(TrialRates(net, prefs, theta, i0, i1, tEnd, rng), prefs)
}

// TrialRates returns the Rates (Hz) of the trial of DecodeTrial.
func TrialRates(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) []float64 {
	s := NewState(len(prefs), net.Cell.EL)
	raster := Run(net, s, TunedDrive(prefs, theta, i0, i1), tEnd, rng)
	return Rates(raster, net.Dt/2, tEnd+net.Dt/2)
}

// features returns the rows of the design matrix: the rates of each trial
// followed by a 1 (the bias).
func features(rates [][]float64) *mat.Dense {
	p := len(rates[0]) + 1
	x := mat.NewDense(len(rates), p, nil)
	for t, r := range rates {
		for k, v := range r {
			x.Set(t, k, v)
		}
		x.Set(t, p-1, 1)
	}
	return x
}

// TrainReadout returns the weights of a linear readout of direction from
// rates (Hz), one row of rates per trial of stimulus thetas (deg): Project
// 8's Ridge with penalty lambda on the features [rates…, 1], fitted once to
// cos θ (wCos) and once to sin θ (wSin); each has one weight per neuron and
// the bias last. It panics when the system is singular.
func TrainReadout(rates [][]float64, thetas []float64, lambda float64) (wCos, wSin []float64) {
	x := features(rates)
	c := mat.NewVecDense(len(thetas), nil)
	s := mat.NewVecDense(len(thetas), nil)
	for t, th := range thetas {
		sin, cos := math.Sincos(th * math.Pi / 180)
		c.SetVec(t, cos)
		s.SetVec(t, sin)
	}
	wc, err := decoding.Ridge(x, c, lambda)
	if err != nil {
		panic(err)
	}
	ws, err := decoding.Ridge(x, s, lambda)
	if err != nil {
		panic(err)
	}
	return wc.RawVector().Data, ws.RawVector().Data
}

// ReadoutDirection returns the direction (deg, in [0, 360)) the readout
// (wCos, wSin) gives for rates (Hz): the angle of the point
// (wCos·[rates, 1], wSin·[rates, 1]).
func ReadoutDirection(wCos, wSin, rates []float64) float64 {
	n := len(rates)
	x, y := wCos[n], wSin[n]
	for k, r := range rates {
		x += wCos[k] * r
		y += wSin[k] * r
	}
	return math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
}

// TrainDirections returns n stimulus directions (deg) evenly around the
// circle with an offset: 360·(k + offset)/n.
func TrainDirections(n int, offset float64) []float64 {
	d := make([]float64, n)
	for k := range d {
		d[k] = 360 * (float64(k) + offset) / float64(n)
	}
	return d
}

// PipelineError runs the whole pipeline and returns the mean AngleError
// (deg) of the readout on the test trials: nTrain training trials at
// TrainDirections(nTrain, 0) then nTest test trials at
// TrainDirections(nTest, 0.5), each a trial of TrialRates in that order with
// the one rng; a readout TrainReadout(…, lambda) on the training trials;
// the test trials decoded with ReadoutDirection.
func PipelineError(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64 {
	train := TrainDirections(nTrain, 0)
	test := TrainDirections(nTest, 0.5)
	trainRates := make([][]float64, nTrain)
	for t, th := range train {
		trainRates[t] = TrialRates(net, prefs, th, i0, i1, tEnd, rng)
	}
	wCos, wSin := TrainReadout(trainRates, train, lambda)
	decoded := make([]float64, nTest)
	for t, th := range test {
		decoded[t] = ReadoutDirection(wCos, wSin, TrialRates(net, prefs, th, i0, i1, tEnd, rng))
	}
	return MeanAngleError(test, decoded)
}

// The tuned circuit of Levels 13–25: TaskN neurons of which TaskNE are
// excitatory, connected with probability TaskP, w_E = TaskWE and
// w_I = TaskG·w_E (µS), background of TaskRate (Hz) in jumps of TaskWExt
// (µS), drive TaskI0 + TaskI1·cos(θ − θ_pref) (nA), trials of TaskT (ms).
const (
	TaskN, TaskNE                          = 200, 160
	TaskP, TaskWE, TaskG           float64 = 0.1, 0.005, 6
	TaskRate, TaskWExt             float64 = 1000, 0.005
	TaskI0, TaskI1, TaskT, TaskLam float64 = 0.5, 1, 100, 1
	TaskTrain, TaskTest                    = 24, 12
	// PipelineBound is the error (deg) the pipeline promises: the mean
	// error of PipelineError on the tuned circuit with TaskTrain and
	// TaskTest trials stays below it (at most 2.3° over 10 seeds; see
	// TestPipelineBound).
	PipelineBound float64 = 10
)

// TaskNetwork returns the tuned circuit with weights RandomWeights drawn
// from rng.
func TaskNetwork(rng *rand.Rand) Network {
	p := DefaultParams()
	p.RateExt, p.WExt = TaskRate, TaskWExt
	return Network{p, TaskNE, RandomWeights(TaskN, TaskNE, TaskP, TaskWE, TaskG*TaskWE, rng)}
}

// The circuit of Brunel's states (Level 21): 400 neurons, 320 excitatory,
// p = 0.1, w_E = BrunelWE and w_I = g·w_E (µS), background of BrunelRate
// (Hz) in jumps of BrunelWExt (µS), no drive.
const (
	BrunelWE, BrunelRate, BrunelWExt float64 = 0.02, 1000, 0.005
)
