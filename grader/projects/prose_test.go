package projects

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
)

// Markdown that is not prose: math, code, links' targets, level headings.
var (
	fenceRE   = regexp.MustCompile("(?s)```.*?```")
	displayRE = regexp.MustCompile(`(?s)\$\$.*?\$\$`)
	inlineRE  = regexp.MustCompile(`\$[^$\n]+\$`)
	codeRE    = regexp.MustCompile("`[^`\n]*`")
	urlRE     = regexp.MustCompile(`(?:https?://|\]\()[^\s)]*\)?`)
	// A level's heading is its registered title, which the grader also
	// prints as plain text (TestHeadingsMatchTitles), so it cannot be math.
	levelHeadingRE = regexp.MustCompile(`(?m)^## Level \d+ · .*$`)
)

// Symbols that render wrongly in prose: an italic letter followed by an
// underscore subscript (*V*_th shows "V_th" with the V in italics), and a
// word with an underscore between letters or digits (V_th, τ_rec, GABA_A).
var (
	italicSubRE = regexp.MustCompile(`\*[^*\s]+\*_(?:\{[^}\s]*\}?|[\p{L}\p{N}]+)`)
	wordSubRE   = regexp.MustCompile(`[\p{L}\p{N}.\-]*[\p{L}\p{N}]_[\p{L}\p{N}{][\p{L}\p{N}_.\-{}]*`)
	// A file name such as notebook_test.go: a name, not a symbol.
	fileRE = regexp.MustCompile(`\.[a-z]{1,5}$`)
)

// prose returns the markdown's running text: what is left once math,
// code, link targets and level headings are taken out.
func prose(md string) string {
	for _, re := range []*regexp.Regexp{fenceRE, displayRE, inlineRE, codeRE, urlRE, levelHeadingRE} {
		md = re.ReplaceAllString(md, " ")
	}
	return md
}

// rawSubscripts returns the symbols of the markdown's prose that show a
// literal underscore where a subscript was meant.
func rawSubscripts(md string) []string {
	text := prose(md)
	bad := italicSubRE.FindAllString(text, -1)
	for _, w := range wordSubRE.FindAllString(text, -1) {
		if w = strings.TrimRight(w, "."); !fileRE.MatchString(w) {
			bad = append(bad, w)
		}
	}
	return bad
}

func TestRawSubscripts(t *testing.T) {
	for _, tt := range []struct {
		md   string
		want []string
	}{
		{"the threshold *V*_th and *t*_end", []string{"*V*_th", "*t*_end"}},
		{"V_th = −50 mV, τ_rec, GABA_A receptors, E_L.", []string{"V_th", "τ_rec", "GABA_A", "E_L"}},
		{"$V_\\text{th}$ and $$t_\\text{end} = 3$$ and\n$$\\tau_m\n= R_m C_m$$", nil},
		{"`v_th` and ```\nx_y := 1\n``` in code", nil},
		{"see [the map](00-course-map.md#level_3) and https://example.org/a_b/c_d", nil},
		{"key-concepts.tsv, notebook_test.go, **bold**, _emphasis_ and d*t*", nil},
		{"*J*²·τ_s/2 and (*V*_1 − *E*_L)/τ_m", []string{"*V*_1", "*E*_L", "τ_s", "τ_m"}},
		{"## Level 1 · The opening rate α_n\n\nthe rate α_n", []string{"α_n"}},
	} {
		if got := rawSubscripts(tt.md); !slices.Equal(got, tt.want) {
			t.Errorf("rawSubscripts(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}

// No notebook writes a subscripted symbol in prose with a literal
// underscore (*V*_th, V_th): in the browser the formulas are typeset and
// such symbols are not, so prose writes them as inline math, $V_\text{th}$.
func TestSymbolsInProseAreMath(t *testing.T) {
	root, _ := loadCourse(t)
	for _, dir := range []string{"solutions", "notebooks"} {
		paths, _ := filepath.Glob(filepath.Join(root, dir, "*.ipynb"))
		for _, path := range paths {
			nb, err := notebook.Read(path)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range nb.Cells {
				if c.Type != notebook.Markdown {
					continue
				}
				if bad := rawSubscripts(string(c.Source)); len(bad) > 0 {
					t.Errorf("%s/%s, cell %d: %q in prose: write it as inline math, $V_\\text{th}$, as the formulas are",
						dir, filepath.Base(path), i+1, bad)
				}
			}
		}
	}
}

var (
	funcRE  = regexp.MustCompile(`(?m)^func\s+(\w+)\s*[\[(]`)
	needsRE = regexp.MustCompile(`\bNeeds\("([^"]*)"\)`)
	// What a Needs names: "Simulate (Level 16)", "Simulate and SpikeTimes
	// (Levels 16 and 17)".
	needsWhatRE = regexp.MustCompile(`^(.+) \(Levels? ([\d, and]+)\)$`)
	listRE      = regexp.MustCompile(`,\s*|\s+and\s+`)
)

// Every plot cell of a solution that calls a function the learner writes
// says with Needs which level to finish first, so that run before that
// function is written it does not draw a nonsense axis; and what Needs
// names are exercise functions of those levels.
func TestPlotCellsNameTheirLevel(t *testing.T) {
	root, _ := loadCourse(t)
	paths, _ := filepath.Glob(filepath.Join(root, "solutions", "*.ipynb"))
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		levels := map[string]int{} // exercise function → its level
		for _, c := range nb.Cells {
			if role, level := schema.CellRole(c.Metadata); c.Type == notebook.Code && role == schema.RoleExercise {
				for _, m := range funcRE.FindAllStringSubmatch(string(c.Source), -1) {
					levels[m[1]] = level
				}
			}
		}
		for i, c := range nb.Cells {
			role, _ := schema.CellRole(c.Metadata)
			src := string(c.Source)
			if c.Type != notebook.Code || (role != "" && role != schema.RoleDemo) || !strings.Contains(src, "figure.") {
				continue
			}
			var called []string
			for f := range levels {
				if regexp.MustCompile(`(?:^|[^.\w])` + f + `\(`).MatchString(src) {
					called = append(called, f)
				}
			}
			slices.Sort(called)
			needs := needsRE.FindAllStringSubmatch(src, -1)
			if len(called) > 0 && len(needs) == 0 {
				t.Errorf("%s, cell %d: a plot cell calls %v but no .Needs(\"Name (Level N)\") says which level to finish first",
					name, i+1, called)
			}
			for _, n := range needs {
				if err := checkNeeds(n[1], levels); err != nil {
					t.Errorf("%s, cell %d: Needs(%q): %v", name, i+1, n[1], err)
				}
			}
		}
	}
}

// checkNeeds reports whether what a Needs names are exercise functions
// and their levels.
func checkNeeds(what string, levels map[string]int) error {
	m := needsWhatRE.FindStringSubmatch(what)
	if m == nil {
		return fmt.Errorf(`not of the form "Name (Level N)"`)
	}
	var want []int
	for _, f := range listRE.Split(m[1], -1) {
		l, ok := levels[f]
		if !ok {
			return fmt.Errorf("%s is no exercise's function", f)
		}
		if !slices.Contains(want, l) {
			want = append(want, l)
		}
	}
	var got []int
	for _, s := range listRE.Split(m[2], -1) {
		l, _ := strconv.Atoi(s)
		got = append(got, l)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("the functions are of levels %v, not %v", want, got)
	}
	return nil
}
