package plasticity

import (
	"math"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/plasticity/inputs"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// corr08 has eigenvalues 1 ± 0.8 with eigenvectors (1, 1)/√2 and
// (1, −1)/√2.
var corr08 = [][]float64{{1, 0.8}, {0.8, 1}}

func TestEigenOfACorrelationMatrix(t *testing.T) {
	values, vectors := Eigen(corr08)
	if !near(values[0], 1.8, 1e-12) || !near(values[1], 0.2, 1e-12) {
		t.Errorf("eigenvalues %v, want 1.8 and 0.2", values)
	}
	s := 1 / math.Sqrt2
	if !near(vectors[0][0], s, 1e-12) || !near(vectors[0][1], s, 1e-12) {
		t.Errorf("principal eigenvector %v, want (1, 1)/√2", vectors[0])
	}
	if !near(math.Abs(vectors[1][0]), s, 1e-12) || !near(vectors[1][0], -vectors[1][1], 1e-12) {
		t.Errorf("second eigenvector %v, want ±(1, −1)/√2", vectors[1])
	}
}

// The samples have the covariance they are drawn with: over 20000 samples
// each entry of the sample covariance is within 4 standard errors (about
// √((1 + c²)/n) ≤ 0.01) of the matrix's.
func TestSamples(t *testing.T) {
	c := Covariance(inputs.Samples(corr08, 20000, 1))
	for i := range 2 {
		for j := range 2 {
			if !near(c[i][j], corr08[i][j], 0.04) {
				t.Errorf("sample covariance %v, want %v", c, corr08)
			}
		}
	}
}

// Plain Hebb on this data grows about as (1 + η·1.8) per sample once the
// weights lie along the principal direction: the mean of w·x·x·w/|w|² is
// the eigenvalue 1.8.
func TestHebbRunsAway(t *testing.T) {
	xs := inputs.Samples(corr08, 2000, 2)
	norms := HebbNorms([]float64{0.3, 0.1}, xs, 0.005)
	rate := (math.Log(norms[2000]) - math.Log(norms[1000])) / 1000
	if want := math.Log1p(0.005 * 1.8); !near(rate, want, 0.1*want) {
		t.Errorf("growth rate of ln|w| per sample %.5f, want ln(1 + η·1.8) = %.5f within 10 %%", rate, want)
	}
}

// Oja on zero-mean data of covariance [[1, 0.8], [0.8, 1]]: |w| → 1 and w
// within 3° of ±(1, 1)/√2, the eigenvector of eigenvalue 1.8.
func TestOjaFindsThePrincipalComponent(t *testing.T) {
	for seed := range uint64(5) {
		ws := OjaRun([]float64{0.3, -0.2}, inputs.Samples(corr08, 5000, seed), 0.005)
		w := ws[len(ws)-1]
		if n := Norm(w); !near(n, 1, 0.02) {
			t.Errorf("seed %d: |w| = %.4f, want 1 within 0.02", seed, n)
		}
		t.Logf("seed %d: |w| = %.4f, %.3f° from (1, 1)", seed, Norm(w), Angle(w, []float64{1, 1}))
		if a := Angle(w, []float64{1, 1}); a > 3 {
			t.Errorf("seed %d: w = %.4f is %.2f° from (1, 1)/√2, want within 3°", seed, w, a)
		}
	}
}

// Normalizing every Hebbian step keeps |w| = 1; Oja's rule, its first
// order in η, keeps it within O(η) of 1.
func TestNormalization(t *testing.T) {
	w := []float64{0.6, 0.8}
	for _, x := range inputs.Samples(corr08, 500, 3) {
		w = NormalizedHebbStep(w, x, 0.01)
	}
	if !near(Norm(w), 1, 1e-12) {
		t.Errorf("|w| = %.15f after normalized steps, want 1", Norm(w))
	}
}

// BCM with θ = ⟨y²⟩/y0 and two orthogonal patterns shown with probability
// 1/2: in the selective state y = a for one pattern and 0 for the other,
// θ = a²/(2·y0), and the weight stops moving when a = θ, so a = 2·y0. The
// run's mean response over its last half must be within 5 % of 2·y0 and
// the other response within 1 % of y0 of 0.
func TestBCMSelectivity(t *testing.T) {
	for _, y0 := range []float64{0.5, 1} {
		rng := inputs.NewRand(4)
		order := make([]int, 20000)
		for k := range order {
			order[k] = rng.IntN(2)
		}
		patterns := [][]float64{{1, 0}, {0, 1}}
		ws, _ := BCMRun([]float64{0.5 * y0, 0.4 * y0}, patterns, order, 0.005/y0, 5, y0, 0)
		var a, b float64
		for _, w := range ws[10000:] {
			a += w[0] / 10000
			b += w[1] / 10000
		}
		t.Logf("y0 = %g: responses %.4f and %.4g", y0, a, b)
		if !near(a, 2*y0, 0.05*2*y0) || !near(b, 0, 0.01*y0) {
			t.Errorf("y0 = %g: responses %.4f and %.4f, want 2·y0 = %g and 0", y0, a, b, 2*y0)
		}
	}
}

// The window of A₊ = 0.01, A₋ = 0.0105, τ = 20 ms at ±10 ms:
// 0.01·e^(−1/2) = 0.0060653066 and −0.0105·e^(−1/2) = −0.0063685719.
func TestWindowValues(t *testing.T) {
	p := DefaultSTDP()
	if got := Window(p, 10); !near(got, 0.0060653066, 1e-10) {
		t.Errorf("W(+10 ms) = %.10f, want 0.0060653066", got)
	}
	if got := Window(p, -10); !near(got, -0.0063685719, 1e-10) {
		t.Errorf("W(−10 ms) = %.10f, want −0.0063685719", got)
	}
	if Window(p, 0) != 0 {
		t.Error("W(0) must be 0")
	}
	// 60 pairs at +10 ms from 0.5: 0.5 + 60·0.0060653 = 0.8639.
	if ws := Pairing(p, 0.5, 10, 60, 1); !near(ws[60], 0.5+60*0.0060653066, 1e-8) {
		t.Errorf("60 pairs at +10 ms: %.6f", ws[60])
	}
	if ws := Pairing(p, 0.5, 2, 100, 1); ws[100] != 1 {
		t.Errorf("100 pairs at +2 ms must saturate at w_max = 1, got %g", ws[100])
	}
}

// Traces give the all-to-all pair sum to rounding: Σ_i Σ_j W(t_j − s_i)
// factorizes into the exponential traces.
func TestTracesEqualThePairSum(t *testing.T) {
	for seed := range uint64(10) {
		rng := inputs.NewRand(seed)
		p := STDP{0.005 + 0.01*rng.Float64(), 0.005 + 0.01*rng.Float64(), 10 + 20*rng.Float64(), 10 + 30*rng.Float64()}
		pre, post := inputs.PoissonTrain(5+40*rng.Float64(), 5000, rng), inputs.PoissonTrain(5+40*rng.Float64(), 5000, rng)
		got, want := TraceSTDP(p, pre, post), PairSum(p, pre, post)
		if !near(got, want, 1e-12+1e-10*math.Abs(want)) {
			t.Errorf("seed %d: traces %.15g, pair sum %.15g", seed, got, want)
		}
	}
	if TraceSTDP(DefaultSTDP(), []float64{10}, []float64{20}) != Window(DefaultSTDP(), 10) {
		t.Error("one pair by traces must be the window")
	}
}

// The drift of independent Poisson trains at rates a and b (per ms) over a
// time T: the mean change is a·b·T·∫W, ∫W = A₊τ₊ − A₋τ₋, and its variance,
// from the law of total variance, T·(a·b·∫W² + (a²·b + a·b²)·(∫W)²) with
// ∫W² = (A₊²τ₊ + A₋²τ₋)/2. Over 2000 s at 20 Hz each the simulated drift
// must be within 4 standard errors of r_pre·r_post·(A₊τ₊ − A₋τ₋) (a right
// simulation fails one run in 15000; this seed is fixed), and the wrong
// sign of the drift 2 standard errors away on the other side must not be.
func TestDriftOfPoissonTrains(t *testing.T) {
	p := DefaultSTDP()
	const rate, duration = 20.0, 2e6 // Hz, ms
	a := rate / 1000
	intW := p.APlus*p.TauPlus - p.AMinus*p.TauMinus
	intW2 := (p.APlus*p.APlus*p.TauPlus + p.AMinus*p.AMinus*p.TauMinus) / 2
	se := math.Sqrt(duration*(a*a*intW2+2*a*a*a*intW*intW)) / (duration / 1000) // per s
	want := Drift(p, rate, rate)
	if !near(want, 400*(-0.01)/1000, 1e-15) {
		t.Fatalf("Drift = %g /s, want 20·20·(0.2 − 0.21)/1000 = −0.004", want)
	}
	var sum float64
	const runs = 4
	for seed := range uint64(runs) {
		rng := inputs.NewRand(100 + seed)
		pre, post := inputs.PoissonTrain(rate, duration, rng), inputs.PoissonTrain(rate, duration, rng)
		got := TraceSTDP(p, pre, post) / (duration / 1000)
		if !near(got, want, 4*se) {
			t.Errorf("seed %d: drift %.5f /s, want %.5f ± %.5f", seed, got, want, 4*se)
		}
		sum += got / runs
	}
	t.Logf("drift %.5f /s over %d runs, want %.5f, SE of one run %.5f", sum, runs, want, se)
	if !near(sum, want, 4*se/2) || near(sum, -want, 2*se/2) {
		t.Errorf("mean drift of %d runs %.5f /s, want %.5f ± %.5f", runs, sum, want, 2*se)
	}
}

// Correlated inputs win: with a correlated group of 10 and 10 independent
// inputs, additive STDP drives the correlated weights to w_max and leaves
// the independent ones lower; without correlations, additive STDP splits
// the weights toward the bounds while soft bounds keep them unimodal near
// the middle.
func TestCompetition(t *testing.T) {
	p := DefaultSTDP()
	in := inputs.GroupInputs(20, 10, 50000, 10, 0.5, 1, 4)
	w := Compete(p, in, slices.Repeat([]float64{0.5}, 20), 2, 1, 1, false)
	var a, b float64
	for i := range 10 {
		a += w[i] / 10
		b += w[10+i] / 10
	}
	t.Logf("competition: correlated %.3f, independent %.3f", a, b)
	if a < 0.95 || b > 0.7 {
		t.Errorf("mean weights: correlated %.3f, independent %.3f; want above 0.95 and below 0.7", a, b)
	}
	in = inputs.GroupInputs(100, 0, 100000, 10, 0, 1, 5)
	middle := func(w []float64) int {
		n := 0
		for _, v := range w {
			if v > 0.25 && v < 0.75 {
				n++
			}
		}
		return n
	}
	if n := middle(Compete(p, in, slices.Repeat([]float64{0.5}, 100), 1.5, 1, 1, false)); n > 20 {
		t.Errorf("additive STDP: %d of 100 weights between 0.25 and 0.75, want at most 20", n)
	}
	if n := middle(Compete(p, in, slices.Repeat([]float64{0.5}, 100), 1.5, 1, 1, true)); n < 95 {
		t.Errorf("soft-bounded STDP: %d of 100 weights between 0.25 and 0.75, want at least 95", n)
	}
}

// Scaling and threshold adaptation bring the rate to the target.
func TestHomeostasis(t *testing.T) {
	rates := ScalingRun([]float64{0.5, 1, 0.2}, []float64{10, 20, 5}, 1, 5, 0.1, 200)
	if !near(rates[200], 5, 1e-6) {
		t.Errorf("scaled rate %g Hz, want the target 5 Hz", rates[200])
	}
	drive := make([]float64, 20000)
	for k, z := range inputs.Samples([][]float64{{1}}, len(drive), 1) {
		drive[k] = 2 + z[0]
	}
	thetas := AdaptThreshold(drive, 0, 10, 5, 0.01)
	var mean float64
	for k := 10000; k < 20000; k++ {
		mean += 10 * max(0, drive[k]-thetas[k]) / 10000
	}
	if !near(mean, 5, 0.25) {
		t.Errorf("mean rate after adaptation %.3f Hz, want the target 5 Hz within 5 %%", mean)
	}
}

// A few random patterns in a large network are fixed points, and a cue
// with 20 % of its units flipped is restored.
func TestRecall(t *testing.T) {
	rng := inputs.NewRand(5)
	patterns := make([][]float64, 3)
	for k := range patterns {
		patterns[k] = make([]float64, 200)
		for i := range patterns[k] {
			patterns[k][i] = float64(2*rng.IntN(2) - 1)
		}
	}
	for k, xi := range patterns {
		cue := slices.Clone(xi)
		for i := range cue {
			if rng.Float64() < 0.2 {
				cue[i] = -cue[i]
			}
		}
		if got := Recall(patterns, cue); !slices.Equal(got, xi) {
			t.Errorf("pattern %d not recalled", k)
		}
	}
}

// Structural plasticity settles where the rate meets the target: over the
// second half of the run the mean rate is within 10 % of it.
func TestStructuralSettles(t *testing.T) {
	g := Growth{Gain: 1, Target: 20, WInit: 1, WFloor: 0.5, Sigma: 0.1, Relax: 0.02, Rate: 0.05}
	noise, u := inputs.GrowthNoise(2000, 100, 7)
	rates, counts := Structural(g, noise, u)
	var rate, count float64
	for k := 1000; k < 2000; k++ {
		rate += rates[k] / 1000
		count += float64(counts[k]) / 1000
	}
	t.Logf("structural: mean rate %.2f Hz, mean count %.1f", rate, count)
	if !near(rate, 20, 2) {
		t.Errorf("mean rate %.2f Hz, want the target 20 Hz within 10 %%", rate)
	}
	if count < 10 || count > 30 {
		t.Errorf("mean count %.1f synapses, want about 20 (rate/gain/w_init)", count)
	}
}

// Sanger's rule with two outputs on the 3-D covariance
// [[3, 1, 0.5], [1, 2, 0.3], [0.5, 0.3, 1]] finds gonum's first two
// eigenvectors, up to sign, within 5°, and unit length within 0.05.
func TestSangerFindsTwoComponents(t *testing.T) {
	cov := [][]float64{{3, 1, 0.5}, {1, 2, 0.3}, {0.5, 0.3, 1}}
	_, vectors := Eigen(cov)
	for seed := range uint64(3) {
		w := Sanger([][]float64{{0.1, 0.2, -0.1}, {-0.2, 0.1, 0.1}}, inputs.Samples(cov, 40000, seed), 0.0005)
		for j := range 2 {
			t.Logf("seed %d, output %d: %.3f° from eigenvector, |w| = %.4f", seed, j, Angle(w[j], vectors[j]), Norm(w[j]))
			if a := Angle(w[j], vectors[j]); a > 5 || !near(Norm(w[j]), 1, 0.05) {
				t.Errorf("seed %d, output %d: w = %.4f, %.2f° from eigenvector %.4f", seed, j, w[j], a, vectors[j])
			}
		}
	}
}
