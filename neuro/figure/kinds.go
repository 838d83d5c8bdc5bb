package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Histogram draws how the values in data are distributed over bins bins of
// equal width (10 if bins ≤ 0). The y axis counts the values in each bin.
func Histogram(title, xLabel string, data []float64, bins int) *Figure {
	f := New(title, xLabel, "count")
	f.unfinished = len(data) == 0
	if bins <= 0 {
		bins = 10
	}
	var vals plotter.Values
	for _, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			f.dropped++
			continue
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return f
	}
	f.prepare = func(f *Figure) {
		h, err := plotter.NewHist(vals, bins)
		if err != nil {
			return
		}
		h.FillColor = palette[0]
		h.LineStyle.Color = color.White
		if lo, hi := h.Bins[0].Min, h.Bins[len(h.Bins)-1].Max; !(lo < hi) {
			// All values equal: one bin of width 1 around them.
			h.Bins = []plotter.HistogramBin{{Min: lo - 0.5, Max: lo + 0.5, Weight: float64(len(vals))}}
			h.Width = 1
		}
		f.p.Add(h)
	}
	return f
}

// Raster draws a spike raster: spikes[i] holds the spike times (ms) of
// neuron i, drawn as short vertical ticks on row i.
func Raster(title string, spikes [][]float64) *Figure {
	f := New(title, "t (ms)", "neuron")
	f.unfinished = len(spikes) == 0
	var pts plotter.XYs
	for i, times := range spikes {
		for _, t := range times {
			if math.IsNaN(t) || math.IsInf(t, 0) {
				f.dropped++
				continue
			}
			pts = append(pts, plotter.XY{X: t, Y: float64(i)})
		}
	}
	if len(pts) == 0 {
		return f
	}
	f.prepare = func(f *Figure) {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return
		}
		// A tick is as tall as most of a row, whatever the number of rows.
		sc.GlyphStyle = draw.GlyphStyle{Color: color.Black, Shape: tick{}, Radius: rowHeight(len(spikes))}
		f.p.Add(sc)
		f.p.Y.Min, f.p.Y.Max = -0.5, float64(len(spikes))-0.5
	}
	return f
}

// rowHeight is half the height of a raster's tick for n rows.
func rowHeight(n int) vg.Length {
	h := 0.4 * (Height - 2*vg.Centimeter) / vg.Length(max(n, 1))
	return max(min(h, vg.Points(5)), vg.Points(0.5))
}

// tick is a glyph drawn as a short vertical line.
type tick struct{}

// DrawGlyph draws the tick centred on pt.
func (tick) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: vg.Points(1)}, pt.X, pt.Y-sty.Radius, pt.X, pt.Y+sty.Radius)
}

// Heatmap draws z as coloured cells: z[row][col], row 0 at the bottom. The
// legend gives the values of the darkest and the brightest colour.
func Heatmap(title, xLabel, yLabel string, z [][]float64) *Figure {
	f := New(title, xLabel, yLabel)
	g := grid(z)
	lo, hi := g.Min(), g.Max()
	f.dropped = g.dropped
	if g.cols == 0 || math.IsInf(lo, 0) {
		return f
	}
	if g.ragged {
		f.note("rows of different lengths cut to the shortest")
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	f.prepare = func(f *Figure) {
		cm := moreland.ExtendedBlackBody()
		cm.SetMin(lo)
		cm.SetMax(hi)
		h := plotter.NewHeatMap(g, cm.Palette(255))
		h.NaN = color.Transparent
		f.p.Add(h)
		for _, v := range []float64{hi, (lo + hi) / 2, lo} {
			c, err := cm.At(v)
			if err != nil {
				continue
			}
			f.addLegend(fmt.Sprintf("%.3g", v), swatch{c})
		}
		f.p.Legend.Top, f.p.Legend.Left = true, false
	}
	return f
}

// swatch is a legend entry that is a square of one colour.
type swatch struct{ c color.Color }

// Thumbnail fills the legend's square with the colour.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, c.ClipPolygonXY([]vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	}))
}

// gridXYZ is z as a plotter.GridXYZ, cut to its shortest row, with
// non-finite values as NaN.
type gridXYZ struct {
	z          [][]float64
	rows, cols int
	ragged     bool
	dropped    int
}

func grid(z [][]float64) *gridXYZ {
	g := &gridXYZ{z: z, rows: len(z)}
	if len(z) == 0 {
		return g
	}
	g.cols = len(z[0])
	for _, row := range z {
		if len(row) != g.cols {
			g.ragged = true
			g.cols = min(g.cols, len(row))
		}
	}
	for _, row := range z {
		for _, v := range row[:g.cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				g.dropped++
			}
		}
	}
	return g
}

func (g *gridXYZ) Dims() (c, r int) { return g.cols, g.rows }

func (g *gridXYZ) Z(c, r int) float64 {
	if v := g.z[r][c]; !math.IsInf(v, 0) {
		return v
	}
	return math.NaN()
}

func (g *gridXYZ) X(c int) float64 { return float64(c) }
func (g *gridXYZ) Y(r int) float64 { return float64(r) }

// Min returns the smallest finite value, +Inf if there is none.
func (g *gridXYZ) Min() float64 {
	m := math.Inf(1)
	for r := range g.rows {
		for c := range g.cols {
			if v := g.Z(c, r); v < m {
				m = v
			}
		}
	}
	return m
}

// Max returns the largest finite value, -Inf if there is none.
func (g *gridXYZ) Max() float64 {
	m := math.Inf(-1)
	for r := range g.rows {
		for c := range g.cols {
			if v := g.Z(c, r); v > m {
				m = v
			}
		}
	}
	return m
}

var _ plot.Thumbnailer = swatch{}
