package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"

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
