package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/network"
)

// This file holds levels 10–19: the structure of a network. A feedforward
// chain, recurrent amplification, excitatory and inhibitory populations and
// their balance, random and sparse weights, Dale's law, the spectrum of a
// random matrix, population activity and weight normalization.

type chainCase struct {
	N int
	W float64
}

var chainLevel = check.Register(&check.Level[chainCase, [][]float64]{
	Project: Project, Number: 10, Title: "A feedforward chain", Func: "Chain",
	Fixed: []chainCase{{4, 2}, {3, 0.5}, {1, 3}},
	Random: func(r *rand.Rand) chainCase {
		return chainCase{2 + r.IntN(7), math.Round(check.Uniform(r, 0.2, 3)*100) / 100}
	},
	Judge: func(c chainCase, got [][]float64) error {
		return compareRows(got, refRows(ref.Chain(c.N, c.W)), check.Tol{})
	},
	Show: func(c chainCase) string { return fmt.Sprintf("n = %d, w = %g", c.N, c.W) },
	Hint: "Neuron i − 1 excites neuron i: the weight from i − 1 onto i is in row i, column i − 1, just below the diagonal.",
})

// CheckChain checks Level 10: chain(n, w) returns the n×n weight matrix
// (dimensionless) of a feedforward chain in which neuron i − 1 excites
// neuron i with weight w, for i = 1, …, n − 1, and nothing else connects.
func CheckChain(chain func(n int, w float64) *mat.Dense) check.Result {
	return chainLevel.Check(func(in chainCase) [][]float64 { return rowsOf(chain(in.N, in.W)) })
}

type amplificationCase struct{ W, Tau, Dt, TEnd float64 }

var amplificationLevel = check.Register(&check.Level[amplificationCase, float64]{
	Project: Project, Number: 11, Title: "Recurrent amplification", Func: "Amplification",
	Fixed: []amplificationCase{{0.5, 10, 0.1, 200}, {0.9, 10, 0.1, 100}, {0.9, 10, 0.1, 1000}, {-1, 10, 0.1, 100}},
	Random: func(r *rand.Rand) amplificationCase {
		w := math.Round(check.Uniform(r, -1, 0.95)*100) / 100
		tau := math.Round(check.Uniform(r, 5, 20))
		return amplificationCase{w, tau, []float64{0.1, 0.2, 0.5}[r.IntN(3)], math.Round(check.Uniform(r, 1, 8) * tau / (1 - w))}
	},
	Randoms: 3,
	Judge:   check.Near(func(c amplificationCase) float64 { return ref.Amplification(c.W, c.Tau, c.Dt, c.TEnd) }, simTol),
	Show: func(c amplificationCase) string {
		return fmt.Sprintf("w = %g, τ = %g ms, dt = %g ms, t_end = %g ms (τ/(1 − w) = %.4g ms)", c.W, c.Tau, c.Dt, c.TEnd, c.Tau/(1-c.W))
	},
	Hint: "Simulate one neuron, a 1×1 W holding w, with f(x) = x, from r = 0 under I = 1 Hz with your Simulate, " +
		"and return the last rate: the run may stop before reaching 1/(1 − w).",
})

// CheckAmplification checks Level 11: amplification(w, tau, dt, tEnd)
// returns the rate (Hz) at tEnd (ms) of one linear neuron with self-weight
// w and time constant tau (ms) simulated from rest under an input of 1 Hz
// with steps of dt (ms): for long runs, the amplification 1/(1 − w).
func CheckAmplification(amplification func(w, tau, dt, tEnd float64) float64) check.Result {
	return amplificationLevel.Check(func(in amplificationCase) float64 { return amplification(in.W, in.Tau, in.Dt, in.TEnd) })
}

type eiCase struct{ WEE, WEI, WIE, WII float64 }

func (c eiCase) String() string {
	return fmt.Sprintf("w_EE = %.4g, w_EI = %.4g, w_IE = %.4g, w_II = %.4g", c.WEE, c.WEI, c.WIE, c.WII)
}

// randomEI draws the four weights of an E–I pair from 0.5 to 3.
func randomEI(r *rand.Rand) eiCase {
	w := randomVector(r, 4, 0.5, 3)
	return eiCase{w[0], w[1], w[2], w[3]}
}

