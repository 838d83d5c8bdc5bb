// Package docker holds the image that runs the course in a browser. Its
// tests walk the learner's path on this machine, with what install.sh
// installed: Debian's Jupyter runs a learner's notebook and every solution
// notebook with a demo in the GoNB kernelspec (the learner's offline, as in
// the image), with the user's plain environment; it serves the repository
// with the Dockerfile's own command; and headless Chromium drives a demo in
// Jupyter Notebook, at a plain address and under a base URL.
package docker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	jupyter  = "/usr/bin/jupyter" // Debian's, not a pyenv or venv one earlier on PATH
	mimeType = "application/vnd.neurogo.check+json"
	notebook = "01-neuron-as-a-circuit.ipynb"
)

// kernelData is where install.sh registers the kernel.
func kernelData() string {
	if dir := os.Getenv("NEURO_JUPYTER_DIR"); dir != "" {
		return dir
	}
	return "/usr/local/share/jupyter"
}

// need fails the test when CI is set, since .ci/run ran install.sh first,
// and skips it elsewhere.
func need(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI is set, and .ci/run should have run docker/install.sh --ci", msg)
	}
	t.Skipf("%s; run docker/install.sh --ci (as root) to test the learner's path in Jupyter", msg)
}

// jupyterEnv puts install.sh's kernelspec first on Jupyter's path and keeps
// Jupyter's own files in data, the kernels' connection files in data/runtime.
// It leaves out NEURO_HEADLESS, which only the grader sets: notebooks run
// here as they run for a learner.
func jupyterEnv(data string) []string {
	env := slices.DeleteFunc(os.Environ(), func(v string) bool { return strings.HasPrefix(v, "NEURO_HEADLESS=") })
	return append(env,
		"JUPYTER_PATH="+kernelData(),
		"JUPYTER_DATA_DIR="+data)
}

// checkKernel fails unless Jupyter resolves the kernel "gonb" to the
// kernelspec install.sh wrote, with a kernel binary that exists.
func checkKernel(t *testing.T, env []string) {
	cmd := exec.Command(jupyter, "kernelspec", "list", "--json")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct{ Argv []string }
		}
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	spec, ok := list.Kernelspecs["gonb"]
	want := filepath.Join(kernelData(), "kernels", "gonb")
	if !ok || spec.ResourceDir != want {
		need(t, "Jupyter has no gonb kernelspec in %s", want)
	}
	if len(spec.Spec.Argv) == 0 {
		t.Fatalf("%s/kernel.json has no argv", want)
	}
	if _, err := os.Stat(spec.Spec.Argv[0]); err != nil {
		t.Fatalf("%s/kernel.json runs a missing kernel: %v", want, err)
	}
	t.Logf("kernel: %s", strings.Join(spec.Spec.Argv[:3], " "))
}

func TestJupyter(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not running notebooks in Jupyter")
	}
	if _, err := os.Stat(jupyter); err != nil {
		need(t, "%s is missing", jupyter)
	}
	data := t.TempDir()
	env := jupyterEnv(data)
	checkKernel(t, env)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// The learner's notebook runs the way it runs in the image: Go may not
	// use the network (see the Dockerfile).
	offline := append(slices.Clone(env), "GOPROXY=off", "GOSUMDB=off")

	// Every run side by side, whatever go test's -parallel: a run mostly
	// waits for the kernel to compile a cell.
	var wg sync.WaitGroup
	wg.Go(func() {
		t.Run("learner offline", func(t *testing.T) {
			nb := execute(t, offline, filepath.Join(root, "notebooks", notebook))
			expect(t, nb, "not implemented")
		})
	})
	// One solution with a demo runs under Jupyter itself: what a demo asks
	// of the front-end (one HTML display of frames drawn beforehand, see
	// figure.Interact) is the same in every notebook, and each project's
	// own notebook test (grader/nbtest) runs its demo with every frame
	// drawn, in the GoNB kernel, without NEURO_HEADLESS.
	path := demoNotebooks(t, filepath.Join(root, "solutions"))[0]
	wg.Go(func() {
		t.Run("solution "+filepath.Base(path), func(t *testing.T) {
			nb := execute(t, env, path)
			expect(t, nb, "passed")
		})
	})
	wg.Go(func() {
		t.Run("server", func(t *testing.T) { serve(t, env, root, filepath.Join(data, "runtime")) })
	})
	wg.Wait()
}

