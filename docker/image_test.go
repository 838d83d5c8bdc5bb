package docker

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/neurogo/course/grader/devtools"
)

const (
	podmanBin  = "/usr/bin/podman"     // Debian's
	mmdebstrap = "/usr/bin/mmdebstrap" // Debian's
)

// TestImage builds the image from the repository with podman, as `docker
// build -f docker/Dockerfile .` does and as repo2docker builds
// binder/Dockerfile, runs it as Binder does and as the README's `docker
// run` does, with no network inside, and drives headless Chromium on the
// host through a learner's session in each: notebooks/ at the default
// address, the first project's notebook, its setup cell, a check with the
// stub (not implemented), the same check with the solution's code typed in
// (passed), a plot, a demo's slider, a later level; then it saves the
// notebook. With the README's -v mount the saved notebook must be on the
// host afterwards.
//
// No image registry is reachable from this machine, so the test makes the
// Dockerfile's base image itself (baseImage): Debian bookworm from Debian's
// packages with this machine's Go, under the official image's name. All of
// podman's state lives in a folder of the test's own, removed at the end,
// or, when NEURO_PODMAN_STORE names a folder, there, kept for the next run,
// which then reuses the base image and the build's cached steps.
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not building the image")
	}
	for _, bin := range []string{podmanBin, mmdebstrap, "/usr/sbin/runc", devtools.Chromium} {
		if _, err := os.Stat(bin); err != nil {
			need(t, "%s is missing", bin)
		}
	}
	if os.Geteuid() != 0 {
		need(t, "building the base image takes root (mmdebstrap, podman's storage)")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	p := newPodman(t)
	start := time.Now()
	if p.command("image", "exists", from(t)).Run() != nil {
		p.baseImage(root)
	}
	t.Logf("base image %s made in %v", from(t), time.Since(start).Round(time.Second))

	start = time.Now()
	p.run("build", "--pull=never", "--isolation=chroot", "-f", "docker/Dockerfile", "-t", "neurogo-course", root)
	t.Logf("docker/Dockerfile built in %v", time.Since(start).Round(time.Second))
	p.sizes("neurogo-course")
	// repo2docker builds binder/Dockerfile with the repository as the
	// context and the user as build arguments; TestBinder keeps the file
	// equal to docker/Dockerfile, so every step comes from the cache.
	start = time.Now()
	p.run("build", "--pull=never", "--isolation=chroot", "-f", "binder/Dockerfile",
		"--build-arg", "NB_USER=jovyan", "--build-arg", "NB_UID=1000", "-t", "binder-image", root)
	t.Logf("binder/Dockerfile built in %v", time.Since(start).Round(time.Second))

	// Binder starts the image with its own command line under a base URL,
	// as uid 1000 with HOME set, and sends the learner to the badge's
	// urlpath, tree/notebooks.
	t.Run("binder", func(t *testing.T) {
		c := p.start(t, "binder-image", []string{"--user=1000", "--env=HOME=/home/jovyan"},
			"jupyter", "notebook", "--ip=0.0.0.0", "--port=8888", "--no-browser",
			"--NotebookApp.base_url=/user/learner/", "--NotebookApp.token="+token)
		learn(t, c, c.url+"/user/learner/tree/notebooks?token="+token, root)
	})

	// The README's `docker run -p 8888:8888 -v "$PWD/notebooks:/home/jovyan/notebooks"`
	// on a copy of notebooks/ owned by uid 1000, as the README asks. -p
	// cannot go with --network=none, so the test forwards the port itself
	// (container.forward). The learner opens the address Jupyter prints.
	t.Run("docker run", func(t *testing.T) {
		host := filepath.Join(t.TempDir(), "notebooks")
		if out, err := exec.Command("cp", "-a", filepath.Join(root, "notebooks"), host).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
		if out, err := exec.Command("chown", "-R", "1000:1000", host).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v\n%s", err, out)
		}
		c := p.start(t, "neurogo-course", []string{"--volume=" + host + ":/home/jovyan/notebooks"})
		m := c.waitLog(t, regexp.MustCompile(`http://127\.0\.0\.1:8888/\?token=([0-9a-f]+)`))
		learn(t, c, c.url+"/?token="+m[1], root)

		// The saved notebook is on the host, the learner's (uid 1000) and
		// readable, with the code typed in and the check that passed.
		path := filepath.Join(host, notebook)
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st := info.Sys().(*syscall.Stat_t); st.Uid != 1000 || info.Mode().Perm()&0o400 == 0 {
			t.Errorf("the saved notebook is owned by uid %d with mode %v, want uid 1000 and readable", st.Uid, info.Mode())
		}
		saved := read(t, path)
		var passed bool
		for _, c := range saved.Cells {
			for _, o := range c.Outputs {
				if raw, ok := o.Data[mimeType]; ok && decode(t, raw).Status == "passed" {
					passed = true
				}
			}
		}
		if !passed {
			t.Errorf("the notebook saved on the host shows no passed check")
		}
	})

	// The grader's image (docker/grader.Dockerfile), which
	// k8s-grade-job.yaml runs: built on the learner's, it grades a
	// submission with no network, as the job's pods do. Podman here does
	// not let bubblewrap make its namespaces inside a container, so this
	// grade runs with -no-sandbox (grader/sandbox's tests cover the
	// sandbox, on the host).
	start = time.Now()
	p.run("build", "--pull=never", "--isolation=chroot", "-f", "docker/grader.Dockerfile", "-t", "neurogo-grader", root)
	t.Logf("docker/grader.Dockerfile built in %v", time.Since(start).Round(time.Second))
	start = time.Now()
	out := p.run("run", "--rm", "--network=none", "--user=1000", "neurogo-grader", "sh", "-c",
		"mkdir /tmp/submissions && cp solutions/"+notebook+" /tmp/submissions/ && "+
			"go run ./grader grade -no-sandbox -jobs 1 -seed 1 -json /tmp/grades.json /tmp/submissions >&2 && cat /tmp/grades.json")
	t.Logf("a solution graded in the grader's image in %v", time.Since(start).Round(time.Second))
	var grades struct {
		Results []struct {
			Score int `json:"score"`
		}
	}
	if err := json.Unmarshal([]byte(out), &grades); err != nil {
		t.Fatalf("the grader's JSON: %v\n%s", err, out)
	}
	if len(grades.Results) != 1 || grades.Results[0].Score != 25 {
		t.Errorf("the grader's image graded the solution of %s: %+v, want one result of 25", notebook, grades.Results)
	}
}

