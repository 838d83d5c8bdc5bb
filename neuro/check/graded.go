package check

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
)

// A CaseFile holds the cases a grader drew for one submission, in the file
// the environment variable schema.CasesEnv names: the inputs of every level
// of a project, drawn with Seed.
type CaseFile struct {
	Seed   string                       `json:"seed"` // decimal uint64
	Levels map[string][]json.RawMessage `json:"levels"`
}

// caseKey names a level in a CaseFile.
func caseKey(project, level int) string { return fmt.Sprintf("%d/%d", project, level) }

// DrawCases draws the cases of every registered level of project with seed,
// as Check would draw them, for a grader to hand to a learner's process.
func DrawCases(seed uint64, project int) (*CaseFile, error) {
	f := &CaseFile{Seed: strconv.FormatUint(seed, 10), Levels: map[string][]json.RawMessage{}}
	mu.Lock()
	defer mu.Unlock()
	for key, l := range registry {
		if key[0] != project {
			continue
		}
		inputs, err := l.encodeCases(seed)
		if err != nil {
			return nil, fmt.Errorf("project %d level %d: %v", key[0], key[1], err)
		}
		f.Levels[caseKey(key[0], key[1])] = inputs
	}
	if len(f.Levels) == 0 {
		return nil, fmt.Errorf("project %d: %w", project, ErrNoLevel)
	}
	return f, nil
}

func (l *Level[In, Out]) encodeCases(seed uint64) ([]json.RawMessage, error) {
	var inputs []json.RawMessage
	for _, c := range l.cases(seed) {
		in, err := encodeValue(c)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// caseFiles holds the case files read so far, by path: a program checks
// every level of a project, and reads and parses the file only once.
var caseFiles = struct {
	sync.Mutex
	byPath map[string]*CaseFile
}{byPath: map[string]*CaseFile{}}

// readCaseFile returns the CaseFile at path, read on the first call.
func readCaseFile(path string) (*CaseFile, error) {
	caseFiles.Lock()
	defer caseFiles.Unlock()
	if f, ok := caseFiles.byPath[path]; ok {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := new(CaseFile)
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	caseFiles.byPath[path] = f
	return f, nil
}

// readCases reads the cases of a level from the CaseFile at path.
func readCases[In any](path string, project, level int) (uint64, []In, error) {
	f, err := readCaseFile(path)
	if err != nil {
		return 0, nil, err
	}
	seed, err := strconv.ParseUint(f.Seed, 10, 64)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: bad seed %q", path, f.Seed)
	}
	inputs, ok := f.Levels[caseKey(project, level)]
	if !ok {
		return 0, nil, fmt.Errorf("%s has no cases for project %d level %d", path, project, level)
	}
	cases := make([]In, len(inputs))
	for i, in := range inputs {
		if err := decodeValue(in, &cases[i]); err != nil {
			return 0, nil, fmt.Errorf("case %d: %v", i+1, err)
		}
	}
	return seed, cases, nil
}
