package decoding

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/check/checktest"
	"github.com/neurogo/course/neuro/internal/coding"
	ref "github.com/neurogo/course/neuro/internal/decoding"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// refMLError is the reference of Level 25 with the learner's signature.
func refMLError(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
	return ref.MLError(s, pop.Prefs, pop.Width, pop.Base, pop.Amp, pop.Window, grid, trials, rng)
}

func ridge(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
	w, err := ref.Ridge(X, y, lambda)
	if err != nil {
		panic(err)
	}
	return w
}

// splitFit returns the ridge weights fitted on the rows not in held, solved
// by QR on the data stacked over √λ·I.
func splitFit(X *mat.Dense, y *mat.VecDense, lambda float64, held []bool) *mat.VecDense {
	_, p := X.Dims()
	var rows [][]float64
	var ys []float64
	for i, h := range held {
		if !h {
			rows, ys = append(rows, X.RawRowView(i)), append(ys, y.AtVec(i))
		}
	}
	a := mat.NewDense(len(rows)+p, p, nil)
	b := mat.NewVecDense(len(rows)+p, nil)
	for r, row := range rows {
		a.SetRow(r, row)
		b.SetVec(r, ys[r])
	}
	for k := range p {
		a.Set(len(rows)+k, k, math.Sqrt(lambda))
	}
	var w mat.VecDense
	if err := w.SolveVec(a, b); err != nil {
		panic(err)
	}
	return &w
}

// otherStream returns a generator independent of rng: a right answer that
// draws its random numbers in another order than the reference.
func otherStream(rng *rand.Rand) *rand.Rand { return rand.New(rand.NewPCG(rng.Uint64(), 99)) }

