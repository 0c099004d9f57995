package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/internal/qcow2"
)

// Runs of zeros are found at zeroGrain granularity; those shorter than minZeroRun are sent as
// data, since a PATCH per small hole costs more than its bytes.
const (
	zeroGrain  = 64 << 10
	minZeroRun = 1 << 20
)

var zeros [zeroGrain]byte

// run is a piece of a chunk: data to PUT, or zeros to PATCH.
type run struct {
	off, n int
	zero   bool
}

// splitZeros cuts p into data and zero runs; without detect it is one data run.
func splitZeros(p []byte, detect bool) []run {
	if !detect {
		return []run{{0, len(p), false}}
	}
	var grains []run
	for i := 0; i < len(p); i += zeroGrain {
		g := p[i:min(i+zeroGrain, len(p))]
		z := bytes.Equal(g, zeros[:len(g)])
		if k := len(grains); k > 0 && grains[k-1].zero == z {
			grains[k-1].n += len(g)
		} else {
			grains = append(grains, run{i, len(g), z})
		}
	}
	var out []run
	for _, r := range grains {
		if r.zero && r.n < minZeroRun && len(grains) > 1 {
			r.zero = false
		}
		if k := len(out); k > 0 && out[k-1].zero == r.zero {
			out[k-1].n += r.n
		} else {
			out = append(out, r)
		}
	}
	return out
}

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

// receiver moves an image from imageio to an output: with the extents feature, only data runs
// are fetched; otherwise the whole image comes in one GET.
type receiver struct {
	d        *imageio
	out      *output
	chunk    int
	progress func(done, total int64)
	sum      hash.Hash
	// expect is the image's length as the disk tells (its provisioned size for guest data),
	// -1 when the disk cannot tell (a qcow2 file): the server's answer must not be shorter.
	expect   int64
	size     int64
	received int64
}

func (r *receiver) receive(ctx context.Context) error {
	buf := make([]byte, r.chunk)
	if !r.d.features["extents"] {
		body, n, err := r.d.get(ctx, 0, -1)
		if err != nil {
			return err
		}
		defer body.Close()
		if n < 0 { // no Content-Length: the disk tells the length
			n = r.expect
		}
		if err := r.checkSize(n); err != nil {
			return err
		}
		if n < 0 {
			return r.copyAll(ctx, body, buf)
		}
		r.size = n
		return r.copy(ctx, body, buf, 0, n)
	}
	exts, err := r.d.extents(ctx)
	if err != nil {
		return err
	}
	var size int64
	for _, e := range exts {
		size += e.Length
	}
	if err := r.checkSize(size); err != nil {
		return err
	}
	r.size = size
	for _, e := range exts {
		if e.Zero {
			if err := r.zero(e.Start, e.Length); err != nil {
				return err
			}
			continue
		}
		for off := e.Start; off < e.Start+e.Length; {
			n := min(int64(r.chunk), e.Start+e.Length-off)
			body, _, err := r.d.get(ctx, off, n)
			if err != nil {
				return err
			}
			err = r.copy(ctx, body, buf, off, n)
			_ = body.Close()
			if err != nil {
				return err
			}
			off += n
		}
	}
	return nil
}

// checkSize refuses an image shorter than the disk says.
func (r *receiver) checkSize(n int64) error {
	if r.expect >= 0 && n >= 0 && n < r.expect {
		return &engine.Error{Kind: engine.KindOther, Method: http.MethodGet, URL: r.d.logURL,
			Msg: fmt.Sprintf("imageio offers %d bytes of a disk of %d", n, r.expect)}
	}
	return nil
}

// copyAll reads body to its end into the output, for a qcow2 file of unknown length: what
// arrives must at least start as one.
func (r *receiver) copyAll(ctx context.Context, body io.Reader, buf []byte) error {
	var head []byte
	for off := int64(0); ; {
		k, err := io.ReadFull(body, buf)
		if k > 0 {
			if len(head) < 4096 {
				head = append(head, buf[:min(k, 4096-len(head))]...)
			}
			r.size += int64(k)
			if err := r.take(buf[:k], off); err != nil {
				return err
			}
			off += int64(k)
		}
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			if _, perr := ProbeImage(bytes.NewReader(head), int64(len(head))); perr != nil || !bytes.HasPrefix(head, []byte(qcow2.Magic)) {
				return &engine.Error{Kind: engine.KindOther, Method: http.MethodGet, URL: r.d.logURL,
					Msg: fmt.Sprintf("the answer of %d bytes without a length is not a qcow2 image", off), Err: perr}
			}
			return nil
		case err != nil:
			return r.d.readError(ctx, err)
		}
	}
}

// copy reads n bytes of body into the output at off.
func (r *receiver) copy(ctx context.Context, body io.Reader, buf []byte, off, n int64) error {
	for end := off + n; off < end; {
		p := buf[:min(int64(len(buf)), end-off)]
		if _, err := io.ReadFull(body, p); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return r.d.readError(ctx, err)
		}
		if err := r.take(p, off); err != nil {
			return err
		}
		off += int64(len(p))
	}
	return nil
}

// take writes p, which arrived for off, to the output.
func (r *receiver) take(p []byte, off int64) error {
	if err := r.out.write(p, off); err != nil {
		return err
	}
	if r.sum != nil {
		r.sum.Write(p)
	}
	r.received += int64(len(p))
	r.report(off + int64(len(p)))
	return nil
}

func (r *receiver) zero(off, n int64) error {
	if err := r.out.zero(off, n); err != nil {
		return err
	}
	if r.sum != nil {
		for k := n; k > 0; k -= min(k, zeroGrain) {
			r.sum.Write(zeros[:min(k, zeroGrain)])
		}
	}
	r.report(off + n)
	return nil
}

func (r *receiver) report(done int64) {
	if r.progress != nil {
		r.progress(done, r.size)
	}
}
