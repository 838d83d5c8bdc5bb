// Package network checks the levels of Project 5, Networks of Neurons:
// populations described by their firing rates, coupled through a weight
// matrix, with gonum's mat package for the linear algebra. Units: rates in
// Hz, time in ms; inputs are in the units of the rate (Hz), so that a
// transfer function F maps an input in Hz to a rate in Hz, and weights are
// dimensionless.
//
// The weight W[i][j] (row i, column j of a *mat.Dense) is the weight of the
// connection from neuron j onto neuron i. The rates, a *mat.VecDense, obey
// τ·dr/dt = −r + F(W·r + I), integrated by forward Euler with steps of dt.
//
// The levels are in three files by theme: weights, dynamics, fixed points
// and their stability (levels 1–9, this file), network structure (10–19),
// and what recurrent networks do: winner-take-all, the ring attractor,
// chaos, amplification and inhibition-stabilized networks (20–25).
//
// The checks hand matrices and vectors to the learner's functions as
// *mat.Dense and *mat.VecDense built from the case, and record what those
// functions return as plain slices.
package network

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/neurogo/course/neuro/check"
	ref "github.com/neurogo/course/neuro/internal/network"
)

// Project is this project's number in the course.
const Project = 5

// A Synapse is one connection: from neuron From onto neuron To, of weight
// Weight (dimensionless). Neurons are numbered from 0.
type Synapse struct {
	From, To int
	Weight   float64
}

// TimeGrid returns the times 0, dt, 2·dt, …, tEnd (ms) of a simulation:
// round(tEnd/dt) + 1 of them, the k-th computed as k·dt.
//
// TimeGrid is written here, not taken from the references: learners call
// it, and while grading no reference is linked.
func TimeGrid(tEnd, dt float64) []float64 {
	t := make([]float64, int(math.Round(tEnd/dt))+1)
	for k := range t {
		t[k] = float64(k) * dt
	}
	return t
}

// The transfer functions the checks name, written here and not taken from
// the references: the adaptors hand them to the learner's functions. The
// sigmoid has a maximum of 100 Hz, is half-way at 20 Hz and has a width of
// 5 Hz.
func transfer(name string) func(float64) float64 {
	switch name {
	case "linear":
		return func(x float64) float64 { return x }
	case "relu":
		return func(x float64) float64 { return math.Max(0, x) }
	case "sigmoid":
		return func(x float64) float64 { return 100 / (1 + math.Exp(-(x-20)/5)) }
	case "tanh":
		return math.Tanh
	}
	panic(fmt.Sprintf("no transfer function %q", name))
}

// transferNote says what a named transfer function is, for messages.
func transferNote(name string) string {
	switch name {
	case "linear":
		return "F(x) = x"
	case "relu":
		return "F(x) = max(0, x)"
	case "sigmoid":
		return "F(x) = 100/(1 + e^(−(x − 20)/5)) Hz"
	}
	return "F = " + name
}

// Conversions between the cases' slices and gonum's types. The adaptors
// copy the case's numbers, so that a learner's function that writes into
// its arguments cannot change the case its answer is judged on.

// dense returns a new matrix holding rows.
func dense(rows [][]float64) *mat.Dense {
	var flat []float64
	for _, row := range rows {
		flat = append(flat, row...)
	}
	return mat.NewDense(len(rows), len(flat)/len(rows), flat)
}

// symDense returns a new symmetric matrix holding the upper triangle of rows.
func symDense(rows [][]float64) *mat.SymDense {
	n := len(rows)
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s.SetSym(i, j, rows[i][j])
		}
	}
	return s
}

// vec returns a new vector holding a copy of x.
func vec(x []float64) *mat.VecDense { return mat.NewVecDense(len(x), slices.Clone(x)) }

// rowsOf returns the entries of m row by row, nil for a nil matrix.
func rowsOf(m *mat.Dense) [][]float64 {
	if m == nil {
		return nil
	}
	r, c := m.Dims()
	rows := make([][]float64, r)
	for i := range rows {
		rows[i] = make([]float64, c)
		for j := range c {
			rows[i][j] = m.At(i, j)
		}
	}
	return rows
}

// valuesOf returns the elements of v, nil for a nil vector.
func valuesOf(v *mat.VecDense) []float64 {
	if v == nil {
		return nil
	}
	x := make([]float64, v.Len())
	for i := range x {
		x[i] = v.AtVec(i)
	}
	return x
}

