// Command circuitbench times the reference circuit of Project 10 against the
// same network in numpy and in Brian2 (its numpy target and its C++
// standalone), for N = 1000, 4000 and 10 000, and prints a table with the
// spike counts and the ratios.
//
//	go run ./neuro/internal/circuit/cmd/circuitbench [-n 1000,4000,10000] [-skip-numpy-brian]
//
// The network is ../shared/bench's: conductance-based LIF cells, 80 %
// excitatory, exponential conductances, a constant drive of 1.6–1.8 nA, 1 s
// at dt = 0.1 ms, forward Euler. The connection probability is 0.1, or
// 100/N when smaller, the same for every contender, so that the fan-out
// stays near 100. The Python scripts are the shared ones with p as an
// argument; they run under Debian's /usr/bin/python3, and the command
// installs python3-numpy and python3-brian with apt-get if they are
// missing. It is not a test: go test ./... does not run it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/neurogo/course/neuro/internal/circuit"
)

const python = "/usr/bin/python3"

func main() {
	sizes := flag.String("n", "1000,4000,10000", "network sizes")
	skipSlow := flag.Bool("skip-brian-numpy", false, "leave out Brian2's numpy target (slow at large N)")
	flag.Parse()
	if err := ensurePython(); err != nil {
		fmt.Fprintln(os.Stderr, "circuitbench:", err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "circuitbench")
	if err != nil {
		fmt.Fprintln(os.Stderr, "circuitbench:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	np, b2 := filepath.Join(dir, "lif_net_numpy.py"), filepath.Join(dir, "lif_net_brian2.py")
	os.WriteFile(np, []byte(numpyScript), 0o755)
	os.WriteFile(b2, []byte(brianScript), 0o755)

	fmt.Println("1 s of network at dt = 0.1 ms; times in s (wall clock); spikes in 1 s")
	fmt.Printf("%6s %6s | %-16s | %-16s | %-16s | %-16s | %-28s | %s\n", "N", "p", "Go run (spikes)", "Go end to end",
		"numpy (spikes)", "Brian2 numpy", "Brian2 C++ run / compile", "ratios")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			fmt.Fprintln(os.Stderr, "circuitbench: bad size", f)
			os.Exit(2)
		}
		p := circuit.BenchP(n)
		ps := strconv.FormatFloat(p, 'g', -1, 64)

		// The machine is shared: the best of five runs of the Go circuit and
		// of Brian2's compiled C++ program.
		var c *circuit.Circuit
		goRun, goE2E := math.Inf(1), math.Inf(1)
		for range 5 {
			t0 := time.Now()
			c = circuit.BenchCircuit(circuit.BenchSpec{N: n, P: p}, 1)
			t1 := time.Now()
			c.RunSteps(10000)
			goRun = min(goRun, time.Since(t1).Seconds())
			goE2E = min(goE2E, time.Since(t0).Seconds())
		}

		npRes := runPy(np, strconv.Itoa(n), ps)
		var b2np map[string]float64
		if !*skipSlow {
			b2np = runPy(b2, strconv.Itoa(n), "numpy", ps)
		}
		b2cpp := runPy(b2, strconv.Itoa(n), "cpp", ps, filepath.Join(dir, "cpp"+strconv.Itoa(n)))

		cppRun, cppTotal := b2cpp["run"], b2cpp["total"]
		cppCompile := cppTotal - b2cpp["firstrun"]
		fmt.Printf("%6d %6.4g | %7.3f (%7d) | %16.3f | %7.3f (%7.0f) | %7.3f (%7.0f) | %7.3f / %7.2f (%7.0f) | ",
			n, p, goRun, c.Spikes, goE2E, npRes["run"], npRes["spikes"], b2np["run"], b2np["spikes"],
			cppRun, cppCompile, b2cpp["spikes"])
		fmt.Printf("C++ run/Go run %.2f×, numpy/Go %.1f×, C++ end to end/Go end to end %.0f×", cppRun/goRun,
			npRes["run"]/goRun, cppTotal/goE2E)
		if b2np != nil {
			fmt.Printf(", Brian2 numpy/Go %.1f×", b2np["run"]/goRun)
		}
		fmt.Println()
	}
	fmt.Println("Go end to end: building the network and running it (the Go binary is compiled once, before).")
	fmt.Println("Brian2 C++ run: the best of its first run and four more runs of the compiled program, by Brian2's own measure.")
	fmt.Println("Brian2 C++ compile: code generation and compilation, the wall time of its first build and run minus that run.")
	fmt.Println("Go run: the best of five; numpy and Brian2 numpy: one run each (they take seconds to minutes).")
}

// ensurePython installs numpy and Brian2 from Debian if they are missing.
func ensurePython() error {
	if exec.Command(python, "-c", "import numpy, brian2").Run() == nil {
		return nil
	}
	fmt.Println("installing python3-numpy and python3-brian with apt-get …")
	for _, args := range [][]string{{"update"}, {"install", "-y", "python3-numpy", "python3-brian"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %v", args[0], err)
		}
	}
	return nil
}

// runPy runs a script and returns the numbers of its RESULT line.
func runPy(args ...string) map[string]float64 {
	out, err := exec.Command(python, args...).CombinedOutput()
	res := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "RESULT ") {
			continue
		}
		for _, kv := range strings.Fields(line)[1:] {
			k, v, _ := strings.Cut(kv, "=")
			res[k], _ = strconv.ParseFloat(v, 64)
		}
	}
	if err != nil || len(res) == 0 {
		fmt.Fprintf(os.Stderr, "circuitbench: %s %v: %v\n%s\n", python, args, err, out)
	}
	return res
}
