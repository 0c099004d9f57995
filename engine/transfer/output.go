package transfer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// errOutput marks failures of the local output, as opposed to the transfer.
type errOutput struct{ err error }

func (e *errOutput) Error() string { return e.err.Error() }
func (e *errOutput) Unwrap() error { return e.err }

// output is where Download writes: a temporary file renamed at the end (written at offsets,
// with holes for zero runs), or a writer (in order, zeros written out).
type output struct {
	f         *os.File
	path, tmp string
	w         io.Writer
	pos       int64
}

func openOutput(path string, w io.Writer) (*output, error) {
	if w != nil {
		return &output{w: w}, nil
	}
	path, mode, exists, err := checkTarget(path)
	if err != nil {
		return nil, err
	}
	f, err := createPart(path)
	if err == nil && exists {
		if err = f.Chmod(mode); err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}
	if err != nil {
		return nil, err
	}
	return &output{f: f, path: path, tmp: f.Name()}, nil
}

// checkTarget finds the file a download replaces before anything is sent: a symbolic link is
// followed (the link stays, its target gets the image); a directory or anything but a regular
// file is refused. An existing file's mode is kept.
func checkTarget(path string) (target string, mode os.FileMode, exists bool, err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, 0, false, nil
	case err != nil:
		return "", 0, false, err
	case st.IsDir():
		return "", 0, false, fmt.Errorf("%s is a directory: give the path of the image file to write", path)
	case !st.Mode().IsRegular():
		return "", 0, false, fmt.Errorf("%s is not a regular file: use a Writer to send the image elsewhere", path)
	}
	return path, st.Mode().Perm(), true, nil
}

// createPart creates the temporary file next to path with the mode a new file gets (0666 less
// the umask), unlike os.CreateTemp's 0600.
func createPart(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".part")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

func (o *output) write(p []byte, off int64) error {
	var err error
	if o.f != nil {
		_, err = o.f.WriteAt(p, off)
	} else if off != o.pos {
		err = fmt.Errorf("out-of-order write at %d, expected %d", off, o.pos)
	} else {
		_, err = o.w.Write(p)
	}
	o.pos = off + int64(len(p))
	if err != nil {
		return &errOutput{err}
	}
	return nil
}

// zero makes [off, off+n) zeros: a hole in a new file, written zeros on a writer.
func (o *output) zero(off, n int64) error {
	if o.f != nil {
		o.pos = off + n
		return nil
	}
	for n > 0 {
		k := min(n, zeroGrain)
		if err := o.write(zeros[:k], off); err != nil {
			return err
		}
		off, n = off+k, n-k
	}
	return nil
}

// commit sets the file's length (trailing holes), syncs it and renames it into place.
func (o *output) commit(size int64) error {
	if o.f == nil {
		return nil
	}
	err := o.f.Truncate(size)
	if err == nil {
		err = o.f.Sync()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp, o.path)
	}
	if err != nil {
		_ = os.Remove(o.tmp)
		return &errOutput{err}
	}
	o.f = nil
	return nil
}

// abort removes the temporary file of a failed download.
func (o *output) abort() {
	if o.f != nil {
		_ = o.f.Close()
		_ = os.Remove(o.tmp)
		o.f = nil
	}
}
