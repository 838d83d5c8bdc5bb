package projects

import (
	"slices"
	"testing"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/neuro/check"
)

// Every solution notebook's project is linked in, with a registered check
// for each level the notebook has a check cell for, and no other.
func TestEverySolutionIsLinked(t *testing.T) {
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	course, err := grade.LoadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
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
