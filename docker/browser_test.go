package docker

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neurogo/course/grader/devtools"
)

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
	for _, bin := range []string{jupyter, devtools.Chromium} {
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
			b := devtools.Open(t, url+"notebooks/"+filepath.ToSlash(rel)+"?token="+token, "1200,1000",
				"--ignore-certificate-errors") // the test's own certificate
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
	var log devtools.Buffer
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

// driveDemo runs, in the notebook open in b, the setup cell and the
// exercises before the first demo, then the demo; moves its first slider
// and waits for a new figure; runs the next level's cells while the demo
// is shown; and moves the slider again.
func driveDemo(t *testing.T, b *devtools.Browser, nb *ipynb) {
	b.WaitFor("the notebook's kernel", 2*time.Minute, `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`)
	b.Eval(`Jupyter.notebook.set_autosave_interval(0)`)
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
	b.EvalInto(fmt.Sprintf(`Jupyter.notebook.get_cell(%d).output_area.element[0].textContent`, check), &out)
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
func waitDemo(t *testing.T, b *devtools.Browser, i int) demoState {
	t.Helper()
	b.WaitFor("the demo's sliders", 30*time.Second, fmt.Sprintf(showDemo, i)+`.enabled`)
	var s demoState
	b.EvalInto(fmt.Sprintf(showDemo, i), &s)
	return s
}

// moveSlider clicks the first slider of the demo in cell i at the fraction
// at of its width, as a learner does with the mouse, and returns the
// demo's state then.
func moveSlider(b *devtools.Browser, i int, at float64) demoState {
	var box struct{ X, Y, W, H float64 }
	b.EvalInto(fmt.Sprintf(`(function () {
		var r = Jupyter.notebook.get_cell(%d).output_area.element[0].querySelector("input[type=range]");
		r.scrollIntoView({block: "center"});
		var b = r.getBoundingClientRect();
		return {x: b.x, y: b.y, w: b.width, h: b.height};
	})()`, i), &box)
	x, y := box.X+at*box.W, box.Y+box.H/2
	for _, kind := range []string{"mousePressed", "mouseReleased"} {
		b.Call("Input.dispatchMouseEvent", map[string]any{"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
	}
	var s demoState
	b.EvalInto(fmt.Sprintf(showDemo, i), &s)
	return s
}

// run runs the notebook's cells and waits until they have all finished.
func run(t *testing.T, b *devtools.Browser, cells ...int) {
	t.Helper()
	list, _ := json.Marshal(cells)
	b.Eval(fmt.Sprintf(`Jupyter.notebook.execute_cells(%s)`, list))
	b.WaitFor(fmt.Sprintf("cells %v to run", cells), 5*time.Minute, fmt.Sprintf(
		`%s.every(function (i) { return typeof Jupyter.notebook.get_cell(i).input_prompt_number === "number"; })`, list))
	if !b.EvalBool(`Jupyter.notebook.kernel.is_connected()`) {
		t.Fatal("the kernel is gone")
	}
}
