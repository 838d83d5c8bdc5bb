// Package site builds the course's website: a static site, readable with
// no network, made from the learner notebooks in notebooks/, the expected
// figures and demos the solutions drew in notebooks/figures/, and the key
// concepts of solutions/key-concepts.tsv. No notebook is run, and no
// solution is read: the site shows what a learner's notebook shows.
//
// The site is an index page (what the course is, its projects, how to open
// it, the course map) and a page per project, with the project's prose and
// formulas, its code cells highlighted as Go, the expected figure under
// every plot cell, its demo with working sliders, a table of contents of
// its levels (anchors level-1 … level-25), and links to open the notebook
// in Binder or download it. Formulas are typeset in the page by KaTeX,
// which the site ships with its fonts; a small script searches the levels.
package site

import (
	"archive/zip"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/grader/release"
	"github.com/neurogo/course/neuro/schema"
)

// Binder is the address that opens the course's repository in Binder; a
// notebook's is Binder + BinderNotebook + its file name.
const (
	Binder         = "https://mybinder.org/v2/gh/neurogo/course/HEAD"
	BinderNotebook = "?urlpath=notebooks/notebooks/"
	BinderTree     = "?urlpath=tree/notebooks"
)

// Zip is the file of the site that holds every learner notebook and its
// figures.
const Zip = "neurogo-notebooks.zip"

// assets are the files the site ships as they are: its style, its
// script and KaTeX.
//
//go:embed assets
var assets embed.FS

// templates are the site's pages.
//
//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// A Project is one project's page.
type Project struct {
	File    string // the notebook's file name, "06-plasticity-and-learning.ipynb"
	Number  int
	Title   string // "Plasticity and Learning"
	Summary string // the first sentence of its introduction
	Levels  []Level
	Body    template.HTML
	// Prev and Next are the projects before and after it, nil at the ends.
	Prev, Next *Project
}

// A Level is one level of a project.
type Level struct {
	Number   int
	Title    string
	Concepts []string
	prose    []string // its markdown cells, for the search index
}

// Page returns the file name of the project's page.
func (p *Project) Page() string { return strings.TrimSuffix(p.File, ".ipynb") + ".html" }

// Binder returns the address that opens the project's notebook in Binder.
func (p *Project) Binder() string { return Binder + BinderNotebook + url.QueryEscape(p.File) }

// Download returns the path, in the site, of the project's notebook.
func (p *Project) Download() string { return "notebooks/" + p.File }

// A Concept is a key concept with the levels that teach it.
type Concept struct {
	release.Concept
	Levels []LevelLink
}

// A LevelLink is a link to a level: "6.7" to "06-….html#level-7".
type LevelLink struct {
	Name, Href, Title string
}

