package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
)

func releaseCommand(args []string) error {
	fs := flag.NewFlagSet("release", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	check := fs.Bool("check", false, "write nothing; report learner notebooks that are stale, and fail if any is")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader release [-check] [-course DIR]\n\nMakes notebooks/ from solutions/.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	course, err := nbrun.FindCourse(*courseDir)
	if err != nil {
		return err
	}
	stale, err := releaseAll(course, !*check)
	for _, s := range stale {
		if *check {
			fmt.Printf("stale: %s\n", s)
		} else {
			fmt.Printf("wrote %s\n", s)
		}
	}
	if err != nil {
		return err
	}
	if *check && len(stale) > 0 {
		return fmt.Errorf("%d learner notebooks are stale: run go run ./grader release", len(stale))
	}
	return nil
}

// releaseAll makes the learner notebook of every solution and returns those
// whose bytes differ from what notebooks/ holds, writing them if write is
// set. A solution that cannot be released is reported and skipped.
func releaseAll(course string, write bool) (stale []string, err error) {
	sols, _ := filepath.Glob(filepath.Join(course, "solutions", "*.ipynb"))
	if len(sols) == 0 {
		return nil, fmt.Errorf("no notebooks in %s", filepath.Join(course, "solutions"))
	}
	failed := 0
	for _, sol := range sols {
		data, err := releaseOne(sol)
		if err != nil {
			fmt.Fprintf(os.Stderr, "grader: %v\n", err)
			failed++
			continue
		}
		learner := filepath.Join(course, "notebooks", filepath.Base(sol))
		if old, err := os.ReadFile(learner); err == nil && bytes.Equal(old, data) {
			continue
		}
		rel, _ := filepath.Rel(course, learner)
		stale = append(stale, rel)
		if !write {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(learner), 0o755); err != nil {
			return stale, err
		}
		if err := os.WriteFile(learner, data, 0o644); err != nil {
			return stale, err
		}
	}
	if failed > 0 {
		return stale, fmt.Errorf("%d of %d solutions could not be released", failed, len(sols))
	}
	return stale, nil
}

// releaseOne returns the bytes of the learner notebook made from a solution.
func releaseOne(sol string) ([]byte, error) {
	nb, err := notebook.Read(sol)
	if err != nil {
		return nil, err
	}
	if err := nbrun.CheckKernel(nb); err != nil {
		return nil, fmt.Errorf("%s: %v", sol, err)
	}
	learner, err := release.Notebook(nb)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", sol, err)
	}
	return learner.Marshal()
}