// Conversions for the judges, which call the references.

func refRows(m *mat.Dense) [][]float64 { return rowsOf(m) }

func refValues(v *mat.VecDense) []float64 { return valuesOf(v) }

// simTol is the tolerance of rates computed in several steps: the learner's
// arithmetic may group the terms differently, which changes the last bits.
var simTol = check.Tol{Rel: 1e-9, Abs: 1e-9}

// compareRows returns nil if got has the shape of want and every entry is
// within tol of want's; otherwise an error naming the first that is not.
func compareRows(got, want [][]float64, tol check.Tol) error {
	if len(got) != len(want) {
		return fmt.Errorf("got a matrix of %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			return fmt.Errorf("got a matrix of %d columns, want %d", len(got[i]), len(want[i]))
		}
		for j := range want[i] {
			if err := check.Compare(got[i][j], want[i][j], tol); err != nil {
				return fmt.Errorf("entry [%d][%d]: %v", i, j, err)
			}
		}
	}
	return nil
}

// showMatrix writes a matrix row by row.
func showMatrix(rows [][]float64) string {
	parts := make([]string, len(rows))
	for i, row := range rows {
		parts[i] = fmt.Sprintf("%.4g", row)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// randomMatrix draws an n×m matrix of entries uniform in [−a, a), rounded
// to 3 decimals.
func randomMatrix(r *rand.Rand, n, m int, a float64) [][]float64 {
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, m)
		for j := range rows[i] {
			rows[i][j] = math.Round(check.Uniform(r, -a, a)*1000) / 1000
		}
	}
	return rows
}

// randomVector draws n numbers uniform in [lo, hi), rounded to 3 decimals.
func randomVector(r *rand.Rand, n int, lo, hi float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = math.Round(check.Uniform(r, lo, hi)*1000) / 1000
	}
	return x
}

// The example network of the notebook: three neurons.
var (
	example      = [][]float64{{0, 0.5, -0.3}, {0.2, 0, 0.4}, {-0.1, 0.3, 0}}
	exampleInput = []float64{1, 2, 0.5}
)

type connectCase struct {
	N        int
	Synapses []Synapse
}

var connectLevel = check.Register(&check.Level[connectCase, [][]float64]{
	Project: Project, Number: 1, Title: "The weight matrix: from j to i", Func: "Connect",
	Fixed: []connectCase{
		{3, []Synapse{{0, 2, 0.7}, {1, 0, -0.4}, {2, 2, 0.3}}},
		{2, []Synapse{{0, 1, 1.5}}},
		{4, []Synapse{{3, 0, 1}, {0, 3, -1}, {1, 2, 0.25}}},
	},
	Random: func(r *rand.Rand) connectCase {
		c := connectCase{N: 2 + r.IntN(5)}
		seen := map[[2]int]bool{}
		for range 1 + r.IntN(c.N*c.N-1) {
			from, to := r.IntN(c.N), r.IntN(c.N)
			if !seen[[2]int{from, to}] {
				seen[[2]int{from, to}] = true
				c.Synapses = append(c.Synapses, Synapse{from, to, math.Round(check.Uniform(r, -2, 2)*100) / 100})
			}
		}
		return c
	},
	Judge: func(c connectCase, got [][]float64) error {
		syn := make([]ref.Synapse, len(c.Synapses))
		for k, s := range c.Synapses {
			syn[k] = ref.Synapse(s)
		}
		return compareRows(got, refRows(ref.Connect(c.N, syn)), check.Tol{})
	},
	Show: func(c connectCase) string { return fmt.Sprintf("n = %d, synapses %+v", c.N, c.Synapses) },
	Hint: "The synapse from j onto i goes in row i, column j: w.Set(s.To, s.From, s.Weight).",
})

// CheckConnect checks Level 1: connect(n, synapses) returns the n×n weight
// matrix (dimensionless) whose entry in row To, column From is the weight
// of the synapse from From onto To, and 0 where there is no synapse.
func CheckConnect(connect func(n int, synapses []Synapse) *mat.Dense) check.Result {
	return connectLevel.Check(func(in connectCase) [][]float64 {
		return rowsOf(connect(in.N, slices.Clone(in.Synapses)))
	})
}