// Build writes the site of the course checked out in course into the
// folder out, which it makes if need be.
func Build(course, out string) error {
	notebooks := filepath.Join(course, "notebooks")
	paths, _ := filepath.Glob(filepath.Join(notebooks, "*.ipynb"))
	if len(paths) == 0 {
		return fmt.Errorf("no notebooks in %s", notebooks)
	}
	concepts, err := release.ReadConcepts(filepath.Join(course, "solutions", release.ConceptsFile))
	if err != nil {
		return err
	}
	var projects []*Project
	for _, p := range paths {
		nb, err := notebook.Read(p)
		if err != nil {
			return err
		}
		proj, err := render(nb, filepath.Base(p), notebooks)
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		projects = append(projects, proj)
	}
	for i, p := range projects {
		if i > 0 {
			p.Prev = projects[i-1]
		}
		if i+1 < len(projects) {
			p.Next = projects[i+1]
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	w := writer{out: out}
	w.page("index.html", "index", map[string]any{
		"Projects": projects, "Concepts": courseMap(concepts, projects),
		"Binder": Binder + BinderTree, "Zip": Zip,
	})
	for _, p := range projects {
		w.page(p.Page(), "project", p)
		w.copy(filepath.Join(notebooks, p.File), p.Download())
	}
	w.file("search-index.js", searchIndex(projects))
	w.file("chroma.css", chromaCSS())
	w.assets()
	w.figures(notebooks)
	w.zip(notebooks, projects)
	return w.err
}

// courseMap returns the key concepts, sorted by name, each with the levels
// that teach it.
func courseMap(concepts []release.Concept, projects []*Project) []Concept {
	list := make([]Concept, len(concepts))
	for i, c := range concepts {
		list[i].Concept = c
		for _, p := range projects {
			for _, l := range p.Levels {
				if slices.Contains(l.Concepts, c.Name) {
					list[i].Levels = append(list[i].Levels, LevelLink{
						Name:  fmt.Sprintf("%d.%d", p.Number, l.Number),
						Href:  p.Page() + "#" + levelID(l.Number),
						Title: fmt.Sprintf("Project %d, level %d · %s", p.Number, l.Number, l.Title),
					})
				}
			}
		}
	}
	slices.SortFunc(list, func(a, b Concept) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return list
}

// levelID is the anchor of level n on its project's page.
func levelID(n int) string { return "level-" + strconv.Itoa(n) }

var (
	projectRE = regexp.MustCompile(`(?m)^# Project (\d+) · (.+)$`)
	levelRE   = regexp.MustCompile(`(?m)^## Level (\d+) · (.+)$`)
)

// render makes the page of a learner notebook, named file, in the folder
// notebooks.
func render(nb *notebook.Notebook, file, notebooks string) (*Project, error) {
	p := &Project{File: file, Number: schema.Project(nb.Metadata)}
	md := newMarkdown()
	var body bytes.Buffer
	var level *Level
	concepts := release.Concepts(nb)
	for i, c := range nb.Cells {
		src := string(c.Source)
		switch c.Type {
		case notebook.Markdown:
			if m := projectRE.FindStringSubmatch(src); m != nil && p.Title == "" {
				p.Title = strings.TrimSpace(m[2])
				p.Summary = summary(src)
			}
			for _, m := range levelRE.FindAllStringSubmatch(src, -1) {
				n, _ := strconv.Atoi(m[1])
				p.Levels = append(p.Levels, Level{Number: n, Title: strings.TrimSpace(m[2]), Concepts: concepts[n]})
				level = &p.Levels[len(p.Levels)-1]
			}
			if level != nil {
				level.prose = append(level.prose, src)
			}
			if strings.HasSuffix(c.ID, "-expected") && i > 0 && release.IsDemo(nb.Cells[i-1]) {
				demo, err := os.ReadFile(filepath.Join(notebooks, release.DemoPath(file, nb.Cells[i-1].ID)))
				if err != nil {
					return nil, fmt.Errorf("the demo of cell %s: %v", nb.Cells[i-1].ID, err)
				}
				fmt.Fprintf(&body, "<figure class=\"demo\">\n<figcaption>Expected result: the solution's demo. Move a slider to see the figure for other values.</figcaption>\n%s</figure>\n", demo)
				continue
			}
			if err := md.render(&body, src); err != nil {
				return nil, fmt.Errorf("cell %s: %v", c.ID, err)
			}
		case notebook.Code:
			writeCode(&body, c)
		}
	}
	if p.Title == "" {
		return nil, fmt.Errorf("no heading \"# Project N · Title\"")
	}
	p.Body = template.HTML(body.String())
	return p, nil
}

// summary returns the first sentence of a project's introduction, the
// paragraph after its title, as plain text.
func summary(src string) string {
	_, rest, _ := strings.Cut(src, "\n\n")
	para, _, _ := strings.Cut(rest, "\n\n")
	para = strings.Join(strings.Fields(plain(para)), " ")
	if i := strings.Index(para, ". "); i >= 0 {
		para = para[:i+1]
	}
	return para
}

// markupRE matches what plain leaves out of markdown: formulas, emphasis
// and code marks, link targets, heading marks.
var markupRE = regexp.MustCompile(`\$\$[^$]*\$\$|\$[^$]*\$|[*_` + "`" + `#|]|\]\([^)]*\)|!\[`)

// plain returns markdown as rough plain text, its formulas left out.
func plain(md string) string {
	return strings.NewReplacer("[", "", "]", " ").Replace(markupRE.ReplaceAllString(md, " "))
}

// cellLabels names a code cell by its role.
var cellLabels = map[schema.Role]string{
	schema.RoleGiven:    "Given code",
	schema.RoleExercise: "Exercise: write this function",
	schema.RoleCheck:    "Check",
	schema.RoleDemo:     "Demo",
}

// writeCode writes a code cell, highlighted as Go, with a label of its
// role. The setup cell is folded away.
func writeCode(w *bytes.Buffer, c *notebook.Cell) {
	role, level := schema.CellRole(c.Metadata)
	label, class := cellLabels[role], string(role)
	switch {
	case role == schema.RoleSetup:
		label = "Setup cell: run it first (it points the kernel at the course and imports the packages)"
	case role == "" && release.IsPlot(c):
		label, class = "Plot", "plot"
	case role == "":
		label, class = "Code", "code"
	}
	if level > 0 && role != schema.RoleSetup {
		label = fmt.Sprintf("%s · level %d", label, level)
	}
	code := highlight(string(c.Source))
	if role == schema.RoleSetup {
		fmt.Fprintf(w, "<details class=\"cell setup\"><summary>%s</summary>\n%s</details>\n", template.HTMLEscapeString(label), code)
		return
	}
	fmt.Fprintf(w, "<div class=\"cell %s\"><div class=\"cell-label\">%s</div>\n%s</div>\n", class, template.HTMLEscapeString(label), code)
}

// writer writes the files of the site, keeping the first error.
type writer struct {
	out string
	err error
}

// file writes data to the file name of the site.
func (w *writer) file(name string, data []byte) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.out, filepath.FromSlash(name))
	if w.err = os.MkdirAll(filepath.Dir(path), 0o755); w.err == nil {
		w.err = os.WriteFile(path, data, 0o644)
	}
}

// page writes the template tmpl with data to the file name.
func (w *writer) page(name, tmpl string, data any) {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, tmpl, data); err != nil && w.err == nil {
		w.err = err
	}
	w.file(name, b.Bytes())
}

