// Package decoding holds the reference answers of Project 8, Decoding and
// Information, that Project 10 reuses on its circuit. Units: directions in
// degrees, counts in spikes.
package decoding

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// AngleError returns the circular distance (degrees, in [0, 180]) between two
// directions a and b (degrees): 350° and 10° are 20° apart, not 340°.
func AngleError(a, b float64) float64 {
	d := math.Abs(math.Mod(a-b, 360))
	return math.Min(d, 360-d)
}

// PopulationVector returns the direction (degrees, in [0, 360)) of the sum of
// unit vectors at the preferred directions prefs (degrees), each weighted by
// its neuron's count. With every count zero the sum has no direction and the
// result is NaN.
func PopulationVector(counts, prefs []float64) float64 {
	var x, y float64
	for i, n := range counts {
		s, c := math.Sincos(prefs[i] * math.Pi / 180)
		x += n * c
		y += n * s
	}
	if x == 0 && y == 0 {
		return math.NaN()
	}
	return math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
}

// Ridge returns the weights w that minimise |X·w − y|² + λ|w|², found by
// solving the normal equations (XᵀX + λI)·w = Xᵀy; with λ = 0 it is the
// least-squares solution. X has one row per sample and one column per
// feature. It returns an error when the system is singular.
func Ridge(X *mat.Dense, y *mat.VecDense, lambda float64) (*mat.VecDense, error) {
	_, p := X.Dims()
	var a mat.SymDense
	a.SymOuterK(1, X.T())
	for i := range p {
		a.SetSym(i, i, a.At(i, i)+lambda)
	}
	var b mat.VecDense
	b.MulVec(X.T(), y)
	var ch mat.Cholesky
	if !ch.Factorize(&a) {
		return nil, errSingular
	}
	var w mat.VecDense
	if err := ch.SolveVecTo(&w, &b); err != nil {
		return nil, err
	}
	return &w, nil
}

type singularError struct{}

func (singularError) Error() string {
	return "decoding: XᵀX + λI is singular (too few samples or λ = 0 with collinear features)"
}

var errSingular error = singularError{}
