package circuit

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Sparse holds a weight matrix by compressed columns: the targets of
// presynaptic neuron j are Post[Start[j]:Start[j+1]], with the weights
// W[Start[j]:Start[j+1]] (µS, signed). Start has N + 1 entries.
type Sparse struct {
	Start []int
	Post  []int
	W     []float64
}

// Compress returns the compressed columns of the dense weights w[j][i],
// the targets of each column in increasing order, zeros left out.
func Compress(w [][]float64) Sparse {
	sp := Sparse{Start: make([]int, len(w)+1)}
	for j, col := range w {
		for i, x := range col {
			if x != 0 {
				sp.Post = append(sp.Post, i)
				sp.W = append(sp.W, x)
			}
		}
		sp.Start[j+1] = len(sp.Post)
	}
	return sp
}

// PropagateSparse is Propagate on compressed columns: for every neuron j in
// fired, only its targets are visited.
func PropagateSparse(sp Sparse, fired []int, gE, gI []float64) {
	for _, j := range fired {
		for k := sp.Start[j]; k < sp.Start[j+1]; k++ {
			if x := sp.W[k]; x > 0 {
				gE[sp.Post[k]] += x
			} else {
				gI[sp.Post[k]] -= x
			}
		}
	}
}

// A Circuit is the fast form of a Network: flat slices, compressed columns
// split by Dale's law (the columns of the NE excitatory neurons first), one
// jump per population rather than a weight per synapse (as Brian2 keeps a
// jump in its namespace), and scratch kept from step to step, so that a
// step allocates nothing once the network has settled and costs O(N) for
// the cells plus O(spikes × fan-out) for the synapses. One step, in one
// pass over the cells: each cell's conductances decay by 1 − dt/τ right
// after the cell has used them; a cell held after a spike stays at
// V_reset, the others take a forward-Euler step and fire at V_th, are
// reset and held for NRef steps; then the spikes add their jumps to the
// decayed conductances of their targets, and the background arrives.
// The Circuit does not keep its State's Ref: it notes instead the step
// from which each cell integrates again.
type Circuit struct {
	P     Params
	NE    int
	NRef  int // steps a cell is held at V_reset after its spike
	Start []int32
	Post  []int32
	// JumpE and JumpI are the jumps (µS) that a spike of an excitatory and
	// of an inhibitory neuron adds to g_E and to g_I of each target, after
	// the step's decay.
	JumpE, JumpI float64
	Drive        []float64
	State
	step int   // steps taken so far
	free []int // the step from which each cell integrates again
	// recent holds the spikes of the last NRef + 1 steps, those of step s
	// in recent[s % (NRef+1)].
	recent  [][]int32
	targets []int32 // scratch for the targets of a step's spikes
	rng     *rand.Rand
	// Spikes counts the spikes so far.
	Spikes int
}

// NewCircuit returns the fast circuit of the network net in the state s (the
// Circuit works on s's slices) under the drive (nA), drawing the
// background from rng. Its steps are those of NetworkStep, and give the
// same states: since (g + Δg)·(1 − dt/τ) = g·(1 − dt/τ) + Δg·(1 − dt/τ),
// the jumps are scaled once by 1 − dt/τ, so that they arrive already
// decayed, and NRef = round(t_ref/dt). Multiplications replace the
// divisions, so the states agree with NetworkStep's to rounding, not bit
// for bit. The weights of each population must be one value, as
// RandomWeights draws them; NewCircuit panics if they are not.
func NewCircuit(net Network, sp Sparse, s State, drive []float64, rng *rand.Rand) *Circuit {
	c := &Circuit{P: net.Params, NE: net.NE, NRef: net.NRef(), Drive: drive, State: s, rng: rng,
		Start: make([]int32, len(sp.Start)), Post: make([]int32, len(sp.Post)),
		free: make([]int, len(s.V))}
	for k, v := range sp.Start {
		c.Start[k] = int32(v)
	}
	split := sp.Start[net.NE] // the first inhibitory synapse
	for k, v := range sp.Post {
		c.Post[k] = int32(v)
		if k < split && sp.W[k] != sp.W[0] || k >= split && sp.W[k] != sp.W[split] {
			panic("circuit: NewCircuit: the weights of a population differ")
		}
	}
	if split > 0 {
		c.JumpE = sp.W[0] * (1 - c.P.Dt/c.P.TauE)
	}
	if split < len(sp.W) {
		c.JumpI = -sp.W[split] * (1 - c.P.Dt/c.P.TauI)
	}
	for _, r := range s.Ref {
		if r != 0 {
			panic("circuit: NewCircuit: a cell of the state is held")
		}
	}
	c.recent = makeRecent(c.NRef, len(s.V))
	return c
}

