package sim

import (
	"math"
	"testing"
)

func TestTimeGrid(t *testing.T) {
	for _, tt := range []struct {
		tEnd, dt float64
		n        int
	}{{10, 0.1, 101}, {1, 0.3, 4}, {0, 0.1, 1}, {100, 0.01, 10001}, {0.3, 0.1, 4}, {0.7, 0.1, 8}, {1, 0.25, 5}} {
		g := TimeGrid(tt.tEnd, tt.dt)
		if len(g) != tt.n || len(g) != Samples(tt.tEnd, tt.dt) || Steps(tt.tEnd, tt.dt) != tt.n-1 {
			t.Fatalf("TimeGrid(%g, %g) has %d points, Samples %d, Steps %d; want %d points",
				tt.tEnd, tt.dt, len(g), Samples(tt.tEnd, tt.dt), Steps(tt.tEnd, tt.dt), tt.n)
		}
		if g[0] != 0 || math.Abs(g[len(g)-1]-float64(tt.n-1)*tt.dt) > 1e-12 {
			t.Errorf("TimeGrid(%g, %g) runs from %g to %g", tt.tEnd, tt.dt, g[0], g[len(g)-1])
		}
	}
}

func TestIntervalRate(t *testing.T) {
	for _, tt := range []struct {
		spikes []float64
		want   float64
	}{
		{nil, 0},
		{[]float64{5}, 0},
		{[]float64{0, 10, 20, 30}, 100},    // three 10 ms intervals: 100 Hz
		{[]float64{100, 104, 125}, 80},     // two intervals over 25 ms
		{[]float64{0, 1, 2, 3, 1000}, 4.0}, // four intervals over a second
	} {
		if got := IntervalRate(tt.spikes); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("IntervalRate(%v) = %g Hz, want %g Hz", tt.spikes, got, tt.want)
		}
	}
}

// The variance of 2, 4, 4, 4, 5, 5, 7, 9 about their mean 5, divided by 8,
// is 32/8 = 4; a constant has none.
func TestVariance(t *testing.T) {
	if v := Variance([]float64{2, 4, 4, 4, 5, 5, 7, 9}); v != 4 {
		t.Errorf("Variance = %g, want 4", v)
	}
	if v := Variance([]float64{3, 3, 3}); v != 0 {
		t.Errorf("Variance of a constant = %g, want 0", v)
	}
}

// RK4 on dy/dt = −y over one unit of time has an error near dt⁴/120·e^(−1)
// (the leading term of the exponential's series that RK4 leaves out).
func TestRK4Exponential(t *testing.T) {
	y := []float64{1}
	for range 10 {
		y = RK4(func(y []float64) []float64 { return []float64{-y[0]} }, y, 0.1)
	}
	err := math.Abs(y[0] - math.Exp(-1))
	if want := 1e-4 / 120 * math.Exp(-1); err > 1.5*want || err < 0.5*want {
		t.Errorf("error %g, want about %g", err, want)
	}
}
