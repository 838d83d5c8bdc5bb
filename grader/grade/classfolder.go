package grade

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/neurogo/course/grader/nbrun"
	"github.com/neurogo/course/grader/notebook"
)

// MaxNotebook is the size of the largest notebook the grader reads.
const MaxNotebook = 32 << 20

// A Submission is the notebook of one learner's project.
type Submission struct {
	Learner string // names the learner in results, seeds and output folders
	Path    string // the notebook as the instructor knows it (in an archive: archive/member)
	File    string // where the grader reads it
	// Skipped names what else of the learner's was not graded, and why.
	Skipped []string
}

// A Finder finds the submissions of a class: in class folders, class
// archives (.zip, .tar.gz) and notebooks named alone.
//
// A notebook named alone is its file's learner. In a class folder every
// entry not hidden is a learner's: a notebook is its file's learner (a
// flat class folder), a folder or an archive is a learner's whole
// submission, with the notebooks at any depth in it (nbgrader's
// submitted/LEARNER/ASSIGNMENT/, most LMS exports). Entries whose names
// follow an LMS's export (Canvas, Moodle, Gradescope, GitHub Classroom)
// are named and joined as the LMS names its learners. Every learner gets
// exactly one result per project: a graded notebook, or a row saying why
// none could be. Of several notebooks of one project the newest (then the
// first by path) is graded and the others are named in its Skipped.
//
// The walk opens nothing but regular files, reads at most MaxNotebook of
// a notebook, and follows a link only where it ends inside the class
// folder and not in another learner's entry. It never runs the kernel.
type Finder struct {
	// Project, if not 0, is the project of every notebook.
	Project int
	// Scratch is a folder where archives are unpacked; with none, an
	// archive is not graded.
	Scratch string
	// Limits bound what a run unpacks; the zero value is DefaultLimits.
	Limits Limits

	files    int   // files and folders looked at or unpacked so far
	unpacked int64 // bytes unpacked so far
	archives int   // archives unpacked so far
}

// Find finds the submissions that args name. What cannot be graded is a
// result with an error, never a failure of the run.
func (f *Finder) Find(args []string) ([]Submission, []*Result) {
	if f.Limits == (Limits{}) {
		f.Limits = DefaultLimits
	}
	var learners []*learner
	for _, a := range args {
		info, err := os.Stat(a)
		switch {
		case err != nil:
			learners = append(learners, failed(stem(a), a, "no such file or folder"))
		case info.IsDir():
			learners = append(learners, f.class(a, a, nil)...)
		case isArchive(a):
			dir, skipped, err := f.unpack(a)
			if err != nil {
				learners = append(learners, failed(stem(a), a, err.Error()))
				continue
			}
			class, in := container(dir)
			for i, m := range skipped {
				skipped[i].name = strings.TrimPrefix(m.name, in)
			}
			learners = append(learners, f.class(class, filepath.Join(a, in), skipped)...)
		default:
			l := &learner{name: stem(a), path: a}
			w := &walk{f: f, l: l}
			if file, err := filepath.EvalSymlinks(a); err != nil {
				l.skip(a, "unreadable: "+reason(err))
			} else {
				w.notebook(file, a, a)
			}
			learners = append(learners, l)
		}
	}
	var subs []Submission
	var bad []*Result
	for _, l := range learners {
		s, r := l.submissions()
		subs = append(subs, s...)
		if r != nil {
			bad = append(bad, r)
		}
	}
	// Two learners of one name (the same file name in two folders given)
	// are told apart by their paths.
	count := map[string]int{}
	for _, s := range subs {
		count[s.Learner]++
	}
	for i, s := range subs {
		if count[s.Learner] > 1 {
			subs[i].Learner = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(s.Path)), ".ipynb")
		}
	}
	return subs, bad
}

// A learner is what the walk found of one learner.
type learner struct {
	name      string
	path      string // the learner's entry, as shown
	notebooks []found
	skipped   []string // "path: why it is not graded"
}

// A found notebook.
type found struct {
	path    string // as shown
	rel     string // its path in the learner's entry
	file    string // where it is read
	mtime   time.Time
	project int
}

func failed(name, path, why string) *learner {
	return &learner{name: name, path: path, skipped: []string{why}}
}

func (l *learner) skip(path, why string) {
	l.skipped = append(l.skipped, path+": "+why)
}

