// Package figure draws the course's plots with gonum/plot and shows them
// inline in a GoNB notebook.
//
// A figure is built by chained calls and shown at the end:
//
//	figure.New("Membrane potential", "t (ms)", "V (mV)").
//		Line("simulated", t, v).
//		Dashed("exact", t, exact).
//		HLine("threshold", -50).
//		Show()
//
// Data that cannot be drawn (NaN, ±Inf, values ≤ 0 on a log axis, x and y of
// different lengths, no data at all) never makes a figure fail: what cannot
// be drawn is left out and the title says so. A series with no points at
// all is what a plot cell draws before the learner has written the
// functions it calls (a stub returns nil): the title then says that there
// is nothing to draw yet and which level to finish first (see Needs).
// Outside a notebook, Show does nothing, unless the environment variable
// NEURO_FIGURES (schema.FiguresEnv) names a folder to write PNG files into.
package figure

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/neurogo/course/neuro/display"
	"github.com/neurogo/course/neuro/schema"
)

// Default size of a figure.
const (
	Width  = 16 * vg.Centimeter
	Height = 10 * vg.Centimeter
	dpi    = 96
)

// palette is the Okabe–Ito palette, which people with any common kind of
// colour blindness can tell apart.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
	color.RGBA{0, 0, 0, 255},       // black
	color.RGBA{240, 228, 66, 255},  // yellow
}

// A Figure is one plot being built. Its methods return the Figure so that
// calls chain.
type Figure struct {
	title         string
	p             *plot.Plot
	logX, logY    bool
	series        []series
	refs          []ref
	dropped       int        // points left out because they cannot be drawn
	mismatched    bool       // some x and y had different lengths
	unfinished    bool       // some series had no data at all, as a stub returns
	needs         string     // what to finish first when unfinished (Needs)
	xRange        *axisRange // set by XRange
	yRange        *axisRange // set by YRange
	legend        int        // entries in the legend
	column        []*Figure
	width, height vg.Length
	prepare       func(*Figure) // extra drawing done at render time (heatmaps)
}

// axisRange is a range an axis keeps whatever the data.
type axisRange struct{ min, max float64 }

// series is one set of points to draw in one of the styles.
type series struct {
	label  string
	x, y   []float64
	style  style
	colour int // index into palette; −1: the series' own index
}

// A style is how a series is drawn.
type style int

const (
	solid  style = iota // a line
	dashed              // a dashed line
	dots                // a dot at each point
	marked              // a line with a dot at each point
	barred              // a bar up to each point
)

// ref is a horizontal or vertical reference line.
type ref struct {
	label    string
	at       float64
	vertical bool
}

// New starts a figure with a title and axis labels; put the units in the
// labels, as in "t (ms)" and "V (mV)".
func New(title, xLabel, yLabel string) *Figure {
	p := plot.New()
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Title.TextStyle.Font.Size = vg.Points(13)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(12)
		a.Tick.Label.Font.Size = vg.Points(10)
	}
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Add(plotter.NewGrid())
	return &Figure{title: title, p: p, width: Width, height: Height}
}

// Line adds a trace through the points (x[i], y[i]). An empty label leaves
// the trace out of the legend.
func (f *Figure) Line(label string, x, y []float64) *Figure {
	f.series = append(f.series, series{label: label, x: x, y: y, style: solid, colour: -1})
	return f
}

// Dashed adds a dashed trace, for instance an exact solution drawn over a
// simulation.
func (f *Figure) Dashed(label string, x, y []float64) *Figure {
	f.series = append(f.series, series{label: label, x: x, y: y, style: dashed, colour: -1})
	return f
}

// Points adds the points (x[i], y[i]) as dots, without a line.
func (f *Figure) Points(label string, x, y []float64) *Figure {
	f.series = append(f.series, series{label: label, x: x, y: y, style: dots, colour: -1})
	return f
}

// Marked adds a trace through the points (x[i], y[i]) with a dot at each,
// for a few measured values that the eye should still follow in order.
func (f *Figure) Marked(label string, x, y []float64) *Figure {
	f.series = append(f.series, series{label: label, x: x, y: y, style: marked, colour: -1})
	return f
}

// Bars adds a bar of height y[i] centred on x[i] for each i, such as the
// counts of a histogram computed elsewhere, x holding the bins' centres.
// The bars are as wide as the closest two centres are apart.
func (f *Figure) Bars(label string, x, y []float64) *Figure {
	f.series = append(f.series, series{label: label, x: x, y: y, style: barred, colour: -1})
	return f
}

