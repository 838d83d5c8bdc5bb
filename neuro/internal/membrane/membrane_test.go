package membrane

import (
	"math"
	"testing"
)

// A sphere of radius 10 µm has an area of 4π·100 µm² ≈ 1257 µm²; at
// 1 µF/cm² its capacitance is about 12.6 pF, the textbook figure for a small
// soma.
func TestCapacitanceOfASoma(t *testing.T) {
	got := Capacitance(4*math.Pi*100, 1)
	if math.Abs(got-0.012566) > 1e-6 {
		t.Errorf("Capacitance(soma of radius 10 µm) = %g nF, want 0.01257 nF", got)
	}
}

// The course's default cell, C = 1 nF, has an area of 1e5 µm² (0.001 cm²).
func TestCapacitanceOfTheDefaultCell(t *testing.T) {
	if got := Capacitance(1e5, 1); math.Abs(got-1) > 1e-12 {
		t.Errorf("Capacitance(1e5 µm², 1 µF/cm²) = %g nF, want 1", got)
	}
}

// 1 nF at 10 mV holds 10 pC; 15 mV across 10 MΩ drives 1.5 nA, the
// rheobase of the default cell.
func TestChargeAndOhm(t *testing.T) {
	if got := Charge(1, 10); got != 10 {
		t.Errorf("Charge(1 nF, 10 mV) = %g pC, want 10", got)
	}
	if got := OhmCurrent(15, 10); got != 1.5 {
		t.Errorf("OhmCurrent(15 mV, 10 MΩ) = %g nA, want 1.5", got)
	}
}
