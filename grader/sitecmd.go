package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/site"
)

func siteCommand(args []string) error {
	fs := flag.NewFlagSet("site", flag.ExitOnError)
	courseDir := fs.String("course", "", "root of the course checkout (default: found from the working directory)")
	out := fs.String("o", "site", "the folder to write the site into")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: grader site [-o DIR] [-course DIR]\n\nBuilds the course's static website from the learner notebooks, their figures and the course map; it runs no notebook.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	course, err := nbrun.FindCourse(*courseDir)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := site.Build(course, *out); err != nil {
		return err
	}
	fmt.Printf("wrote the site into %s in %v\n", *out, time.Since(start).Round(time.Millisecond))
	return nil
}
