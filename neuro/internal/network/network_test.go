package network

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// The example: W = [[0, 0.5, −0.3], [0.2, 0, 0.4], [−0.1, 0.3, 0]]
// and h = (1, 2, 0.5) Hz. Its fixed point solves (𝟙 − W)·r = h, which
// Cramer's rule, written out here apart from gonum, solves independently:
// r = (2.0939, 2.8807, 1.1548) Hz. The simulation of the linear network from
// rest, whose eigenvalues all have real parts well below 1, ends there too.
func TestFixedPointSolvedAndSimulated(t *testing.T) {
	w := mat.NewDense(3, 3, []float64{0, 0.5, -0.3, 0.2, 0, 0.4, -0.1, 0.3, 0})
	h := mat.NewVecDense(3, []float64{1, 2, 0.5})
	a := [3][3]float64{{1, -0.5, 0.3}, {-0.2, 1, -0.4}, {0.1, -0.3, 1}}
	det3 := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
			m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det3(a)
	var cramer [3]float64
	for k := range 3 {
		m := a
		for i := range 3 {
			m[i][k] = h.AtVec(i)
		}
		cramer[k] = det3(m) / d
	}
	solved, err := FixedPoint(w, h)
	if err != nil {
		t.Fatal(err)
	}
	traj := Simulate(w, mat.NewVecDense(3, nil), h, Transfer("linear"), 10, 0.1, 3000)
	simulated := traj[len(traj)-1]
	for i := range 3 {
		if !near(solved.AtVec(i), cramer[i], 1e-12) || !near(simulated.AtVec(i), solved.AtVec(i), 1e-9) {
			t.Errorf("r[%d]: solved %.12g, simulated %.12g, Cramer %.12g Hz", i, solved.AtVec(i), simulated.AtVec(i), cramer[i])
		}
	}
	if !Stable(w) {
		t.Error("the example network must be stable")
	}
	// Settling stops within the tolerance of the fixed point.
	r, at := Settle(w, mat.NewVecDense(3, nil), h, Transfer("linear"), 10, 0.1, 1e-6, 3000)
	if at <= 0 || at >= 3000 || Residual(w, r, h, Transfer("linear")) >= 1e-6 {
		t.Errorf("Settle stopped at %g ms with residual %g", at, Residual(w, r, h, Transfer("linear")))
	}
}

// One unit with self-weight w settles at I/(1 − w): an amplification of 2
// at w = 0.5 and 10 at w = 0.9, reached with the effective time constant
// τ/(1 − w) (100 ms at w = 0.9: after 3000 ms, e^(−30) of the way remains).
func TestAmplification(t *testing.T) {
	for _, c := range []struct{ w, want float64 }{{0.5, 2}, {0.9, 10}, {0, 1}, {-1, 0.5}} {
		if got := Amplification(c.w, 10, 0.1, 3000); !near(got, c.want, 1e-9*c.want) {
			t.Errorf("Amplification(%g) = %.12g, want %g", c.w, got, c.want)
		}
	}
	// After one effective time constant, 1 − 1/e of the way (up to the
	// Euler error of order dt/τ_eff).
	if got, want := Amplification(0.5, 10, 0.01, 20), 2*(1-math.Exp(-1)); !near(got, want, 1e-3) {
		t.Errorf("after τ/(1 − w): %g, want %g", got, want)
	}
}

// The eigenvalues of small matrices with known spectra, and the stability
// rule: real parts below 1, whatever their modulus.
func TestEigenvaluesAndStability(t *testing.T) {
	// [[a, −b], [b, a]] has eigenvalues a ± ib.
	l := Eigenvalues(mat.NewDense(2, 2, []float64{0.5, -1.2, 1.2, 0.5}))
	if len(l) != 2 || !near(real(l[0]), 0.5, 1e-12) || !near(math.Abs(imag(l[0])), 1.2, 1e-12) {
		t.Errorf("eigenvalues of a rotation-scaling: %v, want 0.5 ± 1.2i", l)
	}
	for _, c := range []struct {
		w      []float64
		stable bool
	}{
		{[]float64{0.5, -1.2, 1.2, 0.5}, true},  // |λ| = 1.3 > 1, Re λ = 0.5
		{[]float64{-1.5, 0, 0, 0.2}, true},      // λ = −1.5
		{[]float64{1.2, 0, 0, 0}, false},        // λ = 1.2
		{[]float64{1, 0, 0, 0.5}, false},        // λ = 1: marginal
		{[]float64{0.5, 0.5, 0.5, 0.5}, false},  // λ = 0, 1: marginal
		{[]float64{1, -0.5, 0.5, 1}, false},     // λ = 1 ± 0.5i: marginal
		{[]float64{0.99, 0, 0, 0.99}, true},     // just stable
		{[]float64{0, 2, 0, 0}, true},           // nilpotent
		{[]float64{0.6, 0.5, 0.5, 0.6}, false},  // λ = 0.1, 1.1
		{[]float64{0, -0.5, 0.5, -2.5}, true},   // λ = ... both negative real parts
		{[]float64{1.1, -3, 3, 1.1}, false},     // Re λ = 1.1
		{[]float64{0.5, 0.25, 0.25, 0.5}, true}, // λ = 0.25, 0.75
	} {
		if got := Stable(mat.NewDense(2, 2, c.w)); got != c.stable {
			t.Errorf("Stable(%v) = %v, want %v (max Re λ = %.17g)", c.w, got, c.stable, MaxReal(mat.NewDense(2, 2, c.w)))
		}
	}
	// A chain is nilpotent: every eigenvalue 0, stable at any weight.
	if r := SpectralRadius(Chain(6, 5)); r > 1e-12 || !Stable(Chain(6, 5)) {
		t.Errorf("a chain of weight 5 has spectral radius %g", r)
	}
}

