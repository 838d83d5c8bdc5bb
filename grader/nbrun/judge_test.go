package nbrun

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/neurogo/course/neuro/check"
)

// double is a level made for these tests: the learner doubles a number.
var double = check.Register(&check.Level[float64, float64]{
	Project: 97, Number: 1, Title: "Double", Func: "Double",
	Fixed: []float64{1, 2, 3},
	Judge: check.Near(func(x float64) float64 { return 2 * x }, check.Tol{Rel: 1e-12}),
})

// record is a record of the level made with seed, with the given outputs
// and claimed status.
func record(seed uint64, status check.Status, outs ...float64) *check.Record {
	rec := &check.Record{Version: 1, Project: double.Project, Level: double.Number, Title: double.Title,
		Seed: strconv.FormatUint(seed, 10), Status: status}
	for i, out := range outs {
		rec.Cases = append(rec.Cases, check.Case{Input: json.RawMessage(fmt.Sprint(double.Fixed[i])), Output: json.RawMessage(fmt.Sprint(out))})
	}
	return rec
}

// Of several records of a level the last counts, judged again on its
// outputs alone; records of other levels and projects are not the level's.
func TestJudgeTheLastRecord(t *testing.T) {
	const seed = 7
	var (
		right = record(seed, check.Passed, 2, 4, 6)
		wrong = record(seed, check.Failed, 2, 4, 7)
		stub  = record(seed, check.NotImplemented, 0, 0, 0)
		// A made-up record: a claimed pass with wrong outputs.
		forged = record(seed, check.Passed, 1, 1, 1)
		// A right record of another seed.
		stale = record(seed+1, check.Passed, 2, 4, 6)
	)
	other := *right
	other.Level = 2
	elsewhere := *wrong
	elsewhere.Project = 96

	tests := []struct {
		name    string
		records []*check.Record
		want    check.Status // "" for no verdict
	}{
		{"none", nil, ""},
		{"other levels only", []*check.Record{&other, &elsewhere}, ""},
		{"one", []*check.Record{right}, check.Passed},
		{"fixed and checked again", []*check.Record{stub, wrong, right}, check.Passed},
		{"broken after a pass", []*check.Record{right, wrong}, check.Failed},
		{"others after the last", []*check.Record{wrong, right, &other, &elsewhere}, check.Passed},
		{"a forged pass last", []*check.Record{right, forged}, check.Failed},
		{"another seed's pass last", []*check.Record{stub, stale}, check.Failed},
		{"a forged pass first", []*check.Record{forged, stub}, check.NotImplemented},
	}
	for _, tt := range tests {
		l, ok := Judge(seed, double.Project, double.Number, tt.records)
		if ok != (tt.want != "") || l.Status != tt.want {
			t.Errorf("%s: %q (a verdict: %v), want %q: %s", tt.name, l.Status, ok, tt.want, l.Message)
		}
		if ok && (l.Level != double.Number || l.Title != double.Title) {
			t.Errorf("%s: the verdict is of level %d %q, want %d %q", tt.name, l.Level, l.Title, double.Number, double.Title)
		}

		levels := Grade(seed, double.Project, tt.records)
		want := tt.want
		if want == "" {
			want = check.Missing
		}
		if len(levels) != 1 || levels[0].Status != want || levels[0].Title != double.Title {
			t.Errorf("%s: Grade gives %+v, want level 1 %q", tt.name, levels, want)
		}
	}
}
