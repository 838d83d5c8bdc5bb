package main

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/sandbox"
)

// grader grade on a class folder with the odd entries of issue 33 beside
// good learners, as an instructor runs it: the good learners are graded,
// each odd entry is a row with its reason, the CSV is safe to open, and
// the run leaves nothing behind, not even what a killed run left.
func TestGradeClassFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	if err := sandbox.Check(); err != nil {
		t.Skipf("grading needs a sandbox: %v", err)
	}
	root := courseRoot(t)
	cache := nbrun.DefaultCache() // before TMPDIR changes: the warm cache
	dir := t.TempDir()
	// A TMPDIR of a short path, as most machines have: the kernel's
	// sockets are in it, and a test's own temporary folder is too long
	// for a socket's path.
	tmp, err := os.MkdirTemp("", "g")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	sol, err := os.ReadFile(filepath.Join(root, "solutions", "01-neuron-as-a-circuit.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	untouched, err := os.ReadFile(filepath.Join(root, "notebooks", "01-neuron-as-a-circuit.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	class := filepath.Join(dir, "class")
	writeFile(t, class, "ada/01-neuron-as-a-circuit.ipynb", string(sol))
	writeFile(t, class, `=HYPERLINK("evil","click").ipynb`, string(untouched))
	writeFile(t, class, "twice/old.ipynb", string(sol))
	writeFile(t, class, "twice/new.ipynb", string(untouched))
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(class, "twice/old.ipynb"), old, old)
	for name, target := range map[string]string{
		"loop.ipynb":     "loop.ipynb",
		"zero.ipynb":     "/dev/zero",
		"cheat.ipynb":    filepath.Join(root, "solutions", "01-neuron-as-a-circuit.ipynb"),
		"copycat":        "ada",
		"ghost/01.ipynb": "../nowhere.ipynb",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(class, name)), 0o755)
		if err := os.Symlink(target, filepath.Join(class, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(class, "pipe.ipynb"), 0o644); err != nil {
		t.Fatal(err)
	}
	// What a grader killed before left: its run folder, and a half-written
	// grades.csv beside the previous one.
	dead := exec.Command("true")
	dead.Run()
	orphan := filepath.Join(tmp, "neurogo-grade-"+strconv.Itoa(dead.Process.Pid)+"-1")
	writeFile(t, orphan, "nbrun-1/kernel.log", "left by a killed run")
	out := filepath.Join(dir, "out")
	writeFile(t, out, "grades.csv", "learner,project\nprevious,1\n")
	writeFile(t, out, ".grades.csv.neurogo-grade-"+strconv.Itoa(dead.Process.Pid)+".tmp", "learner,proj")

	err = gradeCommand([]string{"-course", root, "-cache", cache, "-out", filepath.Join(dir, "executed"), "-seed", "7",
		"-csv", filepath.Join(out, "grades.csv"), "-json", filepath.Join(out, "grades.json"), "-feedback", filepath.Join(out, "feedback"), class})
	if err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(filepath.Join(out, "grades.csv"))
	if err != nil {
		t.Fatal(err)
	}
	table, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	head := table[0]
	for _, r := range table[1:] {
		row := map[string]string{}
		for i, h := range head {
			row[h] = r[i]
		}
		rows[r[0]] = []string{row["total"] + "/" + row["max"], row["error"], row["not graded"]}
	}
	full := rows["ada"][0]
	if !strings.HasSuffix(full, "/"+strings.Split(full, "/")[0]) || full == "0/0" {
		t.Errorf("ada: %v, want every level passed", rows["ada"])
	}
	for learner, want := range map[string][]string{
		`'=HYPERLINK("evil","click")`: {"0/", ""},
		"twice":                       {"0/", "", "twice/old.ipynb: a duplicate: " + filepath.Join(class, "twice/new.ipynb") + " is the newest"},
		"loop":                        {"0/0", "a link loop"},
		"zero":                        {"0/0", "a link that leaves the class folder (to /dev/zero)"},
		"cheat":                       {"0/0", "a link that leaves the class folder"},
		"copycat":                     {"0/0", "a link into another learner's entry (ada)"},
		"ghost":                       {"0/0", "a link to nothing"},
		"pipe":                        {"0/0", "not a regular file: a named pipe"},
	} {
		got, ok := rows[learner]
		if !ok {
			t.Errorf("no row for %s in\n%v", learner, table)
			continue
		}
		for i, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: %q, want it to say %q", learner, got, w)
			}
		}
	}
	if len(rows) != 9 {
		t.Errorf("%d rows, want 9 (one per entry of the class folder):\n%v", len(rows), table)
	}
	b, err := grade.ReadBatch(filepath.Join(out, "grades.json"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range b.Results {
		names[r.Learner] = true
	}
	if !names[`=HYPERLINK("evil","click")`] {
		t.Errorf("the JSON does not keep the name =HYPERLINK(...) as it is: %v", names)
	}
	if fb, err := os.ReadFile(filepath.Join(out, "feedback", "twice.md")); err != nil || !strings.Contains(string(fb), "old.ipynb: a duplicate") {
		t.Errorf("twice's feedback does not name the notebook left out: %v\n%s", err, fb)
	}
	for _, pattern := range []string{filepath.Join(tmp, "*"), filepath.Join(out, ".*")} {
		if left, _ := filepath.Glob(pattern); len(left) != 0 {
			t.Errorf("left behind: %q", left)
		}
	}
}