var levelTests = []checktest.Level{
	{Check: CheckCenterOfMass, Right: ref.CenterOfMass,
		Variants: []any{
			// floats.Dot over floats.Sum.
			func(counts, prefs []float64) float64 { return floats.Dot(counts, prefs) / floats.Sum(counts) },
			// A weighted running mean.
			func(counts, prefs []float64) float64 {
				var m, w float64
				for i, n := range counts {
					if n > 0 {
						w += n
						m += n / w * (prefs[i] - m)
					}
				}
				return m
			},
		},
		// Forgets to divide by the total count.
		Wrong: func(counts, prefs []float64) float64 {
			s := 0.0
			for i, n := range counts {
				s += n * prefs[i]
			}
			return s
		}},
	{Check: CheckWinnerTakeAll, Right: ref.WinnerTakeAll,
		Variants: []any{
			// slices.Max, then the first index that holds it.
			func(counts, prefs []float64) float64 { return prefs[slices.Index(counts, slices.Max(counts))] },
			// floats.MaxIdx.
			func(counts, prefs []float64) float64 { return prefs[floats.MaxIdx(counts)] },
		},
		// Returns the index of the winner, not its preferred direction.
		Wrong: func(counts, prefs []float64) float64 {
			return float64(slices.Index(prefs, ref.WinnerTakeAll(counts, prefs)))
		}},
	{Check: CheckPopulationVector, Right: ref.PopulationVector,
		Variants: []any{
			// A complex sum of unit vectors, its phase shifted into [0°, 360°) by an if.
			func(counts, prefs []float64) float64 {
				var z complex128
				for i, n := range counts {
					z += complex(n, 0) * cmplx.Rect(1, prefs[i]/180*math.Pi)
				}
				if z == 0 {
					return math.NaN()
				}
				d := cmplx.Phase(z) * 180 / math.Pi
				if d < 0 {
					d += 360
				}
				return d
			},
			// Radians once, the components summed apart.
			func(counts, prefs []float64) float64 {
				var x, y float64
				for i := range counts {
					a := prefs[i] * (math.Pi / 180)
					x += counts[i] * math.Cos(a)
				}
				for i := range counts {
					y += counts[i] * math.Sin(prefs[i]*(math.Pi/180))
				}
				if x == 0 && y == 0 {
					return math.NaN()
				}
				return math.Mod(360+math.Atan2(y, x)/math.Pi*180, 360)
			},
		},
		// math.Atan(y/x): the direction only up to 180°.
		Wrong: func(counts, prefs []float64) float64 {
			var x, y float64
			for i, n := range counts {
				x += n * math.Cos(prefs[i]*math.Pi/180)
				y += n * math.Sin(prefs[i]*math.Pi/180)
			}
			return math.Mod(math.Atan(y/x)*180/math.Pi+360, 360)
		}},
	{Check: CheckAngleError, Right: ref.AngleError,
		Variants: []any{
			// math.Remainder: the signed difference in [−180°, 180°].
			func(a, b float64) float64 { return math.Abs(math.Remainder(a-b, 360)) },
			// The difference folded by hand.
			func(a, b float64) float64 {
				d := math.Mod(math.Abs(b-a), 360)
				if d > 180 {
					d = 360 - d
				}
				return d
			},
		},
		// |a − b| modulo 360 without taking the shorter way round.
		Wrong: func(a, b float64) float64 { return math.Abs(math.Mod(a-b, 360)) }},
	{Check: CheckLogLikelihood, Right: ref.LogLikelihood,
		Variants: []any{
			// The counts and the means summed apart: Σ n·log μ − Σ μ.
			func(counts, means []float64) float64 {
				var a, b float64
				for i, n := range counts {
					if n > 0 {
						a += n * math.Log(means[i])
					}
					b += means[i]
				}
				return a - b
			},
			// log(μⁿ·e^(−μ)) term by term, with the log of a power as n·log μ.
			func(counts, means []float64) float64 {
				var l float64
				for i := range counts {
					t := -means[i]
					if counts[i] != 0 {
						t += counts[i] * math.Log(means[i])
					}
					l += t
				}
				return l
			},
		},
		// Forgets the −μ term.
		Wrong: func(counts, means []float64) float64 {
			l := 0.0
			for i, n := range counts {
				if n != 0 {
					l += n * math.Log(means[i])
				}
			}
			return l
		}},
	{Check: CheckMLDecode, Right: ref.MLDecode,
		Variants: []any{
			// Level 5's log-likelihood written as Σ(n·log μ − μ), the grid walked backwards keeping ties.
			func(counts, grid []float64, means [][]float64) float64 {
				best, bestL := len(grid)-1, math.Inf(-1)
				for j := len(grid) - 1; j >= 0; j-- {
					var l float64
					for i, n := range counts {
						if n > 0 {
							l += n*math.Log(means[j][i]) - means[j][i]
						} else {
							l -= means[j][i]
						}
					}
					if l >= bestL {
						best, bestL = j, l
					}
				}
				return grid[best]
			},
			// The likelihoods in a slice, the first largest by floats.MaxIdx.
			func(counts, grid []float64, means [][]float64) float64 {
				ls := make([]float64, len(grid))
				for j := range grid {
					ls[j] = ref.LogLikelihood(counts, means[j])
				}
				return grid[floats.MaxIdx(ls)]
			},
		},
		// Returns the grid index of the best direction, not the direction.
		Wrong: func(counts, grid []float64, means [][]float64) float64 {
			return float64(slices.Index(grid, ref.MLDecode(counts, grid, means)))
		}},
	{Check: CheckMAPDecode, Right: ref.MAPDecode,
		Variants: []any{
			// A flat prior written as nil handled apart; the log prior added first.
			func(counts, grid []float64, means [][]float64, prior []float64) float64 {
				ls := make([]float64, len(grid))
				for j := range grid {
					if prior != nil {
						ls[j] = math.Log(prior[j])
					}
					ls[j] += ref.LogLikelihood(counts, means[j])
				}
				return grid[floats.MaxIdx(ls)]
			},
			// The posterior itself, normalised, its largest value.
			func(counts, grid []float64, means [][]float64, prior []float64) float64 {
				logs := make([]float64, len(grid))
				for j := range grid {
					logs[j] = ref.LogLikelihood(counts, means[j])
					if prior != nil {
						logs[j] += math.Log(prior[j])
					}
				}
				top := floats.Max(logs)
				post := make([]float64, len(grid))
				for j, l := range logs {
					post[j] = math.Exp(l - top)
				}
				floats.Scale(1/floats.Sum(post), post)
				return grid[floats.MaxIdx(post)]
			},
		},
		// Ignores the prior: maximum likelihood.
		Wrong: func(counts, grid []float64, means [][]float64, prior []float64) float64 {
			return ref.MLDecode(counts, grid, means)
		}},
	{Check: CheckRMSError, Right: ref.RMSError,
		Variants: []any{
			// A running mean of the squared circular errors.
			func(estimates, truths []float64) float64 {
				var m float64
				for k := range estimates {
					d := math.Remainder(estimates[k]-truths[k], 360)
					m += (d*d - m) / float64(k+1)
				}
				return math.Sqrt(m)
			},
			// The errors gathered, the root of their mean square through floats.Norm.
			func(estimates, truths []float64) float64 {
				errs := make([]float64, len(estimates))
				for k := range errs {
					errs[k] = ref.AngleError(truths[k], estimates[k])
				}
				return floats.Norm(errs, 2) / math.Sqrt(float64(len(errs)))
			},
		},
		// Errors as plain differences, not around the circle.
		Wrong: func(estimates, truths []float64) float64 {
			s := 0.0
			for k, e := range estimates {
				s += (e - truths[k]) * (e - truths[k])
			}
			return math.Sqrt(s / float64(len(estimates)))
		}},
	{Check: CheckDPrime, Right: ref.DPrime,
		Variants: []any{
			// gonum's stat.MeanVariance.
			func(a, b []float64) float64 {
				ma, va := stat.MeanVariance(a, nil)
				mb, vb := stat.MeanVariance(b, nil)
				return (mb - ma) / math.Sqrt(0.5*va+0.5*vb)
			},
			// Sums of x and x² in one pass.
			func(a, b []float64) float64 {
				mv := func(x []float64) (float64, float64) {
					var s, s2 float64
					for _, v := range x {
						s, s2 = s+v, s2+v*v
					}
					n := float64(len(x))
					return s / n, (s2 - s*s/n) / (n - 1)
				}
				ma, va := mv(a)
				mb, vb := mv(b)
				return (mb - ma) / math.Sqrt((va+vb)/2)
			},
		},
		// √(var a + var b) without the /2.
		Wrong: func(a, b []float64) float64 { return ref.DPrime(a, b) / math.Sqrt2 }},
	{Check: CheckROC, Right: ref.ROC,
		Variants: []any{
			// The thresholds from a map of the values, sorted downwards.
			func(a, b []float64) ([]float64, []float64) {
				seen := map[float64]bool{}
				var thresholds []float64
				for _, v := range slices.Concat(a, b) {
					if !seen[v] {
						seen[v] = true
						thresholds = append(thresholds, v)
					}
				}
				slices.Sort(thresholds)
				slices.Reverse(thresholds)
				fpr, tpr := []float64{0}, []float64{0}
				for _, th := range thresholds {
					var na, nb float64
					for _, v := range a {
						if v >= th {
							na++
						}
					}
					for _, v := range b {
						if v >= th {
							nb++
						}
					}
					fpr, tpr = append(fpr, na/float64(len(a))), append(tpr, nb/float64(len(b)))
				}
				return fpr, tpr
			},
			// Both samples sorted, each threshold's counts from a binary search.
			func(a, b []float64) ([]float64, []float64) {
				sa, sb := slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
				values := slices.Compact(slices.Sorted(slices.Values(slices.Concat(a, b))))
				fpr, tpr := []float64{0}, []float64{0}
				for k := len(values) - 1; k >= 0; k-- {
					i, _ := slices.BinarySearch(sa, values[k])
					j, _ := slices.BinarySearch(sb, values[k])
					fpr = append(fpr, float64(len(sa)-i)/float64(len(sa)))
					tpr = append(tpr, float64(len(sb)-j)/float64(len(sb)))
				}
				return fpr, tpr
			},
		},
		// "Above θ" instead of "at least θ".
		Wrong: func(a, b []float64) ([]float64, []float64) {
			values := slices.Compact(slices.Sorted(slices.Values(slices.Concat(a, b))))
			fpr, tpr := []float64{0}, []float64{0}
			for k := len(values) - 1; k >= 0; k-- {
				fpr = append(fpr, above(a, values[k]))
				tpr = append(tpr, above(b, values[k]))
			}
			return fpr, tpr
		}},
	{Check: CheckAUC, Right: ref.AUC,
		Variants: []any{
			// Half the sum of the heights times the widths, the ½ taken out.
			func(fpr, tpr []float64) float64 {
				var s float64
				for k := range len(fpr) - 1 {
					s += (tpr[k] + tpr[k+1]) * (fpr[k+1] - fpr[k])
				}
				return s / 2
			},
			// Rectangles plus triangles.
			func(fpr, tpr []float64) float64 {
				var area float64
				for k := 1; k < len(fpr); k++ {
					w := fpr[k] - fpr[k-1]
					area += w*tpr[k-1] + w*(tpr[k]-tpr[k-1])/2
				}
				return area
			},
		},
		// Rectangles of the lower height instead of trapezoids.
		Wrong: func(fpr, tpr []float64) float64 {
			area := 0.0
			for k := 1; k < len(fpr); k++ {
				area += (fpr[k] - fpr[k-1]) * tpr[k-1]
			}
			return area
		}},
	{Check: CheckTwoAFC, Right: ref.TwoAFC,
		Variants: []any{
			// Wins and ties counted as integers.
			func(a, b []float64) float64 {
				wins, ties := 0, 0
				for _, y := range b {
					for _, x := range a {
						if y > x {
							wins++
						} else if y == x {
							ties++
						}
					}
				}
				return (float64(wins) + float64(ties)/2) / float64(len(a)) / float64(len(b))
			},
			// Mann–Whitney by ranks: b's rank sum, ties given their mean rank.
			func(a, b []float64) float64 {
				all := slices.Sorted(slices.Values(slices.Concat(a, b)))
				rank := func(v float64) float64 {
					lo, _ := slices.BinarySearch(all, v)
					hi := lo
					for hi < len(all) && all[hi] == v {
						hi++
					}
					return float64(lo+hi+1) / 2
				}
				var r float64
				for _, y := range b {
					r += rank(y)
				}
				nb, na := float64(len(b)), float64(len(a))
				return (r - nb*(nb+1)/2) / (na * nb)
			},
		},
		// A tie counts as a loss, not a guess.
		Wrong: func(a, b []float64) float64 {
			wins := 0.0
			for _, x := range a {
				for _, y := range b {
					if y > x {
						wins++
					}
				}
			}
			return wins / float64(len(a)*len(b))
		}},
	{Check: CheckEntropy, Right: ref.Entropy,
		Variants: []any{
			// log₂ as ln/ln 2.
			func(p []float64) float64 {
				var h float64
				for _, x := range p {
					if x != 0 {
						h += x * math.Log(x)
					}
				}
				return -h / math.Ln2
			},
			// −Σ p·log₂ p as Σ p·log₂(1/p).
			func(p []float64) float64 {
				var h float64
				for _, x := range p {
					if x > 0 {
						h += x * math.Log2(1/x)
					}
				}
				return h
			},
		},
		// Natural log: nats, not bits.
		Wrong: func(p []float64) float64 { return ref.Entropy(p) * math.Ln2 }},
	{Check: CheckPoissonEntropy, Right: ref.PoissonEntropy,
		Variants: []any{
			// The probabilities by recursion p(n) = p(n−1)·μ/n, summed until they vanish past the mean.
			func(mean float64) float64 {
				if mean == 0 {
					return 0
				}
				var h float64
				lp := -mean
				for n := 0; ; n++ {
					if n > 0 {
						lp += math.Log(mean / float64(n))
					}
					p := math.Exp(lp)
					h -= p * lp
					if float64(n) > mean && p < 1e-300 {
						break
					}
				}
				return h / math.Ln2
			},
			// Entropy as E[−log₂ p], with log n! from math.Lgamma and a fixed long range.
			func(mean float64) float64 {
				if mean == 0 {
					return 0
				}
				var h float64
				for n := 0.0; n < mean+50*math.Sqrt(mean)+200; n++ {
					lg, _ := math.Lgamma(n + 1)
					lp := n*math.Log(mean) - mean - lg
					h += math.Exp(lp) * (-lp / math.Ln2)
				}
				return h
			},
		},
		// The Gaussian approximation ½ log₂(2πeμ).
		Wrong: func(mean float64) float64 { return 0.5 * math.Log2(2*math.Pi*math.E*mean) }},
	{Check: CheckJointDistribution, Right: ref.JointDistribution,
		Variants: []any{
			// Counts first, divided at the end.
			func(stimuli, responses []int, ns, nr int) [][]float64 {
				joint := make([][]float64, ns)
				for s := range joint {
					joint[s] = make([]float64, nr)
				}
				for k := range stimuli {
					joint[stimuli[k]][responses[k]]++
				}
				for _, row := range joint {
					floats.Scale(1/float64(len(stimuli)), row)
				}
				return joint
			},
			// Each cell counted by a scan of the trials.
			func(stimuli, responses []int, ns, nr int) [][]float64 {
				var joint [][]float64
				for s := range ns {
					row := make([]float64, nr)
					for r := range nr {
						n := 0
						for k := range stimuli {
							if stimuli[k] == s && responses[k] == r {
								n++
							}
						}
						row[r] = float64(n) / float64(len(stimuli))
					}
					joint = append(joint, row)
				}
				return joint
			},
		},
		// Normalises each stimulus's row: p(r|s), not p(s, r).
		Wrong: func(stimuli, responses []int, ns, nr int) [][]float64 {
			joint := ref.JointDistribution(stimuli, responses, ns, nr)
			for _, row := range joint {
				sum := 0.0
				for _, p := range row {
					sum += p
				}
				for r := range row {
					if sum > 0 {
						row[r] /= sum
					}
				}
			}
			return joint
		}},
	{Check: CheckConditionalEntropy, Right: ref.ConditionalEntropy,
		Variants: []any{
			// The chain rule: H(S, R) − H(S).
			func(joint [][]float64) float64 {
				ps, _ := ref.Marginals(joint)
				return ref.Entropy(slices.Concat(joint...)) - ref.Entropy(ps)
			},
			// Σ_s p(s)·H(R | s), each row normalised.
			func(joint [][]float64) float64 {
				var h float64
				for _, row := range joint {
					ps := floats.Sum(row)
					if ps == 0 {
						continue
					}
					cond := slices.Clone(row)
					floats.Scale(1/ps, cond)
					h += ps * ref.Entropy(cond)
				}
				return h
			},
		},
		// The joint entropy H(S, R).
		Wrong: func(joint [][]float64) float64 { return ref.Entropy(slices.Concat(joint...)) }},
	{Check: CheckMutualInfo, Right: ref.MutualInfo,
		Variants: []any{
			// H(S) + H(R) − H(S, R).
			func(joint [][]float64) float64 {
				ps, pr := ref.Marginals(joint)
				return ref.Entropy(ps) + ref.Entropy(pr) - ref.Entropy(slices.Concat(joint...))
			},
			// H(R) − H(R | S).
			func(joint [][]float64) float64 {
				_, pr := ref.Marginals(joint)
				return ref.Entropy(pr) - ref.ConditionalEntropy(joint)
			},
		},
		// In nats.
		Wrong: func(joint [][]float64) float64 { return ref.MutualInfo(joint) * math.Ln2 }},
	{Check: CheckInfoFraction, Right: ref.InfoFraction,
		Variants: []any{
			// 1 − H(S | R)/H(S): H(S | R) = H(S, R) − H(R).
			func(joint [][]float64) float64 {
				ps, pr := ref.Marginals(joint)
				hs := ref.Entropy(ps)
				return 1 - (ref.Entropy(slices.Concat(joint...))-ref.Entropy(pr))/hs
			},
			// The marginal of S summed row by row, the information from entropies.
			func(joint [][]float64) float64 {
				ps := make([]float64, len(joint))
				for s, row := range joint {
					ps[s] = floats.Sum(row)
				}
				_, pr := ref.Marginals(joint)
				return (ref.Entropy(ps) + ref.Entropy(pr) - ref.Entropy(slices.Concat(joint...))) / ref.Entropy(ps)
			},
		},
		// Divides by H(R), the response entropy.
		Wrong: func(joint [][]float64) float64 {
			_, pr := ref.Marginals(joint)
			return ref.MutualInfo(joint) / ref.Entropy(pr)
		}},
	{Check: CheckShuffleCorrected, Right: ref.ShuffleCorrected,
		Variants: []any{
			// The shuffled information summed, then divided.
			func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				plugin := ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr))
				r := slices.Clone(responses)
				var sum float64
				for range shuffles {
					rng.Shuffle(len(r), func(i, j int) { r[i], r[j] = r[j], r[i] })
					sum += ref.MutualInfo(ref.JointDistribution(stimuli, r, ns, nr))
				}
				return plugin, plugin - sum/float64(shuffles)
			},
			// Each shuffle a fresh permutation of the responses from rng.Perm, another stream.
			func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				r := otherStream(rng)
				plugin := ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr))
				var mean float64
				for k := range shuffles {
					perm := r.Perm(len(responses))
					shuffled := make([]int, len(responses))
					for i, j := range perm {
						shuffled[i] = responses[j]
					}
					mean += (ref.MutualInfo(ref.JointDistribution(stimuli, shuffled, ns, nr)) - mean) / float64(k+1)
				}
				return plugin, plugin - mean
			},
		},
		// No correction: the plug-in value twice.
		Wrong: func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
			p, _ := ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, rng)
			return p, p
		}},
	{Check: CheckLeastSquares,
		Right: func(X *mat.Dense, y *mat.VecDense) *mat.VecDense { return ridge(X, y, 0) },
		Variants: []any{
			// QR: gonum's SolveVec on the tall matrix.
			func(X *mat.Dense, y *mat.VecDense) *mat.VecDense {
				var w mat.VecDense
				if err := w.SolveVec(X, y); err != nil {
					panic(err)
				}
				return &w
			},
			// The normal equations by a general solve of XᵀX.
			func(X *mat.Dense, y *mat.VecDense) *mat.VecDense {
				var a mat.Dense
				a.Mul(X.T(), X)
				var b, w mat.VecDense
				b.MulVec(X.T(), y)
				if err := w.SolveVec(&a, &b); err != nil {
					panic(err)
				}
				return &w
			},
		},
		// Xᵀy, the correlation, without solving.
		Wrong: func(X *mat.Dense, y *mat.VecDense) *mat.VecDense {
			var b mat.VecDense
			b.MulVec(X.T(), y)
			return &b
		}},
	{Check: CheckRidge, Right: ridge,
		Variants: []any{
			// The data stacked over √λ·I, solved by QR.
			func(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
				n, p := X.Dims()
				a := mat.NewDense(n+p, p, nil)
				a.Slice(0, n, 0, p).(*mat.Dense).Copy(X)
				for i := range p {
					a.Set(n+i, i, math.Sqrt(lambda))
				}
				b := mat.NewVecDense(n+p, nil)
				b.SliceVec(0, n).(*mat.VecDense).CopyVec(y)
				var w mat.VecDense
				if err := w.SolveVec(a, b); err != nil {
					panic(err)
				}
				return &w
			},
			// XᵀX + λI formed with an identity matrix, solved by LU.
			func(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
				_, p := X.Dims()
				id := mat.NewDiagDense(p, nil)
				for i := range p {
					id.SetDiag(i, lambda)
				}
				var a mat.Dense
				a.Mul(X.T(), X)
				a.Add(&a, id)
				var b, w mat.VecDense
				b.MulVec(X.T(), y)
				var lu mat.LU
				lu.Factorize(&a)
				if err := lu.SolveVecTo(&w, false, &b); err != nil {
					panic(err)
				}
				return &w
			},
		},
		// Adds λ to every element of XᵀX, not to its diagonal.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambda float64) *mat.VecDense {
			_, p := X.Dims()
			var a mat.Dense
			a.Mul(X.T(), X)
			for i := range p {
				for j := range p {
					a.Set(i, j, a.At(i, j)+lambda)
				}
			}
			var b, w mat.VecDense
			b.MulVec(X.T(), y)
			if err := w.SolveVec(&a, &b); err != nil {
				panic(err)
			}
			return &w
		}},
	{Check: CheckSplitR2, Right: ref.SplitR2,
		Variants: []any{
			// The fit by QR, R² from gonum's stat.RSquaredFrom.
			func(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (float64, float64) {
				w := splitFit(X, y, lambda, test)
				var tr, trP, te, teP []float64
				for i, p := range ref.Predict(X, w) {
					if test[i] {
						te, teP = append(te, y.AtVec(i)), append(teP, p)
					} else {
						tr, trP = append(tr, y.AtVec(i)), append(trP, p)
					}
				}
				return stat.RSquaredFrom(trP, tr, nil), stat.RSquaredFrom(teP, te, nil)
			},
			// The rows picked by index lists for Level 21's Ridge; R² from sums of squares in one pass.
			func(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (float64, float64) {
				var train, held []int
				for i, t := range test {
					if t {
						held = append(held, i)
					} else {
						train = append(train, i)
					}
				}
				_, p := X.Dims()
				xa, ya := mat.NewDense(len(train), p, nil), mat.NewVecDense(len(train), nil)
				for r, i := range train {
					xa.SetRow(r, X.RawRowView(i))
					ya.SetVec(r, y.AtVec(i))
				}
				w := ridge(xa, ya, lambda)
				r2 := func(rows []int) float64 {
					var s, s2, res float64
					for _, i := range rows {
						v := y.AtVec(i)
						d := v - mat.Dot(X.RowView(i), w)
						s, s2, res = s+v, s2+v*v, res+d*d
					}
					n := float64(len(rows))
					return 1 - res/(s2-s*s/n)
				}
				return r2(train), r2(held)
			},
		},
		// Fits on every row, the test rows included.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambda float64, test []bool) (float64, float64) {
			p := ref.Predict(X, ridge(X, y, lambda))
			var ya, pa, yb, pb []float64
			for i, t := range test {
				if t {
					yb, pb = append(yb, y.AtVec(i)), append(pb, p[i])
				} else {
					ya, pa = append(ya, y.AtVec(i)), append(pa, p[i])
				}
			}
			return ref.R2(ya, pa), ref.R2(yb, pb)
		}},
	{Check: CheckCrossValidate, Right: ref.CrossValidate,
		Variants: []any{
			// The λ loop outside the folds, each fold's rows gathered by index.
			func(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (float64, []float64) {
				n, _ := X.Dims()
				mse := make([]float64, len(lambdas))
				for l, lambda := range lambdas {
					for f := range k {
						held := make([]bool, n)
						for i := range n {
							held[i] = i%k == f
						}
						w := splitFit(X, y, lambda, held)
						for i := range n {
							if held[i] {
								d := y.AtVec(i) - mat.Dot(X.RowView(i), w)
								mse[l] += d * d
							}
						}
					}
					mse[l] /= float64(n)
				}
				return lambdas[floats.MinIdx(mse)], mse
			},
			// Each fold's errors averaged over the whole set at once, the best by slices.Min.
			func(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (float64, []float64) {
				n, _ := X.Dims()
				mse := make([]float64, len(lambdas))
				for l, lambda := range lambdas {
					var sq []float64
					for f := range k {
						held := make([]bool, n)
						for i := f; i < n; i += k {
							held[i] = true
						}
						w := splitFit(X, y, lambda, held)
						p := ref.Predict(X, w)
						for i := range n {
							if held[i] {
								sq = append(sq, (p[i]-y.AtVec(i))*(p[i]-y.AtVec(i)))
							}
						}
					}
					mse[l] = stat.Mean(sq, nil)
				}
				return lambdas[slices.Index(mse, slices.Min(mse))], mse
			},
		},
		// Scores each λ on the rows it was fitted to: the training error.
		Wrong: func(X *mat.Dense, y *mat.VecDense, lambdas []float64, k int) (float64, []float64) {
			n, _ := X.Dims()
			mse := make([]float64, len(lambdas))
			for l, lambda := range lambdas {
				p := ref.Predict(X, ridge(X, y, lambda))
				for i := range n {
					mse[l] += (y.AtVec(i) - p[i]) * (y.AtVec(i) - p[i]) / float64(n)
				}
			}
			return lambdas[slices.Index(mse, slices.Min(mse))], mse
		}},
	{Check: CheckDecodeTrace, Right: ref.DecodeTrace,
		Variants: []any{
			// A running window sum: the new bin in, the old one out.
			func(counts [][]float64, prefs []float64, window int) []float64 {
				sum := make([]float64, len(prefs))
				out := make([]float64, len(counts))
				for t := range counts {
					floats.Add(sum, counts[t])
					if t >= window {
						floats.Sub(sum, counts[t-window])
					}
					out[t] = ref.PopulationVector(sum, prefs)
				}
				return out
			},
			// The window's counts summed fresh each time, from its first bin.
			func(counts [][]float64, prefs []float64, window int) []float64 {
				var out []float64
				for t := range counts {
					sum := make([]float64, len(prefs))
					for _, c := range counts[max(0, t-window+1) : t+1] {
						for i := range sum {
							sum[i] += c[i]
						}
					}
					out = append(out, ref.PopulationVector(sum, prefs))
				}
				return out
			},
		},
		// A centred window that looks ahead.
		Wrong: func(counts [][]float64, prefs []float64, window int) []float64 {
			out := ref.DecodeTrace(counts, prefs, window)
			ahead := ref.DecodeTrace(reversed(counts), prefs, window)
			for t := range out {
				out[t] = ahead[len(out)-1-t]
			}
			return out
		}},
	{Check: CheckMLError, Right: refMLError,
		Variants: []any{
			// Through Level 6's decoder, the errors kept and their RMS taken at the end.
			func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				means := pop.Means(grid)
				errs := make([]float64, trials)
				for k := range errs {
					errs[k] = ref.AngleError(ref.MLDecode(pop.Counts(s, rng), grid, means), s)
				}
				return floats.Norm(errs, 2) / math.Sqrt(float64(trials))
			},
			// The counts from another stream, a running mean of the squared errors.
			func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				r := otherStream(rng)
				means := pop.Means(grid)
				var m float64
				for k := range trials {
					d := math.Remainder(ref.MLDecode(pop.Counts(s, r), grid, means)-s, 360)
					m += (d*d - m) / float64(k+1)
				}
				return math.Sqrt(m)
			},
		},
		// Plain differences: near 0°, an estimate of 358° is 358° off.
		Wrong: func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
			means := pop.Means(grid)
			sum := 0.0
			for range trials {
				d := ref.MLDecode(pop.Counts(s, rng), grid, means) - s
				sum += d * d
			}
			return math.Sqrt(sum / float64(trials))
		}},
}