// A podman runs podman with its storage, its configuration and its
// containers' runtime state in a folder of the test's own.
type podman struct {
	t   *testing.T
	dir string
	env []string
}

// newPodman configures podman in a new folder and removes everything in it
// when the test ends. Root here lacks CAP_SYS_RESOURCE, and podman by
// default asks for a container's open files above the host's hard limit,
// so the containers get the test's own limit.
func newPodman(t *testing.T) *podman {
	dir := os.Getenv("NEURO_PODMAN_STORE")
	keep := dir != ""
	if !keep {
		dir = t.TempDir()
	}
	var files, procs unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &files); err != nil {
		t.Fatal(err)
	}
	if err := unix.Getrlimit(unix.RLIMIT_NPROC, &procs); err != nil {
		t.Fatal(err)
	}
	// podman itself runs with at most 32768 processes.
	procs.Max = min(procs.Max, 32768)
	conf := fmt.Sprintf(`[containers]
default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
`, files.Max, files.Max, procs.Max, procs.Max)
	storage := fmt.Sprintf("[storage]\ndriver = \"overlay\"\ngraphroot = %q\nrunroot = %q\n",
		filepath.Join(dir, "storage"), filepath.Join(dir, "run"))
	for name, text := range map[string]string{"containers.conf": conf, "storage.conf": storage} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := &podman{t: t, dir: dir, env: append(os.Environ(),
		"CONTAINERS_CONF="+filepath.Join(dir, "containers.conf"),
		"CONTAINERS_STORAGE_CONF="+filepath.Join(dir, "storage.conf"),
		"TMPDIR="+t.TempDir())}
	t.Cleanup(func() {
		if keep {
			return
		}
		// podman unmounts its layers, so that the folder can go.
		if out, err := p.command("system", "reset", "--force").CombinedOutput(); err != nil {
			t.Errorf("podman system reset: %v\n%s", err, tail(out, 2000))
		}
	})
	return p
}

func (p *podman) command(args ...string) *exec.Cmd {
	cmd := exec.Command(podmanBin, args...)
	cmd.Env = p.env
	return cmd
}

// run runs podman and returns its standard output; it fails the test on an
// error.
func (p *podman) run(args ...string) string {
	p.t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := p.command(args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		p.t.Fatalf("podman %s: %v\n%s%s", strings.Join(args, " "), err, tail(stdout.Bytes(), 4000), tail(stderr.Bytes(), 2000))
	}
	return stdout.String()
}

