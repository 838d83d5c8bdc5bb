package circuit

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/circuit"
	"github.com/neurogo/course/neuro/internal/decoding"
)

// This file holds levels 13–25: tuned input and background, rates and
// tuning, decoding, balance, irregularity and synchrony, sparse
// propagation, and the trained readout.

// Level 13.

type driveCase struct {
	Prefs         []float64
	Theta, I0, I1 float64
}

var tunedDriveLevel = check.Register(&check.Level[driveCase, []float64]{
	Project: Project, Number: 13, Title: "Tuned input from preferred stimuli", Func: "TunedDrive",
	Fixed: []driveCase{{[]float64{0, 90, 180, 270}, 90, 0.5, 1}, {[]float64{10, 350}, 0, 1.5, 0.2}},
	Random: func(r *rand.Rand) driveCase {
		n := 1 + r.IntN(40)
		return driveCase{check.Uniforms(r, n, 0, 360), check.Uniform(r, 0, 360), check.Uniform(r, 0, 2), check.Uniform(r, 0, 2)}
	},
	Judge: check.NearSlice(func(c driveCase) []float64 { return ref.TunedDrive(c.Prefs, c.Theta, c.I0, c.I1) }, simTol),
	Show: func(c driveCase) string {
		return fmt.Sprintf("prefs = %.4g°, θ = %.4g°, I0 = %.4g nA, I1 = %.4g nA", c.Prefs, c.Theta, c.I0, c.I1)
	},
	Hint: "drive[k] = max(0, I0 + I1·cos(θ − θ_k)), the angle turned into radians (·π/180) before the cosine.",
})

// CheckTunedDrive checks Level 13: tunedDrive(prefs, theta, i0, i1) returns
// the drive (nA) of each neuron of preferred direction prefs[k] (deg) for
// the stimulus theta (deg): max(0, i0 + i1·cos(θ − θ_k)).
func CheckTunedDrive(tunedDrive func(prefs []float64, theta, i0, i1 float64) []float64) check.Result {
	return tunedDriveLevel.Check(func(in driveCase) []float64 {
		return tunedDrive(append([]float64(nil), in.Prefs...), in.Theta, in.I0, in.I1)
	})
}

// Level 14.

type backgroundCase struct{ Rate, W, Tau float64 }

// meanSD is what BackgroundStats returns.
type meanSD struct{ Mean, SD float64 }

var backgroundStatsLevel = check.Register(&check.Level[backgroundCase, meanSD]{
	Project: Project, Number: 14, Title: "Poisson background drive", Func: "BackgroundStats",
	Fixed: []backgroundCase{{1000, 0.005, 5}, {200, 0.01, 10}},
	Random: func(r *rand.Rand) backgroundCase {
		return backgroundCase{check.Uniform(r, 10, 5000), check.Uniform(r, 0.001, 0.05), check.Uniform(r, 1, 20)}
	},
	Judge: func(c backgroundCase, got meanSD) error {
		mean, sd := ref.BackgroundStats(c.Rate, c.W, c.Tau)
		if err := check.Compare(got.Mean, mean, check.Exact); err != nil {
			return fmt.Errorf("the mean (µS): %v", err)
		}
		if err := check.Compare(got.SD, sd, check.Exact); err != nil {
			return fmt.Errorf("the standard deviation (µS): %v", err)
		}
		return nil
	},
	Show: func(c backgroundCase) string {
		return fmt.Sprintf("ν = %.4g Hz, w = %.4g µS, τ = %.4g ms", c.Rate, c.W, c.Tau)
	},
	Hint: "With ν = rate/1000 per ms: mean ν·w·τ, variance ν·w²·τ/2, and the standard deviation is its square root.",
})

// CheckBackgroundStats checks Level 14: backgroundStats(rate, w, tau)
// returns the mean and standard deviation (µS) of the conductance made by
// Poisson input of the rate (Hz), each spike a jump of w (µS) decaying with
// the time constant tau (ms).
func CheckBackgroundStats(backgroundStats func(rate, w, tau float64) (mean, sd float64)) check.Result {
	return backgroundStatsLevel.Check(func(in backgroundCase) meanSD {
		m, s := backgroundStats(in.Rate, in.W, in.Tau)
		return meanSD{m, s}
	})
}

