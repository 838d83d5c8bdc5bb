package projects

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/check"
)

// Every solution notebook's project is linked in, with a registered check
// for each level the notebook has a check cell for, and no other.
func TestEverySolutionIsLinked(t *testing.T) {
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(root, "solutions", "*.ipynb"))
	if len(paths) == 0 {
		t.Fatal("no solution notebooks")
	}
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		p := nbrun.Project(nb)
		var inNotebook, registered []int
		for _, c := range nb.Cells {
			meta, _ := c.Metadata["neuro"].(map[string]any)
			if level, _ := meta["level"].(float64); meta["role"] == "check" {
				inNotebook = append(inNotebook, int(level))
			}
		}
		for _, l := range check.Levels(p) {
			registered = append(registered, l.Level)
		}
		if !slices.Equal(inNotebook, registered) {
			t.Errorf("%s, project %d: check cells for levels %v, checks registered for %v (is the project's package imported here?)",
				filepath.Base(path), p, inNotebook, registered)
		}
	}
}
