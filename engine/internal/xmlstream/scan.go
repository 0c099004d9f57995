package xmlstream

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Byte classes.
var (
	isSpace  [256]bool // XML white space
	nameEnd  [256]bool // bytes that end a name in a tag
	nameStop [256]bool // nameEnd, and bytes of a name that need checking
	attrStop [256]bool // bytes of an attribute value that need a closer look
	textStop [256]bool // bytes that need decoding in text
	textScan [256]bool // bytes that end the fast scan of text
	attrSpec [256]bool // bytes that need decoding in attribute values
)

func init() {
	for _, c := range " \t\r\n" {
		isSpace[c] = true
		nameEnd[c] = true
	}
	for _, c := range "/>=<\"'&" {
		nameEnd[c] = true
	}
	for c := range 0x20 { // control characters, white space among them
		attrStop[c] = true
		textScan[c] = c != '\t' && c != '\n'
		nameStop[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		attrStop[c] = true
		textScan[c] = true
		nameStop[c] = true
	}
	for c := range nameEnd {
		nameStop[c] = nameStop[c] || nameEnd[c]
	}
	attrStop['&'], attrStop['<'] = true, true
	textStop['&'] = true
	textStop['\r'] = true
	textScan['&'], textScan['\r'], textScan['<'] = true, true, true
	for _, c := range "&\t\r\n" {
		attrSpec[c] = true
	}
}

// spaces8 is eight spaces read as a little-endian uint64.
const spaces8 = 0x2020202020202020

// skipSpace returns the index of the first byte of b at or after i that is not white space.
// The white space between elements is mostly a line end and an indentation: after a '\n',
// spaces are skipped eight at a time.
func skipSpace(b []byte, i int) int {
	if i < len(b) && b[i] == '\n' {
		i++
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:]) == spaces8 {
			i += 8
		}
	}
	for i < len(b) && isSpace[b[i]] {
		i++
	}
	return i
}

// scanStart parses the start tag at pos. It returns ok=false and no error
// when the tag continues past the buffered input; the caller refills and
// calls again, which rescans the tag from its '<'.
func (r *Reader) scanStart() (ok bool, err error) {
	b := r.buf
	r.attrs = r.attrs[:0]
	r.attrBuf = r.attrBuf[:0]
	i := r.pos + 1
	ns := i
	i, odd := scanName(b, i)
	if i == len(b) {
		return false, nil
	}
	if i == ns {
		return false, r.fail(i, r.depth, fmt.Sprintf("invalid character %q after '<'", b[i]), nil)
	}
	if odd {
		if err := r.checkChars(b[ns:i], ns, "an element name"); err != nil {
			return false, err
		}
	}
	ne := i
	var lens uint64 // bit n set: an attribute name of n bytes was seen
	sameLen := false
	for {
		sp := i
		for i < len(b) && isSpace[b[i]] {
			i++
		}
		if i == len(b) {
			return false, nil
		}
		c := b[i]
		if c == '>' {
			r.empty = false
			i++
			break
		}
		if c == '/' {
			if i+1 == len(b) {
				return false, nil
			}
			if b[i+1] != '>' {
				return false, r.fail(i, r.depth, "expected '>' after '/' in a start tag", nil)
			}
			r.empty = true
			i += 2
			break
		}
		if i == sp {
			return false, r.fail(i, r.depth, fmt.Sprintf("unexpected %q in a start tag", c), nil)
		}
		a := attr{ns: i}
		i, odd = scanName(b, i)
		if i == len(b) {
			return false, nil
		}
		if i == a.ns {
			return false, r.fail(i, r.depth, fmt.Sprintf("unexpected %q in a start tag", b[i]), nil)
		}
		if odd {
			if err := r.checkChars(b[a.ns:i], a.ns, "an attribute name"); err != nil {
				return false, err
			}
		}
		a.ne = i
		// Names of different lengths cannot be the same: dupAttr compares
		// names only when two have the same length (or one is very long).
		if n := uint(a.ne - a.ns); n < 64 {
			sameLen = sameLen || lens&(1<<n) != 0
			lens |= 1 << n
		} else {
			sameLen = true
		}
		for i < len(b) && isSpace[b[i]] {
			i++
		}
		if i == len(b) {
			return false, nil
		}
		if b[i] != '=' {
			return false, r.fail(i, r.depth, fmt.Sprintf("expected '=' after attribute %s", b[a.ns:a.ne]), nil)
		}
		i++
		for i < len(b) && isSpace[b[i]] {
			i++
		}
		if i == len(b) {
			return false, nil
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return false, r.fail(i, r.depth, fmt.Sprintf("value of attribute %s is not quoted", b[a.ns:a.ne]), nil)
		}
		i++
		a.vs = i
		j := bytes.IndexByte(b[i:], q)
		if j < 0 {
			return false, nil
		}
		a.ve = i + j
		i = a.ve + 1
		if v := b[a.vs:a.ve]; hasAttrSpecial(v) {
			if k := bytes.IndexByte(v, '<'); k >= 0 {
				return false, r.fail(a.vs+k, r.depth, "'<' in an attribute value", nil)
			}
			if err := r.checkChars(v, a.vs, "an attribute value"); err != nil {
				return false, err
			}
			if bytes.IndexByte(v, '&') < 0 && !hasAttrSpace(v) {
				r.attrs = append(r.attrs, a)
				continue
			}
			start := len(r.attrBuf)
			var bad int
			var msg string
			r.attrBuf, bad, msg = decode(r.attrBuf, v, &attrSpec, true)
			if bad >= 0 {
				return false, r.fail(a.vs+bad, r.depth, msg, nil)
			}
			a.vs, a.ve, a.dec = start, len(r.attrBuf), true
		}
		r.attrs = append(r.attrs, a)
	}
	if sameLen {
		if k := r.dupAttr(); k >= 0 {
			a := &r.attrs[k]
			return false, r.fail(a.ns, r.depth, fmt.Sprintf("duplicate attribute %s", b[a.ns:a.ne]), nil)
		}
	}
	r.nameS, r.nameE = ns, ne
	r.pos = i
	return true, nil
}