// Level 15.

type ratesCase struct {
	Raster       [][]float64
	TStart, TEnd float64
}

var ratesLevel = check.Register(&check.Level[ratesCase, []float64]{
	Project: Project, Number: 15, Title: "Rates per neuron", Func: "Rates",
	Fixed: []ratesCase{{[][]float64{{1, 50, 99.9, 100}, {}, {20}}, 0, 100}, {[][]float64{{5, 10, 15}}, 10, 15}},
	Random: func(r *rand.Rand) ratesCase {
		return ratesCase{randomRaster(r, 1+r.IntN(30), 300, 80), math.Round(check.Uniform(r, 0, 100)), math.Round(check.Uniform(r, 150, 300))}
	},
	Judge: check.NearSlice(func(c ratesCase) []float64 { return ref.Rates(c.Raster, c.TStart, c.TEnd) }, simTol),
	Show: func(c ratesCase) string {
		return fmt.Sprintf("raster = %v ms, window [%g, %g) ms", c.Raster, c.TStart, c.TEnd)
	},
	Hint: "Count the spikes with tStart ≤ t < tEnd and divide by the window's length tEnd − tStart (ms), times 1000.",
})

// CheckRates checks Level 15: rates(raster, tStart, tEnd) returns the rate
// (Hz) of each neuron of the raster (spike times in ms) in the window
// [tStart, tEnd) (ms).
func CheckRates(rates func(raster [][]float64, tStart, tEnd float64) []float64) check.Result {
	return ratesLevel.Check(func(in ratesCase) []float64 { return rates(cloneRaster(in.Raster), in.TStart, in.TEnd) })
}

// Level 16.

type tuningCase struct {
	Prefs, Rates []float64
	Theta        float64
	NBins        int
}

var populationTuningLevel = check.Register(&check.Level[tuningCase, []float64]{
	Project: Project, Number: 16, Title: "Population tuning", Func: "PopulationTuning",
	Fixed: []tuningCase{
		{[]float64{0, 90, 180, 270}, []float64{10, 20, 30, 40}, 0, 4},
		{[]float64{350, 10, 170, 200}, []float64{5, 7, 1, 2}, 190, 2},
	},
	Random: func(r *rand.Rand) tuningCase {
		n := 1 + r.IntN(60)
		return tuningCase{check.Uniforms(r, n, 0, 360), check.Uniforms(r, n, 0, 80), check.Uniform(r, 0, 360), 2 + r.IntN(16)}
	},
	Judge: check.NearSlice(func(c tuningCase) []float64 {
		return ref.PopulationTuning(c.Prefs, c.Rates, c.Theta, c.NBins)
	}, simTol),
	Show: func(c tuningCase) string {
		return fmt.Sprintf("prefs = %.4g°, rates = %.4g Hz, θ = %.4g°, %d bins", c.Prefs, c.Rates, c.Theta, c.NBins)
	},
	Hint: "Wrap θ_k − θ into [−180, 180): d = mod(d + 180, 360), add 360 if negative, subtract 180. " +
		"Bin ⌊(d + 180)/w⌋ with w = 360/nBins; average the rates in each bin, 0 for an empty bin.",
})

// CheckPopulationTuning checks Level 16: populationTuning(prefs, rates,
// theta, nBins) returns the mean rate (Hz) of the neurons in each of nBins
// bins of their preferred direction relative to the stimulus, θ_k − θ
// wrapped into [−180, 180) (deg); bin k covers [−180 + k·w, −180 + (k+1)·w)
// with w = 360/nBins, and an empty bin has rate 0.
func CheckPopulationTuning(populationTuning func(prefs, rates []float64, theta float64, nBins int) []float64) check.Result {
	return populationTuningLevel.Check(func(in tuningCase) []float64 {
		return populationTuning(append([]float64(nil), in.Prefs...), append([]float64(nil), in.Rates...), in.Theta, in.NBins)
	})
}

// Level 17.

type decodeCase struct{ Rates, Prefs []float64 }

// angleTol is the tolerance (deg) of decoded directions computed the same
// way.
const angleTol = 1e-6

