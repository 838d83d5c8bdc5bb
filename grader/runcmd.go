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
	r := &nbrun.Runner{Bin: bin, Out: *out, Timeout: *timeout, Seed: *seed, Cell: log.cell}
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
	for i, p := range paths {
		if ctx.Err() != nil {
			break
		}
		log.notebook = fmt.Sprintf("[%d/%d] %s", i+1, len(paths), p)
		rep := r.Run(ctx, p)
		log.done(rep)
		reports = append(reports, rep)
	}
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

func freshSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) | 1
}
