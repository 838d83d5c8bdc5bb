package figure

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/neurogo/course/neuro/display"
	"github.com/neurogo/course/neuro/schema"
)

// A Slider is one named parameter of an interactive demo, from Min to Max in
// steps of Step (a hundredth of the range if Step ≤ 0), starting at Value.
// Put the units in the label, as in "I (nA)": the value beside the slider
// is shown with them.
type Slider struct {
	Label                 string
	Min, Max, Value, Step float64
}

// The limits of a demo's output: at most maxPositions positions per slider,
// and about frameBudget bytes of PNG for all the frames together (base64
// in the notebook makes that a third more, about 510 kB).
const (
	maxPositions = 25
	frameBudget  = 384 << 10
)

// Interact shows an interactive demo: the figure draw(values), with a slider
// under it for each parameter, in the order given, each with its label and
// its current value.
//
// The figures are all drawn when the cell runs, and the page swaps them as a
// slider moves, so the demo never needs the kernel again: the cell ends at
// once, later cells run while the demo stays live, and nothing is left
// waiting for the page (GoNB's own widgets are not used: see the docker
// README for why). The price is a bounded number of frames. Each slider
// takes at most 25 positions, a whole number of its Steps apart where the
// range allows, always including Min, Max and Value; with several sliders
// the demo varies one at a time, the others held at their Value (moving one
// slider puts the others back), so the frames add up over the sliders
// instead of multiplying. The positions are thinned further so that all the
// frames together take about 384 kB of PNG, about 510 kB in the notebook
// (estimated from the frames at the start and at the sliders' ends): a
// light figure gets every position it may, a dense trace (hundreds of
// spikes) about 16 frames in all.
//
// The demo is one display: HTML holding the figure for the starting values
// as an <img>, the sliders, and a small script that swaps the image.
// Jupyter Notebook and JupyterLab run the script in output they trust, which
// is all output of cells run in the open session; VS Code runs scripts in
// HTML output in a trusted workspace (GoNB's docs/VSCode.md: its widgets'
// text/javascript does not run there, HTML with <script> does). Where no
// script runs (a notebook opened untrusted, a saved notebook on GitHub, a
// headless nbconvert run), the figure for the starting values stays, the
// sliders stay disabled and a line says why; the same display also carries
// that figure as a plain PNG and a line of text, for front-ends that show
// no HTML (VS Code in an untrusted workspace shows only such outputs).
//
// When the environment variable schema.HeadlessEnv is set, as the grader
// does, or outside a notebook, Interact just shows the figure for the
// starting values, as Show does.
func Interact(draw func(values []float64) *Figure, sliders ...Slider) {
	if !display.IsNotebook || os.Getenv(schema.HeadlessEnv) != "" || len(sliders) == 0 {
		draw(starts(sliders)).Show()
		return
	}
	d, err := newDemo(draw, sliders)
	if err != nil {
		display.HTML("<pre>" + html.EscapeString(err.Error()) + "</pre>")
		display.Sync()
		return
	}
	display.Send(map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  d.html("neuro_demo_" + display.UniqueID()),
		protocol.MIMEImagePNG:  d.frames[0],
		protocol.MIMETextPlain: d.text(),
	})
	// GoNB stops reading a program's displays when it exits: wait until it
	// has this one. Interact leaves no other request to GoNB behind.
	display.Sync()
}

// starts returns the sliders' starting values.
func starts(sliders []Slider) []float64 {
	values := make([]float64, len(sliders))
	for i, s := range sliders {
		values[i] = s.start()
	}
	return values
}

// A demo is the frames of an interactive figure, drawn ahead.
type demo struct {
	title   string
	sliders []Slider
	grids   [][]float64 // grids[i] are the values slider i takes
	home    []int       // home[i] is the position of slider i's Value
	frames  [][]byte    // PNGs; frames[0] has every slider at home
	index   [][]int     // index[i][k] is the frame with slider i at k, the others at home
}