func above(x []float64, theta float64) float64 {
	n := 0
	for _, v := range x {
		if v > theta {
			n++
		}
	}
	return float64(n) / float64(len(x))
}

func reversed(x [][]float64) [][]float64 {
	y := slices.Clone(x)
	slices.Reverse(y)
	return y
}

func TestLevels(t *testing.T) { checktest.Run(t, Project, levelTests) }

// A right answer whose random numbers differ from the reference's passes
// the statistical levels.
func TestStatisticalLevelsAcceptOtherStreams(t *testing.T) {
	for _, tt := range []struct {
		level int
		res   func() check.Result
	}{
		{19, func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				return ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, otherStream(rng))
			})
		}},
		{25, func() check.Result {
			return CheckMLError(func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				return refMLError(pop, s, grid, trials, otherStream(rng))
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("level %d, another random stream: %s\n%s", tt.level, res.Status, res.Message)
		}
	}
}

// Right answers that differ from the references in harmless ways pass: a
// population vector of 360° for 0° (adding 360° to −0°), and functions that
// change their inputs in place (the check hands them copies).
func TestHarmlessVariantsPass(t *testing.T) {
	for _, tt := range []struct {
		name string
		res  func() check.Result
	}{
		{"population vector 360° for 0°", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				if d := ref.PopulationVector(counts, prefs); d != 0 {
					return d
				}
				return 360
			})
		}},
		{"shuffling the responses in place", func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				plugin := ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr))
				mean := 0.0
				for range shuffles {
					rng.Shuffle(len(responses), func(i, j int) { responses[i], responses[j] = responses[j], responses[i] })
					mean += ref.MutualInfo(ref.JointDistribution(stimuli, responses, ns, nr)) / float64(shuffles)
				}
				return plugin, plugin - mean
			})
		}},
		{"sorting the counts in place", func() check.Result {
			return CheckROC(func(a, b []float64) ([]float64, []float64) {
				slices.Sort(a)
				slices.Sort(b)
				return ref.ROC(a, b)
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Passed {
			t.Errorf("%s: %s, want passed\n%s", tt.name, res.Status, res.Message)
		}
	}
}

// More typical mistakes, each of which must fail.
func TestMoreMistakes(t *testing.T) {
	for _, tt := range []struct {
		name string
		res  func() check.Result
	}{
		{"population vector with degrees given to math.Cos", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				var x, y float64
				for i, n := range counts {
					x += n * math.Cos(prefs[i])
					y += n * math.Sin(prefs[i])
				}
				return math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
			})
		}},
		{"population vector in (−180°, 180°]", func() check.Result {
			return CheckPopulationVector(func(counts, prefs []float64) float64 {
				return ref.PopulationVector(counts, prefs) - 360*math.Floor(ref.PopulationVector(counts, prefs)/180)
			})
		}},
		{"MAP multiplying the log-likelihood by the prior", func() check.Result {
			return CheckMAPDecode(func(counts, grid []float64, means [][]float64, prior []float64) float64 {
				best, bestL := 0, math.Inf(-1)
				for j := range grid {
					if l := ref.LogLikelihood(counts, means[j]) * prior[j]; l > bestL {
						best, bestL = j, l
					}
				}
				return grid[best]
			})
		}},
		{"shuffling stimuli and responses together", func() check.Result {
			return CheckShuffleCorrected(func(stimuli, responses []int, ns, nr, shuffles int, rng *rand.Rand) (float64, float64) {
				p, _ := ref.ShuffleCorrected(stimuli, responses, ns, nr, shuffles, rng)
				return p, 0
			})
		}},
		{"ML error as the mean squared error, without the square root", func() check.Result {
			return CheckMLError(func(pop Population, s float64, grid []float64, trials int, rng *rand.Rand) float64 {
				e := refMLError(pop, s, grid, trials, rng)
				return e * e
			})
		}},
	} {
		if res := tt.res(); res.Status != check.Failed {
			t.Errorf("%s: %s, want failed\n%s", tt.name, res.Status, res.Message)
		}
	}
}

