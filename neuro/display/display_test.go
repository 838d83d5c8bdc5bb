package display_test

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/neurogo/course/neuro/display"
)

// program is the environment variable that makes the test binary run as
// a cell's program instead of running the tests.
const program = "DISPLAY_TEST_PROGRAM"

func TestMain(m *testing.M) {
	switch os.Getenv(program) {
	case "":
		os.Exit(m.Run())
	case "mixed":
		// A learner's code that shows something through gonbui and
		// waits for it, a course check, then more of the learner's.
		gonbui.DisplayHTML("learner before")
		gonbui.Sync()
		display.HTML("check")
		display.Sync()
		gonbui.DisplayHTML("learner after")
		gonbui.Sync()
	case "course":
		display.Send(map[protocol.MIMEType]any{protocol.MIMETextHTML: "figure", protocol.MIMEImagePNG: []byte{1, 2, 3}})
		display.Sync()
	}
}

// TestWithGonbui runs a program as GoNB does, with a kernel that reads its
// pipe as GoNB's does (one gob decoder, which fails on a second stream's
// type definitions), while the program displays through this package and,
// as a learner's code may, through gonbui. Every display must arrive, in
// order, and the program must end.
func TestWithGonbui(t *testing.T) {
	got := runCell(t, "mixed")
	want := []string{"learner before", "check", "learner after"}
	if !slices.Equal(got, want) {
		t.Errorf("the kernel got %q, want %q", got, want)
	}
}

// TestSend runs a program that shows one output of two MIME types.
func TestSend(t *testing.T) {
	if got := runCell(t, "course"); !slices.Equal(got, []string{"figure", "image/png 3 bytes"}) {
		t.Errorf("the kernel got %q", got)
	}
}

// TestOutsideNotebook: outside GoNB nothing is sent and Sync returns.
func TestOutsideNotebook(t *testing.T) {
	if display.IsNotebook {
		t.Fatal("IsNotebook outside GoNB")
	}
	display.HTML("nowhere")
	display.Sync()
}

// runCell runs the test binary as the program of a cell in mode (see
// runProgram).
func runCell(t *testing.T, mode string) []string {
	t.Helper()
	return runProgram(t, os.Args[0], program+"="+mode)
}

// runProgram runs the program at path, with the variables env added to its
// environment, playing GoNB's kernel: it makes the two named pipes, reads
// displays from the first and acknowledges sync requests on the second. It
// returns the HTML (and a note of each PNG) the kernel got, in order.
func runProgram(t testing.TB, path string, env ...string) []string {
	t.Helper()
	dir := t.TempDir()
	toKernel, fromKernel := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{toKernel, fromKernel} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skip("no named pipes:", err)
		}
	}
	cmd := exec.Command(path)
	cmd.Env = append(append(os.Environ(), env...),
		protocol.GONB_PIPE_ENV+"="+toKernel, protocol.GONB_PIPE_BACK_ENV+"="+fromKernel)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	back := make(chan *gob.Encoder, 1)
	go func() {
		w, err := os.OpenFile(fromKernel, os.O_WRONLY, 0)
		if err != nil {
			close(back)
			return
		}
		back <- gob.NewEncoder(w)
	}()
	type result struct {
		shown []string
		err   error
	}
	read := make(chan result, 1)
	go func() {
		var res result
		defer func() { read <- res }()
		r, err := os.Open(toKernel)
		if err != nil {
			res.err = err
			return
		}
		defer r.Close()
		dec := gob.NewDecoder(r)
		var enc *gob.Encoder
		for {
			var d protocol.DisplayData
			if err := dec.Decode(&d); err != nil {
				if !errors.Is(err, io.EOF) {
					res.err = err
				}
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue); ok && v.Address == protocol.GonbuiSyncAddress {
				if enc == nil {
					enc = <-back
				}
				enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value})
				continue
			}
			if html, ok := d.Data[protocol.MIMETextHTML].(string); ok {
				res.shown = append(res.shown, html)
			}
			if png, ok := d.Data[protocol.MIMEImagePNG].([]byte); ok {
				res.shown = append(res.shown, fmt.Sprintf("image/png %d bytes", len(png)))
			}
		}
	}()

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the program failed: %v", err)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the program hung")
	}
	res := <-read
	if res.err != nil {
		t.Fatalf("the kernel stopped reading: %v", res.err)
	}
	return res.shown
}