var eiWeightsLevel = check.Register(&check.Level[eiCase, [][]float64]{
	Project: Project, Number: 12, Title: "Two populations, E and I", Func: "EIWeights",
	Fixed:  []eiCase{{2, 2.5, 2.5, 2}, {0.5, 1, 3, 0.25}},
	Random: randomEI,
	Judge: func(c eiCase, got [][]float64) error {
		return compareRows(got, refRows(ref.EIWeights(c.WEE, c.WEI, c.WIE, c.WII)), check.Tol{})
	},
	Show: eiCase.String,
	Hint: "Row 0 is what E receives: from E (wEE) and from I (−wEI); row 1 is what I receives: from E (wIE) " +
		"and from I (−wII). Weights from the inhibitory population are negative.",
})

// CheckEIWeights checks Level 12: eiWeights(wEE, wEI, wIE, wII) returns the
// 2×2 weight matrix (dimensionless) of an excitatory population (index 0)
// and an inhibitory one (index 1), [[wEE, −wEI], [wIE, −wII]], from the
// magnitudes of the weights, wXY being the weight from Y onto X.
func CheckEIWeights(eiWeights func(wEE, wEI, wIE, wII float64) *mat.Dense) check.Result {
	return eiWeightsLevel.Check(func(in eiCase) [][]float64 { return rowsOf(eiWeights(in.WEE, in.WEI, in.WIE, in.WII)) })
}

// excInh is what Balance returns: the excitation and the inhibition (Hz).
type excInh struct{ Exc, Inh []float64 }

var balanceLevel = check.Register(&check.Level[netInputCase, excInh]{
	Project: Project, Number: 13, Title: "Excitation and inhibition in balance", Func: "Balance",
	Fixed: []netInputCase{
		{[][]float64{{1, -2, 3}, {-4, 5, -6}, {7, -8, 9}}, []float64{1, 2, 3}, []float64{1, -1, 0}},
		{[][]float64{{20, -25}, {25, -20}}, []float64{4, 3.2}, []float64{1, 0.5}},
	},
	Random: func(r *rand.Rand) netInputCase {
		n := 2 + r.IntN(5)
		return netInputCase{randomMatrix(r, n, n, 2), randomVector(r, n, 0, 30), randomVector(r, n, -10, 20)}
	},
	Judge: func(c netInputCase, got excInh) error {
		exc, inh := ref.Balance(dense(c.W), vec(c.R), vec(c.I))
		if err := check.CompareSlice(got.Exc, refValues(exc), simTol); err != nil {
			return fmt.Errorf("the excitation: %v", err)
		}
		if err := check.CompareSlice(got.Inh, refValues(inh), simTol); err != nil {
			return fmt.Errorf("the inhibition: %v", err)
		}
		return nil
	},
	Show: netInputCase.String,
	Hint: "Excitation sums W_ij·r_j over the positive weights, plus the input if it is positive; inhibition " +
		"sums −W_ij·r_j over the negative weights, plus −input if the input is negative. Both are ≥ 0.",
})

// CheckBalance checks Level 13: balance(w, r, input) returns the excitation
// and the inhibition (both ≥ 0, Hz) each neuron receives from rates r ≥ 0
// (Hz) and the external input (Hz): exc_i = Σ_j max(W_ij, 0)·r_j +
// max(input_i, 0) and inh_i = Σ_j max(−W_ij, 0)·r_j + max(−input_i, 0), so
// that exc − inh = W·r + input.
func CheckBalance(balance func(w *mat.Dense, r, input *mat.VecDense) (exc, inh *mat.VecDense)) check.Result {
	return balanceLevel.Check(func(in netInputCase) excInh {
		exc, inh := balance(dense(in.W), vec(in.R), vec(in.I))
		return excInh{valuesOf(exc), valuesOf(inh)}
	})
}

// The statistics of the random levels are sums of thousands of independent
// terms, close to normal, judged within check.NoiseZ = 6.5 standard errors:
// beyond that lies less than 1e-10 of a normal distribution, so that a right
// answer fails fewer than one check in 1e7 even with three statistics per
// case and eight cases.

type randomCase struct {
	N    int
	G    float64
	Seed uint64
}

// matrixStats summarizes the entries of a random matrix: its shape and the
// mean, sample variance and excess kurtosis of its entries.
type matrixStats struct {
	Rows, Cols               int
	Mean, Variance, Kurtosis float64
}

