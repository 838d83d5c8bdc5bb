package figure

import (
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// A Slider is one named parameter of an interactive demo, from Min to Max in
// steps of Step, starting at Value.
type Slider struct {
	Label                 string
	Min, Max, Value, Step float64
}

// How long Interact waits for a live notebook to answer, and how long it
// stays live.
const (
	answerWait = 3 * time.Second
	liveFor    = 10 * time.Minute
)

// Interact draws draw(values) with every slider at its Value. In a live
// notebook it then shows the sliders and redraws the figure whenever one
// moves, until the learner presses "Done" or ten minutes pass. Where no one
// can move a slider (when the environment variable NEURO_HEADLESS is set, as
// the grader does, outside a notebook, or when the notebook's page does not
// answer) it draws the first figure and returns at once.
func Interact(draw func(values []float64) *Figure, sliders ...Slider) {
	values := make([]float64, len(sliders))
	for i, s := range sliders {
		values[i] = s.Value
	}
	if !gonbui.IsNotebook || os.Getenv("NEURO_HEADLESS") != "" || len(sliders) == 0 {
		draw(values).Show()
		return
	}
	id := "neuro_figure_" + gonbui.UniqueID()
	redraw := func() {
		data, err := draw(values).PNG()
		if err != nil {
			gonbui.UpdateHTML(id, "<pre>"+err.Error()+"</pre>")
			return
		}
		gonbui.UpdateHTML(id, `<img src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(data)+`"/>`)
	}
	redraw()

	// A GoNB slider waits for the page to answer before it returns: build
	// them aside and give up if the page stays silent.
	type built struct {
		i int
		w *widgets.SliderBuilder
	}
	ready := make(chan built)
	for i, s := range sliders {
		gonbui.DisplayHTML(fmt.Sprintf("<b>%s</b>", s.Label))
		w := widgets.Slider(0, s.positions(), s.position(s.Value))
		go func() { ready <- built{i, w.Done()} }()
	}
	done := widgets.Button("Done")
	buttonReady := make(chan *widgets.ButtonBuilder)
	go func() { buttonReady <- done.Done() }()

	type move struct{ i, position int }
	moved := make(chan move)
	timeout := time.After(answerWait)
	for range sliders {
		select {
		case b := <-ready:
			ch := b.w.Listen().LatestOnly()
			go func() {
				for k := range ch.C {
					moved <- move{b.i, k}
				}
			}()
		case <-timeout:
			return // the page does not answer: the first figure stays
		}
	}
	var clicked <-chan int
	select {
	case b := <-buttonReady:
		clicked = b.Listen().C
	case <-timeout:
		return
	}
	end := time.After(liveFor)
	for {
		select {
		case m := <-moved:
			values[m.i] = sliders[m.i].at(m.position)
			redraw()
		case <-clicked:
			return
		case <-end:
			return
		}
	}
}

// positions is the number of steps of the slider.
func (s Slider) positions() int {
	if s.Step <= 0 || !(s.Max > s.Min) {
		return 100
	}
	return int(math.Round((s.Max - s.Min) / s.Step))
}

// position is the slider position of value v.
func (s Slider) position(v float64) int {
	if !(s.Max > s.Min) {
		return 0
	}
	return int(math.Round((v - s.Min) / (s.Max - s.Min) * float64(s.positions())))
}

// at is the value at slider position k.
func (s Slider) at(k int) float64 {
	return s.Min + (s.Max-s.Min)*float64(k)/float64(s.positions())
}
