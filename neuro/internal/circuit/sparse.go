package circuit

import (
	"math"
	"math/rand/v2"
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
// split by Dale's law (a column is all excitatory or all inhibitory, so its
// sign is known from j < NE and only magnitudes are stored), and scratch
// allocated once, so that a step allocates nothing and costs O(N) for the
// cells plus O(spikes × fan-out) for the synapses. Its steps are those of
// NetworkStep, and give the same states.
type Circuit struct {
	P     Params
	NE    int
	Start []int32
	Post  []int32
	W     []float64 // |w|·(1 − dt/τ): magnitudes, decayed over one step
	Drive []float64
	State
	ref   []int32
	fired []int32
	rng   *rand.Rand
	// Spikes counts the spikes so far.
	Spikes int
}

// NewCircuit returns the fast circuit of the network net in the state s (the
// Circuit works on s's slices) under the drive (nA), drawing the
// background from rng.
func NewCircuit(net Network, sp Sparse, s State, drive []float64, rng *rand.Rand) *Circuit {
	c := &Circuit{P: net.Params, NE: net.NE, Drive: drive, State: s, rng: rng,
		Start: make([]int32, len(sp.Start)), Post: make([]int32, len(sp.Post)), W: make([]float64, len(sp.W)),
		fired: make([]int32, 0, len(s.V))}
	for k, v := range sp.Start {
		c.Start[k] = int32(v)
	}
	for k, v := range sp.Post {
		c.Post[k] = int32(v)
		c.W[k] = math.Abs(sp.W[k])
		if sp.W[k] > 0 {
			c.W[k] *= 1 - c.P.Dt/c.P.TauE
		} else {
			c.W[k] *= 1 - c.P.Dt/c.P.TauI
		}
	}
	c.ref = make([]int32, len(s.Ref))
	for k, r := range s.Ref {
		c.ref[k] = int32(r)
	}
	return c
}

// Step advances the circuit by one step of dt and returns the neurons that
// fired in it (valid until the next step). It does the steps of NetworkStep
// in one pass over the cells: since (g + Δg)·(1 − dt/τ) = g·(1 − dt/τ) +
// Δg·(1 − dt/τ), each conductance decays right after the cell has used it,
// and the jumps of the spikes arrive already decayed (the weights are scaled
// once, in NewCircuit). Multiplications replace the divisions, so the states
// agree with NetworkStep's to rounding, not bit for bit.
func (c *Circuit) Step() []int32 {
	p := c.P
	cell := p.Cell
	nRef := int32(math.Round(p.TRef / p.Dt))
	a, invR := p.Dt/cell.C, 1/cell.R
	dE, dI := 1-p.Dt/p.TauE, 1-p.Dt/p.TauI
	v := c.V
	n := len(v)
	gE, gI, ref, drive := c.GE[:n], c.GI[:n], c.ref[:n], c.Drive[:n]
	fired := c.fired[:0]
	for k := range v {
		ge, gi := gE[k], gI[k]
		gE[k], gI[k] = ge*dE, gi*dI
		if ref[k] > 0 {
			v[k] = cell.VReset
			ref[k]--
			continue
		}
		x := v[k]
		i := drive[k] - ge*(x-p.EE) - gi*(x-p.EI)
		x += a * (i - (x-cell.EL)*invR)
		if x >= cell.VTh {
			x = cell.VReset
			ref[k] = nRef
			fired = append(fired, int32(k))
		}
		v[k] = x
	}
	for _, j := range fired {
		g := gE
		if int(j) >= c.NE {
			g = gI
		}
		start, end := c.Start[j], c.Start[j+1]
		post, w := c.Post[start:end], c.W[start:end]
		for k, i := range post {
			g[i] += w[k]
		}
	}
	if p.RateExt != 0 {
		prob := p.RateExt * p.Dt / 1000
		for k := range gE {
			if c.rng.Float64() < prob {
				gE[k] += p.WExt
			}
		}
	}
	c.fired = fired
	c.Spikes += len(fired)
	return fired
}

// Sync copies the refractory counters back into the State's Ref.
func (c *Circuit) Sync() {
	for k, r := range c.ref {
		c.Ref[k] = int(r)
	}
}

// RunSteps advances the circuit by n steps.
func (c *Circuit) RunSteps(n int) {
	for range n {
		c.Step()
	}
}

// BenchSpec describes the benchmark network of ../shared/bench: N neurons,
// 80 % excitatory, each pair connected with probability P, w_E = 0.004 µS
// and w_I = 0.016 µS per spike, V drawn uniformly in [E_L, E_L + 15) mV and
// a drive uniform in [1.6, 1.8) nA.
type BenchSpec struct {
	N int
	P float64
}

// BenchP returns the connection probability of the benchmark at N
// neurons: 0.1, or 100/N when that is smaller, so that the fan-out stays
// near 100 at large N.
func BenchP(n int) float64 { return math.Min(0.1, 100/float64(n)) }

// BenchCircuit builds the benchmark network with the generator of seed,
// directly in compressed columns. Each pair is connected with probability
// P, as in RandomWeights, but the targets of a column are found by drawing
// the gaps between them (geometric, one rng.Float64() per connection rather
// than per pair), so that building costs O(N·fan-out), not O(N²).
func BenchCircuit(spec BenchSpec, seed uint64) *Circuit {
	rng := rand.New(rand.NewPCG(seed, 1))
	n, nE := spec.N, int(0.8*float64(spec.N))
	net := Network{Params: DefaultParams(), NE: nE}
	sp := Sparse{Start: make([]int, n+1)}
	logQ := math.Log1p(-spec.P)
	for j := range n {
		w := 0.004
		if j >= nE {
			w = -0.016
		}
		for i := -1; ; {
			// The gap to the next target: P(gap = g) = (1 − P)^(g−1)·P.
			i += 1 + int(math.Log(1-rng.Float64())/logQ)
			if i >= n {
				break
			}
			sp.Post = append(sp.Post, i)
			sp.W = append(sp.W, w)
		}
		sp.Start[j+1] = len(sp.Post)
	}
	s := NewState(n, 0)
	drive := make([]float64, n)
	for k := range s.V {
		s.V[k] = net.Cell.EL + 15*rng.Float64()
		drive[k] = 1.6 + 0.2*rng.Float64()
	}
	return NewCircuit(net, sp, s, drive, rng)
}
