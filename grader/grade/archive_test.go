package grade

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// An entry of an archive a test makes: a file with its content, a folder
// (a name ending in /), or a link (content "-> target").
type entry struct {
	name, content string
	mode          fs.FileMode // for other special files
}

// files turns a content map into entries, in the order of their names.
func files(m map[string]string) []entry {
	var es []entry
	for _, name := range slices.Sorted(maps.Keys(m)) {
		es = append(es, entry{name: name, content: m[name]})
	}
	return es
}

// zipOf makes a zip archive of the entries, as an LMS's export would be.
func zipOf(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Now()}
		switch {
		case strings.HasPrefix(e.content, "-> "):
			h.SetMode(fs.ModeSymlink | 0o777)
			e.content = strings.TrimPrefix(e.content, "-> ")
		case e.mode != 0:
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tarGzOf makes a .tar.gz archive of the entries; a content "=> target"
// is a hard link.
func tarGzOf(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.content)), ModTime: time.Now(), Typeflag: tar.TypeReg}
		switch {
		case strings.HasSuffix(e.name, "/"):
			h.Typeflag, h.Size, h.Mode = tar.TypeDir, 0, 0o755
		case strings.HasPrefix(e.content, "-> "):
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, strings.TrimPrefix(e.content, "-> "), 0
		case strings.HasPrefix(e.content, "=> "):
			h.Typeflag, h.Linkname, h.Size = tar.TypeLink, strings.TrimPrefix(e.content, "=> "), 0
		case e.mode&fs.ModeNamedPipe != 0:
			h.Typeflag, h.Size = tar.TypeFifo, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			tw.Write([]byte(e.content))
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	return buf.Bytes()
}