var randomWeightsLevel = check.Register(&check.Level[randomCase, matrixStats]{
	Project: Project, Number: 14, Title: "Random weights scaled by 1/√N", Func: "RandomWeights",
	Fixed: []randomCase{{100, 1, 1}, {200, 1.5, 2}, {150, 0.5, 3}},
	Random: func(r *rand.Rand) randomCase {
		return randomCase{100 + r.IntN(101), check.Uniform(r, 0.5, 2), r.Uint64()}
	},
	Randoms: 2,
	// The mean, the variance and the excess kurtosis of the N² ≥ 10 000
	// entries are near-normal statistics; judged at check.NoiseZ = 6.5
	// standard errors each, a right answer fails with a probability below
	// 1e-9 per statistic, below 2e-8 per check of 5 cases.
	Judge: func(c randomCase, got matrixStats) error {
		if got.Rows != c.N || got.Cols != c.N {
			return fmt.Errorf("got a %d×%d matrix, want %d×%d", got.Rows, got.Cols, c.N, c.N)
		}
		m := c.N * c.N
		variance := c.G * c.G / float64(c.N)
		if err := check.WithinSE(got.Mean, 0, check.MeanSE(variance, m), check.NoiseZ); err != nil {
			return fmt.Errorf("the mean of the entries: %v", err)
		}
		if err := check.WithinSE(got.Variance, variance, check.NormalVarianceSE(variance, m), check.NoiseZ); err != nil {
			return fmt.Errorf("the variance of the entries, g²/N: %v", err)
		}
		// The sample excess kurtosis of m normal values has a standard
		// error close to √(24/m).
		if err := check.WithinSE(got.Kurtosis, 0, math.Sqrt(24/float64(m)), check.NoiseZ); err != nil {
			return fmt.Errorf("the excess kurtosis of the entries, 0 for a normal distribution: %v", err)
		}
		return nil
	},
	Show: func(c randomCase) string { return fmt.Sprintf("N = %d, g = %.4g, seed %d", c.N, c.G, c.Seed) },
	Hint: "Each entry is g·rng.NormFloat64()/√N: normal (not uniform), of standard deviation g/√N, so of variance g²/N.",
})

// CheckRandomWeights checks Level 14: randomWeights(n, g, rng) returns an
// n×n matrix (dimensionless) of independent normal entries of mean 0 and
// standard deviation g/√n, drawn from rng. The check judges the mean, the
// variance and the kurtosis of the entries.
func CheckRandomWeights(randomWeights func(n int, g float64, rng *rand.Rand) *mat.Dense) check.Result {
	return randomWeightsLevel.Check(func(in randomCase) matrixStats {
		w := randomWeights(in.N, in.G, check.NewRand(in.Seed))
		if w == nil {
			return matrixStats{}
		}
		var s matrixStats
		s.Rows, s.Cols = w.Dims()
		entries := make([]float64, 0, s.Rows*s.Cols)
		for _, row := range rowsOf(w) {
			entries = append(entries, row...)
		}
		if len(entries) > 1 {
			s.Mean, s.Variance = stat.MeanVariance(entries, nil)
			s.Kurtosis = stat.ExKurtosis(entries, nil)
		}
		return s
	})
}

type daleCase struct {
	W          [][]float64
	Excitatory []bool
}

var daleLevel = check.Register(&check.Level[daleCase, [][]float64]{
	Project: Project, Number: 15, Title: "Dale's law", Func: "Dale",
	Fixed: []daleCase{
		{[][]float64{{1, -2, 3}, {-4, 5, -6}, {7, -8, 9}}, []bool{true, false, true}},
		{[][]float64{{0.5, 0.5}, {-0.5, -0.5}}, []bool{false, true}},
	},
	Random: func(r *rand.Rand) daleCase {
		n := 2 + r.IntN(5)
		c := daleCase{randomMatrix(r, n, n, 1), make([]bool, n)}
		for j := range c.Excitatory {
			c.Excitatory[j] = r.IntN(5) > 0
		}
		return c
	},
	Judge: func(c daleCase, got [][]float64) error {
		return compareRows(got, refRows(ref.Dale(dense(c.W), c.Excitatory)), check.Tol{})
	},
	Show: func(c daleCase) string {
		return fmt.Sprintf("W = %s, excitatory %v", showMatrix(c.W), c.Excitatory)
	},
	Hint: "A neuron's outgoing weights are in its column: column j is what neuron j sends. Make column j " +
		"|W_ij| if j is excitatory and −|W_ij| if not; mat.Dense's Apply visits every entry with its i and j.",
})

// CheckDale checks Level 15: dale(w, excitatory) returns w with the signs of
// Dale's law: every weight from an excitatory neuron j (excitatory[j]) is
// |W_ij| and every weight from an inhibitory one is −|W_ij|
// (dimensionless).
func CheckDale(dale func(w *mat.Dense, excitatory []bool) *mat.Dense) check.Result {
	return daleLevel.Check(func(in daleCase) [][]float64 { return rowsOf(dale(dense(in.W), slices.Clone(in.Excitatory))) })
}