// judgeAngle judges a direction (deg) by its circular distance to want.
func judgeAngle[In any](want func(In) float64) func(In, float64) error {
	return func(c In, got float64) error {
		w := want(c)
		if math.IsNaN(got) || decoding.AngleError(got, w) > angleTol || got < 0 || got >= 360 {
			return fmt.Errorf("got %.6g°, want %.6g° (in [0, 360))", got, w)
		}
		return nil
	}
}

var decodeLevel = check.Register(&check.Level[decodeCase, float64]{
	Project: Project, Number: 17, Title: "Decode the stimulus from spike counts", Func: "Decode",
	Fixed: []decodeCase{{[]float64{10, 20, 10, 0}, []float64{0, 90, 180, 270}}, {[]float64{3, 1}, []float64{200, 300}}},
	Random: func(r *rand.Rand) decodeCase {
		n := 2 + r.IntN(60)
		return decodeCase{check.Uniforms(r, n, 0, 50), check.Uniforms(r, n, 0, 360)}
	},
	Judge: judgeAngle(func(c decodeCase) float64 { return ref.Decode(c.Rates, c.Prefs) }),
	Show: func(c decodeCase) string {
		return fmt.Sprintf("rates = %.4g Hz, prefs = %.4g°", c.Rates, c.Prefs)
	},
	Hint: "Sum x = Σ r_k·cos θ_k and y = Σ r_k·sin θ_k (radians inside), then math.Atan2(y, x) in degrees, " +
		"plus 360 if negative.",
})

// CheckDecode checks Level 17: decode(rates, prefs) returns the population
// vector (deg, in [0, 360)) of the rates (Hz) of neurons with preferred
// directions prefs (deg).
func CheckDecode(decode func(rates, prefs []float64) float64) check.Result {
	return decodeLevel.Check(func(in decodeCase) float64 {
		return decode(append([]float64(nil), in.Rates...), append([]float64(nil), in.Prefs...))
	})
}

// Level 18.

type errorCase struct{ Truth, Decoded []float64 }

var meanAngleErrorLevel = check.Register(&check.Level[errorCase, float64]{
	Project: Project, Number: 18, Title: "Accuracy across stimuli", Func: "MeanAngleError",
	Fixed: []errorCase{{[]float64{350, 10, 90}, []float64{10, 350, 100}}, {[]float64{0}, []float64{180}}},
	Random: func(r *rand.Rand) errorCase {
		n := 1 + r.IntN(40)
		return errorCase{check.Uniforms(r, n, 0, 360), check.Uniforms(r, n, 0, 360)}
	},
	Judge: check.Near(func(c errorCase) float64 { return ref.MeanAngleError(c.Truth, c.Decoded) }, check.Exact),
	Show: func(c errorCase) string {
		return fmt.Sprintf("true = %.4g°, decoded = %.4g°", c.Truth, c.Decoded)
	},
	Hint: "Directions live on a circle: the error of each pair is d = |a − b| mod 360, then min(d, 360 − d). " +
		"350° and 10° are 20° apart.",
})

// CheckMeanAngleError checks Level 18: meanAngleError(truth, decoded)
// returns the mean circular distance (deg, each in [0, 180]) between the
// true and the decoded directions (deg).
func CheckMeanAngleError(meanAngleError func(truth, decoded []float64) float64) check.Result {
	return meanAngleErrorLevel.Check(func(in errorCase) float64 {
		return meanAngleError(append([]float64(nil), in.Truth...), append([]float64(nil), in.Decoded...))
	})
}

// Level 19.

type currentsOut struct{ IE, II float64 }

var synapticCurrentsLevel = check.Register(&check.Level[inputCase, currentsOut]{
	Project: Project, Number: 19, Title: "Recurrent inhibition and E/I balance", Func: "SynapticCurrents",
	Fixed: []inputCase{{[]float64{-65, -50, -80}, []float64{0.01, 0.02, 0}, []float64{0, 0.05, 0.1}, 0, -80}},
	Random: func(r *rand.Rand) inputCase {
		n := 1 + r.IntN(30)
		return inputCase{check.Uniforms(r, n, -80, -50), check.Uniforms(r, n, 0, 0.1), check.Uniforms(r, n, 0, 0.1), 0, -80}
	},
	Judge: func(c inputCase, got currentsOut) error {
		iE, iI := ref.SynapticCurrents(c.V, c.GE, c.GI, c.EE, c.EI)
		if err := check.Compare(got.IE, iE, simTol); err != nil {
			return fmt.Errorf("the excitatory current (nA): %v", err)
		}
		if err := check.Compare(got.II, iI, simTol); err != nil {
			return fmt.Errorf("the inhibitory current (nA): %v", err)
		}
		return nil
	},
	Show: synapticInputLevel.Show,
	Hint: "Average over the cells −gE[k]·(v[k] − E_E) (positive, inward) and −gI[k]·(v[k] − E_I) " +
		"(negative: it pulls V down towards E_I).",
})

