package synapse

import (
	"math"
	"math/rand/v2"
)

// Erfcx returns the scaled complementary error function e^(x²)·erfc(x),
// without overflow for large x (for large negative x it is +Inf, as it
// grows like 2·e^(x²)).
func Erfcx(x float64) float64 {
	if x < 25 {
		return math.Exp(x*x) * math.Erfc(x)
	}
	// The asymptotic series 1 − y + 3y² − 15y³ + 105y⁴ − 945y⁵ with
	// y = 1/(2x²), whose next term is below 3e-15 of the sum from x = 25 on.
	y := 1 / (2 * x * x)
	return (1 - y*(1-3*y*(1-5*y*(1-7*y*(1-9*y))))) / (x * math.Sqrt(math.Pi))
}

// siegertIntegral returns ∫ e^(u²)(1 + erf u) du = ∫ erfcx(−u) du from a to
// b, by composite Simpson's rule on pieces no wider than 1/200.
func siegertIntegral(a, b float64) float64 {
	n := int(math.Ceil((b-a)*200/2)) * 2
	if n < 2 {
		n = 2
	}
	h := (b - a) / float64(n)
	f := func(u float64) float64 { return Erfcx(-u) }
	sum := f(a) + f(b)
	for k := 1; k < n; k++ {
		w := 2.0
		if k%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(k)*h)
	}
	return sum * h / 3
}

// SiegertRate returns the firing rate (Hz) of the cell with refractory
// period tRef (ms) whose free membrane potential (without threshold) has
// mean mu (mV) and standard deviation sigmaV (mV) under white noise:
// 1/(t_ref + τ√π·∫ erfcx(−u) du), the integral from (V_reset − μ)/σ to
// (V_th − μ)/σ, with σ = √2·σ_V the noise amplitude of the diffusion
// τ·dV = −(V − μ)·dt + σ·√τ·dW.
func SiegertRate(c Cell, tRef, mu, sigmaV float64) float64 {
	sigma := math.Sqrt2 * sigmaV
	tau := c.R * c.C
	integral := siegertIntegral((c.VReset-mu)/sigma, (c.VTh-mu)/sigma)
	return 1000 / (tRef + tau*math.Sqrt(math.Pi)*integral)
}

// NoisySpikes returns the spike times (ms) of the cell with refractory
// period tRef (ms) simulated with steps of dt until tEnd (ms) from rest
// under a white-noise current of mean i (nA) and intensity s (nA·√ms): in
// each step the current is i + s·N/√dt with N a standard normal draw of rng.
// Its free membrane has mean E_L + R·i and standard deviation R·s/√(2τ).
func NoisySpikes(c Cell, i, s, tRef, dt, tEnd float64, rng *rand.Rand) []float64 {
	var spikes []float64
	v, hold, n := c.EL, 0, Steps(tEnd, dt)
	refractory := Steps(tRef, dt)
	scale := s / math.Sqrt(dt)
	for k := 1; k <= n; k++ {
		noise := i + scale*rng.NormFloat64()
		if hold > 0 {
			hold--
			continue
		}
		var fired bool
		v, fired = LIFStep(v, noise, c, dt)
		if fired {
			spikes = append(spikes, float64(k)*dt)
			hold = refractory
		}
	}
	return spikes
}

// The Tsodyks–Markram model. Between spikes the resources x recover to 1
// with τ_rec and the release variable u decays to 0 with τ_facil. At a
// spike, in this order: u ← u + U·(1 − u); the release is r = u·x, the
// fraction of all resources used, to which the amplitude of the
// postsynaptic response is proportional; x ← x − r. Before the first spike
// u = 0 and x = 1, so the first release is U.

