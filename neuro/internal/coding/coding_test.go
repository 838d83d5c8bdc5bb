package coding

import (
	"math"
	"math/rand/v2"
	"testing"
)

// zScores returns the mean and the standard deviation of z-scores: if the
// standard errors behind them are right, near 0 and 1.
func zScores(z []float64) (mean, sd float64) {
	mean, variance := MeanVariance(z)
	return mean, math.Sqrt(variance)
}

// checkZ fails unless the z-scores of a statistic over many seeds all lie
// within 7 standard errors and have a mean near 0 (within 5/√n) and a
// standard deviation between 0.85 and 1.15: the statistic is centred where
// theory puts it, and its standard error is the one stated.
func checkZ(t *testing.T, what string, z []float64) {
	t.Helper()
	mean, sd := zScores(z)
	for _, x := range z {
		if math.Abs(x) > 7 {
			t.Errorf("%s: a z-score of %.3g", what, x)
		}
	}
	if math.Abs(mean) > 5/math.Sqrt(float64(len(z))) || sd < 0.85 || sd > 1.15 {
		t.Errorf("%s: %d z-scores have mean %.3g and sd %.3g, want 0 and 1", what, len(z), mean, sd)
	}
	t.Logf("%s: %d z-scores: mean %.3f, sd %.3f", what, len(z), mean, sd)
}

// Poisson counts: over 300 seeds the mean and the variance of 1000 counts of
// 20 Hz over 500 ms are both λ = 10, and the Fano factor is 1, each within
// its standard error: √(λ/n) for the mean, √(λ/n + 2λ²/(n − 1)) for the
// variance, √(2/(n − 1)) for the Fano factor.
func TestPoissonCountsMeanEqualsVariance(t *testing.T) {
	const seeds, n, lambda = 300, 1000, 10.0
	var zMean, zVar, zFano []float64
	for seed := range uint64(seeds) {
		counts := PoissonCounts(20, 500, n, rand.New(rand.NewPCG(seed, 1)))
		mean, variance := MeanVariance(floats(counts))
		zMean = append(zMean, (mean-lambda)/math.Sqrt(lambda/n))
		zVar = append(zVar, (variance-lambda)/math.Sqrt(lambda/n+2*lambda*lambda/(n-1)))
		zFano = append(zFano, (FanoFactor(counts)-1)/math.Sqrt(2.0/(n-1)))
	}
	checkZ(t, "mean count", zMean)
	checkZ(t, "count variance", zVar)
	checkZ(t, "Fano factor", zFano)
}

// The intervals of a Poisson process have CV 1, with standard error 1/√N
// for N intervals (delta method on the exponential's moments).
func TestPoissonISICV(t *testing.T) {
	var z []float64
	for seed := range uint64(300) {
		spikes := PoissonSpikes(50, 40000, rand.New(rand.NewPCG(seed, 2)))
		n := float64(len(spikes) - 1)
		z = append(z, (CV(ISIs(spikes))-1)*math.Sqrt(n))
	}
	checkZ(t, "ISI CV", z)
}

// The binned train's spike count is binomial, and its rate is the one asked.
func TestPoissonTrainRate(t *testing.T) {
	var z []float64
	for seed := range uint64(300) {
		train := PoissonTrain(40, 0.5, 20000, rand.New(rand.NewPCG(seed, 3)))
		p, n := 40*0.5/1000, float64(len(train))
		z = append(z, (float64(count(train))-n*p)/math.Sqrt(n*p*(1-p)))
	}
	checkZ(t, "binned count", z)
}