// The helpers the learner and the cases use without the references match
// them: the population's preferred directions, rates, mean counts and
// counts, and the grid.
func TestHelpers(t *testing.T) {
	for _, n := range []int{1, 7, 16, 32} {
		if err := check.CompareSlice(NewPopulation(n).Prefs, coding.Preferred(n, 0, 360), check.Tol{Abs: 1e-12}); err != nil {
			t.Errorf("NewPopulation(%d).Prefs: %v", n, err)
		}
	}
	for _, step := range []float64{0.5, 1, 1.5, 2, 5, 7} {
		if err := check.CompareSlice(Grid(step), coding.Preferred(int(math.Ceil(360/step)), 0, math.Ceil(360/step)*step), check.Tol{Abs: 1e-12}); err != nil {
			t.Errorf("Grid(%g): %v", step, err)
		}
	}
	pop := NewPopulation(12)
	pop.Window = 150
	grid := []float64{0, 17, 359.5, 180, -40, 725}
	for j, s := range grid {
		if err := check.CompareSlice(pop.Rates(s), ref.CircularRates(s, pop.Prefs, pop.Width, pop.Base, pop.Amp), check.Exact); err != nil {
			t.Errorf("Rates(%g): %v", s, err)
		}
		want := ref.MeanCounts(grid, pop.Prefs, pop.Width, pop.Base, pop.Amp, pop.Window)[j]
		if err := check.CompareSlice(pop.Means(grid)[j], want, check.Exact); err != nil {
			t.Errorf("Means at %g: %v", s, err)
		}
		if got, want := pop.Counts(s, rand.New(rand.NewPCG(uint64(j), 1))), ref.Counts(want, rand.New(rand.NewPCG(uint64(j), 1))); !slices.Equal(got, want) {
			t.Errorf("Counts(%g) = %v, ref %v", s, got, want)
		}
		for _, b := range []float64{10, 350, -170} {
			if got, want := angleError(s, b), ref.AngleError(s, b); math.Abs(got-want) > 1e-12 {
				t.Errorf("angleError(%g, %g) = %g, ref %g", s, b, got, want)
			}
			if got, want := wrap(s, b), ref.Wrap(s, b); math.Abs(got-want) > 1e-12 {
				t.Errorf("wrap(%g, %g) = %g, ref %g", s, b, got, want)
			}
		}
	}
	for k := range 20 {
		if got, want := poissonCount(float64(k)/2, rand.New(rand.NewPCG(uint64(k), 3))), coding.PoissonCount(float64(k)/2, rand.New(rand.NewPCG(uint64(k), 3))); got != want {
			t.Errorf("poissonCount(%g) = %d, ref %d", float64(k)/2, got, want)
		}
	}
}
