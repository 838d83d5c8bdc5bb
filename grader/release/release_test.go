package release

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
)

func TestStubs(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"float", `func Charge(c, v float64) float64 {
	// BEGIN SOLUTION
	return c * v
	// END SOLUTION
}`, `func Charge(c, v float64) float64 {
	// TODO: your code here.
	return 0
}`},
		{"kept code before the region", `func Trace(n int) []float64 {
	if n < 0 {
		panic("negative n")
	}
	// BEGIN SOLUTION
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
	// END SOLUTION
}`, `func Trace(n int) []float64 {
	if n < 0 {
		panic("negative n")
	}
	// TODO: your code here.
	return nil
}`},
		{"several results and named types", `type State struct{ V, W float64 }
type Volt float64
type Grid [2]float64
func Step(s State) (next State, v Volt, g Grid, ok bool, name string, err error, m map[string]int, p *State) {
	// BEGIN SOLUTION
	return s, 1, Grid{}, true, "x", nil, nil, &s
	// END SOLUTION
}`, `type State struct{ V, W float64 }
type Volt float64
type Grid [2]float64
func Step(s State) (next State, v Volt, g Grid, ok bool, name string, err error, m map[string]int, p *State) {
	// TODO: your code here.
	return State{}, 0, Grid{}, false, "", nil, nil, nil
}`},
		{"no results", `func Fill(v []float64) {
	// BEGIN SOLUTION
	v[0] = 1
	// END SOLUTION
}`, `func Fill(v []float64) {
	// TODO: your code here.
}`},
		{"function literal", `var F = func(x float64) float64 {
	// BEGIN SOLUTION
	return 2 * x
	// END SOLUTION
}`, `var F = func(x float64) float64 {
	// TODO: your code here.
	return 0
}`},
		{"two regions", `func A() int {
	// BEGIN SOLUTION
	return 1
	// END SOLUTION
}

func B() bool {
	// BEGIN SOLUTION
	return true
	// END SOLUTION
}`, `func A() int {
	// TODO: your code here.
	return 0
}

func B() bool {
	// TODO: your code here.
	return false
}`},
		{"no region", "%%\nfmt.Println(1)", "%%\nfmt.Println(1)"},
	}
	for _, tt := range tests {
		nb := &notebook.Notebook{NBFormat: 4, Cells: []*notebook.Cell{{Type: notebook.Code, Source: notebook.Text(tt.src)}}}
		got, err := stubCell(tt.src, typeDecls(nb))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got, tt.want)
		}
		if !strings.HasPrefix(tt.src, "%%") {
			typeCheck(t, tt.name, got)
		}
	}
}

// typeCheck fails the test if src, a cell of declarations, does not compile.
func typeCheck(t *testing.T, name, src string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "stub.go", "package stub\n"+src, 0)
	if err != nil {
		t.Errorf("%s: the stub does not parse: %v", name, err)
		return
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("stub", fset, []*ast.File{f}, nil); err != nil {
		t.Errorf("%s: the stub does not compile: %v", name, err)
	}
}

func TestBadRegions(t *testing.T) {
	tests := []struct{ name, src, says string }{
		{"left open", "func A() int {\n\t// BEGIN SOLUTION\n\treturn 1\n}", "line 2: solution region left open"},
		{"end without begin", "func A() int {\n\treturn 1\n\t// END SOLUTION\n}", "line 3: // END SOLUTION without"},
		{"nested", "func A() int {\n\t// BEGIN SOLUTION\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}", "line 3"},
		{"not the tail", "func A() int {\n\t// BEGIN SOLUTION\n\tx := 1\n\t// END SOLUTION\n\treturn x\n}", "end of a function body"},
		{"outside a function", "// BEGIN SOLUTION\nvar x = 1\n// END SOLUTION", "end of a function body"},
		{"does not parse", "func A( {\n\t// BEGIN SOLUTION\n\t// END SOLUTION\n}", "cannot parse"},
	}
	for _, tt := range tests {
		_, err := stubCell(tt.src, nil)
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: error %v, want one that says %q", tt.name, err, tt.says)
		}
	}
}