// A spectralCase is a random matrix of RandomWeights(N, G) drawn from the
// generator of Seed; Prepare draws it.
type spectralCase struct {
	N    int
	G    float64
	Seed uint64
	W    [][]float64 `check:"derived"`
}

var spectralRadiusLevel = check.Register(&check.Level[spectralCase, float64]{
	Project: Project, Number: 16, Title: "The spectral radius of a random matrix", Func: "SpectralRadius",
	Fixed: []spectralCase{{N: 40, G: 1, Seed: 1}, {N: 50, G: 1.5, Seed: 2}, {N: 30, G: 0.5, Seed: 3}},
	Random: func(r *rand.Rand) spectralCase {
		return spectralCase{N: 20 + r.IntN(60), G: check.Uniform(r, 0.3, 2), Seed: r.Uint64()}
	},
	Randoms: 2,
	Prepare: func(c spectralCase) spectralCase {
		c.W = refRows(ref.RandomWeights(c.N, c.G, check.NewRand(c.Seed)))
		return c
	},
	Judge: check.Near(func(c spectralCase) float64 { return ref.SpectralRadius(dense(c.W)) }, simTol),
	Show: func(c spectralCase) string {
		return fmt.Sprintf("W: %d×%d, entries of standard deviation %.4g/√%d, seed %d", c.N, c.N, c.G, c.N, c.Seed)
	},
	Hint: "The spectral radius is the largest modulus |λ| = cmplx.Abs(λ) of the eigenvalues, not the largest real part.",
})

// CheckSpectralRadius checks Level 16: spectralRadius(w) returns the largest
// modulus of the eigenvalues of w (dimensionless). The checks use random
// matrices.
func CheckSpectralRadius(spectralRadius func(w *mat.Dense) float64) check.Result {
	return spectralRadiusLevel.Check(func(in spectralCase) float64 { return spectralRadius(dense(in.W)) })
}

type trajectoryCase struct{ Rates [][]float64 }

var populationRateLevel = check.Register(&check.Level[trajectoryCase, []float64]{
	Project: Project, Number: 17, Title: "Population activity over time", Func: "PopulationRate",
	Fixed: []trajectoryCase{
		{[][]float64{{1, 2, 3}, {4, 5, 6}, {0, 0, 0}}},
		{[][]float64{{10}, {20}}},
	},
	Random: func(r *rand.Rand) trajectoryCase {
		c := trajectoryCase{make([][]float64, 10+r.IntN(190))}
		n := 2 + r.IntN(19)
		for k := range c.Rates {
			c.Rates[k] = randomVector(r, n, 0, 50)
		}
		return c
	},
	Judge: check.NearSlice(func(c trajectoryCase) []float64 {
		traj := make([]*mat.VecDense, len(c.Rates))
		for k, r := range c.Rates {
			traj[k] = vec(r)
		}
		return ref.PopulationRate(traj)
	}, simTol),
	Show: func(c trajectoryCase) string { return fmt.Sprintf("rates %.4g Hz", c.Rates) },
	Hint: "At each time, the mean over the neurons: mat.Sum(r) divided by r.Len().",
})

// CheckPopulationRate checks Level 17: populationRate(traj) returns, for
// each vector of rates (Hz) in traj, the mean rate over the neurons (Hz).
func CheckPopulationRate(populationRate func(traj []*mat.VecDense) []float64) check.Result {
	return populationRateLevel.Check(func(in trajectoryCase) []float64 {
		traj := make([]*mat.VecDense, len(in.Rates))
		for k, r := range in.Rates {
			traj[k] = vec(r)
		}
		return populationRate(traj)
	})
}

type sparseCase struct {
	N    int
	P, W float64
	Seed uint64
}

// sparseStats summarizes a sparse weight matrix: its shape, the number of
// connections between different neurons, of self-connections, and of
// entries that are neither 0 nor the weight.
type sparseStats struct {
	Rows, Cols, Links, SelfLinks, Others int
}

