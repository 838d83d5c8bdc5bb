// Package schema names what the course's notebooks, its neuro packages and
// its grader agree on: the course's module path, the keys of the course's
// metadata in a notebook and the roles of its cells, and the environment
// variables a grader sets for the code a notebook runs.
//
// Every notebook cell links this package, so it holds constants and tiny
// helpers only, and imports nothing.
package schema

// ModulePath is the course's Go module: the module of the checkout's
// go.mod, which the setup cell of every notebook requires and replaces by
// the checkout.
const ModulePath = "github.com/neurogo/course"

// The course's metadata in a notebook file. A notebook's metadata and each
// of its code cells' metadata hold an object under the key Metadata:
//
//	notebook: "metadata": {"neuro": {"project": 3}}
//	cell:     "metadata": {"neuro": {"role": "check", "level": 5}}
//
// A notebook's object names its project; a code cell's names its role and,
// unless the cell serves the whole notebook, the level it belongs to.
const (
	// Metadata is the key of the course's object in a notebook's or a
	// cell's metadata.
	Metadata = "neuro"

	// ProjectKey is the key of a notebook's project number, 1 to 11.
	ProjectKey = "project"

	// RoleKey is the key of a code cell's Role.
	RoleKey = "role"

	// LevelKey is the key of the level, 1 to 25, a code cell belongs to.
	// Cells of the whole notebook (its setup cell, say) have none.
	LevelKey = "level"

	// ConceptsKey is the key of the list of key concepts a level teaches,
	// in its check cell (see grader/release's course map).
	ConceptsKey = "concepts"
)

// A Role is what a code cell of a notebook is for. Every code cell of a
// solution notebook has one of the roles below.
type Role string

const (
	// RoleSetup is the first code cell of a notebook: it makes the
	// course's module resolvable from the checkout and imports the
	// project's packages. It has no level.
	RoleSetup Role = "setup"

	// RoleGiven is a cell of declarations the course gives ready-made,
	// such as a model's parameters or helpers a task relies on: the
	// learner runs it but writes nothing in it, and no check judges it.
	// It has a level if a level introduces it.
	RoleGiven Role = "given"

	// RoleExercise is a level's exercise: the declaration the learner
	// completes, whose solution region the learner's notebook replaces by
	// a stub.
	RoleExercise Role = "exercise"

	// RoleCheck is a level's check: a %% cell that calls the level's
	// checker on the learner's code.
	RoleCheck Role = "check"

	// RoleDemo is a %% cell that shows what a level's code does, with a
	// plot or an interactive figure.
	RoleDemo Role = "demo"
)

// Roles lists every role, in the order a notebook uses them.
var Roles = []Role{RoleSetup, RoleGiven, RoleExercise, RoleCheck, RoleDemo}

// Known reports whether r is one of Roles.
func (r Role) Known() bool {
	for _, k := range Roles {
		if r == k {
			return true
		}
	}
	return false
}

// CellRole reads a code cell's role and level from the cell's metadata
// (the cell's "metadata" object, decoded from JSON). A missing role is "",
// a missing level 0.
func CellRole(metadata map[string]any) (role Role, level int) {
	meta, _ := metadata[Metadata].(map[string]any)
	r, _ := meta[RoleKey].(string)
	l, _ := meta[LevelKey].(float64)
	return Role(r), int(l)
}

// Project reads a notebook's project number from the notebook's metadata
// (decoded from JSON), or 0.
func Project(metadata map[string]any) int {
	meta, _ := metadata[Metadata].(map[string]any)
	p, _ := meta[ProjectKey].(float64)
	return int(p)
}

// The environment variables a grader sets for the kernel that runs a
// notebook, and that the course's packages read.
const (
	// SeedEnv holds the seed, a decimal uint64, of every random case of
	// the checks: the grader chooses it so that it can draw the same cases
	// again and judge the checks' records.
	SeedEnv = "NEURO_SEED"

	// CasesEnv holds the path of the file of cases a grader drew for one
	// submission (check.CaseFile): while it is set, every check runs the
	// learner's code on those cases and only records the answers.
	CasesEnv = "NEURO_CASES"

	// HeadlessEnv, when not empty, says that no one is looking at the
	// notebook: interactive figures are drawn once, without sliders. The
	// grader sets it to 1.
	HeadlessEnv = "NEURO_HEADLESS"

	// FiguresEnv, if set, names a folder where figures no notebook shows
	// are written as PNG files: those shown outside a notebook (in go
	// test, say), and those the figure package's tests draw.
	FiguresEnv = "NEURO_FIGURES"
)

// SetupCommands are the first lines of every notebook's setup cell, GoNB's
// special commands. The first makes the course's module, and its go.sum,
// the cell programs' own, from the checkout next to the notebook. The
// other two set how GoNB builds each cell: with -mod=mod the build adds the
// course's requirements to the program's go.mod by itself, so GoNB's go get
// before every build (half a second a cell) is switched off; -ldflags=-s
// leaves the symbol tables out of the program, which then links faster and
// still names file and line in a panic.
const SetupCommands = "!*go mod edit -require=" + ModulePath + "@v0.0.0 -replace=" + ModulePath + "=${GONB_DIR}/.. && cp ${GONB_DIR}/../go.sum .\n" +
	"%goflags -mod=mod -ldflags=-s\n" +
	"%noautoget\n"
