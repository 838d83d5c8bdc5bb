package grade

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
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
// in the order of paths. progress, if set, is called after each one.
func (g *Grader) GradeAll(ctx context.Context, paths []string, jobs int, progress func(done int, r *Result)) []*Result {
	ids := learnerIDs(paths)
	results := make([]*Result, len(paths))
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := g.Grade(ctx, ids[i], paths[i])
				mu.Lock()
				results[i] = r
				done++
				if progress != nil {
					progress(done, r)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range paths {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for i, r := range results {
		if r == nil {
			results[i] = &Result{Learner: ids[i], Path: paths[i], Error: "not graded: interrupted"}
		}
	}
	return results
}

// learnerIDs names the learners: by file name, or by path where two file
// names are the same.
func learnerIDs(paths []string) []string {
	ids := make([]string, len(paths))
	seen := map[string]int{}
	for i, p := range paths {
		ids[i] = LearnerID(p)
		seen[ids[i]]++
	}
	for i, p := range paths {
		if seen[ids[i]] > 1 {
			ids[i] = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(p)), ".ipynb")
		}
	}
	return ids
}

// Shard returns the part i (0 ≤ i < n) of the sorted paths: every n-th
// path from the i-th on. Every machine of a batch job that lists the same
// submissions gets a different part, and together they get all of them.
func Shard(paths []string, i, n int) []string {
	sorted := slices.Clone(paths)
	slices.Sort(sorted)
	var part []string
	for k, p := range sorted {
		if k%n == i {
			part = append(part, p)
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
					if v.Status == "passed" {
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
	Status   string  `json:"status"` // "passed" or "failed"
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
			Output: l.Status + ": " + l.Message}
		if l.Status == "passed" {
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
