package coding

import (
	"math"
	"math/rand/v2"
	"testing"
)

// renewalFano returns the Fano factor of the count in [0, T) of an ordinary
// renewal process (one that starts at an event, as DeadTimeSpikes does)
// whose intervals have mean mu, variance v and third central moment m3,
// from Cox's expansions (Renewal Theory, 1962, §4.5), whose remainders
// vanish as T grows:
//
//	E N  = T/μ + (σ² − μ²)/(2μ²),
//	Var N = σ²T/μ³ + 1/12 + 5σ⁴/(4μ⁴) − 2μ₃/(3μ³).
//
// As T → ∞ it tends to σ²/μ², the intervals' CV².
func renewalFano(mu, v, m3, T float64) float64 {
	mean := T/mu + (v-mu*mu)/(2*mu*mu)
	variance := v*T/(mu*mu*mu) + 1.0/12 + 5*v*v/(4*mu*mu*mu*mu) - 2*m3/(3*mu*mu*mu)
	return variance / mean
}

// A Poisson process with a dead time d at the output rate r has intervals
// d + Exp(m), m = 1000/r − d: mean 1000/r, variance m² and third central
// moment 2m³, so its counts' Fano factor tends to CV² = (1 − r·d/1000)² for
// long windows, 0.64 for Level 16's 2 ms at 100 Hz, not the Poisson 1.
// renewalFano's finite-window value is within 3 % of CV² for the windows
// here: 0.6403 for 2 ms at 100 Hz over 1000 ms, 0.5645 for 5 ms at 50 Hz
// over 400 ms, and 0.3675 for 4 ms at 100 Hz over 100 ms, 2 % above CV².
//
// For each case, 300 seeds (150 under -short) of 400 trials give z-scores
// (F − F_renewal)/SE with SE = F·√(2/(n − 1) + F/(n·E N)), the sample
// variance's relative error for near-normal counts plus the mean's; checkZ
// asks them to have mean 0 and standard deviation 1 (measured: means 0.015,
// 0.002, −0.083; deviations 0.996, 0.989, 0.935), and their mean must lie
// within 3 standard errors of the pooled mean, 3/√seeds. That resolves the
// finite window: for 4 ms over 100 ms, CV² instead of renewalFano would put
// the mean of 300 z-scores 5 pooled standard errors off, and Poisson's
// F = 1 would put every z-score near 8 or more.
func TestDeadTimeFano(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 150
	}
	const trials = 400
	for _, c := range []struct{ rate, dead, window float64 }{{100, 2, 1000}, {100, 4, 100}, {50, 5, 400}} {
		mu := 1000 / c.rate
		m := mu - c.dead
		want := renewalFano(mu, m*m, 2*m*m*m, c.window)
		cv2 := (1 - c.rate*c.dead/1000) * (1 - c.rate*c.dead/1000)
		if math.Abs(want-cv2) > 0.03*cv2 {
			t.Errorf("%+v: finite-window Fano factor %.4f, far from CV² = %.4f", c, want, cv2)
		}
		meanCount := c.window/mu + (m*m-mu*mu)/(2*mu*mu)
		se := want * math.Sqrt(2.0/(trials-1)+want/(trials*meanCount))
		var z []float64
		for seed := range uint64(seeds) {
			rng := rand.New(rand.NewPCG(seed, 11))
			counts := make([]int, trials)
			for k := range counts {
				counts[k] = len(DeadTimeSpikes(c.rate, c.dead, c.window, rng))
			}
			z = append(z, (FanoFactor(counts)-want)/se)
		}
		t.Logf("%+v: renewal Fano factor %.4f (CV² %.4f), standard error %.4f per seed", c, want, cv2, se)
		checkZ(t, "Fano factor with dead time", z)
		if mean, _ := zScores(z); math.Abs(mean) > 3/math.Sqrt(float64(seeds)) {
			t.Errorf("%+v: the mean Fano factor is %.2f pooled standard errors from %.4f", c, mean*math.Sqrt(float64(seeds)), want)
		}
	}
}
