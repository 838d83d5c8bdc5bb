package lif_test

import (
	"testing"

	"github.com/neurogo/course/grader/nbtest"
)

func TestSolutionNotebook(t *testing.T) {
	nbtest.Solution(t, "../../solutions/02-integrate-and-fire.ipynb")
}

func TestLearnerNotebook(t *testing.T) {
	nbtest.Learner(t, "../../notebooks/02-integrate-and-fire.ipynb")
}
