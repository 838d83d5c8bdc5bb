package main

// The projects whose levels the grader knows how to judge.
import (
	_ "github.com/neurogo/course/neuro/hh"
	_ "github.com/neurogo/course/neuro/lif"
	_ "github.com/neurogo/course/neuro/membrane"
)