func writeArchive(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each LMS's export, as its documented file names make it (see the README's
// "Class archives"), is graded as downloaded: a learner per learner of
// the LMS, each with their notebooks, archives in it unpacked.
func TestFindArchiveLayouts(t *testing.T) {
	p1, p2 := notebookOf(1, ""), notebookOf(2, "")
	learnerZip := string(zipOf(t, files(map[string]string{"work/01-neuron-as-a-circuit.ipynb": p1, "work/notes.txt": "notes"})))
	for _, c := range []struct {
		layout, archive string
		entries         []entry
		want            []string
	}{
		// Canvas: LOGIN[_late]_USERID_ATTACHMENTID_FILENAME, flat.
		{"canvas", "submissions.zip", files(map[string]string{
			"doejane_123_456_01-neuron-as-a-circuit.ipynb":      p1,
			"doejane_123_459_02-integrate-and-fire.ipynb":       p2,
			"roeeric_late_124_457_01-neuron-as-a-circuit.ipynb": p1,
			"smithann_125_458_project.zip":                      learnerZip,
		}), []string{
			"doejane/doejane_123_456_01-neuron-as-a-circuit=submissions.zip/doejane_123_456_01-neuron-as-a-circuit.ipynb",
			"doejane/doejane_123_459_02-integrate-and-fire=submissions.zip/doejane_123_459_02-integrate-and-fire.ipynb",
			"roeeric=submissions.zip/roeeric_late_124_457_01-neuron-as-a-circuit.ipynb",
			"smithann=submissions.zip/smithann_125_458_project.zip/work/01-neuron-as-a-circuit.ipynb",
		}},
		// Moodle, in folders (FULL NAME_ID_assignsubmission_PLUGIN_/) and
		// not (FULL NAME_ID_assignsubmission_PLUGIN_FILENAME).
		{"moodle", "Neuron-Project 1-123.zip", files(map[string]string{
			"Jane Doe_101_assignsubmission_file_/01-neuron-as-a-circuit.ipynb": p1,
			"Jane Doe_101_assignsubmission_onlinetext_/onlinetext.html":        "<p>done</p>",
			"Eric Roe_102_assignsubmission_file_/work/01.ipynb":                p1,
			"Ann Smith_103_assignsubmission_file_/ann.zip":                     learnerZip,
			"Bo Li_104_assignsubmission_file_01-neuron-as-a-circuit.ipynb":     p1,
		}), []string{
			"Jane Doe=Neuron-Project 1-123.zip/Jane Doe_101_assignsubmission_file_/01-neuron-as-a-circuit.ipynb",
			"Eric Roe=Neuron-Project 1-123.zip/Eric Roe_102_assignsubmission_file_/work/01.ipynb",
			"Ann Smith=Neuron-Project 1-123.zip/Ann Smith_103_assignsubmission_file_/ann.zip/work/01-neuron-as-a-circuit.ipynb",
			"Bo Li=Neuron-Project 1-123.zip/Bo Li_104_assignsubmission_file_01-neuron-as-a-circuit.ipynb",
		}},
		// Gradescope: assignment_ID_export/ with submission_metadata.yml
		// naming the submitters of each submission_ID/ folder.
		{"gradescope", "assignment_777_export.zip", files(map[string]string{
			"assignment_777_export/submission_metadata.yml": "submission_9001:\n  :submitters:\n  - :name: Jane Doe\n    :sid: '101'\n    :email: jane@example.edu\n  :created_at: 2026-11-30 10:00:00.000000000 -08:00\n  :score: 0.0\n" +
				"submission_9002:\n  :submitters:\n  - :name: Eric Roe\n    :sid: '102'\n  - :name: \"../../Ann Smith\"\n    :sid: '103'\n",
			"assignment_777_export/submission_9001/01-neuron-as-a-circuit.ipynb": p1,
			"assignment_777_export/submission_9002/notebook.ipynb":               p1,
		}), []string{
			"Jane Doe=assignment_777_export.zip/assignment_777_export/submission_9001/01-neuron-as-a-circuit.ipynb",
			"Eric Roe, _.._Ann Smith=assignment_777_export.zip/assignment_777_export/submission_9002/notebook.ipynb",
		}},
		// GitHub Classroom: gh classroom clone student-repos makes
		// ASSIGNMENT-submissions/ with a clone ASSIGNMENT-LOGIN/ each.
		{"github-classroom", "neuron-submissions.tar.gz", files(map[string]string{
			"neuron-submissions/neuron-janedoe/01-neuron-as-a-circuit.ipynb": p1,
			"neuron-submissions/neuron-ericroe/.git/HEAD":                    "ref: refs/heads/main",
			"neuron-submissions/neuron-ericroe/.git/x.ipynb":                 "{]",
			"neuron-submissions/neuron-ericroe/notebooks/01.ipynb":           p1,
		}), []string{
			"janedoe=neuron-submissions.tar.gz/neuron-submissions/neuron-janedoe/01-neuron-as-a-circuit.ipynb",
			"ericroe=neuron-submissions.tar.gz/neuron-submissions/neuron-ericroe/notebooks/01.ipynb",
		}},
	} {
		t.Run(c.layout, func(t *testing.T) {
			dir := t.TempDir()
			data := zipOf(t, c.entries)
			if strings.HasSuffix(c.archive, ".tar.gz") {
				data = tarGzOf(t, c.entries)
			}
			path := writeArchive(t, filepath.Join(dir, c.archive), data)
			scratch := t.TempDir()
			subs, bad := findWithin(t, &Finder{Scratch: scratch}, path)
			got, _ := rows(dir, subs, bad)
			checkRows(t, c.layout, got, c.want)
			for _, s := range subs {
				if !strings.HasPrefix(s.File, scratch) {
					t.Errorf("%s is read from %s, not from the scratch folder", s.Path, s.File)
				}
				if _, _, err := readRegular(s.File, MaxNotebook); err != nil {
					t.Errorf("%s: %v", s.Path, err)
				}
			}
		})
	}
}

// An archive writes nothing outside its scratch folder: no path that
// climbs out or is absolute, no link, no special file; each is named in
// its learner's row.
func TestUnpackStaysInside(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.ipynb")
	bad := []entry{
		{name: "ada/01.ipynb", content: notebookOf(1, "")},
		{name: "ada/../../../outside.ipynb", content: notebookOf(1, "// climbs out of the scratch folder to outside")},
		{name: outside, content: notebookOf(1, "// absolute")},
		{name: "bob/01.ipynb", content: "-> /etc/passwd"},
		{name: `cy\..\..\outside.ipynb`, content: notebookOf(1, "")},
	}
	for _, kind := range []string{"zip", "tar.gz"} {
		t.Run(kind, func(t *testing.T) {
			entries := bad
			data := zipOf(t, entries)
			if kind == "tar.gz" {
				entries = append(entries, entry{name: "ada/hard.ipynb", content: "=> /etc/passwd"},
					entry{name: "dee/01.ipynb", mode: fs.ModeNamedPipe})
				data = tarGzOf(t, entries)
			}
			class := filepath.Join(dir, kind)
			path := writeArchive(t, filepath.Join(class, "class."+kind), data)
			scratch := filepath.Join(dir, "scratch-"+kind)
			os.Mkdir(scratch, 0o755)
			subs, rowsBad := findWithin(t, &Finder{Scratch: scratch}, path)
			got, skipped := rows(class, subs, rowsBad)
			top, _, _ := strings.Cut(strings.TrimLeft(outside, "/"), "/")
			want := []string{"ada=class." + kind + "/ada/01.ipynb",
				"bob: class." + kind + "/bob/01.ipynb: not unpacked: a link",
				"cy: class." + kind + `/cy\..\..\outside.ipynb: not unpacked: its path leads out of the archive`,
				top + ": class." + kind + "/" + outside + ": not unpacked: its path leads out of the archive"}
			wantSkipped := []string{"ada: class." + kind + "/ada/../../../outside.ipynb: not unpacked: its path leads out of the archive"}
			if kind == "tar.gz" {
				want = append(want, "dee: class.tar.gz/dee/01.ipynb: not unpacked: not a regular file: a named pipe")
				wantSkipped = append(wantSkipped, "ada: class.tar.gz/ada/hard.ipynb: not unpacked: a link")
			}
			checkRows(t, "rows", got, want)
			checkRows(t, "skipped", skipped, wantSkipped)
			if _, err := os.Stat(outside); err == nil {
				t.Errorf("unpacking wrote %s", outside)
			}
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && !strings.HasPrefix(p, filepath.Join(dir, "scratch-")) && filepath.Ext(p) == ".ipynb" {
					t.Errorf("unpacking wrote %s", p)
				}
				if err == nil && d.Type()&fs.ModeSymlink != 0 {
					t.Errorf("unpacking made a link %s", p)
				}
				return nil
			})
		})
	}
}

