package site

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
)

// course returns the root of this checkout.
func course(t *testing.T) string {
	t.Helper()
	root, err := nbrun.FindCourse("")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// built is the site the tests read, built once.
var built struct {
	once sync.Once
	dir  string
	took time.Duration
	err  error
}

// build builds the site of this checkout into a temporary folder, as the
// README's "go run ./grader site" does, once for all the tests, and
// returns the folder.
func build(t *testing.T) string {
	t.Helper()
	root := course(t)
	built.once.Do(func() {
		tmp, err := os.MkdirTemp("", "site-test-")
		if err != nil {
			built.err = err
			return
		}
		built.dir = filepath.Join(tmp, "site")
		start := time.Now()
		built.err = Build(root, built.dir)
		built.took = time.Since(start)
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	t.Logf("the site was built in %v", built.took.Round(time.Millisecond))
	return built.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(filepath.Dir(built.dir))
	}
	os.Exit(code)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// pageText returns the text of an HTML page, its tags left out.
func pageText(page []byte) string {
	return html.UnescapeString(tagRE.ReplaceAllString(string(page), ""))
}

// TestBuild builds the site from this checkout's notebooks and checks that
// it has a page per project with every level's heading, every notebook to
// download, every expected figure, and nothing of the solutions: the code
// between the solution markers of solutions/ appears on no page.
func TestBuild(t *testing.T) {
	root := course(t)
	out := build(t)
	sols, err := release.ReadSolutions(filepath.Join(root, "solutions"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sols) == 0 {
		t.Fatal("no solutions")
	}
	var all strings.Builder
	for file, sol := range sols {
		name := strings.TrimSuffix(file, ".ipynb")
		page, err := os.ReadFile(filepath.Join(out, name+".html"))
		if err != nil {
			t.Error(err)
			continue
		}
		all.Write(page)
		for _, h := range release.Headings(sol) {
			want := fmt.Sprintf("Level %d · %s", h.Level, h.Title)
			m := regexp.MustCompile(fmt.Sprintf(`<h2 id="level-%d">(.*?)</h2>`, h.Level)).FindSubmatch(page)
			if m == nil || pageText(m[1]) != want {
				t.Errorf("%s.html has no heading %q with the anchor level-%d", name, want, h.Level)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "notebooks", file)); err != nil {
			t.Errorf("the notebook to download: %v", err)
		}
		for _, c := range sol.Cells {
			if release.IsPlot(c) && !release.IsDemo(c) && !strings.Contains(string(page), release.FigurePath(file, c.ID)) {
				t.Errorf("%s.html does not show the figure of cell %s", name, c.ID)
			}
			if release.IsDemo(c) && !strings.Contains(string(page), `type="range"`) {
				t.Errorf("%s.html has no slider for the demo of cell %s", name, c.ID)
			}
		}
	}
	site := pageText([]byte(all.String()))
	regions := 0
	for file, sol := range sols {
		for _, c := range sol.Cells {
			for _, region := range solutionRegions(string(c.Source)) {
				regions++
				if strings.Contains(site, region) {
					t.Errorf("the site shows the solution of %s, cell %s:\n%s", file, c.ID, region)
				}
			}
		}
	}
	if regions == 0 {
		t.Error("the solutions have no solution regions")
	}
	figures, _ := filepath.Glob(filepath.Join(out, release.FiguresDir, "*", "*.png"))
	if len(figures) < len(sols) {
		t.Errorf("the site has %d figures", len(figures))
	}
}

// solutionRegions returns the code between the solution markers of a
// cell, each region's lines trimmed and joined by newlines, as they would
// appear in a page's text.
func solutionRegions(src string) []string {
	var list []string
	var region []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		switch strings.TrimSpace(line) {
		case release.Begin:
			in, region = true, nil
		case release.End:
			in = false
			if code := strings.TrimSpace(strings.Join(region, "\n")); len(code) > 20 {
				list = append(list, code)
			}
		default:
			if in {
				region = append(region, line)
			}
		}
	}
	return list
}

// TestSolutionsAreLookedFor feeds TestBuild's search a page that shows a
// solution, to show that it would find it.
func TestSolutionsAreLookedFor(t *testing.T) {
	src := "func F(x float64) float64 {\n\t" + release.Begin + "\n\ty := 2 * x\n\treturn y + 1 // the answer\n\t" + release.End + "\n}"
	regions := solutionRegions(src)
	if len(regions) != 1 {
		t.Fatalf("found %d regions, want 1", len(regions))
	}
	var page bytes.Buffer
	writeCode(&page, &notebook.Cell{Type: notebook.Code, Source: notebook.Text(src)})
	if !strings.Contains(pageText(page.Bytes()), regions[0]) {
		t.Errorf("the page of a cell that holds a solution does not show it:\n%s", page.String())
	}
}

// TestMath checks that formulas reach the page with their TeX as written,
// untouched by Markdown, and that a lone dollar stays a dollar.
func TestMath(t *testing.T) {
	for _, tt := range []struct{ md, want string }{
		{`a $V_\text{th} * x_1$ b`, `<p>a <span class="math">V_\text{th} * x_1</span> b</p>`},
		{"$$\\frac{a_1}{b_2}\n+ c_*$$", `<p><span class="math display">\frac{a_1}{b_2}` + "\n" + `+ c_*</span></p>`},
		{"text\n$$\n- a\n+ b\n$$\nmore", "<p>text</p>\n<p><span class=\"math display\">- a\n+ b</span></p>\n<p>more</p>"},
		{"$$x_1$$, so", `<p><span class="math display">x_1</span> , so</p>`},
		{"$$x_1\n\nno end", "<p>$$x_1\n</p>\n<p>no end</p>"},
		{`costs $5`, `<p>costs $5</p>`},
		{`\$ and $a < b$`, `<p>$ and <span class="math">a &lt; b</span></p>`},
		{`$\$x$`, `<p><span class="math">\$x</span></p>`},
	} {
		var b bytes.Buffer
		if err := newMarkdown().render(&b, tt.md); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(b.String()); got != tt.want {
			t.Errorf("%q renders as\n%s\nwant\n%s", tt.md, got, tt.want)
		}
	}
}

// TestLinks checks that links between notebooks and to their levels
// point at the site's pages and anchors.
func TestLinks(t *testing.T) {
	var b bytes.Buffer
	md := "[a](02-integrate-and-fire.ipynb#Level-4-·-Simulating) [b](#Level-12-·-x) [c](https://example.org/x.ipynb) [d](03-hodgkin-huxley.ipynb)\n\n## Level 3 · Three\n\n## Task\n\n## Task"
	if err := newMarkdown().render(&b, md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`href="02-integrate-and-fire.html#level-4"`, `href="#level-12"`, `href="https://example.org/x.ipynb"`,
		`href="03-hodgkin-huxley.html"`, `<h2 id="level-3">`, `<h2 id="task">`, `<h2 id="task-2">`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the page has no %s:\n%s", want, b.String())
		}
	}
}
