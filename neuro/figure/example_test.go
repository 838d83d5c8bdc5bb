package figure_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"

	"github.com/neurogo/course/neuro/figure"
)

// A plot cell of a notebook builds a figure by chained calls and shows it;
// in a notebook Show draws it inline, elsewhere it does nothing (or writes
// a PNG file into the folder that NEURO_FIGURES names). Every axis label
// carries its unit.
func ExampleNew() {
	t := make([]float64, 101)
	v := make([]float64, len(t))
	for k := range t {
		t[k] = float64(k) // ms
		v[k] = -65 + 15*(1-math.Exp(-t[k]/10))
	}
	f := figure.New("Charging membrane", "t (ms)", "V (mV)").
		Line("V", t, v).
		HLine("threshold", -50)
	f.Show()

	// The same figure as a PNG image, as Show sends it to the notebook.
	data, err := f.PNG()
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, _ := png.DecodeConfig(bytes.NewReader(data))
	fmt.Printf("%d×%d pixels\n", cfg.Width, cfg.Height)
	// Output:
	// 605×378 pixels
}
