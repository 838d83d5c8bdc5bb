package check

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestWithinSE(t *testing.T) {
	if err := WithinSE(10.5, 10, 0.1, 6.5); err != nil {
		t.Errorf("5 standard errors out, within 6.5: %v", err)
	}
	if err := WithinSE(10.7, 10, 0.1, 6.5); err == nil {
		t.Error("7 standard errors out passed within 6.5")
	}
	if err := WithinSE(math.NaN(), 10, 0.1, 6.5); err == nil {
		t.Error("NaN passed")
	}
}

func TestNewRandReplays(t *testing.T) {
	a, b, c := NewRand(7), NewRand(7), NewRand(8)
	for range 10 {
		x := a.Float64()
		if x != b.Float64() {
			t.Fatal("the same seed gave different numbers")
		}
		if x == c.Float64() {
			t.Fatal("different seeds gave the same number")
		}
	}
}

// spread returns the standard deviation over trials of stat(sample), each
// sample drawn by draw.
func spread(trials int, draw func() []float64, stat func([]float64) float64) float64 {
	x := make([]float64, trials)
	for k := range x {
		x[k] = stat(draw())
	}
	_, v := MeanVariance(x)
	return math.Sqrt(v)
}

// The standard errors match the spread of the statistics over 4000 trials,
// within 6 % (the standard error of a standard deviation from 4000 trials
// is 1.1 %).
func TestStandardErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const trials, n = 4000, 200
	normal := func() []float64 {
		x := make([]float64, n)
		for k := range x {
			x[k] = 3 + 2*r.NormFloat64() // variance 4
		}
		return x
	}
	const lambda = 0.7
	poisson := func() []float64 {
		x := make([]float64, n)
		for k := range x {
			for p := r.Float64(); p > math.Exp(-lambda); p *= r.Float64() {
				x[k]++
			}
		}
		return x
	}
	mean := func(x []float64) float64 { m, _ := MeanVariance(x); return m }
	variance := func(x []float64) float64 { _, v := MeanVariance(x); return v }
	intervals := func() []float64 { // normal, mean 10 and CV 0.3
		x := make([]float64, n)
		for k := range x {
			x[k] = 10 + 3*r.NormFloat64()
		}
		return x
	}
	cv := func(x []float64) float64 { m, v := MeanVariance(x); return math.Sqrt(v) / m }
	for _, tt := range []struct {
		name      string
		got, want float64
	}{
		{"mean of normal samples", spread(trials, normal, mean), MeanSE(4, n)},
		{"variance of normal samples", spread(trials, normal, variance), NormalVarianceSE(4, n)},
		{"mean of Poisson counts", spread(trials, poisson, mean), MeanSE(lambda, n)},
		{"variance of Poisson counts", spread(trials, poisson, variance), VarianceSE(lambda, lambda+3*lambda*lambda, n)},
		{"CV of normal intervals", spread(trials, intervals, cv), CVSE(n, 0.3)},
	} {
		if math.Abs(tt.got/tt.want-1) > 0.06 {
			t.Errorf("%s: measured standard error %.4g, formula %.4g", tt.name, tt.got, tt.want)
		}
	}
}

func TestCountSEOfPoissonProcess(t *testing.T) {
	// Events of a Poisson process (CV 1) in a window where 400 are
	// expected: their count has standard deviation √400 = 20.
	r := rand.New(rand.NewPCG(3, 4))
	counts := make([]float64, 4000)
	for k := range counts {
		for s := r.ExpFloat64(); s < 400; s += r.ExpFloat64() {
			counts[k]++
		}
	}
	_, v := MeanVariance(counts)
	if got, want := math.Sqrt(v), CountSE(400, 1); math.Abs(got/want-1) > 0.06 {
		t.Errorf("count of a Poisson process: spread %.4g, CountSE %.4g", got, want)
	}
}

func TestRound3(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{{0.0123456, 0.0123}, {98765, 98800}, {1, 1}} {
		if got := Round3(tt.x); got != tt.want {
			t.Errorf("Round3(%g) = %g, want %g", tt.x, got, tt.want)
		}
	}
}

// TestMeanVarianceGonum ties MeanVariance to gonum's, on data whose large
// offset makes a one-pass variance lose most of its digits.
func TestMeanVarianceGonum(t *testing.T) {
	rng := NewRand(3)
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 1e9 + rng.NormFloat64()
	}
	m, v := MeanVariance(x)
	wm, wv := stat.MeanVariance(x, nil)
	if math.Abs(m-wm) > 1e-12*wm || math.Abs(v-wv) > 1e-9*wv {
		t.Errorf("MeanVariance = %v, %v; gonum's stat.MeanVariance = %v, %v", m, v, wm, wv)
	}
}
