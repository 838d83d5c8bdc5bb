package figure

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/neurogo/course/neuro/schema"
)

// render renders f and checks that the result is a PNG of the expected size.
func render(t *testing.T, name string, f *Figure, wantHeight pixels) {
	t.Helper()
	data, err := f.PNG()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	b := img.Bounds()
	if w := int(Width.Points() * dpi / 72); abs(b.Dx()-w) > 1 || abs(b.Dy()-int(wantHeight)) > 1 {
		t.Errorf("%s: %dx%d pixels, want %dx%d", name, b.Dx(), b.Dy(), w, int(wantHeight))
	}
	if dir := os.Getenv(schema.FiguresEnv); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644)
	}
}

type pixels float64

var oneHeight = pixels(Height.Points() * dpi / 72)

func abs(x int) int { return max(x, -x) }

func ramp(n int, f func(float64) float64) (x, y []float64) {
	for i := range n {
		t := float64(i) * 0.1
		x, y = append(x, t), append(y, f(t))
	}
	return x, y
}

func TestGoodData(t *testing.T) {
	x, v := ramp(1000, func(t float64) float64 { return -65 + 15*(1-math.Exp(-t/10)) })
	_, w := ramp(1000, func(t float64) float64 { return -65 + 15.2*(1-math.Exp(-t/10)) })
	charging := New("Charging membrane", "t (ms)", "V (mV)").Line("Euler", x, v).Dashed("exact", x, w).HLine("threshold", -50).VLine("τ", 10)
	render(t, "charging", charging, oneHeight)

	dt, errs := []float64{0.01, 0.1, 1}, []float64{0.001, 0.01, 0.1}
	render(t, "loglog", New("Euler error", "dt (ms)", "max error (mV)").LogX().LogY().Points("measured", dt, errs).Dashed("slope 1", dt, errs), oneHeight)

	spikes := make([][]float64, 20)
	for i := range spikes {
		for t := float64(i); t < 200; t += 13 + float64(i) {
			spikes[i] = append(spikes[i], t)
		}
	}
	render(t, "raster", Raster("Raster", spikes), oneHeight)
	render(t, "histogram", Histogram("ISIs", "ISI (ms)", []float64{1, 2, 2, 3, 3, 3, 4, 4, 5}, 5), oneHeight)
	adapting := New("Adaptation", "interval number", "ISI (ms)").Marked("with adaptation", []float64{1, 2, 3, 4}, []float64{9, 14, 17, 18}).
		Line("without", []float64{1, 2, 3, 4}, []float64{9, 9, 9, 9})
	render(t, "marked", adapting, oneHeight)
	if adapting.legend != 2 {
		t.Errorf("a marked line and a line make %d legend entries, want 2", adapting.legend)
	}
	centres, counts := []float64{1, 3, 5, 7}, []float64{4, 9, 3, 1}
	render(t, "bars", New("ISI counts", "ISI (ms)", "count").Bars("counts", centres, counts).Dashed("fit", centres, []float64{5, 7, 3, 1}), oneHeight)
	z := [][]float64{{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}}
	render(t, "heatmap", Heatmap("Weights", "from", "to", z), oneHeight)
	top := New("Action potential", "t (ms)", "V (mV)").Line("", x, v)
	bottom := New("Gates", "t (ms)", "gate").Line("m", x, w).Line("h", x, v)
	render(t, "column", Column(top, bottom), 2*oneHeight)
}

