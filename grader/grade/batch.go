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

// GradeAll grades the submissions, jobs at a time, and returns their results
// in the order of subs. progress, if set, is called after each one.
func (g *Grader) GradeAll(ctx context.Context, subs []Submission, jobs int, progress func(done int, r *Result)) []*Result {
	results := make([]*Result, len(subs))
	var mu sync.Mutex
	done := 0
	nbrun.Each(ctx, len(subs), jobs, func(i int) {
		s := subs[i]
		r := g.Grade(ctx, s.Learner, s.File)
		r.Path, r.Skipped = s.Path, s.Skipped
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
			results[i] = &Result{Learner: subs[i].Learner, Path: subs[i].Path, Error: "not graded: interrupted", Skipped: subs[i].Skipped}
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
// why a submission could not be graded, and what else of the learner's was
// not graded. A cell that a spreadsheet would take for a formula is
// neutralised (see csvCell).
func WriteCSV(w io.Writer, results []*Result) error {
	levels := levelsOf(results)
	cw := csv.NewWriter(w)
	head := []string{"learner", "project"}
	for _, l := range levels {
		head = append(head, fmt.Sprintf("level %d", l))
	}
	cw.Write(append(head, "total", "max", "error", "not graded"))
	for _, r := range results {
		row := []string{csvCell(r.Learner), strconv.Itoa(r.Project)}
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
		skipped := ""
		if r.Error == "" {
			skipped = strings.Join(r.Skipped, "; ")
		}
		cw.Write(append(row, strconv.Itoa(r.Score), strconv.Itoa(r.MaxScore), csvCell(r.Error), csvCell(skipped)))
	}
	cw.Flush()
	return cw.Error()
}

// csvCell neutralises a cell that a spreadsheet would run as a formula,
// one that begins with =, +, -, @, a tab or a carriage return, by putting a
// single quote before it, as OWASP recommends
// (https://owasp.org/www-community/attacks/CSV_Injection). The JSON
// output keeps the text as it is.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "Graded: %s. Not graded:\n\n", r.Path)
		for _, s := range r.Skipped {
			fmt.Fprintf(w, "- %s\n", s)
		}
		fmt.Fprintln(w)
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

// WriteFeedback writes a feedback file per learner into dir, each whole
// or not at all (see WriteFile).
func WriteFeedback(dir string, results []*Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, r := range results {
		path := filepath.Join(dir, strings.ReplaceAll(r.Learner, "/", "_")+".md")
		err := WriteFile(path, func(w io.Writer) error {
			Feedback(w, r)
			return nil
		})
		if err != nil {
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
	hash := func(path string, data []byte) {
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
		h.Write(data)
	}
	add := func(path string) error {
		data, err := os.ReadFile(path)
		hash(path, data)
		return err
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
		data, _, err := readRegular(p, MaxNotebook)
		if err != nil {
			return "", fmt.Errorf("%s: %v", p, err)
		}
		hash(p, data)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}
