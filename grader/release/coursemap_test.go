package release

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/notebook"
)

// mapNotebook is a solution of project 1 with two levels, the first
// teaching concepts.
func mapNotebook(concepts ...any) *notebook.Notebook {
	return &notebook.Notebook{
		Metadata: map[string]any{"neuro": map[string]any{"project": float64(1)}},
		Cells: []*notebook.Cell{
			{Type: notebook.Markdown, Source: "# Project 1 · Circuits\n\nOpening."},
			{Type: notebook.Markdown, Source: "## Level 1 · Charge (Q = CV)\n\nText."},
			{Type: notebook.Code, Source: "%%\nCheck(Charge)", Metadata: map[string]any{
				"neuro": map[string]any{"role": "check", "level": float64(1), "concepts": concepts}}},
			{Type: notebook.Markdown, Source: "## Level 2 · Leak\n\nText."},
		},
	}
}

func TestCourseMap(t *testing.T) {
	concepts := []Concept{{"capacitance", 1, "Charge per volt."}, {"synapse", 4, "A junction."}, {"leak", 1, "A conductance."}}
	sols := map[string]*notebook.Notebook{"01-circuits.ipynb": mapNotebook("capacitance")}
	data, err := CourseMap(concepts, sols)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"- **capacitance**: Charge per volt. (levels [1.1](01-circuits.ipynb#Level-1-%C2%B7-Charge-%28Q-=-CV%29))",
		"- **synapse**: A junction. (Project 4, still to come)",
		"### [Project 1 · Circuits](01-circuits.ipynb)",
		"2. [Leak](01-circuits.ipynb#Level-2-%C2%B7-Leak)",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the map lacks %q:\n%s", want, data)
		}
	}
	// leak belongs to Project 1, which exists, and no level teaches it;
	// synapse belongs to a project still to come.
	if u := Untaught(concepts, sols); len(u) != 1 || u[0].Name != "leak" {
		t.Errorf("untaught: %v, want leak only", u)
	}
	sols["01-circuits.ipynb"] = mapNotebook("capacitance", "charge")
	if _, err := CourseMap(concepts, sols); err == nil || !strings.Contains(err.Error(), `"charge" is not a key concept`) {
		t.Errorf("a level naming an unknown concept: %v", err)
	}
}

func TestReadConcepts(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{
		"# comment\ncapacitance\t1\tCharge per volt.\n\nleak\t1\tA conductance.\n": "",
		"capacitance\t1\n":                         "want a name, a project number and a definition",
		"capacitance\tone\tCharge per volt.\n":     "want a name, a project number and a definition",
		"capacitance\t1\tA.\ncapacitance\t1\tB.\n": "listed twice",
		"capacitance\t1\tCharge\tper volt.\n":      "want a name, a project number and a definition",
	} {
		path := filepath.Join(dir, "c.tsv")
		os.WriteFile(path, []byte(content), 0o644)
		list, err := ReadConcepts(path)
		if want == "" && (err != nil || len(list) != 2) || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: %v, %v; want %q", content, list, err, want)
		}
	}
}
