package check

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"

	"github.com/neurogo/course/neuro/schema"
)

// MIMEType is the MIME type under which a check's Record is displayed.
const MIMEType = "application/vnd.neurogo.check+json"

// A Record is the machine-readable account of one check: which level, with
// which seed, and what the learner's code returned on every case. It is what
// a grader reads from a notebook's outputs.
type Record struct {
	Version int    `json:"version"`
	Project int    `json:"project"`
	Level   int    `json:"level"`
	Title   string `json:"title"`
	Seed    string `json:"seed"` // decimal uint64; a string so no JSON reader rounds it
	Status  Status `json:"status"`
	Message string `json:"message"`
	Cases   []Case `json:"cases"`
}

// A Case is one input and what the learner's code did with it.
type Case struct {
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
	Panic  string          `json:"panic,omitempty"`
}

// ParseRecord decodes a record from the JSON text of a display bundle.
func ParseRecord(data []byte) (*Record, error) {
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("bad check record: %v", err)
	}
	if rec.Version != 1 {
		return nil, fmt.Errorf("bad check record: version %d", rec.Version)
	}
	return &rec, nil
}

func (l *Level[In, Out]) record(seed uint64, cases []In, outs []Out, panics []string, res Result) (*Record, error) {
	rec := &Record{
		Version: 1, Project: l.Project, Level: l.Number, Title: l.Title,
		Seed: strconv.FormatUint(seed, 10), Status: res.Status, Message: res.Message,
	}
	for i := range cases {
		in, err := encodeInput(cases[i])
		if err != nil {
			return nil, err
		}
		out, err := encodeValue(outs[i])
		if err != nil {
			return nil, err
		}
		rec.Cases = append(rec.Cases, Case{Input: in, Output: out, Panic: panics[i]})
	}
	return rec, nil
}

// runSeed returns the seed a grader chose, or a fresh one.
func runSeed() uint64 {
	if s := os.Getenv(schema.SeedEnv); s != "" {
		if seed, err := strconv.ParseUint(s, 10, 64); err == nil {
			return seed
		}
	}
	return rand.Uint64()
}

// A judgeable level can judge a record in place of the learner's process.
type judgeable interface {
	info() LevelInfo
	rejudge(seed uint64, rec *Record) Result
	encodeCases(seed uint64) ([]json.RawMessage, error)
}

// LevelInfo names a registered level.
type LevelInfo struct {
	Project int
	Level   int
	Title   string
	// Seeded is whether the level draws random cases from the run's seed.
	// A level that does not checks the same cases on every seed.
	Seeded bool
}

func (l *Level[In, Out]) info() LevelInfo {
	return LevelInfo{l.Project, l.Number, l.Title, l.Random != nil}
}

var (
	mu       sync.Mutex
	registry = map[[2]int]judgeable{}
)

// Register makes a level known to Rejudge and Levels and returns it. It
// panics if the project and level numbers are taken: each level is
// registered once, by the package that defines it.
func Register[In, Out any](l *Level[In, Out]) *Level[In, Out] {
	mu.Lock()
	defer mu.Unlock()
	key := [2]int{l.Project, l.Number}
	if _, dup := registry[key]; dup {
		panic(fmt.Sprintf("check: project %d level %d registered twice", l.Project, l.Number))
	}
	if l.Judge == nil || l.Func == "" || len(l.Fixed) == 0 && l.Random == nil {
		panic(fmt.Sprintf("check: project %d level %d needs a Func, a Judge and cases", l.Project, l.Number))
	}
	registry[key] = l
	return l
}

// Levels lists the registered levels of a project in order.
func Levels(project int) []LevelInfo {
	mu.Lock()
	defer mu.Unlock()
	var list []LevelInfo
	for key, l := range registry {
		if key[0] == project {
			list = append(list, l.info())
		}
	}
	slices.SortFunc(list, func(a, b LevelInfo) int { return a.Level - b.Level })
	return list
}

// Rejudge judges a record as the learner's process would have, but trusting
// only the outputs in it: the cases are drawn anew from seed, the seed the
// grader chose for the run, and the record must have been made with the same
// seed. The result's Message says why a record is refused.
func Rejudge(seed uint64, rec *Record) (Result, error) {
	mu.Lock()
	l, ok := registry[[2]int{rec.Project, rec.Level}]
	mu.Unlock()
	if !ok {
		return Result{}, fmt.Errorf("project %d level %d: %w", rec.Project, rec.Level, ErrNoLevel)
	}
	return l.rejudge(seed, rec), nil
}

func (l *Level[In, Out]) rejudge(seed uint64, rec *Record) Result {
	refuse := func(format string, args ...any) Result {
		return Result{Project: l.Project, Level: l.Number, Title: l.Title, Status: Failed,
			Message: "The check's record is not valid: " + fmt.Sprintf(format, args...)}
	}
	if rec.Seed != strconv.FormatUint(seed, 10) {
		return refuse("it was made with seed %s, not the grader's", rec.Seed)
	}
	cases := l.cases(seed)
	if len(rec.Cases) != len(cases) {
		return refuse("it has %d cases, want %d", len(rec.Cases), len(cases))
	}
	outs := make([]Out, len(cases))
	panics := make([]string, len(cases))
	for i, c := range rec.Cases {
		panics[i] = c.Panic
		if c.Panic != "" {
			continue
		}
		if err := decodeValue(c.Output, &outs[i]); err != nil {
			return refuse("case %d: %v", i+1, err)
		}
	}
	return l.judge(cases, outs, panics)
}
