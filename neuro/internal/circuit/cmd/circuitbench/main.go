// Command circuitbench times the reference circuit of Project 10 against the
// same network run by numpy and by Brian2 (its numpy target and its C++
// standalone), and fails unless they fire the same spikes.
//
//	go run ./neuro/internal/circuit/cmd/circuitbench [-n 1000,4000,10000,40000] [-rounds 5] [-check]
//		[-json FILE] [-fig FILE.png] [-patience 1m] [-skip-brian-numpy] [-keep DIR]
//
// For each N it draws one network (circuit.NewBench, seeded: connections
// with probability 0.1, or 100/N when smaller, so that the fan-out stays
// near 100; initial potentials; drive) and writes it to an .npz file that
// every contender reads: the Go circuit (this command run with -go FILE, a
// process of its own like the others), lif_net_numpy.py and
// lif_net_brian2.py. Each runs the network for 1 s at dt = 0.1 ms under the
// conventions of Brian2's schedule (see circuit.Bench) and reports its run
// time and its spike count. The run time is the processor time of the
// simulation loop, each contender's own measure by the same clock (the one
// Brian2's C++ standalone uses), so that the other programs on a shared
// machine count less. circuitbench times each process end to end, by the
// wall clock: start, imports, reading the network, building it, for
// Brian2's C++ the code generation and the compilation, and the run.
//
// The rounds are interleaved: every contender at every N once per round,
// and the table shows the best of the rounds. Brian2's C++ program is
// compiled in the first round and run again as it is in the others;
// numpy and Brian2's numpy target run once at an N where their first run
// takes longer than -patience.
//
// The command fails when numpy's spike count differs from Go's (they do
// the same arithmetic in the same order, so they agree exactly) or a Brian2
// count is more than 1 % away from Go's (Brian2 computes in volts and
// siemens, so its states differ from Go's in rounding). -check is the quick
// form for CI: one round. The Python scripts run under Debian's
// /usr/bin/python3 with python3-numpy and python3-brian (and g++ for the
// C++ standalone); where one is missing, its contenders are skipped with a
// message saying so.
package main

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/neurogo/course/neuro/figure"
	"github.com/neurogo/course/neuro/internal/circuit"
)

const (
	python = "/usr/bin/python3"
	steps  = 10000 // 1 s at dt = 0.1 ms
	seed   = 1
)

//go:embed lif_net_numpy.py lif_net_brian2.py
var scripts embed.FS

// The contenders, in the order of the table.
var contenders = []string{"Go", "numpy", "Brian2 numpy", "Brian2 C++"}

// A measurement is one run of one contender on the network of N neurons.
type measurement struct {
	Contender string  `json:"contender"`
	N         int     `json:"n"`
	FanOut    float64 `json:"fan_out"`
	Round     int     `json:"round"`
	Run       float64 `json:"run_s"`
	EndToEnd  float64 `json:"end_to_end_s"`
	Spikes    int     `json:"spikes"`
	Events    float64 `json:"synaptic_events_per_s"`
	// Rerun marks a run of Brian2's C++ program compiled in an earlier
	// round: its end-to-end time is that of the program alone.
	Rerun bool `json:"rerun_of_compiled_program,omitempty"`
}

func main() {
	if err := bench(); err != nil {
		fmt.Fprintln(os.Stderr, "circuitbench:", err)
		os.Exit(1)
	}
}