// demoNotebooks returns the notebooks in dir that have an interactive demo,
// and fails if none has.
func demoNotebooks(t *testing.T, dir string) []string {
	paths, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	paths = slices.DeleteFunc(paths, func(path string) bool {
		return !slices.ContainsFunc(read(t, path).Cells, func(c cell) bool { return isDemo(t, c) })
	})
	if len(paths) == 0 {
		t.Fatalf("no notebook in %s has a demo cell", dir)
	}
	return paths
}

// An ipynb is the part of a notebook file the test reads.
type ipynb struct {
	Metadata struct {
		Neuro struct{ Project int }
	}
	Cells []cell
}

type cell struct {
	CellType       string          `json:"cell_type"`
	ExecutionCount *int            `json:"execution_count"`
	Source         json.RawMessage // a string or a list of lines
	Metadata       struct {
		Neuro struct {
			Role  string
			Level int
		}
	}
	Outputs []output
}

// An output is one of a cell's outputs.
type output struct {
	OutputType string `json:"output_type"`
	Data       map[string]json.RawMessage
	Ename      string
	Evalue     string
}

// read reads a notebook file.
func read(t *testing.T, path string) *ipynb {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb ipynb
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &nb
}

// execute runs a notebook in place with nbconvert, so that its setup cell
// finds the course at ${GONB_DIR}/.., and returns the executed copy, which
// nbconvert writes to a temporary folder.
func execute(t *testing.T, env []string, path string) *ipynb {
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout=120", "--output-dir", out, path)
	cmd.Env = env
	start := time.Now()
	log, err := cmd.CombinedOutput()
	t.Logf("%s executed in %v", path, time.Since(start).Round(time.Second))
	if err != nil {
		t.Fatalf("jupyter nbconvert --execute: %v\n%s", err, tail(log, 3000))
	}
	// The kernel's log is nbconvert's: GoNB's widgets must not have been
	// asked for, and the kernel must not have crashed.
	for _, bad := range []string{"panic:", "Failed to install WebSocket", "DeadKernelError"} {
		if i := bytes.Index(log, []byte(bad)); i >= 0 {
			t.Errorf("%s: the kernel logged %q:\n%s", filepath.Base(path), bad, tail(log[:min(len(log), i+2000)], 3000))
		}
	}
	return read(t, filepath.Join(out, filepath.Base(path)))
}

// A record is the part of a check's bundle the test reads.
type record struct {
	Project, Level  int
	Status, Message string
}

// expect fails unless the kernel ran every code cell, every check cell
// shows one bundle with status want, the levels are 1…N with N ≥ 3, every
// demo shows its sliders, and no cell ended in an error.
func expect(t *testing.T, nb *ipynb, want string) {
	var levels []int
	for i, cell := range nb.Cells {
		if cell.CellType == "code" && cell.ExecutionCount == nil {
			t.Fatalf("cell %d (%s, level %d) did not run: the kernel died before it", i, cell.Metadata.Neuro.Role, cell.Metadata.Neuro.Level)
		}
		if isDemo(t, cell) {
			expectDemo(t, i, cell)
		}
		var recs []record
		for _, o := range cell.Outputs {
			if o.OutputType == "error" {
				t.Errorf("cell %d (%s, level %d) raised %s: %s", i, cell.Metadata.Neuro.Role, cell.Metadata.Neuro.Level, o.Ename, o.Evalue)
			}
			if raw, ok := o.Data[mimeType]; ok {
				recs = append(recs, decode(t, raw))
			}
		}
		if cell.Metadata.Neuro.Role != "check" {
			if len(recs) > 0 {
				t.Errorf("cell %d is no check cell but shows %d check bundles", i, len(recs))
			}
			continue
		}
		if len(recs) != 1 {
			t.Errorf("check cell %d (level %d) shows %d check bundles, want 1", i, cell.Metadata.Neuro.Level, len(recs))
			continue
		}
		rec := recs[0]
		levels = append(levels, rec.Level)
		if rec.Level != cell.Metadata.Neuro.Level || rec.Project != nb.Metadata.Neuro.Project {
			t.Errorf("check cell %d of project %d level %d shows the bundle of project %d level %d",
				i, nb.Metadata.Neuro.Project, cell.Metadata.Neuro.Level, rec.Project, rec.Level)
		}
		if rec.Status != want {
			t.Errorf("level %d: status %q, want %q: %s", rec.Level, rec.Status, want, rec.Message)
		}
	}
	slices.Sort(levels)
	for i, l := range levels {
		if l != i+1 {
			t.Fatalf("the check bundles are of levels %v, want 1…N", levels)
		}
	}
	if len(levels) < 3 {
		t.Fatalf("%d levels checked, want at least 3", len(levels))
	}
	if !t.Failed() {
		t.Logf("levels 1–%d: %s", len(levels), want)
	}
}