// submissions picks the notebook of each project the learner has, or
// returns the row that says why there is none.
func (l *learner) submissions() ([]Submission, *Result) {
	if len(l.notebooks) == 0 {
		why := strings.Join(l.skipped, "; ")
		if why == "" {
			why = "no notebook in this learner's folder"
		}
		return nil, &Result{Learner: l.name, Path: l.path, Error: why, Skipped: l.skipped}
	}
	byProject := map[int][]found{}
	for _, nb := range l.notebooks {
		byProject[nb.project] = append(byProject[nb.project], nb)
	}
	var subs []Submission
	for _, p := range slices.Sorted(maps.Keys(byProject)) {
		nbs := byProject[p]
		slices.SortFunc(nbs, func(a, b found) int {
			return cmp.Or(b.mtime.Compare(a.mtime), strings.Compare(a.path, b.path))
		})
		s := Submission{Learner: l.name, Path: nbs[0].path, File: nbs[0].file}
		if len(byProject) > 1 {
			s.Learner += "/" + strings.TrimSuffix(filepath.ToSlash(nbs[0].rel), ".ipynb")
		}
		for _, other := range nbs[1:] {
			s.Skipped = append(s.Skipped, fmt.Sprintf("%s: a duplicate: %s is the newest notebook of project %d", other.path, nbs[0].path, p))
		}
		subs = append(subs, s)
	}
	subs[0].Skipped = append(subs[0].Skipped, l.skipped...)
	return subs, nil
}

// A member of an archive that was not unpacked.
type member struct {
	name string // its name in the archive
	why  string
}

