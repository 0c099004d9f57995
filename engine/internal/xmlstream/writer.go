package xmlstream

import (
	"errors"
	"fmt"
	"io"
	"strings"
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
	names nameCache
}

// nameCache holds names found valid, so that the names of generated code
// (constants, written over and over) are not checked again: a name equal to
// one in its set is valid. Two names a set, the last found first.
type nameCache [256]string

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, flushSize+flushSize/2)}
}

// Reset makes the Writer write a new document to dst, keeping its buffer:
// writers can be pooled.
func (w *Writer) Reset(dst io.Writer) {
	w.w, w.buf, w.stack, w.open, w.err = dst, w.buf[:0], w.stack[:0], false, nil
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

// checkName reports whether name can be written as an element or attribute
// name (see validName), looking in the cache of names found valid first.
func (w *Writer) checkName(name string) bool {
	if name == "" {
		return false
	}
	key := uint64(len(name)) | uint64(name[0])<<8 | uint64(name[len(name)/2])<<16 | uint64(name[len(name)-1])<<24
	set := (*[2]string)(w.names[(key*0x9E3779B97F4A7C15)>>56&0xFE:])
	if set[0] == name || set[1] == name {
		return true
	}
	if !validName(name) {
		return false
	}
	set[1], set[0] = set[0], name
	return true
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
	if !w.checkName(name) {
		w.setErr("invalid element name %q", name)
		return
	}
	w.closeStart()
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	w.stack = append(w.stack, name)
	w.open = true
}

// beginLeaf writes "<name>" for an element whose content and end tag the
// caller writes at once (see endLeaf): it is never put on the stack.
func (w *Writer) beginLeaf(name string) bool {
	if w.err != nil {
		return false
	}
	if !w.checkName(name) {
		w.setErr("invalid element name %q", name)
		return false
	}
	w.closeStart()
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '>')
	return true
}

// endLeaf writes the end tag of a leaf begun by beginLeaf.
func (w *Writer) endLeaf(name string) {
	w.buf = append(w.buf, '<', '/')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '>')
	w.flushFull()
}

// flushFull writes the buffer out when it is full enough.
func (w *Writer) flushFull() {
	if len(w.buf) >= flushSize {
		w.write()
	}
}

// Attr adds an attribute to the start tag just begun; it is an error after
// content was written.
func (w *Writer) Attr(name, value string) {
	if w.attrName(name) {
		w.buf = appendEscaped(w.buf, value, &attrEsc)
		w.buf = append(w.buf, '"')
	}
}

// attrName writes ` name="` when an attribute can be added.
func (w *Writer) attrName(name string) bool {
	if w.err != nil {
		return false
	}
	if !w.open {
		w.setErr("attribute %q outside a start tag", name)
		return false
	}
	if !w.checkName(name) {
		w.setErr("invalid attribute name %q", name)
		return false
	}
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '=', '"')
	return true
}

// AttrInt64 adds an integer attribute.
func (w *Writer) AttrInt64(name string, v int64) {
	if w.attrName(name) {
		w.buf = AppendInt64(w.buf, v)
		w.buf = append(w.buf, '"')
	}
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
	w.flushFull()
}

// Element writes <name>text</name> (<name/> when text is empty).
func (w *Writer) Element(name, text string) {
	if text == "" {
		w.Begin(name)
		w.End()
		return
	}
	if w.beginLeaf(name) {
		w.buf = appendEscaped(w.buf, text, &textEsc)
		w.endLeaf(name)
	}
}

// ElementBool writes an element holding a boolean.
func (w *Writer) ElementBool(name string, v bool) {
	if w.beginLeaf(name) {
		w.buf = AppendBool(w.buf, v)
		w.endLeaf(name)
	}
}

// ElementInt64 writes an element holding an integer.
func (w *Writer) ElementInt64(name string, v int64) {
	if w.beginLeaf(name) {
		w.buf = AppendInt64(w.buf, v)
		w.endLeaf(name)
	}
}

// ElementFloat64 writes an element holding a decimal.
func (w *Writer) ElementFloat64(name string, v float64) {
	if w.beginLeaf(name) {
		w.buf = AppendFloat64(w.buf, v)
		w.endLeaf(name)
	}
}

// ElementTime writes an element holding an xs:dateTime.
func (w *Writer) ElementTime(name string, t time.Time) {
	if w.beginLeaf(name) {
		w.buf = AppendTime(w.buf, t)
		w.endLeaf(name)
	}
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
// name: not empty, no markup, quote, white space or control characters, not
// starting with a digit, '-' or '.', valid UTF-8 without U+FFFE or U+FFFF.
// One table look-up a byte (Writer.checkName caches the result).
func validName(s string) bool {
	if s == "" || nameFirstBad[s[0]] {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		switch nameByte[s[i]] {
		case nameBad:
			return false
		case nameNonASCII:
			ascii = false
		}
	}
	return ascii || badUTF8([]byte(s)) < 0
}

// Classes of the bytes of a name.
const (
	nameOK = iota
	nameBad
	nameNonASCII
)

var (
	nameByte     [256]uint8 // class of each byte in a name
	nameFirstBad [256]bool  // bytes a name cannot start with
)

func init() {
	for c := range nameByte {
		switch {
		case c < 0x20 || c == 0x7f || strings.IndexByte(" /<>=\"'&", byte(c)) >= 0:
			nameByte[c] = nameBad
		case c >= utf8.RuneSelf:
			nameByte[c] = nameNonASCII
		}
		nameFirstBad[c] = nameByte[c] == nameBad || c == '-' || c == '.' || '0' <= c && c <= '9'
	}
}