type netInputCase struct {
	W    [][]float64
	R, I []float64
}

func (c netInputCase) String() string {
	return fmt.Sprintf("W = %s, r = %.4g Hz, I = %.4g Hz", showMatrix(c.W), c.R, c.I)
}

var netInputLevel = check.Register(&check.Level[netInputCase, []float64]{
	Project: Project, Number: 2, Title: "Net input W·r + I", Func: "NetInput",
	Fixed: []netInputCase{
		{example, []float64{10, 20, 5}, exampleInput},
		{[][]float64{{0, 1}, {0, 0}}, []float64{3, 7}, []float64{0, 0}},
	},
	Random: func(r *rand.Rand) netInputCase {
		n := 2 + r.IntN(5)
		return netInputCase{randomMatrix(r, n, n, 1), randomVector(r, n, 0, 50), randomVector(r, n, -10, 20)}
	},
	Judge: func(c netInputCase, got []float64) error {
		return check.CompareSlice(got, refValues(ref.NetInput(dense(c.W), vec(c.R), vec(c.I))), simTol)
	},
	Show: netInputCase.String,
	Hint: "h.MulVec(w, r) puts W·r into h, row i of W times r: the input to neuron i. Then h.AddVec(&h, input).",
})

// CheckNetInput checks Level 2: netInput(w, r, input) returns the net input
// W·r + input (Hz) to each neuron, for rates r (Hz) and external input (Hz).
func CheckNetInput(netInput func(w *mat.Dense, r, input *mat.VecDense) *mat.VecDense) check.Result {
	return netInputLevel.Check(func(in netInputCase) []float64 {
		return valuesOf(netInput(dense(in.W), vec(in.R), vec(in.I)))
	})
}

type transferCase struct{ X, FMax, X0, K float64 }

// transferOut is what the two transfer functions return for one case.
type transferOut struct{ ReLU, Sigmoid float64 }

var transferLevel = check.Register(&check.Level[transferCase, transferOut]{
	Project: Project, Number: 3, Title: "Transfer functions: rectified-linear and sigmoid", Func: "ReLU and Sigmoid",
	Fixed: []transferCase{
		{-5, 100, 20, 5}, {0, 100, 20, 5}, {20, 100, 20, 5}, {35, 100, 20, 5}, {-1000, 50, 10, 2}, {1000, 50, 10, 2},
	},
	Random: func(r *rand.Rand) transferCase {
		return transferCase{check.Uniform(r, -50, 80), check.Uniform(r, 20, 200), check.Uniform(r, 0, 40), check.Uniform(r, 1, 15)}
	},
	Randoms: 8,
	Judge: func(c transferCase, got transferOut) error {
		if err := check.Compare(got.ReLU, ref.ReLU(c.X), check.Exact); err != nil {
			return fmt.Errorf("ReLU: %v", err)
		}
		if err := check.Compare(got.Sigmoid, ref.Sigmoid(c.X, c.FMax, c.X0, c.K), check.Exact); err != nil {
			return fmt.Errorf("Sigmoid: %v", err)
		}
		return nil
	},
	Show: func(c transferCase) string {
		return fmt.Sprintf("x = %.4g Hz, fMax = %.4g Hz, x0 = %.4g Hz, k = %.4g Hz", c.X, c.FMax, c.X0, c.K)
	},
	Hint: "ReLU(x) = max(0, x); Sigmoid = fMax/(1 + e^(−(x − x0)/k)), which is fMax/2 at x = x0 and rises with x.",
})

// CheckTransfer checks Level 3: relu(x) returns max(0, x) and sigmoid(x,
// fMax, x0, k) returns fMax/(1 + e^(−(x − x0)/k)), rates (Hz) of an input x
// (Hz), with the maximum rate fMax, the half-activation input x0 and the
// width k (Hz).
func CheckTransfer(relu func(x float64) float64, sigmoid func(x, fMax, x0, k float64) float64) check.Result {
	return transferLevel.Check(func(in transferCase) transferOut {
		return transferOut{relu(in.X), sigmoid(in.X, in.FMax, in.X0, in.K)}
	})
}

// A stepCase is one Euler step of the rate dynamics with the transfer
// function named F.
type stepCase struct {
	W       [][]float64
	R, I    []float64
	F       string
	Tau, Dt float64
}