// The entries of RandomWeights have variance g²/N, so that the circular law
// (Girko; Bai 1997) puts the eigenvalues in the disc of radius g as N
// grows; TestCircularLawRadiusAtN400 pins the radius at the project's N.
func TestCircularLaw(t *testing.T) {
	const n, g = 400, 1.5
	// The sum of their squares is close to g²·N, within a few standard
	// errors g²·√(2N²)/N.
	w := RandomWeights(n, g, rand.New(rand.NewPCG(99, 7)))
	ss := mat.Norm(w, 2) * mat.Norm(w, 2)
	if !near(ss, g*g*n, 6*g*g*math.Sqrt(2)) {
		t.Errorf("sum of squares %g, want about %g", ss, g*g*n)
	}
}

// The tanh network τ·dx/dt = −x + W·tanh(x) of Sompolinsky, Crisanti and
// Sommers (1988): for g < 1 the only fixed point x = 0 is stable and the
// activity dies out; for g > 1 it fluctuates without end. N = 200 neurons,
// τ = 10 ms, dt = 1 ms, from x(0) of independent standard normal values.
//
// For g = 0.8 the slowest decay is at the rate (1 − |λ|max)/τ with
// |λ|max near 0.8 + O(N^(−1/2)): after 500 ms the temporal variance from
// 500 to 2000 ms is below 1e-4 on every seed. For g = 1.5 the variance from
// 500 to 2000 ms had a median of 0.54 over 300 seeds (stream 2), but 25 of
// them (8 %) fell below 1e-3: finite networks that happen to settle on a
// fixed point. So the test asks that fewer than half of 40 seeds fall below
// 1e-3. Even at a per-seed probability of 0.15, nearly twice the measured
// one, 20 or more of 40 below has a probability below 2e-7.
func TestTanhNetwork(t *testing.T) {
	const n, tau, dt, tEnd, tSkip = 200, 10, 1, 2000, 500
	const seeds = 40
	var quiet, loud []float64
	for s := range seeds {
		for _, g := range []float64{0.8, 1.5} {
			rng := rand.New(rand.NewPCG(uint64(1000+s), 3))
			w := RandomWeights(n, g, rng)
			v := Fluctuation(w, NormalVector(n, rng), tau, dt, tEnd, tSkip)
			if g < 1 {
				quiet = append(quiet, v)
			} else {
				loud = append(loud, v)
			}
		}
	}
	for s, v := range quiet {
		if v > 1e-4 {
			t.Errorf("g = 0.8, seed %d: variance %g, want the activity to die out (< 1e-4)", s, v)
		}
	}
	below := 0
	for _, v := range loud {
		if v < 1e-3 {
			below++
		}
	}
	if 2*below >= len(loud) {
		t.Errorf("g = 1.5: %d of %d seeds have a variance below 1e-3: %v", below, len(loud), loud)
	}
	t.Logf("g = 0.8: variances %.3g; g = 1.5: %.3g", quiet, loud)
}