// newDemo draws the frames of a demo. It fails only when the figure for the
// starting values cannot be drawn, or a frame cannot be encoded; another
// frame that cannot be drawn shows why.
func newDemo(draw func([]float64) *Figure, sliders []Slider) (*demo, error) {
	values := starts(sliders)
	first, title, err := frame(draw, values)
	if err != nil {
		return nil, err
	}
	d := &demo{title: title, sliders: sliders}
	pngs := []*encoding{first}
	type position struct {
		slider int
		value  float64
	}
	drawn := map[position]*encoding{}
	at := func(i int, v float64) *encoding {
		p := position{i, v}
		if e, ok := drawn[p]; ok {
			return e
		}
		x := slices.Clone(values)
		x[i] = v
		e, _, err := frame(draw, x)
		if err != nil {
			e, _, _ = frame(func([]float64) *Figure { return New(err.Error(), "", "") }, x)
		}
		drawn[p] = e
		return e
	}

	// Estimate the size of a frame from the first and those at the
	// sliders' ends, and thin the positions so that all fit the budget.
	var ends []*encoding
	for i, s := range sliders {
		for _, v := range []float64{s.Min, s.Max} {
			if s.Max > s.Min && v != s.start() {
				ends = append(ends, at(i, v))
			}
		}
	}
	total, count := 0, 0
	for _, e := range append([]*encoding{first}, ends...) {
		data, err := e.wait()
		if err != nil {
			return nil, err
		}
		total, count = total+len(data), count+1
	}
	frames := frameBudget * count / total
	n := min(maxPositions, max(3, 1+(frames-1)/len(sliders)))
	for i, s := range sliders {
		grid := s.grid(n)
		home := slices.Index(grid, s.start())
		index := make([]int, len(grid))
		for k, v := range grid {
			if k != home { // at home: frame 0
				index[k] = len(pngs)
				pngs = append(pngs, at(i, v))
			}
		}
		d.grids, d.home, d.index = append(d.grids, grid), append(d.home, home), append(d.index, index)
	}
	for _, e := range pngs {
		data, err := e.wait()
		if err != nil {
			return nil, err
		}
		d.frames = append(d.frames, data)
	}
	return d, nil
}

// frame draws the figure for values and starts encoding it as a PNG, and
// returns its title too. A panic in draw is an error.
func frame(draw func([]float64) *Figure, values []float64) (png *encoding, title string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the figure for %v cannot be drawn: %v", values, p)
		}
	}()
	f := draw(slices.Clone(values))
	img, err := f.image()
	if err != nil {
		return nil, "", err
	}
	return encode(img), f.name(), nil
}

// An encoding is a frame's PNG, encoded in the background while the next
// frame is drawn. Drawing runs the learner's code and gonum/plot, which
// stay on the caller's goroutine; encoding is image/png's work alone.
type encoding struct {
	done chan struct{}
	data []byte
	err  error
}

// encoders holds a token for each encoding under way.
var encoders = make(chan struct{}, runtime.GOMAXPROCS(0))

// encode starts encoding img with smallPNG, once fewer than GOMAXPROCS
// encodings are under way.
func encode(img *image.RGBA) *encoding {
	e := &encoding{done: make(chan struct{})}
	encoders <- struct{}{}
	go func() {
		e.data, e.err = smallPNG(img)
		<-encoders
		close(e.done)
	}()
	return e
}

// wait returns the PNG once it is encoded.
func (e *encoding) wait() ([]byte, error) {
	<-e.done
	return e.data, e.err
}

// smallPNG encodes img as a PNG, in full colour or with its 256 most
// frequent colours, whichever is smaller. A plot's colours are its few
// series colours, black and white, and the shades that smooth their edges,
// so 256 colours lose nothing visible and often halve a sparse plot's PNG;
// Go encodes images with a palette unfiltered, though, which makes dense
// plots bigger.
func smallPNG(img *image.RGBA) ([]byte, error) {
	var full, few bytes.Buffer
	if err := png.Encode(&full, img); err != nil {
		return nil, err
	}
	if err := png.Encode(&few, paletted(img)); err != nil || few.Len() >= full.Len() {
		return full.Bytes(), nil
	}
	return few.Bytes(), nil
}