func (c stepCase) String() string {
	return fmt.Sprintf("W = %s, r = %.4g Hz, I = %.4g Hz, %s, τ = %.3g ms, dt = %g ms",
		showMatrix(c.W), c.R, c.I, transferNote(c.F), c.Tau, c.Dt)
}

var transfers = []string{"linear", "relu", "sigmoid"}

var rateStepLevel = check.Register(&check.Level[stepCase, []float64]{
	Project: Project, Number: 4, Title: "One step of the rate dynamics", Func: "RateStep",
	Fixed: []stepCase{
		{example, []float64{10, 20, 5}, exampleInput, "linear", 10, 0.1},
		{[][]float64{{0.5, -1}, {1, 0}}, []float64{5, 30}, []float64{10, -40}, "relu", 10, 1},
		{[][]float64{{0, 0.2}, {0.2, 0}}, []float64{0, 0}, []float64{20, 30}, "sigmoid", 20, 0.5},
	},
	Random: func(r *rand.Rand) stepCase {
		n := 2 + r.IntN(5)
		return stepCase{randomMatrix(r, n, n, 1), randomVector(r, n, 0, 50), randomVector(r, n, -20, 40),
			transfers[r.IntN(len(transfers))], check.Uniform(r, 5, 30), check.AnyStep(r, 0.5)}
	},
	Judge: func(c stepCase, got []float64) error {
		want := ref.Step(dense(c.W), vec(c.R), vec(c.I), ref.Transfer(c.F), c.Tau, c.Dt)
		return check.CompareSlice(got, refValues(want), simTol)
	},
	Show: stepCase.String,
	Hint: "Take your NetInput, apply f to each element (v.SetVec(i, f(v.AtVec(i)))), subtract r, " +
		"and add dt/τ times that to r: AddScaledVec. The input goes inside F.",
})

// CheckRateStep checks Level 4: rateStep(w, r, input, f, tau, dt) returns the
// rates (Hz) one Euler step of dt (ms) after r (Hz) for
// τ·dr/dt = −r + f(W·r + input), with τ = tau (ms) and input in Hz. The
// checks use f(x) = x, max(0, x) and a sigmoid.
func CheckRateStep(rateStep func(w *mat.Dense, r, input *mat.VecDense, f func(float64) float64, tau, dt float64) *mat.VecDense) check.Result {
	return rateStepLevel.Check(func(in stepCase) []float64 {
		return valuesOf(rateStep(dense(in.W), vec(in.R), vec(in.I), transfer(in.F), in.Tau, in.Dt))
	})
}

// A runCase is a simulation of the rate dynamics from R0 with the transfer
// function named F, with steps of Dt until TEnd (ms).
type runCase struct {
	W             [][]float64
	R0, I         []float64
	F             string
	Tau, Dt, TEnd float64
}

func (c runCase) String() string {
	return fmt.Sprintf("W = %s, r0 = %.4g Hz, I = %.4g Hz, %s, τ = %.3g ms, dt = %g ms, t_end = %g ms",
		showMatrix(c.W), c.R0, c.I, transferNote(c.F), c.Tau, c.Dt, c.TEnd)
}

// randomRun draws a network of 2 to 4 neurons whose dynamics contract: the
// rows of W sum in absolute value to less than 0.8 (0.1 for the sigmoid,
// whose slope reaches 5).
func randomRun(r *rand.Rand) runCase {
	n := 2 + r.IntN(3)
	f := transfers[r.IntN(len(transfers))]
	scale := 0.8 / float64(n)
	if f == "sigmoid" {
		scale = 0.1 / float64(n)
	}
	tau := math.Round(check.Uniform(r, 5, 20))
	return runCase{randomMatrix(r, n, n, scale), randomVector(r, n, 0, 30), randomVector(r, n, -10, 40), f,
		tau, []float64{0.1, 0.2, 0.5}[r.IntN(3)], math.Round(check.Uniform(r, 2, 10) * tau)}
}

