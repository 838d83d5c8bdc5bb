package grade

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"

	"github.com/neurogo/course/grader/notebook"
)

// learnerCode returns the learner's declarations: the code cells of the
// submission that are not programs (%%, %main or %test), in order, with
// every special command of GoNB removed (lines starting with % or !, and
// //gonb: comments), since the grader runs the build. It notes each removal
// but those of the course's own setup cell. Everything else in a
// submission, its check cells included, is ignored.
func learnerCode(nb *notebook.Notebook, setup string) (code, notes []string) {
	for i, c := range nb.Cells {
		if c.Type != notebook.Code || isProgram(string(c.Source)) {
			continue
		}
		var keep []string
		for _, line := range strings.Split(string(c.Source), "\n") {
			if !isSpecial(line) {
				keep = append(keep, line)
			} else if !slices.Contains(strings.Split(setup, "\n"), line) {
				notes = append(notes, fmt.Sprintf("cell %d: the special command %q was not run: the grader runs no special commands", i+1, strings.TrimSpace(line)))
			}
		}
		if src := strings.TrimSpace(strings.Join(keep, "\n")); src != "" {
			code = append(code, src)
		}
	}
	return code, notes
}

// isProgram reports whether a cell is a program rather than declarations.
func isProgram(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "%%" || strings.HasPrefix(t, "%main") || strings.HasPrefix(t, "%test") {
			return true
		}
	}
	return false
}

// isSpecial reports whether a line is a special command of GoNB: a line
// that starts with % or !, or a comment that starts with //gonb:.
func isSpecial(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") || strings.HasPrefix(strings.ReplaceAll(t, " ", ""), "//gonb:")
}

// joinCells joins declaration cells into one, as the kernel keeps them when
// they run in order: Go wants imports before every other declaration, so
// the imports of each cell move to the top, once each, and a declaration
// of a name declared in an earlier cell replaces the earlier one. A
// declaration keeps its doc comment; other comments outside functions are
// dropped. A cell that does not parse is kept as it is: the joined cell then fails to compile, and the grader finds the cells
// that do.
func joinCells(cells []string) string {
	var imports []string
	type decl struct {
		names []string
		src   string
	}
	var decls []decl
	for _, src := range cells {
		const head = "package cell\n"
		file := head + src
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "cell.go", file, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			decls = append(decls, decl{src: src})
			continue
		}
		text := func(n ast.Node) string {
			return file[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
		}
		// A declaration keeps its doc comment, and with it its
		// directives (//go:linkname and the like), as the kernel does.
		withDoc := func(d ast.Decl) string {
			start := d.Pos()
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				start = fd.Doc.Pos()
			} else if gd, ok := d.(*ast.GenDecl); ok && gd.Doc != nil {
				start = gd.Doc.Pos()
			}
			return file[fset.Position(start).Offset:fset.Position(d.End()).Offset]
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				for _, spec := range g.Specs {
					if line := "import " + text(spec); !slices.Contains(imports, line) {
						imports = append(imports, line)
					}
				}
				continue
			}
			names := declNames(d)
			decls = slices.DeleteFunc(decls, func(e decl) bool {
				return slices.ContainsFunc(e.names, func(n string) bool { return slices.Contains(names, n) })
			})
			decls = append(decls, decl{names, withDoc(d)})
		}
	}
	out := imports
	for _, d := range decls {
		out = append(out, d.src)
	}
	return strings.Join(out, "\n\n")
}

// declNames lists the names a declaration declares; a method is named
// Type.Method, and blank names and init functions, which may repeat, are
// left out.
func declNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := d.Name.Name
		if d.Recv != nil && len(d.Recv.List) > 0 {
			t := d.Recv.List[0].Type
			for {
				switch x := t.(type) {
				case *ast.StarExpr:
					t = x.X
					continue
				case *ast.IndexExpr:
					t = x.X
					continue
				case *ast.IndexListExpr:
					t = x.X
					continue
				}
				break
			}
			if id, ok := t.(*ast.Ident); ok {
				name = id.Name + "." + name
			}
		} else if name == "init" {
			return nil
		}
		names = append(names, name)
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.Name != "_" {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}

// checkStatement is a check cell's code without its %% line.
func checkStatement(src string) string {
	var keep []string
	for _, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) != "%%" {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