// Step advances the circuit by one step of dt (see Circuit) and returns the
// neurons that fired in it, in increasing order (valid for the next NRef
// steps).
//
// Every cell takes the Euler step, held or not, and the held ones, those
// that fired in the last NRef steps, are put back at V_reset after the
// pass: a branch on each cell's refractoriness, taken at random by about a
// tenth of them, costs more than the arithmetic it saves. Only a cell that
// reaches V_th looks up whether it is held (and then does not fire).
func (c *Circuit) Step() []int32 {
	p := c.P
	cell := p.Cell
	a, invR := p.Dt/cell.C, 1/cell.R
	dE, dI := 1-p.Dt/p.TauE, 1-p.Dt/p.TauI
	eE, eI, eL, vTh, vReset := p.EE, p.EI, cell.EL, cell.VTh, cell.VReset
	step, next := c.step, c.step+c.NRef+1
	v := c.V
	n := len(v)
	gE, gI, free, drive := c.GE[:n], c.GI[:n], c.free[:n], c.Drive[:n]
	// This step's spikes replace those of step − NRef − 1, whose cells are
	// free again.
	slot := step % len(c.recent)
	fired := c.recent[slot][:0]
	for k := range v {
		ge, gi := gE[k], gI[k]
		x := v[k]
		i := drive[k] - ge*(x-eE) - gi*(x-eI)
		x += a * (i - (x-eL)*invR)
		v[k] = x
		if x >= vTh && step >= free[k] {
			v[k] = vReset
			free[k] = next
			fired = append(fired, int32(k))
		}
		gE[k], gI[k] = ge*dE, gi*dI
	}
	c.recent[slot] = fired
	for s, held := range c.recent {
		if s != slot {
			for _, k := range held {
				v[k] = vReset
			}
		}
	}
	// The excitatory neurons, j < NE, come first in fired.
	nE, _ := slices.BinarySearch(fired, int32(c.NE))
	c.propagate(gE, c.JumpE, fired[:nE])
	c.propagate(gI, c.JumpI, fired[nE:])
	if p.RateExt != 0 {
		prob := p.RateExt * p.Dt / 1000
		for k := range gE {
			if c.rng.Float64() < prob {
				gE[k] += p.WExt
			}
		}
	}
	c.step++
	c.Spikes += len(fired)
	return fired
}

// propagate adds jump to g[i] for every target i of every neuron in fired.
// It first copies the target lists of all of them into c.targets, one copy
// per neuron, and then adds: a copy has the processor fetch many lists at
// once, where a loop over a list's targets would fetch the next list only
// when it gets there (at N = 40 000 the lists, 16 MB, are out of cache).
func (c *Circuit) propagate(g []float64, jump float64, fired []int32) {
	targets := c.targets[:0]
	for _, j := range fired {
		targets = append(targets, c.Post[c.Start[j]:c.Start[j+1]]...)
	}
	for _, i := range targets {
		g[i] += jump
	}
	c.targets = targets
}

