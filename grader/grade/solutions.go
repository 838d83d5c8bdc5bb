package grade

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
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
			case schema.RoleSetup:
				p.Setup = string(cell.Source)
			case schema.RoleCheck:
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
func cellRole(c *notebook.Cell) (role schema.Role, level int) {
	return schema.CellRole(c.Metadata)
}
