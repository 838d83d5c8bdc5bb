// Command grader runs the course's notebooks headless and grades them, level
// by level, and makes the learners' notebooks from the solutions.
//
// Usage:
//
//	grader run [flags] NOTEBOOK_OR_DIR...
//	grader release [flags]
//
// run executes each notebook in the pinned GoNB kernel, which it builds on
// first use, writes the executed notebooks with their outputs to an output
// folder, and prints a table of the levels passed, failed, not yet
// implemented and missing. It exits non-zero when a notebook cannot be run or
// a solution notebook (one in a folder named solutions) misses a level.
//
// release writes notebooks/ from solutions/: every solution region becomes
// a stub that compiles, and outputs are cleared. With -check it only reports
// learner notebooks that are stale.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  grader run [flags] NOTEBOOK_OR_DIR...   execute notebooks headless and grade their levels
  grader release [flags]                  make notebooks/ from solutions/
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
