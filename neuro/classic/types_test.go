package classic

import (
	"math/rand/v2"
	"reflect"
	"testing"

	ref "github.com/neurogo/course/neuro/internal/classic"
	"github.com/neurogo/course/neuro/internal/sim"
)

// The helpers handed to learners are written in this package; these tests
// tie them to the references.
func TestHelpersMatchReferences(t *testing.T) {
	a, b := NewNet(40, 10, rand.New(rand.NewPCG(3, 4))), ref.NewNet(40, 10, rand.New(rand.NewPCG(3, 4)))
	if !reflect.DeepEqual(a.toRef(), b) {
		t.Error("NewNet differs from the reference's")
	}
	raster := [][]float64{{0.5, 1, 3.2}, {2, 2.9}, nil}
	if !reflect.DeepEqual(PopulationRate(raster, 1, 4), ref.PopulationRate(raster, 1, 4)) {
		t.Error("PopulationRate differs from the reference's")
	}
	if !reflect.DeepEqual(GapDrives(7), ref.GapDrives(7)) || !reflect.DeepEqual(GapDrives(1), ref.GapDrives(1)) {
		t.Error("GapDrives differs from the reference's")
	}
	f := func(y []float64) []float64 { return []float64{y[1], -y[0] * y[0]} }
	if !reflect.DeepEqual(RK4(f, []float64{1, 2}, 0.1), sim.RK4(f, []float64{1, 2}, 0.1)) {
		t.Error("RK4 differs from the reference's")
	}
	if ref.Izh(FS) != ref.FS || ref.GIF(DefaultGIF()) != ref.DefaultGIF() ||
		PopulationDefaults().toRef() != ref.PopulationDefaults() {
		t.Error("FS, DefaultGIF or PopulationDefaults differs from the reference's")
	}
}