// copy copies the file src to the file name of the site.
func (w *writer) copy(src, name string) {
	data, err := os.ReadFile(src)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.file(name, data)
}

// assets writes the site's style, script and KaTeX.
func (w *writer) assets() {
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assets.ReadFile(p)
		w.file(strings.TrimPrefix(p, "assets/"), data)
		return err
	})
	if err != nil && w.err == nil {
		w.err = err
	}
}

// figures copies the expected figures, the PNGs of notebooks/figures/.
func (w *writer) figures(notebooks string) {
	pngs, _ := filepath.Glob(filepath.Join(notebooks, release.FiguresDir, "*", "*.png"))
	for _, p := range pngs {
		rel, _ := filepath.Rel(notebooks, p)
		w.copy(p, filepath.ToSlash(rel))
	}
}

// zip writes the file Zip: every learner notebook and its figures, as
// notebooks/ holds them.
func (w *writer) zip(notebooks string, projects []*Project) {
	if w.err != nil {
		return
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	add := func(rel string) {
		data, err := os.ReadFile(filepath.Join(notebooks, rel))
		if err != nil {
			w.err = err
			return
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: path.Join("notebooks", filepath.ToSlash(rel)), Method: zip.Store})
		if err == nil {
			_, err = io.Copy(f, bytes.NewReader(data))
		}
		if err != nil {
			w.err = err
		}
	}
	add(release.MapFile)
	for _, p := range projects {
		add(p.File)
		pngs, _ := filepath.Glob(filepath.Join(notebooks, release.FiguresFolder(p.File), "*.png"))
		for _, png := range pngs {
			rel, _ := filepath.Rel(notebooks, png)
			add(rel)
		}
	}
	if err := z.Close(); err != nil && w.err == nil {
		w.err = err
	}
	w.file(Zip, b.Bytes())
}