// dupAttr returns the index of the first attribute of the start tag just
// scanned whose name an earlier attribute already had, or -1. Tags carry a
// handful of attributes, so comparing every pair is cheaper than a set; a
// tag with many (only hostile input has them) goes through a set, which
// keeps the check linear.
func (r *Reader) dupAttr() int {
	b := r.buf
	if len(r.attrs) > maxPairwiseAttrs {
		seen := make(map[string]struct{}, len(r.attrs))
		for k, a := range r.attrs {
			name := b[a.ns:a.ne]
			if _, dup := seen[string(name)]; dup {
				return k
			}
			seen[string(name)] = struct{}{}
		}
		return -1
	}
	for k := 1; k < len(r.attrs); k++ {
		name := b[r.attrs[k].ns:r.attrs[k].ne]
		for _, a := range r.attrs[:k] {
			if string(b[a.ns:a.ne]) == string(name) {
				return k
			}
		}
	}
	return -1
}

// decode appends src to dst, replacing entity and character references,
// normalizing line ends and, for attribute values, turning white space into
// spaces. stop marks the bytes that need attention. On a bad reference it
// returns its index in src and a message; otherwise bad is -1.
func decode(dst, src []byte, stop *[256]bool, attr bool) (out []byte, bad int, msg string) {
	i := 0
	for i < len(src) {
		j := i
		for j < len(src) && !stop[src[j]] {
			j++
		}
		dst = append(dst, src[i:j]...)
		if j == len(src) {
			break
		}
		switch c := src[j]; c {
		case '\r':
			if attr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, '\n')
			}
			if j+1 < len(src) && src[j+1] == '\n' {
				j++
			}
			i = j + 1
		case '\n', '\t':
			dst = append(dst, ' ')
			i = j + 1
		default: // '&'
			end := j + 1
			for end < len(src) && end-j <= maxRefLen && src[end] != ';' {
				end++
			}
			if end == len(src) || src[end] != ';' {
				return dst, j, "unterminated entity or character reference"
			}
			ref := src[j+1 : end]
			switch string(ref) {
			case "amp":
				dst = append(dst, '&')
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "quot":
				dst = append(dst, '"')
			case "apos":
				dst = append(dst, '\'')
			default:
				rn, ok := charRef(ref)
				if !ok {
					return dst, j, fmt.Sprintf("invalid reference &%s;", ref)
				}
				dst = utf8.AppendRune(dst, rn)
			}
			i = end + 1
		}
	}
	return dst, -1, ""
}

const maxRefLen = 40 // longest reference accepted between '&' and ';'

const maxPairwiseAttrs = 16 // more attributes in a tag are checked for duplicates with a set

// charRef parses the body of a character reference ("#65", "#x41").
func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	digits, base := ref[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, false
	}
	var v rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		v = v*base + d
		if v > utf8.MaxRune {
			return 0, false
		}
	}
	return v, isXMLChar(v)
}

// isXMLChar reports whether XML 1.0 allows the character.
func isXMLChar(c rune) bool {
	switch {
	case c >= 0x20 && c <= 0xD7FF:
		return true
	case c == 0x9 || c == 0xA || c == 0xD:
		return true
	case c >= 0xE000 && c <= 0xFFFD:
		return true
	case c >= 0x10000 && c <= utf8.MaxRune:
		return true
	}
	return false
}

// appendLines appends src to dst with line ends normalized to '\n'.
func appendLines(dst, src []byte) []byte {
	for {
		j := 0
		for j < len(src) && src[j] != '\r' {
			j++
		}
		dst = append(dst, src[:j]...)
		if j == len(src) {
			return dst
		}
		dst = append(dst, '\n')
		if j+1 < len(src) && src[j+1] == '\n' {
			j++
		}
		src = src[j+1:]
	}
}

// hasAttrSpecial reports whether an attribute value holds a byte that may
// need decoding or checking: '&', '<', a control character or a non-ASCII
// byte. It
// looks at eight bytes at a time: with lo = 0x01 in every byte, (x-lo)&^x
// has the high bit of a byte set where x had a zero byte (exact as to
// whether there is one), and (x-0x20*lo)&^x likewise for bytes below 0x20.
func hasAttrSpecial(v []byte) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(v); i += 8 {
		x := binary.LittleEndian.Uint64(v[i:])
		amp := x ^ (lo * '&')
		lt := x ^ (lo * '<')
		if (x|(amp-lo)&^amp|(lt-lo)&^lt|(x-lo*0x20)&^x)&hi != 0 {
			return true
		}
	}
	for ; i < len(v); i++ {
		if attrStop[v[i]] {
			return true
		}
	}
	return false
}

// hasAttrSpace reports whether an attribute value holds white space that
// normalization turns into spaces.
func hasAttrSpace(v []byte) bool {
	for _, c := range v {
		if c < 0x20 && c != ' ' {
			return true
		}
	}
	return false
}
