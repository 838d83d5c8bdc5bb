package decoding

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurogo/course/neuro/internal/coding"
	"gonum.org/v1/gonum/mat"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6g, want %.6g ± %g", what, got, want, tol)
	}
}

func TestDecodersByHand(t *testing.T) {
	prefs := []float64{0, 90, 180, 270}
	near(t, "CenterOfMass", CenterOfMass([]float64{1, 3, 0, 0}, prefs), 67.5, 1e-12)
	// Near the wrap the centre of mass is far off; the population vector is not.
	near(t, "CenterOfMass across 0°", CenterOfMass([]float64{5, 0, 0, 5}, prefs), 135, 1e-12)
	near(t, "PopulationVector across 0°", PopulationVector([]float64{5, 0, 0, 5}, prefs), 315, 1e-9)
	near(t, "WinnerTakeAll", WinnerTakeAll([]float64{2, 7, 7, 1}, prefs), 90, 0)
	// log L = Σ n log μ − μ: 2 log 1 − 1 + 0 − 3 + 1·log 4 − 4.
	near(t, "LogLikelihood", LogLikelihood([]float64{2, 0, 1}, []float64{1, 3, 4}), math.Log(4)-8, 1e-12)
	near(t, "Wrap(350, 10)", Wrap(350, 10), -20, 1e-12)
	near(t, "Wrap(10, 350)", Wrap(10, 350), 20, 1e-12)
	near(t, "RMSError", RMSError([]float64{350, 20}, []float64{10, 30}), math.Sqrt((400+100)/2.0), 1e-12)
	// The rates of a circular population agree with Project 7's Gaussian
	// tuning at the wrapped difference.
	r := CircularRates(350, []float64{10, 170}, 30, 2, 40)
	near(t, "rate 20° from pref", r[0], 2+40*math.Exp(-400.0/1800), 1e-12)
	near(t, "rate 180° from pref", r[1], 2+40*math.Exp(-180.0*180/1800), 1e-12)
}

// Maximum likelihood finds the true direction from noiseless mean counts,
// and a prior concentrated on one direction wins against weak evidence.
func TestMLAndMAP(t *testing.T) {
	prefs := coding.Preferred(12, 0, 360)
	grid := coding.Preferred(360, 0, 360)
	means := MeanCounts(grid, prefs, 30, 2, 40, 200)
	for _, s := range []float64{0, 37, 181, 359} {
		near(t, "ML of the mean counts", MLDecode(means[int(s)], grid, means), s, 0)
	}
	prior := make([]float64, len(grid))
	for j := range prior {
		prior[j] = 1e-9
	}
	prior[90] = 1
	weak := MeanCounts([]float64{100}, prefs, 30, 2, 40, 5)[0]
	near(t, "MAP with a sharp prior", MAPDecode(weak, grid, MeanCounts(grid, prefs, 30, 2, 40, 5), prior), 90, 0)
}

