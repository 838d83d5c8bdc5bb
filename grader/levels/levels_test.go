package levels

import (
	"slices"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/nbrun"
	_ "github.com/neurogo/course/grader/projects"
	"github.com/neurogo/course/neuro/check"
)

// Find names, for every registered level, its title, the learner's
// function, a Check function and at least one reference, each where the
// source has it.
func TestFindMatchesTheRegistry(t *testing.T) {
	found := findAll(t)
	var projects []int
	for _, l := range found {
		if !slices.Contains(projects, l.Project) {
			projects = append(projects, l.Project)
		}
	}
	var registered []check.LevelInfo
	for _, p := range projects {
		registered = append(registered, check.Levels(p)...)
	}
	if len(found) != len(registered) || len(found) < 75 {
		t.Fatalf("found %d levels, %d registered", len(found), len(registered))
	}
	for k, l := range found {
		r := registered[k]
		if l.Project != r.Project || l.Number != r.Level || l.Title != r.Title {
			t.Errorf("found project %d level %d %q, registered %+v", l.Project, l.Number, l.Title, r)
		}
		if l.Func == "" || !strings.HasPrefix(l.Check, "Check") || !strings.Contains(l.CheckAt, ".go:") ||
			!strings.Contains(l.VarAt, ".go:") {
			t.Errorf("project %d level %d: %+v", l.Project, l.Number, l)
		}
		for _, ref := range l.Refs {
			if !strings.HasPrefix(ref.At, "neuro/internal/") {
				t.Errorf("project %d level %d: reference %s at %q", l.Project, l.Number, ref.Name, ref.At)
			}
		}
	}
}

// The references of a level are found in its literal and one call deep:
// level 19 of Project 2 reaches its reference through a method of its case.
func TestFindsReferences(t *testing.T) {
	found := findAll(t)
	for _, tt := range []struct {
		project, level int
		check          string
		refs           []string
	}{
		{1, 1, "CheckCharge", []string{"membrane.Charge"}},
		{2, 16, "CheckISIs", []string{"lif.ISIs"}},
		{2, 19, "CheckNoisyCV", []string{"lif.Default", "lif.ISIs", "lif.MeanCV", "lif.NoisySpikes"}},
	} {
		i := slices.IndexFunc(found, func(l Level) bool { return l.Project == tt.project && l.Number == tt.level })
		if i < 0 {
			t.Fatalf("project %d level %d not found", tt.project, tt.level)
		}
		l := found[i]
		var names []string
		for _, r := range l.Refs {
			names = append(names, r.Name)
		}
		if l.Check != tt.check || !slices.Equal(names, tt.refs) {
			t.Errorf("project %d level %d: %s with references %v, want %s with %v", tt.project, tt.level, l.Check, names, tt.check, tt.refs)
		}
	}
}

func TestVarName(t *testing.T) {
	for check, want := range map[string]string{
		"CheckCharge": "chargeLevel", "CheckLIFStep": "lifStepLevel", "CheckISIs": "isisLevel",
		"CheckISIHistogram": "isiHistogramLevel", "CheckFICurve": "fiCurveLevel", "CheckRK4Step": "rk4StepLevel",
		"CheckMRates": "mRatesLevel", "CheckNaConductance": "naConductanceLevel", "CheckAUC": "aucLevel",
	} {
		if got := VarName(check); got != want {
			t.Errorf("VarName(%q) = %q, want %q", check, got, want)
		}
	}
}

// Every level's variable is named for its Check function, so that one is
// found from the other.
func TestLevelVariablesAreNamedForTheirCheck(t *testing.T) {
	found := findAll(t)
	for _, l := range found {
		if want := VarName(l.Check); l.Var != want {
			t.Errorf("%s: project %d level %d: the variable of %s is %s, want %s", l.VarAt, l.Project, l.Number, l.Check, l.Var, want)
		}
	}
}

// findAll returns the levels of this checkout.
func findAll(t *testing.T) []Level {
	t.Helper()
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	found, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	return found
}
