// Package decoding checks the levels of Project 8, Decoding and
// Information: reading a direction back from a population's spike counts
// (centre of mass, winner-take-all, population vector, maximum likelihood
// and MAP), signal detection (d′, the ROC and its area, two-alternative
// choice), information in bits (entropy, conditional entropy, mutual
// information and its sampling bias), and linear decoders fitted with
// gonum (least squares, ridge, R² on held-out data, cross-validated λ).
// Units: directions in degrees, rates in Hz, windows in ms, counts in
// spikes, entropy and information in bits.
//
// The data are Project 7's population of Gaussian-tuned Poisson neurons, on
// a circle of directions: Population gives the learner its rates, mean
// counts and counts.
//
// The levels are in four files by theme: decoders (levels 1–8, this file),
// signal detection (9–12, detect.go), information (13–19, info.go), and
// linear decoding, the time-varying stimulus and the population size
// (20–25, linear.go).
package decoding

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/decoding"
)

// Project is this project's number in the course.
const Project = 8

// tol is the tolerance of answers computed by sums whose order the learner
// may choose.
var tol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// countsCase is one trial of a population: the counts (spikes) of neurons
// with preferred directions Prefs (deg).
type countsCase struct {
	Counts, Prefs []float64
}

func (c countsCase) String() string {
	return fmt.Sprintf("counts %v spikes, preferred directions %.4g°", c.Counts, c.Prefs)
}

// randomTrial draws the counts of a population of 6 to 24 neurons at a
// random direction, with at least one spike.
func randomTrial(r *rand.Rand) countsCase {
	pop := NewPopulation(6 + r.IntN(19))
	for {
		counts := pop.Counts(check.Uniform(r, 0, 360), r)
		if slices.Max(counts) > 0 {
			return countsCase{counts, pop.Prefs}
		}
	}
}

var centerOfMassLevel = check.Register(&check.Level[countsCase, float64]{
	Project: Project, Number: 1, Title: "Center of mass", Func: "CenterOfMass",
	Fixed: []countsCase{
		{[]float64{1, 3, 0, 0}, []float64{0, 90, 180, 270}},
		{[]float64{0, 2, 5, 3, 0, 0, 0, 0}, []float64{0, 45, 90, 135, 180, 225, 270, 315}},
		{[]float64{5, 0, 0, 5}, []float64{0, 90, 180, 270}},
	},
	Random: randomTrial,
	Judge:  check.Near(func(c countsCase) float64 { return ref.CenterOfMass(c.Counts, c.Prefs) }, tol),
	Show:   countsCase.String,
	Hint:   "Σ counts[i]·prefs[i] divided by Σ counts[i]: the mean of the preferred directions, each weighted by its neuron's count.",
})

// CheckCenterOfMass checks Level 1: centerOfMass(counts, prefs) returns the
// count-weighted mean Σ n_i·p_i/Σ n_i (deg) of the preferred directions
// prefs (deg), counts in spikes.
func CheckCenterOfMass(centerOfMass func(counts, prefs []float64) float64) check.Result {
	return centerOfMassLevel.Check(func(in countsCase) float64 { return centerOfMass(slices.Clone(in.Counts), slices.Clone(in.Prefs)) })
}

var winnerTakeAllLevel = check.Register(&check.Level[countsCase, float64]{
	Project: Project, Number: 2, Title: "Winner-take-all", Func: "WinnerTakeAll",
	Fixed: []countsCase{
		{[]float64{1, 3, 0, 2}, []float64{0, 90, 180, 270}},
		{[]float64{2, 7, 7, 1}, []float64{0, 90, 180, 270}},
		{[]float64{0, 0, 0, 4, 1, 0}, []float64{0, 60, 120, 180, 240, 300}},
	},
	Random:  randomTrial,
	Randoms: 8,
	Judge:   check.Near(func(c countsCase) float64 { return ref.WinnerTakeAll(c.Counts, c.Prefs) }, check.Tol{}),
	Show:    countsCase.String,
	Hint:    "Find the index of the largest count (keep the first one on a tie: use >, not >=) and return that neuron's preferred direction, not the index or the count.",
})

// CheckWinnerTakeAll checks Level 2: winnerTakeAll(counts, prefs) returns
// the preferred direction (deg) of the neuron with the largest count
// (spikes), the first of equals.
func CheckWinnerTakeAll(winnerTakeAll func(counts, prefs []float64) float64) check.Result {
	return winnerTakeAllLevel.Check(func(in countsCase) float64 { return winnerTakeAll(slices.Clone(in.Counts), slices.Clone(in.Prefs)) })
}

