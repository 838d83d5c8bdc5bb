package check

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/neurogo/course/neuro/schema"
)

type powCase struct{ X, Y float64 }

// power is a level made for these tests: the learner writes x^y.
var power = Register(&Level[powCase, float64]{
	Project: 99, Number: 1, Title: "Powers", Func: "Pow",
	Fixed:  []powCase{{2, 3}, {9, 0.5}},
	Random: func(r *rand.Rand) powCase { return powCase{1 + 9*r.Float64(), 4 * r.Float64()} },
	Judge:  Near(func(c powCase) float64 { return math.Pow(c.X, c.Y) }, Tol{Rel: 1e-9}),
	Hint:   "use math.Pow",
})

type rampCase struct{ N int }

// ramp is a level with a slice answer: 1, 2, ..., N.
var ramp = Register(&Level[rampCase, []float64]{
	Project: 99, Number: 2, Title: "Ramps", Func: "Ramp",
	Fixed: []rampCase{{3}, {5}},
	Judge: NearSlice(func(c rampCase) []float64 {
		v := make([]float64, c.N)
		for i := range v {
			v[i] = float64(i + 1)
		}
		return v
	}, Tol{Abs: 1e-12}),
})

func rightRamp(c rampCase) []float64 {
	v := make([]float64, c.N)
	for i := range v {
		v[i] = float64(i + 1)
	}
	return v
}

func TestOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		res    Result
		status Status
		says   []string
	}{
		{"right", power.Check(func(c powCase) float64 { return math.Pow(c.X, c.Y) }), Passed, []string{"all 7 cases"}},
		{"wrong", power.Check(func(c powCase) float64 { return c.X * c.Y }), Failed,
			[]string{"case 1 of 7", "X:2 Y:3", "got 6", "want 8", "relative 1e-09", "Hint: use math.Pow"}},
		{"wrong on a later case", power.Check(func(c powCase) float64 {
			if c.X == 9 {
				return 4
			}
			return math.Pow(c.X, c.Y)
		}), Failed, []string{"case 2 of 7", "got 4", "want 3"}},
		{"panic", power.Check(func(c powCase) float64 { panic("boom") }), Failed, []string{"Pow panicked on case 1", "boom"}},
		{"NaN", power.Check(func(c powCase) float64 { return math.NaN() }), Failed, []string{"got NaN"}},
		{"stub", power.Check(func(c powCase) float64 { return 0 }), NotImplemented, []string{"only zero values", "TODO"}},
		{"slice right", ramp.Check(rightRamp), Passed, nil},
		{"slice stub", ramp.Check(func(c rampCase) []float64 { return nil }), NotImplemented, nil},
		{"slice too short", ramp.Check(func(c rampCase) []float64 { return rightRamp(c)[1:] }), Failed,
			[]string{"got 2 values, want 3"}},
		{"slice wrong element", ramp.Check(func(c rampCase) []float64 { v := rightRamp(c); v[2] = 7; return v }), Failed,
			[]string{"at index 2", "got 7, want 3"}},
	}
	for _, tt := range tests {
		if tt.res.Status != tt.status {
			t.Errorf("%s: status %q, want %q; message:\n%s", tt.name, tt.res.Status, tt.status, tt.res.Message)
		}
		for _, s := range tt.says {
			if !strings.Contains(tt.res.Message, s) {
				t.Errorf("%s: message does not say %q:\n%s", tt.name, s, tt.res.Message)
			}
		}
	}
}

func TestPanicInJudgeIsAFailure(t *testing.T) {
	l := &Level[rampCase, []float64]{Project: 98, Number: 1, Func: "F", Fixed: []rampCase{{2}},
		Judge: func(c rampCase, got []float64) error { _ = got[5]; return nil }}
	res, _ := l.run(func(c rampCase) []float64 { return []float64{1} }, 1)
	if res.Status != Failed || !strings.Contains(res.Message, "could not be judged") {
		t.Errorf("got %v: %s", res.Status, res.Message)
	}
}

func TestSeed(t *testing.T) {
	a, b := power.cases(1), power.cases(1)
	c := power.cases(2)
	if len(a) != 7 {
		t.Fatalf("%d cases, want 2 fixed and 5 random", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("case %d differs for the same seed: %v, %v", i, a[i], b[i])
		}
	}
	if a[2] == c[2] {
		t.Errorf("the first random case is the same for seeds 1 and 2: %v", a[2])
	}
	t.Setenv(schema.SeedEnv, "12345")
	if runSeed() != 12345 {
		t.Errorf("runSeed ignores %s", schema.SeedEnv)
	}
}

