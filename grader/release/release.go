// Package release makes a learner's notebook from a solution notebook: it
// replaces every solution region of its code cells with a stub that
// compiles, and clears the outputs.
//
// A solution region is the tail of a function body, between a line
// "// BEGIN SOLUTION" and a line "// END SOLUTION". Its stub is a TODO
// comment and a return of the function's zero values, so the learner's
// notebook compiles and runs, and every check reports "not yet implemented".
package release

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/neurogo/course/grader/notebook"
)

// The markers of a solution region.
const (
	Begin = "// BEGIN SOLUTION"
	End   = "// END SOLUTION"
)

// TODO is the comment that stands in a stub for the learner's code.
const TODO = "// TODO: your code here."

// Notebook returns the learner's version of a solution notebook. Under
// each plot cell whose id figures maps to an image (a path relative to the
// notebook) it shows that image as the expected result. It fails on a
// region left open or misplaced, naming the cell.
func Notebook(sol *notebook.Notebook, figures map[string]string) (*notebook.Notebook, error) {
	types := typeDecls(sol)
	out := &notebook.Notebook{
		Metadata:      sol.Metadata,
		NBFormat:      4,
		NBFormatMinor: 5,
	}
	for i, c := range sol.Cells {
		src := string(c.Source)
		if c.Type == notebook.Code {
			var err error
			if src, err = stubCell(src, types); err != nil {
				return nil, fmt.Errorf("cell %d: %v", i+1, err)
			}
		}
		id := c.ID
		if id == "" {
			id = cellID(i, src)
		}
		out.Cells = append(out.Cells, &notebook.Cell{Type: c.Type, ID: id, Metadata: c.Metadata, Source: notebook.Text(src)})
		if fig, ok := figures[c.ID]; ok && IsPlot(c) {
			out.Cells = append(out.Cells, expected(c, fig))
		}
	}
	return out, nil
}

// cellID makes a stable id for a cell that has none.
func cellID(i int, src string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d\x00%s", i, src))
	return hex.EncodeToString(sum[:4])
}

// HasSolution reports whether a cell's source holds a solution region.
func HasSolution(src string) bool {
	return strings.Contains(src, Begin)
}

// region is one solution region, by 0-based line numbers of its markers.
type region struct{ begin, end int }

// findRegions returns the regions of a cell, in order.
func findRegions(lines []string) ([]region, error) {
	var regions []region
	open := -1
	for i, line := range lines {
		switch strings.TrimSpace(line) {
		case Begin:
			if open >= 0 {
				return nil, fmt.Errorf("line %d: %s inside the region opened on line %d", i+1, Begin, open+1)
			}
			open = i
		case End:
			if open < 0 {
				return nil, fmt.Errorf("line %d: %s without %s", i+1, End, Begin)
			}
			regions = append(regions, region{open, i})
			open = -1
		}
	}
	if open >= 0 {
		return nil, fmt.Errorf("line %d: solution region left open (no %s)", open+1, End)
	}
	return regions, nil
}

// stubCell replaces the solution regions of a code cell with stubs.
func stubCell(src string, types map[string]ast.Expr) (string, error) {
	lines := strings.Split(src, "\n")
	regions, err := findRegions(lines)
	if err != nil || len(regions) == 0 {
		return src, err
	}
	file, fset, err := parseCell(lines)
	if err != nil {
		return "", err
	}
	// Replace from the last region up, so earlier line numbers stay valid.
	for k := len(regions) - 1; k >= 0; k-- {
		r := regions[k]
		fn := enclosingFunc(file, fset, r)
		if fn == nil {
			return "", fmt.Errorf("line %d: a solution region must be the end of a function body", r.begin+1)
		}
		indent := lines[r.begin][:len(lines[r.begin])-len(strings.TrimLeft(lines[r.begin], " \t"))]
		stub := []string{indent + TODO}
		if ret := zeroReturn(fn, types); ret != "" {
			stub = append(stub, indent+ret)
		}
		lines = append(lines[:r.begin], append(stub, lines[r.end+1:]...)...)
	}
	return strings.Join(lines, "\n"), nil
}

// parseCell parses a GoNB cell as a Go file. Special lines (% and !
// commands) are blanked; a "%%" cell's statements become the body of a
// function. Line numbers are kept.
func parseCell(lines []string) (*ast.File, *token.FileSet, error) {
	body := make([]string, len(lines))
	isMain := false
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case t == "%%" || strings.HasPrefix(t, "%main") || strings.HasPrefix(t, "%test"):
			isMain = true
		case strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!"):
		default:
			body[i] = line
		}
	}
	text := strings.Join(body, "\n")
	if isMain {
		// Imports may open a %% cell; keep them outside the function.
		text = "func main() {" + text + "\n}"
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "cell.go", "package cell;"+text, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot parse: %v", err)
	}
	return file, fset, nil
}