// isDemo reports whether a cell shows an interactive demo.
func isDemo(t *testing.T, c cell) bool {
	return c.Metadata.Neuro.Role == "demo" && strings.Contains(source(t, c), "figure.Interact(")
}

// expectDemo fails unless a demo cell shows one display with a slider for
// each figure.Slider in its code, its script, the figure as a PNG and a
// line of text, in less than a megabyte.
func expectDemo(t *testing.T, i int, c cell) {
	var shown int
	for _, o := range c.Outputs {
		raw, ok := o.Data["text/html"]
		if !ok {
			continue
		}
		shown++
		var page string
		if err := json.Unmarshal(raw, &page); err != nil {
			var lines []string
			json.Unmarshal(raw, &lines)
			page = strings.Join(lines, "")
		}
		sliders := strings.Count(source(t, c), "figure.Slider{")
		var data struct{ Frames []string }
		if m := demoData.FindStringSubmatch(page); m != nil {
			json.Unmarshal([]byte(m[1]), &data)
		}
		if n := strings.Count(page, `<input type="range"`); n != sliders || len(data.Frames) < 2 ||
			o.Data["image/png"] == nil || o.Data["text/plain"] == nil {
			t.Errorf("demo cell %d (level %d) shows %d sliders of %d and %d frames, or lacks its PNG or text", i, c.Metadata.Neuro.Level, n, sliders, len(data.Frames))
		}
		if size := len(page); size > 1<<20 {
			t.Errorf("demo cell %d (level %d) shows %d kB of HTML", i, c.Metadata.Neuro.Level, size>>10)
		}
		t.Logf("demo cell %d (level %d): %d sliders, %d frames, %d kB of HTML", i, c.Metadata.Neuro.Level, sliders, len(data.Frames), len(page)>>10)
	}
	if shown != 1 {
		t.Errorf("demo cell %d (level %d) shows %d HTML displays, want 1", i, c.Metadata.Neuro.Level, shown)
	}
}

// demoData finds the data a demo's script is called with.
var demoData = regexp.MustCompile(`(?s)<script>.*\}\)\((\{.*\})\);\s*</script>`)

// source returns a cell's code.
func source(t *testing.T, c cell) string {
	var text string
	var lines []string
	if json.Unmarshal(c.Source, &lines) == nil {
		return strings.Join(lines, "")
	}
	if err := json.Unmarshal(c.Source, &text); err != nil {
		t.Fatalf("bad cell source: %v", err)
	}
	return text
}

// decode reads a check's bundle, which Jupyter may store as JSON text or as
// the JSON value itself.
func decode(t *testing.T, raw json.RawMessage) record {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		raw = json.RawMessage(text)
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatalf("bad check bundle %s: %v", raw, err)
	}
	return rec
}