// circularJudge wants a direction in [0°, 360°) within 1e-9° of want around
// the circle; it takes 360° for 0°, which adding 360° to a tiny negative
// angle gives after rounding.
func circularJudge(got, want float64) error {
	if math.IsNaN(got) || got < 0 || got > 360 {
		return fmt.Errorf("got %.6g°, want a direction in [0°, 360°): %.6g°", got, want)
	}
	if e := angleError(got, want); e > 1e-9 {
		g, w := check.Pair(got, want)
		return fmt.Errorf("got %s°, want %s° (%.3g° apart)", g, w, e)
	}
	return nil
}

var populationVectorLevel = check.Register(&check.Level[countsCase, float64]{
	Project: Project, Number: 3, Title: "Population vector", Func: "PopulationVector",
	Fixed: []countsCase{
		{[]float64{1, 1, 0, 0}, []float64{0, 90, 180, 270}},
		{[]float64{5, 0, 0, 5}, []float64{0, 90, 180, 270}},
		{[]float64{0, 1, 4, 2, 0, 0}, []float64{0, 60, 120, 180, 240, 300}},
		{[]float64{0, 0, 1, 3}, []float64{0, 90, 180, 270}},
		{[]float64{2, 1, 0, 1}, []float64{0, 90, 180, 270}},
	},
	Random: randomTrial,
	Judge: func(c countsCase, got float64) error {
		return circularJudge(got, ref.PopulationVector(c.Counts, c.Prefs))
	},
	Show: countsCase.String,
	Hint: "Sum x += n·cos(p), y += n·sin(p) with p in radians (×π/180); the direction is math.Atan2(y, x) (not Atan(y/x), " +
		"which loses the quadrant), back in degrees and moved into [0°, 360°) by adding 360° when negative.",
})

// CheckPopulationVector checks Level 3: populationVector(counts, prefs)
// returns the direction (deg, in [0, 360)) of Σ n_i·(cos p_i, sin p_i), the
// unit vectors of the preferred directions prefs (deg) weighted by the
// counts (spikes).
func CheckPopulationVector(populationVector func(counts, prefs []float64) float64) check.Result {
	return populationVectorLevel.Check(func(in countsCase) float64 { return populationVector(slices.Clone(in.Counts), slices.Clone(in.Prefs)) })
}

type anglesCase struct{ A, B float64 }

var angleErrorLevel = check.Register(&check.Level[anglesCase, float64]{
	Project: Project, Number: 4, Title: "Circular decoding error", Func: "AngleError",
	Fixed: []anglesCase{{350, 10}, {10, 350}, {0, 180}, {45, 40}, {720, 0}, {-90, 90}, {190, 10}},
	Random: func(r *rand.Rand) anglesCase {
		return anglesCase{check.Uniform(r, -720, 720), check.Uniform(r, -720, 720)}
	},
	Randoms: 8,
	Judge:   check.Near(func(c anglesCase) float64 { return ref.AngleError(c.A, c.B) }, tol),
	Show:    func(c anglesCase) string { return fmt.Sprintf("a = %.6g°, b = %.6g°", c.A, c.B) },
	Hint: "Take d = |a − b| modulo 360 (math.Mod, then math.Abs), and the shorter way round: min(d, 360 − d). " +
		"350° and 10° are 20° apart, not 340°.",
})

// CheckAngleError checks Level 4: angleError(a, b) returns the circular
// distance (deg, in [0, 180]) between the directions a and b (deg).
func CheckAngleError(angleError func(a, b float64) float64) check.Result {
	return angleErrorLevel.Check(func(in anglesCase) float64 { return angleError(in.A, in.B) })
}

// likelihoodCase is the counts (spikes) of a population and the mean counts
// (spikes) of one candidate direction.
type likelihoodCase struct {
	Counts, Means []float64
}

var logLikelihoodLevel = check.Register(&check.Level[likelihoodCase, float64]{
	Project: Project, Number: 5, Title: "Poisson log-likelihood", Func: "LogLikelihood",
	Fixed: []likelihoodCase{
		{[]float64{2, 0, 1}, []float64{1, 3, 4}},
		{[]float64{0, 0}, []float64{0.5, 2}},
		{[]float64{8, 3, 0, 1}, []float64{7.5, 2.2, 0.4, 0.4}},
	},
	Random: func(r *rand.Rand) likelihoodCase {
		pop := NewPopulation(6 + r.IntN(19))
		counts := pop.Counts(check.Uniform(r, 0, 360), r)
		return likelihoodCase{counts, pop.Means([]float64{check.Uniform(r, 0, 360)})[0]}
	},
	Judge: check.Near(func(c likelihoodCase) float64 { return ref.LogLikelihood(c.Counts, c.Means) }, tol),
	Show: func(c likelihoodCase) string {
		return fmt.Sprintf("counts %v spikes, means %.4g spikes", c.Counts, c.Means)
	},
	Hint: "Σ n_i·log μ_i − μ_i with the natural log (math.Log), leaving out log(n_i!). Keep the −μ_i of every neuron, " +
		"also those with n_i = 0.",
})

