package xmlstream

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Error is the error returned by a Reader. It names the position of the
// problem in the input and the path of the element being read.
type Error struct {
	Line   int    // 1-based line number
	Col    int    // 1-based column, in bytes
	Offset int64  // 0-based byte offset in the input
	Path   string // element path such as "vms/vm[3]/cpu/topology/cores"; empty outside the root element
	Msg    string // what went wrong
	Err    error  // the underlying error, e.g. from the io.Reader or a parser; may be nil
}

// Error formats the error as "line L col C: path: msg".
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("line ")
	sb.WriteString(strconv.Itoa(e.Line))
	sb.WriteString(" col ")
	sb.WriteString(strconv.Itoa(e.Col))
	sb.WriteString(": ")
	if e.Path != "" {
		sb.WriteString(e.Path)
		sb.WriteString(": ")
	}
	sb.WriteString(e.Msg)
	return sb.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error positioned at the start of the token the reader
// returned last (the text of the last Text call, or the start tag of the last
// Child or Root call) and naming that element's path. The reader itself is
// not put into an error state.
func (r *Reader) Errorf(format string, args ...any) error {
	return r.newError(r.tok, r.pathDepth, fmt.Sprintf(format, args...), nil)
}

// fail records a sticky syntax error at buffer index at, for the element
// path of the given depth.
func (r *Reader) fail(at int, depth int, msg string, err error) error {
	if r.err == nil {
		r.err = r.newError(r.base+int64(at), depth, msg, err)
	}
	return r.err
}

// failEOF records the error for input that ended (or failed) too early.
func (r *Reader) failEOF(what string) error {
	msg := "unexpected end of input " + what
	var err error
	if r.rerr != nil && r.rerr != io.EOF {
		msg = "reading input " + what + ": " + r.rerr.Error()
		err = r.rerr
	}
	return r.fail(len(r.buf), r.depth, msg, err)
}

func (r *Reader) newError(off int64, depth int, msg string, err error) *Error {
	line, col := r.lineCol(off)
	return &Error{Line: line, Col: col, Offset: off, Path: r.path(depth), Msg: msg, Err: err}
}

// lineCol computes the position of the stream offset off. Newlines in data
// already dropped from the buffer were counted when it was dropped; an offset
// before the buffer is reported at the buffer's start.
func (r *Reader) lineCol(off int64) (line, col int) {
	if off < r.base {
		off = r.base
	}
	i := int(off - r.base)
	if i > len(r.buf) {
		i = len(r.buf)
		off = r.base + int64(i)
	}
	seg := r.buf[:i]
	line = r.lines + 1 + bytes.Count(seg, nl)
	start := r.lineStart
	if j := bytes.LastIndexByte(seg, '\n'); j >= 0 {
		start = r.base + int64(j) + 1
	}
	return line, int(off-start) + 1
}

var nl = []byte{'\n'}

// path renders the element path down to depth.
func (r *Reader) path(depth int) string {
	if depth >= len(r.frames) {
		depth = len(r.frames) - 1
	}
	var sb strings.Builder
	for d := 1; d <= depth; d++ {
		if d > 1 {
			sb.WriteByte('/')
		}
		f := &r.frames[d]
		sb.Write(f.name)
		if f.n > 1 {
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(f.n))
			sb.WriteByte(']')
		}
	}
	return sb.String()
}
