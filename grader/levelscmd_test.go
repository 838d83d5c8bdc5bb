package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/neurogo/course/grader/levels"
)

func TestParseLevel(t *testing.T) {
	for _, tt := range []struct {
		arg            string
		project, level int
		ok             bool
	}{
		{"2", 2, 0, true}, {"2.16", 2, 16, true}, {"10.25", 10, 25, true},
		{"x", 0, 0, false}, {"2.", 0, 0, false}, {"0", 0, 0, false}, {"2.0", 0, 0, false}, {"2.1.3", 0, 0, false},
	} {
		p, l, err := parseLevel(tt.arg)
		if (err == nil) != tt.ok || p != tt.project || l != tt.level {
			t.Errorf("parseLevel(%q) = %d, %d, %v", tt.arg, p, l, err)
		}
	}
}

func TestDescribeLevel(t *testing.T) {
	all, err := levels.Find(courseRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, l := range all {
		if l.Project == 2 && l.Number == 16 {
			describe(&out, l)
		}
	}
	for _, want := range []string{"Project 2, level 16: Inter-spike intervals", "lif.CheckISIs(ISIs)", "neuro/lif/", "lif.ISIs", "neuro/internal/lif/lif.go:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the description lacks %q:\n%s", want, out.String())
		}
	}
}
