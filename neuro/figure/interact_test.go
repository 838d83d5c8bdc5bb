package figure

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/neuro/schema"
)

func TestInteractHeadless(t *testing.T) {
	t.Setenv(schema.HeadlessEnv, "1")
	var calls [][]float64
	start := time.Now()
	Interact(func(v []float64) *Figure {
		calls = append(calls, append([]float64(nil), v...))
		return New("demo", "x", "y")
	}, Slider{Label: "I (nA)", Min: 0, Max: 3, Value: 1.5, Step: 0.1}, Slider{Label: "R (MΩ)", Min: 1, Max: 20, Value: 10, Step: 1})
	if len(calls) != 1 || calls[0][0] != 1.5 || calls[0][1] != 10 {
		t.Errorf("draw was called with %v, want once with [1.5 10]", calls)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Interact took %v headless", d)
	}
}

func TestSliderGrid(t *testing.T) {
	for _, tt := range []struct {
		s    Slider
		n    int
		want []float64
	}{
		{Slider{Min: 1, Max: 3, Step: 0.5, Value: 2}, 25, []float64{1, 1.5, 2, 2.5, 3}},
		{Slider{Min: 0, Max: 1, Step: 0.1, Value: 0.3}, 4, []float64{0, 0.3, 0.7, 1}},
		{Slider{Min: 0, Max: 1, Step: 0.1, Value: 0.3}, 5, []float64{0, 0.3, 0.6, 0.9, 1}},
		{Slider{Min: 0, Max: 10, Step: 1, Value: 0}, 3, []float64{0, 5, 10}},
		{Slider{Min: 0, Max: 10, Step: 1, Value: 0}, 2, []float64{0, 5, 10}},
		{Slider{Min: 0, Max: 10, Step: 1, Value: 10}, 6, []float64{0, 2, 4, 6, 8, 10}},
		{Slider{Min: 0, Max: 10, Step: 1, Value: 4}, 2, []float64{0, 4, 10}},
		{Slider{Min: 0, Max: 10, Step: 1, Value: 40}, 3, []float64{0, 5, 10}},
		{Slider{Min: 2, Max: 2, Step: 1, Value: 2}, 25, []float64{2}},
		{Slider{Min: 0, Max: 2, Step: 1, Value: math.NaN()}, 25, []float64{0, 1, 2}},
		{Slider{Min: 0, Max: 1, Value: 0.5}, 3, []float64{0, 0.5, 1}},
	} {
		if got := tt.s.grid(tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("%+v in at most %d positions: %v, want %v", tt.s, tt.n, got, tt.want)
		}
	}
	// The course's demos: every position is a whole number of steps from
	// the start, but the ends.
	for _, s := range []Slider{
		{Label: "I (nA)", Min: 0, Max: 5, Value: 2, Step: 0.05},
		{Label: "R (MΩ)", Min: 1, Max: 50, Value: 10, Step: 1},
		{Label: "I (µA/cm²)", Min: 0, Max: 30, Value: 8, Step: 0.5},
	} {
		grid := s.grid(maxPositions)
		if len(grid) > maxPositions || len(grid) < maxPositions*2/3 || grid[0] != s.Min || grid[len(grid)-1] != s.Max || !slices.Contains(grid, s.Value) {
			t.Errorf("%s: positions %v, want up to %d from %g to %g through %g", s.Label, grid, maxPositions, s.Min, s.Max, s.Value)
		}
		for _, v := range grid[1 : len(grid)-1] {
			if k := (v - s.Value) / s.Step; math.Abs(k-math.Round(k)) > 1e-9 {
				t.Errorf("%s: position %g is not a whole number of steps from %g", s.Label, v, s.Value)
			}
		}
	}
}

func TestSliderShow(t *testing.T) {
	for _, tt := range []struct {
		s    Slider
		v    float64
		want string
	}{
		{Slider{Label: "I (nA)", Step: 0.05}, 2, "2.00 nA"},
		{Slider{Label: "R (MΩ)", Step: 1}, 10, "10 MΩ"},
		{Slider{Label: "I (µA/cm²)", Step: 0.5}, 8, "8.0 µA/cm²"},
		{Slider{Label: "gain", Step: 0.25}, 1.5, "1.50"},
		{Slider{Label: "f (p (x))", Step: 2}, 4, "4 x)"},
	} {
		if got := tt.s.show(tt.v); got != tt.want {
			t.Errorf("%q at %g shows %q, want %q", tt.s.Label, tt.v, got, tt.want)
		}
	}
}

