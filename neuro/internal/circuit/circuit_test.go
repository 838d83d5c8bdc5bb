package circuit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"

	"github.com/neurogo/course/neuro/internal/lif"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// With W = 0 every cell of the circuit is Project 2's LIF cell: the same
// spike times as the single-cell reference under the same current.
func TestUncoupledIsLIF(t *testing.T) {
	n := 20
	net := Network{Params: DefaultParams(), NE: 16, W: make([][]float64, n)}
	for j := range net.W {
		net.W[j] = make([]float64, n)
	}
	drive := make([]float64, n)
	for k := range drive {
		drive[k] = 1.4 + 0.1*float64(k)
	}
	raster := Run(net, NewState(n, net.Cell.EL), drive, 300, newRand(1))
	total := 0
	for k := range drive {
		_, want := lif.SimulateCurrent(net.Cell, lif.Constant(drive[k], 3001), net.TRef, net.Dt)
		if len(raster[k]) != len(want) {
			t.Fatalf("cell %d: %d spikes, want %d", k, len(raster[k]), len(want))
		}
		for i := range want {
			if math.Abs(raster[k][i]-want[i]) > 1e-9 {
				t.Fatalf("cell %d, spike %d at %g ms, want %g ms", k, i, raster[k][i], want[i])
			}
		}
		total += len(want)
	}
	t.Logf("%d spikes, all at the single-cell times", total)
}

// Sparse and dense propagation give identical conductances, and the fast
// Circuit follows NetworkStep to rounding.
func TestSparseDense(t *testing.T) {
	rng := newRand(2)
	n, nE := 300, 240
	w := RandomWeights(n, nE, 0.1, 0.005, 0.02, rng)
	sp := Compress(w)
	for trial := range 20 {
		gE1, gI1 := make([]float64, n), make([]float64, n)
		var fired []int
		for j := range n {
			if rng.IntN(5) == 0 {
				fired = append(fired, j)
			}
		}
		Propagate(w, fired, gE1, gI1)
		gE2, gI2 := make([]float64, n), make([]float64, n)
		PropagateSparse(sp, fired, gE2, gI2)
		if !slices.Equal(gE1, gE2) || !slices.Equal(gI1, gI2) {
			t.Fatalf("trial %d: sparse and dense conductances differ", trial)
		}
	}
	p := DefaultParams()
	p.RateExt, p.WExt = 1000, 0.005
	net := Network{p, nE, w}
	s := NewState(n, 0)
	drive := make([]float64, n)
	for k := range s.V {
		s.V[k] = -65 + 15*rng.Float64()
		drive[k] = 1 + rng.Float64()
	}
	fast := s.Clone()
	c := NewCircuit(net, sp, fast, drive, newRand(3))
	slow := newRand(3)
	var fired []int
	maxDiff := 0.0
	for step := range 500 {
		fired = NetworkStep(net, s, drive, fired, slow)
		got := c.Step()
		if len(got) != len(fired) {
			t.Fatalf("step %d: %d spikes, want %d", step, len(got), len(fired))
		}
		for k := range s.V {
			maxDiff = max(maxDiff, math.Abs(s.V[k]-fast.V[k]), 100*math.Abs(s.GE[k]-fast.GE[k]), 100*math.Abs(s.GI[k]-fast.GI[k]))
		}
	}
	if maxDiff > 1e-9 {
		t.Errorf("the fast circuit departs from NetworkStep by %g", maxDiff)
	}
	t.Logf("500 steps, %d spikes; largest difference %.2g mV", c.Spikes, maxDiff)
}

// A held cell does not fire even when its Euler step crosses V_th: under a
// drive of 1000 nA a free cell fires in every step, so the fast Circuit,
// which takes the Euler step of held cells too, must fire once every
// NRef + 1 steps, in the steps NetworkStep fires.
func TestHeldCellsDoNotFire(t *testing.T) {
	n := 3
	net := Network{Params: DefaultParams(), NE: 2, W: make([][]float64, n)}
	for j := range net.W {
		net.W[j] = make([]float64, n)
	}
	drive := []float64{1000, 1000, 1000}
	s := NewState(n, net.Cell.EL)
	c := NewCircuit(net, Compress(net.W), s.Clone(), drive, newRand(1))
	var fired []int
	steps := 200
	for step := range steps {
		fired = NetworkStep(net, s, drive, fired, newRand(1))
		if got := c.Step(); len(got) != len(fired) {
			t.Fatalf("step %d: %d spikes, NetworkStep %d", step, len(got), len(fired))
		}
	}
	if want := n * ((steps + net.NRef()) / (net.NRef() + 1)); c.Spikes != want {
		t.Errorf("%d spikes in %d steps, want %d (one every %d steps)", c.Spikes, steps, want, net.NRef()+1)
	}
}