var sparseWeightsLevel = check.Register(&check.Level[sparseCase, sparseStats]{
	Project: Project, Number: 18, Title: "Sparse connectivity", Func: "SparseWeights",
	Fixed: []sparseCase{{100, 0.1, 0.5, 1}, {200, 0.05, 1, 2}, {60, 0.3, 0.2, 3}},
	Random: func(r *rand.Rand) sparseCase {
		return sparseCase{50 + r.IntN(151), check.Uniform(r, 0.05, 0.3), check.Uniform(r, 0.1, 1), r.Uint64()}
	},
	Randoms: 5,
	// The number of connections is binomial, of mean at least
	// 50·49·0.05 = 122.5. Summed exactly, its two tails beyond 6.5 standard
	// errors hold 8.5e-10 at that smallest mean (N = 50, p = 0.05) and less
	// elsewhere: a right answer fails fewer than one check of 8 cases in 1e8.
	Judge: func(c sparseCase, got sparseStats) error {
		if got.Rows != c.N || got.Cols != c.N {
			return fmt.Errorf("got a %d×%d matrix, want %d×%d", got.Rows, got.Cols, c.N, c.N)
		}
		if got.SelfLinks > 0 {
			return fmt.Errorf("%d neurons connect to themselves, want none: leave the diagonal at 0", got.SelfLinks)
		}
		if got.Others > 0 {
			return fmt.Errorf("%d entries are neither 0 nor the weight %g", got.Others, c.W)
		}
		// The number of connections is binomial: m = N(N − 1) pairs, each
		// present with probability p.
		m := float64(c.N * (c.N - 1))
		if err := check.WithinSE(float64(got.Links), m*c.P, math.Sqrt(m*c.P*(1-c.P)), check.NoiseZ); err != nil {
			return fmt.Errorf("the number of connections, p·N·(N − 1) on average: %v", err)
		}
		return nil
	},
	Show: func(c sparseCase) string {
		return fmt.Sprintf("N = %d, p = %.4g, w = %.4g, seed %d", c.N, c.P, c.W, c.Seed)
	},
	Hint: "For each ordered pair i ≠ j, connect with weight w if rng.Float64() < p. Skip i == j: no self-connections.",
})

// CheckSparseWeights checks Level 18: sparseWeights(n, p, w, rng) returns an
// n×n matrix in which each connection between two different neurons exists
// with probability p, independently, drawn from rng, with weight w
// (dimensionless); no neuron connects to itself. The check judges the
// number of connections.
func CheckSparseWeights(sparseWeights func(n int, p, w float64, rng *rand.Rand) *mat.Dense) check.Result {
	return sparseWeightsLevel.Check(func(in sparseCase) sparseStats {
		m := sparseWeights(in.N, in.P, in.W, check.NewRand(in.Seed))
		if m == nil {
			return sparseStats{}
		}
		var s sparseStats
		s.Rows, s.Cols = m.Dims()
		for i, row := range rowsOf(m) {
			for j, v := range row {
				switch {
				case v == 0:
				case v != in.W:
					s.Others++
				case i == j:
					s.SelfLinks++
				default:
					s.Links++
				}
			}
		}
		return s
	})
}

type normalizeCase struct {
	W     [][]float64
	Total float64
}

var normalizeRowsLevel = check.Register(&check.Level[normalizeCase, [][]float64]{
	Project: Project, Number: 19, Title: "Weight normalization", Func: "NormalizeRows",
	Fixed: []normalizeCase{
		{[][]float64{{1, 3}, {2, 2}}, 2},
		{[][]float64{{0.1, 0.2, 0.7}, {1, 0, 0}, {0.5, 0.25, 0.25}}, 1},
	},
	Random: func(r *rand.Rand) normalizeCase {
		n := 2 + r.IntN(5)
		c := normalizeCase{make([][]float64, n), math.Round(check.Uniform(r, 0.5, 3)*100) / 100}
		for i := range c.W {
			c.W[i] = randomVector(r, n, 0, 1)
			c.W[i][r.IntN(n)] += 0.1
		}
		return c
	},
	Judge: func(c normalizeCase, got [][]float64) error {
		return compareRows(got, refRows(ref.NormalizeRows(dense(c.W), c.Total)), check.Exact)
	},
	Show: func(c normalizeCase) string { return fmt.Sprintf("W = %s, total = %g", showMatrix(c.W), c.Total) },
	Hint: "Row i holds the weights onto neuron i: divide it by its sum (mat.Sum(w.RowView(i))) and multiply by total. " +
		"Columns are what a neuron sends, not what it receives.",
})

// CheckNormalizeRows checks Level 19: normalizeRows(w, total) returns w
// (dimensionless, entries ≥ 0) with each row scaled so that it sums to
// total: every neuron receives the same total weight.
func CheckNormalizeRows(normalizeRows func(w *mat.Dense, total float64) *mat.Dense) check.Result {
	return normalizeRowsLevel.Check(func(in normalizeCase) [][]float64 { return rowsOf(normalizeRows(dense(in.W), in.Total)) })
}
