package synapse

import (
	"math"
	"testing"
)

// siegertByLaplace returns τ√π·∫ erfcx(−u) du from a to b (a < b), the
// Siegert integral of the course, computed independently of the
// reference: erfcx(x) = (2/√π)·∫₀^∞ e^(−t² − 2xt) dt, so that
//
//	√π·∫_a^b erfcx(−u) du = ∫₀^∞ e^(−t²)·(e^(2bt) − e^(2at))/t dt,
//
// an integral over t whose integrand is smooth (2(b − a) at t = 0) and
// positive, written with expm1 so that the difference loses no digits. Its
// largest factor e^(−t² + 2bt) = e^(b² − (t − b)²) is below e^(−100) of its
// peak beyond t = max(b, 0) + 10, where the integral is cut. Simpson's rule
// with 400 000 intervals resolves the integrand's narrowest feature, of
// width 1/(2|a|) ≥ 0.008 near t = 0 for the cases here, with a step of at
// most 5e-5: a relative error below 1e-12.
func siegertByLaplace(a, b float64) float64 {
	f := func(t float64) float64 {
		if t == 0 {
			return 2 * (b - a)
		}
		return math.Exp(-t*t+2*a*t) * math.Expm1(2*(b-a)*t) / t
	}
	const n = 400000
	h := (max(b, 0) + 10) / n
	sum := f(0) + f(n*h)
	for k := 1; k < n; k++ {
		sum += float64(2+2*(k%2)) * f(float64(k)*h)
	}
	return sum * h / 3
}

// The Siegert rate of the course's default cell (τ = 10 ms, V_th = −50 mV,
// V_reset = −65 mV) at the (μ, σ_V) of Level 19's fixed cases and across its
// plot (μ from −62 to −40 mV, σ_V = 1 and 4 mV), against the integral over t
// of siegertByLaplace, which a Simpson rule on erfcx(−u) itself at a step
// of 1e-5 confirms to 3e-13. The reference's Simpson rule on pieces of
// h = 1/200 has a relative error near (h·u)⁴·16/180 = (u/200)⁴/11 where
// erfcx(−u) ≈ 2e^(u²) peaks at the upper limit u = (V_th − μ)/σ: 1.3e-9 at
// u = 2.1 (μ = −62 mV, σ_V = 4 mV, 1.1 Hz), 3e-7 at u = 8.5 (σ_V = 1 mV,
// 3e-29 Hz). So the tolerance is 1e-9 + (u/200)⁴/5 of the rate, about twice
// that estimate; over the check's cases (u < 5.7) it stays below 2e-7, inside
// the check's own 1e-5. The notebook's examples, 35.2 Hz at (−52, 4) and
// 89.6 Hz at (−40, 0.3) with t_ref = 2 ms, hold to the stated digits.
func TestSiegertAgainstQuadrature(t *testing.T) {
	c := Default()
	tau := c.R * c.C
	for _, p := range []struct{ tRef, mu, sigmaV float64 }{
		{2, -52, 4}, {2, -40, 0.3}, {0, -56, 2.5}, {2, -50, 2},
		{2, -62, 1}, {2, -58, 1}, {2, -45, 1}, {2, -40, 1},
		{2, -62, 4}, {2, -55, 4}, {2, -40, 4}, {4, -48, 6},
	} {
		sigma := math.Sqrt2 * p.sigmaV
		a, b := (c.VReset-p.mu)/sigma, (c.VTh-p.mu)/sigma
		want := 1000 / (p.tRef + tau*siegertByLaplace(a, b))
		got := SiegertRate(c, p.tRef, p.mu, p.sigmaV)
		t.Logf("t_ref = %g ms, μ = %g mV, σ_V = %g mV: %.10g Hz, quadrature over t %.10g Hz", p.tRef, p.mu, p.sigmaV, got, want)
		if tol := 1e-9 + math.Pow(max(b, 0)/200, 4)/5; !near(got, want, tol*want) {
			t.Errorf("t_ref = %g ms, μ = %g mV, σ_V = %g mV: Siegert %.12g Hz, independent quadrature %.12g Hz", p.tRef, p.mu, p.sigmaV, got, want)
		}
	}
	for _, p := range []struct{ mu, sigmaV, rate float64 }{{-52, 4, 35.2}, {-40, 0.3, 89.6}} {
		if got := SiegertRate(c, 2, p.mu, p.sigmaV); !near(got, p.rate, 0.05) {
			t.Errorf("μ = %g mV, σ_V = %g mV: %.4g Hz, the notebook says %g", p.mu, p.sigmaV, got, p.rate)
		}
	}
}

