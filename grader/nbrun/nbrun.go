// Package nbrun executes course notebooks headless in the GoNB kernel and
// grades their levels from the check records in their outputs.
package nbrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neurogo/course/grader/jupyter"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/sandbox"
	"github.com/neurogo/course/neuro/check"
)

// Missing is the status of a level whose check never reported.
const Missing = "missing"

// KernelDied is the name of the error of a cell during which the kernel
// stopped.
const KernelDied = "KernelDied"

// A Level is the grade of one level.
type Level struct {
	Level   int    `json:"level"`
	Title   string `json:"title"`
	Status  string `json:"status"` // a check.Status or Missing
	Message string `json:"message,omitempty"`
}

// A Report is what running one notebook gave.
type Report struct {
	Path     string  `json:"path"`
	Executed string  `json:"executed,omitempty"` // the executed notebook, with outputs
	Project  int     `json:"project"`
	Error    string  `json:"error,omitempty"` // why it could not be run
	Seconds  float64 `json:"seconds"`
	Stats
	Levels []Level `json:"levels"`
	Counts Counts  `json:"counts"`
}

// Counts tallies levels by status.
type Counts struct {
	Passed         int `json:"passed"`
	Failed         int `json:"failed"`
	NotImplemented int `json:"not_implemented"`
	Missing        int `json:"missing"`
}

// Add counts one level of the given status.
func (c *Counts) Add(status string) {
	switch status {
	case string(check.Passed):
		c.Passed++
	case string(check.Failed):
		c.Failed++
	case string(check.NotImplemented):
		c.NotImplemented++
	default:
		c.Missing++
	}
}

// Plus returns the sum of two tallies.
func (c Counts) Plus(d Counts) Counts {
	return Counts{c.Passed + d.Passed, c.Failed + d.Failed, c.NotImplemented + d.NotImplemented, c.Missing + d.Missing}
}

func (c Counts) String() string {
	return fmt.Sprintf("%d passed, %d failed, %d not implemented, %d missing", c.Passed, c.Failed, c.NotImplemented, c.Missing)
}

// A Runner executes notebooks, each in a fresh GoNB kernel.
type Runner struct {
	Bin     string        // folder with gonb and goimports (see Tools)
	Out     string        // where executed notebooks and kernel logs go
	Timeout time.Duration // time limit of one cell
	// Timeouts, if set, gives the time limit of the cells it holds,
	// instead of Timeout.
	Timeouts map[*notebook.Cell]time.Duration
	// MaxStream and MaxDisplay cap the bytes of printed text and of
	// displays kept from one cell (0: no cap).
	MaxStream, MaxDisplay int
	Seed                  uint64 // the seed every check runs with
	// Cell, if set, is called before each code cell runs, with its number
	// and the number of code cells.
	Cell func(i, n int)
	// Jail, if set, is where each kernel runs, in place of this process's
	// environment and working folder.
	Jail *Jail
	// Demos makes a kernel outside a Jail run demo cells as a learner's
	// does, every frame drawn; otherwise NEURO_HEADLESS has them draw their
	// first frame only.
	Demos bool
}

// A Jail is what a kernel of a graded run sees: its whole environment and
// what it may read and write, in a sandbox unless Unsandboxed is set.
type Jail struct {
	Sandbox sandbox.Sandbox
	// Before is a shell command run where the kernel runs, before it
	// starts, such as a copy of a warm build cache.
	Before string
	// Unsandboxed runs the kernel with Sandbox's environment but no
	// sandbox: the learner's code then runs with the grader's rights.
	Unsandboxed bool
	// Limits, if set, hold each sandboxed kernel and everything it starts
	// in a control group of their own (see sandbox.NewCgroup).
	Limits *sandbox.Limits
}

// Run executes one notebook and grades its levels. It never fails: what
// went wrong is in the report.
func (r *Runner) Run(ctx context.Context, path string) *Report {
	start := time.Now()
	rep := &Report{Path: path}
	defer func() { rep.Seconds = time.Since(start).Seconds() }()
	if err := r.run(ctx, path, rep); err != nil {
		rep.Error = err.Error()
	}
	return rep
}

