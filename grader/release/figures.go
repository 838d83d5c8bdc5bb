package release

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
)

// FiguresDir is the folder, in notebooks/, of the figures the solutions
// draw: one folder per notebook, named for it, holding a PNG per plot cell
// named for the cell's id, for a demo cell its HTML too (see DemoPath),
// and the file CodeHashFile.
const FiguresDir = "figures"

// CodeHashFile, in a notebook's figures folder, holds the CodeHash of the
// solution whose run drew them: when the solution's code changes, the
// figures are stale.
const CodeHashFile = "code.sha256"

// IsPlot reports whether a code cell of a solution draws a figure the
// learner should compare theirs with: a cell that is not an exercise or a
// check and shows a figure, still or interactive.
func IsPlot(c *notebook.Cell) bool {
	if c.Type != notebook.Code {
		return false
	}
	if role, _ := schema.CellRole(c.Metadata); role != "" && role != schema.RoleDemo {
		return false
	}
	return showRE.MatchString(string(c.Source))
}

// showRE finds where a cell shows a figure: a call of Show, perhaps on a
// line of its own at the end of a chain, or of figure.Interact.
var showRE = regexp.MustCompile(`\.\s*Show\(\)|figure\.Interact\(`)

// CodeHash returns a hash of a notebook's code cells, which make its
// figures.
func CodeHash(nb *notebook.Notebook) string {
	h := sha256.New()
	for _, c := range nb.Cells {
		if c.Type == notebook.Code {
			fmt.Fprintf(h, "%s\x00", c.Source)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// FiguresFolder returns the folder, relative to notebooks/, of the figures
// of the notebook named name (its file name).
func FiguresFolder(name string) string {
	return path.Join(FiguresDir, strings.TrimSuffix(name, ".ipynb"))
}

// FigurePath returns the path, relative to notebooks/, of the figure the
// plot cell with the given id of the notebook named name draws.
func FigurePath(name, id string) string { return path.Join(FiguresFolder(name), id+".png") }

// DemoPath returns the path, relative to notebooks/, of the HTML the demo
// cell with the given id of the notebook named name shows in a live
// notebook: the figure for every position of its sliders, the sliders and
// the script that swaps the figures as they move. The course's website
// shows it; the learner's notebook shows the figure at the starting values.
func DemoPath(name, id string) string { return path.Join(FiguresFolder(name), id+".html") }

// IsDemo reports whether a plot cell shows an interactive figure.
func IsDemo(c *notebook.Cell) bool {
	return IsPlot(c) && strings.Contains(string(c.Source), "figure.Interact(")
}

// expected returns the markdown cell shown under a plot cell: the figure
// the solution draws there, at path (relative to the notebook).
func expected(plot *notebook.Cell, path string) *notebook.Cell {
	return &notebook.Cell{
		Type:     notebook.Markdown,
		ID:       plot.ID + "-expected",
		Metadata: map[string]any{},
		Source: notebook.Text("*Expected result: the solution's figure. Yours should match it once the levels it needs pass.*\n\n" +
			"![The figure the solution draws](" + path + ")"),
	}
}
