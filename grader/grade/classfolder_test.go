package grade

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neurogo/course/neuro/schema"
)

// notebookOf is a GoNB notebook of the project p with a cell of code.
func notebookOf(p int, code string) string {
	return fmt.Sprintf(`{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": %q}],
 "metadata": {"kernelspec": {"name": "gonb"}, %q: {%q: %d}}, "nbformat": 4, "nbformat_minor": 5}`,
		code, schema.Metadata, schema.ProjectKey, p)
}

// tree makes the files of a class folder under dir: a path and its
// content, or a link ("-> target"), a named pipe ("|fifo"), a file too
// large ("|big") or a folder
// (a path ending in /).
func tree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		content := files[name]
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasSuffix(name, "/"):
			err = os.MkdirAll(path, 0o755)
		case strings.HasPrefix(content, "-> "):
			err = os.Symlink(strings.TrimPrefix(content, "-> "), path)
		case content == "|fifo":
			err = syscall.Mkfifo(path, 0o644)
		case content == "|big": // a sparse file a byte larger than a notebook may be
			if err = os.WriteFile(path, nil, 0o644); err == nil {
				err = os.Truncate(path, MaxNotebook+1)
			}
		default:
			err = os.WriteFile(path, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// findWithin runs Find and fails the test if it takes more than a few
// seconds: a walk that opens a pipe or follows a loop would hang.
func findWithin(t testing.TB, f *Finder, args ...string) ([]Submission, []*Result) {
	t.Helper()
	type found struct {
		subs []Submission
		bad  []*Result
	}
	done := make(chan found, 1)
	go func() {
		subs, bad := f.Find(args)
		done <- found{subs, bad}
	}()
	select {
	case r := <-done:
		return r.subs, r.bad
	case <-time.After(20 * time.Second):
		t.Fatalf("Find(%q) hangs", args)
		return nil, nil
	}
}

// rows is a line per result of Find: learner=path relative to dir for a
// submission, learner: error for a row that is not graded; and the
// skipped files of the learners, "learner: skipped".
func rows(dir string, subs []Submission, bad []*Result) (got, skipped []string) {
	trim := func(s string) string { return strings.ReplaceAll(s, dir+string(filepath.Separator), "") }
	for _, s := range subs {
		got = append(got, s.Learner+"="+trim(s.Path))
		for _, sk := range s.Skipped {
			skipped = append(skipped, s.Learner+": "+trim(sk))
		}
	}
	for _, r := range bad {
		got = append(got, r.Learner+": "+trim(r.Error))
	}
	return got, skipped
}

func checkRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A flat class folder, nbgrader's folder per learner, a folder with no
// notebook, and a path that does not exist.
func TestFindFolders(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"flat/ada.ipynb": notebookOf(1, ""), "flat/bob.ipynb": notebookOf(1, ""),
		"flat/.ipynb_checkpoints/ada-checkpoint.ipynb":        notebookOf(1, ""),
		"submitted/cy/project1/01-neuron-as-a-circuit.ipynb":  notebookOf(1, ""),
		"submitted/dee/project1/01-neuron-as-a-circuit.ipynb": notebookOf(1, ""),
		"submitted/dee/project2/02-integrate-and-fire.ipynb":  notebookOf(2, ""),
		"submitted/eve/notes.txt":                             "notes",
		"empty/":                                              "",
	})
	subs, bad := findWithin(t, &Finder{}, filepath.Join(dir, "flat"), filepath.Join(dir, "submitted"),
		filepath.Join(dir, "empty"), filepath.Join(dir, "missing"))
	got, _ := rows(dir, subs, bad)
	checkRows(t, "Find", got, []string{
		"ada=flat/ada.ipynb", "bob=flat/bob.ipynb",
		"cy=submitted/cy/project1/01-neuron-as-a-circuit.ipynb",
		"dee/project1/01-neuron-as-a-circuit=submitted/dee/project1/01-neuron-as-a-circuit.ipynb",
		"dee/project2/02-integrate-and-fire=submitted/dee/project2/02-integrate-and-fire.ipynb",
		"eve: no notebook in this learner's folder",
		"empty: no notebooks in this folder",
		"missing: no such file or folder",
	})
}