// serve starts the Jupyter server with the Dockerfile's command from the
// repository's root, the image's working directory, and checks that it opens
// at notebooks/ and lists them there, and that the kernel it starts for a
// notebook runs in notebooks/ and compiles code that imports the course.
func serve(t *testing.T, env []string, root, runtime string) {
	args := dockerCmd(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	args = slices.DeleteFunc(args[1:], func(a string) bool {
		return strings.HasPrefix(a, "--ip=") || strings.HasPrefix(a, "--port=")
	})
	args = append(args, "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port), "--NotebookApp.token="+token)
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	cmd := exec.Command(jupyter, args...)
	cmd.Dir, cmd.Env = root, env
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("jupyter notebook said:\n%s", tail(log.Bytes(), 3000))
		}
	}()

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	call := func(method, path string, body any, into any) *http.Response {
		t.Helper()
		var in bytes.Buffer
		if body != nil {
			json.NewEncoder(&in).Encode(body)
		}
		req, _ := http.NewRequest(method, base+path, &in)
		req.Header.Set("Authorization", "token "+token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		if into != nil {
			if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
				t.Fatalf("%s %s: %s: %v", method, path, resp.Status, err)
			}
		}
		return resp
	}
	for start := time.Now(); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := client.Get(base + "/api/status?token=" + token); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > time.Minute {
			t.Fatal("jupyter notebook did not answer within a minute")
		}
	}

	if loc := call("GET", "/", nil, nil).Header.Get("Location"); strings.TrimSuffix(loc, "?") != "/tree/notebooks" {
		t.Errorf("/ redirects to %q, want /tree/notebooks", loc)
	}
	var dir struct{ Content []struct{ Name string } }
	call("GET", "/api/contents/notebooks", nil, &dir)
	if !slices.ContainsFunc(dir.Content, func(c struct{ Name string }) bool { return c.Name == notebook }) {
		t.Errorf("the server's notebooks/ holds %v, want %s among them", dir.Content, notebook)
	}

	var session struct {
		ID     string
		Kernel struct{ ID, Name string }
	}
	call("POST", "/api/sessions", map[string]any{
		"path": "notebooks/" + notebook, "type": "notebook", "name": notebook,
		"kernel": map[string]string{"name": "gonb"},
	}, &session)
	if session.Kernel.Name != "gonb" {
		t.Fatalf("the session's kernel is %q, want gonb", session.Kernel.Name)
	}
	defer call("DELETE", "/api/sessions/"+session.ID, nil, nil)

	// Talk to that kernel as the browser would through the server: the
	// notebook's setup cell, then a program that uses the course.
	nb := read(t, filepath.Join(root, "notebooks", notebook))
	i := slices.IndexFunc(nb.Cells, func(c cell) bool { return c.Metadata.Neuro.Role == "setup" })
	if i < 0 {
		t.Fatalf("%s has no setup cell", notebook)
	}
	setup := source(t, nb.Cells[i])
	program := "import \"github.com/neurogo/course/neuro/check\"\n\n%%\nfmt.Println(check.MIMEType, os.Getenv(\"GONB_DIR\"))\n"
	conn := filepath.Join(runtime, "kernel-"+session.Kernel.ID+".json")
	py := exec.Command("/usr/bin/python3", "-c", runCells, conn, setup, program)
	py.Env = env
	out, err := py.CombinedOutput()
	if err != nil {
		t.Fatalf("running cells in the server's kernel: %v\n%s", err, tail(out, 3000))
	}
	if want := mimeType + " " + filepath.Join(root, "notebooks"); !strings.Contains(string(out), want) {
		t.Fatalf("the server's kernel printed\n%s\nwant %q", tail(out, 3000), want)
	}
	t.Logf("jupyter notebook opens at notebooks/, and its gonb kernel runs there with the course")
}

// runCells runs the cells argv[2:] in the kernel of the connection file
// argv[1], printing their output, and fails on an error.
const runCells = `
import sys
from jupyter_client import BlockingKernelClient
c = BlockingKernelClient(connection_file=sys.argv[1])
c.load_connection_file()
c.start_channels()
c.wait_for_ready(timeout=60)
def show(msg):
    content = msg["content"]
    if "text" in content:
        print(content["text"], end="")
    if "ename" in content:
        print(content["ename"], content["evalue"])
for code in sys.argv[2:]:
    reply = c.execute_interactive(code, timeout=120, output_hook=show)
    if reply["content"]["status"] != "ok":
        sys.exit("cell failed: " + code)
`

// dockerCmd returns the Dockerfile's CMD, which starts with "jupyter".
func dockerCmd(t *testing.T) []string {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "CMD "); ok {
			var args []string
			if err := json.Unmarshal([]byte(rest), &args); err != nil || len(args) < 2 || args[0] != "jupyter" {
				t.Fatalf("Dockerfile: want CMD [\"jupyter\", ...], have %s", rest)
			}
			return args
		}
	}
	t.Fatal("Dockerfile has no CMD")
	return nil
}

// TestBinder checks that binder/Dockerfile, which repo2docker builds, is
// docker/Dockerfile, and that its base image has a pinned Go that go.mod
// accepts.
func TestBinder(t *testing.T) {
	ours, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	binder, err := os.ReadFile("../binder/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, binder) {
		t.Error("binder/Dockerfile differs from docker/Dockerfile: cp docker/Dockerfile binder/")
	}
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var goLine, from string
	for line := range strings.Lines(string(mod)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			goLine = v
		}
	}
	for line := range strings.Lines(string(ours)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "FROM golang:"); ok {
			from = v
		}
	}
	version, _, _ := strings.Cut(from, "-")
	if strings.Count(version, ".") != 2 {
		t.Fatalf("Dockerfile: FROM golang:%s is not pinned to a release x.y.z", from)
	}
	minor := func(v string) string { return strings.Join(strings.SplitN(v, ".", 3)[:2], ".") }
	if minor(version) != minor(goLine) || semverLess(version, goLine) {
		t.Errorf("Dockerfile: FROM golang:%s, but go.mod says go %s", from, goLine)
	}
}

// semverLess compares two x.y.z versions.
func semverLess(a, b string) bool {
	var x, y [3]int
	fmt.Sscanf(a, "%d.%d.%d", &x[0], &x[1], &x[2])
	fmt.Sscanf(b, "%d.%d.%d", &y[0], &y[1], &y[2])
	return slices.Compare(x[:], y[:]) < 0
}

// tail returns the end of a log.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