// The maximum-likelihood error of a large population approaches the
// Cramér–Rao bound 1/√I_F of Project 7's PopulationFisher within 10 %; the
// population vector's error stays clearly above it.
func TestMLApproachesCramerRao(t *testing.T) {
	prefs := coding.Preferred(64, 0, 360)
	_, bound := coding.PopulationFisher(180, prefs, 30, 2, 40, 200)
	var grid []float64
	for x := 160.0; x <= 200; x += 0.02 {
		grid = append(grid, x)
	}
	ml := MLError(180, prefs, 30, 2, 40, 200, grid, 2000, rand.New(rand.NewPCG(1, 2)))
	if math.Abs(ml/bound-1) > 0.1 {
		t.Errorf("ML error %.4g°, Cramér–Rao bound %.4g°: ratio %.4g", ml, bound, ml/bound)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	truth := MeanCounts([]float64{180}, prefs, 30, 2, 40, 200)[0]
	var est, truths []float64
	for range 2000 {
		est = append(est, PopulationVector(Counts(truth, rng), prefs))
		truths = append(truths, 180)
	}
	pv := RMSError(est, truths)
	if pv < 1.1*bound {
		t.Errorf("population vector error %.4g°, bound %.4g°: expected clearly above", pv, bound)
	}
	t.Logf("N = 64: bound %.4g°, ML %.4g°, PV %.4g°", bound, ml, pv)
}

// AUC = Φ(d′/√2) for equal-variance Gaussians: 0.7602 at d′ = 1 and 0.9214
// at d′ = 2 (tables of the normal distribution: Φ(0.7071) = 0.7602,
// Φ(1.4142) = 0.9214). The area under the empirical ROC of 4000 Gaussian
// samples each and the two-alternative accuracy agree with it within 0.01,
// and with each other exactly (the Mann–Whitney identity).
func TestAUCAndDPrime(t *testing.T) {
	near(t, "AUC at d′ = 1", AUCFromDPrime(1), 0.7602, 5e-5)
	near(t, "AUC at d′ = 2", AUCFromDPrime(2), 0.9214, 5e-5)
	near(t, "AUC at d′ = 0", AUCFromDPrime(0), 0.5, 1e-15)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []float64{1, 2} {
		a, b := make([]float64, 4000), make([]float64, 4000)
		for k := range a {
			a[k] = math.Round(10 * rng.NormFloat64()) // rounded: ties, as counts have
			b[k] = math.Round(10 * (d + rng.NormFloat64()))
		}
		near(t, "d′ from samples", DPrime(a, b), d, 0.1)
		auc := AUC(ROC(a, b))
		near(t, "AUC from samples", auc, AUCFromDPrime(d), 0.01)
		near(t, "2AFC accuracy − AUC", TwoAFC(a, b), auc, 1e-12)
	}
	fpr, tpr := ROC([]float64{1, 2, 2}, []float64{2, 3})
	want := [][2]float64{{0, 0}, {0, 0.5}, {2.0 / 3, 1}, {1, 1}}
	for k, w := range want {
		if fpr[k] != w[0] || tpr[k] != w[1] {
			t.Errorf("ROC point %d = (%g, %g), want %v", k, fpr[k], tpr[k], w)
		}
	}
}

// The entropy of a uniform distribution over n outcomes is log₂ n bits; a
// Poisson count of large mean μ has nearly the entropy of a Gaussian of
// variance μ, ½ log₂(2πeμ), and a Poisson count of mean 1 the value of the
// series summed by hand (1.8825 bits: Σ e⁻¹/n!·log₂(e·n!)).
func TestEntropy(t *testing.T) {
	for _, n := range []int{1, 2, 8, 10} {
		p := make([]float64, n)
		for k := range p {
			p[k] = 1 / float64(n)
		}
		near(t, "entropy of uniform", Entropy(p), math.Log2(float64(n)), 1e-12)
	}
	near(t, "entropy with zeros", Entropy([]float64{0.5, 0, 0.5}), 1, 1e-15)
	near(t, "Poisson entropy, mean 1000", PoissonEntropy(1000), 0.5*math.Log2(2*math.Pi*math.E*1000), 1e-3)
	h, fact := 0.0, 1.0
	for n := range 40 {
		if n > 0 {
			fact *= float64(n)
		}
		p := math.Exp(-1) / fact
		h += p * math.Log2(math.E*fact)
	}
	near(t, "Poisson entropy, mean 1", PoissonEntropy(1), h, 1e-12)
	near(t, "Poisson entropy, mean 1 (rounded)", PoissonEntropy(1), 1.8825, 1e-4)
}

// The binary symmetric channel with flip probability 0.1 and a uniform
// input carries 1 − H₂(0.1) = 0.5310 bits; the plug-in estimate from 20000
// samples comes within 0.01 bits of it.
func TestBinarySymmetricChannel(t *testing.T) {
	joint := [][]float64{{0.45, 0.05}, {0.05, 0.45}}
	h2 := -0.1*math.Log2(0.1) - 0.9*math.Log2(0.9)
	near(t, "I of the channel", MutualInfo(joint), 1-h2, 1e-12)
	near(t, "I of the channel (rounded)", MutualInfo(joint), 0.5310, 1e-4)
	near(t, "H(R|S)", ConditionalEntropy(joint), h2, 1e-12)
	near(t, "I/H(S)", InfoFraction(joint), 1-h2, 1e-12)
	near(t, "I of independent", MutualInfo([][]float64{{0.1, 0.4}, {0.1, 0.4}}), 0, 1e-15)
	near(t, "I of a copy", InfoFraction([][]float64{{0.3, 0}, {0, 0.7}}), 1, 1e-12)
	rng := rand.New(rand.NewPCG(7, 8))
	s, r := make([]int, 20000), make([]int, 20000)
	for k := range s {
		s[k] = rng.IntN(2)
		r[k] = s[k]
		if rng.Float64() < 0.1 {
			r[k] = 1 - s[k]
		}
	}
	near(t, "plug-in I of 20000 samples", MutualInfo(JointDistribution(s, r, 2, 2)), 1-h2, 0.01)
}

// For independent stimuli and responses the plug-in information of 100
// samples is biased upward, by about (ns − 1)(nr − 1)/(2N ln 2) bits; the
// shuffle correction brings its mean over 200 data sets within its
// standard error of 0.
func TestShuffleCorrection(t *testing.T) {
	const ns, nr, n, sets = 4, 6, 100, 200
	rng := rand.New(rand.NewPCG(9, 10))
	var plugins, corrected []float64
	for range sets {
		s, r := make([]int, n), make([]int, n)
		for k := range s {
			s[k], r[k] = rng.IntN(ns), rng.IntN(nr)
		}
		p, c := ShuffleCorrected(s, r, ns, nr, 50, rng)
		plugins = append(plugins, p)
		corrected = append(corrected, c)
	}
	mp, vp := coding.MeanVariance(plugins)
	mc, vc := coding.MeanVariance(corrected)
	bias := float64((ns-1)*(nr-1)) / (2 * n * math.Ln2)
	if mp < 0.7*bias || mp > 1.3*bias {
		t.Errorf("plug-in bias %.4g bits, expected about %.4g", mp, bias)
	}
	if se := math.Sqrt(vp / sets); mp < 10*se {
		t.Errorf("plug-in mean %.4g bits is not clearly above 0 (SE %.3g)", mp, se)
	}
	if se := math.Sqrt(vc / sets); math.Abs(mc) > 2*se {
		t.Errorf("shuffle-corrected mean %.4g bits, not within 2 SE (%.3g) of 0", mc, se)
	}
	t.Logf("plug-in %.4g bits (theory %.4g), corrected %.4g ± %.3g", mp, bias, mc, math.Sqrt(vc/sets))
}

// A noisy linear decoding problem: 40 training trials of 30 neurons'
// counts, whose stimulus is a weak linear function of them plus noise.
func noisyProblem(rng *rand.Rand, n int, w []float64) (*mat.Dense, *mat.VecDense) {
	X := mat.NewDense(n, len(w), nil)
	y := mat.NewVecDense(n, nil)
	for i := range n {
		v := 0.0
		for j := range w {
			x := rng.NormFloat64()
			X.Set(i, j, x)
			v += w[j] * x
		}
		y.SetVec(i, v+2*rng.NormFloat64())
	}
	return X, y
}

// Ridge with λ = 0 is least squares (gonum's QR solve); the λ chosen by
// 5-fold cross-validation on the training set predicts 2000 held-out
// trials better than λ = 0 (overfitting 30 weights to 40 trials) and than
// the largest λ (all weights near 0).
func TestCrossValidatedRidge(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	w := make([]float64, 30)
	for j := range w {
		w[j] = 0.5 * rng.NormFloat64()
	}
	X, y := noisyProblem(rng, 40, w)
	Xt, yt := noisyProblem(rng, 2000, w)
	ridge0, err := Ridge(X, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	var qr mat.VecDense
	if err := qr.SolveVec(X, y); err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(ridge0, &qr, 1e-8) {
		t.Error("ridge with λ = 0 differs from least squares")
	}
	lambdas := []float64{0, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 1e4, 1e5}
	best, _ := CrossValidate(X, y, lambdas, 5)
	test := func(lambda float64) float64 {
		w, err := Ridge(X, y, lambda)
		if err != nil {
			t.Fatal(err)
		}
		return R2(yt.RawVector().Data, Predict(Xt, w))
	}
	if best == lambdas[0] || best == lambdas[len(lambdas)-1] || test(best) <= test(0) || test(best) <= test(1e5) {
		t.Errorf("λ = %g: held-out R² %.3f; λ = 0: %.3f; λ = 1e5: %.3f", best, test(best), test(0), test(1e5))
	}
	t.Logf("λ = %g: held-out R² %.3f; λ = 0: %.3f; λ = 1e5: %.3f", best, test(best), test(0), test(1e5))
	near(t, "R² of a perfect fit", R2([]float64{1, 2, 3}, []float64{1, 2, 3}), 1, 0)
	near(t, "R² of the mean", R2([]float64{1, 2, 3}, []float64{2, 2, 2}), 0, 0)
}

// A split and a trace by hand.
func TestSplitAndTrace(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := mat.NewVecDense(4, []float64{2, 4, 6, 9})
	a, b := SplitR2(X, y, 0, []bool{false, false, true, true})
	near(t, "train R²", a, 1, 1e-12)
	// w = 2 from the first two rows; test rows predict 6, 8 for 6, 9:
	// 1 − 1/4.5.
	near(t, "test R²", b, 1-1/4.5, 1e-12)
	prefs := []float64{0, 90, 180, 270}
	trace := DecodeTrace([][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}, prefs, 2)
	for k, want := range []float64{0, 45, 135} {
		near(t, "trace", trace[k], want, 1e-9)
	}
}