// CheckSynapticCurrents checks Level 19: synapticCurrents(v, gE, gI, eE, eI)
// returns the mean over the cells of the excitatory current −g_E·(V − E_E)
// and of the inhibitory current −g_I·(V − E_I) (nA, positive into the
// cell).
func CheckSynapticCurrents(synapticCurrents func(v, gE, gI []float64, eE, eI float64) (iE, iI float64)) check.Result {
	return synapticCurrentsLevel.Check(func(in inputCase) currentsOut {
		iE, iI := synapticCurrents(append([]float64(nil), in.V...), append([]float64(nil), in.GE...),
			append([]float64(nil), in.GI...), in.EE, in.EI)
		return currentsOut{iE, iI}
	})
}

// Level 20.

type cvsCase struct {
	Raster    [][]float64
	MinSpikes int
}

var cvsLevel = check.Register(&check.Level[cvsCase, []float64]{
	Project: Project, Number: 20, Title: "Irregular firing: CV across neurons", Func: "CVs",
	Fixed: []cvsCase{{[][]float64{{10, 20, 30, 40}, {1, 2}, {5, 6, 20, 22, 60}, {}}, 3}},
	Random: func(r *rand.Rand) cvsCase {
		return cvsCase{randomRaster(r, 1+r.IntN(30), 500, 60), 3 + r.IntN(8)}
	},
	Judge: check.NearSlice(func(c cvsCase) []float64 { return ref.CVs(c.Raster, c.MinSpikes) }, simTol),
	Show: func(c cvsCase) string {
		return fmt.Sprintf("raster = %v ms, at least %d spikes", c.Raster, c.MinSpikes)
	},
	Hint: "Skip neurons with fewer than minSpikes spikes. For the others, the intervals t[k+1] − t[k], " +
		"their mean and standard deviation dividing by the number of intervals (as in Project 2), CV = sd/mean.",
})

// CheckCVs checks Level 20: cvs(raster, minSpikes) returns, in the order of
// the neurons, the coefficient of variation of the intervals of each
// neuron of the raster (spike times in ms) with at least minSpikes spikes
// (minSpikes is at least 3).
func CheckCVs(cvs func(raster [][]float64, minSpikes int) []float64) check.Result {
	return cvsLevel.Check(func(in cvsCase) []float64 { return cvs(cloneRaster(in.Raster), in.MinSpikes) })
}

// Level 21.

type synchronyCase struct {
	Raster    [][]float64
	Bin, TEnd float64
}

// syncRaster draws a raster in which neurons fire together at common
// times with probability q, or independently.
func syncRaster(r *rand.Rand, n int, tEnd, q float64) [][]float64 {
	raster := randomRaster(r, n, tEnd, 20)
	for t := 5.0; t < tEnd; t += check.Uniform(r, 10, 40) {
		for j := range raster {
			if r.Float64() < q {
				raster[j] = append(raster[j], math.Round(t*10)/10)
			}
		}
	}
	return raster
}

var synchronyLevel = check.Register(&check.Level[synchronyCase, float64]{
	Project: Project, Number: 21, Title: "Synchrony measure, and Brunel's states", Func: "Synchrony",
	Fixed: []synchronyCase{
		{[][]float64{{1, 5}, {1, 5}, {1, 5}}, 2, 10},
		{[][]float64{{1}, {3}, {5, 7}}, 2, 10},
		{[][]float64{{}, {}}, 1, 10},
	},
	Random: func(r *rand.Rand) synchronyCase {
		return synchronyCase{syncRaster(r, 2+r.IntN(30), 300, check.Uniform(r, 0, 1)), []float64{1, 2, 5}[r.IntN(3)], 300}
	},
	Judge: check.Near(func(c synchronyCase) float64 { return ref.Synchrony(c.Raster, c.Bin, c.TEnd) }, simTol),
	Show: func(c synchronyCase) string {
		return fmt.Sprintf("raster = %v ms, bin = %g ms, t_end = %g ms", c.Raster, c.Bin, c.TEnd)
	},
	Hint: "Count each neuron's spikes in the round(t_end/bin) bins; the population's count is the mean over " +
		"neurons in each bin. χ² = Var(population) / mean of Var(single neuron), every variance over the bins " +
		"dividing by their number. Return 0 if every neuron is silent.",
})