func (r *Runner) run(ctx context.Context, path string, rep *Report) error {
	nb, err := notebook.Read(path)
	if err != nil {
		return err
	}
	if err := CheckKernel(nb); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	rep.Project = Project(nb)
	executed := filepath.Join(r.Out, filepath.Base(filepath.Dir(abs(path))), filepath.Base(path))
	rep.Stats, err = r.Execute(ctx, nb, filepath.Dir(abs(path)), executed)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	rep.Executed = executed
	records := map[int]*check.Record{}
	for _, c := range nb.Cells {
		for _, rec := range Records(c.Outputs) {
			if rec.Project == rep.Project {
				records[rec.Level] = rec
			}
		}
	}
	rep.Levels = Grade(r.Seed, rep.Project, records)
	for _, l := range rep.Levels {
		rep.Counts.Add(l.Status)
	}
	return nil
}

// Stats count what happened to a notebook's code cells.
type Stats struct {
	Cells    int `json:"cells"`
	Errors   int `json:"cell_errors"` // cells that ended in an error
	TimedOut int `json:"cells_timed_out"`
}

// Execute runs the code cells of nb in order in a fresh kernel whose working
// folder is dir, and puts their outputs in nb. It writes the executed
// notebook to the path executed, with the kernel's log beside it. A cell's
// error does not stop the run; a kernel that cannot be started or talked to
// does.
func (r *Runner) Execute(ctx context.Context, nb *notebook.Notebook, dir, executed string) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(filepath.Dir(executed), 0o755); err != nil {
		return st, err
	}
	logFile, err := os.Create(strings.TrimSuffix(executed, ".ipynb") + ".kernel.log")
	if err != nil {
		return st, err
	}
	defer logFile.Close()

	s := &session{r: r, dir: dir, log: logFile}
	defer s.close()
	var code []*notebook.Cell
	for _, c := range nb.Cells {
		if c.Type == notebook.Code {
			code = append(code, c)
		}
	}
	for i, c := range code {
		if ctx.Err() != nil {
			return st, errors.New("interrupted")
		}
		if r.Cell != nil {
			r.Cell(i+1, len(code))
		}
		res, err := s.execute(ctx, c, code[:i])
		if err != nil && s.kernel != nil && ctx.Err() == nil {
			// The kernel stopped while the cell ran: the cell's code
			// killed it. The cell failed; the next cell starts a new
			// kernel, which does not replay this one.
			s.close()
			res, err = &jupyter.Result{Status: "error", Outputs: []*notebook.Output{{Type: notebook.Error,
				EName: KernelDied, EValue: "the kernel stopped while this cell ran: " + err.Error()}}}, nil
		}
		if err != nil {
			return st, fmt.Errorf("cell %d: %v", i+1, err)
		}
		st.Cells++
		c.Outputs, c.ExecutionCount = res.Outputs, &res.ExecutionCount
		if res.TimedOut {
			st.TimedOut++
			c.Outputs = append(c.Outputs, &notebook.Output{Type: notebook.Stream, Name: "stderr",
				Text: notebook.Text(fmt.Sprintf("grader: the cell ran past %v and was interrupted\n", r.timeout(c)))})
		}
		if res.Status == "error" || res.TimedOut {
			st.Errors++
		}
	}
	return st, nb.Write(executed)
}

// Grade judges the records of a project's levels again, in this process,
// trusting only the outputs they hold, with the seed the run chose. A level
// without a record is Missing.
func Grade(seed uint64, project int, records map[int]*check.Record) []Level {
	var levels []Level
	for _, info := range check.Levels(project) {
		l := Level{Level: info.Level, Title: info.Title, Status: Missing,
			Message: "its check cell did not report: it was not run, did not compile, or stopped early"}
		if rec, ok := records[info.Level]; ok {
			res, err := check.Rejudge(seed, rec)
			if err != nil {
				l.Message = err.Error()
			} else {
				l.Status, l.Message = string(res.Status), res.Message
			}
		}
		levels = append(levels, l)
	}
	return levels
}

// Records returns the check records among a cell's outputs.
func Records(outputs []*notebook.Output) []*check.Record {
	var recs []*check.Record
	for _, o := range outputs {
		var data []byte
		switch v := o.Data[check.MIMEType].(type) {
		case nil:
			continue
		case string:
			data = []byte(v)
		default:
			data, _ = json.Marshal(v)
		}
		if rec, err := check.ParseRecord(data); err == nil {
			recs = append(recs, rec)
		}
	}
	return recs
}

