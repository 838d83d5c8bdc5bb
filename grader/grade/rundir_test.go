package grade

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// A grader killed while it writes its outputs leaves the previous results
// whole, and its temporary folder and file are removed by the next run.
// The killed grader is this test's binary run again, as a child that
// makes its run folder and hangs half way through writing grades.csv.
func TestKilledRunLeavesResultsWhole(t *testing.T) {
	if path := os.Getenv("GRADE_TEST_KILLED_WRITE"); path != "" {
		if _, err := NewRunDir(filepath.Dir(path)); err != nil {
			t.Fatal(err)
		}
		WriteFile(path, func(w io.Writer) error {
			w.Write([]byte("learner,project\nhalf of the new res"))
			os.WriteFile(path+".ready", nil, 0o644)
			time.Sleep(time.Hour) // killed here
			return nil
		})
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "grades.csv")
	previous := "learner,project\nada,1\n"
	if err := os.WriteFile(path, []byte(previous), 0o644); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestKilledRunLeavesResultsWhole$")
	child.Env = append(os.Environ(), "GRADE_TEST_KILLED_WRITE="+path)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(path + ".ready"); err == nil {
			break
		}
		if time.Since(start) > time.Minute {
			child.Process.Kill()
			t.Fatal("the child did not start writing")
		}
	}
	child.Process.Kill()
	child.Wait()

	if data, _ := os.ReadFile(path); string(data) != previous {
		t.Errorf("after a killed write grades.csv holds %q, want the previous %q", data, previous)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"+runPrefix+"*"))
	if len(left) != 2 {
		t.Fatalf("the killed run left %q, want its run folder and its half-written file", left)
	}
	// Another run's folder, of a process that is alive (this one), stays.
	mine, err := NewRunDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "learner,project\nbob,1\n"); return err }); err != nil {
		t.Fatal(err)
	}
	left, _ = filepath.Glob(filepath.Join(dir, "*"+runPrefix+"*"))
	if len(left) != 1 || left[0] != mine {
		t.Errorf("after the next run %q are left, want only that run's folder %s", left, mine)
	}
	if data, _ := os.ReadFile(path); string(data) != "learner,project\nbob,1\n" {
		t.Errorf("the next run wrote %q", data)
	}
}
