package main

import (
	"context"
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
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of one cell when levels run one by one")
	checkTimeout := fs.Duration("check-timeout", 2*time.Minute, "time limit of the cell that runs every check at once")
	seed := fs.Uint64("seed", 0, "seed of the checks' random cases (default: a fresh one; give one to every shard)")
	jobs := fs.Int("jobs", 2, "submissions graded at once, each in its own kernel")
	shard := fs.String("shard", "", "grade only part i of n of the submissions (i/n, 0 ≤ i < n); needs -seed and -json")
	project := fs.Int("project", 0, "grade every submission as this project (default: the project in its metadata)")
	cache := fs.String("cache", nbrun.DefaultCache(), "folder where the GoNB kernel is built")
	outs := addOutputFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader grade [flags] SUBMISSION_OR_DIR...\n\nGrades learners' notebooks with the course's own checks.")
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
	paths, errs := expandNotebooks(fs.Args())
	var bad []*grade.Result
	for _, e := range errs {
		path, _, _ := strings.Cut(e.Error(), ": ")
		bad = append(bad, &grade.Result{Learner: grade.LearnerID(path), Path: path, Error: e.Error()})
	}
	batch := &grade.Batch{}
	if *shard != "" {
		i, n, err := grade.ParseShard(*shard)
		if err != nil {
			return err
		}
		if *seed == 0 || *outs.json == "" {
			return fmt.Errorf("-shard needs -seed (the same for every shard) and -json")
		}
		paths, batch.Shard = grade.Shard(paths, i, n), *shard
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
	g := &grade.Grader{Course: c, CheckTimeout: *checkTimeout, Project: *project,
		Runner: nbrun.Runner{Bin: bin, Out: *out, Timeout: *timeout, Seed: *seed, MaxStream: 4 << 20, MaxDisplay: 64 << 20}}
	batch.Seed, batch.Course = strconv.FormatUint(*seed, 10), c.Version

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	results := g.GradeAll(ctx, paths, *jobs, func(done int, r *grade.Result) {
		log.graded(done, len(paths), r, time.Since(start))
	})
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
		file, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := f(file); err != nil {
			file.Close()
			return err
		}
		return file.Close()
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
			marks.WriteString(statusMarks[l.Status])
		}
		fmt.Fprintf(w, "%-24s  project %d  %2d/%-2d  %s  (%.1f s)\n", r.Learner, r.Project, r.Score, r.MaxScore, marks.String(), r.Seconds)
	}
}
