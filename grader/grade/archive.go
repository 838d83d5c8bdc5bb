package grade

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Limits bound what the archives of a run unpack to.
type Limits struct {
	Files int   // files and folders, in class folders and archives
	Bytes int64 // bytes unpacked, all archives together
}

// DefaultLimits are the limits of grader grade: ten times what a class of
// a thousand learners needs.
var DefaultLimits = Limits{Files: 200_000, Bytes: 8 << 30}

// errBomb is why an archive that unpacks to too much is refused.
var errBomb = errors.New("refused: it unpacks to more than the grader allows (a zip bomb?)")

// unpack unpacks the archive at path into a new folder under f.Scratch,
// and returns the folder and the members it did not unpack, and why. It
// writes folders and regular files only, all inside that folder: a member
// that is a link or a special file, or whose path is absolute or climbs
// out, is not unpacked. An archive that holds more files or bytes than
// the limits left is refused, and nothing of it is left.
func (f *Finder) unpack(path string) (string, []member, error) {
	if f.Scratch == "" {
		return "", nil, errors.New("an archive: not unpacked (no scratch folder)")
	}
	file, info, err := openRegular(path)
	if err != nil {
		return "", nil, err
	}
	defer file.Close()
	f.archives++
	dir := filepath.Join(f.Scratch, fmt.Sprintf("archive-%d", f.archives))
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", nil, err
	}
	u := &unpacker{f: f, dir: dir}
	if strings.HasSuffix(path, ".zip") {
		err = u.unzip(file, info.Size())
	} else {
		err = u.untar(file)
	}
	if err != nil {
		f.unpacked -= u.bytes
		f.files -= u.files
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, u.skipped, nil
}

// An unpacker unpacks one archive into dir.
type unpacker struct {
	f       *Finder
	dir     string
	bytes   int64 // unpacked so far
	files   int
	skipped []member
}

func (u *unpacker) unzip(r io.ReaderAt, size int64) error {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("not a zip archive: %v", err)
	}
	if u.f.files+len(z.File) > u.f.Limits.Files {
		return errBomb
	}
	for _, zf := range z.File {
		mode := zf.Mode()
		err := u.add(zf.Name, mode, zf.Modified, func() (io.ReadCloser, error) { return zf.Open() })
		if err != nil {
			return err
		}
	}
	return nil
}

func (u *unpacker) untar(r io.Reader) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not a .tar.gz archive: %v", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not a .tar.gz archive: %v", err)
		}
		mode := h.FileInfo().Mode()
		if h.Typeflag == tar.TypeLink {
			mode |= fs.ModeSymlink // a hard link: not unpacked either
		}
		err = u.add(h.Name, mode, h.ModTime, func() (io.ReadCloser, error) { return io.NopCloser(tr), nil })
		if err != nil {
			return err
		}
	}
}

// add unpacks the member name of the given mode and time; open opens its
// content. Only the errors that refuse the archive are returned.
func (u *unpacker) add(name string, mode fs.FileMode, mtime time.Time, open func() (io.ReadCloser, error)) error {
	u.files++
	u.f.files++
	if u.f.files > u.f.Limits.Files {
		return errBomb
	}
	clean := filepath.FromSlash(strings.TrimSuffix(name, "/"))
	to := filepath.Join(u.dir, clean)
	skip := func(why string) error {
		u.skipped = append(u.skipped, member{name, "not unpacked: " + why})
		return nil
	}
	switch {
	case !filepath.IsLocal(clean) || strings.Contains(name, `\`):
		return skip("its path leads out of the archive")
	case mode&fs.ModeSymlink != 0:
		return skip("a link")
	case mode.IsDir():
		if err := os.MkdirAll(to, 0o700); err != nil {
			return skip(reason(err))
		}
	case !mode.IsRegular():
		return skip(notRegular(mode))
	default:
		if err := u.write(to, mtime, open); err != errBomb && err != nil {
			return skip(reason(err))
		} else if err != nil {
			return err
		}
	}
	return nil
}

// write writes a regular member to the new file to, within the bytes
// left; it returns errBomb past them.
func (u *unpacker) write(to string, mtime time.Time, open func() (io.ReadCloser, error)) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	in, err := open()
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	left := u.f.Limits.Bytes - u.f.unpacked
	n, err := io.Copy(out, io.LimitReader(in, left+1))
	u.bytes += n
	u.f.unpacked += n
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	switch {
	case n > left:
		return errBomb
	case err != nil:
		os.Remove(to)
		return err
	}
	os.Chtimes(to, mtime, mtime)
	return nil
}