// CheckLogLikelihood checks Level 5: logLikelihood(counts, means) returns
// the Poisson log-likelihood Σ n_i·log μ_i − μ_i (natural log) of the
// counts n_i given their means μ_i (spikes), without the term −Σ log n_i!.
func CheckLogLikelihood(logLikelihood func(counts, means []float64) float64) check.Result {
	return logLikelihoodLevel.Check(func(in likelihoodCase) float64 { return logLikelihood(slices.Clone(in.Counts), slices.Clone(in.Means)) })
}

// gridCase is one trial of a population at the direction S (deg), drawn
// from Seed, to decode on a grid of Step degrees, with a Gaussian prior of
// PriorWidth (deg) around PriorCentre (deg) when PriorWidth is not 0.
type gridCase struct {
	Pop                     Population
	S, Step                 float64
	Seed                    uint64
	PriorCentre, PriorWidth float64
	Counts                  []float64   `check:"derived"`
	Grid                    []float64   `check:"derived"`
	Means                   [][]float64 `check:"derived"`
	Prior                   []float64   `check:"derived"`
}

func (c gridCase) String() string {
	s := fmt.Sprintf("%v; counts %v spikes at s = %.4g°; a grid of %g° steps", c.Pop, c.Counts, c.S, c.Step)
	if c.PriorWidth > 0 {
		s += fmt.Sprintf("; a Gaussian prior of width %g° around %g°", c.PriorWidth, c.PriorCentre)
	}
	return s
}

func prepareGrid(c gridCase) gridCase {
	c.Grid = Grid(c.Step)
	c.Means = c.Pop.Means(c.Grid)
	c.Counts = c.Pop.Counts(c.S, check.NewRand(c.Seed))
	if c.PriorWidth > 0 {
		c.Prior = make([]float64, len(c.Grid))
		sum := 0.0
		for j, g := range c.Grid {
			d := wrap(g, c.PriorCentre)
			c.Prior[j] = math.Exp(-d * d / (2 * c.PriorWidth * c.PriorWidth))
			sum += c.Prior[j]
		}
		for j := range c.Prior {
			c.Prior[j] /= sum
		}
	}
	return c
}

// gridJudge accepts a direction of the grid whose log posterior is within
// 1e-9 of the best (sums in another order may break a near tie either way).
func gridJudge(c gridCase, got float64) error {
	want := ref.MAPDecode(c.Counts, c.Grid, c.Means, c.Prior)
	j := slices.Index(c.Grid, got)
	if j < 0 {
		return fmt.Errorf("got %.6g, which is not a direction of the grid; want %.6g°", got, want)
	}
	post := func(j int) float64 {
		l := ref.LogLikelihood(c.Counts, c.Means[j])
		if c.Prior != nil {
			l += math.Log(c.Prior[j])
		}
		return l
	}
	best := post(slices.Index(c.Grid, want))
	if l := post(j); l < best-1e-9*(1+math.Abs(best)) {
		return fmt.Errorf("got %.6g°, want %.6g°: its log %s is %.6g, not the largest, %.6g",
			got, want, map[bool]string{true: "posterior", false: "likelihood"}[c.Prior != nil], l, best)
	}
	return nil
}

var mlDecodeLevel = check.Register(&check.Level[gridCase, float64]{
	Project: Project, Number: 6, Title: "Maximum-likelihood decoding on a grid", Func: "MLDecode",
	Fixed: []gridCase{
		{Pop: NewPopulation(16), S: 100, Step: 2, Seed: 1},
		{Pop: NewPopulation(8), S: 355, Step: 5, Seed: 2},
		{Pop: NewPopulation(24), S: 3, Step: 1.5, Seed: 3},
	},
	Random: func(r *rand.Rand) gridCase {
		return gridCase{Pop: NewPopulation(6 + r.IntN(27)), S: check.Uniform(r, 0, 360),
			Step: []float64{1.5, 2, 2.5, 3, 4, 5}[r.IntN(6)], Seed: r.Uint64()}
	},
	Prepare: prepareGrid,
	Judge:   gridJudge,
	Show:    gridCase.String,
	Hint: "For each grid index j compute your LogLikelihood(counts, means[j]) and keep the j with the largest; " +
		"return the direction grid[j] (deg), not j.",
})

