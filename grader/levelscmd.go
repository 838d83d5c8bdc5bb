package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/neurogo/course/grader/levels"
	"github.com/neurogo/course/grader/nbrun"
)

func levelsCommand(args []string) error {
	fs := flag.NewFlagSet("levels", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: grader levels [-course DIR] [PROJECT | PROJECT.LEVEL]...

Lists the levels of the course, or of the projects given, one per line;
for PROJECT.LEVEL (e.g. 2.16) prints where each part of that level lives:
the learner's function, the Check function, the level's registration and
the reference functions its judge calls.`)
		fs.PrintDefaults()
	}
	fs.Parse(args)
	course, err := nbrun.FindCourse(*courseDir)
	if err != nil {
		return err
	}
	all, err := levels.Find(course)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		list(os.Stdout, all)
		return nil
	}
	for _, arg := range fs.Args() {
		project, level, err := parseLevel(arg)
		if err != nil {
			return err
		}
		var match []levels.Level
		for _, l := range all {
			if l.Project == project && (level == 0 || l.Number == level) {
				match = append(match, l)
			}
		}
		switch {
		case len(match) == 0:
			return fmt.Errorf("%s: no such level in the course", arg)
		case level == 0:
			list(os.Stdout, match)
		default:
			describe(os.Stdout, match[0])
		}
	}
	return nil
}

// parseLevel reads PROJECT or PROJECT.LEVEL; level is 0 for a project.
func parseLevel(arg string) (project, level int, err error) {
	p, l, dotted := strings.Cut(arg, ".")
	project, err = strconv.Atoi(p)
	if err == nil && dotted {
		level, err = strconv.Atoi(l)
	}
	if err != nil || project < 1 || dotted && level < 1 {
		return 0, 0, fmt.Errorf("%q: want a project number or PROJECT.LEVEL, as in 2 or 2.16", arg)
	}
	return project, level, nil
}

// list prints one line per level: number, title, the function the learner
// writes, and the Check function.
func list(w io.Writer, ls []levels.Level) {
	for _, l := range ls {
		fmt.Fprintf(w, "%2d.%-2d  %-48s  %-20s  %s.%s\n", l.Project, l.Number, l.Title, l.Func, l.Package, l.Check)
	}
}

// describe prints where each part of a level lives.
func describe(w io.Writer, l levels.Level) {
	fmt.Fprintf(w, "Project %d, level %d: %s\n", l.Project, l.Number, l.Title)
	row := func(what, name, at string) { fmt.Fprintf(w, "  %-15s %-28s %s\n", what, name, at) }
	row("learner writes", l.Func, "")
	row("check cell", l.Package+"."+l.Check+"("+l.Func+")", l.CheckAt)
	row("level", l.Var, l.VarAt)
	for k, r := range l.Refs {
		what := ""
		if k == 0 {
			what = "references"
		}
		row(what, r.Name, r.At)
	}
}