// The inhibition-stabilized example: w_EE = 2, w_EI = 2.5, w_IE = 2.5,
// w_II = 2. Alone, the excitatory population has w_EE > 1 and is unstable;
// with inhibition, 𝟙 − W has determinant D = (1 − w_EE)(1 + w_II) +
// w_EI·w_IE = −3 + 6.25 = 3.25 > 0 and trace (1 − w_EE) + (1 + w_II) = 2 > 0,
// so the fixed point is stable. Raising the input to I by ΔI changes the
// rates by ΔrE = −w_EI·ΔI/D and ΔrI = (1 − w_EE)·ΔI/D = −ΔI/3.25: the
// inhibitory rate falls. The linear solve, the closed form and a simulation
// (rectified-linear, rates positive throughout) agree.
func TestParadoxicalResponse(t *testing.T) {
	const wEE, wEI, wIE, wII = 2, 2.5, 2.5, 2
	w := EIWeights(wEE, wEI, wIE, wII)
	if !Stable(w) || wEE <= 1 {
		t.Fatalf("the example must be stable (max Re λ = %g) with w_EE > 1", MaxReal(w))
	}
	d := (1-wEE)*(1+wII) + wEI*wIE
	dE, dI := Paradoxical(wEE, wEI, wIE, wII, 1)
	if !near(dE, -wEI/d, 1e-12) || !near(dI, (1-wEE)/d, 1e-12) || dI >= 0 {
		t.Errorf("ΔrE, ΔrI = %g, %g Hz per Hz; want %g, %g", dE, dI, -wEI/d, (1-wEE)/d)
	}
	// Simulated: from the fixed point under (iE, iI) = (20, 10) Hz, step
	// the inhibitory input to 15 Hz.
	in0 := mat.NewVecDense(2, []float64{20, 10})
	in1 := mat.NewVecDense(2, []float64{20, 15})
	r0, _ := FixedPoint(w, in0)
	traj := Simulate(w, r0, in1, ReLU, 10, 0.01, 400)
	end := traj[len(traj)-1]
	for _, r := range traj {
		if r.AtVec(0) <= 0 || r.AtVec(1) <= 0 {
			t.Fatal("a rate reached 0: the network left its linear range")
		}
	}
	if !near(end.AtVec(0)-r0.AtVec(0), 5*dE, 1e-9) || !near(end.AtVec(1)-r0.AtVec(1), 5*dI, 1e-9) {
		t.Errorf("simulated change %g, %g Hz; want %g, %g", end.AtVec(0)-r0.AtVec(0), end.AtVec(1)-r0.AtVec(1), 5*dE, 5*dI)
	}
	// Without the inhibitory feedback the excitatory unit alone is
	// unstable: its eigenvalue w_EE = 2 > 1.
	if Stable(mat.NewDense(1, 1, []float64{wEE})) {
		t.Error("the excitatory population alone must be unstable")
	}
}

// Amplification along eigenvectors: the fixed point computed from the
// eigenvectors of a symmetric W equals the solved one, and an input along
// the eigenvector of eigenvalue λ comes out multiplied by 1/(1 − λ).
func TestEigenFixedPoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	n := 6
	a := RandomWeights(n, 0.6, rng)
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, (a.At(i, j)+a.At(j, i))/2)
		}
	}
	input := NormalVector(n, rng)
	got := EigenFixedPoint(sym, input)
	want, err := FixedPoint(mat.DenseCopyOf(sym), input)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if !near(got.AtVec(i), want.AtVec(i), 1e-10) {
			t.Errorf("r[%d] = %g from the eigenvectors, %g solved", i, got.AtVec(i), want.AtVec(i))
		}
	}
	// [[0.5, 0.3], [0.3, 0.5]]: eigenvalues 0.2 along (1, −1) and 0.8 along
	// (1, 1); gains 1.25 and 5.
	two := mat.NewSymDense(2, []float64{0.5, 0.3, 0.3, 0.5})
	if g := ModeGains(two); !near(g[0], 1.25, 1e-12) || !near(g[1], 5, 1e-12) {
		t.Errorf("gains %v, want [1.25 5]", g)
	}
	if r := EigenFixedPoint(two, mat.NewVecDense(2, []float64{1, 1})); !near(r.AtVec(0), 5, 1e-12) || !near(r.AtVec(1), 5, 1e-12) {
		t.Errorf("input (1, 1) gives %v, want (5, 5)", r.RawVector().Data)
	}
}

