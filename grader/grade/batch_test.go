package grade

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/neuro/check"
)

func TestJoinCellsHoistsImports(t *testing.T) {
	got := joinCells([]string{
		"func A() float64 { return math.Pi }",
		"import \"strings\"\n\nfunc B() string { return strings.ToUpper(\"b\") }",
		"import (\n\t\"fmt\"\n)\nvar C = fmt.Sprint(1)",
		"import \"strings\"\n\n// B again, as a learner who rewrote it in a later cell\nfunc B() string { return \"B\" }",
		"func D( {", // does not parse: kept as it is
	})
	if !strings.HasPrefix(got, "import \"strings\"\n\nimport \"fmt\"\n\nfunc A()") {
		t.Errorf("imports not first, once each:\n%s", got)
	}
	if strings.Count(got, "func B()") != 1 || !strings.Contains(got, `return "B"`) || !strings.Contains(got, "// B again") {
		t.Errorf("the later declaration of B does not replace the earlier:\n%s", got)
	}
	ok := strings.TrimSuffix(got, "\n\nfunc D( {")
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\n"+ok, 0); err != nil {
		t.Errorf("the joined cells do not parse: %v\n%s", err, ok)
	}
}

func TestShardSplitsEveryPathOnce(t *testing.T) {
	var subs []Submission
	for _, p := range []string{"e", "a", "d", "b", "c", "f", "g"} {
		subs = append(subs, Submission{Learner: p, Path: p})
	}
	var all []string
	for i := range 3 {
		part := Shard(subs, i, 3)
		if len(part) < 2 || len(part) > 3 {
			t.Errorf("shard %d/3 has %d paths", i, len(part))
		}
		for _, s := range part {
			all = append(all, s.Path)
		}
	}
	slices.Sort(all)
	if !slices.Equal(all, []string{"a", "b", "c", "d", "e", "f", "g"}) {
		t.Errorf("the shards hold %v", all)
	}
	for _, bad := range []string{"3/3", "-1/2", "1", "a/b", "0/0"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if i, n, err := ParseShard("2/8"); err != nil || i != 2 || n != 8 {
		t.Errorf("ParseShard(2/8) = %d, %d, %v", i, n, err)
	}
}

func sampleResults() []*Result {
	return []*Result{
		{Learner: "ada", Project: 1, Score: 1, MaxScore: 2, Notes: []string{"cell 3: the special command \"%goflags\" was not run"}, Levels: []nbrun.Level{
			{Level: 1, Title: "Charge", Status: check.Passed, Message: "right"},
			{Level: 2, Title: "Area", Status: check.Failed, Message: "got 1, want 2"}}},
		{Learner: "bob", Path: "bob.ipynb", Error: "not a notebook"},
	}
}

func TestMerge(t *testing.T) {
	r := sampleResults()
	a := &Batch{Seed: "7", Course: "c1", Shard: "0/2", Results: r[:1]}
	b := &Batch{Seed: "7", Course: "c1", Shard: "1/2", Results: r[1:]}
	m, err := Merge([]*Batch{a, b})
	if err != nil || len(m.Results) != 2 {
		t.Fatalf("Merge: %v, %d results", err, len(m.Results))
	}
	b.Seed = "8"
	if _, err := Merge([]*Batch{a, b}); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("shards of different seeds merged: %v", err)
	}
	b.Seed, b.Course = "7", "c2"
	if _, err := Merge([]*Batch{a, b}); err == nil {
		t.Error("shards of different course versions merged")
	}
}

func TestOutputs(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sampleResults()); err != nil {
		t.Fatal(err)
	}
	want := "learner,project,level 1,level 2,total,max,error,not graded\nada,1,1,0,1,2,,\nbob,0,,,0,0,not a notebook,\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant\n%s", buf.String(), want)
	}

	buf.Reset()
	if err := WriteGradescope(&buf, sampleResults()[0]); err != nil {
		t.Fatal(err)
	}
	var gs struct {
		Score float64
		Tests []struct {
			Name     string
			Score    float64
			MaxScore float64 `json:"max_score"`
			Status   string
			Output   string
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &gs); err != nil {
		t.Fatal(err)
	}
	if gs.Score != 1 || len(gs.Tests) != 2 || gs.Tests[0].Name != "Level 1 · Charge" || gs.Tests[0].MaxScore != 1 ||
		gs.Tests[1].Score != 0 || gs.Tests[1].Status != "failed" || !strings.Contains(gs.Tests[1].Output, "want 2") {
		t.Errorf("Gradescope results: %s", buf.String())
	}

	buf.Reset()
	Feedback(&buf, sampleResults()[0])
	for _, s := range []string{"# Feedback for ada", "1 of 2 levels passed", "Level 2 · Area: failed", "got 1, want 2", "%goflags"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("feedback does not say %q:\n%s", s, buf.String())
		}
	}
}

func TestNamesDeclared(t *testing.T) {
	declared := declaredNames([]string{"func Charge(c, v float64) float64 { return c * v }", "func Broken( {"})
	for stmt, want := range map[string]bool{
		"membrane.CheckCharge(Charge)":              true,
		"membrane.CheckConductance(Conductance)":    false,
		"lif.CheckRun(func() bool { return true })": true,
		"membrane.CheckCharge(":                     true, // does not parse: the compiler tells
	} {
		if got := namesDeclared(stmt, declared); got != want {
			t.Errorf("namesDeclared(%q) = %v, want %v", stmt, got, want)
		}
	}
}