// sawtooth draws a trace like Project 2's demo: an integrate-and-fire
// voltage that fires faster with more current, 2000 points.
func sawtooth(x []float64) *Figure {
	t, v := make([]float64, 2000), make([]float64, 2000)
	level := -65.0
	for k := range t {
		t[k] = float64(k) * 0.1
		level += 0.1 * (x[0]*10 - (level + 65)) / 10
		if level > -50 {
			level = -65
		}
		v[k] = level
	}
	title := fmt.Sprintf("I = %.2f nA", x[0])
	for _, y := range x[1:] {
		title += fmt.Sprintf(", %.3g", y)
	}
	return New(title, "t (ms)", "V (mV)").Line("V", t, v).HLine("threshold", -50).YRange(-70, -47)
}

// page is what a test reads back from a demo's HTML.
type page struct {
	img     string // the <img>'s src
	labels  []string
	inputs  [][3]int // min, max, value of each slider
	outputs []string
	data    struct {
		ID     string
		Frames []string
		Index  [][]int
		Home   []int
		Labels [][]string
	}
}

var (
	imgRE    = regexp.MustCompile(`<img src="data:image/png;base64,([^"]*)"`)
	sliderRE = regexp.MustCompile(`<label><span[^>]*>([^<]*)</span> <input type="range" min="(\d+)" max="(\d+)" step="1" value="(\d+)" disabled[^>]*> <output>([^<]*)</output></label>`)
	dataRE   = regexp.MustCompile(`(?s)<script>\n\(function start\(d\) \{.*\}\)\((\{.*\})\);\n</script>\n</div>\n$`)
)

// parse reads a demo's HTML, failing the test if it is not in the form
// Interact writes.
func parse(t *testing.T, text string) *page {
	t.Helper()
	var p page
	imgs := imgRE.FindAllStringSubmatch(text, -1)
	if len(imgs) != 1 {
		t.Fatalf("the demo holds %d images, want 1", len(imgs))
	}
	p.img = imgs[0][1]
	for _, m := range sliderRE.FindAllStringSubmatch(text, -1) {
		var in [3]int
		for k := range in {
			in[k], _ = strconv.Atoi(m[2+k])
		}
		p.labels, p.inputs, p.outputs = append(p.labels, m[1]), append(p.inputs, in), append(p.outputs, m[5])
	}
	if n := strings.Count(text, "<input"); n != len(p.inputs) {
		t.Fatalf("the demo holds %d inputs, %d of them sliders as Interact writes them", n, len(p.inputs))
	}
	m := dataRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatal("the demo does not end in its script")
	}
	if err := json.Unmarshal([]byte(m[1]), &p.data); err != nil {
		t.Fatalf("the script's data: %v", err)
	}
	return &p
}

