package projects

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/schema"
)

// Every solution notebook's project is linked in, with a registered check
// for each level the notebook has a check cell for, and no other.
func TestEverySolutionIsLinked(t *testing.T) {
	_, course := loadCourse(t)
	for _, p := range course.Projects {
		var registered []int
		for _, l := range check.Levels(p.Number) {
			registered = append(registered, l.Level)
		}
		if !slices.Equal(p.Levels, registered) {
			t.Errorf("%s, project %d: check cells for levels %v, checks registered for %v (is the project's package imported here?)",
				p.Notebook, p.Number, p.Levels, registered)
		}
	}
}

// Every level's heading, in the solution and in the learner's notebook,
// carries the number and the title of the level its checker registers, in
// order.
func TestHeadingsMatchTitles(t *testing.T) {
	root, course := loadCourse(t)
	for _, p := range course.Projects {
		var want []string
		for _, l := range check.Levels(p.Number) {
			want = append(want, fmt.Sprintf("%d · %s", l.Level, l.Title))
		}
		for _, dir := range []string{"solutions", "notebooks"} {
			path := filepath.Join(root, dir, p.Notebook)
			nb, err := notebook.Read(path)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range release.Headings(nb) {
				got = append(got, fmt.Sprintf("%d · %s", h.Level, h.Title))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s/%s: the level headings and the registered titles differ:\nheadings:   %q\nregistered: %q",
					dir, p.Notebook, got, want)
			}
		}
	}
}

// Every solution notebook and its learner notebook are run end to end by a
// test of the project's package (a notebook_test.go that calls nbtest), so
// that a new project cannot be left out by forgetting that file.
func TestEveryNotebookIsRunEndToEnd(t *testing.T) {
	root, course := loadCourse(t)
	tests, _ := filepath.Glob(filepath.Join(root, "neuro", "*", "notebook_test.go"))
	var sources []string
	for _, path := range tests {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(src))
	}
	for _, p := range course.Projects {
		for _, call := range []string{
			fmt.Sprintf("nbtest.Solution(t, %q)", "../../solutions/"+p.Notebook),
			fmt.Sprintf("nbtest.Learner(t, %q)", "../../notebooks/"+p.Notebook),
		} {
			if !slices.ContainsFunc(sources, func(src string) bool { return strings.Contains(src, call) }) {
				t.Errorf("project %d: no neuro/*/notebook_test.go calls %s", p.Number, call)
			}
		}
	}
}

// Every notebook's setup cell starts with the course's special commands,
// which say how GoNB builds each cell (schema.SetupCommands): one notebook
// without them would build every cell at the old speed.
func TestSetupCells(t *testing.T) {
	_, course := loadCourse(t)
	for _, p := range course.Projects {
		if !strings.HasPrefix(p.Setup, schema.SetupCommands) {
			t.Errorf("%s: the setup cell does not start with schema.SetupCommands:\n%s", p.Notebook, p.Setup)
		}
	}
}

// loadCourse returns the root of this checkout and its course.
func loadCourse(t *testing.T) (string, *grade.Course) {
	t.Helper()
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	course, err := grade.LoadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	return root, course
}
