package figure

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "write the golden images of the figure tests anew")

// Golden-image tolerances, as gonum/plot's own tests compare images: a pixel
// differs when one of its channels is off by more than channelTol out of
// 255, and an image matches when at most pixelTol of its pixels differ, so
// that a change of anti-aliasing passes and a moved line or label fails.
const (
	channelTol = 24
	pixelTol   = 0.002
)

// golden compares the PNG rendering of f with testdata/name.png, or writes
// it there with -update.
func golden(t *testing.T, name string, f *Figure) {
	t.Helper()
	data, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to make it)", err, t.Name())
	}
	frac, err := differing(data, want)
	if err != nil {
		t.Fatal(err)
	}
	if frac > pixelTol {
		got := filepath.Join(t.TempDir(), name+".png")
		os.WriteFile(got, data, 0o644)
		t.Errorf("%s: %.2f %% of the pixels differ from %s (at most %.2f %% may); the new image is %s",
			name, 100*frac, path, 100*pixelTol, got)
	}
}

// differing returns the fraction of the pixels of two PNG images that
// differ by more than channelTol in a channel; 1 if their sizes differ.
func differing(a, b []byte) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	bounds := ia.Bounds()
	if bounds != ib.Bounds() {
		return 1, nil
	}
	n := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if !samePixel(ia, ib, x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(bounds.Dx()*bounds.Dy()), nil
}

// samePixel reports whether the pixels at x, y of a and b are within
// channelTol in every channel.
func samePixel(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
		if math.Abs(float64(d[0]>>8)-float64(d[1]>>8)) > channelTol {
			return false
		}
	}
	return true
}

// membraneFigure is a figure of every kind of series on fixed data.
func membraneFigure() *Figure {
	t := make([]float64, 201)
	v, exact := make([]float64, len(t)), make([]float64, len(t))
	for k := range t {
		t[k] = float64(k) * 0.5
		exact[k] = -65 + 15*(1-math.Exp(-t[k]/10))
		v[k] = -65 + 15*(1-math.Pow(1-0.5/10, float64(k)))
	}
	return New("Charging membrane", "t (ms)", "V (mV)").
		Line("Euler", t, v).
		Dashed("exact", t, exact).
		Points("samples", []float64{10, 30, 50}, []float64{-55.5, -50.7, -50.1}).
		HLine("threshold", -50).
		VLine("τ", 10)
}

func TestGoldenImages(t *testing.T) {
	golden(t, "membrane", membraneFigure())
	golden(t, "bars", New("Interval histogram", "ISI (ms)", "count").
		Bars("intervals", []float64{0, 2, 4, 6, 8}, []float64{3, 9, 6, 2, 1}))
	golden(t, "column", Column(
		New("", "t (ms)", "V (mV)").Line("V", []float64{0, 1, 2, 3}, []float64{-65, -40, 20, -70}),
		New("", "t (ms)", "gate").Line("n", []float64{0, 1, 2, 3}, []float64{0.3, 0.4, 0.6, 0.5})))
}

// The comparison fails a figure whose curve moved: the test above would
// catch a change that draws the data wrong.
func TestGoldenComparisonCatchesAChange(t *testing.T) {
	a, err := membraneFigure().PNG()
	if err != nil {
		t.Fatal(err)
	}
	moved, err := membraneFigure().HLine("", -60).PNG()
	if err != nil {
		t.Fatal(err)
	}
	same, _ := differing(a, a)
	changed, _ := differing(a, moved)
	if same != 0 || changed <= pixelTol {
		t.Errorf("identical images differ in %.4f of their pixels, an added line in %.4f", same, changed)
	}
}
