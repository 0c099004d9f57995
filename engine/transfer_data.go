package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
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
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return nil, err
	}
	return &output{f: f, path: path, tmp: f.Name()}, nil
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
		r.size = n
		return r.copy(ctx, body, buf, 0, n)
	}
	exts, err := r.d.extents(ctx)
	if err != nil {
		return err
	}
	for _, e := range exts {
		r.size += e.Length
	}
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
		if err := r.out.write(p, off); err != nil {
			return err
		}
		if r.sum != nil {
			r.sum.Write(p)
		}
		off += int64(len(p))
		r.received += int64(len(p))
		r.report(off)
	}
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
