package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
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

// Limits cap what one response can make the client read and hold, against an engine (or a
// man in the middle) sending an endless or hugely compressed body. Exceeding one is an *Error
// whose message names the limit.
type Limits struct {
	// MaxBody caps the bytes of one response body after decompression; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxToken caps one token of an XML response (a text, a tag with its attributes) held in
	// memory while it is read; 0 means DefaultMaxToken.
	MaxToken int
}

const (
	// DefaultMaxBody is the default of Limits.MaxBody, 2 GiB: a list of 100,000 VMs as the
	// engine sends it (about 11 KB each) is about 1.1 GB.
	DefaultMaxBody = 2 << 30
	// DefaultMaxToken is the default of Limits.MaxToken, 16 MiB.
	DefaultMaxToken = xmlstream.DefaultMaxToken
)

func (l *Limits) maxBody() int64 {
	if l.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return l.MaxBody
}

// bodyLimitError is the error of a body longer than Limits.MaxBody.
type bodyLimitError struct{ limit int64 }

func (e *bodyLimitError) Error() string {
	return "the response body is larger than the limit of " + xmlstream.FormatSize(e.limit) +
		" (Options.Limits.MaxBody)"
}

// limitedBody is a response body that fails once it has delivered more than limit bytes.
type limitedBody struct {
	io.ReadCloser
	left, limit int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1] // one byte more tells a body of exactly the limit from a longer one
	}
	n, err := l.ReadCloser.Read(p)
	if int64(n) > l.left {
		n = int(l.left)
		l.left = 0
		return n, &bodyLimitError{l.limit}
	}
	l.left -= int64(n)
	return n, err
}

// limitMessage is the message of an error that a limit of Options.Limits caused, or "".
func limitMessage(err error) string {
	var le *bodyLimitError
	if errors.As(err, &le) {
		return le.Error()
	}
	var xe *xmlstream.Error
	if errors.As(err, &xe) && errors.Is(err, xmlstream.ErrTokenTooLarge) {
		return "the response body is not acceptable: " + xe.Error() + " (Options.Limits.MaxToken)"
	}
	return ""
}