func TestRejudge(t *testing.T) {
	const seed = 42
	right := func(c powCase) float64 { return math.Pow(c.X, c.Y) }
	_, rec := power.run(right, seed)
	if res, err := Rejudge(seed, rec); err != nil || res.Status != Passed {
		t.Fatalf("a right record: %v %v %s", err, res.Status, res.Message)
	}

	// A record claiming a pass for wrong outputs is judged on its outputs.
	_, forged := power.run(func(c powCase) float64 { return 1 }, seed)
	forged.Status, forged.Message = Passed, "all right"
	if res, _ := Rejudge(seed, forged); res.Status != Failed {
		t.Errorf("a forged pass was accepted: %v", res.Status)
	}

	// A record made with another seed does not count.
	_, other := power.run(right, seed+1)
	if res, _ := Rejudge(seed, other); res.Status != Failed || !strings.Contains(res.Message, "seed") {
		t.Errorf("a record of another seed: %v %s", res.Status, res.Message)
	}

	// Dropping a case does not help.
	_, short := power.run(right, seed)
	short.Cases = short.Cases[:len(short.Cases)-1]
	if res, _ := Rejudge(seed, short); res.Status != Failed {
		t.Errorf("a record with a case missing: %v", res.Status)
	}

	// Garbage in an output is refused.
	_, garbled := power.run(right, seed)
	garbled.Cases[0].Output = []byte(`"eight"`)
	if res, _ := Rejudge(seed, garbled); res.Status != Failed {
		t.Errorf("a garbled output: %v", res.Status)
	}

	// Panics recorded stay panics; stubs stay stubs.
	_, panicked := power.run(func(c powCase) float64 { panic("boom") }, seed)
	if res, _ := Rejudge(seed, panicked); res.Status != Failed {
		t.Errorf("a panic: %v", res.Status)
	}
	_, stub := power.run(func(c powCase) float64 { return 0 }, seed)
	if res, _ := Rejudge(seed, stub); res.Status != NotImplemented {
		t.Errorf("a stub: %v", res.Status)
	}

	if _, err := Rejudge(seed, &Record{Version: 1, Project: 97, Level: 1}); !errors.Is(err, ErrNoLevel) {
		t.Errorf("an unknown level: %v", err)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	_, rec := ramp.run(rightRamp, 7)
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseRecord(data)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Rejudge(7, back); err != nil || res.Status != Passed {
		t.Errorf("after a round trip through JSON: %v %v %s", err, res.Status, res.Message)
	}
	if _, err := ParseRecord([]byte(`{"version":2}`)); err == nil {
		t.Error("a record of version 2 was accepted")
	}
	if _, err := ParseRecord([]byte(`not json`)); err == nil {
		t.Error("a record that is not JSON was accepted")
	}
}

func TestLevels(t *testing.T) {
	got := Levels(99)
	if len(got) != 3 || got[0].Level != 1 || got[1].Title != "Ramps" || got[2].Title != "Sums" {
		t.Errorf("Levels(99) = %v", got)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("registering project 99 level 1 again did not panic")
		}
	}()
	Register(&Level[powCase, float64]{Project: 99, Number: 1, Func: "Pow", Fixed: []powCase{{1, 1}},
		Judge: func(powCase, float64) error { return nil }})
}

// TestGraded runs a check as a grader does: the cases come from a file the
// grader drew, the learner's process only records, and the grader judges.
func TestGraded(t *testing.T) {
	const seed = 77
	file, err := DrawCases(seed, 99)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(file.Levels["99/1"]); n != 7 {
		t.Fatalf("the case file has %d cases of level 1, want 7", n)
	}
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/cases.json"
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		pow  func(powCase) float64
		want Status
	}{
		{"right", func(c powCase) float64 { return math.Pow(c.X, c.Y) }, Passed},
		{"wrong", func(c powCase) float64 { return c.X * c.Y }, Failed},
		{"stub", func(powCase) float64 { return 0 }, NotImplemented},
	} {
		res, rec := power.runGraded(tt.pow, path)
		if res.Status != Recorded || rec == nil {
			t.Fatalf("%s: graded run gave %s (%s), want a record with status %s", tt.name, res.Status, res.Message, Recorded)
		}
		if strings.Contains(res.Message, "want") || strings.Contains(res.Message, "wrong") {
			t.Errorf("%s: the learner's process says %q: it must not judge", tt.name, res.Message)
		}
		got, err := Rejudge(seed, rec)
		if err != nil || got.Status != tt.want {
			t.Errorf("%s: the grader judged %s (%v), want %s: %s", tt.name, got.Status, err, tt.want, got.Message)
		}
		if other, _ := Rejudge(seed+1, rec); other.Status != Failed {
			t.Errorf("%s: a record of seed %d judged with seed %d: %s, want %s", tt.name, seed, seed+1, other.Status, Failed)
		}
	}
	if _, rec := power.runGraded(func(c powCase) float64 { return 1 }, t.TempDir()+"/missing.json"); rec != nil {
		t.Errorf("a graded run without its case file made a record")
	}
}

type sumCase struct {
	N      int
	Values []float64 `check:"derived"`
}

// sum is a level whose function is handed values that Prepare derives
// from the case: the learner sums them.
var sum = Register(&Level[sumCase, float64]{
	Project: 99, Number: 3, Title: "Sums", Func: "Sum",
	Fixed:  []sumCase{{N: 3}},
	Random: func(r *rand.Rand) sumCase { return sumCase{N: 1 + r.IntN(5)} },
	Prepare: func(c sumCase) sumCase {
		c.Values = make([]float64, c.N)
		for i := range c.Values {
			c.Values[i] = float64(i + 1)
		}
		return c
	},
	Judge: Near(func(c sumCase) float64 { return float64(c.N*(c.N+1)) / 2 }, Exact),
})

func TestPrepare(t *testing.T) {
	add := func(c sumCase) float64 {
		s := 0.0
		for _, v := range c.Values {
			s += v
		}
		return s
	}
	res, rec := sum.run(add, 5)
	if res.Status != Passed {
		t.Fatalf("the learner's function was not handed the prepared values: %s", res.Message)
	}
	if strings.Contains(string(rec.Cases[0].Input), "Values") {
		t.Errorf("the record holds a derived field: %s", rec.Cases[0].Input)
	}
	file, err := DrawCases(5, 99)
	if err != nil {
		t.Fatal(err)
	}
	if in := string(file.Levels["99/3"][0]); !strings.Contains(in, `"Values":[1,2,3]`) {
		t.Errorf("the grader's case file lacks the derived values: %s", in)
	}
}