// class finds the learners of the class folder dir, shown as shown.
// skipped are the members of the archive dir was unpacked from that were
// not unpacked, named from dir: each goes to the learner of the entry it
// would be in.
func (f *Finder) class(dir, shown string, skipped []member) []*learner {
	root, err := filepath.EvalSymlinks(dir)
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return []*learner{failed(filepath.Base(dir), shown, "unreadable: "+reason(err))}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return []*learner{failed(filepath.Base(dir), shown, "unreadable: "+reason(err))}
	}
	lay := readLayout(root)
	var learners []*learner
	byKey := map[string]*learner{}
	learnerOf := func(entry string, isDir bool) *learner {
		name, key := lay.learner(entry, isDir)
		l := byKey[key]
		if l == nil {
			l = &learner{name: name, path: filepath.Join(shown, entry)}
			byKey[key] = l
			learners = append(learners, l)
		}
		return l
	}
	for _, e := range entries {
		if hidden(e.Name()) || lay.metadata(e.Name()) {
			continue
		}
		l := learnerOf(e.Name(), e.IsDir())
		w := &walk{f: f, root: root, shown: shown, owner: e.Name(), l: l, visited: map[string]bool{}}
		w.entry(filepath.Join(root, e.Name()), e.Name(), true)
	}
	for _, m := range skipped {
		name := strings.TrimLeft(m.name, "/")
		entry, nested := name, false
		if i := strings.IndexAny(name, `/\`); i >= 0 {
			entry, nested = name[:i], true
		}
		learnerOf(entry, nested).skip(shown+"/"+m.name, m.why)
	}
	if len(learners) == 0 {
		return []*learner{failed(filepath.Base(dir), shown, "no notebooks in this folder")}
	}
	return learners
}

// A walk goes through one learner's entry of a class folder.
type walk struct {
	f       *Finder
	root    string // the class folder, links resolved
	shown   string // what root is shown as
	owner   string // the learner's entry in root
	l       *learner
	visited map[string]bool // the folders walked, links resolved
	depth   int             // archives unpacked to get here
}

// show is how the file at path under root is shown.
func (w *walk) show(path string) string {
	rel, err := filepath.Rel(w.root, path)
	if err != nil {
		return path
	}
	return filepath.Join(w.shown, rel)
}

// entry looks at the file or folder at path, named name in its folder;
// top says it is the learner's entry itself.
func (w *walk) entry(path, name string, top bool) {
	shown := w.show(path)
	w.f.files++
	if w.f.files > w.f.Limits.Files {
		if w.f.files == w.f.Limits.Files+1 {
			w.l.skip(shown, fmt.Sprintf("not looked at: the class holds more than %d files", w.f.Limits.Files))
		}
		return
	}
	info, err := os.Lstat(path)
	if err != nil {
		w.l.skip(shown, "unreadable: "+reason(err))
		return
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, why := w.follow(path)
		if why != "" {
			w.l.skip(shown, why)
			return
		}
		if info, err = os.Lstat(target); err != nil {
			w.l.skip(shown, "unreadable: "+reason(err))
			return
		}
		path = target
	}
	switch {
	case info.IsDir():
		w.folder(path, shown)
	case strings.HasSuffix(name, ".ipynb"):
		w.notebook(path, shown, w.rel(shown))
	case isArchive(name):
		w.archive(path, shown)
	case top && info.Mode().IsRegular():
		w.l.skip(shown, "not a notebook")
	case top:
		w.l.skip(shown, notRegular(info.Mode()))
	}
}

// rel is the path of a file shown as shown in the learner's entry.
func (w *walk) rel(shown string) string {
	rel, err := filepath.Rel(filepath.Join(w.shown, w.owner), shown)
	if err != nil || rel == "." {
		return filepath.Base(shown)
	}
	return rel
}

// follow resolves the link at path, and returns its target, or why it is
// not followed: it ends outside the class folder, in another learner's
// entry, nowhere, or in a loop.
func (w *walk) follow(path string) (string, string) {
	target, err := filepath.EvalSymlinks(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "a link to nothing"
	case errors.Is(err, syscall.ELOOP) || err != nil && strings.Contains(err.Error(), "too many links"):
		return "", "a link loop"
	case err != nil:
		return "", "a link that cannot be followed: " + reason(err)
	}
	rel, err := filepath.Rel(w.root, target)
	if err != nil || !filepath.IsLocal(rel) {
		return "", "a link that leaves the class folder (to " + target + ")"
	}
	if owner, _, _ := strings.Cut(rel, string(filepath.Separator)); owner != w.owner && !hidden(owner) {
		return "", "a link into another learner's entry (" + owner + ")"
	}
	return target, ""
}

// folder walks the folder at path, links resolved, but hidden entries.
func (w *walk) folder(path, shown string) {
	if w.visited[path] {
		w.l.skip(shown, "a link to a folder already looked at (a loop, or twice the same)")
		return
	}
	w.visited[path] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		w.l.skip(shown, "unreadable: "+reason(err))
		return
	}
	for _, e := range entries {
		if !hidden(e.Name()) {
			w.entry(filepath.Join(path, e.Name()), e.Name(), false)
		}
	}
}

// notebook reads the notebook at path, shown as shown, rel in the
// learner's entry, and notes its project.
func (w *walk) notebook(path, shown, rel string) {
	data, info, err := readRegular(path, MaxNotebook)
	if err != nil {
		w.l.skip(shown, err.Error())
		return
	}
	nb, err := notebook.Parse(data)
	if err != nil {
		w.l.skip(shown, firstLine(err.Error()))
		return
	}
	p := w.f.Project
	if p == 0 {
		p = nbrun.Project(nb)
	}
	w.l.notebooks = append(w.l.notebooks, found{path: shown, rel: rel, file: path, mtime: info.ModTime(), project: p})
}

// archive unpacks the learner's archive at path and walks it.
func (w *walk) archive(path, shown string) {
	if w.depth > 0 {
		w.l.skip(shown, "an archive inside an archive: not unpacked")
		return
	}
	dir, skipped, err := w.f.unpack(path)
	if err != nil {
		w.l.skip(shown, err.Error())
		return
	}
	in := &walk{f: w.f, root: dir, shown: shown, l: w.l, visited: map[string]bool{}, depth: w.depth + 1}
	in.folder(dir, shown)
	for _, m := range skipped {
		w.l.skip(shown+"/"+m.name, m.why)
	}
}

// readRegular reads the regular file at path, at most limit bytes of it.
// It opens nothing else (no pipe, device or link), so it never blocks.
// Its error is the reason, one line, without the path.
func readRegular(path string, limit int64) ([]byte, fs.FileInfo, error) {
	file, info, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close()
	if info.Size() > limit {
		return nil, nil, tooLarge(limit)
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, nil, errors.New("unreadable: " + reason(err))
	}
	if int64(len(data)) > limit {
		return nil, nil, tooLarge(limit)
	}
	return data, info, nil
}

// openRegular opens the regular file at path for reading, and nothing
// else: it looks before it opens, opens without following a link or
// waiting on a pipe, and looks again at what it opened.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, nil, errors.New("unreadable: " + reason(err))
	}
	if !info.Mode().IsRegular() {
		return nil, nil, errors.New(notRegular(info.Mode()))
	}
	file, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, errors.New("unreadable: " + reason(err))
	}
	if info, err = file.Stat(); err != nil || !info.Mode().IsRegular() {
		file.Close()
		return nil, nil, errors.New("changed while being opened: not a regular file")
	}
	return file, info, nil
}

func tooLarge(limit int64) error {
	return fmt.Errorf("too large: over %d MiB", limit>>20)
}

// notRegular says what a file of mode m is instead of a regular file.
func notRegular(m fs.FileMode) string {
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSymlink != 0:
		what = "a link"
	}
	return "not a regular file: " + what
}

// reason is an error's message without the path it names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return firstLine(err.Error())
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// hidden says whether a file or folder named name is hidden, as Jupyter's
// .ipynb_checkpoints and a Git clone's .git are.
func hidden(name string) bool {
	return strings.HasPrefix(name, ".")
}

// stem is a file's name without its extension.
func stem(path string) string {
	base := filepath.Base(path)
	if strings.HasSuffix(base, ".tar.gz") {
		return strings.TrimSuffix(base, ".tar.gz")
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// A layout names the learners of a class folder from the names of its
// entries, as the LMS that exported it does.
type layout struct {
	// gradescope maps a Gradescope export's submission folders to their
	// submitters.
	gradescope map[string]string
	// prefix is "ASSIGNMENT-", GitHub Classroom's prefix of the learners'
	// repositories, in a folder named ASSIGNMENT-submissions.
	prefix string
}

// gradescopeMetadata is the file of a Gradescope export that names the
// submitters of every submission folder.
const gradescopeMetadata = "submission_metadata.yml"

var (
	// Canvas: LOGIN[_LATE]_USERID_ATTACHMENTID_FILENAME.
	canvasFile = regexp.MustCompile(`^([a-z0-9-]+?)(?i:_late)?_([0-9]+)_([0-9]+)_.+$`)
	// Moodle: FULL NAME_PARTICIPANTID_assignsubmission_PLUGIN_[FILENAME].
	moodleEntry = regexp.MustCompile(`^(.+)_([0-9]+)_assignsubmission_[a-z]+_`)
)

// readLayout reads what names the learners of the class folder root.
func readLayout(root string) layout {
	lay := layout{}
	if base := filepath.Base(root); strings.HasSuffix(base, "-submissions") {
		lay.prefix = strings.TrimSuffix(base, "submissions")
	}
	data, _, err := readRegular(filepath.Join(root, gradescopeMetadata), 16<<20)
	if err != nil {
		return lay
	}
	lay.gradescope = map[string]string{}
	var folder string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '-' && strings.HasSuffix(line, ":") {
			folder = strings.TrimSuffix(line, ":")
			continue
		}
		if _, name, ok := strings.Cut(line, ":name:"); ok && folder != "" {
			// A name is the learner's to choose: it must not be a path.
			name = strings.TrimLeft(strings.ReplaceAll(strings.Trim(strings.TrimSpace(name), `'"`), "/", "_"), ".")
			if lay.gradescope[folder] != "" {
				name = lay.gradescope[folder] + ", " + name
			}
			lay.gradescope[folder] = name
		}
	}
	return lay
}

