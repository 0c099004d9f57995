package output

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printable returns s safe to show on a terminal: every character that a terminal could take as
// a command is written as a visible Go escape instead. That is the C0 controls (U+0000-U+001F;
// ESC shows as \x1b), DEL (\x7f), the C1 controls (U+0080-U+009F, \u009b), the bidirectional
// overrides and isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069, U+200E,
// U+200F, U+061C), and bytes that are not UTF-8 (\xff). With multiline, newline and tab are
// kept as they are. Every human-readable printer (tables, the object view, printed results,
// error messages) goes through here; JSON output has its own escaping.
func Printable(s string, multiline bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f || multiline && (c == '\n' || c == '\t') {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && !unsafeRune(r) {
				i += n
				continue
			}
		}
		break
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether r, beyond ASCII, is a C1 control or a bidirectional control.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return r == 0x200e || r == 0x200f || r == 0x061c
}

// Quote leaves s bare unless it is empty, padded with spaces or holds characters Printable
// escapes; then it is Go-quoted (those show as escapes). The nested form writes strings so.
func Quote(s string) string {
	if s == "" || strings.TrimSpace(s) != s || Printable(s, false) != s {
		return strconv.Quote(s)
	}
	return s
}
