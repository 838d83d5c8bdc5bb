package docker

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium" // Debian's

// TestBrowser opens a solution notebook with a demo in Jupyter Notebook in
// headless Chromium, as a learner would, at a plain address, under a base
// URL as Binder and JupyterHub serve it, and under a base URL over https;
// it runs the cells the demo needs and the demo, moves a slider with the
// mouse and waits for a new figure, then runs a later level's cells while
// the demo is shown and moves the slider again.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not driving a browser")
	}
	for _, bin := range []string{jupyter, chromium} {
		if _, err := os.Stat(bin); err != nil {
			need(t, "%s is missing", bin)
		}
	}
	env := jupyterEnv(t.TempDir())
	checkKernel(t, env)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// The notebook whose first demo comes soonest.
	var path string
	var first int
	for _, p := range demoNotebooks(t, filepath.Join(root, "solutions")) {
		i := slices.IndexFunc(read(t, p).Cells, func(c cell) bool { return isDemo(t, c) })
		if path == "" || i < first {
			path, first = p, i
		}
	}
	// Jupyter may save the notebook; put it back as it was.
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if now, _ := os.ReadFile(path); !bytes.Equal(now, original) {
			os.WriteFile(path, original, 0o644)
			t.Errorf("Jupyter saved %s during the test; it is restored", path)
		}
	})
	rel, _ := filepath.Rel(root, path)

	cert := filepath.Join(t.TempDir(), "cert.pem")
	key := filepath.Join(filepath.Dir(cert), "key.pem")
	openssl := exec.Command("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
		"-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert)
	if out, err := openssl.CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
	for _, v := range []struct {
		name, base string
		https      bool
	}{
		{"plain", "/", false},
		{"base URL", "/user/test/", false},
		{"https base URL", "/user/test/", true},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			var tlsFiles []string
			if v.https {
				tlsFiles = []string{"--certfile=" + cert, "--keyfile=" + key}
			}
			url := notebookServer(t, env, root, v.base, tlsFiles...)
			b := openBrowser(t, url+"notebooks/"+filepath.ToSlash(rel)+"?token="+token)
			driveDemo(t, b, read(t, path))
			t.Logf("%s%s: done in %v", url, rel, time.Since(start).Round(time.Second))
		})
	}
}

const token = "neurogo-test"

// notebookServer starts Jupyter Notebook in root with the base URL base and
// the extra arguments args, and returns its address with the base URL once
// it answers.
func notebookServer(t *testing.T, env []string, root, base string, args ...string) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	args = append([]string{"notebook", "--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port),
		"--NotebookApp.token=" + token, "--NotebookApp.base_url=" + base}, args...)
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	cmd := exec.Command(jupyter, args...)
	cmd.Dir, cmd.Env = root, env
	var log syncBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("jupyter notebook said:\n%s", tail(log.Bytes(), 4000))
		}
	})
	scheme := "http"
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--certfile=") }) {
		scheme = "https"
	}
	url := fmt.Sprintf("%s://127.0.0.1:%d%s", scheme, port, base)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // the test's own certificate
	}}
	for start := time.Now(); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := client.Get(url + "api/status?token=" + token); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("jupyter notebook did not answer at %s within a minute", url)
		}
	}
}

// syncBuffer is a bytes.Buffer that two processes' outputs can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.buf.Bytes())
}

// driveDemo runs, in the notebook open in b, the setup cell and the
// exercises before the first demo, then the demo; moves its first slider
// and waits for a new figure; runs the next level's cells while the demo
// is shown; and moves the slider again.
func driveDemo(t *testing.T, b *browser, nb *ipynb) {
	b.waitFor("the notebook's kernel", 2*time.Minute, `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`)
	b.eval(`Jupyter.notebook.set_autosave_interval(0)`)
	demo := slices.IndexFunc(nb.Cells, func(c cell) bool { return isDemo(t, c) })
	var cells []int
	for i, c := range nb.Cells[:demo] {
		if role := c.Metadata.Neuro.Role; role == "setup" || role == "exercise" {
			cells = append(cells, i)
		}
	}
	run(t, b, append(cells, demo)...)

	before := waitDemo(t, b, demo)
	if want := strings.Count(source(t, nb.Cells[demo]), "figure.Slider{"); before.Sliders != want {
		t.Errorf("the demo shows %d sliders, want %d", before.Sliders, want)
	}
	move := func(at float64) demoState { return moveSlider(b, demo, at) }
	after := move(0.95)
	if after.Src == before.Src || after.Value == before.Value {
		t.Fatalf("moving the slider from %q to %q left the figure as it was", before.Value, after.Value)
	}
	t.Logf("the slider moved from %s to %s and the figure changed", before.Value, after.Value)

	// A later level runs while the demo is shown, and the demo stays live.
	check := demo + slices.IndexFunc(nb.Cells[demo:], func(c cell) bool { return c.Metadata.Neuro.Role == "check" })
	if check < demo {
		t.Fatal("no check cell after the demo")
	}
	cells = nil
	for i := demo + 1; i <= check; i++ {
		if role := nb.Cells[i].Metadata.Neuro.Role; role == "exercise" || role == "check" {
			cells = append(cells, i)
		}
	}
	run(t, b, cells...)
	var out string
	b.evalInto(fmt.Sprintf(`Jupyter.notebook.get_cell(%d).output_area.element[0].textContent`, check), &out)
	if !strings.Contains(out, "passed") {
		t.Errorf("the check after the demo shows %q, want it passed", out)
	}
	if again := move(0.05); again.Src == after.Src {
		t.Errorf("after a later cell ran, moving the slider to %q left the figure as it was", again.Value)
	}
}

