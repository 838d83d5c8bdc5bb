package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neurogo/course/grader/notebook"
)

// prebuilt is where gonb and goimports may already be built.
const prebuilt = "/tmp/nbcache/bin"

// goCmd runs the go command in the module root and returns its output.
func goCmd(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(out)))
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// binDir returns a directory holding the gonb and goimports binaries,
// building them if they are not prebuilt.
func binDir(t *testing.T) string {
	_, err1 := os.Stat(filepath.Join(prebuilt, "gonb"))
	_, err2 := os.Stat(filepath.Join(prebuilt, "goimports"))
	if err1 == nil && err2 == nil {
		return prebuilt
	}
	dir := t.TempDir()
	goCmd(t, "build", "-o", dir, "github.com/janpfeifer/gonb", "golang.org/x/tools/cmd/goimports")
	return dir
}

// startGoNB starts a GoNB kernel that is shut down when the test ends.
// The kernel's log is shown if the test fails.
func startGoNB(t *testing.T) *Kernel {
	t.Helper()
	bin := binDir(t)
	return startKernel(t, bin, filepath.Join(bin, "gonb"), "--kernel", "{connection_file}")
}

// startKernel starts the kernel argv, with bin first on PATH, as startGoNB
// does.
func startKernel(t *testing.T, bin string, argv ...string) *Kernel {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "gonb.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		log.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("kernel log:\n%s", b)
		}
	})
	k, err := Start(context.Background(), Options{
		Argv: argv,
		Dir:  t.TempDir(),
		Env: append(os.Environ(),
			"PATH="+bin+string(filepath.ListSeparator)+os.Getenv("PATH"),
			// GoNB leaves files in its temporary directory when killed.
			"TMPDIR="+t.TempDir()),
		Stderr: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Shutdown() })
	return k
}

// run executes code and fails the test if the kernel cannot be talked to.
func run(t *testing.T, k *Kernel, code string) *Result {
	t.Helper()
	res, err := k.Execute(context.Background(), code, time.Minute)
	if err != nil {
		t.Fatalf("Execute(%q): %v", code, err)
	}
	return res
}

// find returns the first output of type typ, or nil.
func find(res *Result, typ string) *notebook.Output {
	for _, o := range res.Outputs {
		if o.Type == typ {
			return o
		}
	}
	return nil
}

// dump shows the outputs of a cell for a failure message.
func dump(res *Result) string {
	b, _ := json.MarshalIndent(res, "", "  ")
	return string(b)
}

// TestStartRetry starts a kernel whose first start fails, as when another
// process takes one of its ports, and checks that Start tries again.
func TestStartRetry(t *testing.T) {
	bin := binDir(t)
	tried := filepath.Join(t.TempDir(), "tried")
	script := `if [ ! -e "$1" ]; then touch "$1"; exit 3; fi; exec gonb --kernel "$2"`
	k := startKernel(t, bin, "sh", "-c", script, "sh", tried, "{connection_file}")
	if res := run(t, k, "%%\nfmt.Println(1+1)"); !strings.Contains(dump(res), "2") {
		t.Errorf("after a retried start the kernel printed %s, want 2", dump(res))
	}
}

// TestStartGivesUp checks that a kernel that never starts is tried
// startAttempts times and reported.
func TestStartGivesUp(t *testing.T) {
	count := filepath.Join(t.TempDir(), "count")
	_, err := Start(context.Background(), Options{
		Argv: []string{"sh", "-c", `echo x >> "$1"; exit 3`, "sh", count},
	})
	if err == nil || !strings.Contains(err.Error(), "exited") {
		t.Errorf("Start of a failing kernel: error %v, want one saying it exited", err)
	}
	b, _ := os.ReadFile(count)
	if n := strings.Count(string(b), "x"); n != startAttempts {
		t.Errorf("the failing kernel was started %d times, want %d", n, startAttempts)
	}
}

