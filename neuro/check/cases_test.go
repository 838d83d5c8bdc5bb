package check

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTimeStep(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		tau, tEnd := Uniform(r, 1, 100), Uniform(r, 0, 2000)
		dt := TimeStep(r, tau, tEnd)
		if !slices.Contains(steps, dt) || dt > tau/10 && dt != steps[0] {
			t.Fatalf("TimeStep(τ = %g ms, to %g ms) = %g ms: not one of %v at most τ/10", tau, tEnd, dt, steps)
		}
		// Too many points only if the next larger step exceeds τ/10.
		if k := slices.Index(steps, dt); tEnd/dt > MaxPoints && k+1 < len(steps) && steps[k+1] <= tau/10 {
			t.Fatalf("TimeStep(τ = %g ms, to %g ms) = %g ms: %g points, over %d", tau, tEnd, dt, tEnd/dt, MaxPoints)
		}
	}
	if dt := TimeStep(r, 1, 5000); dt != 0.1 {
		t.Errorf("TimeStep(τ = 1 ms, to 5000 ms) = %g ms, want the largest step at most τ/10, 0.1 ms", dt)
	}
}

func TestAnyStep(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[float64]bool{}
	for range 1000 {
		dt := AnyStep(r, 0.25)
		if !slices.Contains(steps, dt) || dt > 0.25 {
			t.Fatalf("AnyStep(0.25) = %g ms: not one of %v up to 0.25 ms", dt, steps)
		}
		seen[dt] = true
	}
	if len(seen) != len(steps)-1 {
		t.Errorf("AnyStep(0.25) drew %d different steps in 1000 draws, want all %d up to 0.25 ms", len(seen), len(steps)-1)
	}
	if dt := AnyStep(r, 0); dt != steps[0] {
		t.Errorf("AnyStep(0) = %g ms, want the smallest step, %g ms", dt, steps[0])
	}
}

func TestLogUniform(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	below := 0
	for range 10000 {
		x := LogUniform(r, 1e-3, 10)
		if !(x >= 1e-3 && x < 10) {
			t.Fatalf("LogUniform(1e-3, 10) = %g, outside [1e-3, 10)", x)
		}
		if x < 0.1 {
			below++
		}
	}
	// Half the decades lie below 0.1: 5000 ± 50 (1 SE), allow 6 SE.
	if below < 4700 || below > 5300 {
		t.Errorf("LogUniform(1e-3, 10): %d of 10000 draws below 0.1, want about 5000", below)
	}
}