// CheckSynchrony checks Level 21: synchrony(raster, bin, tEnd) returns the
// synchrony χ² of the raster (spike times in ms) in bins of bin (ms) until
// tEnd (ms): the variance of the population's mean count over the mean of
// the single neurons' count variances; 0 for a silent raster.
func CheckSynchrony(synchrony func(raster [][]float64, bin, tEnd float64) float64) check.Result {
	return synchronyLevel.Check(func(in synchronyCase) float64 { return synchrony(cloneRaster(in.Raster), in.Bin, in.TEnd) })
}

// Level 22.

// A taskCase is one run of the tuned circuit, its weights drawn by Prepare
// from WeightSeed, its background from Seed.
type taskCase struct {
	WeightSeed, Seed uint64
	Theta            float64
	Net              Network `check:"derived"`
}

// taskNet fills in the tuned circuit of the case.
func taskNet(seed uint64) Network {
	r := ref.TaskNetwork(check.NewRand(seed))
	return Network{TaskParams(), r.NE, r.W}
}

var decodeTrialLevel = check.Register(&check.Level[taskCase, float64]{
	Project: Project, Number: 22, Title: "Decoding under noise", Func: "DecodeTrial",
	// One trial per check: each costs a run of the circuit, and every seed
	// draws another circuit, trial and angle. The angle avoids 0°, where
	// an answer that decodes the drive alone returns exactly 0 and reads
	// as a stub.
	Random: func(r *rand.Rand) taskCase {
		return taskCase{WeightSeed: r.Uint64(), Seed: r.Uint64(), Theta: math.Round(check.Uniform(r, 1, 359))}
	},
	Randoms: 1,
	Prepare: func(c taskCase) taskCase { c.Net = taskNet(c.WeightSeed); return c },
	Judge: judgeAngle(func(c taskCase) float64 {
		return ref.DecodeTrial(c.Net.toRef(), ref.Preferred(TaskN, TaskNE), c.Theta, TaskI0, TaskI1, TaskT, check.NewRand(c.Seed))
	}),
	Show: func(c taskCase) string {
		return fmt.Sprintf("the tuned circuit (weights from seed %d), θ = %g°, I0 = %g nA, I1 = %g nA, t_end = %g ms, seed %d",
			c.WeightSeed, c.Theta, TaskI0, TaskI1, TaskT, c.Seed)
	},
	Hint: "Start from your NewState(N, E_L); drive = your TunedDrive; your Run for t_end with rng; " +
		"your Rates over [dt/2, t_end + dt/2); your Decode. The same draws as the reference give the same answer.",
})

// CheckDecodeTrial checks Level 22: decodeTrial(net, prefs, theta, i0, i1,
// tEnd, rng) runs the circuit from rest (every V at E_L) under the tuned
// drive i0 + i1·cos(θ − θ_k) (nA) for tEnd (ms), the background drawn from
// rng, and returns the population vector (deg) of the rates over
// [dt/2, tEnd + dt/2), every spike of the run. The checks use
// the tuned circuit (Preferred(TaskN, TaskNE), TaskI0, TaskI1, TaskT).
func CheckDecodeTrial(decodeTrial func(net Network, prefs []float64, theta, i0, i1, tEnd float64, rng *rand.Rand) float64) check.Result {
	return decodeTrialLevel.Check(func(in taskCase) float64 {
		return decodeTrial(in.Net, Preferred(TaskN, TaskNE), in.Theta, TaskI0, TaskI1, TaskT, check.NewRand(in.Seed))
	})
}

// Level 23.

type sparseCase struct {
	Sp     Sparse
	Fired  []int
	GE, GI []float64
}

