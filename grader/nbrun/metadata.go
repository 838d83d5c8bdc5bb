package nbrun

import (
	"fmt"

	"github.com/neurogo/course/grader/notebook"
	"github.com/neurogo/course/neuro/schema"
)

// CheckKernel fails for a notebook that is not for the GoNB kernel.
func CheckKernel(nb *notebook.Notebook) error {
	spec, _ := nb.Metadata["kernelspec"].(map[string]any)
	if name, _ := spec["name"].(string); name != "gonb" {
		if name == "" {
			return fmt.Errorf("no kernelspec: not a notebook for the GoNB kernel")
		}
		return fmt.Errorf("a notebook for the %q kernel, not GoNB", name)
	}
	return nil
}

// Project reads a notebook's project number from its metadata, or 0.
func Project(nb *notebook.Notebook) int {
	return schema.Project(nb.Metadata)
}