// from returns the Dockerfile's base image.
func from(t *testing.T) string {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if image, ok := strings.CutPrefix(strings.TrimSpace(line), "FROM "); ok {
			return image
		}
	}
	t.Fatal("Dockerfile has no FROM")
	return ""
}

// baseImage makes the Dockerfile's base, golang:X.Y.Z-bookworm, as the
// official image has it as far as the Dockerfile relies on it: Debian
// bookworm (mmdebstrap's minimal variant, from Debian's packages, with no
// apt lists or cache) with ca-certificates and git, Go X.Y.Z in
// /usr/local/go with the official image's PATH, GOPATH and GOTOOLCHAIN,
// and /go as the working directory.
// The official image also has gcc and make, for cgo; the Dockerfile
// switches cgo off, so nothing there uses them. Go is this machine's,
// which must be the release the tag names. This machine reaches the Go
// module proxy through a proxy of its own that presents its own CA, so
// the base trusts what this machine trusts.
func (p *podman) baseImage(root string) {
	t := p.t
	image := from(t)
	version, _, _ := strings.Cut(strings.TrimPrefix(image, "golang:"), "-")
	goVersion, err := exec.Command("go", "env", "GOVERSION", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(goVersion))
	if lines[0] != "go"+version {
		t.Fatalf("this machine's Go is %s, the Dockerfile's base %s needs go%s", lines[0], image, version)
	}
	rootfs := filepath.Join(t.TempDir(), "rootfs")
	mirror := cmp.Or(os.Getenv("NEURO_DEBIAN_MIRROR"), "http://deb.debian.org/debian")
	for _, args := range [][]string{
		// As debootstrap --variant=minbase does, /usr merged with
		// usr-is-merged, in half debootstrap's time (it unpacks with one
		// apt and dpkg run, and dpkg does not sync each file).
		{mmdebstrap, "--variant=minbase", "--include=ca-certificates,git", "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
			"--dpkgopt=force-unsafe-io", "bookworm", rootfs, mirror},
		{"cp", "-a", lines[1], filepath.Join(rootfs, "usr/local/go")},
		{"cp", "/etc/ssl/certs/ca-certificates.crt", filepath.Join(rootfs, "etc/ssl/certs/")},
		{"mkdir", "-p", filepath.Join(rootfs, "go/src"), filepath.Join(rootfs, "go/bin")},
		{"chmod", "-R", "1777", filepath.Join(rootfs, "go")},
	} {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, tail(out, 3000))
		}
	}
	tar := exec.Command("tar", "-C", rootfs, "-c", ".")
	imp := p.command("import",
		"--change", "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"--change", "ENV GOLANG_VERSION="+version,
		"--change", "ENV GOTOOLCHAIN=local",
		"--change", "ENV GOPATH=/go",
		"--change", "WORKDIR /go",
		"--change", `CMD ["bash"]`,
		"-", image)
	pipe, err := tar.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	imp.Stdin = pipe
	if err := tar.Start(); err != nil {
		t.Fatal(err)
	}
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("podman import: %v\n%s", err, tail(out, 2000))
	}
	if err := tar.Wait(); err != nil {
		t.Fatalf("tar: %v", err)
	}
	if err := os.RemoveAll(rootfs); err != nil {
		t.Fatal(err)
	}
}

// sizes logs the image's size and its layers' sizes, largest first.
func (p *podman) sizes(image string) {
	p.t.Logf("%s: %s bytes", image, strings.TrimSpace(p.run("image", "inspect", "--format", "{{.Size}}", image)))
	var layers []struct {
		Size      int64
		CreatedBy string
	}
	if err := json.Unmarshal([]byte(p.run("history", "--format", "json", image)), &layers); err != nil {
		p.t.Fatal(err)
	}
	slices.SortFunc(layers, func(a, b struct {
		Size      int64
		CreatedBy string
	}) int {
		return int(b.Size - a.Size)
	})
	for _, l := range layers[:min(len(layers), 6)] {
		p.t.Logf("  %4d MB  %.90s", l.Size>>20, l.CreatedBy)
	}
}

// A container runs the image with no network; url is where the host
// reaches its port 8888.
type container struct {
	p   *podman
	id  string
	url string
}

