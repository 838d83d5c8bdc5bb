package coding_test

import (
	"testing"

	"github.com/neurogo/course/grader/nbtest"
)

func TestSolutionNotebook(t *testing.T) {
	nbtest.Solution(t, "../../solutions/07-neural-coding.ipynb")
}

func TestLearnerNotebook(t *testing.T) {
	nbtest.Learner(t, "../../notebooks/07-neural-coding.ipynb")
}