// funcNode is a function declaration or literal: what a region can end.
type funcNode struct {
	typ  *ast.FuncType
	body *ast.BlockStmt
}

// enclosingFunc returns the innermost function whose body ends with the
// region r, or nil.
func enclosingFunc(file *ast.File, fset *token.FileSet, r region) *funcNode {
	var found *funcNode
	ast.Inspect(file, func(n ast.Node) bool {
		var fn funcNode
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn = funcNode{n.Type, n.Body}
		case *ast.FuncLit:
			fn = funcNode{n.Type, n.Body}
		default:
			return true
		}
		if fn.body == nil {
			return true
		}
		// Lines are 1-based in fset, 0-based in r.
		open, close := fset.Position(fn.body.Lbrace).Line-1, fset.Position(fn.body.Rbrace).Line-1
		if open < r.begin && r.end < close && onlyBlankBetween(fset, fn.body, r.end) {
			found = &fn
		}
		return true
	})
	return found
}

// onlyBlankBetween reports whether no statement of body starts after the
// line end (0-based): the region is the tail of the body.
func onlyBlankBetween(fset *token.FileSet, body *ast.BlockStmt, end int) bool {
	for _, s := range body.List {
		if fset.Position(s.Pos()).Line-1 > end {
			return false
		}
	}
	return true
}

// zeroReturn returns the return statement of a stub, or "" for a function
// without results.
func zeroReturn(fn *funcNode, types map[string]ast.Expr) string {
	if fn.typ.Results == nil {
		return ""
	}
	var zeros []string
	for _, f := range fn.typ.Results.List {
		n := max(len(f.Names), 1)
		for range n {
			zeros = append(zeros, zero(f.Type, types))
		}
	}
	return "return " + strings.Join(zeros, ", ")
}

// zero writes the zero value of a type expression. types maps the names of
// the notebook's own types to their definitions.
func zero(t ast.Expr, types map[string]ast.Expr) string {
	orig, name := t, ""
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	// Follow the notebook's named types to what they are made of.
	for range 10 {
		id, ok := t.(*ast.Ident)
		if !ok || types[id.Name] == nil {
			break
		}
		t = types[id.Name]
	}
	switch t := t.(type) {
	case *ast.Ident:
		switch t.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128":
			return "0"
		case "string":
			return `""`
		case "bool":
			return "false"
		case "error", "any":
			return "nil"
		}
	case *ast.StarExpr, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
		return "nil"
	case *ast.ArrayType:
		if t.Len == nil {
			return "nil"
		}
		if name != "" {
			return name + "{}"
		}
	case *ast.StructType:
		if name != "" {
			return name + "{}"
		}
	}
	return "*new(" + exprString(orig) + ")"
}

// typeDecls collects the type declarations of a notebook's code cells.
func typeDecls(nb *notebook.Notebook) map[string]ast.Expr {
	types := map[string]ast.Expr{}
	for _, c := range nb.Cells {
		if c.Type != notebook.Code {
			continue
		}
		file, _, err := parseCell(strings.Split(string(c.Source), "\n"))
		if err != nil {
			continue
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				types[ts.Name.Name] = ts.Type
			}
		}
	}
	return types
}

// exprString writes a type expression back as Go source.
func exprString(t ast.Expr) string {
	var b strings.Builder
	writeExpr(&b, t)
	return b.String()
}

func writeExpr(b *strings.Builder, t ast.Expr) {
	switch t := t.(type) {
	case *ast.Ident:
		b.WriteString(t.Name)
	case *ast.SelectorExpr:
		writeExpr(b, t.X)
		b.WriteString("." + t.Sel.Name)
	case *ast.StarExpr:
		b.WriteString("*")
		writeExpr(b, t.X)
	case *ast.ArrayType:
		b.WriteString("[")
		if t.Len != nil {
			writeExpr(b, t.Len)
		}
		b.WriteString("]")
		writeExpr(b, t.Elt)
	case *ast.BasicLit:
		b.WriteString(t.Value)
	case *ast.IndexExpr:
		writeExpr(b, t.X)
		b.WriteString("[")
		writeExpr(b, t.Index)
		b.WriteString("]")
	default:
		b.WriteString("any")
	}
}