// Colour draws the series added last in the k-th colour of the palette
// (from 0), instead of the colour of its place among the series, so that
// one quantity keeps its colour from figure to figure: the gate h, say,
// also when the gate m is not drawn.
func (f *Figure) Colour(k int) *Figure {
	if n := len(f.series); n > 0 {
		f.series[n-1].colour = (k%len(palette) + len(palette)) % len(palette)
	}
	return f
}

// Needs names what must be written before the figure has data, such as
// "Simulate (Level 16)". When a series has no data at all, the title then
// says "nothing to draw yet: finish Simulate (Level 16) first" rather than
// "finish the levels above first". On a Column it names what each of its
// figures needs, unless the figure says itself.
func (f *Figure) Needs(what string) *Figure {
	f.needs = what
	return f
}

// HLine adds a horizontal line across the figure at y, such as a threshold.
func (f *Figure) HLine(label string, y float64) *Figure {
	f.refs = append(f.refs, ref{label: label, at: y})
	return f
}

// VLine adds a vertical line across the figure at x, such as a stimulus onset.
func (f *Figure) VLine(label string, x float64) *Figure {
	f.refs = append(f.refs, ref{label: label, at: x, vertical: true})
	return f
}

// LogX makes the x axis logarithmic.
func (f *Figure) LogX() *Figure {
	f.logX = true
	return f
}

// LogY makes the y axis logarithmic.
func (f *Figure) LogY() *Figure {
	f.logY = true
	return f
}

// XRange fixes the range of the x axis; what lies outside it is cut off.
func (f *Figure) XRange(min, max float64) *Figure {
	f.xRange = &axisRange{min, max}
	return f
}

// YRange fixes the range of the y axis; what lies outside it is cut off.
func (f *Figure) YRange(min, max float64) *Figure {
	f.yRange = &axisRange{min, max}
	return f
}

// fixRanges sets the axes whose range was fixed to that range.
func (f *Figure) fixRanges() {
	if r := f.xRange; r != nil {
		f.p.X.Min, f.p.X.Max = r.min, r.max
	}
	if r := f.yRange; r != nil {
		f.p.Y.Min, f.p.Y.Max = r.min, r.max
	}
}

// drawable reports whether a point can be drawn on the figure's axes.
func (f *Figure) drawable(x, y float64) bool {
	ok := func(v float64, log bool) bool {
		return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0)
	}
	return ok(x, f.logX) && ok(y, f.logY)
}

// xys keeps the drawable points of x and y, counting the others. An x or
// a y without any value is no mismatch but a series not computed yet.
func (f *Figure) xys(x, y []float64) plotter.XYs {
	n := min(len(x), len(y))
	if n == 0 {
		f.unfinished = true
		return nil
	}
	if len(x) != len(y) {
		f.mismatched = true
	}
	var pts plotter.XYs
	for i := range n {
		if f.drawable(x[i], y[i]) {
			pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
		} else {
			f.dropped++
		}
	}
	return pts
}

// build adds the figure's data to its plot. It runs once, at render time,
// so that reference lines can span the data.
func (f *Figure) build() {
	f.p.X.Tick.Marker, f.p.Y.Tick.Marker = ticks{}, ticks{}
	if f.logX {
		f.p.X.Scale, f.p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	if f.logY {
		f.p.Y.Scale, f.p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	empty := true
	for i, s := range f.series {
		c := palette[i%len(palette)]
		if s.colour >= 0 {
			c = palette[s.colour]
		}
		pts := f.xys(s.x, s.y)
		if len(pts) == 0 {
			continue
		}
		empty = false
		var thumbs []plot.Thumbnailer
		if s.style == barred {
			h := bars(pts)
			h.FillColor, h.LineStyle.Color = c, color.White
			f.p.Add(h)
			thumbs = append(thumbs, h)
		}
		if s.style == solid || s.style == dashed || s.style == marked {
			l, err := plotter.NewLine(pts)
			if err != nil {
				continue
			}
			l.LineStyle.Color, l.LineStyle.Width = c, vg.Points(1.5)
			if s.style == dashed {
				l.LineStyle.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				l.LineStyle.Width = vg.Points(2)
			}
			f.p.Add(l)
			thumbs = append(thumbs, l)
		}
		if s.style == dots || s.style == marked {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				continue
			}
			sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = c, vg.Points(2.5), draw.CircleGlyph{}
			f.p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.label != "" {
			f.addLegend(s.label, thumbs...)
		}
	}
	if f.prepare != nil {
		f.prepare(f)
		empty = false
	}
	f.fixRanges() // reference lines span the fixed range, not the data
	f.addRefs()
	f.fixRanges() // a reference line outside the range is cut off too
	f.headroom()
	for _, a := range []struct {
		axis *plot.Axis
		log  bool
	}{{&f.p.X, f.logX}, {&f.p.Y, f.logY}} {
		if a.log {
			widenLog(a.axis)
		}
	}
	if empty && len(f.refs) == 0 && !f.unfinished {
		f.note("no data")
	}
	if f.dropped > 0 {
		f.note(fmt.Sprintf("%d points that cannot be drawn left out", f.dropped))
	}
	if f.mismatched {
		f.note("x and y differ in length")
	}
	if f.unfinished {
		needs := f.needs
		if needs == "" {
			needs = "the levels above"
		}
		// On a line of its own: the figure's title may be long already.
		f.title = strings.TrimPrefix(f.title+"\n(nothing to draw yet: finish "+needs+" first)", "\n")
	}
	f.p.Title.Text = f.title
}

// bars makes bars centred on the points' x, as high as their y, as wide
// as the closest two x are apart (1 for a single bar).
func bars(pts plotter.XYs) *plotter.Histogram {
	xs := make([]float64, len(pts))
	for i, p := range pts {
		xs[i] = p.X
	}
	slices.Sort(xs)
	width := math.Inf(1)
	for i := 1; i < len(xs); i++ {
		if d := xs[i] - xs[i-1]; d > 0 {
			width = min(width, d)
		}
	}
	if math.IsInf(width, 1) {
		width = 1
	}
	h := &plotter.Histogram{Width: width}
	for _, p := range pts {
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: p.X - width/2, Max: p.X + width/2, Weight: p.Y})
	}
	return h
}