func TestDemo(t *testing.T) {
	sliders := []Slider{
		{Label: "R (MΩ)", Min: 1, Max: 50, Value: 10, Step: 1},
		{Label: "C (nF)", Min: 0.2, Max: 5, Value: 1, Step: 0.1},
		{Label: "I (nA)", Min: -1, Max: 1, Value: 1, Step: 0.05},
	}
	var calls [][]float64
	draw := func(x []float64) *Figure {
		calls = append(calls, slices.Clone(x))
		f := sawtooth([]float64{x[0] / 10, x[1], x[2]})
		x[0] = 99 // the demo's own values stay
		return f
	}
	d, err := newDemo(draw, sliders)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Clone(calls)
	start := []float64{10, 1, 1}
	want := [][]float64{start}
	for i := range sliders {
		if n := len(d.grids[i]); n < 5 || n > maxPositions {
			t.Errorf("slider %d takes %d positions", i, n)
		}
		for k, v := range d.grids[i] {
			x := slices.Clone(start)
			x[i] = v
			if k != d.home[i] {
				want = append(want, x)
			}
			// The frame of each position is the figure for it.
			e, _, _ := frame(draw, x)
			if f, _ := e.wait(); !bytes.Equal(d.frames[d.index[i][k]], f) {
				t.Errorf("slider %d at %g does not show the figure for %v", i, v, x)
			}
		}
	}
	slices.SortFunc(got, slices.Compare)
	slices.SortFunc(want, slices.Compare)
	if len(d.frames) != len(want) || !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("%d frames drawn at %v, want one at the start and one at each other position, %v", len(d.frames), got, want)
	}

	text := d.html("demo1")
	p := parse(t, text)
	if first := base64.StdEncoding.EncodeToString(d.frames[0]); p.img != first || p.data.Frames[0] != first {
		t.Error("the demo's image is not the figure for the starting values")
	}
	if _, err := png.Decode(bytes.NewReader(d.frames[0])); err != nil {
		t.Errorf("the first frame: %v", err)
	}
	if want := []string{"R (MΩ)", "C (nF)", "I (nA)"}; !slices.Equal(p.labels, want) {
		t.Errorf("the sliders are labelled %q, want %q in that order", p.labels, want)
	}
	if want := []string{"10 MΩ", "1.0 nF", "1.00 nA"}; !slices.Equal(p.outputs, want) {
		t.Errorf("the sliders show %q, want %q", p.outputs, want)
	}
	for i, in := range p.inputs {
		if in != [3]int{0, len(d.grids[i]) - 1, d.home[i]} || d.grids[i][d.home[i]] != start[i] {
			t.Errorf("slider %d: min, max, value %v over positions %v", i, in, d.grids[i])
		}
		if len(p.data.Labels[i]) != len(d.grids[i]) || p.data.Labels[i][len(d.grids[i])-1] != sliders[i].show(sliders[i].Max) {
			t.Errorf("slider %d: value labels %q", i, p.data.Labels[i])
		}
	}
	if p.data.ID != "demo1" || !strings.HasPrefix(text, `<div id="demo1"`) || len(p.data.Frames) != len(d.frames) ||
		!slices.EqualFunc(p.data.Index, d.index, slices.Equal) || !slices.Equal(p.data.Home, d.home) {
		t.Errorf("the script's data does not match the demo: id %q, %d frames", p.data.ID, len(p.data.Frames))
	}
	if !strings.Contains(text, "need a live notebook") || !strings.Contains(text, "One slider at a time") {
		t.Error("the demo does not say what its sliders need and do")
	}
	if got, want := d.text(), "I = 1.00 nA, 1, 1, at R = 10 MΩ, C = 1.0 nF, I = 1.00 nA (the sliders need a live notebook that runs JavaScript)"; got != want {
		t.Errorf("the demo's text is %q, want %q", got, want)
	}
	t.Logf("three sliders: %d frames, %d kB of HTML", len(d.frames), len(text)>>10)
}

func TestDemoSize(t *testing.T) {
	for _, sliders := range [][]Slider{
		{{Label: "I (nA)", Min: 0, Max: 5, Value: 2, Step: 0.05}},
		{{Label: "I (nA)", Min: 0, Max: 5, Value: 2, Step: 0.05}, {Label: "x", Min: 0, Max: 1, Value: 0, Step: 0.01}},
		{{Label: "I (nA)", Min: 0, Max: 5, Value: 2, Step: 0.05}, {Label: "x", Min: 0, Max: 1, Value: 0, Step: 0.01}, {Label: "y", Min: 0, Max: 1, Value: 1, Step: 0.01}},
	} {
		d, err := newDemo(sawtooth, sliders)
		if err != nil {
			t.Fatal(err)
		}
		size := len(d.html("demo"))
		t.Logf("%d sliders: %d frames, %d kB of HTML", len(sliders), len(d.frames), size>>10)
		if size > 700<<10 {
			t.Errorf("%d sliders: %d kB of HTML, want at most 700 kB", len(sliders), size>>10)
		}
		if len(d.frames) < 10 {
			t.Errorf("%d sliders: only %d frames", len(sliders), len(d.frames))
		}
	}
	// A light figure takes every position it may: steps of 0.25 nA.
	d, err := newDemo(func(x []float64) *Figure {
		return New("light", "x", "y").Line("", []float64{0, 1}, []float64{0, x[0]})
	}, []Slider{{Label: "I (nA)", Min: 0, Max: 5, Value: 2, Step: 0.05}})
	if err != nil || len(d.frames) != 21 {
		t.Errorf("a light figure from 0 to 5 by 0.05: %d frames, want 21", len(d.frames))
	}
}

func TestDemoFailures(t *testing.T) {
	s := Slider{Label: "I (nA)", Min: 0, Max: 2, Value: 1, Step: 1}
	d, err := newDemo(func(x []float64) *Figure {
		if x[0] == 2 {
			panic("too much current")
		}
		return sawtooth(x)
	}, []Slider{s})
	if err != nil {
		t.Fatalf("a frame that panics fails the demo: %v", err)
	}
	if len(d.frames) != 3 || bytes.Equal(d.frames[2], d.frames[0]) {
		t.Errorf("%d frames, want 3, the last telling why it cannot be drawn", len(d.frames))
	}
	if _, err := newDemo(func([]float64) *Figure { panic("no figure") }, []Slider{s}); err == nil || !strings.Contains(err.Error(), "no figure") {
		t.Errorf("a demo whose first figure panics returns %v", err)
	}
}
