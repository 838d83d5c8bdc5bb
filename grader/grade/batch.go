package grade

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/neuro/check"
)

// A Batch is the grades of a set of submissions: what a shard writes and
// what Merge reads.
type Batch struct {
	Seed    string    `json:"seed"`   // the seed every check ran with
	Course  string    `json:"course"` // Course.Version
	Shard   string    `json:"shard,omitempty"`
	Results []*Result `json:"results"`
}

// A Submission is one learner's notebook.
type Submission struct {
	Learner string // names the learner in results, seeds and output folders
	Path    string
}

// FindSubmissions finds the notebooks that args name. A notebook named
// alone is its file's learner. In a folder, a notebook directly inside is
// its file's learner (a flat class folder); every subfolder is one learner,
// whatever the depth of the notebooks in it (nbgrader's
// submitted/LEARNER/ASSIGNMENT/, most LMS exports), with the learner and
// the notebook's path under it as its name when it holds several. A folder
// or learner with no notebook is an error row, not a failure of the run.
// Hidden folders, such as Jupyter's .ipynb_checkpoints, are skipped.
func FindSubmissions(args []string) ([]Submission, []*Result) {
	var subs []Submission
	var bad []*Result
	fail := func(learner, path, msg string) {
		bad = append(bad, &Result{Learner: learner, Path: path, Error: msg})
	}
	for _, a := range args {
		info, err := os.Stat(a)
		switch {
		case err != nil:
			fail(stem(a), a, "no such file or folder")
			continue
		case !info.IsDir():
			subs = append(subs, Submission{stem(a), a})
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			fail(filepath.Base(a), a, err.Error())
			continue
		}
		found := false
		for _, e := range entries {
			path := filepath.Join(a, e.Name())
			switch {
			case strings.HasPrefix(e.Name(), "."):
			case !e.IsDir() && strings.HasSuffix(e.Name(), ".ipynb"):
				subs, found = append(subs, Submission{stem(path), path}), true
			case e.IsDir():
				nbs := notebooksUnder(path)
				for _, nb := range nbs {
					learner := e.Name()
					if len(nbs) > 1 {
						rel, _ := filepath.Rel(path, nb)
						learner += "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".ipynb")
					}
					subs = append(subs, Submission{learner, nb})
				}
				if len(nbs) == 0 {
					fail(e.Name(), path, "no notebook in this learner's folder")
				}
				found = true
			}
		}
		if !found {
			fail(filepath.Base(a), a, "no notebooks in this folder")
		}
	}
	// Two learners of one name (the same file name in two folders given)
	// are told apart by their paths.
	count := map[string]int{}
	for _, s := range subs {
		count[s.Learner]++
	}
	for i, s := range subs {
		if count[s.Learner] > 1 {
			subs[i].Learner = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(s.Path)), ".ipynb")
		}
	}
	return subs, bad
}

// notebooksUnder lists the notebooks in the folder dir at any depth, in
// order, but those in hidden folders.
func notebooksUnder(dir string) []string {
	var nbs []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != dir:
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(path, ".ipynb"):
			nbs = append(nbs, path)
		}
		return nil
	})
	return nbs
}

// stem is a file's name without its extension.
func stem(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// GradeAll grades the submissions, jobs at a time, and returns their results
// in the order of subs. progress, if set, is called after each one.
func (g *Grader) GradeAll(ctx context.Context, subs []Submission, jobs int, progress func(done int, r *Result)) []*Result {
	results := make([]*Result, len(subs))
	var mu sync.Mutex
	done := 0
	nbrun.Each(ctx, len(subs), jobs, func(i int) {
		r := g.Grade(ctx, subs[i].Learner, subs[i].Path)
		mu.Lock()
		defer mu.Unlock()
		results[i] = r
		done++
		if progress != nil {
			progress(done, r)
		}
	})
	for i, r := range results {
		if r == nil {
			results[i] = &Result{Learner: subs[i].Learner, Path: subs[i].Path, Error: "not graded: interrupted"}
		}
	}
	return results
}

// Shard returns the part i (0 ≤ i < n) of the submissions sorted by path:
// every n-th from the i-th on. Every machine of a batch job that lists the
// same submissions gets a different part, and together they get all.
func Shard(subs []Submission, i, n int) []Submission {
	sorted := slices.Clone(subs)
	slices.SortFunc(sorted, func(a, b Submission) int { return strings.Compare(a.Path, b.Path) })
	var part []Submission
	for k, s := range sorted {
		if k%n == i {
			part = append(part, s)
		}
	}
	return part
}

// ParseShard reads "i/n".
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("bad shard %q: want i/n with 0 ≤ i < n", s)
	}
	return i, n, nil
}

