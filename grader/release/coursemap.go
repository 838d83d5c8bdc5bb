package release

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/neurogo/course/grader/notebook"
)

// ConceptsFile is the course's list of key concepts, in solutions/: one
// per line, tab-separated: the name, the number of the project that
// teaches it, and a one-line definition. Lines starting with # are
// comments.
const ConceptsFile = "key-concepts.tsv"

// MapFile is the course map that CourseMap makes, in notebooks/.
const MapFile = "00-course-map.md"

// A Concept is one of the course's key concepts.
type Concept struct {
	Name       string
	Project    int // the project that must teach it
	Definition string
}

// ReadConcepts reads a concepts file.
func ReadConcepts(path string) ([]Concept, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []Concept
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		p, err := strconv.Atoi(f[min(1, len(f)-1)])
		if len(f) != 3 || err != nil || f[0] == "" || f[2] == "" {
			return nil, fmt.Errorf("%s:%d: want a name, a project number and a definition, tab-separated", path, n)
		}
		if slices.ContainsFunc(list, func(c Concept) bool { return c.Name == f[0] }) {
			return nil, fmt.Errorf("%s:%d: %q is listed twice", path, n, f[0])
		}
		list = append(list, Concept{f[0], p, f[2]})
	}
	return list, sc.Err()
}

// A Heading is a level's heading in a notebook: "## Level 3 · Title".
type Heading struct {
	Level int
	Title string
}

var (
	headingRE = regexp.MustCompile(`(?m)^## Level (\d+) · (.+)$`)
	projectRE = regexp.MustCompile(`(?m)^# (Project \d+ · .+)$`)
)

// Headings returns the level headings of a notebook's markdown, in order.
func Headings(nb *notebook.Notebook) []Heading {
	var list []Heading
	for _, c := range nb.Cells {
		if c.Type != notebook.Markdown {
			continue
		}
		for _, m := range headingRE.FindAllStringSubmatch(string(c.Source), -1) {
			n, _ := strconv.Atoi(m[1])
			list = append(list, Heading{n, strings.TrimSpace(m[2])})
		}
	}
	return list
}

// Anchor returns the link to a heading of the notebook file as Jupyter
// names it: the heading's text with its spaces turned into hyphens. The
// link is escaped, parentheses too, so that it ends a markdown link.
func Anchor(file, heading string) string {
	link := (&url.URL{Path: file, Fragment: strings.ReplaceAll(heading, " ", "-")}).String()
	return strings.NewReplacer("(", "%28", ")", "%29").Replace(link)
}

// Concepts returns the key concepts each level of a solution notebook
// teaches, by level, from its check cells' metadata.
func Concepts(nb *notebook.Notebook) map[int][]string {
	m := map[int][]string{}
	for _, c := range nb.Cells {
		meta, _ := c.Metadata["neuro"].(map[string]any)
		level, _ := meta["level"].(float64)
		list, _ := meta["concepts"].([]any)
		for _, x := range list {
			if s, ok := x.(string); ok {
				m[int(level)] = append(m[int(level)], s)
			}
		}
	}
	return m
}

// CourseMap returns the course map in markdown: each key concept with its
// definition and links to the levels that teach it, then each project's
// levels. sols are the solution notebooks by file name. It fails when a
// level names a concept that is not in the list.
func CourseMap(concepts []Concept, sols map[string]*notebook.Notebook) ([]byte, error) {
	files := make([]string, 0, len(sols))
	for f := range sols {
		files = append(files, f)
	}
	slices.Sort(files)
	teaching := map[string][]string{} // concept → links to its levels
	var projects bytes.Buffer
	for _, f := range files {
		nb := sols[f]
		title := strings.TrimSuffix(f, ".ipynb")
		for _, c := range nb.Cells {
			if m := projectRE.FindStringSubmatch(string(c.Source)); c.Type == notebook.Markdown && m != nil {
				title = m[1]
				break
			}
		}
		fmt.Fprintf(&projects, "\n### [%s](%s)\n\n", title, (&url.URL{Path: f}).String())
		tags := Concepts(nb)
		for _, h := range Headings(nb) {
			heading := fmt.Sprintf("Level %d · %s", h.Level, h.Title)
			link := fmt.Sprintf("[%d.%d](%s)", projectOf(nb), h.Level, Anchor(f, heading))
			fmt.Fprintf(&projects, "%d. [%s](%s)\n", h.Level, h.Title, Anchor(f, heading))
			for _, name := range tags[h.Level] {
				if !slices.ContainsFunc(concepts, func(c Concept) bool { return c.Name == name }) {
					return nil, fmt.Errorf("%s, level %d: %q is not a key concept of %s", f, h.Level, name, ConceptsFile)
				}
				teaching[name] = append(teaching[name], link)
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("# Course map\n\n" +
		"The key concepts of the course, each with the levels that teach it, and\n" +
		"then every project's levels. Links open the notebooks at the level.\n" +
		"This file is made by `grader release` from the solution notebooks and\n" +
		"`solutions/" + ConceptsFile + "`: do not edit it by hand.\n\n" +
		"## Key concepts\n\n")
	sorted := slices.Clone(concepts)
	slices.SortFunc(sorted, func(a, b Concept) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	for _, c := range sorted {
		where := "levels " + strings.Join(teaching[c.Name], ", ")
		if len(teaching[c.Name]) == 0 {
			where = fmt.Sprintf("Project %d, still to come", c.Project)
		}
		fmt.Fprintf(&b, "- **%s**: %s (%s)\n", c.Name, c.Definition, where)
	}
	b.WriteString("\n## The projects\n")
	b.Write(projects.Bytes())
	return b.Bytes(), nil
}

// projectOf returns the project number in a notebook's metadata, or 0.
func projectOf(nb *notebook.Notebook) int {
	meta, _ := nb.Metadata["neuro"].(map[string]any)
	n, _ := meta["project"].(float64)
	return int(n)
}

// Untaught returns the concepts of the projects among sols that no level
// teaches.
func Untaught(concepts []Concept, sols map[string]*notebook.Notebook) []Concept {
	taught, present := map[string]bool{}, map[int]bool{}
	for _, nb := range sols {
		present[projectOf(nb)] = true
		for _, names := range Concepts(nb) {
			for _, name := range names {
				taught[name] = true
			}
		}
	}
	var list []Concept
	for _, c := range concepts {
		if present[c.Project] && !taught[c.Name] {
			list = append(list, c)
		}
	}
	return list
}

// ReadSolutions reads the solution notebooks in dir, by file name.
func ReadSolutions(dir string) (map[string]*notebook.Notebook, error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	sols := map[string]*notebook.Notebook{}
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			return nil, err
		}
		sols[filepath.Base(path)] = nb
	}
	return sols, nil
}