// Dale's law holds for every generated W, and the mean in-degree is p·N
// within its standard error (7 of them: a right generator fails fewer than
// once in 1e11).
func TestWeights(t *testing.T) {
	for seed := range uint64(10) {
		rng := newRand(seed)
		n, nE := 100+int(seed)*37, 0
		nE = n * 4 / 5
		p := 0.05 + 0.03*float64(seed)
		w := RandomWeights(n, nE, p, 0.004, 0.016, rng)
		links := 0
		for j, col := range w {
			for _, x := range col {
				if (j < nE && x < 0) || (j >= nE && x > 0) {
					t.Fatalf("seed %d: column %d breaks Dale's law", seed, j)
				}
				if x != 0 {
					links++
				}
			}
		}
		mean := float64(links) / float64(n)
		se := math.Sqrt(float64(n)*p*(1-p)) / math.Sqrt(float64(n))
		if math.Abs(mean-p*float64(n)) > 7*se {
			t.Errorf("seed %d: mean in-degree %.2f, want %.2f ± %.2f", seed, mean, p*float64(n), 7*se)
		}
	}
	b := NewBench(10000, BenchP(10000), 1)
	fan := float64(len(b.Post)) / 10000
	if math.Abs(fan-100) > 7*math.Sqrt(100*0.99/10000) {
		t.Errorf("the benchmark at N = 10000: fan-out %.2f, want 100", fan)
	}
}

// brunel runs 400 neurons with relative inhibition g for 1 s and returns the
// mean CV across neurons, the synchrony, and the mean rate (Hz).
func brunel(g float64, seed uint64) (cv, chi, rate float64) {
	rng := newRand(seed)
	p := DefaultParams()
	p.RateExt, p.WExt = BrunelRate, BrunelWExt
	net := Network{p, 320, RandomWeights(400, 320, 0.1, BrunelWE, g*BrunelWE, rng)}
	s := NewState(400, 0)
	for k := range s.V {
		s.V[k] = -65 + 15*rng.Float64()
	}
	raster := Run(net, s, make([]float64, 400), 1000, rng)
	cvs := CVs(raster, 5)
	for _, x := range cvs {
		cv += x
	}
	n := 0
	for _, r := range raster {
		n += len(r)
	}
	return cv / float64(len(cvs)), Synchrony(raster, 1, 1000), float64(n) / 400
}

// Weak inhibition: synchronous regular firing; strong: asynchronous
// irregular (Brunel 2000).
func TestBrunelStates(t *testing.T) {
	if testing.Short() {
		t.Skip("4 s of network")
	}
	for seed := range uint64(2) {
		cv, chi, rate := brunel(1, seed)
		t.Logf("g = 1: CV %.2f, χ² %.3f, %.0f Hz", cv, chi, rate)
		if chi < 0.15 || cv > 0.2 {
			t.Errorf("g = 1, seed %d: CV %.2f, χ² %.3f; want synchronous regular (χ² > 0.15, CV < 0.2)", seed, cv, chi)
		}
		cv, chi, rate = brunel(8, seed)
		t.Logf("g = 8: CV %.2f, χ² %.3f, %.0f Hz", cv, chi, rate)
		if chi > 0.05 || cv < 0.8 {
			t.Errorf("g = 8, seed %d: CV %.2f, χ² %.3f; want asynchronous irregular (χ² < 0.05, CV > 0.8)", seed, cv, chi)
		}
	}
}

// The pipeline's error stays within the bound it states over many seeds.
func TestPipelineBound(t *testing.T) {
	seeds := uint64(10)
	if testing.Short() {
		seeds = 3
	}
	worst := 0.0
	for seed := range seeds {
		rng := newRand(seed)
		net := TaskNetwork(rng)
		e := PipelineError(net, Preferred(TaskN, TaskNE), TaskI0, TaskI1, TaskT, TaskLam, TaskTrain, TaskTest, rng)
		worst = max(worst, e)
		if e > PipelineBound {
			t.Errorf("seed %d: error %.2f°, above the bound %g°", seed, e, PipelineBound)
		}
	}
	t.Logf("worst error over %d seeds: %.2f° (bound %g°)", seeds, worst, PipelineBound)
}