func TestBadDataNeverPanics(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	figs := map[string]*Figure{
		"nil":           New("nil", "x", "y").Line("a", nil, nil),
		"nothing":       New("nothing", "x", "y"),
		"nan":           New("nan", "x", "y").Line("a", []float64{1, 2, 3}, []float64{nan, nan, nan}),
		"inf":           New("inf", "x", "y").Points("a", []float64{1, 2}, []float64{inf, 1}),
		"mismatch":      New("mismatch", "x", "y").Line("a", []float64{1, 2, 3}, []float64{1}),
		"log non-pos":   New("log", "x", "y").LogX().LogY().Line("a", []float64{0, -1, 1}, []float64{1, 0, 1}),
		"only refs":     New("refs", "x", "y").HLine("a", 1).VLine("b", 2),
		"nan ref":       New("nan ref", "x", "y").HLine("a", nan),
		"log ref":       New("log ref", "x", "y").LogY().Line("a", []float64{1, 2}, []float64{1, 2}).HLine("zero", 0),
		"ragged":        Heatmap("ragged", "x", "y", [][]float64{{1, 2, 3}, {1}}),
		"empty heatmap": Heatmap("empty", "x", "y", nil),
		"nan heatmap":   Heatmap("nan", "x", "y", [][]float64{{nan, inf}}),
		"const hist":    Histogram("const", "x", []float64{2, 2, 2}, 0),
		"nan hist":      Histogram("nan", "x", []float64{nan}, 3),
		"empty raster":  Raster("empty", nil),
		"empty column":  Column(New("a", "x", "y"), New("b", "x", "y")),
		"one bar":       New("one bar", "x", "y").Bars("a", []float64{3}, []float64{2}),
		"nan bars":      New("nan bars", "x", "y").Bars("a", []float64{1, nan, 3}, []float64{1, 2, nan}),
		"log bars":      New("log bars", "x", "y").LogY().Bars("a", []float64{1, 2}, []float64{0, 3}),
	}
	for name, f := range figs {
		if _, err := f.PNG(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if f := figs["nan"]; f.title != "nan (no data) (3 points that cannot be drawn left out)" {
		t.Errorf("the title of a figure of NaNs is %q", f.title)
	}
	if f := figs["mismatch"]; f.title != "mismatch (x and y differ in length)" {
		t.Errorf("the title of mismatched data is %q", f.title)
	}
}

func TestShowOutsideANotebook(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(schema.FiguresEnv, "")
	New("Quiet", "x", "y").Line("a", []float64{1, 2}, []float64{1, 2}).Show()
	t.Setenv(schema.FiguresEnv, dir)
	New("Membrane potential", "x", "y").Line("a", []float64{1, 2}, []float64{1, 2}).Show()
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 1 || filepath.Base(files[0])[4:] != "membrane-potential.png" {
		t.Errorf("Show wrote %v, want one file named for the title", files)
	}
}

func TestTickLabels(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []string
	}{
		{-80, 75, []string{"-50", "0", "50"}},
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-0.3, 0.3, []string{"-0.2", "0.0", "0.2"}},
		{-65.5, -53, []string{"-64", "-62", "-60", "-58", "-56", "-54"}},
		{0, 200, []string{"0", "50", "100", "150", "200"}}, // Project 10's raster
		{-3, 213, []string{"0", "50", "100", "150", "200"}},
		{0.001, 0.0042, []string{"0.001", "0.002", "0.003", "0.004"}},
	} {
		var got []string
		for _, tk := range (ticks{}).Ticks(tt.lo, tt.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ticks from %g to %g: labels %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

// TestTicksAreRound checks on many ranges that the labelled ticks are
// the multiples of one step, 1, 2 or 5 times a power of ten, within the
// range, between two and eight of them.
func TestTicksAreRound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		lo := (r.Float64() - 0.5) * math.Pow10(r.IntN(8)-3)
		hi := lo + r.Float64()*math.Pow10(r.IntN(8)-3)
		var labelled []float64
		for _, tk := range (ticks{}).Ticks(lo, hi) {
			if tk.Value < lo-1e-9*(hi-lo) || tk.Value > hi+1e-9*(hi-lo) {
				t.Fatalf("ticks from %g to %g: a tick at %g", lo, hi, tk.Value)
			}
			if tk.Label != "" {
				labelled = append(labelled, tk.Value)
			}
		}
		if len(labelled) < 2 || len(labelled) > 8 {
			t.Fatalf("ticks from %g to %g: %d labels %v", lo, hi, len(labelled), labelled)
		}
		// The step to 6 digits, which float error in the difference does not reach.
		step, _ := strconv.ParseFloat(strconv.FormatFloat(labelled[1]-labelled[0], 'g', 6, 64), 64)
		m := step / math.Pow10(int(math.Floor(math.Log10(step)+1e-9)))
		if !slices.ContainsFunc([]float64{1, 2, 5, 10}, func(x float64) bool { return math.Abs(m-x) < 1e-6 }) {
			t.Fatalf("ticks from %g to %g: labels %v are %g apart, not 1, 2 or 5 times a power of ten", lo, hi, labelled, step)
		}
		for _, v := range labelled {
			if k := v / step; math.Abs(k-math.Round(k)) > 1e-6 {
				t.Fatalf("ticks from %g to %g: label %g is not a multiple of %g", lo, hi, v, step)
			}
		}
	}
}

func TestFixedRangesCut(t *testing.T) {
	x, y := ramp(1000, func(t float64) float64 { return t * t }) // y up to 10⁴
	f := New("Diverging", "t (ms)", "V (mV)").Line("run", x, y).
		VLine("far right", 500).HLine("far up", 1e5).
		XRange(0, 10).YRange(-5, 50)
	render(t, "fixed-ranges", f, oneHeight)
	if got := [4]float64{f.p.X.Min, f.p.X.Max, f.p.Y.Min, f.p.Y.Max}; got != [4]float64{0, 10, -5, 50} {
		t.Errorf("axes span x %g to %g and y %g to %g, want the fixed 0 to 10 and -5 to 50", got[0], got[1], got[2], got[3])
	}
}

func TestBarsSpanTheirBins(t *testing.T) {
	h := bars(plotter.XYs{{X: 5, Y: 4}, {X: 1, Y: 2}, {X: 3, Y: 0}, {X: 3, Y: 1}})
	want := []plotter.HistogramBin{{Min: 4, Max: 6, Weight: 4}, {Min: 0, Max: 2, Weight: 2}, {Min: 2, Max: 4, Weight: 0}, {Min: 2, Max: 4, Weight: 1}}
	if h.Width != 2 || !slices.Equal(h.Bins, want) {
		t.Errorf("bars of width %g with bins %v, want width 2 and %v", h.Width, h.Bins, want)
	}
	if h := bars(plotter.XYs{{X: 7, Y: 3}}); h.Width != 1 || h.Bins[0] != (plotter.HistogramBin{Min: 6.5, Max: 7.5, Weight: 3}) {
		t.Errorf("a single bar: width %g, bin %v, want width 1 from 6.5 to 7.5", h.Width, h.Bins[0])
	}
}

// A plot cell run before the functions it draws with are written gets nil
// or empty slices from their stubs: the figure says what to finish first,
// not that x and y differ in length.
func TestNothingToDrawYet(t *testing.T) {
	grid, v := ramp(100, func(t float64) float64 { return -65 + t })
	const aboveFirst = "\n(nothing to draw yet: finish the levels above first)"
	for _, tt := range []struct {
		name string
		f    *Figure
		want string
	}{
		{"grid, no voltages", New("Membrane", "t (ms)", "V (mV)").Line("V", grid, nil).HLine("threshold", -50), "Membrane" + aboveFirst},
		{"no grid, voltages", New("Membrane", "t (ms)", "V (mV)").Line("V", []float64{}, v), "Membrane" + aboveFirst},
		{"one of two series", New("Spikes", "t (ms)", "V (mV)").Line("V", grid, v).Points("spikes", nil, []float64{}), "Spikes" + aboveFirst},
		{"named level", New("Membrane", "t (ms)", "V (mV)").Line("V", nil, nil).Needs("Simulate (Level 16)"),
			"Membrane\n(nothing to draw yet: finish Simulate (Level 16) first)"},
		{"untitled", New("", "t (ms)", "V (mV)").Dashed("V", nil, nil), "(nothing to draw yet: finish the levels above first)"},
		{"empty histogram", Histogram("ISIs", "ISI (ms)", nil, 10), "ISIs" + aboveFirst},
		{"empty raster", Raster("Raster", nil), "Raster" + aboveFirst},
		// Genuinely bad data keeps its own notes.
		{"mismatch", New("m", "x", "y").Line("a", []float64{1, 2, 3}, []float64{1}), "m (x and y differ in length)"},
		{"nan", New("nan", "x", "y").Line("a", []float64{1, 2}, []float64{math.NaN(), math.Inf(1)}), "nan (no data) (2 points that cannot be drawn left out)"},
		{"no series", New("nothing", "x", "y"), "nothing (no data)"},
	} {
		render(t, "nothing-yet-"+tt.name, tt.f, oneHeight)
		if tt.f.title != tt.want {
			t.Errorf("%s: title %q, want %q", tt.name, tt.f.title, tt.want)
		}
	}

	top := New("An action potential", "t (ms)", "V (mV)").Line("V", []float64{}, nil)
	bottom := New("Its gates", "t (ms)", "fraction open").Line("m", nil, nil).Needs("RestState (Level 13)")
	render(t, "nothing-yet-column", Column(top, bottom).Needs("Simulate (Level 16)"), 2*oneHeight)
	if want := "An action potential\n(nothing to draw yet: finish Simulate (Level 16) first)"; top.title != want {
		t.Errorf("a column's figure: title %q, want %q from the column's Needs", top.title, want)
	}
	if want := "Its gates\n(nothing to draw yet: finish RestState (Level 13) first)"; bottom.title != want {
		t.Errorf("a column's figure with its own Needs: title %q, want %q", bottom.title, want)
	}
}

// Colour gives a series the colour of another place among the series.
func TestColour(t *testing.T) {
	x, y := ramp(50, func(t float64) float64 { return t })
	png := func(f *Figure) []byte {
		data, err := f.PNG()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	first := png(New("", "x", "y").Line("h", x, y))
	second := png(New("", "x", "y").Line("h", x, y).Colour(1))
	wrapped := png(New("", "x", "y").Line("h", x, y).Colour(len(palette)))
	if d, _ := differing(first, second); d == 0 {
		t.Error("Colour(1) drew a first series in its own colour, palette[0]")
	}
	if d, _ := differing(first, wrapped); d != 0 {
		t.Errorf("Colour(len(palette)) differs from palette[0] in %.4f of the pixels", d)
	}
	f := New("", "x", "y").Colour(3).Line("m", x, y).Line("h", x, y).Colour(-7).Line("n", x, y)
	if got := []int{f.series[0].colour, f.series[1].colour, f.series[2].colour}; !slices.Equal(got, []int{-1, 1, -1}) {
		t.Errorf("colours %v, want [-1 1 -1]: Colour before any series does nothing, -7 wraps to 1", got)
	}
}