// CheckMLDecode checks Level 6: mlDecode(counts, grid, means) returns the
// direction grid[j] (deg) whose mean counts means[j] (spikes, one per
// neuron) give the counts (spikes) the largest Poisson log-likelihood.
func CheckMLDecode(mlDecode func(counts, grid []float64, means [][]float64) float64) check.Result {
	return mlDecodeLevel.Check(func(in gridCase) float64 {
		return mlDecode(slices.Clone(in.Counts), slices.Clone(in.Grid), clone2(in.Means))
	})
}

// A weak population (50 ms) and a narrow prior: the prior matters.
var mapDecodeLevel = check.Register(&check.Level[gridCase, float64]{
	Project: Project, Number: 7, Title: "MAP decoding with a prior", Func: "MAPDecode",
	Fixed: []gridCase{
		{Pop: weak(NewPopulation(8)), S: 100, Step: 2, Seed: 1, PriorCentre: 60, PriorWidth: 20},
		{Pop: weak(NewPopulation(12)), S: 350, Step: 2.5, Seed: 2, PriorCentre: 20, PriorWidth: 30},
		{Pop: NewPopulation(16), S: 200, Step: 2, Seed: 3, PriorCentre: 180, PriorWidth: 15},
	},
	Random: func(r *rand.Rand) gridCase {
		s := check.Uniform(r, 0, 360)
		return gridCase{Pop: weak(NewPopulation(6 + r.IntN(10))), S: s, Step: []float64{2, 2.5, 3, 4}[r.IntN(4)],
			Seed: r.Uint64(), PriorCentre: math.Mod(s+check.Uniform(r, -60, 60)+360, 360), PriorWidth: check.Uniform(r, 10, 40)}
	},
	Prepare: prepareGrid,
	Judge:   gridJudge,
	Show:    gridCase.String,
	Hint: "Maximise LogLikelihood(counts, means[j]) + math.Log(prior[j]) over the grid: the log of the prior, " +
		"added, not the prior itself or a product.",
})

// weak returns the population counting over 50 ms instead of its window.
func weak(p Population) Population {
	p.Window = 50
	return p
}

// CheckMAPDecode checks Level 7: mapDecode(counts, grid, means, prior)
// returns the direction grid[j] (deg) that maximises the Poisson
// log-likelihood of the counts (spikes) given means[j] (spikes) plus
// log prior[j], the prior probability of grid[j].
func CheckMAPDecode(mapDecode func(counts, grid []float64, means [][]float64, prior []float64) float64) check.Result {
	return mapDecodeLevel.Check(func(in gridCase) float64 {
		return mapDecode(slices.Clone(in.Counts), slices.Clone(in.Grid), clone2(in.Means), slices.Clone(in.Prior))
	})
}

type estimatesCase struct {
	Estimates, Truths []float64
}

var rmsErrorLevel = check.Register(&check.Level[estimatesCase, float64]{
	Project: Project, Number: 8, Title: "Compare decoders over trials", Func: "RMSError",
	Fixed: []estimatesCase{
		{[]float64{350, 20}, []float64{10, 30}},
		{[]float64{90, 95, 85, 100}, []float64{90, 90, 90, 90}},
		{[]float64{1, 359, 181}, []float64{359, 1, 180}},
	},
	Random: func(r *rand.Rand) estimatesCase {
		n := 5 + r.IntN(100)
		c := estimatesCase{make([]float64, n), make([]float64, n)}
		for k := range n {
			c.Truths[k] = check.Uniform(r, 0, 360)
			c.Estimates[k] = math.Mod(c.Truths[k]+15*r.NormFloat64()+360, 360)
		}
		return c
	},
	Judge: check.Near(func(c estimatesCase) float64 { return ref.RMSError(c.Estimates, c.Truths) }, tol),
	Show: func(c estimatesCase) string {
		return fmt.Sprintf("estimates %.4g°, true directions %.4g°", c.Estimates, c.Truths)
	},
	Hint: "Square each circular error (your AngleError, not estimate − truth), average over the trials, then take the square root.",
})

// CheckRMSError checks Level 8: rmsError(estimates, truths) returns the
// root-mean-square circular error (deg) of the estimates of the directions
// truths (deg).
func CheckRMSError(rmsError func(estimates, truths []float64) float64) check.Result {
	return rmsErrorLevel.Check(func(in estimatesCase) float64 { return rmsError(slices.Clone(in.Estimates), slices.Clone(in.Truths)) })
}

// clone2 returns a deep copy of a table, so that a learner's function that
// changes its input cannot change the case the judge reads.
func clone2[T any](x [][]T) [][]T {
	y := make([][]T, len(x))
	for i, row := range x {
		y[i] = slices.Clone(row)
	}
	return y
}