// Facilitation under a regular train of spikes Δ apart has a closed form:
// u jumps to U + (1 − U)·u and decays by e^(−Δ/τ_facil), so with
// q = (1 − U)·e^(−Δ/τ_facil), u at the n-th spike (n = 1, 2, …) is
// u∞·(1 − qⁿ), u∞ = U/(1 − q). With u known at each spike, the resources
// follow the affine map x ← 1 − e_r + e_r·(1 − u)·x (e_r = e^(−Δ/τ_rec)),
// whose fixed point under u∞ is x∞ = (1 − e_r)/(1 − (1 − u∞)·e_r): the
// release settles at u∞·x∞. These are computed here without the
// reference's spike loop, for the notebook's trains (20 Hz, and 50 Hz with
// its Level 21 parameters), and agree to 1e-12. The notebook's examples
// hold to their digits: u = 0.2 then 0.3310 (U = 0.2, τ_facil = 100 ms,
// spikes 20 ms apart); releases 0.1, 0.174, 0.222, 0.251 at 20 Hz with
// U = 0.1, τ_rec = 100 ms, τ_facil = 1000 ms, and 0.5, 0.265, 0.155, 0.103
// settling near 0.057 with U = 0.5, τ_rec = 800 ms and no facilitation; a
// paired-pulse ratio of 1.71 for U = 0.1, τ_rec = 100 ms, τ_facil = 500 ms
// at 20 ms.
func TestFacilitationClosedForm(t *testing.T) {
	for _, c := range []struct{ u, tauRec, tauFacil, rate float64 }{
		{0.1, 100, 1000, 20}, {0.2, 100, 100, 50}, {0.1, 100, 500, 40}, {0.5, 800, 0, 20},
	} {
		d := 1000 / c.rate
		spikes := make([]float64, 400)
		for k := range spikes {
			spikes[k] = d * float64(k)
		}
		q := (1 - c.u) * math.Exp(-d/c.tauFacil) // 0 without facilitation
		uInf := c.u / (1 - q)
		er := math.Exp(-d / c.tauRec)
		xInf := (1 - er) / (1 - (1-uInf)*er)
		us, releases := Facilitation(spikes, c.u, c.tauFacil), TM(spikes, c.u, c.tauRec, c.tauFacil)
		x := 1.0
		for k := range spikes {
			u := uInf * (1 - math.Pow(q, float64(k+1)))
			if c.tauFacil > 0 && !near(us[k], u, 1e-12) {
				t.Errorf("%+v: u at spike %d is %.15g, closed form %.15g", c, k, us[k], u)
			}
			if !near(releases[k], u*x, 1e-12) {
				t.Errorf("%+v: release at spike %d is %.15g, closed form %.15g", c, k, releases[k], u*x)
			}
			x = 1 - er + er*(1-u)*x
		}
		if r := releases[len(releases)-1]; !near(r, uInf*xInf, 1e-9) || !near(SteadyRatio(c.u, c.tauRec, c.tauFacil, c.rate), uInf*xInf/c.u, 1e-12) {
			t.Errorf("%+v: steady release %.12g, ratio %.12g; want u∞·x∞ = %.12g", c, r, SteadyRatio(c.u, c.tauRec, c.tauFacil, c.rate), uInf*xInf)
		}
		t.Logf("%+v: u∞ = %.4f, x∞ = %.4f, steady release %.4f (first %.4f)", c, uInf, xInf, uInf*xInf, c.u)
	}
	stated := func(what string, got, want []float64, digits float64) {
		for k := range want {
			if !near(got[k], want[k], 0.5*math.Pow(10, -digits)) {
				t.Errorf("%s: %.5g, the notebook says %g", what, got[:len(want)], want)
				return
			}
		}
	}
	stated("facilitation", Facilitation([]float64{0, 20}, 0.2, 100), []float64{0.2, 0.3310}, 4)
	train := []float64{0, 50, 100, 150}
	stated("facilitating release", TM(train, 0.1, 100, 1000), []float64{0.1, 0.174, 0.222, 0.251}, 3)
	stated("depressing release", TM(train, 0.5, 800, 0), []float64{0.5, 0.265, 0.155, 0.103}, 3)
	stated("steady depressing release", []float64{0.5 * SteadyRatio(0.5, 800, 0, 20)}, []float64{0.057}, 3)
	stated("paired-pulse ratio", []float64{PairedPulseRatio(0.1, 100, 500, 20)}, []float64{1.71}, 2)
}
