package dynamics

import "testing"

func TestZZ(t *testing.T) {
	for _, dt := range []float64{0.8, 0.4, 0.2, 0.1, 0.05} {
		t.Logf("%g: euler %.3g rk4 %.3g rk6 %.3g", dt, OrderError(Euler, dt), OrderError(RK4Tableau, dt), OrderError(Butcher6, dt))
	}
}
