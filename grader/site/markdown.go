package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the markdown cells of one page, giving its headings
// ids unique in the page.
type markdown struct {
	md  goldmark.Markdown
	ids *ids
}

func newMarkdown() *markdown {
	return &markdown{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM, mathExtension{}),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
			),
			// The notebooks are the course's own: their HTML is kept.
			goldmark.WithRendererOptions(html.WithUnsafe()),
		),
		ids: &ids{seen: map[string]bool{}},
	}
}

// render writes the HTML of a markdown cell.
func (m *markdown) render(w io.Writer, src string) error {
	return m.md.Convert([]byte(src), w, parser.WithContext(parser.NewContext(parser.WithIDs(m.ids))))
}

// ids makes the ids of a page's headings: a level's heading is "level-N",
// any other its words joined by hyphens, made unique with a number.
type ids struct{ seen map[string]bool }

var levelHeadingRE = regexp.MustCompile(`^Level (\d+) · `)

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	if m := levelHeadingRE.FindSubmatch(value); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		id := levelID(n)
		s.seen[id] = true
		return []byte(id)
	}
	var b strings.Builder
	for _, f := range strings.FieldsFunc(strings.ToLower(string(value)), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}) {
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(f)
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	for k := 2; s.seen[id]; k++ {
		id = strings.TrimSuffix(b.String(), "-") + "-" + strconv.Itoa(k)
	}
	s.seen[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.seen[string(value)] = true }

// linkTransformer points the notebooks' links to other notebooks at their
// pages: "02-integrate-and-fire.ipynb#Level-4-·-…" becomes
// "02-integrate-and-fire.html#level-4", "#Level-4-·-…" becomes "#level-4".
// It also makes every image a link to itself, which a phone opens to
// zoom in.
type linkTransformer struct{}

var notebookLinkRE = regexp.MustCompile(`^(\d\d-[^/#?]+)\.ipynb$`)
var levelAnchorRE = regexp.MustCompile(`^Level-(\d+)-`)

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var images []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && n.Parent().Kind() != ast.KindLink {
			images = append(images, img)
		}
		link, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		file, frag, _ := strings.Cut(string(link.Destination), "#")
		if m := notebookLinkRE.FindStringSubmatch(file); m != nil {
			file = m[1] + ".html"
		}
		if m := levelAnchorRE.FindStringSubmatch(frag); m != nil {
			frag = "level-" + m[1]
		}
		dest := file
		if frag != "" {
			dest += "#" + frag
		}
		link.Destination = []byte(dest)
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination = img.Destination
		img.Parent().ReplaceChild(img.Parent(), img, link)
		link.AppendChild(link, img)
	}
}

// The chroma styles of code, in light and in dark mode.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

var goLexer = chroma.Coalesce(lexers.Get("go"))

// highlight returns the HTML of Go code, its tokens marked with classes
// that chroma.css styles.
func highlight(code string) string {
	var b bytes.Buffer
	it, err := goLexer.Tokenise(nil, code)
	if err == nil {
		err = chromahtml.New(chromahtml.WithClasses(true)).Format(&b, styles.Get(lightStyle), it)
	}
	if err != nil {
		return "<pre>" + template.HTMLEscapeString(code) + "</pre>"
	}
	return b.String()
}

// chromaCSS returns the style sheet of highlighted code: the light style,
// or the dark one where the reader's system asks for dark mode. Each holds
// to its own mode, so that no colour of one is left over in the other.
func chromaCSS() []byte {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var b bytes.Buffer
	for _, mode := range []struct{ scheme, style string }{{"light", lightStyle}, {"dark", darkStyle}} {
		fmt.Fprintf(&b, "@media (prefers-color-scheme: %s) {\n", mode.scheme)
		f.WriteCSS(&b, styles.Get(mode.style))
		b.WriteString("}\n")
	}
	return b.Bytes()
}