// bench runs the command.
func bench() error {
	sizes := flag.String("n", "1000,4000,10000,40000", "network sizes, comma-separated")
	rounds := flag.Int("rounds", 5, "rounds of runs; the table shows the best")
	check := flag.Bool("check", false, "quick check of the spike counts: one round")
	jsonOut := flag.String("json", "", "write every measurement to this JSON `file`")
	figOut := flag.String("fig", "", "draw the run times against N into this PNG `file`")
	patience := flag.Duration("patience", time.Minute, "run numpy and Brian2's numpy target once at an N where their first run takes longer")
	skipSlow := flag.Bool("skip-brian-numpy", false, "leave out Brian2's numpy target (slow at large N)")
	keep := flag.String("keep", "", "work in this `folder` and leave the networks and Brian2's C++ programs there")
	goNet := flag.String("go", "", "run the Go circuit on the network `file` and print its RESULT line")
	flag.Parse()
	if *goNet != "" {
		return runGo(*goNet)
	}
	if *check {
		*rounds = 1
	}
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 10 {
			return fmt.Errorf("bad size %q", f)
		}
		ns = append(ns, n)
	}
	run := contenders
	if *skipSlow {
		run = slices.DeleteFunc(slices.Clone(run), func(c string) bool { return c == "Brian2 numpy" })
	}
	run = available(run)

	dir := *keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "circuitbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeScripts(dir); err != nil {
		return err
	}
	fanOut := map[int]float64{}
	for _, n := range ns {
		b := circuit.NewBench(n, circuit.BenchP(n), seed)
		fanOut[n] = float64(len(b.Post)) / float64(n)
		var buf bytes.Buffer
		if err := saveBench(&buf, b, steps); err != nil {
			return err
		}
		if err := os.WriteFile(netFile(dir, n), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}

	load := loadAverage()
	fmt.Printf("%s; load average %s at the start\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), load)
	var all []measurement
	slow := map[key]bool{} // numpy contenders too slow for more rounds
	for r := 1; r <= *rounds; r++ {
		for _, n := range ns {
			for _, c := range run {
				if r > 1 && slow[key{c, n}] {
					continue
				}
				m, err := measure(dir, c, n, r)
				if err != nil {
					return err
				}
				m.FanOut = fanOut[n]
				m.Events = float64(m.Spikes) * m.FanOut / m.Run
				fmt.Fprintf(os.Stderr, "round %d, N = %d, %s: run %.3f s, end to end %.3f s, %d spikes\n",
					r, n, c, m.Run, m.EndToEnd, m.Spikes)
				all = append(all, m)
				if c != "Go" && c != "Brian2 C++" && m.EndToEnd > patience.Seconds() {
					slow[key{c, n}] = true
				}
			}
		}
	}
	best := bestOf(all)
	printTable(best, ns, run, *rounds)
	fmt.Printf("load average %s at the end\n", loadAverage())
	if *jsonOut != "" {
		out, _ := json.MarshalIndent(struct {
			Start        string        `json:"start_load_average"`
			End          string        `json:"end_load_average"`
			Measurements []measurement `json:"measurements"`
		}{load, loadAverage(), all}, "", "  ")
		if err := os.WriteFile(*jsonOut, append(out, '\n'), 0o644); err != nil {
			return err
		}
	}
	if *figOut != "" {
		if err := drawFigure(*figOut, best, ns, run); err != nil {
			return err
		}
	}
	if problems := judge(all); len(problems) > 0 {
		for _, p := range problems {
			fmt.Println("FAIL:", p)
		}
		return fmt.Errorf("the spike counts disagree")
	}
	fmt.Println("spike counts agree: numpy's equal Go's, Brian2's are within 1 % of them")
	return nil
}

func netFile(dir string, n int) string { return filepath.Join(dir, fmt.Sprintf("net%d.npz", n)) }

// writeScripts writes the Python contenders into dir.
func writeScripts(dir string) error {
	for _, name := range []string{"lif_net_numpy.py", "lif_net_brian2.py"} {
		b, _ := scripts.ReadFile(name)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// available returns the contenders that can run here, and says why the
// others are skipped.
func available(cs []string) []string {
	var ok []string
	for _, c := range cs {
		var probe, pkg string
		switch c {
		case "numpy":
			probe, pkg = "import numpy", "python3-numpy"
		case "Brian2 numpy":
			probe, pkg = "import brian2", "python3-brian"
		case "Brian2 C++":
			probe, pkg = "import brian2, shutil; assert shutil.which('g++')", "python3-brian and g++"
		}
		if probe != "" && exec.Command(python, "-c", probe).Run() != nil {
			fmt.Printf("%s skipped: %s cannot run it; install Debian's %s (apt-get install)\n", c, python, pkg)
			continue
		}
		ok = append(ok, c)
	}
	return ok
}

// runGo runs the Go circuit on the network file and prints its RESULT line,
// as the Python scripts do.
func runGo(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	b, n, err := loadBench(data)
	if err != nil {
		return err
	}
	c := b.Circuit()
	t0 := cpuTime()
	c.RunSteps(n)
	fmt.Printf("RESULT run=%.6f spikes=%d\n", cpuTime()-t0, c.Spikes)
	return nil
}

// cpuTime returns the processor time (user and system) that the process
// has used so far, in seconds: the clock that Brian2's C++ standalone
// times its run with (std::clock).
func cpuTime() float64 {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}

// measure runs contender c on the network of n neurons as a process of its
// own, and returns its measurement. Brian2's C++ program is generated and
// compiled in the first round, into a folder of dir, and run again as it
// is in the later ones.
func measure(dir, c string, n, round int) (measurement, error) {
	net := netFile(dir, n)
	cpp := filepath.Join(dir, fmt.Sprintf("cpp%d", n))
	var args []string
	switch {
	case c == "Go":
		self, err := os.Executable()
		if err != nil {
			return measurement{}, err
		}
		args = []string{self, "-go", net}
	case c == "numpy":
		args = []string{python, filepath.Join(dir, "lif_net_numpy.py"), net}
	case c == "Brian2 numpy":
		args = []string{python, filepath.Join(dir, "lif_net_brian2.py"), net, "numpy"}
	case c == "Brian2 C++" && round == 1:
		os.RemoveAll(cpp)
		args = []string{python, filepath.Join(dir, "lif_net_brian2.py"), net, "cpp", cpp}
	case c == "Brian2 C++":
		return rerun(cpp, n, round)
	}
	t0 := time.Now()
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	wall := time.Since(t0).Seconds()
	res := result(out)
	if err != nil || res == nil {
		return measurement{}, fmt.Errorf("%s at N = %d: %v\n%s", c, n, err, out)
	}
	return measurement{Contender: c, N: n, Round: round, Run: res["run"], EndToEnd: wall, Spikes: int(res["spikes"])}, nil
}

// rerun runs Brian2's compiled C++ program in the folder cpp again and
// returns its measurement: the run time by Brian2's own measure, the spike
// count from its results, and the program's wall time as the end-to-end
// time (marked Rerun: it leaves out the code generation and compilation).
func rerun(cpp string, n, round int) (measurement, error) {
	cmd := exec.Command("./main")
	cmd.Dir = cpp
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(t0).Seconds()
	if err != nil {
		return measurement{}, fmt.Errorf("Brian2's C++ program at N = %d: %v\n%s", n, err, out)
	}
	info, err := os.ReadFile(filepath.Join(cpp, "results", "last_run_info.txt"))
	if err != nil {
		return measurement{}, err
	}
	// Brian2 names the spike monitor's count array with a hash of its own.
	files, _ := filepath.Glob(filepath.Join(cpp, "results", "_array_spikemonitor_N_*"))
	if len(files) != 1 {
		return measurement{}, fmt.Errorf("Brian2's C++ program at N = %d: %d spike-count files", n, len(files))
	}
	count, err := os.ReadFile(files[0])
	if err != nil || len(count) != 4 {
		return measurement{}, fmt.Errorf("Brian2's C++ program at N = %d: cannot read its spike count (%v)", n, err)
	}
	run, err := strconv.ParseFloat(strings.Fields(string(info) + " x")[0], 64)
	if err != nil {
		return measurement{}, fmt.Errorf("Brian2's C++ program at N = %d: last_run_info.txt: %v", n, err)
	}
	return measurement{Contender: "Brian2 C++", N: n, Round: round, Run: run, EndToEnd: wall,
		Spikes: int(int32(binary.LittleEndian.Uint32(count))), Rerun: true}, nil
}

// result returns the numbers of the RESULT line of a contender's output, or
// nil if it has none.
func result(out []byte) map[string]float64 {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		res := map[string]float64{}
		for _, kv := range strings.Fields(fields) {
			k, v, _ := strings.Cut(kv, "=")
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil
			}
			res[k] = x
		}
		if _, ok := res["run"]; ok {
			if _, ok := res["spikes"]; ok {
				return res
			}
		}
	}
	return nil
}

// A key names a contender at a size.
type key struct {
	contender string
	n         int
}

// bestOf returns, for each contender and size, the best run time and the
// best end-to-end time of its measurements (each its own minimum; reruns of
// Brian2's compiled program do not count for the end-to-end time), with the
// spike count of the first.
func bestOf(all []measurement) map[key]measurement {
	best := map[key]measurement{}
	for _, m := range all {
		k := key{m.Contender, m.N}
		b, ok := best[k]
		if !ok {
			best[k] = m
			continue
		}
		b.Run = min(b.Run, m.Run)
		if !m.Rerun {
			b.EndToEnd = min(b.EndToEnd, m.EndToEnd)
		}
		b.Events = float64(b.Spikes) * b.FanOut / b.Run
		best[k] = b
	}
	return best
}

// judge returns what is wrong with the spike counts: a contender whose
// count changes from round to round, numpy's count not Go's, or a Brian2
// count more than 1 % away from Go's.
func judge(all []measurement) []string {
	var problems []string
	first := map[key]int{}
	for _, m := range all {
		k := key{m.Contender, m.N}
		if s, ok := first[k]; !ok {
			first[k] = m.Spikes
		} else if s != m.Spikes {
			problems = append(problems, fmt.Sprintf("%s at N = %d: %d spikes in round %d, %d in the first", m.Contender, m.N, m.Spikes, m.Round, s))
		}
	}
	for k, s := range first {
		g, ok := first[key{"Go", k.n}]
		switch {
		case k.contender == "Go":
		case !ok:
			problems = append(problems, fmt.Sprintf("N = %d: no Go run to compare %s with", k.n, k.contender))
		case k.contender == "numpy" && s != g:
			problems = append(problems, fmt.Sprintf("N = %d: numpy fired %d spikes, Go %d; they should agree exactly", k.n, s, g))
		case k.contender != "numpy" && math.Abs(float64(s-g)) > 0.01*float64(g):
			problems = append(problems, fmt.Sprintf("N = %d: %s fired %d spikes, Go %d: %+.2f %%, more than 1 %%", k.n, k.contender, s, g, 100*float64(s-g)/float64(g)))
		}
	}
	slices.Sort(problems)
	return problems
}

// printTable prints the best measurements as a Markdown table.
func printTable(best map[key]measurement, ns []int, cs []string, rounds int) {
	fmt.Printf("\n1 s of network at dt = 0.1 ms; best of %d rounds; run: processor time of the simulation loop; end to end: wall clock; ratios to Go's\n\n", rounds)
	fmt.Println("| N | fan-out | contender | run (s) | end to end (s) | spikes | synaptic events/s | run / Go's | end to end / Go's |")
	fmt.Println("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
	for _, n := range ns {
		g := best[key{"Go", n}]
		for _, c := range cs {
			m := best[key{c, n}]
			fmt.Printf("| %d | %.1f | %s | %.3f | %.3f | %d | %.3g | %.2f | %.2f |\n", n, m.FanOut, c, m.Run, m.EndToEnd,
				m.Spikes, m.Events, m.Run/g.Run, m.EndToEnd/g.EndToEnd)
		}
	}
	fmt.Println()
}

// drawFigure draws the best run time of each contender against N, on
// log–log axes, into a PNG file.
func drawFigure(file string, best map[key]measurement, ns []int, cs []string) error {
	f := figure.New("1 s of the benchmark network, best run times", "N (neurons)", "run time (s, processor)").LogX().LogY()
	for _, c := range cs {
		var x, y []float64
		for _, n := range ns {
			x, y = append(x, float64(n)), append(y, best[key{c, n}].Run)
		}
		f.Marked(c, x, y)
	}
	png, err := f.PNG()
	if err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// loadAverage returns the machine's load averages over 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], ", ")
}