func TestGoNB(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	k := startGoNB(t)

	t.Run("Stream", func(t *testing.T) {
		res := run(t, k, "%%\nfmt.Println(\"hello\")\nfmt.Println(\"world\")")
		if res.Status != "ok" || len(res.Outputs) != 1 {
			t.Fatalf("got %s", dump(res))
		}
		o := res.Outputs[0]
		if o.Type != notebook.Stream || o.Name != "stdout" || o.Text != "hello\nworld\n" {
			t.Errorf("got %s, want stdout stream \"hello\\nworld\\n\"", dump(res))
		}
		if res.ExecutionCount < 1 {
			t.Errorf("ExecutionCount = %d", res.ExecutionCount)
		}
	})

	t.Run("Latency", func(t *testing.T) {
		for i := range 5 {
			res := run(t, k, "%%\nfmt.Println(1)")
			if res.Status != "ok" {
				t.Fatalf("got %s", dump(res))
			}
			t.Logf("run %d: %v", i+1, res.Duration)
		}
	})

	t.Run("DisplayData", func(t *testing.T) {
		// Pin gonbui to the version of the kernel, so that the cell's
		// go.mod need not ask the module proxy for the latest version.
		version := goCmd(t, "list", "-m", "-f", "{{.Version}}", "github.com/janpfeifer/gonb")
		if res := run(t, k, "!*go get github.com/janpfeifer/gonb@"+version); res.Status != "ok" {
			t.Fatalf("go get: %s", dump(res))
		}
		res := run(t, k, "import \"github.com/janpfeifer/gonb/gonbui\"\n\n%%\ngonbui.DisplayHTML(\"<b>hi</b>\")")
		o := find(res, notebook.DisplayData)
		if res.Status != "ok" || o == nil || o.Data["text/html"] != "<b>hi</b>" {
			t.Errorf("got %s, want display_data with text/html <b>hi</b>", dump(res))
		}
	})

	t.Run("CompileError", func(t *testing.T) {
		res := run(t, k, "%%\nfmt.Println(undefinedName)")
		o := find(res, notebook.Error)
		if res.Status != "error" || o == nil {
			t.Fatalf("got %s, want status error and an error output", dump(res))
		}
		t.Logf("error output: ename=%q evalue=%q", o.EName, o.EValue)
		if b, _ := json.Marshal(res.Outputs); !strings.Contains(string(b), "undefined: undefinedName") {
			t.Errorf("no output mentions the compiler error: %s", dump(res))
		}
	})

	t.Run("Panic", func(t *testing.T) {
		res := run(t, k, "%%\npanic(\"boom\")")
		o := find(res, notebook.Error)
		if res.Status != "error" || o == nil {
			t.Fatalf("got %s, want status error and an error output", dump(res))
		}
		t.Logf("error output: ename=%q evalue=%q", o.EName, o.EValue)
		if s := find(res, notebook.Stream); s == nil || s.Name != "stderr" || !strings.Contains(string(s.Text), "panic: boom") {
			t.Errorf("got %s, want the panic on stderr", dump(res))
		}
	})

	t.Run("AfterError", func(t *testing.T) {
		if res := run(t, k, "func Twice(x int) int { return 2*x }"); res.Status != "ok" {
			t.Fatalf("declaring Twice: %s", dump(res))
		}
		if res := run(t, k, "%%\nfmt.Println(Twice(\"x\"))"); res.Status != "error" {
			t.Fatalf("failing cell: %s", dump(res))
		}
		res := run(t, k, "%%\nfmt.Println(Twice(21))")
		if res.Status != "ok" || len(res.Outputs) != 1 || res.Outputs[0].Text != "42\n" {
			t.Errorf("got %s, want 42", dump(res))
		}
	})

	t.Run("Interrupt", func(t *testing.T) {
		res, err := k.Execute(context.Background(), "%%\nfor {}", 3*time.Second)
		if err != nil {
			t.Fatalf("Execute: %v (the kernel was killed: interrupt_request did not work)", err)
		}
		t.Logf("interrupted after %v by interrupt_request; status %q, outputs %s", res.Duration, res.Status, dump(res))
		if !res.TimedOut {
			t.Errorf("TimedOut = false")
		}
		if res.Duration > 20*time.Second {
			t.Errorf("Duration = %v, want well under 20s", res.Duration)
		}
		if !k.Alive() {
			t.Fatal("kernel died")
		}
		res = run(t, k, "%%\nfmt.Println(\"after\")")
		if res.Status != "ok" || len(res.Outputs) != 1 || res.Outputs[0].Text != "after\n" {
			t.Errorf("cell after interrupt: got %s, want \"after\"", dump(res))
		}
	})

	t.Run("Shutdown", func(t *testing.T) {
		// Shut down while a cell program runs: it must die too.
		done := make(chan error)
		go func() {
			_, err := k.Execute(context.Background(), "%%\ntime.Sleep(time.Hour)", 0)
			done <- err
		}()
		pgid := k.cmd.Process.Pid
		// GoNB names the program it compiles from a cell gonb_<id>.
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
			live, err := liveMembers(pgid)
			if err != nil {
				time.Sleep(2 * time.Second) // no /proc: give the cell time to start
				break
			}
			if strings.Contains(strings.Join(live, "\n"), "(gonb_") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the cell program did not start:\n%s", strings.Join(live, "\n"))
			}
		}
		if err := k.Shutdown(); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-done; err == nil {
			t.Errorf("Execute during Shutdown returned no error")
		}
		if k.Alive() {
			t.Errorf("Alive after Shutdown")
		}
		if live, err := liveMembers(pgid); err != nil {
			t.Logf("cannot list processes: %v", err)
		} else if len(live) > 0 {
			t.Errorf("process group %d still has running processes:\n%s", pgid, strings.Join(live, "\n"))
		}
		if _, err := os.Stat(k.dir); !os.IsNotExist(err) {
			t.Errorf("connection file directory still exists: %v", err)
		}
		if err := k.Shutdown(); err != nil {
			t.Errorf("second Shutdown: %v", err)
		}
		if _, err := k.Execute(context.Background(), "%%\n", 0); err == nil {
			t.Errorf("Execute after Shutdown returned no error")
		}
		// Goroutines of the sockets may take a moment to end. This
		// subtest's goroutine was not there before.
		for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > goroutines+1; {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("%d goroutines before Start, %d after Shutdown (with this subtest):\n%s",
					goroutines, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// liveMembers lists the processes of a process group that are not zombies,
// from /proc/*/stat. Killed processes whose parent died first stay zombies
// until init reaps them, which may take a while.
func liveMembers(pgid int) ([]string, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return nil, errors.New("no /proc")
	}
	var live []string
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // exited meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may contain anything.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) && f[0] != "Z" {
			live = append(live, s)
		}
	}
	return live, nil
}

