package xmlstream

import (
	"bytes"
	"fmt"
	"time"
)

// shortText is how far Text looks for its end tag byte by byte before
// turning to the general path.
const shortText = 64

// Text returns the character data of the current element and consumes its
// end tag; the parent becomes the current element. Entity and character
// references and CDATA sections are decoded, comments and processing
// instructions dropped, and line ends normalized. A child element is an
// error. The result points into the input buffer when nothing had to be
// decoded and is valid until the next Root, Child, Text or Skip call.
func (r *Reader) Text() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	r.attrs = r.attrs[:0]
	if r.depth == 0 {
		return nil, r.fail(r.pos, 0, "Text called outside an element", nil)
	}
	r.pathDepth = r.depth
	r.tok = r.base + int64(r.pos)
	r.scratch = r.scratch[:0]
	if r.empty {
		r.empty = false
		r.depth--
		return r.scratch, r.closed()
	}
	// Fast path: a short text with nothing to decode, then the end tag.
	b, i := r.buf, r.pos
	for end := min(len(b), i+shortText); i < end && !textScan[b[i]]; i++ {
	}
	if i+1 < len(b) && b[i] == '<' && b[i+1] == '/' {
		want := r.frames[r.depth].name
		if rest := b[i+2:]; len(rest) > len(want) && rest[len(want)] == '>' && string(rest[:len(want)]) == string(want) {
			raw := b[r.pos:i:i]
			r.pos = i + len(want) + 3
			r.depth--
			return raw, r.closed()
		}
	}
	copied := false // text is being collected in scratch
	r.mark = r.pos  // start of the text segment not yet collected
	for {
		b := r.buf
		j := bytes.IndexByte(b[r.pos:], '<')
		if j < 0 {
			r.pos = len(b)
			if !r.more() {
				return nil, r.failEOF("in text")
			}
			continue
		}
		r.pos += j
		if !r.ensure(2) {
			return nil, r.failEOF("in text")
		}
		switch r.buf[r.pos+1] {
		case '/':
			n, err := r.endTag()
			if err != nil {
				return nil, err
			}
			raw := r.buf[r.mark:r.pos]
			if !copied && bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
				if err := r.checkChars(raw, r.mark, "text"); err != nil {
					return nil, err
				}
				r.pos += n
				r.depth--
				return raw[:len(raw):len(raw)], r.closed()
			}
			if err := r.collect(raw, r.mark); err != nil {
				return nil, err
			}
			r.pos += n
			r.depth--
			return r.scratch, r.closed()
		case '!', '?':
			if err := r.collect(r.buf[r.mark:r.pos], r.mark); err != nil {
				return nil, err
			}
			copied = true
			if err := r.textMarkup(); err != nil {
				return nil, err
			}
			r.mark = r.pos
		default:
			return nil, r.fail(r.pos, r.depth, "unexpected child element in text", nil)
		}
	}
}

// collect decodes the text segment raw (found at buffer index at) into
// scratch.
func (r *Reader) collect(raw []byte, at int) error {
	if err := r.checkChars(raw, at, "text"); err != nil {
		return err
	}
	var bad int
	var msg string
	r.scratch, bad, msg = decode(r.scratch, raw, &textStop, false)
	if bad >= 0 {
		return r.fail(at+bad, r.depth, msg, nil)
	}
	if r.maxToken > 0 && r.tooLong(len(r.scratch)) {
		return r.err
	}
	return nil
}

// textMarkup handles "<!" or "<?" at pos inside text: a CDATA section is
// appended to scratch, comments and processing instructions are skipped.
func (r *Reader) textMarkup() error {
	r.mark = r.pos
	if r.buf[r.pos+1] == '?' {
		return r.skipUntil(piEnd, 2, "in a processing instruction")
	}
	if !r.ensure(4) {
		return r.failEOF("in markup")
	}
	if r.buf[r.pos+2] == '-' && r.buf[r.pos+3] == '-' {
		return r.skipUntil(commentEnd, 4, "in a comment")
	}
	if !r.ensure(len(cdataStart)) {
		if bytes.HasPrefix(cdataStart, r.buf[r.pos:]) {
			return r.failEOF("in markup")
		}
		return r.fail(r.pos, r.depth, "invalid markup after '<!'", nil)
	}
	if !bytes.HasPrefix(r.buf[r.pos:], cdataStart) {
		return r.fail(r.pos, r.depth, "invalid markup after '<!'", nil)
	}
	r.pos += len(cdataStart)
	for {
		b := r.buf
		if j := bytes.Index(b[r.pos:], cdataEnd); j >= 0 {
			if err := r.checkChars(b[r.pos:r.pos+j], r.pos, "a CDATA section"); err != nil {
				return err
			}
			r.scratch = appendLines(r.scratch, b[r.pos:r.pos+j])
			r.pos += j + len(cdataEnd)
			return nil
		}
		// Collect all but the bytes that may start "]]>" or a "\r\n" pair.
		if k := len(b) - 2; k > r.pos {
			if b[k-1] == '\r' {
				k--
			}
			k = runeCut(b[:k], r.pos)
			if err := r.checkChars(b[r.pos:k], r.pos, "a CDATA section"); err != nil {
				return err
			}
			r.scratch = appendLines(r.scratch, b[r.pos:k])
			r.pos = k
		}
		if r.maxToken > 0 && r.tooLong(len(r.scratch)) {
			return r.err
		}
		r.mark = r.pos
		if !r.more() {
			return r.failEOF("in a CDATA section")
		}
	}
}

// TextString returns Text as a string.
func (r *Reader) TextString() (string, error) {
	b, err := r.Text()
	if err != nil {
		return "", err
	}
	return r.String(b), nil
}

// TextBool returns Text parsed as an xs:boolean (true, false, 1, 0).
func (r *Reader) TextBool() (bool, error) {
	b, err := r.Text()
	if err != nil {
		return false, err
	}
	v, ok := ParseBool(b)
	if !ok {
		return false, r.Errorf("invalid boolean %s", quoteLimit(b))
	}
	return v, nil
}

// TextInt64 returns Text parsed as a 64-bit decimal integer.
func (r *Reader) TextInt64() (int64, error) {
	b, err := r.Text()
	if err != nil {
		return 0, err
	}
	v, ok := ParseInt64(b)
	if !ok {
		return 0, r.Errorf("invalid integer %s", quoteLimit(b))
	}
	return v, nil
}

// TextFloat64 returns Text parsed as a decimal number.
func (r *Reader) TextFloat64() (float64, error) {
	b, err := r.Text()
	if err != nil {
		return 0, err
	}
	v, ok := ParseFloat64(b)
	if !ok {
		return 0, r.Errorf("invalid decimal %s", quoteLimit(b))
	}
	return v, nil
}

// TextTime returns Text parsed as an xs:dateTime (or xs:date).
func (r *Reader) TextTime() (time.Time, error) {
	b, err := r.Text()
	if err != nil {
		return time.Time{}, err
	}
	v, ok := ParseTime(b)
	if !ok {
		return time.Time{}, r.Errorf("invalid date %s", quoteLimit(b))
	}
	return v, nil
}

// quoteLimit quotes a value for an error message: trimmed, long ones cut.
func quoteLimit(b []byte) string {
	const max = 64
	b = trimSpace(b)
	if len(b) > max {
		return fmt.Sprintf("%q...", b[:max])
	}
	return fmt.Sprintf("%q", b)
}