// metadata says whether the entry name is the LMS's, not a learner's.
func (lay layout) metadata(name string) bool {
	return lay.gradescope != nil && name == gradescopeMetadata
}

// learner returns the name of the learner of the entry name, and a key
// that is the same for every entry of that learner.
func (lay layout) learner(name string, isDir bool) (learner, key string) {
	if who := lay.gradescope[name]; who != "" {
		return who, name
	}
	if lay.prefix != "" && isDir && strings.HasPrefix(name, lay.prefix) {
		who := strings.TrimPrefix(name, lay.prefix)
		return who, who
	}
	if m := moodleEntry.FindStringSubmatch(name); m != nil {
		return m[1], m[1] + "_" + m[2]
	}
	if m := canvasFile.FindStringSubmatch(name); m != nil && !isDir {
		return m[1], m[1] + "_" + m[2]
	}
	if isDir {
		return name, name
	}
	return stem(name), stem(name)
}

// container returns the class folder of an unpacked class archive dir,
// and its path in the archive ("NAME/", or ""): the folder of a Gradescope
// export (assignment_ID_export/) or of a GitHub Classroom clone
// (ASSIGNMENT-submissions/) when it alone is in dir, and dir itself
// otherwise.
func container(dir string) (string, string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return dir, ""
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return hidden(e.Name()) })
	if len(entries) != 1 || !entries[0].IsDir() {
		return dir, ""
	}
	name := entries[0].Name()
	if gradescopeExport.MatchString(name) || strings.HasSuffix(name, "-submissions") {
		return filepath.Join(dir, name), name + "/"
	}
	return dir, ""
}

var gradescopeExport = regexp.MustCompile(`^assignment_[0-9]+_export$`)

// isArchive says whether the file named name is an archive the grader
// unpacks.
func isArchive(name string) bool {
	return strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".tgz")
}