// addLegend adds an entry to the legend.
func (f *Figure) addLegend(label string, thumbs ...plot.Thumbnailer) {
	f.p.Legend.Add(label, thumbs...)
	f.legend++
}

// headroom raises the top of a linear y axis that the figure chose itself
// so that the legend, in the top corner, sits above the data. Heatmaps
// fill their axes and keep them.
func (f *Figure) headroom() {
	y := &f.p.Y
	if f.yRange != nil || f.logY || f.legend == 0 || f.prepare != nil || !(y.Min < y.Max) {
		return
	}
	rows := float64(f.legend)
	y.Max += (y.Max - y.Min) * (0.05 + 0.06*rows)
}

// widenLog gives a log axis a range of positive numbers that is not a
// single point, which gonum/plot needs.
func widenLog(a *plot.Axis) {
	switch {
	case !(a.Min > 0) || math.IsInf(a.Max, 0) || a.Max < a.Min:
		a.Min, a.Max = 1, 10
	case a.Min == a.Max:
		a.Min, a.Max = a.Min/10, a.Max*10
	}
}

// addRefs draws the reference lines across the data's range.
func (f *Figure) addRefs() {
	xmin, xmax, ymin, ymax := f.p.X.Min, f.p.X.Max, f.p.Y.Min, f.p.Y.Max
	for i, r := range f.refs {
		a, b := xmin, xmax
		if r.vertical {
			a, b = ymin, ymax
		}
		if !(a < b) { // no data: give the line some extent, 0 to 1 (1 to 10 on a log axis)
			a, b = 0, 1
			if r.vertical && f.logY || !r.vertical && f.logX {
				a, b = 1, 10
			}
		}
		pts := plotter.XYs{{X: a, Y: r.at}, {X: b, Y: r.at}}
		if r.vertical {
			pts = plotter.XYs{{X: r.at, Y: a}, {X: r.at, Y: b}}
		}
		if !f.drawable(pts[0].X, pts[0].Y) || !f.drawable(pts[1].X, pts[1].Y) {
			f.dropped++
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			continue
		}
		// Reference lines are grey, told apart by their dashes.
		l.LineStyle.Color = color.Gray{Y: 80}
		l.LineStyle.Width = vg.Points(1.2)
		l.LineStyle.Dashes = refDashes[i%len(refDashes)]
		f.p.Add(l)
		if r.label != "" {
			f.addLegend(r.label, l)
		}
	}
}

var refDashes = [][]vg.Length{
	{vg.Points(2), vg.Points(2)},
	{vg.Points(6), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1), vg.Points(2)},
}

// note adds a remark in parentheses to the title.
func (f *Figure) note(s string) {
	f.title += " (" + s + ")"
}