var simulateLevel = check.Register(&check.Level[runCase, [][]float64]{
	Project: Project, Number: 5, Title: "Run to a fixed point", Func: "Simulate",
	Fixed: []runCase{
		{example, []float64{0, 0, 0}, exampleInput, "linear", 10, 0.5, 100},
		{[][]float64{{0.5, -0.8}, {0.6, 0}}, []float64{10, 0}, []float64{20, 5}, "relu", 10, 0.1, 50},
	},
	Random:  randomRun,
	Randoms: 4,
	Judge: func(c runCase, got [][]float64) error {
		want := ref.Simulate(dense(c.W), vec(c.R0), vec(c.I), ref.Transfer(c.F), c.Tau, c.Dt, c.TEnd)
		if len(got) != len(want) {
			return fmt.Errorf("got %d vectors of rates, want %d: one per time of the grid 0, dt, …, t_end, r0 first", len(got), len(want))
		}
		for k := range want {
			if err := check.CompareSlice(got[k], refValues(want[k]), simTol); err != nil {
				return fmt.Errorf("at t = %g ms: %v", float64(k)*c.Dt, err)
			}
		}
		return nil
	},
	Show: runCase.String,
	Hint: "Start the list with a copy of r0 and append your RateStep of the last element, round(tEnd/dt) times. " +
		"Append a new vector each time: if every element is the same *mat.VecDense, they all hold the last rates.",
})

// CheckSimulate checks Level 5: simulate(w, r0, input, f, tau, dt, tEnd)
// returns the rates (Hz) at the times 0, dt, …, tEnd (ms) of the grid,
// starting from r0 (Hz), each a new vector, by Euler steps of
// τ·dr/dt = −r + f(W·r + input).
func CheckSimulate(simulate func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tEnd float64) []*mat.VecDense) check.Result {
	return simulateLevel.Check(func(in runCase) [][]float64 {
		traj := simulate(dense(in.W), vec(in.R0), vec(in.I), transfer(in.F), in.Tau, in.Dt, in.TEnd)
		if traj == nil {
			return nil
		}
		out := make([][]float64, len(traj))
		for k, r := range traj {
			out[k] = valuesOf(r)
		}
		return out
	})
}

type fixedCase struct {
	W [][]float64
	I []float64
}

var fixedPointLevel = check.Register(&check.Level[fixedCase, []float64]{
	Project: Project, Number: 6, Title: "The fixed point of a linear network", Func: "FixedPoint",
	Fixed: []fixedCase{
		{example, exampleInput},
		{[][]float64{{0.5}}, []float64{4}},
		{[][]float64{{0, 0}, {2, 0}}, []float64{1, 0}},
	},
	Random: func(r *rand.Rand) fixedCase {
		for {
			n := 2 + r.IntN(5)
			c := fixedCase{randomMatrix(r, n, n, 1.5/float64(n)), randomVector(r, n, -10, 30)}
			if min := minAbsEigen1(c.W); min > 0.05 {
				return c
			}
		}
	},
	Judge: func(c fixedCase, got []float64) error {
		want, err := ref.FixedPoint(dense(c.W), vec(c.I))
		if err != nil {
			return fmt.Errorf("the reference failed: %v", err)
		}
		return check.CompareSlice(got, refValues(want), simTol)
	},
	Show: func(c fixedCase) string { return fmt.Sprintf("W = %s, I = %.4g Hz", showMatrix(c.W), c.I) },
	Hint: "The fixed point solves r = W·r + I, that is (𝟙 − W)·r = I: build 𝟙 − W with Sub and solve with " +
		"r.SolveVec(&a, input). Solving W·r = I or (W − 𝟙)·r = I gives other numbers.",
})

// minAbsEigen1 returns the distance from 1 of the closest eigenvalue of w.
func minAbsEigen1(w [][]float64) float64 {
	m := math.Inf(1)
	for _, l := range ref.Eigenvalues(dense(w)) {
		m = math.Min(m, cmplx.Abs(l-1))
	}
	return m
}

// CheckFixedPoint checks Level 6: fixedPoint(w, input) returns the rates r
// (Hz) with r = W·r + input, the fixed point of the linear network, for an
// input in Hz, by solving (𝟙 − W)·r = input.
func CheckFixedPoint(fixedPoint func(w *mat.Dense, input *mat.VecDense) *mat.VecDense) check.Result {
	return fixedPointLevel.Check(func(in fixedCase) []float64 { return valuesOf(fixedPoint(dense(in.W), vec(in.I))) })
}

type settleCase struct {
	Run       runCase
	Tol, TMax float64
}