// The ring network of Ben-Yishai, Bar-Or and Sompolinsky (1995) with
// rectified-linear units, J0 = −2, J2 = 3 above the bump threshold J2 = 2:
// a uniform input leaves a bump wherever the cue put it, and a tuned input
// pulls it to the input's angle.
func TestRing(t *testing.T) {
	const n = 64
	w := RingWeights(n, -2, 3)
	// The weights depend only on θ_i − θ_j.
	if !near(w.At(3, 5), w.At(10, 12), 1e-15) || !near(w.At(0, 0), 1.0/n, 1e-15) {
		t.Error("ring weights")
	}
	cue := TunedInput(n, 10, 5, 1)
	uniform := TunedInput(n, 10, 0, 0)
	traj := Simulate(w, mat.NewVecDense(n, nil), cue, ReLU, 10, 0.5, 200)
	after := Simulate(w, traj[len(traj)-1], uniform, ReLU, 10, 0.5, 500)
	end := after[len(after)-1]
	if p := BumpPosition(end); !near(p, 1, 0.05) {
		t.Errorf("the bump drifted to %g rad, want it to stay near 1 rad", p)
	}
	if mat.Min(end) > 1e-9 || mat.Max(end) < 1 {
		t.Errorf("no bump: rates from %g to %g Hz", mat.Min(end), mat.Max(end))
	}
	moved := Simulate(w, end, TunedInput(n, 10, 5, -2), ReLU, 10, 0.5, 1000)
	if p := BumpPosition(moved[len(moved)-1]); !near(p, -2, 0.05) {
		t.Errorf("under input tuned to −2 rad the bump sits at %g rad", p)
	}
	// The population vector of a single active neuron is its angle.
	one := mat.NewVecDense(4, []float64{0, 0, 3, 0})
	if p := BumpPosition(one); !near(p, math.Pi, 1e-12) {
		t.Errorf("BumpPosition of neuron 2 of 4 = %g, want π", p)
	}
}

// Winner-take-all: with self-weight 0.5 and mutual inhibition 1, only the
// neuron of the largest input stays active, at input/(1 − 0.5).
func TestWinnerTakeAll(t *testing.T) {
	input := mat.NewVecDense(4, []float64{10, 14, 12, 9})
	win, r := WinnerTakeAll(input, 0.5, 1, 10, 0.1, 500)
	if win != 1 || !near(r.AtVec(1), 28, 1e-6) || r.AtVec(0)+r.AtVec(2)+r.AtVec(3) > 1e-9 {
		t.Errorf("winner %d, rates %v; want 1 alone at 28 Hz", win, r.RawVector().Data)
	}
}

// Dale's law, sparse weights, normalization, the balance of excitation and
// inhibition: the identities they must keep.
func TestMatrixHelpers(t *testing.T) {
	w := mat.NewDense(3, 3, []float64{1, -2, 3, -4, 5, -6, 7, -8, 9})
	d := Dale(w, []bool{true, false, true})
	for i := range 3 {
		if d.At(i, 0) < 0 || d.At(i, 1) > 0 || d.At(i, 2) < 0 {
			t.Errorf("Dale row %d: %v", i, mat.Row(nil, i, d))
		}
	}
	s := SparseWeights(300, 0.1, 0.5, rand.New(rand.NewPCG(1, 1)))
	var links float64
	for i := range 300 {
		if s.At(i, i) != 0 {
			t.Fatal("a self-connection")
		}
		for j := range 300 {
			if v := s.At(i, j); v != 0 && v != 0.5 {
				t.Fatalf("weight %g", v)
			} else if v != 0 {
				links++
			}
		}
	}
	if pairs := 300.0 * 299; !near(links/pairs, 0.1, 6*math.Sqrt(0.1*0.9/pairs)) {
		t.Errorf("connection probability %g, want 0.1", links/pairs)
	}
	nrm := NormalizeRows(mat.NewDense(2, 2, []float64{1, 3, 2, 2}), 2)
	if !near(nrm.At(0, 0), 0.5, 1e-15) || !near(nrm.At(0, 1), 1.5, 1e-15) || !near(nrm.At(1, 1), 1, 1e-15) {
		t.Errorf("normalized %v", mat.Formatted(nrm))
	}
	r := mat.NewVecDense(3, []float64{1, 2, 3})
	in := mat.NewVecDense(3, []float64{1, -1, 0})
	exc, inh := Balance(w, r, in)
	net := NetInput(w, r, in)
	for i := range 3 {
		if !near(exc.AtVec(i)-inh.AtVec(i), net.AtVec(i), 1e-12) || exc.AtVec(i) < 0 || inh.AtVec(i) < 0 {
			t.Errorf("neuron %d: exc %g, inh %g, net %g", i, exc.AtVec(i), inh.AtVec(i), net.AtVec(i))
		}
	}
	// Row 0: 1·1 + 3·3 + 1 = 11 excitation, 2·2 = 4 inhibition.
	if exc.AtVec(0) != 11 || inh.AtVec(0) != 4 {
		t.Errorf("neuron 0: exc %g, inh %g; want 11, 4", exc.AtVec(0), inh.AtVec(0))
	}
	c := Connect(3, []Synapse{{From: 0, To: 2, Weight: 0.7}})
	if c.At(2, 0) != 0.7 || c.At(0, 2) != 0 {
		t.Error("Connect: W[To][From]")
	}
}