// An archive that unpacks to more bytes or files than the limits allow
// is refused with a reason, and nothing of it is left; the learners
// beside it are graded.
func TestUnpackRefusesBombs(t *testing.T) {
	dir := t.TempDir()
	zeros := strings.Repeat("\x00", 8<<20) // 8 MiB that deflate to 8 KiB
	many := map[string]string{}
	for i := range 300 {
		many[filepath.Join("ada", strings.Repeat("x", i%50+1)+string(rune('a'+i%26))+".txt")+string(rune('0'+i/26))] = ""
	}
	class := filepath.Join(dir, "class")
	tree(t, class, map[string]string{"ada/01.ipynb": notebookOf(1, "")})
	writeArchive(t, filepath.Join(class, "bomb.zip"), zipOf(t, files(map[string]string{"01.ipynb": zeros})))
	writeArchive(t, filepath.Join(class, "many.tar.gz"), tarGzOf(t, files(many)))
	writeArchive(t, filepath.Join(dir, "class-bomb.zip"), zipOf(t, files(map[string]string{"ada/01.ipynb": zeros})))
	scratch := t.TempDir()
	f := &Finder{Scratch: scratch, Limits: Limits{Files: 200, Bytes: 1 << 20}}
	subs, bad := findWithin(t, f, class, filepath.Join(dir, "class-bomb.zip"))
	got, _ := rows(dir, subs, bad)
	bomb := "refused: it unpacks to more than the grader allows (a zip bomb?)"
	checkRows(t, "rows", got, []string{
		"ada=class/ada/01.ipynb",
		"bomb: class/bomb.zip: " + bomb,
		"many: class/many.tar.gz: " + bomb,
		"class-bomb: " + bomb,
	})
	left, _ := os.ReadDir(scratch)
	if len(left) != 0 {
		t.Errorf("refused archives left %d folders in the scratch folder", len(left))
	}
	if f.unpacked != 0 {
		t.Errorf("refused archives still count %d bytes", f.unpacked)
	}
}
