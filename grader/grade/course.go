// Package grade scores learners' notebooks against the course: it takes
// the learner's own code from a submission, runs it in the GoNB kernel
// with the course's check cells (never the submission's), and judges the
// check records in the grader's process.
package grade

import (
	"crypto/sha256"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
)

// A Course holds what grading needs from the solution notebooks.
type Course struct {
	Root     string
	Projects map[int]*Project
	// Version identifies the course's checks: shards graded with
	// different versions cannot be merged.
	Version string
}

// A Project is one solution notebook's setup cell and check cells.
type Project struct {
	Number   int
	Notebook string         // the solution's file name
	Setup    string         // the setup cell's source
	Checks   map[int]string // level → the check cell's source
	Levels   []int          // the levels with a check cell, in order
}

// LoadCourse reads the solution notebooks of the course at root.
func LoadCourse(root string) (*Course, error) {
	paths, _ := filepath.Glob(filepath.Join(root, "solutions", "*.ipynb"))
	if len(paths) == 0 {
		return nil, fmt.Errorf("no solution notebooks in %s", filepath.Join(root, "solutions"))
	}
	c := &Course{Root: root, Projects: map[int]*Project{}}
	h := sha256.New()
	for _, path := range paths {
		nb, err := notebook.Read(path)
		if err != nil {
			return nil, err
		}
		p := &Project{Number: nbrun.Project(nb), Notebook: filepath.Base(path), Checks: map[int]string{}}
		for _, cell := range nb.Cells {
			role, level := cellRole(cell)
			switch role {
			case "setup":
				p.Setup = string(cell.Source)
			case "check":
				p.Checks[level] = string(cell.Source)
				p.Levels = append(p.Levels, level)
			}
		}
		if p.Number == 0 || p.Setup == "" || len(p.Checks) == 0 {
			return nil, fmt.Errorf("%s: not a course solution (it needs a project number, a setup cell and check cells)", path)
		}
		slices.Sort(p.Levels)
		c.Projects[p.Number] = p
		fmt.Fprintf(h, "%d\x00%s\x00", p.Number, p.Setup)
		for _, l := range p.Levels {
			fmt.Fprintf(h, "%d\x00%s\x00", l, p.Checks[l])
		}
	}
	c.Version = fmt.Sprintf("%x", h.Sum(nil))[:16]
	return c, nil
}

// cellRole reads a cell's role and level from its metadata.
func cellRole(c *notebook.Cell) (role string, level int) {
	meta, _ := c.Metadata["neuro"].(map[string]any)
	role, _ = meta["role"].(string)
	l, _ := meta["level"].(float64)
	return role, int(l)
}

// learnerCode returns the learner's declarations: the code cells of the
// submission that are neither programs (%%) nor hold any special command (%
// or ! lines, which include the setup cell), in order. Everything else in a
// submission, its check cells included, is ignored.
func learnerCode(nb *notebook.Notebook) []string {
	var code []string
	for _, c := range nb.Cells {
		if c.Type != notebook.Code || hasSpecialLine(string(c.Source)) {
			continue
		}
		if src := strings.TrimSpace(string(c.Source)); src != "" {
			code = append(code, string(c.Source))
		}
	}
	return code
}

func hasSpecialLine(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			return true
		}
	}
	return false
}

// joinCells joins declaration cells into one. Go wants imports before
// every other declaration, so the imports of each cell move to the top. A
// cell that does not parse is kept as it is: the joined cell then fails to
// compile, and the levels run one by one.
func joinCells(cells []string) string {
	var imports, rest []string
	for _, src := range cells {
		fset := token.NewFileSet()
		const head = "package cell\n"
		f, err := parser.ParseFile(fset, "cell.go", head+src, parser.ImportsOnly)
		if err != nil || len(f.Decls) == 0 {
			rest = append(rest, src)
			continue
		}
		end := fset.Position(f.Decls[len(f.Decls)-1].End()).Offset - len(head)
		imports = append(imports, src[:end])
		rest = append(rest, src[end:])
	}
	return strings.Join(append(imports, rest...), "\n\n")
}

// checkStatement is a check cell's code without its %% line.
func checkStatement(src string) string {
	var keep []string
	for _, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) != "%%" {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
