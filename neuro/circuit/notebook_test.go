package circuit_test

import (
	"testing"

	"github.com/neurogo/course/grader/nbtest"
)

func TestSolutionNotebook(t *testing.T) {
	nbtest.Solution(t, "../../solutions/10-spiking-circuit.ipynb")
}

func TestLearnerNotebook(t *testing.T) {
	nbtest.Learner(t, "../../notebooks/10-spiking-circuit.ipynb")
}