// The background's conductance has Campbell's mean and standard deviation.
func TestBackgroundStats(t *testing.T) {
	rng := newRand(5)
	g := make([]float64, 1)
	n := 2000000
	var sum, sum2 float64
	for range n {
		g[0] -= 0.1 * g[0] / 5
		Background(g, 1000, 0.005, 0.1, rng)
		sum += g[0]
		sum2 += g[0] * g[0]
	}
	mean := sum / float64(n)
	sd := math.Sqrt(sum2/float64(n) - mean*mean)
	wantMean, wantSD := BackgroundStats(1000, 0.005, 5)
	t.Logf("mean %.5f µS (Campbell %.5f), sd %.5f µS (Campbell %.5f)", mean, wantMean, sd, wantSD)
	// In steps of dt the jumps are Bernoulli with q = ν·dt and decay by
	// a = 1 − dt/τ per step: variance q(1 − q)w²/(1 − a²), which tends to
	// Campbell's ν·w²·τ/2 as dt → 0 (it is 5 % lower here).
	q, a := 0.1, 1-0.1/5.0
	discrete := math.Sqrt(q * (1 - q) * 0.005 * 0.005 / (1 - a*a))
	t.Logf("discrete-time sd %.5f µS", discrete)
	if math.Abs(mean/wantMean-1) > 0.02 || math.Abs(sd/discrete-1) > 0.02 || math.Abs(sd/wantSD-1) > 0.08 {
		t.Errorf("mean %.5f µS, sd %.5f µS; want %.5f, %.5f", mean, sd, wantMean, wantSD)
	}
}

// benchSizes are the sizes of circuitbench's table.
var benchSizes = []int{1000, 4000, 10000, 40000}

// cpuSeconds returns the processor time the process has used so far (s):
// on a shared machine it counts the benchmark's own work, where the wall
// clock counts the other programs too.
func cpuSeconds() float64 {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}

// BenchmarkCircuit times 1 s (10 000 steps) of the benchmark network of
// circuitbench, built outside the timing, and reports the processor time
// too (cpu-s/op), and the synaptic events and cell updates per second of
// it.
func BenchmarkCircuit(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			spikes, events, cpu := 0, 0, 0.0
			for b.Loop() {
				b.StopTimer()
				c := NewBench(n, BenchP(n), 1).Circuit()
				b.StartTimer()
				t0 := cpuSeconds()
				c.RunSteps(10000)
				cpu += cpuSeconds() - t0
				spikes, events = c.Spikes, c.Spikes*len(c.Post)/n
			}
			cpu /= float64(b.N)
			b.ReportMetric(float64(spikes), "spikes")
			b.ReportMetric(cpu, "cpu-s/op")
			b.ReportMetric(float64(events)/cpu, "events/cpu-s")
			b.ReportMetric(float64(n)*10000/cpu, "updates/cpu-s")
		})
	}
}

// BenchmarkTraffic measures what one core moves at best. For each N it
// times 10 000 passes over the cells' arrays as Circuit.Step makes them,
// with one operation per element: per cell and step it reads V, g_E, g_I
// and the drive (32 bytes) and writes V, g_E and g_I (24 bytes). N=copy
// copies 64 MB, out of every cache: the bandwidth of memory.
func BenchmarkTraffic(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			c := NewBench(n, BenchP(n), 1).Circuit()
			v, gE, gI, drive := c.V, c.GE[:n], c.GI[:n], c.Drive[:n]
			cpu := 0.0
			for b.Loop() {
				t0 := cpuSeconds()
				for range 10000 {
					for k := range v {
						gE[k], gI[k] = gE[k]*0.5, gI[k]*0.5
						v[k] += drive[k]
					}
				}
				cpu += cpuSeconds() - t0
			}
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
			b.ReportMetric(56*float64(n)*10000*float64(b.N)/cpu/1e9, "GB/cpu-s")
		})
	}
	b.Run("N=copy", func(b *testing.B) {
		src, dst := make([]byte, 64<<20), make([]byte, 64<<20)
		copy(dst, src) // fault the pages in
		cpu := 0.0
		for b.Loop() {
			t0 := cpuSeconds()
			copy(dst, src)
			cpu += cpuSeconds() - t0
		}
		b.ReportMetric(2*float64(len(src))*float64(b.N)/cpu/1e9, "GB/cpu-s")
	})
}
