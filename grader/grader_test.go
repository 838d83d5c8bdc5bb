package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
	"github.com/neurogo/course/neuro/schema"
)

func courseRoot(t *testing.T) string {
	t.Helper()
	course, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	return course
}

// The learner notebooks in notebooks/ are exactly what release makes from
// solutions/, byte for byte.
func TestLearnerNotebooksAreFresh(t *testing.T) {
	stale, err := releaseAll(courseRoot(t), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stale {
		t.Errorf("%s is stale: run go run ./grader release", s)
	}
}

func TestReleaseIsDeterministic(t *testing.T) {
	sols, _ := filepath.Glob(filepath.Join(courseRoot(t), "solutions", "*.ipynb"))
	if len(sols) == 0 {
		t.Fatal("no solutions")
	}
	for _, sol := range sols {
		a, err := releaseOne(sol)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := releaseOne(sol)
		if string(a) != string(b) {
			t.Errorf("%s: two releases differ", sol)
		}
	}
}

// writeFile writes a file into dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodSolution = `{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
 "source": "func A() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}"}],
 "metadata": {"kernelspec": {"name": "gonb"}, "` + schema.Metadata + `": {"` + schema.ProjectKey + `": 1}}, "nbformat": 4, "nbformat_minor": 5}`

// Bad solutions are reported one line each, naming the file, and the good
// ones are still released.
func TestReleaseBadInput(t *testing.T) {
	course := t.TempDir()
	writeFile(t, course, "go.mod", "module "+schema.ModulePath+"\n")
	writeFile(t, course, "solutions/01-good.ipynb", goodSolution)
	writeFile(t, course, "solutions/02-open.ipynb", strings.Replace(goodSolution, `\t// END SOLUTION\n`, "", 1))
	writeFile(t, course, "solutions/03-python.ipynb", strings.Replace(goodSolution, `"gonb"`, `"python3"`, 1))
	writeFile(t, course, "solutions/04-junk.ipynb", "this is not JSON")

	stale, err := releaseAll(course, true)
	if err == nil || !strings.Contains(err.Error(), "3 of 4 solutions") {
		t.Errorf("error %v, want one counting 3 of 4 solutions", err)
	}
	if len(stale) != 1 || stale[0] != filepath.Join("notebooks", "01-good.ipynb") {
		t.Errorf("released %v, want only notebooks/01-good.ipynb", stale)
	}
	data, err := os.ReadFile(filepath.Join(course, "notebooks", "01-good.ipynb"))
	if err != nil || !strings.Contains(string(data), "TODO") {
		t.Errorf("the good notebook was not released: %v", err)
	}
	for name, says := range map[string]string{
		"02-open.ipynb":   "solution region left open",
		"03-python.ipynb": `"python3" kernel`,
		"04-junk.ipynb":   "not a notebook",
	} {
		_, err := releaseOne(filepath.Join(course, "solutions", name))
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: error %v, want it to name the file and say %q", name, err, says)
		}
	}
}

// Notebooks that cannot be run are reported without starting a kernel, and
// a missing path does not stop the others.
func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	junk := writeFile(t, dir, "junk.ipynb", "{]")
	python := writeFile(t, dir, "python.ipynb", strings.Replace(goodSolution, `"gonb"`, `"python3"`, 1))
	old := writeFile(t, dir, "old.ipynb", `{"cells": [], "metadata": {}, "nbformat": 3}`)
	r := &nbrun.Runner{Bin: filepath.Join(dir, "no-kernel-here"), Out: dir}
	for path, says := range map[string]string{
		junk:   "not a notebook",
		python: `"python3" kernel, not GoNB`,
		old:    "nbformat 3",
	} {
		rep := r.Run(context.Background(), path)
		if !strings.Contains(rep.Error, says) || !strings.Contains(rep.Error, path) {
			t.Errorf("%s: error %q, want it to name the file and say %q", path, rep.Error, says)
		}
	}

	paths, errs := expandNotebooks([]string{filepath.Join(dir, "missing.ipynb"), dir, t.TempDir()})
	if len(paths) != 3 {
		t.Errorf("found %v, want the three notebooks of %s", paths, dir)
	}
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "missing.ipynb: no such file") ||
		!strings.Contains(errs[1].Error(), "no notebooks in this folder") {
		t.Errorf("errors %v", errs)
	}
}

