package decoding

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestAngleError(t *testing.T) {
	for _, c := range []struct{ a, b, want float64 }{
		{350, 10, 20}, {10, 350, 20}, {0, 180, 180}, {720, 0, 0}, {-90, 90, 180}, {45, 40, 5},
	} {
		if got := AngleError(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AngleError(%g, %g) = %g, want %g", c.a, c.b, got, c.want)
		}
	}
}

func TestPopulationVector(t *testing.T) {
	prefs := []float64{0, 90, 180, 270}
	for _, c := range []struct {
		counts []float64
		want   float64
	}{
		{[]float64{1, 1, 0, 0}, 45},
		{[]float64{0, 0, 1, 1}, 225},
		{[]float64{3, 0, 1, 0}, 0},
		{[]float64{1, 0, 0, 1}, 315},
	} {
		if got := PopulationVector(c.counts, prefs); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("PopulationVector(%v) = %g, want %g", c.counts, got, c.want)
		}
	}
	if got := PopulationVector([]float64{0, 0, 0, 0}, prefs); !math.IsNaN(got) {
		t.Errorf("PopulationVector of no spikes = %g, want NaN", got)
	}
}

// TestRidge checks λ = 0 against the exact least-squares fit of a line
// through noiseless points, and λ > 0 against the closed form for one
// feature: w = Σxy / (Σx² + λ).
func TestRidge(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{1, 0, 1, 1, 1, 2, 1, 3})
	y := mat.NewVecDense(4, []float64{1, 3, 5, 7}) // y = 1 + 2x
	w, err := Ridge(X, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.AtVec(0)-1) > 1e-12 || math.Abs(w.AtVec(1)-2) > 1e-12 {
		t.Errorf("least squares = %v, want [1 2]", mat.Formatted(w.T()))
	}
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	v := mat.NewVecDense(3, []float64{2, 4, 7})
	w, err = Ridge(x, v, 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := (2 + 8 + 21) / (14 + 5.0); math.Abs(w.AtVec(0)-want) > 1e-12 {
		t.Errorf("ridge, one feature = %g, want %g", w.AtVec(0), want)
	}
	if _, err := Ridge(mat.NewDense(3, 2, []float64{1, 2, 2, 4, 3, 6}), v, 0); err == nil {
		t.Error("collinear features with λ = 0: no error")
	}
	// Least squares against gonum's QR solve on a random problem.
	rng := rand.New(rand.NewPCG(1, 2))
	A := mat.NewDense(50, 5, nil)
	b := mat.NewVecDense(50, nil)
	for i := range 50 {
		for j := range 5 {
			A.Set(i, j, rng.NormFloat64())
		}
		b.SetVec(i, rng.NormFloat64())
	}
	w, err = Ridge(A, b, 0)
	if err != nil {
		t.Fatal(err)
	}
	var qr mat.VecDense
	if err := qr.SolveVec(A, b); err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(w, &qr, 1e-10) {
		t.Errorf("normal equations %v, QR %v", mat.Formatted(w.T()), mat.Formatted(qr.T()))
	}
}
