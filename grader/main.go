// Command grader runs the course's notebooks headless and grades them, level
// by level, and makes the learners' notebooks from the solutions.
//
// Usage:
//
//	grader run [flags] NOTEBOOK_OR_DIR...
//	grader release [flags]
//	grader grade [flags] SUBMISSION_OR_DIR...
//	grader merge [flags] SHARD.json...
//	grader levels [flags] [PROJECT | PROJECT.LEVEL]...
//	grader site [-o DIR]
//
// run executes each notebook in the pinned GoNB kernel, which it builds on
// first use, writes the executed notebooks with their outputs to an output
// folder, and prints a table of the levels passed, failed, not yet
// implemented and missing. It exits non-zero when a notebook cannot be run or
// a solution notebook (one in a folder named solutions) misses a level.
//
// grade scores learners' notebooks: it runs each learner's own code with the
// course's check cells and judges the checks' records in its own process.
// merge joins the JSON results of sharded grade runs.
//
// levels lists the course's levels, or tells where the parts of one level
// live: its Check function, its registration and its references.
//
// site builds the course's static website from the learner notebooks and
// their figures, into the folder site/ unless -o names another.
//
// release writes notebooks/ from solutions/: every solution region becomes
// a stub that compiles, and outputs are cleared. With -check it only reports
// learner notebooks that are stale.
package main

import (
	"fmt"
	"os"

	_ "github.com/neurogo/course/grader/projects" // the checks of every project
)

const usage = `usage:
  grader run [flags] NOTEBOOK_OR_DIR...   execute notebooks headless and grade their levels
  grader release [flags]                  make notebooks/ from solutions/
  grader grade [flags] SUBMISSION_OR_DIR... grade learners' notebooks with the course's checks
  grader merge [flags] SHARD.json...      join the results of sharded grading runs
  grader levels [flags] [P | P.L]...      list the levels, or where the parts of level L of project P live
  grader site [-o DIR]                    build the course's static website
Run "grader COMMAND -h" for the flags of a command.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "run":
		err = runCommand(args)
	case "release":
		err = releaseCommand(args)
	case "grade":
		err = gradeCommand(args)
	case "merge":
		err = mergeCommand(args)
	case "levels":
		err = levelsCommand(args)
	case "site":
		err = siteCommand(args)
	case "-h", "-help", "--help", "help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "grader: unknown command %q\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "grader:", err)
		os.Exit(1)
	}
}
