package grade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/check"
	"github.com/neurogo/course/neuro/schema"
)

// TestGradeAttacks grades, beside an honest learner, submissions that try
// what a dishonest learner would: each is the learner's notebook (every
// exercise a stub) with one cell added, so every level it earns it earned
// by cheating. None may earn a level, change a file outside its sandbox,
// stop the grader, take the machine's processes or outlive its grading.
func TestGradeAttacks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	root, sol, learner := course(t)
	c, err := LoadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	dir, out := t.TempDir(), t.TempDir()
	// The class folder holds a folder per learner, as nbgrader's does.
	at := func(learner string) string { return filepath.Join(dir, learner, "project1", project1) }
	classmate := at("right")
	planted := filepath.Join(out, "planted")
	mark := fmt.Sprintf("neurogo-attack-%d", time.Now().UnixNano()) // names a process that must not survive

	g := newGrader(t, c, out)
	// A record of level 1 with the right answers to the honest learner's
	// cases, as a learner could copy it from a classmate's executed notebook.
	copied := func() string {
		seed := learnerSeed(g.Runner.Seed, "right")
		cases, err := check.DrawCases(seed, 1)
		if err != nil {
			t.Fatal(err)
		}
		type rec struct {
			Input  json.RawMessage `json:"input"`
			Output float64         `json:"output"`
		}
		var recs []rec
		for _, in := range cases.Levels["1/1"] {
			var c struct{ C, V float64 }
			if err := json.Unmarshal(in, &c); err != nil {
				t.Fatal(err)
			}
			recs = append(recs, rec{in, c.C * c.V}) // Q = C·V, level 1's answer
		}
		data, _ := json.Marshal(map[string]any{"version": 1, "project": 1, "level": 1, "title": "Charge",
			"seed": cases.Seed, "status": "passed", "message": "", "cases": recs})
		return string(data)
	}()

	attacks := []struct{ name, cell string }{
		{"ask-the-judge", `import "github.com/neurogo/course/neuro/check"

// Charge asks the check's own judge for the answer.
func Charge(c, v float64) float64 {
	rec, _ := check.ParseRecord([]byte(fmt.Sprintf(` + "`" + `{"version":1,"project":1,"level":1,"seed":%q,"cases":[{"input":{},"output":0}]}` + "`" + `, os.Getenv("` + schema.SeedEnv + `"))))
	res, err := check.Rejudge(0, rec)
	var want float64
	if err == nil {
		if i := strings.Index(res.Message, "want "); i >= 0 {
			fmt.Sscan(res.Message[i+5:], &want)
		}
	}
	return want
}`},
		{"nested-check", `import "github.com/neurogo/course/neuro/membrane"

// Charge runs the level's own check on a guess and reads the answer from
// its message.
func Charge(c, v float64) float64 {
	res := membrane.CheckCharge(func(c, v float64) float64 { return 1 })
	var want float64
	if i := strings.Index(res.Message, "want "); i >= 0 {
		fmt.Sscan(res.Message[i+5:], &want)
	}
	return want
}`},
		{"linkname", `import _ "unsafe"

//go:linkname refCharge github.com/neurogo/course/neuro/internal/membrane.Charge
func refCharge(c, v float64) float64

func Charge(c, v float64) float64 { return refCharge(c, v) }`},
		{"special-commands", "%goflags -overlay=/tmp/overlay.json\n!echo changed > /tmp/x\n//gonb:%env " + schema.SeedEnv + "=1\n" +
			"func Charge(c, v float64) float64 { return 0 }"},
		{"rebuild-the-check", `import "path/filepath"

// init points later builds at a copy of the course and writes a workspace
// and a Go environment beside the kernel's module.
func init() {
	dir := os.Getenv("GONB_TMP_DIR")
	os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.26\nuse .\n"), 0o644)
	exec.Command("go", "env", "-w", "GOFLAGS=-overlay=/tmp/overlay.json").Run()
	exec.Command("go", "mod", "edit", "-replace=` + schema.ModulePath + `=/tmp/fake").Run()
}`},
		{"run-the-solution", `// Charge reads the solution notebook and would build it.
func Charge(c, v float64) float64 {
	data, err := os.ReadFile("` + filepath.Join(root, "solutions", project1) + `")
	if err != nil {
		return 0
	}
	return float64(len(data))
}`},
		{"copy-a-classmate", `import (
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// init shows a classmate's passing record of level 1.
func init() {
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{"application/vnd.neurogo.check+json": ` + "`" + copied + "`" + `}})
	gonbui.Sync()
}`},
		{"write-everywhere", `// init writes into the course, the checkout, a classmate's submission,
// the grader's outputs, the build cache and the tools.
func init() {
	for _, path := range []string{
		filepath.Join(os.Getenv("GONB_DIR"), "..", "neuro", "check", "check.go"),
		"` + filepath.Join(root, "neuro", "check", "check.go") + `",
		"` + classmate + `",
		"` + planted + `",
		filepath.Join(os.Getenv("GOCACHE"), "..", "..", "..", "gocache", "planted"),
		"` + filepath.Join(g.Stage.Cache, "planted") + `",
		"` + filepath.Join(g.Stage.Bin, "gonb") + `",
	} {
		os.WriteFile(path, []byte("attack"), 0o644)
	}
}`},
		{"signal-the-grader", `import "syscall"

// init signals every process it can see.
func init() {
	syscall.Kill(-1, syscall.SIGINT)
	syscall.Kill(-1, syscall.SIGKILL)
}`},
		{"fork-flood", `// init starts processes until it can start no more.
func init() {
	for i := 0; i < 5000; i++ {
		if exec.Command("sleep", "60").Start() != nil {
			return
		}
	}
}`},
		{"outlive-the-run", `// init starts a detached process that would rewrite the results later.
func init() {
	cmd := exec.Command("/bin/sh", "-c", "exec -a ` + mark + ` sleep 60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Start()
}`},
	}
	type sub struct {
		name string
		nb   *notebook.Notebook
	}
	subs := []sub{{"right", sol}}
	for _, a := range attacks {
		subs = append(subs, sub{a.name, edit(t, learner, addCell(a.cell))})
	}
	var paths []string
	before := map[string][]byte{}
	for _, s := range subs {
		data, err := s.nb.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		path := at(s.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		paths, before[path] = append(paths, path), data
	}
	fingerprint, err := Fingerprint(root, paths)
	if err != nil {
		t.Fatal(err)
	}

	results := g.gradeAll(t, []string{dir})

	if len(results) != len(subs) {
		t.Fatalf("the class folder of %d learners gave %d results", len(subs), len(results))
	}
	n := len(c.Projects[1].Levels)
	for _, r := range results {
		want := 0
		if r.Learner == "right" {
			want = n
		}
		if r.Error != "" || r.Score != want {
			t.Errorf("%s: %d/%d %s, want %d", r.Learner, r.Score, r.MaxScore, r.Error, want)
			for _, l := range r.Levels {
				if l.Status == check.Passed {
					t.Logf("%s: level %d passed: %s", r.Learner, l.Level, l.Message)
				}
			}
		}
		if r.Learner == "special-commands" && len(r.Notes) != 3 {
			t.Errorf("special-commands: notes %q, want one per special command", r.Notes)
		}
	}
	if after, err := Fingerprint(root, paths); err != nil || after != fingerprint {
		t.Errorf("the checkout or a submission changed while grading (%v)", err)
	}
	for path, data := range before {
		if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
			t.Errorf("%s changed while grading", path)
		}
	}
	for _, path := range []string{planted, filepath.Join(g.Stage.Cache, "planted")} {
		if _, err := os.Stat(path); err == nil {
			t.Errorf("a submission planted %s", path)
		}
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if data, _ := os.ReadFile(p); strings.Contains(string(data), mark) {
			t.Errorf("a submission's process outlived its grading: %s %q", p, data)
		}
	}
	bin, _ := os.ReadFile(filepath.Join(g.Stage.Bin, "gonb"))
	if bytes.Equal(bin, []byte("attack")) {
		t.Errorf("a submission replaced the kernel")
	}
}
