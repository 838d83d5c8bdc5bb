package check

import (
	"encoding/json"
	"fmt"
	"html"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/neurogo/course/neuro/display"
)

// show displays a result: inside GoNB as HTML together with the record, for
// a grader; elsewhere as text on standard output.
func show(res Result, rec *Record) {
	if !display.IsNotebook {
		fmt.Println(Text(res))
		return
	}
	data := map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  HTML(res),
		protocol.MIMETextPlain: Text(res),
	}
	if rec != nil {
		if b, err := json.Marshal(rec); err == nil {
			data[MIMEType] = string(b)
		}
	}
	display.Send(data)
	// GoNB stops reading a program's displays when it exits: wait until it
	// has this one.
	display.Sync()
}

// statuses gives every status its mark, in text and in a grader's tables,
// and the colours of its badge in the notebook.
var statuses = map[Status]struct{ mark, colour, background string }{
	Passed:         {"✔", "#1b5e20", "#e8f5e9"},
	Failed:         {"✘", "#b71c1c", "#ffebee"},
	NotImplemented: {"…", "#424242", "#f5f5f5"},
	Recorded:       {"●", "#0d47a1", "#e3f2fd"},
	Missing:        {"?", "#e65100", "#fff3e0"},
}

// Mark is the one-character mark of a status, such as ✔ for Passed, or ""
// for a status that is not one of this package's.
func (s Status) Mark() string { return statuses[s].mark }

// Heading is the one-line summary of a result, such as
// "Level 3 · Ohm's law for the leak: passed".
func Heading(res Result) string {
	return fmt.Sprintf("Level %d · %s: %s", res.Level, res.Title, res.Status)
}

// Text writes a result as plain text.
func Text(res Result) string {
	return res.Status.Mark() + " " + Heading(res) + "\n" + res.Message
}

// HTML writes a result as a coloured box for the notebook.
func HTML(res Result) string {
	b := statuses[res.Status]
	return fmt.Sprintf(`<div style="border-left:6px solid %s;background:%s;padding:6px 10px;margin:4px 0;font-family:sans-serif">`+
		`<b style="color:%s">%s %s</b><pre style="white-space:pre-wrap;margin:4px 0 0 0;background:none">%s</pre></div>`,
		b.colour, b.background, b.colour, b.mark, html.EscapeString(Heading(res)), html.EscapeString(res.Message))
}