func TestNotebookIsDeterministicAndClearsOutputs(t *testing.T) {
	one := 1
	sol := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{schema.Metadata: map[string]any{schema.ProjectKey: 1}},
		Cells: []*notebook.Cell{
			{Type: notebook.Markdown, Source: "# Title", Metadata: map[string]any{}},
			{Type: notebook.Code, ExecutionCount: &one, Metadata: map[string]any{schema.Metadata: map[string]any{schema.RoleKey: string(schema.RoleExercise), schema.LevelKey: 1}},
				Source:  "func A() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}",
				Outputs: []*notebook.Output{{Type: notebook.Stream, Name: "stdout", Text: "1\n"}}},
		}}
	a, err := Notebook(sol, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Notebook(sol, nil)
	ja, _ := a.Marshal()
	jb, _ := b.Marshal()
	if !bytes.Equal(ja, jb) {
		t.Error("two releases of the same notebook differ")
	}
	c := a.Cells[1]
	if c.Outputs != nil || c.ExecutionCount != nil || HasSolution(string(c.Source)) || c.ID == "" || c.Metadata[schema.Metadata] == nil {
		t.Errorf("released cell: %+v", c)
	}
	if _, err := notebook.Parse(ja); err != nil {
		t.Errorf("the released notebook does not parse: %v", err)
	}
	sol.Cells[1].Source = "func A() int {\n\t// BEGIN SOLUTION\n\treturn 1\n}"
	if _, err := Notebook(sol, nil); err == nil || !strings.Contains(err.Error(), "cell 2") {
		t.Errorf("an open region: %v, want an error naming cell 2", err)
	}
}

// Every code cell of every solution notebook has a known role, as the
// grader and the tests find cells by their role: one setup cell, the first
// code cell, without a level; and a level on every exercise, check and
// demo cell. The learner's notebooks are released from these, metadata
// and all.
func TestSolutionCellRoles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "solutions", "*.ipynb"))
	if len(paths) == 0 {
		t.Fatal("no solution notebooks in ../../solutions")
	}
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		name, code := filepath.Base(path), 0
		for i, c := range nb.Cells {
			if c.Type != notebook.Code {
				continue
			}
			code++
			role, level := schema.CellRole(c.Metadata)
			first := strings.SplitN(string(c.Source), "\n", 2)[0]
			switch {
			case !role.Known():
				t.Errorf("%s: cell %d (%q) has the role %q, want one of %v in its metadata.%s.%s",
					name, i+1, first, role, schema.Roles, schema.Metadata, schema.RoleKey)
			case (role == schema.RoleSetup) != (code == 1):
				t.Errorf("%s: cell %d (%q) has the role %q: the setup cell is the first code cell, and only it", name, i+1, first, role)
			case role == schema.RoleSetup && level != 0:
				t.Errorf("%s: the setup cell has level %d, want none", name, level)
			case (role == schema.RoleExercise || role == schema.RoleCheck || role == schema.RoleDemo) && level < 1:
				t.Errorf("%s: cell %d (%q), a %s cell, has no level", name, i+1, first, role)
			}
		}
	}
}

// A plot cell with a figure gets the expected result under it; a check cell
// or a plot cell without one does not.
func TestExpectedFigures(t *testing.T) {
	demo := map[string]any{schema.Metadata: map[string]any{schema.RoleKey: string(schema.RoleDemo)}}
	check := map[string]any{schema.Metadata: map[string]any{schema.RoleKey: string(schema.RoleCheck), schema.LevelKey: 1}}
	sol := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{},
		Cells: []*notebook.Cell{
			{Type: notebook.Code, ID: "plot", Metadata: demo, Source: "%%\nfigure.New(\"V\", \"t\", \"V\").Show()"},
			{Type: notebook.Code, ID: "check", Metadata: check, Source: "%%\nlif.CheckA(A)"},
			{Type: notebook.Code, ID: "other", Metadata: map[string]any{}, Source: "%%\nfigure.Interact(draw)"},
			{Type: notebook.Code, ID: "chain", Metadata: demo, Source: "%%\nfigure.New(\"V\", \"t\", \"V\").\n\tLine(\"V\", t, v).\n\tShow()"},
		}}
	figs := map[string]string{"plot": FigurePath("02-x.ipynb", "plot"), "check": "figures/02-x/check.png", "chain": "figures/02-x/chain.png"}
	nb, err := Notebook(sol, figs)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range nb.Cells {
		ids = append(ids, c.ID)
	}
	if want := []string{"plot", "plot-expected", "check", "other", "chain", "chain-expected"}; !slices.Equal(ids, want) {
		t.Fatalf("cells %v, want %v", ids, want)
	}
	if src := string(nb.Cells[1].Source); !strings.Contains(src, "](figures/02-x/plot.png)") {
		t.Errorf("the expected result does not show the figure: %q", src)
	}
	if !IsPlot(sol.Cells[2]) || IsPlot(sol.Cells[1]) {
		t.Error("IsPlot: an interactive demo is a plot cell and a check cell is not")
	}
	if !IsDemo(sol.Cells[2]) || IsDemo(sol.Cells[0]) {
		t.Error("IsDemo: an interactive demo is one and a still figure is not")
	}
}
