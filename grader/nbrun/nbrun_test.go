package nbrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neurogo/course/grader/jupyter"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
)

// tools builds (or finds) the kernel for the tests.
func tools(tb testing.TB) (course, bin string) {
	tb.Helper()
	course, err := FindCourse("")
	if err != nil {
		tb.Fatal(err)
	}
	bin, err = Tools(course, DefaultCache(), tb.Logf)
	if err != nil {
		tb.Fatal(err)
	}
	return course, bin
}

// A cell that runs past its time limit is interrupted, noted in the
// executed notebook, and the cells after it still run with the declarations
// made before it.
func TestTimeoutThenGoOn(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the GoNB kernel")
	}
	_, bin := tools(t)
	dir := t.TempDir()
	nb := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5,
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "gonb"}},
		Cells: []*notebook.Cell{
			{Type: notebook.Code, Source: "func Twice(x int) int { return 2 * x }"},
			{Type: notebook.Code, Source: "%%\nfor {\n}"},
			{Type: notebook.Code, Source: "%%\nfmt.Println(Twice(21))"},
		}}
	path := filepath.Join(dir, "loop.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	r := &Runner{Bin: bin, Out: filepath.Join(dir, "out"), Timeout: 5 * time.Second, Seed: 1}
	rep := r.Run(context.Background(), path)
	if rep.Error != "" {
		t.Fatal(rep.Error)
	}
	if rep.Cells != 3 || rep.TimedOut != 1 {
		t.Errorf("%d cells run, %d timed out; want 3 and 1", rep.Cells, rep.TimedOut)
	}
	out, err := notebook.Read(rep.Executed)
	if err != nil {
		t.Fatal(err)
	}
	if text := outputText(out.Cells[1]); !strings.Contains(text, "interrupted") {
		t.Errorf("the looping cell's outputs do not say it was interrupted: %q", text)
	}
	if text := outputText(out.Cells[2]); !strings.Contains(text, "42") {
		t.Errorf("the cell after the loop printed %q, want 42", text)
	}
}

func outputText(c *notebook.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(string(o.Text))
		b.WriteString(o.EValue)
	}
	return b.String()
}

// benchKernel starts a kernel in the course's solutions folder with the
// course module set up, as a notebook's first cell does.
func benchKernel(b *testing.B) *jupyter.Kernel {
	course, bin := tools(b)
	k, err := jupyter.Start(context.Background(), jupyter.Options{
		Argv: []string{filepath.Join(bin, "gonb"), "--kernel", "{connection_file}"},
		Dir:  filepath.Join(course, "solutions"),
		Env:  append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), schema.HeadlessEnv+"=1"),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { k.Shutdown() })
	for _, cell := range []string{
		schema.SetupCommands + "import \"" + schema.ModulePath + "/neuro/membrane\"",
		"func Charge(c, v float64) float64 { return c * v }",
	} {
		if res, err := k.Execute(context.Background(), cell, time.Minute); err != nil || res.Status != "ok" {
			b.Fatalf("setting up: %v %+v", err, res)
		}
	}
	return k
}

func benchCell(b *testing.B, cell string) {
	k := benchKernel(b)
	// Warm up: the first run of a cell builds what it imports.
	if res, err := k.Execute(context.Background(), cell, time.Minute); err != nil || res.Status != "ok" {
		b.Fatalf("%v %+v", err, res)
	}
	for b.Loop() {
		if _, err := k.Execute(context.Background(), cell, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrivialCell measures the latency of a cell that prints a number:
// GoNB's goimports, build and run of a tiny program.
func BenchmarkTrivialCell(b *testing.B) {
	benchCell(b, "%%\nfmt.Println(1)")
}

// BenchmarkCheckCell measures the latency of a level's check cell, with the
// course's check package linked in.
func BenchmarkCheckCell(b *testing.B) {
	benchCell(b, "%%\nmembrane.CheckCharge(Charge)")
}

func TestEach(t *testing.T) {
	var mu sync.Mutex
	seen, running, most := map[int]int{}, 0, 0
	Each(context.Background(), 20, 3, func(i int) {
		mu.Lock()
		seen[i]++
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
	})
	if len(seen) != 20 || most > 3 {
		t.Errorf("Each called %d indexes, %d at most at once; want 20, at most 3", len(seen), most)
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("Each called %d %d times", i, n)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	Each(ctx, 20, 1, func(int) { calls++ })
	if calls != 0 {
		t.Errorf("Each made %d calls after its context ended", calls)
	}
}