// Dead time 2 ms at 100 Hz: CV 1 − 100 Hz·2 ms = 0.8, a mean interval of
// 10 ms, and no interval shorter than 2 ms, in a simulated train of 200 s.
func TestDeadTimeCV(t *testing.T) {
	spikes := DeadTimeSpikes(100, 2, 200000, rand.New(rand.NewPCG(1, 4)))
	isis := ISIs(spikes)
	n := float64(len(isis))
	cv := CV(isis)
	// Var(CV) = c²(2 − 2c + c²)/N for a dead time plus an exponential.
	se := 0.8 * math.Sqrt((2-2*0.8+0.64)/n)
	if math.Abs(cv-0.8) > 5*se {
		t.Errorf("dead time 2 ms at 100 Hz: CV %.4f, want 0.8 within %.4f", cv, 5*se)
	}
	rate := 1000 * float64(len(spikes)) / 200000
	if math.Abs(rate-100) > 5*0.8*math.Sqrt(20000)/200 {
		t.Errorf("dead time 2 ms at 100 Hz: rate %.4g Hz, want 100", rate)
	}
	for _, x := range isis {
		if x < 2 {
			t.Fatalf("an interval of %.4g ms, shorter than the dead time", x)
		}
	}
	t.Logf("dead time 2 ms at 100 Hz: CV %.4f (standard error %.4f) over %d intervals, rate %.2f Hz", cv, se, len(isis), rate)
	var z []float64
	for seed := range uint64(300) {
		isis := ISIs(DeadTimeSpikes(100, 4, 20000, rand.New(rand.NewPCG(seed, 5))))
		z = append(z, (CV(isis)-0.6)/(0.6*math.Sqrt((2-1.2+0.36)/float64(len(isis)))))
	}
	checkZ(t, "CV with dead time 4 ms at 100 Hz", z)
}

// The FWHM of a Gaussian tuning curve is 2√(2 ln 2)·σ = 2.3548·σ, whatever
// the baseline and the amplitude.
func TestFWHMOfGaussian(t *testing.T) {
	for _, c := range []struct{ width, base, amp float64 }{{20, 5, 45}, {10, 0, 30}, {35, 12, 60}} {
		var s, r []float64
		for x := -180.0; x <= 180; x += 0.05 {
			s = append(s, x)
			r = append(r, GaussianTuning(x, 7, c.width, c.base, c.amp))
		}
		got, want := FWHM(s, r), 2.35482*c.width
		if math.Abs(got-want) > 1e-3*c.width {
			t.Errorf("FWHM of a Gaussian of width %g°: %.5g°, want 2.35482·σ = %.5g°", c.width, got, want)
		}
	}
}

// The thinned process has the rate asked for: over 400 trials the spikes in
// each 25 ms bin of a 40 + 30·sin(2π·4 Hz·t) Hz rate match its integral.
func TestThinningFollowsTheRate(t *testing.T) {
	rate := func(t float64) float64 { return 40 + 30*math.Sin(2*math.Pi*4*t/1000) }
	rng := rand.New(rand.NewPCG(6, 7))
	const trials, bin = 400, 25.0
	counts := make([]float64, 40)
	for range trials {
		for _, s := range Thinning(rate, 80, 1000, rng) {
			counts[int(s/bin)]++
		}
	}
	var z []float64
	for k, n := range counts {
		a, b := float64(k)*bin, float64(k+1)*bin
		// ∫ rate dt over the bin, in spikes per trial.
		mu := trials * (40*(b-a) - 30*1000/(2*math.Pi*4)*(math.Cos(2*math.Pi*4*b/1000)-math.Cos(2*math.Pi*4*a/1000))) / 1000
		z = append(z, (n-mu)/math.Sqrt(mu))
	}
	checkZ(t, "thinned counts per bin", z)
}

// The STA of an LNP neuron with an exponential nonlinearity under Gaussian
// white noise is proportional to its filter: over 100 s of stimulus in bins
// of 1 ms (about 2600 spikes) its correlation with the filter exceeds 0.95.
func TestSTARecoversTheFilter(t *testing.T) {
	const lags, bins = 30, 100000
	filter := make([]float64, lags)
	for j := range filter {
		x := float64(j) / lags
		filter[j] = 0.5 * math.Sin(2*math.Pi*x) * math.Exp(-3*x)
	}
	rng := rand.New(rand.NewPCG(8, 9))
	stimulus := WhiteNoise(bins, rng)
	train := LNP(stimulus, filter, 20, 1, rng)
	sta := STA(stimulus, train, lags)
	r := pearson(sta, filter)
	if r < 0.95 {
		t.Errorf("the STA of %d spikes correlates %.4f with the filter, want above 0.95", count(train), r)
	}
	t.Logf("STA of %d spikes over %d ms: correlation %.4f with the filter", count(train), bins, r)
}

