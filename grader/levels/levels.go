// Package levels finds the parts of every level in the course's Go source:
// the level's registration in its project's checker package, the Check
// function a notebook calls, the learner's function it checks, and the
// reference functions its judge calls. It reads the source with go/parser
// and runs none of it.
package levels

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A Level names the parts of one level. Positions are file:line, with the
// file relative to the course's root.
type Level struct {
	Project, Number int
	Title           string
	Func            string // the learner's function
	Package         string // the checker package's name, as notebooks import it
	Var, VarAt      string // the level's variable and where it is registered
	Check, CheckAt  string // the Check function a notebook's check cell calls
	Refs            []Ref  // the reference functions its judge and cases call
}

// A Ref is a reference function: its package-qualified name and position.
type Ref struct{ Name, At string }

// Find returns the levels registered by the checker packages under
// root/neuro, in order of project and level.
func Find(root string) ([]Level, error) {
	dirs, err := os.ReadDir(filepath.Join(root, "neuro"))
	if err != nil {
		return nil, err
	}
	c := &course{root: root, internals: map[string]*pkg{}}
	var all []Level
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "internal" {
			continue
		}
		p, err := c.parseDir(filepath.Join("neuro", d.Name()))
		if err != nil {
			return nil, err
		}
		levels, err := p.levels()
		if err != nil {
			return nil, err
		}
		all = append(all, levels...)
	}
	slices.SortFunc(all, func(a, b Level) int {
		if a.Project != b.Project {
			return a.Project - b.Project
		}
		return a.Number - b.Number
	})
	return all, nil
}

// A course is the source tree being read, with the reference packages
// parsed so far by directory.
type course struct {
	root      string
	internals map[string]*pkg
}

// A pkg is a parsed package: its files (tests left out) and its
// package-level functions and methods by name.
type pkg struct {
	*course
	name  string
	fset  *token.FileSet
	files []*ast.File
	funcs map[string][]*ast.FuncDecl
}

// parseDir parses the package in dir, relative to the root.
func (c *course) parseDir(dir string) (*pkg, error) {
	paths, _ := filepath.Glob(filepath.Join(c.root, dir, "*.go"))
	p := &pkg{course: c, fset: token.NewFileSet(), funcs: map[string][]*ast.FuncDecl{}}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, path, nil, 0)
		if err != nil {
			return nil, err
		}
		p.name = f.Name.Name
		p.files = append(p.files, f)
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				p.funcs[fd.Name.Name] = append(p.funcs[fd.Name.Name], fd)
			}
		}
	}
	return p, nil
}

// at returns the file:line of pos, the file relative to the root.
func (p *pkg) at(pos token.Pos) string {
	position := p.fset.Position(pos)
	rel, err := filepath.Rel(p.root, position.Filename)
	if err != nil {
		rel = position.Filename
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), position.Line)
}

// levels returns the levels the package registers with check.Register.
func (p *pkg) levels() ([]Level, error) {
	project := p.intConst("Project")
	var list []Level
	for _, f := range p.files {
		refPkgs := internalImports(f)
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != 1 || len(vs.Values) != 1 {
					continue
				}
				lit := registered(vs.Values[0])
				if lit == nil {
					continue
				}
				l := Level{Project: project, Package: p.name, Var: vs.Names[0].Name, VarAt: p.at(vs.Pos())}
				for _, elt := range lit.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch key, _ := kv.Key.(*ast.Ident); key.Name {
					case "Number":
						l.Number, _ = strconv.Atoi(literal(kv.Value))
					case "Title":
						l.Title = literal(kv.Value)
					case "Func":
						l.Func = literal(kv.Value)
					}
				}
				if l.Number == 0 || l.Title == "" {
					return nil, fmt.Errorf("%s: level %s: its number and title must be literals", l.VarAt, l.Var)
				}
				l.Check, l.CheckAt = p.checker(l.Var)
				refs, err := p.refs(lit, refPkgs)
				if err != nil {
					return nil, err
				}
				l.Refs = refs
				list = append(list, l)
			}
		}
	}
	return list, nil
}