// settled is what Settle returns: the rates (Hz) and the time (ms).
type settled struct {
	R []float64
	T float64
}

var settleLevel = check.Register(&check.Level[settleCase, settled]{
	Project: Project, Number: 7, Title: "Convergence test", Func: "Settle",
	Fixed: []settleCase{
		{runCase{example, []float64{0, 0, 0}, exampleInput, "linear", 10, 0.1, 0}, 1e-6, 1000},
		{runCase{[][]float64{{0.5, -0.8}, {0.6, 0}}, []float64{10, 0}, []float64{20, 5}, "relu", 10, 0.1, 0}, 1e-3, 1000},
		{runCase{[][]float64{{0.9}}, []float64{0}, []float64{1}, "linear", 10, 0.5, 0}, 1e-4, 50},
	},
	Random: func(r *rand.Rand) settleCase {
		c := settleCase{randomRun(r), []float64{1e-2, 1e-3, 1e-4, 1e-6}[r.IntN(4)], 2000}
		c.Run.TEnd = 0
		return c
	},
	Judge: func(c settleCase, got settled) error {
		f := ref.Transfer(c.Run.F)
		r, t := ref.Settle(dense(c.Run.W), vec(c.Run.R0), vec(c.Run.I), f, c.Run.Tau, c.Run.Dt, c.Tol, c.TMax)
		if err := check.Compare(got.T, t, check.Tol{Abs: c.Run.Dt * 1.001}); err != nil {
			return fmt.Errorf("the time (ms): %v, one step either way", err)
		}
		if err := check.CompareSlice(got.R, refValues(r), check.Tol{Abs: c.Tol}); err != nil {
			return fmt.Errorf("the rates: %v", err)
		}
		return nil
	},
	Show: func(c settleCase) string {
		return fmt.Sprintf("W = %s, r0 = %.4g Hz, I = %.4g Hz, %s, τ = %.3g ms, dt = %g ms, tol = %g Hz, t_max = %g ms",
			showMatrix(c.Run.W), c.Run.R0, c.Run.I, transferNote(c.Run.F), c.Run.Tau, c.Run.Dt, c.Tol, c.TMax)
	},
	Hint: "Before each step, compute d = f(W·r + I) − r and stop if mat.Norm(d, math.Inf(1)), its largest " +
		"absolute element, is below tol; the time is the number of steps taken times dt. Compare the residual, " +
		"not the change in one step, which is dt/τ times smaller.",
})

// CheckSettle checks Level 7: settle(w, r0, input, f, tau, dt, tol, tMax)
// steps the rates from r0 (Hz) as Simulate does until the residual
// max_i |f(W·r + input)_i − r_i| is below tol (Hz), and returns the rates
// (Hz) and the time (ms) at which it stopped; tMax (ms) bounds the run.
func CheckSettle(settle func(w *mat.Dense, r0, input *mat.VecDense, f func(float64) float64, tau, dt, tol, tMax float64) (*mat.VecDense, float64)) check.Result {
	return settleLevel.Check(func(in settleCase) settled {
		c := in.Run
		r, t := settle(dense(c.W), vec(c.R0), vec(c.I), transfer(c.F), c.Tau, c.Dt, in.Tol, in.TMax)
		return settled{valuesOf(r), t}
	})
}

type matrixCase struct{ W [][]float64 }

func (c matrixCase) String() string { return "W = " + showMatrix(c.W) }

// spectrum is a list of complex numbers as two lists: their real and their
// imaginary parts.
type spectrum struct{ Re, Im []float64 }

// matchSpectrum returns nil if got holds the numbers of want in any order,
// each within tol.
func matchSpectrum(got spectrum, want []complex128, tol float64) error {
	if len(got.Re) != len(want) || len(got.Im) != len(want) {
		return fmt.Errorf("got %d real and %d imaginary parts, want %d eigenvalues", len(got.Re), len(got.Im), len(want))
	}
	used := make([]bool, len(want))
	for k := range got.Re {
		g := complex(got.Re[k], got.Im[k])
		best := -1
		for j, w := range want {
			if !used[j] && cmplx.Abs(g-w) <= tol && (best < 0 || cmplx.Abs(g-w) < cmplx.Abs(g-want[best])) {
				best = j
			}
		}
		if best < 0 {
			return fmt.Errorf("%.6g is not an eigenvalue (want %.6g, in any order)", g, want)
		}
		used[best] = true
	}
	return nil
}

