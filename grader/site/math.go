package site

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mathExtension makes goldmark keep the notebooks' formulas, $…$ inline
// and $$…$$ displayed, as Jupyter reads them: their TeX untouched by
// Markdown (no emphasis from _ or *, no escapes, no list from a line that
// starts with + or -), written into an element of class "math" (and
// "display") that KaTeX typesets in the page.
type mathExtension struct{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 150)),
		parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 150)))
}

// A mathBlock is a displayed formula that starts a line with $$, perhaps
// over several lines, and the text after its closing $$.
type mathBlock struct {
	ast.BaseBlock
	tex, after []byte
	closed     bool
}

var kindMathBlock = ast.NewNodeKind("MathBlock")

func (n *mathBlock) Kind() ast.NodeKind { return kindMathBlock }

func (n *mathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": string(n.tex)}, nil)
}

// mathBlockParser reads a mathBlock.
type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], []byte("$$")) {
		return nil, parser.NoChildren
	}
	n := &mathBlock{}
	n.add(line[pos+2:])
	return n, parser.NoChildren
}

// add adds a line to the formula, up to its closing $$.
func (n *mathBlock) add(line []byte) {
	if i := bytes.Index(line, []byte("$$")); i >= 0 {
		n.tex = append(n.tex, line[:i]...)
		n.after = bytes.TrimSpace(line[i+2:])
		n.closed = true
		return
	}
	n.tex = append(n.tex, line...)
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*mathBlock)
	if n.closed {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Close // a formula ends with its paragraph
	}
	n.add(line)
	reader.AdvanceToEOL()
	if n.closed {
		return parser.Close
	}
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (mathBlockParser) CanInterruptParagraph() bool { return true }

func (mathBlockParser) CanAcceptIndentedLine() bool { return false }

// A mathNode is one formula.
type mathNode struct {
	ast.BaseInline
	tex     []byte
	display bool
}

var kindMath = ast.NewNodeKind("Math")

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": string(n.tex)}, nil)
}

// mathParser finds formulas: from $ or $$ to the next $ or $$ not escaped
// by a backslash, across the lines of a paragraph.
type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, pos := block.PeekLine()
	open := 1
	if len(line) > 1 && line[1] == '$' {
		open = 2
	}
	startLine, startPos := block.Position()
	block.Advance(open)
	var tex bytes.Buffer
	for {
		line, _ = block.PeekLine()
		if line == nil {
			// No closing dollar: a plain dollar sign.
			block.SetPosition(startLine, startPos)
			block.Advance(open)
			return ast.NewTextSegment(pos.WithStop(pos.Start + open))
		}
		for i := 0; i < len(line); i++ {
			switch {
			case line[i] == '\\':
				i++ // \$ and \\ belong to the formula
			case line[i] == '$' && (open == 1 || i+1 < len(line) && line[i+1] == '$'):
				tex.Write(line[:i])
				block.Advance(i + open)
				if bytes.TrimSpace(tex.Bytes()) == nil {
					block.SetPosition(startLine, startPos)
					block.Advance(open)
					return ast.NewTextSegment(pos.WithStop(pos.Start + open))
				}
				return &mathNode{tex: bytes.TrimSpace(tex.Bytes()), display: open == 2}
			}
		}
		tex.Write(line)
		block.AdvanceLine()
	}
}

// mathRenderer writes a formula as a span of its TeX, a displayed one in
// a paragraph of its own. A $$ never closed stays as written.
type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMathBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := n.(*mathBlock)
		if !m.closed {
			w.WriteString("<p>" + html.EscapeString("$$"+string(m.tex)) + "</p>\n")
			return ast.WalkSkipChildren, nil
		}
		w.WriteString(`<p><span class="math display">` + html.EscapeString(string(bytes.TrimSpace(m.tex))) + `</span>`)
		if len(m.after) > 0 {
			w.WriteString(" " + html.EscapeString(string(m.after)))
		}
		w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindMath, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := n.(*mathNode)
		class := "math"
		if m.display {
			class = "math display"
		}
		w.WriteString(`<span class="` + class + `">` + html.EscapeString(string(m.tex)) + `</span>`)
		return ast.WalkSkipChildren, nil
	})
}