// A demoState is a demo's output as the page shows it: how many sliders,
// whether they are live, the figure's address and the first slider's value.
type demoState struct {
	Sliders int
	Enabled bool
	Src     string
	Value   string
}

// showDemo is JavaScript that returns the demoState of the cell %d.
const showDemo = `(function () {
	var o = Jupyter.notebook.get_cell(%d).output_area.element[0];
	var r = o.querySelectorAll("input[type=range]"), img = o.querySelector("img"), v = o.querySelector("output");
	return {sliders: r.length, enabled: r.length > 0 && !r[0].disabled, src: img ? img.src : "", value: v ? v.textContent : ""};
})()`

// waitDemo waits until the sliders of the demo in cell i are live and
// returns its state.
func waitDemo(t *testing.T, b *browser, i int) demoState {
	t.Helper()
	b.waitFor("the demo's sliders", 30*time.Second, fmt.Sprintf(showDemo, i)+`.enabled`)
	var s demoState
	b.evalInto(fmt.Sprintf(showDemo, i), &s)
	return s
}

// moveSlider clicks the first slider of the demo in cell i at the fraction
// at of its width, as a learner does with the mouse, and returns the
// demo's state then.
func moveSlider(b *browser, i int, at float64) demoState {
	var box struct{ X, Y, W, H float64 }
	b.evalInto(fmt.Sprintf(`(function () {
		var r = Jupyter.notebook.get_cell(%d).output_area.element[0].querySelector("input[type=range]");
		r.scrollIntoView({block: "center"});
		var b = r.getBoundingClientRect();
		return {x: b.x, y: b.y, w: b.width, h: b.height};
	})()`, i), &box)
	x, y := box.X+at*box.W, box.Y+box.H/2
	for _, kind := range []string{"mousePressed", "mouseReleased"} {
		b.call("Input.dispatchMouseEvent", map[string]any{"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
	}
	var s demoState
	b.evalInto(fmt.Sprintf(showDemo, i), &s)
	return s
}

// run runs the notebook's cells and waits until they have all finished.
func run(t *testing.T, b *browser, cells ...int) {
	t.Helper()
	list, _ := json.Marshal(cells)
	b.eval(fmt.Sprintf(`Jupyter.notebook.execute_cells(%s)`, list))
	b.waitFor(fmt.Sprintf("cells %v to run", cells), 5*time.Minute, fmt.Sprintf(
		`%s.every(function (i) { return typeof Jupyter.notebook.get_cell(i).input_prompt_number === "number"; })`, list))
	if !b.evalBool(`Jupyter.notebook.kernel.is_connected()`) {
		t.Fatal("the kernel is gone")
	}
}

// A browser is headless Chromium with one page open, driven over the
// DevTools protocol through a pipe (--remote-debugging-pipe): messages are
// JSON, each ended by a NUL byte.
type browser struct {
	t       *testing.T
	w       io.Writer
	session string // of the page

	mu      sync.Mutex
	next    int
	replies map[int]chan message
}

type message struct {
	ID     int
	Method string
	Result json.RawMessage
	Error  *struct{ Message string }
}

// openBrowser starts Chromium with url open and returns it; it stops with
// the test.
func openBrowser(t *testing.T, url string) *browser {
	toChrome, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--ignore-certificate-errors", // the test's own certificate
		"--user-data-dir="+t.TempDir(), "--window-size=1200,1000", "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // fds 3 and 4
	var log syncBuffer
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
			t.Logf("chromium said:\n%s", tail(log.Bytes(), 2000))
		}
	})
	b := &browser{t: t, w: w, replies: map[int]chan message{}}
	go b.read(r)

	var target struct{ TargetID string }
	json.Unmarshal(b.call("Target.createTarget", map[string]any{"url": url}), &target)
	var attached struct{ SessionID string }
	json.Unmarshal(b.call("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}), &attached)
	b.session = attached.SessionID
	return b
}

// read delivers Chromium's replies to their calls.
func (b *browser) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m message
		if json.Unmarshal(line[:len(line)-1], &m) != nil || m.ID == 0 {
			continue // an event
		}
		b.mu.Lock()
		ch := b.replies[m.ID]
		delete(b.replies, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call calls a DevTools method, in the page once there is one, and returns
// its result.
func (b *browser) call(method string, params any) json.RawMessage {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan message, 1)
	b.replies[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method, "params": params}
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

// eval evaluates a JavaScript expression in the page and returns its value
// as JSON.
func (b *browser) eval(js string) json.RawMessage {
	b.t.Helper()
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	json.Unmarshal(b.call("Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true}), &res)
	if e := res.ExceptionDetails; e != nil {
		b.t.Fatalf("%s\n%s %s", js, e.Text, e.Exception.Description)
	}
	return res.Result.Value
}

// evalInto evaluates a JavaScript expression in the page into v.
func (b *browser) evalInto(js string, v any) {
	b.t.Helper()
	if err := json.Unmarshal(b.eval(js), v); err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
}

// evalBool evaluates a JavaScript expression in the page, false unless it
// is true.
func (b *browser) evalBool(js string) bool {
	b.t.Helper()
	return string(b.eval(js)) == "true"
}

// waitFor waits until a JavaScript expression is true in the page, and
// fails the test after timeout.
func (b *browser) waitFor(what string, timeout time.Duration, js string) {
	b.t.Helper()
	for start := time.Now(); !b.evalBool(`(function () { try { return ` + js + `; } catch (e) { return false; } })()`); time.Sleep(250 * time.Millisecond) {
		if time.Since(start) > timeout {
			b.t.Fatalf("waited %v for %s", timeout, what)
		}
	}
}