func pearson(a, b []float64) float64 {
	ma, va := MeanVariance(a)
	mb, vb := MeanVariance(b)
	c := 0.0
	for k := range a {
		c += (a[k] - ma) * (b[k] - mb)
	}
	return c / float64(len(a)-1) / math.Sqrt(va*vb)
}

// Fisher information of f(s) = 5 + 45·exp(−s²/(2·20²)) Hz over T = 0.5 s:
// 0 at the flat peak, and at s = 20° T·f′²/f with f(20) = 5 + 45·e^(−1/2) =
// 32.29388 Hz and f′(20) = −45·(20/400)·e^(−1/2) = −1.364694 Hz/deg, so
// 0.5 × 1.862390/32.29388 = 0.02883503 /deg². For 16 neurons with preferred
// stimuli −90 + 11.25·k°, the sum, with each f′ taken by a central
// difference here, is 0.16375 /deg² at 0° (threshold 2.4712°) and 0.16372
// at 20°.
func TestFisherInformation(t *testing.T) {
	if got := FisherInfo(0, 0, 20, 5, 45, 500); got != 0 {
		t.Errorf("I_F(0) = %g, want 0 at the flat peak", got)
	}
	if got := FisherInfo(20, 0, 20, 5, 45, 500); math.Abs(got-0.02883503) > 1e-8 {
		t.Errorf("I_F(20°) = %.8g /deg², want 0.02883503", got)
	}
	prefs := Preferred(16, -90, 90)
	for _, c := range []struct{ s, info, threshold float64 }{{0, 0.16375006, 2.4712078}, {20, 0.16372054, 0}} {
		sum := 0.0
		for _, p := range prefs {
			const h = 1e-4
			df := (GaussianTuning(c.s+h, p, 20, 5, 45) - GaussianTuning(c.s-h, p, 20, 5, 45)) / (2 * h)
			sum += 0.5 * df * df / GaussianTuning(c.s, p, 20, 5, 45)
		}
		info, threshold := PopulationFisher(c.s, prefs, 20, 5, 45, 500)
		if math.Abs(info-sum) > 1e-7 || math.Abs(info-c.info) > 1e-7 {
			t.Errorf("population I_F(%g°) = %.8g, want %.8g (numerical derivative %.8g)", c.s, info, c.info, sum)
		}
		if c.threshold != 0 && math.Abs(threshold-c.threshold) > 1e-6 {
			t.Errorf("threshold at %g°: %.7g°, want %.7g°", c.s, threshold, c.threshold)
		}
	}
}

// Small fixed examples, worked by hand.
func TestWorkedExamples(t *testing.T) {
	train := SpikeTrain([]float64{0.25, 1.7, 3.9}, 0.5, 5)
	want := []bool{true, false, false, true, false, false, false, true, false, false}
	for k := range want {
		if train[k] != want[k] {
			t.Fatalf("SpikeTrain: %v, want %v", train, want)
		}
	}
	if got := TrainRate(train, 0.5); got != 600 { // 3 spikes in 5 ms
		t.Errorf("TrainRate = %g Hz, want 600", got)
	}
	k := GaussianKernel(2, 0.5)
	sum := 0.0
	for _, v := range k {
		sum += v * 0.5
	}
	if len(k) != 25 || math.Abs(sum-1) > 1e-12 {
		t.Errorf("GaussianKernel(2, 0.5): %d values summing to %g·dt, want 25 and 1", len(k), sum)
	}
	if got := CosineTuning(270, 90, 20, 30); got != 0 {
		t.Errorf("CosineTuning opposite the preferred direction = %g, want 0 (rectified)", got)
	}
	if got := CosineTuning(150, 90, 20, 30); math.Abs(got-35) > 1e-12 {
		t.Errorf("CosineTuning 60° away = %g Hz, want 20 + 30·cos 60° = 35", got)
	}
	if got := Correlation([]int{1, 2, 3}, []int{6, 4, 2}); math.Abs(got+1) > 1e-12 {
		t.Errorf("Correlation of a perfectly falling pair = %g, want −1", got)
	}
}
