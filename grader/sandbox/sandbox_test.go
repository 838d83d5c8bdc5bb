package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// need skips a test where no sandbox can be had, and fails it under CI,
// whose .ci/run installs bubblewrap.
func need(t *testing.T) {
	t.Helper()
	if err := Check(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// TestConfinement runs a shell in a sandbox as a learner's code would run,
// and tries what a dishonest one would try.
func TestConfinement(t *testing.T) {
	need(t)
	secret := t.TempDir() // another learner's folder, the grader's outputs
	if err := os.WriteFile(filepath.Join(secret, "answer"), []byte("42"), 0o644); err != nil {
		t.Fatal(err)
	}
	course := t.TempDir()
	if err := os.WriteFile(filepath.Join(course, "levels.go"), []byte("package x"), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	s := &Sandbox{
		ReadOnly: []string{course},
		Writable: []string{work},
		Scratch:  &Scratch{Path: "/scratch", Size: 1 << 20},
		Env:      []string{"PATH=/usr/bin:/bin"},
		Dir:      work,
	}
	try := func(script string) (string, error) {
		args := s.Args("/bin/sh", "-c", script)
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	for _, c := range []struct{ what, script string }{
		{"read a folder it was not given", "cat " + filepath.Join(secret, "answer")},
		{"write the read-only course", "echo x >> " + filepath.Join(course, "levels.go")},
		{"see the grader's processes", "grep -qs 'sandbox[.]test' /proc/[0-9]*/cmdline"},
		{"reach the network", "exec 3<>/dev/tcp/1.1.1.1/80"},
		{"fill its scratch past its size", "head -c 2000000 /dev/zero > /scratch/big"},
		{"inherit the grader's environment", `test -z "$HOME$GOFLAGS$CI"`},
	} {
		// Each script succeeds only if the sandbox failed to stop it; the
		// last one succeeds when nothing was inherited, so it is reversed.
		out, err := try(c.script)
		stopped := err != nil
		if c.what == "inherit the grader's environment" {
			stopped = !stopped
		}
		if !stopped {
			t.Errorf("the sandbox let its command %s: %s", c.what, out)
		}
	}
	if out, err := try("echo ok > out && cat out && echo tmp > /scratch/f && cat /scratch/f"); err != nil || out != "ok\ntmp" {
		t.Errorf("the sandbox could not write its own folders: %v: %s", err, out)
	}
	if data, _ := os.ReadFile(filepath.Join(course, "levels.go")); string(data) != "package x" {
		t.Errorf("the read-only course changed: %q", data)
	}
}

// TestNothingOutlives starts a detached process in a sandbox that tries to
// outlive it, and checks that it is gone when the sandbox ends.
func TestNothingOutlives(t *testing.T) {
	need(t)
	work := t.TempDir()
	s := &Sandbox{Writable: []string{work}, Env: []string{"PATH=/usr/bin:/bin"}, Dir: work}
	// The detached loop writes to a file of the grader's machine once a
	// tenth of a second for as long as it lives.
	args := s.Args("/bin/sh", "-c", "setsid sh -c 'while :; do date +%s%N > alive; sleep 0.1; done' </dev/null >/dev/null 2>&1 & sleep 0.5")
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	first, err := os.ReadFile(filepath.Join(work, "alive"))
	if err != nil {
		t.Fatalf("the detached process never ran: %v", err)
	}
	exec.Command("sleep", "0.5").Run()
	if last, _ := os.ReadFile(filepath.Join(work, "alive")); string(last) != string(first) {
		t.Errorf("a process of the sandbox still runs after it ended")
	}
}

// TestLimits floods a sandbox held by a control group with processes and
// with memory, and checks that the group stops both and leaves nothing.
func TestLimits(t *testing.T) {
	need(t)
	limits := Limits{Memory: 64 << 20, Processes: 32}
	cg, err := NewCgroup(limits)
	if err != nil {
		if os.Getenv("CI") != "" && os.Geteuid() == 0 {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	defer func() {
		if err := cg.Remove(); err != nil {
			t.Error(err)
		}
	}()
	work := t.TempDir()
	s := &Sandbox{Writable: []string{work}, Env: []string{"PATH=/usr/bin:/bin"}, Dir: work}
	run := func(wrap bool, script string) (string, error) {
		args := s.Args("/bin/sh", "-c", script)
		if wrap {
			args = cg.Wrap(args)
		}
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	// 100 sleepers at once: the group refuses the forks past its limit
	// and counts them in pids.events.
	run(true, "for i in $(seq 100); do sleep 2 & done 2>/dev/null; echo done")
	refused := 0
	for _, d := range cg.dirs {
		data, _ := os.ReadFile(filepath.Join(d, "pids.events"))
		if f := strings.Fields(string(data)); len(f) == 2 && f[0] == "max" {
			refused, _ = strconv.Atoi(f[1])
		}
	}
	if refused == 0 {
		t.Errorf("100 processes in a group of at most %d, and no fork refused", limits.Processes)
	}
	// 256 MB in memory: the kernel kills the shell.
	if out, err := run(true, "x=$(head -c 268435456 /dev/zero | tr '\\0' a); echo ${#x}"); err == nil {
		t.Errorf("a sandbox of %d MB held 256 MB: %s", limits.Memory>>20, out)
	}
}