var eigenvaluesLevel = check.Register(&check.Level[matrixCase, spectrum]{
	Project: Project, Number: 8, Title: "Eigenvalues of W", Func: "Eigenvalues",
	Fixed: []matrixCase{
		{[][]float64{{0.5, -1.2}, {1.2, 0.5}}}, {[][]float64{{2, 0}, {0, -1}}}, {example},
		{[][]float64{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}},
	},
	Random: func(r *rand.Rand) matrixCase {
		n := 2 + r.IntN(5)
		return matrixCase{randomMatrix(r, n, n, 1)}
	},
	Judge: func(c matrixCase, got spectrum) error {
		want := ref.Eigenvalues(dense(c.W))
		var scale float64
		for _, l := range want {
			scale = math.Max(scale, cmplx.Abs(l))
		}
		return matchSpectrum(got, want, 1e-9*(1+scale))
	},
	Show: matrixCase.String,
	Hint: "var eig mat.Eigen; eig.Factorize(w, mat.EigenNone) computes them, and eig.Values(nil) returns " +
		"them as complex128: a real matrix can have complex eigenvalues, in conjugate pairs. Keep the imaginary parts.",
})

// CheckEigenvalues checks Level 8: eigenvalues(w) returns the eigenvalues of
// the weight matrix w, in any order, complex in general (1/1: the units of
// the weights).
func CheckEigenvalues(eigenvalues func(w *mat.Dense) []complex128) check.Result {
	return eigenvaluesLevel.Check(func(in matrixCase) spectrum {
		l := eigenvalues(dense(in.W))
		if l == nil {
			return spectrum{}
		}
		s := spectrum{make([]float64, len(l)), make([]float64, len(l))}
		for k, v := range l {
			s.Re[k], s.Im[k] = real(v), imag(v)
		}
		return s
	})
}

// Margin is how far below 1 the real part of every eigenvalue must be for a
// linear network to count as stable: an eigenvalue within Margin of 1 is
// marginal, as the rounding of an eigenvalue that should be exactly 1 can
// put it on either side.
const Margin = 1e-9

var stableLevel = check.Register(&check.Level[matrixCase, bool]{
	Project: Project, Number: 9, Title: "Stability of a linear network", Func: "Stable",
	Fixed: []matrixCase{
		{[][]float64{{0.5, -1.2}, {1.2, 0.5}}}, // 0.5 ± 1.2i: |λ| > 1, yet stable
		{[][]float64{{-1.5, 0}, {0, 0.2}}},     // −1.5: stable
		{[][]float64{{1.2, 0}, {0, 0}}},        // 1.2: unstable
		{[][]float64{{1, 0}, {0, 0.5}}},        // 1: marginal
		{[][]float64{{0.5, 0.5}, {0.5, 0.5}}},  // 0 and 1: marginal
		{[][]float64{{1, -0.5}, {0.5, 1}}},     // 1 ± 0.5i: marginal
		{[][]float64{{0.6, 0.5}, {0.5, 0.6}}},  // 0.1 and 1.1: unstable
		{example},
	},
	Random: func(r *rand.Rand) matrixCase {
		for {
			n := 2 + r.IntN(4)
			c := matrixCase{randomMatrix(r, n, n, check.Uniform(r, 0.3, 1.5))}
			if math.Abs(ref.MaxReal(dense(c.W))-1) > 1e-6 {
				return c
			}
		}
	},
	Randoms: 8,
	Judge:   check.Equal(func(c matrixCase) bool { return ref.Stable(dense(c.W)) }),
	Show:    matrixCase.String,
	Hint: fmt.Sprintf("Stable means every eigenvalue has a real part below 1 − %g; the modulus |λ| does not "+
		"matter (that is the rule for maps, not for τ·dr/dt = −r + W·r).", Margin),
})

// CheckStable checks Level 9: stable(w) reports whether the linear network
// τ·dr/dt = −r + W·r + I is stable: every eigenvalue of w has a real part
// below 1 − Margin.
func CheckStable(stable func(w *mat.Dense) bool) check.Result {
	return stableLevel.Check(func(in matrixCase) bool { return stable(dense(in.W)) })
}