// Every key concept of a project the course has is taught by a level, and
// every link of the course map leads to a notebook and one of its level
// headings.
func TestCourseMap(t *testing.T) {
	root := courseRoot(t)
	concepts, err := release.ReadConcepts(filepath.Join(root, "solutions", release.ConceptsFile))
	if err != nil {
		t.Fatal(err)
	}
	sols, err := release.ReadSolutions(filepath.Join(root, "solutions"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range release.Untaught(concepts, sols) {
		t.Errorf("key concept %q of Project %d: no level of its notebook names it in its check cell's concepts", c.Name, c.Project)
	}
	data, err := os.ReadFile(filepath.Join(root, "notebooks", release.MapFile))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(([^)#]+\.ipynb)(#[^)\s]*)?\)`).FindAllStringSubmatch(string(data), -1)
	if len(links) < 75 {
		t.Fatalf("the course map has %d links to notebooks", len(links))
	}
	for _, l := range links {
		nb, err := notebook.Read(filepath.Join(root, "notebooks", l[1]))
		if err != nil {
			t.Errorf("the link %s: %v", l[0], err)
			continue
		}
		if l[2] == "" {
			continue
		}
		if !slices.ContainsFunc(release.Headings(nb), func(h release.Heading) bool {
			return release.Anchor(l[1], fmt.Sprintf("Level %d · %s", h.Level, h.Title)) == l[1]+l[2]
		}) {
			t.Errorf("the link %s leads to no level heading of %s", l[0], l[1])
		}
	}
}

// A solution with a plot cell is released with the figure the solution
// drew under it, and not at all while that figure is missing or was drawn
// by other code.
func TestReleaseFigures(t *testing.T) {
	course := t.TempDir()
	writeFile(t, course, "go.mod", "module "+schema.ModulePath+"\n")
	plot := strings.Replace(goodSolution, `"cells": [`, `"cells": [{"cell_type": "code", "id": "fig", "metadata": {}, "outputs": [], "execution_count": null,
 "source": "%%\nfigure.New(\"A\", \"x\", \"y\").Show()"}, `, 1)
	sol := writeFile(t, course, "solutions/01-good.ipynb", plot)
	if _, err := releaseOne(sol); err == nil || !strings.Contains(err.Error(), "release -figures") {
		t.Errorf("no figures: error %v, want one saying to run release -figures", err)
	}
	nb, err := notebook.Read(sol)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, course, "notebooks/figures/01-good/"+release.CodeHashFile, release.CodeHash(nb)+"\n")
	if _, err := releaseOne(sol); err == nil || !strings.Contains(err.Error(), "cell fig") {
		t.Errorf("no image: error %v, want one naming the cell", err)
	}
	writeFile(t, course, "notebooks/figures/01-good/fig.png", "png")
	data, err := releaseOne(sol)
	if err != nil || !strings.Contains(string(data), "](figures/01-good/fig.png)") {
		t.Errorf("with its figure: error %v, notebook %s", err, data)
	}
	writeFile(t, course, "solutions/01-good.ipynb", strings.Replace(plot, `\"A\"`, `\"B\"`, 1))
	if _, err := releaseOne(sol); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Errorf("changed code: error %v, want the figures stale", err)
	}
}

// A solution with a demo is released only once its folder of figures holds
// the demo's HTML as well as its first frame; keepFigures writes that HTML
// from the demo's output.
func TestReleaseDemo(t *testing.T) {
	course := t.TempDir()
	writeFile(t, course, "go.mod", "module "+schema.ModulePath+"\n")
	demo := strings.Replace(goodSolution, `"cells": [`, `"cells": [{"cell_type": "code", "id": "demo", "metadata": {"neuro": {"role": "demo"}}, "outputs": [], "execution_count": null,
 "source": "%%\nfigure.Interact(draw, figure.Slider{Label: \"I (nA)\", Max: 1})"}, `, 1)
	sol := writeFile(t, course, "solutions/01-good.ipynb", demo)
	nb, err := notebook.Read(sol)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, course, "notebooks/figures/01-good/"+release.CodeHashFile, release.CodeHash(nb)+"\n")
	writeFile(t, course, "notebooks/figures/01-good/demo.png", "png")
	if _, err := releaseOne(sol); err == nil || !strings.Contains(err.Error(), "demo cell demo has no HTML") {
		t.Errorf("no HTML: error %v, want one naming the demo cell", err)
	}

	// The demo's run, as the kernel records it: its HTML as a list of lines.
	exec := *nb.Cells[0]
	exec.Outputs = []*notebook.Output{{Type: notebook.DisplayData, Data: map[string]any{
		"image/png": "cG5n", "text/html": []any{"<div>\n", "<input type=\"range\">\n", "</div>"},
	}}}
	nb.Cells[0] = &exec
	executed := filepath.Join(course, "executed.ipynb")
	if err := nb.Write(executed); err != nil {
		t.Fatal(err)
	}
	if err := keepFigures(executed, sol, filepath.Join(course, "notebooks")); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(course, "notebooks", release.DemoPath("01-good.ipynb", "demo")))
	if string(html) != "<div>\n<input type=\"range\">\n</div>" {
		t.Errorf("kept the demo's HTML as %q (%v)", html, err)
	}
	if _, err := releaseOne(sol); err != nil {
		t.Errorf("with its HTML: %v", err)
	}
}
