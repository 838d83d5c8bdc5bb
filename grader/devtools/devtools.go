// Package devtools drives headless Chromium from tests, as a reader or a
// learner uses a page: it opens a page, evaluates JavaScript in it, sends
// input events, and collects what the page logs. It speaks the DevTools
// protocol over a pipe (--remote-debugging-pipe): messages are JSON, each
// ended by a NUL byte.
package devtools

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"
)

// Chromium is Debian's chromium, which docker/install.sh --ci installs.
const Chromium = "/usr/bin/chromium"

// A Browser is headless Chromium with one page open.
type Browser struct {
	t       testing.TB
	w       io.Writer
	session string // of the page

	mu      sync.Mutex
	next    int
	replies map[int]chan message
	events  []Event
}

// An Event is a DevTools event the page sent, such as
// "Runtime.exceptionThrown", with its parameters.
type Event struct {
	Method string
	Params json.RawMessage
}

type message struct {
	ID     int
	Method string
	Params json.RawMessage
	Result json.RawMessage
	Error  *struct{ Message string }
}

// Open starts Chromium with url open in a window of size (such as
// "1200,1000") and returns it; it stops with the test. The page's console,
// log and exceptions are recorded from the start (see Events).
func Open(t testing.TB, url, size string, flags ...string) *Browser {
	toChrome, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=" + size, "--remote-debugging-pipe"}, flags...)
	cmd := exec.Command(Chromium, append(args, "about:blank")...)
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // fds 3 and 4
	var log Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toChrome.Close()
	fromChrome.Close()
	t.Cleanup(func() {
		w.Close()
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			out := log.Bytes()
			t.Logf("chromium said:\n%s", out[max(0, len(out)-2000):])
		}
	})
	b := &Browser{t: t, w: w, replies: map[int]chan message{}}
	go b.read(r)

	var target struct{ TargetID string }
	json.Unmarshal(b.Call("Target.createTarget", map[string]any{"url": "about:blank"}), &target)
	var attached struct{ SessionID string }
	json.Unmarshal(b.Call("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}), &attached)
	b.session = attached.SessionID
	for _, domain := range []string{"Runtime", "Log", "Page"} {
		b.Call(domain+".enable", nil)
	}
	b.Call("Page.navigate", map[string]any{"url": url})
	return b
}

// read delivers Chromium's replies to their calls, and keeps the events
// of the page.
func (b *Browser) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m message
		if json.Unmarshal(line[:len(line)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID == 0 {
			b.events = append(b.events, Event{m.Method, m.Params})
			b.mu.Unlock()
			continue
		}
		ch := b.replies[m.ID]
		delete(b.replies, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// Events returns the events the page has sent so far and forgets them.
func (b *Browser) Events() []Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	list := b.events
	b.events = nil
	return list
}

// Call calls a DevTools method, in the page once there is one, and returns
// its result.
func (b *Browser) Call(method string, params any) json.RawMessage {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan message, 1)
	b.replies[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method}
	if params != nil {
		req["params"] = params
	}
	if b.session != "" {
		req["sessionId"] = b.session
	}
	data, _ := json.Marshal(req)
	if _, err := b.w.Write(append(data, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	select {
	case m := <-ch:
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		return m.Result
	case <-ctx.Done():
		b.t.Fatalf("%s: Chromium did not answer within a minute", method)
		return nil
	}
}

// Eval evaluates a JavaScript expression in the page and returns its value
// as JSON.
func (b *Browser) Eval(js string) json.RawMessage {
	b.t.Helper()
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	json.Unmarshal(b.Call("Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true}), &res)
	if e := res.ExceptionDetails; e != nil {
		b.t.Fatalf("%s\n%s %s", js, e.Text, e.Exception.Description)
	}
	return res.Result.Value
}

// EvalInto evaluates a JavaScript expression in the page into v.
func (b *Browser) EvalInto(js string, v any) {
	b.t.Helper()
	if err := json.Unmarshal(b.Eval(js), v); err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
}

// EvalBool evaluates a JavaScript expression in the page, false unless it
// is true.
func (b *Browser) EvalBool(js string) bool {
	b.t.Helper()
	return string(b.Eval(js)) == "true"
}

// WaitFor waits until a JavaScript expression is true in the page, and
// fails the test after timeout.
func (b *Browser) WaitFor(what string, timeout time.Duration, js string) {
	b.t.Helper()
	for start := time.Now(); !b.EvalBool(`(function () { try { return ` + js + `; } catch (e) { return false; } })()`); time.Sleep(100 * time.Millisecond) {
		if time.Since(start) > timeout {
			b.t.Fatalf("waited %v for %s", timeout, what)
		}
	}
}

// Buffer is a bytes.Buffer that several processes' outputs can share.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes returns a copy of what was written.
func (b *Buffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.buf.Bytes())
}