func TestWire(t *testing.T) {
	k := &Kernel{key: []byte("secret"), session: "s"}
	id, frames, err := k.encode("execute_request", nil, map[string]string{"code": "x"})
	if err != nil {
		t.Fatal(err)
	}
	// A router identity comes first on the wire.
	frames = append([][]byte{[]byte("identity")}, frames...)
	m, err := k.decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if m.header.MsgID != id || m.header.MsgType != "execute_request" || m.header.Version != protocolVersion ||
		m.parent.MsgID != "" || string(m.content) != `{"code":"x"}` {
		t.Errorf("decoded %+v", m)
	}
	other := &Kernel{key: []byte("other")}
	if _, err := other.decode(frames); err == nil {
		t.Errorf("message with another key accepted")
	}
	if _, err := k.decode(frames[:len(frames)-1]); err == nil {
		t.Errorf("message without content accepted")
	}
	frames[len(frames)-1] = []byte(`{"code":"y"}`)
	if _, err := k.decode(frames); err == nil {
		t.Errorf("tampered message accepted")
	}
}

func TestOutputs(t *testing.T) {
	msg := func(typ, content string) *message {
		return &message{header: header{MsgType: typ}, content: json.RawMessage(content)}
	}
	tests := []struct {
		name string
		msgs []*message
		want string
	}{
		{"merge streams", []*message{
			msg("stream", `{"name":"stdout","text":"a"}`),
			msg("stream", `{"name":"stdout","text":"b\n"}`),
			msg("stream", `{"name":"stderr","text":"c"}`),
			msg("stream", `{"name":"stdout","text":"d"}`),
		}, `[{"output_type":"stream","name":"stdout","text":["ab\n"]},` +
			`{"output_type":"stream","name":"stderr","text":["c"]},` +
			`{"output_type":"stream","name":"stdout","text":["d"]}]`},
		{"ignore others", []*message{
			msg("execute_input", `{"code":"x"}`),
			msg("comm_msg", `{"comm_id":"1","data":{}}`),
			msg("execute_result", `{"execution_count":3,"data":{"text/plain":"3"},"metadata":{}}`),
		}, `[{"output_type":"execute_result","data":{"text/plain":"3"},"execution_count":3}]`},
		{"clear", []*message{
			msg("stream", `{"name":"stdout","text":"a"}`),
			msg("clear_output", `{"wait":false}`),
			msg("error", `{"ename":"E","evalue":"v","traceback":["t"]}`),
		}, `[{"output_type":"error","ename":"E","evalue":"v","traceback":["t"]}]`},
		{"clear and wait", []*message{
			msg("stream", `{"name":"stdout","text":"a"}`),
			msg("clear_output", `{"wait":true}`),
			msg("update_display_data", `{"data":{"text/plain":"x"},"transient":{"display_id":"d"}}`),
		}, `[{"output_type":"stream","name":"stdout","text":["a"]}]`},
		{"clear when the next output comes", []*message{
			msg("stream", `{"name":"stdout","text":"a"}`),
			msg("clear_output", `{"wait":true}`),
			msg("stream", `{"name":"stdout","text":"b"}`),
		}, `[{"output_type":"stream","name":"stdout","text":["b"]}]`},
		{"update display", []*message{
			msg("display_data", `{"data":{"text/plain":"1"},"transient":{"display_id":"d"}}`),
			msg("display_data", `{"data":{"text/plain":"2"},"transient":{}}`),
			msg("update_display_data", `{"data":{"text/plain":"3"},"transient":{"display_id":"d"}}`),
			msg("update_display_data", `{"data":{"text/plain":"4"},"transient":{"display_id":"e"}}`),
		}, `[{"output_type":"display_data","data":{"text/plain":"3"}},` +
			`{"output_type":"display_data","data":{"text/plain":"2"}}]`},
		{"cap", []*message{
			msg("stream", `{"name":"stdout","text":"0123456789"}`),
			msg("stream", `{"name":"stdout","text":"0123456789"}`),
			msg("stream", `{"name":"stdout","text":"0123456789"}`),
			msg("display_data", `{"data":{"text/plain":"kept"}}`),
			msg("error", `{"ename":"E","evalue":"v","traceback":["t"]}`),
		}, `[{"output_type":"stream","name":"stdout","text":["0123456789"]},` +
			`{"output_type":"stream","name":"stderr","text":["\n","[stream output past 60 bytes dropped]\n"]},` +
			`{"output_type":"display_data","data":{"text/plain":"kept"}},` +
			`{"output_type":"error","ename":"E","evalue":"v","traceback":["t"]}]`},
	}
	for _, tt := range tests {
		o := outputs{}
		if tt.name == "cap" {
			o.streamLimit, o.displayLimit = 60, 1000
		}
		for _, m := range tt.msgs {
			o.add(m)
		}
		got, err := json.Marshal(o.list)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