// start starts a container of image with podman run's options opts and the
// command args (the image's CMD if none), with no network, and forwards a
// port of the host to its port 8888. The container goes when the test
// ends; its log is shown if the test failed, and it fails the test if the
// kernel panicked.
func (p *podman) start(t *testing.T, image string, opts []string, args ...string) *container {
	p = &podman{t: t, dir: p.dir, env: p.env} // failing this test, not its parent
	run := append([]string{"run", "--detach", "--network=none"}, opts...)
	run = append(append(run, image), args...)
	c := &container{p: p, id: strings.TrimSpace(p.run(run...))}
	t.Cleanup(func() {
		log, _ := p.command("logs", c.id).CombinedOutput()
		if i := bytes.Index(log, []byte("panic:")); i >= 0 {
			t.Errorf("the container logged a panic:\n%s", tail(log[i:], 3000))
		}
		if t.Failed() {
			t.Logf("the container said:\n%s", tail(log, 4000))
		}
		p.command("rm", "--force", "--time=0", c.id).Run()
	})
	c.url = c.forward(t)
	return c
}

// forward listens on a port of the host and forwards every connection to
// port 8888 inside the container, whose network namespace has nothing but
// a loopback interface, and returns the host's address. It opens each
// connection from a thread that has entered the container's namespace: a
// socket belongs to the namespace it was made in.
func (c *container) forward(t *testing.T) string {
	pid := strings.TrimSpace(c.p.run("inspect", "--format", "{{.State.Pid}}", c.id))
	ns, err := os.Open("/proc/" + pid + "/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	type dialed struct {
		conn net.Conn
		err  error
	}
	dial := make(chan chan dialed)
	entered := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET)
		entered <- err
		if err != nil {
			return
		}
		for reply := range dial {
			conn, err := net.DialTimeout("tcp", "127.0.0.1:8888", 10*time.Second)
			reply <- dialed{conn, err}
		}
	}()
	if err := <-entered; err != nil {
		t.Fatalf("entering the container's network namespace: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		l.Close()
		close(dial)
	})
	go func() {
		for {
			client, err := l.Accept()
			if err != nil {
				return
			}
			reply := make(chan dialed)
			dial <- reply
			d := <-reply
			if d.err != nil {
				client.Close()
				continue
			}
			go func() { io.Copy(d.conn, client); d.conn.Close() }()
			go func() { io.Copy(client, d.conn); client.Close() }()
		}
	}()
	return "http://" + l.Addr().String()
}

// waitLog waits until the container's log matches re and returns the
// match.
func (c *container) waitLog(t *testing.T, re *regexp.Regexp) []string {
	for start := time.Now(); ; time.Sleep(500 * time.Millisecond) {
		log, _ := c.p.command("logs", c.id).CombinedOutput()
		if m := re.FindStringSubmatch(string(log)); m != nil {
			return m
		}
		if time.Since(start) > 2*time.Minute {
			t.Fatalf("the container's log did not match %s within 2 minutes:\n%s", re, tail(log, 3000))
		}
	}
}

// exec runs a command in the container as the learner and returns its
// output.
func (c *container) exec(args ...string) string {
	return c.p.run(append([]string{"exec", "--user=1000", c.id}, args...)...)
}

