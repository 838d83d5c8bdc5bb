// Package coursegrade grades every notebook of the course, each project's
// solution and learner notebook, through grader grade's sandboxed fast
// path. It is a test binary of its own so that go test runs it beside the
// grade package's tests, not after them.
package coursegrade

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/grade"
	"github.com/neurogo/course/grader/nbrun"
	_ "github.com/neurogo/course/grader/projects"
	"github.com/neurogo/course/grader/sandbox"
	"github.com/neurogo/course/neuro/check"
)

// Every project's solution notebook grades full marks, and its learner
// notebook nothing, each level not yet implemented, on the fast path (one
// program per notebook).
func TestGradeEveryProject(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	if err := sandbox.Check(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("grading needs a sandbox: %v", err)
		}
		t.Skipf("grading needs a sandbox: %v", err)
	}
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	c, err := grade.LoadCourse(root)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := nbrun.Tools(root, nbrun.DefaultCache(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	st, err := grade.Prepare(context.Background(), c, bin, nbrun.DefaultCache(), true, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	// The time limits of grader grade's defaults.
	g := &grade.Grader{Course: c, CheckTimeout: 2 * time.Minute, Stage: st,
		Runner: nbrun.Runner{Bin: bin, Out: t.TempDir(), Timeout: time.Minute, Seed: 20261130}}

	dir := t.TempDir()
	var paths []string
	for _, p := range c.Projects {
		for _, folder := range []string{"solutions", "notebooks"} {
			data, err := os.ReadFile(filepath.Join(root, folder, p.Notebook))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, folder+"-"+p.Notebook)
			if err := os.WriteFile(path, data, 0o444); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	subs, bad := (&grade.Finder{}).Find(paths)
	if len(bad) > 0 {
		t.Fatalf("Find: %s", bad[0].Error)
	}
	start := time.Now()
	results := g.GradeAll(context.Background(), subs, 2, func(done int, r *grade.Result) {
		t.Logf("%2d/%d %-40s %2d/%d isolated=%v %.1f s %s", done, len(subs), r.Learner, r.Score, r.MaxScore, r.Isolated, r.Seconds, r.Error)
	})
	t.Logf("%d notebooks in %.1f s", len(subs), time.Since(start).Seconds())
	for _, r := range results {
		if r.Error != "" {
			t.Errorf("%s: could not be graded: %s", r.Learner, r.Error)
			continue
		}
		n := len(c.Projects[r.Project].Levels)
		score, status := n, check.Passed
		if strings.HasPrefix(r.Learner, "notebooks-") {
			score, status = 0, check.NotImplemented
		}
		if r.Score != score || r.MaxScore != n || r.Isolated {
			t.Errorf("%s: %d/%d isolated=%v, want %d/%d on the fast path", r.Learner, r.Score, r.MaxScore, r.Isolated, score, n)
			continue
		}
		for _, l := range r.Levels {
			if l.Status != status {
				t.Errorf("%s: level %d is %s, want %s: %s", r.Learner, l.Level, l.Status, status, l.Message)
			}
		}
	}
}