// TM returns the releases r = u·x at the spikes (ms, increasing) of a
// synapse with release parameter U and time constants tauRec and tauFacil
// (ms). A tauFacil of 0 means no facilitation: u is U at every spike.
func TM(spikes []float64, U, tauRec, tauFacil float64) []float64 {
	r := make([]float64, len(spikes))
	u, x := 0.0, 1.0
	for k, t := range spikes {
		if k > 0 {
			d := t - spikes[k-1]
			x = 1 - (1-x)*math.Exp(-d/tauRec)
			if tauFacil > 0 {
				u *= math.Exp(-d / tauFacil)
			} else {
				u = 0
			}
		}
		u += U * (1 - u)
		r[k] = u * x
		x -= r[k]
	}
	return r
}

// Depression returns the releases U·x at the spikes of a depressing
// synapse without facilitation.
func Depression(spikes []float64, U, tauRec float64) []float64 { return TM(spikes, U, tauRec, 0) }

// Facilitation returns u at each spike (after its jump) of a facilitating
// synapse, u ← u·e^(−Δ/τ_facil) between spikes and u ← u + U·(1 − u) at each.
func Facilitation(spikes []float64, U, tauFacil float64) []float64 {
	us := make([]float64, len(spikes))
	u := 0.0
	for k, t := range spikes {
		if k > 0 {
			u *= math.Exp(-(t - spikes[k-1]) / tauFacil)
		}
		u += U * (1 - u)
		us[k] = u
	}
	return us
}

// SteadyRatio returns the steady release under a regular train of the given
// rate (Hz) over the first release U, from the fixed points of the map from
// spike to spike: u* = U/(1 − (1 − U)·e^(−Δ/τ_facil)) and
// x* = (1 − e^(−Δ/τ_rec))/(1 − (1 − u*)·e^(−Δ/τ_rec)), Δ = 1000/rate ms.
func SteadyRatio(U, tauRec, tauFacil, rate float64) float64 {
	d := 1000 / rate
	u := U
	if tauFacil > 0 {
		u = U / (1 - (1-U)*math.Exp(-d/tauFacil))
	}
	e := math.Exp(-d / tauRec)
	x := (1 - e) / (1 - (1-u)*e)
	return u * x / U
}

// PairedPulseRatio returns the second release over the first for two
// spikes interval (ms) apart.
func PairedPulseRatio(U, tauRec, tauFacil, interval float64) float64 {
	r := TM([]float64{0, interval}, U, tauRec, tauFacil)
	return r[1] / r[0]
}

// Coupled returns the potentials (mV) at the times k·dt of two passive cells
// (their thresholds ignored) starting at rest and joined by a gap junction
// of conductance gc (µS), with a current i (nA) injected into the first, by
// forward Euler: C1·dV1/dt = −(V1 − E_L1)/R1 − gc·(V1 − V2) + i and
// C2·dV2/dt = −(V2 − E_L2)/R2 − gc·(V2 − V1), until tEnd (ms).
func Coupled(c1, c2 Cell, gc, i, dt, tEnd float64) (v1, v2 []float64) {
	n := Steps(tEnd, dt) + 1
	v1, v2 = make([]float64, n), make([]float64, n)
	v1[0], v2[0] = c1.EL, c2.EL
	for k := 1; k < n; k++ {
		a, b := v1[k-1], v2[k-1]
		v1[k] = a + dt*(-(a-c1.EL)/c1.R-gc*(a-b)+i)/c1.C
		v2[k] = b + dt*(-(b-c2.EL)/c2.R-gc*(b-a))/c2.C
	}
	return v1, v2
}

// CouplingCoefficient returns the steady-state ratio ΔV2/ΔV1 of two cells
// joined by gc (µS) when current is injected into the first:
// gc/(1/R2 + gc).
func CouplingCoefficient(c2 Cell, gc float64) float64 { return gc / (1/c2.R + gc) }

// MeasuredCoupling returns the coupling coefficient measured at tEnd (ms) in
// a simulation by Coupled: (V2 − E_L2)/(V1 − E_L1) at the last step.
func MeasuredCoupling(c1, c2 Cell, gc, i, dt, tEnd float64) float64 {
	v1, v2 := Coupled(c1, c2, gc, i, dt, tEnd)
	n := len(v1) - 1
	return (v2[n] - c2.EL) / (v1[n] - c1.EL)
}