// PNG renders the figure as a PNG image.
func (f *Figure) PNG() ([]byte, error) {
	img, err := f.image()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// image renders the figure.
func (f *Figure) image() (img *image.RGBA, err error) {
	defer func() {
		// gonum/plot panics on some degenerate input; a figure never does.
		if p := recover(); p != nil {
			err = fmt.Errorf("figure %q cannot be drawn: %v", f.title, p)
		}
	}()
	figs := f.column
	if figs == nil {
		figs = []*Figure{f}
	}
	h := vg.Length(0)
	plots := make([][]*plot.Plot, len(figs))
	for i, g := range figs {
		if g.needs == "" {
			g.needs = f.needs
		}
		g.build()
		plots[i] = []*plot.Plot{g.p}
		h += g.height
	}
	c := vgimg.NewWith(vgimg.UseWH(f.width, h), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	if len(figs) == 1 {
		f.p.Draw(dc)
	} else {
		tiles := draw.Tiles{Rows: len(figs), Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(4), PadBottom: vg.Points(4)}
		canvases := plot.Align(plots, tiles, dc)
		for i := range figs {
			plots[i][0].Draw(canvases[i][0])
		}
	}
	img, ok := c.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("figure %q: gonum/plot drew a %T, not an RGBA image", f.title, c.Image())
	}
	return img, nil
}

// Column stacks figures vertically in one image, with their axes aligned:
// for instance an action potential above its gating variables, on the same
// time axis.
func Column(figs ...*Figure) *Figure {
	return &Figure{column: figs, width: Width, p: plot.New()}
}

// shown counts the figures written outside a notebook, to name the files.
var shown atomic.Int64

// Show displays the figure inline in the notebook. Outside a notebook it
// writes the figure to the folder named by the environment variable
// schema.FiguresEnv, if set, and otherwise does nothing.
func (f *Figure) Show() {
	dir := os.Getenv(schema.FiguresEnv)
	if !display.IsNotebook && dir == "" {
		return
	}
	data, err := f.PNG()
	if display.IsNotebook {
		if err != nil {
			display.HTML("<pre>" + err.Error() + "</pre>")
			return
		}
		display.PNG(data)
		// GoNB stops reading a program's displays when it exits: wait
		// until it has this one.
		display.Sync()
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	name := fmt.Sprintf("%03d-%s.png", shown.Add(1), slug(f.name()))
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "figure:", err)
	}
}

// name is the title of a figure, or of the first figure of a column.
func (f *Figure) name() string {
	if len(f.column) > 0 {
		return f.column[0].name()
	}
	return f.title
}

// slug turns a title into a file name.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 40 {
		s = s[:40]
	}
	if s == "" {
		s = "figure"
	}
	return s
}

// ticks places ticks on round values: the labelled ticks a whole number
// of steps apart, the step 1, 2 or 5 times a power of ten, as close to five
// ticks as such a step gives (the fewer when two are as close), with
// unlabelled ticks between them. A raster from 0 to 200 ms is labelled 0,
// 50, 100, 150, 200 rather than 25, 100, 175. Labels have no more decimals
// than the step needs: 0, 0.5, 1.0 rather than 0.00, 0.50, 1.00.
type ticks struct{}

// Ticks returns the ticks of an axis from lo to hi.
func (ticks) Ticks(lo, hi float64) []plot.Tick {
	step := roundStep(lo, hi)
	if step == 0 {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	minor := step / 5
	if m := step / math.Pow10(int(math.Floor(math.Log10(step)+1e-9))); math.Abs(m-2) < 1e-9 {
		minor = step / 4
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var tt []plot.Tick
	for k := math.Ceil(lo/minor - 1e-9); k*minor <= hi+1e-9*minor; k++ {
		v := round(k * minor)
		label := ""
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			label = strconv.FormatFloat(v+0, 'f', decimals, 64) // + 0 turns −0 into 0
			if decimals > 6 || math.Abs(v) >= 1e6 {
				label = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		tt = append(tt, plot.Tick{Value: v, Label: label})
	}
	return tt
}

// roundStep returns the step, 1, 2 or 5 times a power of ten, that puts
// the number of round values from lo to hi closest to five, at least two,
// the larger step when two are as close; 0 if there is none.
func roundStep(lo, hi float64) float64 {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return 0
	}
	count := func(step float64) int {
		return int(math.Floor(hi/step+1e-9) - math.Ceil(lo/step-1e-9) + 1)
	}
	best, bestDist := 0.0, math.MaxInt
	top := int(math.Floor(math.Log10(hi - lo)))
	for e := top - 2; e <= top+1; e++ {
		for _, m := range []float64{1, 2, 5} {
			step := m * math.Pow10(e)
			n := count(step)
			if n < 2 {
				continue
			}
			if d := max(n-5, 5-n); d <= bestDist {
				best, bestDist = step, d
			}
		}
	}
	return best
}
