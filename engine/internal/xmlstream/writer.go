package xmlstream

import (
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

const flushSize = 32 << 10 // the buffer is written out when it grows past this

// Writer writes an XML document to a buffered io.Writer. Its errors are
// sticky: after the first one every method is a no-op and Flush and Err
// return it.
type Writer struct {
	w     io.Writer
	buf   []byte
	stack []string // open elements
	open  bool     // the last start tag still lacks its '>'
	err   error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, flushSize+flushSize/2)}
}

// Reset makes the Writer write a new document to dst, keeping its buffer:
// writers can be pooled.
func (w *Writer) Reset(dst io.Writer) {
	*w = Writer{w: dst, buf: w.buf[:0], stack: w.stack[:0]}
}

// Err returns the first error of the Writer, if any.
func (w *Writer) Err() error { return w.err }

// Depth returns the number of elements begun and not yet ended.
func (w *Writer) Depth() int { return len(w.stack) }

func (w *Writer) setErr(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("xmlstream: "+format, args...)
	}
}

// closeStart ends a pending start tag with '>'.
func (w *Writer) closeStart() {
	if w.open {
		w.buf = append(w.buf, '>')
		w.open = false
	}
}

// Begin writes the start tag of the element name.
func (w *Writer) Begin(name string) {
	if w.err != nil {
		return
	}
	if !validName(name) {
		w.setErr("invalid element name %q", name)
		return
	}
	w.closeStart()
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	w.stack = append(w.stack, name)
	w.open = true
}

// Attr adds an attribute to the start tag just begun; it is an error after
// content was written.
func (w *Writer) Attr(name, value string) {
	if w.err != nil {
		return
	}
	if !w.open {
		w.setErr("attribute %q outside a start tag", name)
		return
	}
	if !validName(name) {
		w.setErr("invalid attribute name %q", name)
		return
	}
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '=', '"')
	w.buf = appendEscaped(w.buf, value, &attrEsc)
	w.buf = append(w.buf, '"')
}

// AttrInt64 adds an integer attribute.
func (w *Writer) AttrInt64(name string, v int64) {
	var tmp [24]byte
	w.Attr(name, string(AppendInt64(tmp[:0], v)))
}

// Text writes character data into the current element, escaped.
func (w *Writer) Text(s string) {
	if s != "" && w.value() {
		w.buf = appendEscaped(w.buf, s, &textEsc)
	}
}

// value prepares writing a value into the current element.
func (w *Writer) value() bool {
	if w.err != nil {
		return false
	}
	if len(w.stack) == 0 {
		w.setErr("text outside an element")
		return false
	}
	w.closeStart()
	return true
}

// TextBool writes true or false.
func (w *Writer) TextBool(v bool) {
	if w.value() {
		w.buf = AppendBool(w.buf, v)
	}
}

// TextInt64 writes an integer.
func (w *Writer) TextInt64(v int64) {
	if w.value() {
		w.buf = AppendInt64(w.buf, v)
	}
}

// TextFloat64 writes a decimal (see AppendFloat64).
func (w *Writer) TextFloat64(v float64) {
	if w.value() {
		w.buf = AppendFloat64(w.buf, v)
	}
}

// TextTime writes an xs:dateTime (see AppendTime).
func (w *Writer) TextTime(t time.Time) {
	if w.value() {
		w.buf = AppendTime(w.buf, t)
	}
}

// End writes the end tag of the current element, or "/>" when the element
// has no content.
func (w *Writer) End() {
	if w.err != nil {
		return
	}
	n := len(w.stack)
	if n == 0 {
		w.setErr("End without Begin")
		return
	}
	name := w.stack[n-1]
	w.stack = w.stack[:n-1]
	if w.open {
		w.buf = append(w.buf, '/', '>')
		w.open = false
	} else {
		w.buf = append(w.buf, '<', '/')
		w.buf = append(w.buf, name...)
		w.buf = append(w.buf, '>')
	}
	if len(w.buf) >= flushSize {
		w.write()
	}
}

// Element writes <name>text</name> (<name/> when text is empty).
func (w *Writer) Element(name, text string) {
	w.Begin(name)
	w.Text(text)
	w.End()
}

// ElementBool writes an element holding a boolean.
func (w *Writer) ElementBool(name string, v bool) {
	w.Begin(name)
	w.TextBool(v)
	w.End()
}

// ElementInt64 writes an element holding an integer.
func (w *Writer) ElementInt64(name string, v int64) {
	w.Begin(name)
	w.TextInt64(v)
	w.End()
}

// ElementFloat64 writes an element holding a decimal.
func (w *Writer) ElementFloat64(name string, v float64) {
	w.Begin(name)
	w.TextFloat64(v)
	w.End()
}

// ElementTime writes an element holding an xs:dateTime.
func (w *Writer) ElementTime(name string, t time.Time) {
	w.Begin(name)
	w.TextTime(t)
	w.End()
}

// Flush writes buffered output to the underlying writer. It does not check
// that all elements were ended (see Close).
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.write()
	return w.err
}

// Close checks that every element was ended and flushes.
func (w *Writer) Close() error {
	if w.err == nil && len(w.stack) > 0 {
		w.setErr("element <%s> not ended", w.stack[len(w.stack)-1])
	}
	return w.Flush()
}

var errShortWrite = errors.New("xmlstream: short write")

func (w *Writer) write() {
	if w.err != nil || len(w.buf) == 0 {
		return
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = errShortWrite
	}
	if err != nil {
		w.err = err
		return
	}
	w.buf = w.buf[:0]
}

// validName reports whether s can be written as an element or attribute
// name: not empty, no markup, quote or white space characters, not starting
// with a digit, '-' or '.'.
func validName(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c == '-' || c == '.' || ('0' <= c && c <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; nameEnd[c] || c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// Escape tables: index into replacements, 0 = copy.
var (
	textEsc      [utf8.RuneSelf]uint8
	attrEsc      [utf8.RuneSelf]uint8
	replacements = [...]string{1: "&amp;", 2: "&lt;", 3: "&gt;", 4: "&quot;", 5: "&apos;",
		6: "&#x9;", 7: "&#xA;", 8: "&#xD;", 9: "\uFFFD"}
)

func init() {
	for _, t := range []*[utf8.RuneSelf]uint8{&textEsc, &attrEsc} {
		for c := range 0x20 {
			t[c] = 9
		}
		t[0x7f] = 0
		t['&'], t['<'], t['>'], t['"'], t['\''] = 1, 2, 3, 4, 5
		t['\t'], t['\n'], t['\r'] = 0, 0, 8
	}
	attrEsc['\t'], attrEsc['\n'] = 6, 7
}

// appendEscaped appends s with the characters of tab escaped and characters
// XML 1.0 does not allow replaced by U+FFFD.
func appendEscaped(dst []byte, s string, tab *[utf8.RuneSelf]uint8) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if tab[c] == 0 {
				i++
				continue
			}
			dst = append(dst, s[last:i]...)
			dst = append(dst, replacements[tab[c]]...)
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, s[last:i]...)
			dst = append(dst, replacements[9]...)
			i += size
			last = i
			continue
		}
		i += size
	}
	return append(dst, s[last:]...)
}