// paletted returns img with at most 256 colours, its most frequent ones,
// every other colour replaced by the nearest of those.
func paletted(img *image.RGBA) *image.Paletted {
	pixel := func(i int) color.RGBA {
		return color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}
	}
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := range b.Dy() {
		for x := range b.Dx() {
			counts[pixel(y*img.Stride+4*x)]++
		}
	}
	colours := slices.Collect(maps.Keys(counts))
	key := func(c color.RGBA) int { return int(c.R)<<24 | int(c.G)<<16 | int(c.B)<<8 | int(c.A) }
	slices.SortFunc(colours, func(a, b color.RGBA) int {
		if n := counts[b] - counts[a]; n != 0 {
			return n
		}
		return key(a) - key(b)
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colours[:min(256, len(colours))] {
		pal = append(pal, c)
	}
	nearest := make(map[color.RGBA]uint8, len(colours))
	for _, c := range colours {
		nearest[c] = uint8(pal.Index(c))
	}
	p := image.NewPaletted(b, pal)
	for y := range b.Dy() {
		for x := range b.Dx() {
			p.Pix[y*p.Stride+x] = nearest[pixel(y*img.Stride+4*x)]
		}
	}
	return p
}

// step is the slider's step.
func (s Slider) step() float64 {
	if s.Step > 0 {
		return s.Step
	}
	return (s.Max - s.Min) / 100
}

// start is the slider's Value, within its range (Min if it is NaN).
func (s Slider) start() float64 {
	if math.IsNaN(s.Value) {
		return s.Min
	}
	return round(max(s.Min, min(s.Max, s.Value)))
}

// grid returns at most n ≥ 3 values from Min to Max, Min, Max and Value
// among them, the others a whole number of steps from Value, as few steps
// apart as the limit allows.
func (s Slider) grid(n int) []float64 {
	v := s.start()
	if !(s.Max > s.Min) || !(s.step() > 0) {
		return []float64{v}
	}
	for stride := 1.0; ; stride++ {
		h := stride * s.step()
		grid := []float64{s.Min}
		for k := math.Ceil((s.Min-v)/h - 1e-9); v+k*h < s.Max-1e-9*h; k++ {
			if x := round(v + k*h); x > grid[len(grid)-1] {
				grid = append(grid, x)
			}
		}
		grid = append(grid, s.Max)
		if len(grid) <= n || len(grid) <= 3 {
			return grid
		}
	}
}

// round rounds away the error of adding steps, such as the 4 in
// 0.30000000000000004.
func round(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

// split splits a slider's label such as "I (nA)" into its name "I" and
// its unit "nA".
func (s Slider) split() (name, unit string) {
	l := strings.TrimSpace(s.Label)
	if i := strings.LastIndex(l, " ("); i >= 0 && strings.HasSuffix(l, ")") {
		return l[:i], l[i+2 : len(l)-1]
	}
	return l, ""
}

// show writes a value of the slider with as many decimals as its step and
// the unit of its label: "2.50 nA".
func (s Slider) show(v float64) string {
	decimals := 0
	if _, frac, ok := strings.Cut(strconv.FormatFloat(s.step(), 'f', -1, 64), "."); ok {
		decimals = min(len(frac), 6)
	}
	text := strconv.FormatFloat(v, 'f', decimals, 64)
	if _, u := s.split(); u != "" {
		text += " " + u
	}
	return text
}

// html writes the demo as one HTML fragment, its root element with the id
// id, which the script finds it by.
func (d *demo) html(id string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" style="font-family:sans-serif">`+"\n", html.EscapeString(id))
	fmt.Fprintf(&b, `<img src="data:image/png;base64,%s" alt="%s" style="max-width:100%%">`+"\n",
		base64.StdEncoding.EncodeToString(d.frames[0]), html.EscapeString(d.title))
	labels := make([][]string, len(d.sliders))
	for i, s := range d.sliders {
		for _, v := range d.grids[i] {
			labels[i] = append(labels[i], s.show(v))
		}
		fmt.Fprintf(&b, `<div style="margin:2px 0"><label>`+
			`<span style="display:inline-block;min-width:7em">%s</span> `+
			`<input type="range" min="0" max="%d" step="1" value="%d" disabled style="vertical-align:middle;width:20em"> `+
			`<output>%s</output></label></div>`+"\n",
			html.EscapeString(s.Label), len(d.grids[i])-1, d.home[i], html.EscapeString(labels[i][d.home[i]]))
	}
	note := "The sliders need a live notebook that runs JavaScript; this is the figure for the values shown."
	fmt.Fprintf(&b, `<div class="neuro-static" style="color:#666;font-size:90%%">%s</div>`+"\n", note)
	if len(d.sliders) > 1 {
		b.WriteString(`<div style="color:#666;font-size:90%">One slider at a time: moving one puts the others back to their starting values.</div>` + "\n")
	}
	frames := make([]string, len(d.frames))
	for i, f := range d.frames {
		frames[i] = base64.StdEncoding.EncodeToString(f)
	}
	data, _ := json.Marshal(map[string]any{
		"id": id, "frames": frames, "index": d.index, "home": d.home, "labels": labels,
	})
	fmt.Fprintf(&b, "<script>\n%s(%s);\n</script>\n</div>\n", script, data)
	return b.String()
}

// script swaps the demo's image as its sliders move.
// Front-ends may run it before they attach the output to the page: it
// then tries again for a few seconds.
const script = `(function start(d) {
	var root = document.getElementById(d.id);
	if (!root) {
		d.tries = (d.tries || 0) + 1;
		if (d.tries < 50) setTimeout(start, 100, d);
		return;
	}
	var img = root.querySelector("img");
	var inputs = root.querySelectorAll("input[type=range]");
	var outputs = root.querySelectorAll("output");
	var set = function (i, k) {
		inputs[i].value = k;
		outputs[i].textContent = d.labels[i][k];
	};
	inputs.forEach(function (input, i) {
		input.disabled = false;
		input.addEventListener("input", function () {
			var k = +input.value;
			inputs.forEach(function (_, j) { if (j != i) set(j, d.home[j]); });
			set(i, k);
			img.src = "data:image/png;base64," + d.frames[d.index[i][k]];
		});
	});
	root.querySelector(".neuro-static").remove();
})`

// text describes the demo in one line for front-ends that show no HTML.
func (d *demo) text() string {
	var values []string
	for i, s := range d.sliders {
		name, _ := s.split()
		values = append(values, name+" = "+s.show(d.grids[i][d.home[i]]))
	}
	return fmt.Sprintf("%s, at %s (the sliders need a live notebook that runs JavaScript)", d.title, strings.Join(values, ", "))
}