// The cases of issue 33: each odd entry costs only its own row, with a
// reason, and the good learners beside them are found.
func TestFindOddEntries(t *testing.T) {
	dir := t.TempDir()
	// The course's own solution, outside the class folder.
	tree(t, dir, map[string]string{"course/solutions/01.ipynb": notebookOf(1, "// the solution")})
	class := filepath.Join(dir, "class")
	tree(t, class, map[string]string{
		"ada/01.ipynb":            notebookOf(1, "// ada"),
		"bob.ipynb":               notebookOf(1, "// bob"),
		"loop.ipynb":              "-> loop.ipynb",
		"loop2/01.ipynb":          "-> ../loop3/01.ipynb",
		"loop3/01.ipynb":          "-> ../loop2/01.ipynb",
		"pipe.ipynb":              "|fifo",
		"pipe2/01.ipynb":          "|fifo",
		"zero.ipynb":              "-> /dev/zero",
		"copycat":                 "-> ada",
		"cheat/01.ipynb":          "-> " + filepath.Join(dir, "course/solutions/01.ipynb"),
		"twice/a.ipynb":           notebookOf(1, "// older"),
		"twice/b.ipynb":           notebookOf(1, "// newer"),
		"=HYPERLINK(\"x\").ipynb": notebookOf(1, "// formula"),
		"junk.ipynb":              "{]",
		"big/01.ipynb":            "|big",
		"notes.txt":               "not a notebook",
		"nothing":                 "-> gone",
		"up/01.ipynb":             "-> ../../course/solutions/01.ipynb",
		"folderloop/self":         "-> ../folderloop",
		"folderloop/01.ipynb":     notebookOf(1, "// folder loop"),
		"linked/01.ipynb":         "-> ../.store/linked.ipynb",
		".store/linked.ipynb":     notebookOf(1, "// kept in a hidden folder of the class"),
	})
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(class, "twice/a.ipynb"), old, old)

	subs, bad := findWithin(t, &Finder{}, class)
	got, skipped := rows(class, subs, bad)
	checkRows(t, "rows", got, []string{
		"ada=ada/01.ipynb",
		"bob=bob.ipynb",
		"twice=twice/b.ipynb",
		`=HYPERLINK("x")==HYPERLINK("x").ipynb`,
		"folderloop=folderloop/01.ipynb",
		"linked=linked/01.ipynb",
		"loop: loop.ipynb: a link loop",
		"loop2: loop2/01.ipynb: a link loop",
		"loop3: loop3/01.ipynb: a link loop",
		"pipe: pipe.ipynb: not a regular file: a named pipe",
		"pipe2: pipe2/01.ipynb: not a regular file: a named pipe",
		"zero: zero.ipynb: a link that leaves the class folder (to /dev/zero)",
		"copycat: copycat: a link into another learner's entry (ada)",
		"cheat: cheat/01.ipynb: a link that leaves the class folder (to " + filepath.Join(dir, "course/solutions/01.ipynb") + ")",
		"junk: junk.ipynb: not a notebook: invalid character ']' looking for beginning of object key string",
		"big: big/01.ipynb: too large: over 32 MiB",
		"notes: notes.txt: not a notebook",
		"nothing: nothing: a link to nothing",
		"up: up/01.ipynb: a link that leaves the class folder (to " + filepath.Join(dir, "course/solutions/01.ipynb") + ")",
	})
	checkRows(t, "skipped", skipped, []string{
		"twice: twice/a.ipynb: a duplicate: twice/b.ipynb is the newest notebook of project 1",
		"folderloop: folderloop/self: a link to a folder already looked at (a loop, or twice the same)",
	})
}

// Of several notebooks of a project, the newest is graded; of equally new
// ones, the first by path. Other projects are graded each on its own.
func TestFindPicksNewest(t *testing.T) {
	class := t.TempDir()
	tree(t, class, map[string]string{
		"ada/z.ipynb": notebookOf(1, ""), "ada/b.ipynb": notebookOf(1, ""), "ada/a.ipynb": notebookOf(1, ""),
		"ada/p2.ipynb": notebookOf(2, ""),
	})
	now := time.Now()
	for name, age := range map[string]time.Duration{"z": 2 * time.Hour, "b": time.Hour, "a": time.Hour} {
		os.Chtimes(filepath.Join(class, "ada", name+".ipynb"), now.Add(-age), now.Add(-age))
	}
	subs, bad := findWithin(t, &Finder{}, class)
	got, skipped := rows(class, subs, bad)
	checkRows(t, "rows", got, []string{"ada/a=ada/a.ipynb", "ada/p2=ada/p2.ipynb"})
	checkRows(t, "skipped", skipped, []string{
		"ada/a: ada/b.ipynb: a duplicate: ada/a.ipynb is the newest notebook of project 1",
		"ada/a: ada/z.ipynb: a duplicate: ada/a.ipynb is the newest notebook of project 1",
	})
	// -project 1 makes every notebook project 1's: one is graded.
	subs, bad = findWithin(t, &Finder{Project: 1}, class)
	got, _ = rows(class, subs, bad)
	checkRows(t, "rows with -project 1", got, []string{"ada=ada/p2.ipynb"})
}

// A file the grader may not read is a row of its own. Root reads every
// file, so this runs only as another user.
func TestFindUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	class := t.TempDir()
	tree(t, class, map[string]string{"ada.ipynb": notebookOf(1, ""), "bob.ipynb": notebookOf(1, "")})
	if err := os.Chmod(filepath.Join(class, "bob.ipynb"), 0); err != nil {
		t.Fatal(err)
	}
	subs, bad := findWithin(t, &Finder{}, class)
	got, _ := rows(class, subs, bad)
	checkRows(t, "rows", got, []string{"ada=ada.ipynb", "bob: bob.ipynb: unreadable: permission denied"})
}

// The CSV neutralises what a spreadsheet would run; the JSON keeps the
// name as it is.
func TestOutputsNeutraliseFormulas(t *testing.T) {
	names := []string{`=HYPERLINK("http://x","y")`, "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ada"}
	var results []*Result
	for _, n := range names {
		results = append(results, &Result{Learner: n, Error: n})
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for _, l := range lines[1:] {
		if c := l[0]; c == '"' {
			c = l[1]
			if strings.ContainsRune("=+-@\t\r", rune(c)) {
				t.Errorf("CSV row %q begins with %q", l, c)
			}
		} else if strings.ContainsRune("=+-@\t\r", rune(c)) {
			t.Errorf("CSV row %q begins with %q", l, c)
		}
	}
	if !strings.Contains(buf.String(), "\n\"'=HYPERLINK(") || !strings.Contains(buf.String(), "\nada,") {
		t.Errorf("CSV:\n%s", buf.String())
	}
	buf.Reset()
	if err := (&Batch{Results: results}).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := readBatchFrom(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range b.Results {
		if r.Learner != names[i] {
			t.Errorf("JSON learner %q, want %q", r.Learner, names[i])
		}
	}
}

func readBatchFrom(t *testing.T, data []byte) (*Batch, error) {
	path := filepath.Join(t.TempDir(), "b.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return nil, err
	}
	return ReadBatch(path)
}
