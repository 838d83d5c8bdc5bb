package plasticity_test

import (
	"testing"

	"github.com/neurogo/course/grader/nbtest"
)

func TestSolutionNotebook(t *testing.T) {
	nbtest.Solution(t, "../../solutions/06-plasticity-and-learning.ipynb")
}

func TestLearnerNotebook(t *testing.T) {
	nbtest.Learner(t, "../../notebooks/06-plasticity-and-learning.ipynb")
}
