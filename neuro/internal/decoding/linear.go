package decoding

import "gonum.org/v1/gonum/mat"

// This file holds the linear decoders of levels 20–23: least squares and
// ridge (Ridge, in decoding.go), R² on a train/test split, and λ by k-fold
// cross-validation.

// Predict returns X·w.
func Predict(X *mat.Dense, w *mat.VecDense) []float64 {
	var p mat.VecDense
	p.MulVec(X, w)
	return append([]float64(nil), p.RawVector().Data...)
}

// R2 returns the coefficient of determination of the predictions:
// 1 − Σ(y − pred)²/Σ(y − ȳ)², with ȳ the mean of y.
func R2(y, pred []float64) float64 {
	mean := 0.0
	for _, v := range y {
		mean += v / float64(len(y))
	}
	var res, tot float64
	for k, v := range y {
		res += (v - pred[k]) * (v - pred[k])
		tot += (v - mean) * (v - mean)
	}
	return 1 - res/tot
}

// rows returns the rows of X and elements of y whose mask is want.
func rows(X *mat.Dense, y *mat.VecDense, mask []bool, want bool) (*mat.Dense, *mat.VecDense) {
	_, p := X.Dims()
	var data, ys []float64
	for i, m := range mask {
		if m == want {
			data = append(data, X.RawRowView(i)...)
			ys = append(ys, y.AtVec(i))
		}
	}
	return mat.NewDense(len(ys), p, data), mat.NewVecDense(len(ys), ys)
}

// SplitR2 fits Ridge with λ on the rows of X and y where test is false and
// returns R² on those training rows and on the test rows.
func SplitR2(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (trainR2, testR2 float64) {
	Xa, ya := rows(X, y, test, false)
	Xb, yb := rows(X, y, test, true)
	w, err := Ridge(Xa, ya, lambda)
	if err != nil {
		panic(err)
	}
	return R2(ya.RawVector().Data, Predict(Xa, w)), R2(yb.RawVector().Data, Predict(Xb, w))
}

// CrossValidate returns, for each λ, the mean squared error of Ridge in
// k-fold cross-validation, row i in fold i mod k: each fold predicted by
// the weights fitted on the others, the squared errors of all rows summed
// and divided by their number; and the λ with the smallest error, the first
// of equals.
func CrossValidate(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (best float64, mse []float64) {
	n, _ := X.Dims()
	mse = make([]float64, len(lambdas))
	for f := range k {
		held := make([]bool, n)
		for i := f; i < n; i += k {
			held[i] = true
		}
		Xa, ya := rows(X, y, held, false)
		Xb, yb := rows(X, y, held, true)
		for l, lambda := range lambdas {
			w, err := Ridge(Xa, ya, lambda)
			if err != nil {
				panic(err)
			}
			for i, p := range Predict(Xb, w) {
				d := yb.AtVec(i) - p
				mse[l] += d * d / float64(n)
			}
		}
	}
	bestL := 0
	for l := range mse {
		if mse[l] < mse[bestL] {
			bestL = l
		}
	}
	return lambdas[bestL], mse
}