// learn is a learner's session in the container, driven in Chromium on the
// host: open url, which lists notebooks/; open the first project's notebook
// from there; run its setup cell; run a level's exercise and check as
// given (not implemented); type in the solution's code and run them again
// (passed); draw a plot; type in the levels a demo needs, run it and move
// its slider; run a later level; save. Every cell must run without an
// error and without killing the kernel. A cell that needs a module
// outside the image, and one that reaches for the network, must fail.
// It logs how long the cells took, and fails if the first check compiled
// more than the learner's own code.
func learn(t *testing.T, c *container, url, root string) {
	nb := read(t, filepath.Join(root, "notebooks", notebook))
	// The solution's code of each exercise cell, in order.
	var solved []string
	for _, c := range read(t, filepath.Join(root, "solutions", notebook)).Cells {
		if c.Metadata.Neuro.Role == "exercise" {
			solved = append(solved, source(t, c))
		}
	}
	b := devtools.Open(t, url, "1200,1000")
	b.WaitFor("the list of notebooks", 2*time.Minute, fmt.Sprintf(`!!document.querySelector('#notebook_list a[href$="/notebooks/notebooks/%s"]')`, notebook))
	var href string
	b.EvalInto(fmt.Sprintf(`document.querySelector('#notebook_list a[href$="/notebooks/notebooks/%s"]').href`, notebook), &href)
	b.Call("Page.navigate", map[string]any{"url": href})
	b.WaitFor("the notebook's kernel", 2*time.Minute, `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`)
	b.Eval(`Jupyter.notebook.set_autosave_interval(0);
		Jupyter.notebook.events.on("kernel_dead.Kernel kernel_restarting.Kernel kernel_autorestarting.Kernel", function (e) { window.kernelTrouble = e.type; })`)

	// cell runs cells and fails on an error, a dead kernel or a check
	// whose status is not want.
	cells := func(want string, cells ...int) time.Duration {
		t.Helper()
		start := time.Now()
		run(t, b, cells...)
		took := time.Since(start)
		if trouble := string(b.Eval(`window.kernelTrouble || ""`)); trouble != `""` {
			t.Fatalf("the kernel died: %s", trouble)
		}
		for _, i := range cells {
			out := outputs(t, b, i)
			for _, o := range out.Outputs {
				if o.OutputType == "error" {
					t.Fatalf("cell %d (%s, level %d) failed: %s: %s", i, nb.Cells[i].Metadata.Neuro.Role, nb.Cells[i].Metadata.Neuro.Level, o.Ename, o.Evalue)
				}
				if raw, ok := o.Data[mimeType]; ok {
					if rec := decode(t, raw); rec.Status != want {
						t.Fatalf("check cell %d (level %d): %q, want %q: %s", i, rec.Level, rec.Status, want, rec.Message)
					}
				}
			}
		}
		return took
	}
	index := func(role string, level int) int {
		i := slices.IndexFunc(nb.Cells, func(c cell) bool {
			return c.Metadata.Neuro.Role == role && (level == 0 || c.Metadata.Neuro.Level == level)
		})
		if i < 0 {
			t.Fatalf("%s has no %s cell of level %d", notebook, role, level)
		}
		return i
	}
	// typeIn replaces an exercise cell's code with the solution's.
	typeIn := func(i int) {
		k := 0
		for _, c := range nb.Cells[:i] {
			if c.Metadata.Neuro.Role == "exercise" {
				k++
			}
		}
		if nb.Cells[i].Metadata.Neuro.Role != "exercise" || k >= len(solved) {
			t.Fatalf("cell %d is no exercise with a solution", i)
		}
		code, _ := json.Marshal(solved[k])
		b.Eval(fmt.Sprintf(`Jupyter.notebook.get_cell(%d).set_text(%s)`, i, code))
	}

	// The image's build cache holds everything the course's packages link,
	// compiled as a cell compiles it, and keeps it: Go deletes an entry
	// whose mtime is 5 days old, so an image run a week after its build
	// would lose them all unless they are dated in the future.
	if stale := strings.Fields(c.exec("go", "list", "-deps", "-f", "{{if and .Stale (ne .Name \"main\")}}{{.ImportPath}}{{end}}", "./neuro/...")); len(stale) > 0 {
		t.Errorf("the image's build cache misses %d packages the course links: %s", len(stale), strings.Join(stale[:min(len(stale), 10)], " "))
	}
	nextYear := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	if old := strings.Fields(c.exec("find", "/opt/go/cache", "-name", "*-[ad]", "!", "-newermt", nextYear)); len(old) > 0 {
		t.Errorf("%d entries of the image's build cache are dated before %s, and Go will trim them 5 days after: %s", len(old), nextYear, old[0])
	}

	// The first cells compile only their own programs. (Go touches the
	// cache entries it uses, so the test counts them rather than looking
	// at times.)
	compiled := func() int {
		return len(strings.Fields(c.exec("find", "/opt/go/cache", "-name", "*-d")))
	}
	inCache := compiled()
	took := cells("", index("setup", 0))
	t.Logf("the setup cell ran in %v", took.Round(time.Millisecond))
	ex, check := index("exercise", 1), index("check", 1)
	took = cells("not implemented", ex, check)
	t.Logf("the first check (the stub) ran in %v after the setup cell", took.Round(time.Millisecond))
	if built := compiled() - inCache; built > 6 {
		t.Errorf("the first cells added %d compiled packages to the build cache, want only their own programs: the image's cache misses what they link", built)
	} else {
		t.Logf("the first cells added %d compiled packages to the build cache", built)
	}
	typeIn(ex)
	took = cells("passed", ex, check)
	t.Logf("the first check with the solution's code ran in %v", took.Round(time.Millisecond))
	took = cells("passed", check)
	t.Logf("the same check again ran in %v", took.Round(time.Millisecond))

	// A plot drawn with the learner's code.
	plot := index("demo", 0)
	for i := ex + 1; i < plot; i++ {
		if nb.Cells[i].Metadata.Neuro.Role == "exercise" {
			typeIn(i)
			cells("", i)
		}
	}
	took = cells("", plot)
	if out := outputs(t, b, plot); !slices.ContainsFunc(out.Outputs, func(o output) bool { return o.Data["image/png"] != nil }) {
		t.Fatalf("the plot cell %d shows no image", plot)
	}
	t.Logf("the plot cell ran in %v", took.Round(time.Millisecond))

	// The first demo with sliders, after the levels it draws with.
	demo := slices.IndexFunc(nb.Cells, func(c cell) bool { return isDemo(t, c) })
	var todo []int
	for i := plot + 1; i < demo; i++ {
		if nb.Cells[i].Metadata.Neuro.Role == "exercise" {
			typeIn(i)
			todo = append(todo, i)
		}
	}
	cells("", append(todo, demo)...)
	before := waitDemo(t, b, demo)
	if after := moveSlider(b, demo, 0.9); after.Src == before.Src || after.Value == before.Value {
		t.Fatalf("moving the slider from %q to %q left the figure as it was", before.Value, after.Value)
	} else {
		t.Logf("the demo's slider moved from %s to %s and the figure changed", before.Value, after.Value)
	}

	// A later level.
	ex = slices.IndexFunc(nb.Cells[demo:], func(c cell) bool { return c.Metadata.Neuro.Role == "exercise" }) + demo
	check = slices.IndexFunc(nb.Cells[ex:], func(c cell) bool { return c.Metadata.Neuro.Role == "check" }) + ex
	typeIn(ex)
	cells("passed", ex, check)

	// What the image does not hold fails: a module that is not in its
	// cache, and the network. The cells go again before saving.
	for _, probe := range []struct{ code, want string }{
		{"import \"rsc.io/quote\"\n%%\nfmt.Println(quote.Go())", "rsc.io/quote"},
		{"%%\n_, err := net.Dial(\"tcp\", \"proxy.golang.org:443\")\nif err != nil {\n\tpanic(err)\n}", "proxy.golang.org"},
	} {
		code, _ := json.Marshal(probe.code)
		b.Eval(fmt.Sprintf(`Jupyter.notebook.insert_cell_at_bottom("code").set_text(%s)`, code))
		last := int(evalNumber(t, b, `Jupyter.notebook.ncells() - 1`))
		run(t, b, last)
		// The cell's error comes on the kernel's iopub channel, and the
		// reply that numbers the cell on its shell channel: either may
		// reach the page first.
		b.WaitFor("the error of a cell that needs "+probe.want, time.Minute, fmt.Sprintf(
			`Jupyter.notebook.get_cell(%d).output_area.outputs.some(function (o) { return o.output_type === "error"; })`, last))
		var text string
		b.EvalInto(fmt.Sprintf(`JSON.stringify(Jupyter.notebook.get_cell(%d).output_area.outputs)`, last), &text)
		if !strings.Contains(text, `"error"`) || !strings.Contains(text, probe.want) {
			t.Errorf("a cell that needs %s did not fail: %s", probe.want, tail([]byte(text), 1000))
		}
		b.Eval(fmt.Sprintf(`Jupyter.notebook.delete_cell(%d), true`, last))
	}

	b.Eval(`Jupyter.notebook.save_notebook().then(function () { window.saved = "saved"; }, function (e) { window.saved = String(e); })`)
	b.WaitFor("the notebook to be saved", time.Minute, `!!window.saved`)
	if saved := string(b.Eval(`window.saved`)); saved != `"saved"` {
		t.Fatalf("saving the notebook: %s", saved)
	}
}

// outputs returns the outputs of cell i as the page holds them.
func outputs(t *testing.T, b *devtools.Browser, i int) cell {
	t.Helper()
	var c cell
	b.EvalInto(fmt.Sprintf(`({outputs: Jupyter.notebook.get_cell(%d).output_area.outputs})`, i), &c)
	return c
}

// evalNumber evaluates a JavaScript expression in the page to a number.
func evalNumber(t *testing.T, b *devtools.Browser, js string) float64 {
	t.Helper()
	n, err := strconv.ParseFloat(string(b.Eval(js)), 64)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return n
}