var propagateSparseLevel = check.Register(&check.Level[sparseCase, check.Changed[conductances]]{
	Project: Project, Number: 23, Title: "A thousand neurons, fast: sparse spike propagation", Func: "PropagateSparse",
	Fixed: []sparseCase{{
		Sp:    Compress([][]float64{{0, 0.004, 0.004}, {0.004, 0, 0}, {-0.016, -0.016, 0}}),
		Fired: []int{0, 2}, GE: []float64{0, 0.01, 0}, GI: []float64{0, 0, 0.02},
	}},
	Random: func(r *rand.Rand) sparseCase {
		n := 2 + r.IntN(60)
		return sparseCase{Compress(smallWeights(r, n, n*4/5, 0.2)), randomFired(r, n), check.Uniforms(r, n, 0, 0.05), check.Uniforms(r, n, 0, 0.05)}
	},
	Judge: check.InPlace(func(c sparseCase) conductances { return cloneG(c.GE, c.GI) }, func(c sparseCase, got conductances) error {
		want := cloneG(c.GE, c.GI)
		ref.PropagateSparse(c.Sp.toRef(), c.Fired, want.GE, want.GI)
		return compareConductances(got, want)
	}),
	Show: func(c sparseCase) string {
		return fmt.Sprintf("start = %v, post = %v, w = %.4g µS, fired = %v, g_E = %.4g µS, g_I = %.4g µS",
			c.Sp.Start, c.Sp.Post, c.Sp.W, c.Fired, c.GE, c.GI)
	},
	Hint: "For each j in fired, only k from sp.Start[j] up to, not including, sp.Start[j+1]: the target is " +
		"sp.Post[k], the weight sp.W[k]; positive to gE, the magnitude of negative to gI.",
})

// CheckPropagateSparse checks Level 23: propagateSparse(sp, fired, gE, gI)
// is Propagate on compressed columns: for every neuron j in fired, it
// visits only the targets sp.Post[k] for sp.Start[j] ≤ k < sp.Start[j+1],
// adding positive weights sp.W[k] (µS) to gE and the magnitude of negative
// ones to gI.
func CheckPropagateSparse(propagateSparse func(sp Sparse, fired []int, gE, gI []float64)) check.Result {
	return propagateSparseLevel.Check(func(in sparseCase) check.Changed[conductances] {
		out := cloneG(in.GE, in.GI)
		sp := Sparse{append([]int(nil), in.Sp.Start...), append([]int(nil), in.Sp.Post...), append([]float64(nil), in.Sp.W...)}
		propagateSparse(sp, append([]int(nil), in.Fired...), out.GE, out.GI)
		return check.Leave(cloneG(in.GE, in.GI), out)
	})
}

// Level 24.

type readoutCase struct {
	Rates  [][]float64
	Thetas []float64
	Lambda float64
}

// readoutOut is what TrainReadout returns.
type readoutOut struct{ WCos, WSin []float64 }

// tunedRates draws noisy rates (Hz) of n cosine-tuned neurons over trials,
// with checker code.
func tunedRates(r *rand.Rand, n, trials int) readoutCase {
	prefs := check.Uniforms(r, n, 0, 360)
	c := readoutCase{Thetas: check.Uniforms(r, trials, 0, 360), Lambda: check.Uniform(r, 0.1, 10)}
	for _, th := range c.Thetas {
		row := make([]float64, n)
		for k := range row {
			row[k] = math.Max(0, 20+15*math.Cos((th-prefs[k])*math.Pi/180)+5*r.NormFloat64())
		}
		c.Rates = append(c.Rates, row)
	}
	return c
}

// readoutTol is the tolerance of the readout's weights: the normal
// equations may be solved in several ways, which differ in the last bits.
var readoutTol = check.Tol{Rel: 1e-6, Abs: 1e-9}

