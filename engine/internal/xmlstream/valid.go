package xmlstream

import (
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf8"
)

// The reader refuses characters that XML 1.0 does not allow wherever it
// hands out bytes (names, text, attribute values) or skips text between
// elements: invalid UTF-8, control characters other than tab, line feed and
// carriage return (NUL among them, as &#0; is refused too), and U+FFFE and
// U+FFFF. Surrogates are invalid UTF-8 already.
//
// Checking costs little: eight ASCII bytes at a time are known to be fine
// when none is below 0x20 or above 0x7F, and only runs of non-ASCII bytes are
// decoded (utf8.Valid).

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// badChar returns the index of the first character of b that XML 1.0 does
// not allow, or -1.
func badChar(b []byte) int {
	i := 0
	for i < len(b) {
		for ; i+8 <= len(b); i += 8 {
			x := binary.LittleEndian.Uint64(b[i:])
			// High bit set in a byte of x, or a byte below 0x20 (exact as to
			// whether there is one: see hasAttrSpecial).
			if (x|(x-lo8*0x20)&^x)&hi8 != 0 {
				break
			}
		}
		end := min(i+8, len(b))
		for i < end {
			c := b[i]
			if c < 0x80 {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
					return i
				}
				i++
				continue
			}
			j := i + 1
			for j < len(b) && b[j] >= 0x80 {
				j++
			}
			if k := badUTF8(b[i:j]); k >= 0 {
				return i + k
			}
			i = j
		}
	}
	return -1
}

// badUTF8 returns the index of the first invalid or disallowed character of
// the non-ASCII run b, or -1.
func badUTF8(b []byte) int {
	if utf8.Valid(b) && !hasNonChar(b) {
		return -1
	}
	for i := 0; i < len(b); {
		c, n := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && n == 1 || c == 0xFFFE || c == 0xFFFF {
			return i
		}
		i += n
	}
	return -1
}

// hasNonChar reports whether valid UTF-8 b holds U+FFFE or U+FFFF
// (EF BF BE, EF BF BF).
func hasNonChar(b []byte) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xEF && b[i+1] == 0xBF && b[i+2]&0xFE == 0xBE {
			return true
		}
	}
	return false
}

// runeCut returns where b[i:] should be cut so that a UTF-8 sequence split
// by the end of b is left for when more input has arrived: len(b), or the
// start of that incomplete sequence.
func runeCut(b []byte, i int) int {
	for back := 1; back <= utf8.UTFMax-1 && len(b)-back >= i; back++ {
		s := len(b) - back
		if b[s] < 0x80 {
			break
		}
		if utf8.RuneStart(b[s]) {
			if !utf8.FullRune(b[s:]) {
				return s
			}
			break
		}
	}
	return len(b)
}

// checkChars fails when b, found at buffer index at, holds a character XML
// does not allow.
func (r *Reader) checkChars(b []byte, at int, what string) error {
	if k := badChar(b); k >= 0 {
		return r.fail(at+k, r.depth, charMsg(b[k:], what), nil)
	}
	return nil
}

// charMsg describes the disallowed character at the start of b.
func charMsg(b []byte, what string) string {
	c, n := utf8.DecodeRune(b)
	switch {
	case c == utf8.RuneError && n <= 1:
		return fmt.Sprintf("invalid UTF-8 (byte 0x%02X) in %s", b[0], what)
	case c < 0x20:
		return "control character " + quoteRune(c) + " in " + what
	}
	return "character " + quoteRune(c) + " not allowed in " + what
}

func quoteRune(c rune) string { return fmt.Sprintf("U+%04X", c) }

// scanName returns the end of the name that starts at b[i] and whether it
// holds bytes (control characters, non-ASCII) that need checking.
func scanName(b []byte, i int) (int, bool) {
	for i < len(b) && !nameStop[b[i]] {
		i++
	}
	if i == len(b) || nameEnd[b[i]] {
		return i, false
	}
	for i < len(b) && !nameEnd[b[i]] {
		i++
	}
	return i, true
}

// epilogue reads what follows the root element: only white space, comments
// and processing instructions may, up to the end of the input.
func (r *Reader) epilogue() error {
	for {
		if !r.skipSpace() {
			if r.rerr != io.EOF {
				return r.failEOF("after the root element")
			}
			return nil
		}
		if !r.ensure(2) || r.buf[r.pos] != '<' {
			return r.fail(r.pos, 0, "content after the root element", nil)
		}
		switch {
		case r.buf[r.pos+1] == '?':
			if err := r.skipUntil(piEnd, 2, "in a processing instruction"); err != nil {
				return err
			}
		case r.ensure(4) && r.buf[r.pos+1] == '!' && r.buf[r.pos+2] == '-' && r.buf[r.pos+3] == '-':
			if err := r.skipUntil(commentEnd, 4, "in a comment"); err != nil {
				return err
			}
		default:
			return r.fail(r.pos, 0, "content after the root element", nil)
		}
	}
}

// closed is called when an element was closed: after the root element, the
// rest of the input is checked.
func (r *Reader) closed() error {
	if r.depth == 0 {
		return r.epilogue()
	}
	return nil
}
