package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
)

func releaseCommand(args []string) error {
	fs := flag.NewFlagSet("release", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	check := fs.Bool("check", false, "write nothing; report learner notebooks that are stale, and fail if any is")
	figures := fs.Bool("figures", false, "first run the solutions whose figures are stale or missing, and keep the figures they draw")
	redraw := fs.Bool("redraw", false, "with -figures, run every solution and draw all figures again, stale or not (after a change to how neuro/figure draws)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "solutions run at once with -figures, each in its own kernel")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader release [-check] [-figures [-redraw]] [-course DIR]\n\nMakes notebooks/ from solutions/, with the figures the solutions draw under the learner's plot cells.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	course, err := nbrun.FindCourse(*courseDir)
	if err != nil {
		return err
	}
	if *figures && !*check {
		if err := drawFigures(course, *jobs, *redraw); err != nil {
			return err
		}
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

// releaseOne returns the bytes of the learner notebook made from a solution,
// with the solution's figures if they are up to date.
func releaseOne(sol string) ([]byte, error) {
	nb, err := notebook.Read(sol)
	if err != nil {
		return nil, err
	}
	if err := nbrun.CheckKernel(nb); err != nil {
		return nil, fmt.Errorf("%s: %v", sol, err)
	}
	figures, err := keptFigures(filepath.Join(filepath.Dir(sol), "..", "notebooks"), filepath.Base(sol), nb)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", sol, err)
	}
	learner, err := release.Notebook(nb, figures)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", sol, err)
	}
	return learner.Marshal()
}

// keptFigures returns, by cell id, the figures of the solution nb named
// name that notebooks (the learners' folder) holds, or an error naming
// what is stale or missing.
func keptFigures(notebooks, name string, nb *notebook.Notebook) (map[string]string, error) {
	if !slices.ContainsFunc(nb.Cells, release.IsPlot) {
		return nil, nil
	}
	dir := filepath.Join(notebooks, release.FiguresFolder(name))
	hash, err := os.ReadFile(filepath.Join(dir, release.CodeHashFile))
	if err != nil || strings.TrimSpace(string(hash)) != release.CodeHash(nb) {
		return nil, fmt.Errorf("its figures in %s are missing or stale: run go run ./grader release -figures", dir)
	}
	figures := map[string]string{}
	for _, c := range nb.Cells {
		if !release.IsPlot(c) {
			continue
		}
		path := release.FigurePath(name, c.ID)
		if _, err := os.Stat(filepath.Join(notebooks, path)); err != nil {
			return nil, fmt.Errorf("cell %s draws no figure in %s: run go run ./grader release -figures", c.ID, dir)
		}
		if release.IsDemo(c) {
			if _, err := os.Stat(filepath.Join(notebooks, release.DemoPath(name, c.ID))); err != nil {
				return nil, fmt.Errorf("demo cell %s has no HTML in %s: run go run ./grader release -figures", c.ID, dir)
			}
		}
		figures[c.ID] = path
	}
	return figures, nil
}

// drawFigures runs, jobs at a time, every solution whose figures are stale
// or missing, or every solution if all is set, and keeps the first image
// each plot cell shows and the HTML of each demo, with the hash of the code
// that drew them.
func drawFigures(course string, jobs int, all bool) error {
	sols, _ := filepath.Glob(filepath.Join(course, "solutions", "*.ipynb"))
	notebooks := filepath.Join(course, "notebooks")
	var todo []string
	for _, sol := range sols {
		nb, err := notebook.Read(sol)
		if err != nil {
			return err
		}
		if _, err := keptFigures(notebooks, filepath.Base(sol), nb); err != nil || all {
			todo = append(todo, sol)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	log := newProgress(os.Stderr)
	bin, err := nbrun.Tools(course, nbrun.DefaultCache(), log.printf)
	if err != nil {
		return err
	}
	out, err := os.MkdirTemp("", "figures-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	// A fixed seed, so that figures of random cases are the same each time;
	// demos draw all their frames, as in a learner's notebook.
	r := nbrun.Runner{Bin: bin, Out: out, Timeout: 5 * time.Minute, Seed: 1, Demos: true}
	errs := make([]error, len(todo))
	nbrun.Each(context.Background(), len(todo), jobs, func(i int) {
		name := fmt.Sprintf("[%d/%d] %s", i+1, len(todo), filepath.Base(todo[i]))
		r := r
		r.Cell = log.start(name)
		rep := r.Run(context.Background(), todo[i])
		log.done(name, rep)
		if rep.Error != "" {
			errs[i] = errors.New(rep.Error)
			return
		}
		errs[i] = keepFigures(rep.Executed, todo[i], notebooks)
	})
	return errors.Join(errs...)
}

// keepFigures writes the figures the plot cells of the notebook executed,
// a run of the solution sol, show into their folder under notebooks, and
// the HTML its demos show, with the hash of the solution's code.
func keepFigures(executed, sol, notebooks string) error {
	nb, err := notebook.Read(executed)
	if err != nil {
		return err
	}
	name := filepath.Base(sol)
	dir := filepath.Join(notebooks, release.FiguresFolder(name))
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range nb.Cells {
		if !release.IsPlot(c) {
			continue
		}
		png, err := firstImage(c)
		if err != nil {
			return fmt.Errorf("%s, cell %s: %v", sol, c.ID, err)
		}
		if err := os.WriteFile(filepath.Join(notebooks, release.FigurePath(name, c.ID)), png, 0o644); err != nil {
			return err
		}
		if !release.IsDemo(c) {
			continue
		}
		page, err := demoHTML(c)
		if err != nil {
			return fmt.Errorf("%s, cell %s: %v", sol, c.ID, err)
		}
		if err := os.WriteFile(filepath.Join(notebooks, release.DemoPath(name, c.ID)), []byte(page), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, release.CodeHashFile), []byte(release.CodeHash(nb)+"\n"), 0o644)
}

// demoHTML returns the HTML an executed demo cell shows.
func demoHTML(c *notebook.Cell) (string, error) {
	for _, o := range c.Outputs {
		switch h := o.Data["text/html"].(type) {
		case string:
			return h, nil
		case []any: // a list of lines
			var b strings.Builder
			for _, line := range h {
				s, _ := line.(string)
				b.WriteString(s)
			}
			return b.String(), nil
		}
	}
	return "", errors.New("the demo showed no HTML")
}

// firstImage returns the first PNG image an executed cell shows.
func firstImage(c *notebook.Cell) ([]byte, error) {
	for _, o := range c.Outputs {
		if o.Type == notebook.Error {
			return nil, fmt.Errorf("the cell failed: %s", o.EValue)
		}
		if b64, ok := o.Data["image/png"].(string); ok {
			return base64.StdEncoding.DecodeString(strings.ReplaceAll(b64, "\n", ""))
		}
	}
	return nil, errors.New("the cell showed no image")
}
