package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// traceEnv names, in a kernel's environment, the folder where the go
// command wrapper writes a trace of each build.
const traceEnv = "CELLBENCH_TRACES"

// goWrapper writes, in a new temporary folder, a go command that runs the
// real one and adds -debug-trace to every go build, and returns the
// folder. Nothing else changes: the trace is not part of what the go
// command hashes, so the build cache serves both alike.
func goWrapper() (string, error) {
	real, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "cellbench-go-")
	if err != nil {
		return "", err
	}
	script := fmt.Sprintf(`#!/bin/sh
if [ "$1" = build ] && [ -n "$%[1]s" ]; then
	shift
	exec %[2]q build -debug-trace="$%[1]s/$(date +%%s%%N).json" "$@"
fi
exec %[2]q "$@"
`, traceEnv, real)
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// A kernelLog keeps the lines a kernel writes to its standard error, each
// with the time it arrived.
type kernelLog struct {
	mu      sync.Mutex
	partial []byte
	lines   []string
}

func (l *kernelLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(l.partial[:i]))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

func (l *kernelLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

// since returns the lines from the mark-th on.
func (l *kernelLog) since(mark int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines[mark:]...)
}

// phases is where the time of one run of a cell went, from the moment the
// request left cellbench to the moment the kernel's reply arrived.
type phases struct {
	// kernel is GoNB's own work: receiving the request, parsing the cell
	// and composing the program with every earlier declaration, reading
	// back goimports' result, making the program's pipes and starting it,
	// and after the program the reply. The phases add up to total.
	kernel time.Duration
	// goimports is GoNB's run of goimports on the composed program.
	goimports time.Duration
	// gocmd is the go command's own part of go build: loading the module
	// graph and the packages, hashing and looking up every dependency in
	// the build cache, and writing the program.
	gocmd time.Duration
	// compile is compiling the cell's main package, link linking it.
	compile, link time.Duration
	// run is from the program's start to its first display reaching the
	// kernel: the cell's own work, drawing and encoding a figure included.
	run time.Duration
	// display is from there to the program's end: the rest of the
	// displays, the wait for the kernel's acknowledgement, and the exit.
	display time.Duration
	total   time.Duration
}

// GoNB's log lines that mark the phases (GoNB v0.11.4, -v=2).
var marks = [...]string{
	"goimports -w ",                   // 0: goimports starts
	"GoImports(): cursorInFile",       // 1: goimports' result is read
	" build -o ",                      // 2: go build starts
	"ExecuteCell: after s.Compile()",  // 3: go build is done
	"Executing: ",                     // 4: the program starts
	"Data[",                           // 5: a display reaches the kernel
	"Execution finished successfully", // 6: the program has ended
}

// measure reads the phases of the run from start to end from the kernel's
// log lines from mark on and from the newest trace in the folder traces,
// which it removes.
func measure(log *kernelLog, mark int, traces string, start, end time.Time) (phases, error) {
	var at [len(marks)]time.Time
	for wait := 0; ; wait++ {
		at = [len(marks)]time.Time{}
		for _, line := range log.since(mark) {
			for i, m := range marks {
				if at[i].IsZero() && strings.Contains(line, m) {
					t, err := klogTime(line, start)
					if err == nil {
						at[i] = t
					}
				}
			}
		}
		if !at[6].IsZero() || wait == 100 {
			break
		}
		time.Sleep(10 * time.Millisecond) // the last lines may still be on their way
	}
	for i, t := range at {
		if t.IsZero() && i != 5 {
			return phases{}, fmt.Errorf("the kernel's log has no line %q", marks[i])
		}
	}
	if at[5].IsZero() || at[5].After(at[6]) {
		at[5] = at[6] // the program showed nothing
	}
	compile, link, err := readTrace(traces)
	if err != nil {
		return phases{}, err
	}
	build := at[3].Sub(at[2])
	return phases{
		kernel:    at[0].Sub(start) + at[2].Sub(at[1]) + at[4].Sub(at[3]) + end.Sub(at[6]),
		goimports: at[1].Sub(at[0]),
		gocmd:     build - compile - link,
		compile:   compile,
		link:      link,
		run:       at[5].Sub(at[4]),
		display:   at[6].Sub(at[5]),
		total:     end.Sub(start),
	}, nil
}

// klogTime reads the time stamp of a klog line, "I1206 12:13:30.123456 ...",
// in the year of ref.
func klogTime(line string, ref time.Time) (time.Time, error) {
	if len(line) < 21 {
		return time.Time{}, errors.New("short line")
	}
	t, err := time.ParseInLocation("0102 15:04:05.000000", line[1:21], time.Local)
	if err != nil {
		return time.Time{}, err
	}
	return t.AddDate(ref.Year(), 0, 0), nil
}

// readTrace reads the go command's trace of the newest build in the folder
// traces, returns how long it took to compile the program's main package
// and to link it, and removes the folder's traces.
func readTrace(traces string) (compile, link time.Duration, err error) {
	files, err := filepath.Glob(filepath.Join(traces, "*.json"))
	if err != nil || len(files) == 0 {
		return 0, 0, fmt.Errorf("no trace of the go command in %s", traces)
	}
	defer func() {
		for _, f := range files {
			os.Remove(f)
		}
	}()
	data, err := os.ReadFile(files[len(files)-1]) // named by the time it started
	if err != nil {
		return 0, 0, err
	}
	var events []struct {
		Name  string  `json:"name"`
		Phase string  `json:"ph"`
		Time  float64 `json:"ts"` // µs
	}
	if err := json.Unmarshal(data, &events); err != nil {
		return 0, 0, fmt.Errorf("%s: %v", files[len(files)-1], err)
	}
	began := map[string]float64{}
	spans := map[string]time.Duration{}
	for _, e := range events {
		switch e.Phase {
		case "B":
			began[e.Name] = e.Time
		case "E":
			if b, ok := began[e.Name]; ok {
				spans[e.Name] = time.Duration((e.Time - b) * float64(time.Microsecond))
			}
		}
	}
	// The main package is the one linked: "Executing action (link gonb_…)".
	for name, d := range spans {
		if pkg, ok := strings.CutPrefix(name, "Executing action (link "); ok {
			return spans["Executing action (build "+pkg], d, nil
		}
	}
	return 0, 0, fmt.Errorf("%s: no link in the trace", files[len(files)-1])
}

const phaseHeader = "cell     version        kernel goimports  go cmd compile    link     run display   total\n"

// writePhases writes a row of the medians of each phase of runs.
func writePhases(b *strings.Builder, kind, version string, runs []phases) {
	col := func(f func(p phases) time.Duration) float64 {
		d := make([]time.Duration, len(runs))
		for i, p := range runs {
			d[i] = f(p)
		}
		return median(d)
	}
	fmt.Fprintf(b, "%-8s %-12.12s %8.3f %9.3f %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f\n", kind, version,
		col(func(p phases) time.Duration { return p.kernel }),
		col(func(p phases) time.Duration { return p.goimports }),
		col(func(p phases) time.Duration { return p.gocmd }),
		col(func(p phases) time.Duration { return p.compile }),
		col(func(p phases) time.Duration { return p.link }),
		col(func(p phases) time.Duration { return p.run }),
		col(func(p phases) time.Duration { return p.display }),
		col(func(p phases) time.Duration { return p.total }))
}

// loadAverage returns the machine's load average over the last minute.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(data))[0]
}
