package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/neurogo/course/grader/nbrun"
)

func runCommand(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	out := fs.String("out", "out", "folder for the executed notebooks and kernel logs")
	timeout := fs.Duration("timeout", 2*time.Minute, "time limit of one cell; the cell is interrupted past it")
	seed := fs.Uint64("seed", 0, "seed of the checks' random cases (default: a fresh one)")
	cache := fs.String("cache", nbrun.DefaultCache(), "folder where the GoNB kernel is built")
	asJSON := fs.Bool("json", false, "print the report as JSON instead of a table")
	jobs := fs.Int("jobs", runtime.NumCPU(), "notebooks run at once, each in its own kernel")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader run [flags] NOTEBOOK_OR_DIR...\n\nExecutes notebooks headless in GoNB and grades their levels.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	if fs.NArg() == 0 {
		fs.Usage()
		os.Exit(2)
	}
	course, err := nbrun.FindCourse(*courseDir)
	if err != nil {
		return err
	}
	log := newProgress(os.Stderr)
	bin, err := nbrun.Tools(course, *cache, log.printf)
	if err != nil {
		return err
	}
	r := nbrun.Runner{Bin: bin, Out: *out, Timeout: *timeout, Seed: *seed}
	if r.Seed == 0 {
		r.Seed = freshSeed()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	paths, errs := expandNotebooks(fs.Args())
	var reports []*nbrun.Report
	for _, e := range errs {
		reports = append(reports, &nbrun.Report{Path: strings.SplitN(e.Error(), ":", 2)[0], Error: e.Error()})
	}
	reports = append(reports, runAll(ctx, r, paths, *jobs, log)...)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{"seed": strconv.FormatUint(r.Seed, 10), "notebooks": reports})
	} else {
		printTable(os.Stdout, reports)
	}
	for _, rep := range reports {
		if rep.Error != "" || nbrun.IsSolution(rep.Path) && rep.Counts.Passed < len(rep.Levels) {
			return errFailed
		}
	}
	return ctx.Err()
}

// runAll runs the notebooks at paths, jobs at a time, each in a kernel of
// its own, and returns their reports in the order of paths.
func runAll(ctx context.Context, r nbrun.Runner, paths []string, jobs int, log *progress) []*nbrun.Report {
	reports := make([]*nbrun.Report, len(paths))
	nbrun.Each(ctx, len(paths), jobs, func(i int) {
		name := fmt.Sprintf("[%d/%d] %s", i+1, len(paths), paths[i])
		r := r // a Runner of its own, for its progress
		r.Cell = log.start(name)
		reports[i] = r.Run(ctx, paths[i])
		log.done(name, reports[i])
	})
	for i, rep := range reports {
		if rep == nil {
			reports[i] = &nbrun.Report{Path: paths[i], Error: "not run: interrupted"}
		}
	}
	return reports
}

func freshSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) | 1
}
