package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
)

// bodyReader reads a response body for do: it remembers the first read error (to tell a cut
// connection from a malformed document), copies the head of the body for the debug trace, and
// records what it delivers while record is set (a long <action> is read twice).
type bodyReader struct {
	r      io.Reader
	err    error // first error of r other than io.EOF
	n      int64 // bytes read from r
	trace  *bytes.Buffer
	record bool
	rec    bytes.Buffer
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.fill(p)
	if b.record {
		b.rec.Write(p[:n])
	}
	return n, err
}

// fill reads from r, noting what it got.
func (b *bodyReader) fill(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.trace != nil && b.trace.Len() < traceLimit {
		b.trace.Write(p[:min(n, traceLimit-b.trace.Len())])
	}
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

func (b *bodyReader) stopRecording() {
	b.record = false
	b.rec = bytes.Buffer{}
}

var errActionTooLarge = errors.New("the <action> answer is larger than 16 MiB")

// drain reads the rest of the body, which must be at most limit bytes.
func (b *bodyReader) drain(limit int64) error {
	n, err := io.Copy(io.Discard, io.LimitReader(b, limit+1))
	if err == nil && n > limit {
		err = errActionTooLarge
	}
	return err
}

// tracing reports whether the debug trace is on.
func (c *Connection) tracing(ctx context.Context) bool {
	return c.log.Enabled(ctx, slog.LevelDebug)
}
