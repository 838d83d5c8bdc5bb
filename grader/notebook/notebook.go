// Package notebook reads and writes Jupyter notebooks in nbformat 4.
//
// Writing is deterministic: keys come out sorted and indented by one space,
// as Jupyter itself writes them, so the same notebook gives the same bytes.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// A Notebook is an nbformat 4 document.
type Notebook struct {
	Cells         []*Cell        `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`
}

// A Cell is one markdown, code or raw cell.
type Cell struct {
	Type           string         `json:"cell_type"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	ID             string         `json:"id,omitempty"`
	Metadata       map[string]any `json:"metadata"`
	Outputs        []*Output      `json:"outputs,omitempty"`
	Source         Text           `json:"source"`
}

// An Output is one output of a code cell: a stream, display data, an
// execution result or an error. Which fields are set depends on Type.
type Output struct {
	Type           string         `json:"output_type"`
	Data           map[string]any `json:"data,omitempty"`
	Name           string         `json:"name,omitempty"`  // stream: "stdout" or "stderr"
	Text           Text           `json:"text,omitempty"`  // stream
	EName          string         `json:"ename,omitempty"` // error
	EValue         string         `json:"evalue,omitempty"`
	ExecutionCount *int           `json:"execution_count,omitempty"` // execute_result
	Metadata       map[string]any `json:"metadata,omitempty"`
	Traceback      []string       `json:"traceback,omitempty"`
}

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Text is multi-line text. nbformat stores it either as one string or as a
// list of lines that keep their newlines; Text reads both and writes the list.
type Text string

// MarshalJSON writes the text as a list of lines, each ending in "\n" but the last.
func (t Text) MarshalJSON() ([]byte, error) {
	return json.Marshal(splitLines(string(t)))
}

// UnmarshalJSON reads a string or a list of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("text is neither a string nor a list of strings")
	}
	*t = Text(strings.Join(lines, ""))
	return nil
}

func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// Parse decodes a notebook and checks that it is nbformat 4.
func Parse(data []byte) (*Notebook, error) {
	var nb Notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("not a notebook: %v", err)
	}
	if nb.NBFormat != 4 {
		if nb.NBFormat == 0 && nb.Cells == nil {
			return nil, errors.New("not a notebook: no nbformat and no cells")
		}
		return nil, fmt.Errorf("nbformat %d is not supported, only 4", nb.NBFormat)
	}
	for i, c := range nb.Cells {
		if c == nil {
			return nil, fmt.Errorf("not a notebook: cell %d is null", i+1)
		}
		switch c.Type {
		case Code, Markdown, Raw:
		default:
			return nil, fmt.Errorf("not a notebook: cell %d has type %q", i+1, c.Type)
		}
		if c.Metadata == nil {
			c.Metadata = map[string]any{}
		}
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	return &nb, nil
}

// Read reads and parses the notebook at path.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Marshal encodes the notebook as Jupyter does: sorted keys, one-space
// indent, a final newline. Code cells always carry execution_count and
// outputs, as nbformat requires.
func (nb *Notebook) Marshal() ([]byte, error) {
	// Marshal through a generic value so that every map and struct comes
	// out with sorted keys.
	raw, err := json.Marshal(nb)
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	for i, c := range v["cells"].([]any) {
		cell := c.(map[string]any)
		if nb.Cells[i].Type == Code {
			if _, ok := cell["outputs"]; !ok {
				cell["outputs"] = []any{}
			}
			if _, ok := cell["execution_count"]; !ok {
				cell["execution_count"] = nil
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes the notebook to path.
func (nb *Notebook) Write(path string) error {
	data, err := nb.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
