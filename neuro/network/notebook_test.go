package network_test

import (
	"testing"

	"github.com/neurogo/course/grader/nbtest"
)

func TestSolutionNotebook(t *testing.T) {
	nbtest.Solution(t, "../../solutions/05-networks-of-neurons.ipynb")
}

func TestLearnerNotebook(t *testing.T) {
	nbtest.Learner(t, "../../notebooks/05-networks-of-neurons.ipynb")
}
