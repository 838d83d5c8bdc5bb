// Package membrane holds the reference answers of Project 1, the passive
// membrane as an RC circuit. Units: mV, ms, nA, MΩ, nF, µS, pC, µm².
package membrane

// Charge returns the charge Q = C·V (pC) on a capacitance c (nF) at a
// voltage v (mV).
func Charge(c, v float64) float64 { return c * v }

// Capacitance returns the capacitance (nF) of a membrane of the given area
// (µm²) and specific capacitance cm (µF/cm²). One µm² is 1e-8 cm² and one µF
// is 1e3 nF.
func Capacitance(area, cm float64) float64 { return cm * area * 1e-8 * 1e3 }

// OhmCurrent returns the current I = V/R (nA) through a resistance r (MΩ)
// with a voltage v (mV) across it.
func OhmCurrent(v, r float64) float64 { return v / r }