// Merge joins the batches of the shards of one grading run. They must have
// the same seed and course version.
func Merge(batches []*Batch) (*Batch, error) {
	if len(batches) == 0 {
		return nil, errors.New("nothing to merge")
	}
	out := &Batch{Seed: batches[0].Seed, Course: batches[0].Course}
	for _, b := range batches {
		if b.Seed != out.Seed || b.Course != out.Course {
			return nil, fmt.Errorf("shard %s was graded with seed %s and course %s, shard %s with seed %s and course %s: grade them again with one -seed",
				batches[0].Shard, out.Seed, out.Course, b.Shard, b.Seed, b.Course)
		}
		out.Results = append(out.Results, b.Results...)
	}
	slices.SortFunc(out.Results, func(a, b *Result) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// ReadBatch reads a batch written as JSON.
func ReadBatch(path string) (*Batch, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Batch
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a grading batch: %v", path, err)
	}
	return &b, nil
}

// WriteJSON writes the batch as indented JSON.
func (b *Batch) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// levelsOf returns the levels that any result has, in order.
func levelsOf(results []*Result) []int {
	var levels []int
	for _, r := range results {
		for _, l := range r.Levels {
			if !slices.Contains(levels, l.Level) {
				levels = append(levels, l.Level)
			}
		}
	}
	slices.Sort(levels)
	return levels
}

// WriteCSV writes a row per learner: project, a column per level (1 for a
// pass, 0 otherwise, empty where the project has no such level), the total,
// and why a submission could not be graded.
func WriteCSV(w io.Writer, results []*Result) error {
	levels := levelsOf(results)
	cw := csv.NewWriter(w)
	head := []string{"learner", "project"}
	for _, l := range levels {
		head = append(head, fmt.Sprintf("level %d", l))
	}
	cw.Write(append(head, "total", "max", "error"))
	for _, r := range results {
		row := []string{r.Learner, strconv.Itoa(r.Project)}
		for _, l := range levels {
			cell := ""
			for _, v := range r.Levels {
				if v.Level == l {
					cell = "0"
					if v.Status == check.Passed {
						cell = "1"
					}
				}
			}
			row = append(row, cell)
		}
		cw.Write(append(row, strconv.Itoa(r.Score), strconv.Itoa(r.MaxScore), r.Error))
	}
	cw.Flush()
	return cw.Error()
}

// gradescope is the autograder results format of Gradescope: a score and a
// test per level.
type gradescope struct {
	Score  float64          `json:"score"`
	Output string           `json:"output,omitempty"`
	Tests  []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Name     string  `json:"name"`
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Status   string  `json:"status"` // Gradescope's "passed" or "failed"
	Output   string  `json:"output,omitempty"`
}

// WriteGradescope writes one result in Gradescope's results.json format:
// one point per level.
func WriteGradescope(w io.Writer, r *Result) error {
	out := gradescope{Score: float64(r.Score), Tests: []gradescopeTest{}}
	if r.Error != "" {
		out.Output = "This notebook could not be graded: " + r.Error
	} else {
		out.Output = fmt.Sprintf("Project %d: %d of %d levels passed.", r.Project, r.Score, r.MaxScore)
	}
	for _, l := range r.Levels {
		t := gradescopeTest{Name: fmt.Sprintf("Level %d · %s", l.Level, l.Title), MaxScore: 1, Status: "failed",
			Output: string(l.Status) + ": " + l.Message}
		if l.Status == check.Passed {
			t.Score, t.Status = 1, "passed"
		}
		out.Tests = append(out.Tests, t)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Feedback writes a learner's feedback as Markdown: every level's status
// and message.
func Feedback(w io.Writer, r *Result) {
	fmt.Fprintf(w, "# Feedback for %s\n\n", r.Learner)
	if r.Error != "" {
		fmt.Fprintf(w, "This notebook could not be graded: %s\n", r.Error)
		return
	}
	fmt.Fprintf(w, "Project %d: **%d of %d levels passed.**\n", r.Project, r.Score, r.MaxScore)
	if len(r.Notes) > 0 {
		fmt.Fprintf(w, "\nNot run:\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
	for _, l := range r.Levels {
		fmt.Fprintf(w, "\n## Level %d · %s: %s\n\n", l.Level, l.Title, l.Status)
		if l.Message != "" {
			fmt.Fprintf(w, "```\n%s\n```\n", l.Message)
		}
	}
}

// WriteFeedback writes a feedback file per learner into dir.
func WriteFeedback(dir string, results []*Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, r := range results {
		f, err := os.Create(filepath.Join(dir, strings.ReplaceAll(r.Learner, "/", "_")+".md"))
		if err != nil {
			return err
		}
		Feedback(f, r)
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// Fingerprint hashes the course's files (its module, neuro/, solutions/
// and grader/) and the submissions at paths: the grader refuses to report
// a run after which the fingerprint changed.
func Fingerprint(root string, paths []string) (string, error) {
	h := sha256.New()
	add := func(path string) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
		h.Write(data)
		return nil
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := add(filepath.Join(root, f)); err != nil {
			return "", err
		}
	}
	for _, dir := range []string{"neuro", "solutions", "grader"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			return add(path)
		})
		if err != nil {
			return "", err
		}
	}
	for _, p := range paths {
		if err := add(p); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
