package grade

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// FuzzFind builds a class folder from the fuzzer's bytes (notebooks, junk,
// folders, links to anywhere, loops, named pipes, files too large,
// archives with any member) and walks it: the walk must end, not crash,
// and give every learner (every entry of the class folder) one row, with
// every notebook it grades a regular file inside the class folder or the
// scratch folder. go test runs the seeds; go test -fuzz=FuzzFind searches.
func FuzzFind(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07"))
	f.Add([]byte("\x03\x10\x03\x21\x03\x32\x04\x00\x02\x11\x00\x22"))
	f.Add([]byte("\x02\x00\x03\x07\x13\x05\x23\x06\x33\x04\x01\x15\x31\x25\x36"))
	f.Add([]byte("\x07\x00\x07\x11\x02\x21\x03\x22\x03\x33\x03\x44"))
	// A learner's folder with a notebook and a named pipe: one row.
	f.Add([]byte("\x02\x00\x00\x12\x04\x13"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		base := t.TempDir()
		class := filepath.Join(base, "class")
		scratch := filepath.Join(base, "scratch")
		os.Mkdir(class, 0o755)
		os.Mkdir(scratch, 0o755)
		os.WriteFile(filepath.Join(base, "solution.ipynb"), []byte(notebookOf(1, "")), 0o644)
		names := []string{"a", "b", "c.ipynb", "d.ipynb", ".h", "e.zip", "f", "g.ipynb"}
		targets := []string{"a", "../a", "c.ipynb", "..", "../..", ".", "/dev/zero", "/", "../solution.ipynb",
			filepath.Join(base, "solution.ipynb"), "nowhere", "d.ipynb", "../b/c.ipynb", ".h"}
		dirs := []string{class}
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i], int(ops[i+1])
			parent := dirs[arg>>4%len(dirs)]
			path := filepath.Join(parent, names[arg%len(names)])
			if _, err := os.Lstat(path); err == nil {
				continue // writing to a pipe made before would block the test
			}
			switch op % 8 {
			case 0:
				os.WriteFile(path, []byte(notebookOf(1, "")), 0o644)
			case 1:
				os.WriteFile(path, []byte("{]"), 0o644)
			case 2:
				if os.Mkdir(path, 0o755) == nil {
					dirs = append(dirs, path)
				}
			case 3:
				os.Symlink(targets[(arg+int(op>>3))%len(targets)], path)
			case 4:
				syscall.Mkfifo(path, 0o644)
			case 5:
				if os.WriteFile(path, nil, 0o644) == nil {
					os.Truncate(path, MaxNotebook+1)
				}
			case 6:
				var es []entry
				for j, b := range ops[i:min(len(ops), i+6)] {
					name := names[int(b)%len(names)]
					if j%2 == 1 {
						name = targets[int(b)%len(targets)] + "/" + name
					}
					es = append(es, entry{name: name, content: notebookOf(1, "")})
				}
				os.WriteFile(path+".zip", zipOf(t, es), 0o644)
			case 7:
				os.WriteFile(path, []byte("not a notebook"), 0o644)
			}
		}

		want := map[string]int{}
		entries, _ := os.ReadDir(class)
		for _, e := range entries {
			switch {
			case hidden(e.Name()):
			case e.IsDir(): // a learner's folder: named by it
				want[e.Name()]++
			default: // a file or a link: named by its stem
				want[stem(e.Name())]++
			}
		}
		subs, bad := findWithin(t, &Finder{Scratch: scratch, Limits: Limits{Files: 500, Bytes: 1 << 20}}, class)
		got := map[string]int{}
		for _, s := range subs {
			got[s.Learner]++
			if !strings.HasPrefix(s.File, class+string(filepath.Separator)) && !strings.HasPrefix(s.File, scratch+string(filepath.Separator)) {
				t.Errorf("%s is graded from %s, outside the class and scratch folders", s.Learner, s.File)
			}
			if info, err := os.Lstat(s.File); err != nil || !info.Mode().IsRegular() {
				t.Errorf("%s is graded from %s, not a regular file", s.Learner, s.File)
			}
		}
		for _, r := range bad {
			got[r.Learner]++
			if r.Error == "" || strings.Contains(r.Error, "\n") {
				t.Errorf("%s: the row of what is not graded says %q, want one line", r.Learner, r.Error)
			}
		}
		if len(want) == 0 {
			want["class"] = 1 // an empty class folder is a row of its own
		}
		for name := range want {
			want[name] = 1
		}
		if !maps.Equal(got, want) {
			t.Errorf("rows per learner %v, want one for each of %v", got, slices.Sorted(maps.Keys(want)))
		}
	})
}