// A session is the kernel a notebook runs in. If the kernel dies (a cell
// that would not stop was killed), the next cell starts a new one and first
// replays the declaration cells before it, so later levels can still run.
type session struct {
	r      *Runner
	dir    string
	log    io.Writer
	kernel *jupyter.Kernel
	tmp    string          // the kernel's TMPDIR, where GoNB builds the cells
	cgroup *sandbox.Cgroup // holds the kernel of a Jail with Limits
}

func (s *session) start(ctx context.Context) error {
	tmp, err := os.MkdirTemp("", "nbrun-")
	if err != nil {
		return err
	}
	s.tmp = tmp
	opt := jupyter.Options{
		Argv:       []string{filepath.Join(s.r.Bin, "gonb"), "--kernel", "{connection_file}"},
		Dir:        s.dir,
		Stderr:     s.log,
		MaxStream:  s.r.MaxStream,
		MaxDisplay: s.r.MaxDisplay,
	}
	if j := s.r.Jail; j == nil {
		opt.Env = append(os.Environ(),
			"TMPDIR="+tmp,
			"PATH="+s.r.Bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			check.SeedEnv+"="+strconv.FormatUint(s.r.Seed, 10),
		)
		if !s.r.Demos {
			opt.Env = append(opt.Env, "NEURO_HEADLESS=1")
		}
	} else {
		// The kernel's sockets and connection file in tmp, the only
		// folder of this machine the sandbox may write.
		opt.IPCDir = tmp
		script := `set -e; ` + j.Before + `; exec "$0" --kernel "$1"`
		argv := []string{"/bin/sh", "-c", script, opt.Argv[0], "{connection_file}"}
		sb := j.Sandbox
		sb.Writable = append(slices.Clone(sb.Writable), tmp)
		opt.Env, opt.Dir = sb.Env, sb.Dir
		if !j.Unsandboxed {
			opt.Env = []string{"PATH=" + os.Getenv("PATH")} // for bwrap; the kernel gets sb.Env
			argv = sb.Args(argv...)
			if j.Limits != nil {
				if s.cgroup, err = sandbox.NewCgroup(*j.Limits); err != nil {
					return err
				}
				argv = s.cgroup.Wrap(argv)
			}
		}
		opt.Argv = argv
	}
	k, err := jupyter.Start(ctx, opt)
	if err != nil {
		return fmt.Errorf("starting the GoNB kernel: %v", err)
	}
	s.kernel = k
	return nil
}

// timeout is the time limit of cell c.
func (r *Runner) timeout(c *notebook.Cell) time.Duration {
	if t, ok := r.Timeouts[c]; ok {
		return t
	}
	return r.Timeout
}

// execute runs one cell; before is the code cells that came before it.
func (s *session) execute(ctx context.Context, c *notebook.Cell, before []*notebook.Cell) (*jupyter.Result, error) {
	if s.kernel != nil && !s.kernel.Alive() {
		s.close()
	}
	if s.kernel == nil {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
		for _, b := range before {
			if !isMainCell(string(b.Source)) && !killedKernel(b) {
				s.kernel.Execute(ctx, string(b.Source), s.r.timeout(b))
			}
		}
	}
	return s.kernel.Execute(ctx, string(c.Source), s.r.timeout(c))
}

func (s *session) close() {
	if s.kernel != nil {
		s.kernel.Shutdown()
		s.kernel = nil
	}
	if s.cgroup != nil {
		// Every process the kernel started is gone before the results of
		// its cells are used.
		if err := s.cgroup.Remove(); err != nil {
			fmt.Fprintf(s.log, "nbrun: %v\n", err)
		}
		s.cgroup = nil
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
		s.tmp = ""
	}
}

// killedKernel reports whether the kernel stopped while cell c ran.
func killedKernel(c *notebook.Cell) bool {
	for _, o := range c.Outputs {
		if o.Type == notebook.Error && o.EName == KernelDied {
			return true
		}
	}
	return false
}

// isMainCell reports whether a cell is a program (%% and the like) rather
// than declarations.
func isMainCell(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "%%" || strings.HasPrefix(t, "%main") || strings.HasPrefix(t, "%test") {
			return true
		}
	}
	return false
}

// Each calls do(i) for every i from 0 to n−1, jobs calls at a time, each
// a notebook in its own kernel, say. Once ctx ends it starts no more.
func Each(ctx context.Context, n, jobs int, do func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
