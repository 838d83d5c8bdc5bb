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

// releaseAll makes the learner notebook of every solution, and the course
// map, and returns those whose bytes differ from what notebooks/ holds,
// writing them if write is set. A solution that cannot be released is
// reported and skipped.
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
		if stale, err = update(stale, course, filepath.Join("notebooks", filepath.Base(sol)), data, write); err != nil {
			return stale, err
		}
	}
	if failed > 0 {
		return stale, fmt.Errorf("%d of %d solutions could not be released", failed, len(sols))
	}
	data, err := courseMap(course)
	if err != nil {
		return stale, err
	}
	return update(stale, course, filepath.Join("notebooks", release.MapFile), data, write)
}

// update appends the file rel (relative to the course) to stale if its
// bytes differ from data, and then writes data to it if write is set.
func update(stale []string, course, rel string, data []byte, write bool) ([]string, error) {
	path := filepath.Join(course, rel)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return stale, nil
	}
	stale = append(stale, rel)
	if !write {
		return stale, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return stale, err
	}
	return stale, os.WriteFile(path, data, 0o644)
}

// courseMap returns the course map of the course's solutions.
func courseMap(course string) ([]byte, error) {
	concepts, err := release.ReadConcepts(filepath.Join(course, "solutions", release.ConceptsFile))
	if err != nil {
		return nil, err
	}
	sols, err := release.ReadSolutions(filepath.Join(course, "solutions"))
	if err != nil {
		return nil, err
	}
	return release.CourseMap(concepts, sols)
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
