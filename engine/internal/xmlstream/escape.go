package xmlstream

import "unicode/utf8"

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

// hasZero has the high bit set in some byte when a byte of x is zero, and
// only then (bits above a zero byte may be set by its borrow: callers only
// ask whether there is one).
func hasZero(x uint64) uint64 { return (x - lo8) &^ x & hi8 }

// mayNeedEscape is not zero when one of the eight bytes of x may need
// escaping in text or attribute values: non-ASCII, below 0x20 (tab and line
// feed among them: the tables decide), one of & ' " < >, or # (which shares
// bits with them and is looked at byte by byte).
func mayNeedEscape(x uint64) uint64 {
	return (x|(x-lo8*0x20)&^x)&hi8 |
		hasZero((x|lo8*5)^(lo8*'\'')) | // " (0x22), # (0x23), & (0x26) or ' (0x27)
		hasZero((x|lo8*2)^(lo8*'>')) // < (0x3C) or > (0x3E)
}

// load64 returns the eight bytes of s at i as a little-endian integer (the
// compiler makes this one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plainPrefix returns the length of the longest prefix of s that tab copies
// as is: ASCII bytes its table maps to 0. Eight bytes are looked at at a time.
func plainPrefix(s string, tab *[utf8.RuneSelf]uint8) int {
	i := 0
	for {
		for ; i+8 <= len(s); i += 8 {
			if mayNeedEscape(load64(s, i)) != 0 {
				break
			}
		}
		if i+8 > len(s) && i < len(s) && len(s) >= 8 && mayNeedEscape(load64(s, len(s)-8)) == 0 {
			return len(s) // the last bytes, some looked at again
		}
		end := min(i+8, len(s))
		for ; i < end; i++ {
			if c := s[i]; c >= utf8.RuneSelf || tab[c] != 0 {
				return i
			}
		}
		if i == len(s) {
			return i
		}
	}
}

// appendEscaped appends s with the characters of tab escaped and characters
// XML 1.0 does not allow replaced by U+FFFD. Strings that need nothing of
// that (most) are scanned once and appended as they are.
func appendEscaped(dst []byte, s string, tab *[utf8.RuneSelf]uint8) []byte {
	i := plainPrefix(s, tab)
	if i == len(s) {
		return append(dst, s...)
	}
	last := 0
	for i < len(s) {
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