// makeRecent returns room for the spikes of nRef + 1 steps of n cells.
func makeRecent(nRef, n int) [][]int32 {
	recent := make([][]int32, nRef+1)
	for s := range recent {
		recent[s] = make([]int32, 0, n)
	}
	return recent
}

// RunSteps advances the circuit by n steps.
func (c *Circuit) RunSteps(n int) {
	for range n {
		c.Step()
	}
}

// A Bench is the benchmark network of circuitbench, drawn once and shared
// by every contender (this package's Circuit, numpy and Brian2, which read
// it from a file): N conductance-based LIF cells with DefaultParams and no
// background, the first NE = 80 % of them excitatory; the targets of
// neuron j are Post[Start[j]:Start[j+1]], in increasing order; a spike of an
// excitatory neuron adds JumpE = 0.004 µS to g_E of each target, one of an
// inhibitory neuron JumpI = 0.016 µS to g_I; the cells start at the
// potentials V0 (mV) with no conductance and no cell refractory, under a
// constant drive Drive (nA).
//
// Its conventions are those that Brian2's schedule forces (groups,
// thresholds, synapses, resets in each step): the conductances decay before
// the step's jumps arrive, so a jump is not decayed in the step of its
// spike; and Brian2 stamps a spike with the time at the step's start and
// integrates a cell again once t − t_spike ≥ t_ref, so a cell is held
// round(t_ref/dt) − 1 steps after the step of its spike (Held).
type Bench struct {
	Params
	N, NE        int
	Start, Post  []int32
	JumpE, JumpI float64
	V0, Drive    []float64
}

// BenchP returns the connection probability of the benchmark at N
// neurons: 0.1, or 100/N when that is smaller, so that the fan-out stays
// near 100 at large N.
func BenchP(n int) float64 { return math.Min(0.1, 100/float64(n)) }

// NewBench draws the benchmark network of n neurons, each pair connected
// with probability p, from the generator of seed. As in RandomWeights each
// pair is connected with probability p, but the targets of a neuron are
// found by drawing the gaps between them (geometric, one rng.Float64() per
// connection rather than per pair), so that drawing costs O(N·fan-out), not
// O(N²). V0 is uniform in [E_L, E_L + 15) mV and Drive in [1.6, 1.8) nA.
func NewBench(n int, p float64, seed uint64) Bench {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := Bench{Params: DefaultParams(), N: n, NE: int(0.8 * float64(n)), JumpE: 0.004, JumpI: 0.016,
		Start: make([]int32, n+1), V0: make([]float64, n), Drive: make([]float64, n)}
	logQ := math.Log1p(-p)
	for j := range n {
		for i := -1; ; {
			// The gap to the next target: P(gap = g) = (1 − p)^(g−1)·p.
			i += 1 + int(math.Log(1-rng.Float64())/logQ)
			if i >= n {
				break
			}
			b.Post = append(b.Post, int32(i))
		}
		b.Start[j+1] = int32(len(b.Post))
	}
	for k := range b.V0 {
		b.V0[k] = b.Cell.EL + 15*rng.Float64()
		b.Drive[k] = 1.6 + 0.2*rng.Float64()
	}
	return b
}

// Held returns the number of steps a cell is held at V_reset after the step
// of its spike: round(t_ref/dt) − 1, Brian2's convention (see Bench).
func (b Bench) Held() int { return b.NRef() - 1 }

// Circuit returns a fast circuit of the benchmark in its initial state, with
// its own state slices (Start, Post and Drive are shared): the jumps are
// added after the step's decay and a cell is held Held steps.
func (b Bench) Circuit() *Circuit {
	c := &Circuit{P: b.Params, NE: b.NE, NRef: b.Held(), Start: b.Start, Post: b.Post,
		JumpE: b.JumpE, JumpI: b.JumpI, Drive: b.Drive, State: NewState(b.N, 0),
		free: make([]int, b.N), recent: makeRecent(b.Held(), b.N)}
	copy(c.V, b.V0)
	return c
}