var trainReadoutLevel = check.Register(&check.Level[readoutCase, readoutOut]{
	Project: Project, Number: 24, Title: "Train a linear readout on the circuit", Func: "TrainReadout",
	Fixed: []readoutCase{{
		Rates:  [][]float64{{10, 0}, {0, 10}, {5, 5}, {1, 2}},
		Thetas: []float64{0, 90, 45, 60}, Lambda: 1,
	}},
	Random: func(r *rand.Rand) readoutCase { return tunedRates(r, 2+r.IntN(20), 10+r.IntN(30)) },
	Judge: func(c readoutCase, got readoutOut) error {
		wCos, wSin := ref.TrainReadout(c.Rates, c.Thetas, c.Lambda)
		if err := check.CompareSlice(got.WCos, wCos, readoutTol); err != nil {
			return fmt.Errorf("wCos: %v", err)
		}
		if err := check.CompareSlice(got.WSin, wSin, readoutTol); err != nil {
			return fmt.Errorf("wSin: %v", err)
		}
		return nil
	},
	Show: func(c readoutCase) string {
		return fmt.Sprintf("rates = %.4g Hz, θ = %.4g°, λ = %g", c.Rates, c.Thetas, c.Lambda)
	},
	Hint: "Build X with one row per trial, the rates then a last column of 1 (the bias); the targets are " +
		"cos θ and sin θ. Solve (XᵀX + λI)·w = Xᵀy for each, λ on every weight, the bias included.",
})

// CheckTrainReadout checks Level 24: trainReadout(rates, thetas, lambda)
// returns the ridge-regression weights, with penalty lambda on every
// weight, of cos θ (wCos) and sin θ (wSin) on the features [rates…, 1]:
// one row of rates (Hz) per trial of stimulus thetas (deg), one weight per
// neuron and the bias last.
func CheckTrainReadout(trainReadout func(rates [][]float64, thetas []float64, lambda float64) (wCos, wSin []float64)) check.Result {
	return trainReadoutLevel.Check(func(in readoutCase) readoutOut {
		wCos, wSin := trainReadout(cloneRaster(in.Rates), append([]float64(nil), in.Thetas...), in.Lambda)
		return readoutOut{wCos, wSin}
	})
}

// Level 25.

var pipelineErrorLevel = check.Register(&check.Level[taskCase, float64]{
	Project: Project, Number: 25, Title: "The whole pipeline", Func: "PipelineError",
	Fixed:   []taskCase{{WeightSeed: 3, Seed: 4}},
	Prepare: func(c taskCase) taskCase { c.Net = taskNet(c.WeightSeed); return c },
	Judge: func(c taskCase, got float64) error {
		want := ref.PipelineError(c.Net.toRef(), ref.Preferred(TaskN, TaskNE), TaskI0, TaskI1, TaskT, TaskLambda,
			TaskTrain, TaskTest, check.NewRand(c.Seed))
		if err := check.Compare(got, want, check.Tol{Rel: 1e-6, Abs: 1e-6}); err != nil {
			return err
		}
		if got > PipelineBound {
			return fmt.Errorf("the error %.3g° is above the bound %g°", got, PipelineBound)
		}
		return nil
	},
	Show: func(c taskCase) string {
		return fmt.Sprintf("the tuned circuit (weights from seed %d), %d training and %d test trials, λ = %g, seed %d",
			c.WeightSeed, TaskTrain, TaskTest, TaskLambda, c.Seed)
	},
	Hint: "Training trials at 360·k/nTrain, then test trials at 360·(k + 0.5)/nTest, in that order, one rng. " +
		"Each trial: rates of a run from rest over [dt/2, t_end + dt/2). Train your readout on the training rates; decode each test " +
		"trial as atan2(wSin·[r, 1], wCos·[r, 1]); return your MeanAngleError.",
})

// CheckPipelineError checks Level 25: pipelineError(net, prefs, i0, i1,
// tEnd, lambda, nTrain, nTest, rng) runs nTrain training trials at
// 360·k/nTrain (deg) and then nTest test trials at 360·(k + 0.5)/nTest,
// each the rates (Hz) of a run of tEnd (ms) from rest under the tuned drive
// (nA), trains the readout with penalty lambda on the training trials, and
// returns its mean angle error (deg) on the test trials, which must stay
// below PipelineBound.
func CheckPipelineError(pipelineError func(net Network, prefs []float64, i0, i1, tEnd, lambda float64, nTrain, nTest int, rng *rand.Rand) float64) check.Result {
	return pipelineErrorLevel.Check(func(in taskCase) float64 {
		return pipelineError(in.Net, Preferred(TaskN, TaskNE), TaskI0, TaskI1, TaskT, TaskLambda, TaskTrain, TaskTest,
			check.NewRand(in.Seed))
	})
}