// registered returns the level literal of check.Register(&check.Level…{…}),
// or nil if e is not such a call.
func registered(e ast.Expr) *ast.CompositeLit {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Register" {
		return nil
	}
	u, ok := call.Args[0].(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil
	}
	lit, _ := u.X.(*ast.CompositeLit)
	return lit
}

// literal returns the value of a basic literal, or of a sum of string
// literals; "" for anything else.
func literal(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, _ := strconv.Unquote(e.Value)
			return s
		}
		return e.Value
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return literal(e.X) + literal(e.Y)
		}
	}
	return ""
}

// intConst returns the value of the package's integer constant name, or 0.
func (p *pkg) intConst(name string) int {
	for _, f := range p.files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for k, n := range vs.Names {
					if n.Name == name && k < len(vs.Values) {
						v, _ := strconv.Atoi(literal(vs.Values[k]))
						return v
					}
				}
			}
		}
	}
	return 0
}

// checker returns the name and position of the exported function that
// calls v.Check.
func (p *pkg) checker(v string) (name, at string) {
	for _, fds := range p.funcs {
		for _, fd := range fds {
			if fd.Recv != nil || !fd.Name.IsExported() || fd.Body == nil {
				continue
			}
			found := false
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Check" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == v {
						found = true
					}
				}
				return !found
			})
			if found {
				return fd.Name.Name, p.at(fd.Pos())
			}
		}
	}
	return "", ""
}

// internalImports maps the names under which f imports packages of
// neuro/internal to their import paths.
func internalImports(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		i := strings.Index(path, "/neuro/internal/")
		if i < 0 {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		m[name] = path[i+1:] // neuro/internal/…
	}
	return m
}

// refs returns the reference functions that the level literal calls,
// directly or through functions and methods of the checker package it
// calls (one level deep), with their positions.
func (p *pkg) refs(lit *ast.CompositeLit, refPkgs map[string]string) ([]Ref, error) {
	nodes := []ast.Node{lit}
	ast.Inspect(lit, func(n ast.Node) bool {
		var name string
		switch e := n.(type) {
		case *ast.Ident:
			name = e.Name
		case *ast.SelectorExpr:
			name = e.Sel.Name
		}
		for _, fd := range p.funcs[name] {
			nodes = append(nodes, fd)
		}
		return true
	})
	var refs []Ref
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			dir, ok := refPkgs[id.Name]
			if !ok || !ast.IsExported(sel.Sel.Name) {
				return true
			}
			name := filepath.Base(dir) + "." + sel.Sel.Name
			if !slices.ContainsFunc(refs, func(r Ref) bool { return r.Name == name }) {
				refs = append(refs, Ref{Name: name, At: p.declaredAt(dir, sel.Sel.Name)})
			}
			return true
		})
	}
	slices.SortFunc(refs, func(a, b Ref) int { return strings.Compare(a.Name, b.Name) })
	return refs, nil
}

// declaredAt returns where the package in dir (relative to the root)
// declares the function, constant, variable or type name, or "" if it does
// not.
func (c *course) declaredAt(dir, name string) string {
	p, ok := c.internals[dir]
	if !ok {
		p, _ = c.parseDir(dir)
		c.internals[dir] = p
	}
	if p == nil {
		return ""
	}
	if fds := p.funcs[name]; len(fds) > 0 {
		return p.at(fds[0].Pos())
	}
	for _, f := range p.files {
		if obj := f.Scope.Lookup(name); obj != nil {
			return p.at(obj.Pos())
		}
	}
	return ""
}

// VarName returns the name the variable of the level that check (a
// function CheckXxx) checks must have: xxxLevel, with Go's casing of
// initialisms (CheckLIFStep: lifStepLevel, CheckISIs: isisLevel).
func VarName(check string) string {
	name := strings.TrimPrefix(check, "Check")
	run := 0 // the leading upper-case letters
	for run < len(name) && 'A' <= name[run] && name[run] <= 'Z' {
		run++
	}
	switch {
	case run == len(name) || name[run:] == "s":
		run = len(name) // all an initialism, or one in the plural
	case run > 1 && 'a' <= name[run] && name[run] <= 'z':
		run-- // the last capital starts the next word
	}
	return strings.ToLower(name[:run]) + name[run:] + "Level"
}
