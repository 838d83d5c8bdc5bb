// Package projects links the checks of every project of the course into
// the program that imports it, so that the program can judge their levels.
// Add each new project's package here.
package projects

import (
	_ "github.com/neurogo/course/neuro/circuit"
	_ "github.com/neurogo/course/neuro/classic"
	_ "github.com/neurogo/course/neuro/coding"
	_ "github.com/neurogo/course/neuro/decoding"
	_ "github.com/neurogo/course/neuro/dynamics"
	_ "github.com/neurogo/course/neuro/hh"
	_ "github.com/neurogo/course/neuro/lif"
	_ "github.com/neurogo/course/neuro/membrane"
	_ "github.com/neurogo/course/neuro/network"
	_ "github.com/neurogo/course/neuro/plasticity"
	_ "github.com/neurogo/course/neuro/synapse"
)
