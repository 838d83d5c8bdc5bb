package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/sandbox"
)

// outputFlags are the outputs grade and merge can write.
type outputFlags struct {
	json, csv, gradescope, feedback *string
}

func addOutputFlags(fs *flag.FlagSet) outputFlags {
	return outputFlags{
		json:       fs.String("json", "", "write every result as JSON to this file (a shard's file for merge)"),
		csv:        fs.String("csv", "", "write a CSV table to this file: a row per learner, a column per level, the total"),
		gradescope: fs.String("gradescope", "", "write Gradescope's results.json to this file (one submission only)"),
		feedback:   fs.String("feedback", "", "write a feedback file per learner into this folder"),
	}
}

func gradeCommand(args []string) error {
	fs := flag.NewFlagSet("grade", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	out := fs.String("out", filepath.Join("out", "grade"), "folder for the executed notebooks and kernel logs")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of the setup cell, and of each learner cell when the grader looks for the cells that compile")
	checkTimeout := fs.Duration("check-timeout", 2*time.Minute, "time limit of a program that runs the learner's code with the checks")
	seed := fs.Uint64("seed", 0, "seed of the checks' random cases (default: a fresh one; give one to every shard)")
	jobs := fs.Int("jobs", 2, "submissions graded at once, each in its own kernel")
	shard := fs.String("shard", "", "grade only part i of n of the submissions (i/n, 0 ≤ i < n); needs -seed and -json")
	project := fs.Int("project", 0, "grade every submission as this project (default: the project in its metadata)")
	cache := fs.String("cache", nbrun.DefaultCache(), "folder where the GoNB kernel and the graded course are built")
	noSandbox := fs.Bool("no-sandbox", false, "grade without a sandbox where none can be had: learners' code then runs with your rights (see the README)")
	outs := addOutputFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader grade [flags] NOTEBOOK_CLASS_FOLDER_OR_ARCHIVE...\n\nGrades learners' notebooks with the course's own checks: notebooks, class folders,\nand class archives (.zip, .tar.gz) as Canvas, Moodle, Gradescope and GitHub Classroom export them.")
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
	// Every temporary folder of the run is in one, removed at its end, or
	// by a later run if this one is killed.
	run, err := grade.NewRunDir(os.TempDir())
	if err != nil {
		return err
	}
	defer os.RemoveAll(run)
	if err := os.Setenv("TMPDIR", run); err != nil {
		return err
	}
	finder := &grade.Finder{Project: *project, Scratch: run}
	subs, bad := finder.Find(fs.Args())
	batch := &grade.Batch{}
	if *shard != "" {
		i, n, err := grade.ParseShard(*shard)
		if err != nil {
			return err
		}
		if *seed == 0 || *outs.json == "" {
			return fmt.Errorf("-shard needs -seed (the same for every shard) and -json")
		}
		subs, batch.Shard = grade.Shard(subs, i, n), *shard
	}
	c, err := grade.LoadCourse(course)
	if err != nil {
		return err
	}
	log := newProgress(os.Stderr)
	bin, err := nbrun.Tools(course, *cache, log.printf)
	if err != nil {
		return err
	}
	if *seed == 0 {
		*seed = freshSeed()
	}
	sandboxed := true
	if err := sandbox.Check(); err != nil {
		if !*noSandbox {
			return fmt.Errorf("%v\nlearners' code is graded in a sandbox, and none can be had here; -no-sandbox grades without one, with learners' code running with your rights", err)
		}
		log.printf("WARNING: grading WITHOUT a sandbox (%v): learners' code runs with your rights", err)
		sandboxed = false
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	stage, err := grade.Prepare(ctx, c, bin, *cache, sandboxed, log.printf)
	if err != nil {
		return err
	}
	var paths []string
	for _, s := range subs {
		paths = append(paths, s.File)
	}
	fingerprint, err := grade.Fingerprint(course, paths)
	if err != nil {
		return err
	}
	g := &grade.Grader{Course: c, CheckTimeout: *checkTimeout, Project: *project, Stage: stage,
		Runner: nbrun.Runner{Bin: bin, Out: *out, Timeout: *timeout, Seed: *seed, MaxStream: 4 << 20, MaxDisplay: 64 << 20}}
	batch.Seed, batch.Course = strconv.FormatUint(*seed, 10), c.Version

	start := time.Now()
	results := g.GradeAll(ctx, subs, *jobs, func(done int, r *grade.Result) {
		log.graded(done, len(subs), r, time.Since(start))
	})
	after, err := grade.Fingerprint(course, paths)
	if err != nil {
		return fmt.Errorf("reading the course and submissions again after grading: %v: no results are written", err)
	}
	if after != fingerprint {
		return errors.New("the course or a submission changed while grading: no results are written (grade again once nothing edits them)")
	}
	batch.Results = append(bad, results...)
	return writeOutputs(batch, outs)
}

func mergeCommand(args []string) error {
	fs := flag.NewFlagSet("merge", flag.ExitOnError)
	outs := addOutputFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader merge [flags] SHARD.json_OR_DIR...\n\nJoins the JSON files of the shards of one grading run.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	if fs.NArg() == 0 {
		fs.Usage()
		os.Exit(2)
	}
	var batches []*grade.Batch
	var paths []string
	for _, a := range fs.Args() {
		if info, err := os.Stat(a); err == nil && info.IsDir() {
			matches, _ := filepath.Glob(filepath.Join(a, "*.json"))
			paths = append(paths, matches...)
		} else {
			paths = append(paths, a)
		}
	}
	for _, path := range paths {
		b, err := grade.ReadBatch(path)
		if err != nil {
			return err
		}
		batches = append(batches, b)
	}
	merged, err := grade.Merge(batches)
	if err != nil {
		return err
	}
	return writeOutputs(merged, outs)
}

// writeOutputs prints the table and writes the files asked for.
func writeOutputs(b *grade.Batch, outs outputFlags) error {
	printGrades(os.Stdout, b.Results)
	write := func(path string, f func(io.Writer) error) error {
		if path == "" {
			return nil
		}
		return grade.WriteFile(path, f)
	}
	if err := write(*outs.json, b.WriteJSON); err != nil {
		return err
	}
	if err := write(*outs.csv, func(w io.Writer) error { return grade.WriteCSV(w, b.Results) }); err != nil {
		return err
	}
	if *outs.gradescope != "" {
		if len(b.Results) != 1 {
			return fmt.Errorf("-gradescope writes one submission's results, and there are %d", len(b.Results))
		}
		if err := write(*outs.gradescope, func(w io.Writer) error { return grade.WriteGradescope(w, b.Results[0]) }); err != nil {
			return err
		}
	}
	if *outs.feedback != "" {
		return grade.WriteFeedback(*outs.feedback, b.Results)
	}
	return nil
}

// printGrades writes a line per learner with a mark per level.
func printGrades(w io.Writer, results []*grade.Result) {
	for _, r := range results {
		if r.Error != "" {
			fmt.Fprintf(w, "%-24s  could not be graded: %s\n", r.Learner, r.Error)
			continue
		}
		var marks strings.Builder
		for _, l := range r.Levels {
			marks.WriteString(l.Status.Mark())
		}
		fmt.Fprintf(w, "%-24s  project %d  %2d/%-2d  %s  (%.1f s)\n", r.Learner, r.Project, r.Score, r.MaxScore, marks.String(), r.Seconds)
		for _, s := range r.Skipped {
			fmt.Fprintf(w, "%-24s  not graded: %s\n", "", s)
		}
	}
}
