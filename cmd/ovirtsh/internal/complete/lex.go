package complete

import "strings"

type tokKind uint8

const (
	tName    tokKind = iota + 1 // identifier or keyword
	tString                     // complete string literal
	tOpenStr                    // string literal still open at the end of the input
	tNumber
	tOp // punctuation: . : ( ) [ ] { } , ; = ...
)

type token struct {
	kind tokKind
	text string
}

// lex splits Lua source into tokens, dropping comments and white space. ok is false when the
// input ends inside a comment or a long string, where nothing should be completed.
func lex(src string) (toks []token, ok bool) {
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "--"):
			if n := longBracket(src[i+2:]); n > 0 {
				end := strings.Index(src[i+2+n:], "]"+strings.Repeat("=", n-2)+"]")
				if end < 0 {
					return toks, false
				}
				i += 2 + n + end + n
				continue
			}
			nl := strings.IndexByte(src[i:], '\n')
			if nl < 0 {
				return toks, false
			}
			i += nl + 1
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdent(src[j]) {
				j++
			}
			toks = append(toks, token{tName, src[i:j]})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (isIdent(src[j]) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{tNumber, src[i:j]})
			i = j
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				toks = append(toks, token{tOpenStr, src[i:]})
				return toks, true
			}
			toks = append(toks, token{tString, src[i : j+1]})
			i = j + 1
		case c == '[' && longBracket(src[i:]) > 0:
			n := longBracket(src[i:])
			end := strings.Index(src[i+n:], "]"+strings.Repeat("=", n-2)+"]")
			if end < 0 {
				return toks, false
			}
			toks = append(toks, token{tString, src[i : i+n+end+n]})
			i += n + end + n
		default:
			j := i + 1
			for _, op := range []string{"...", "..", "==", "~=", "<=", ">=", "::"} {
				if strings.HasPrefix(src[i:], op) {
					j = i + len(op)
					break
				}
			}
			toks = append(toks, token{tOp, src[i:j]})
			i = j
		}
	}
	return toks, true
}

// longBracket returns the length of an opening long bracket at the start of s ("[[" is 2,
// "[==[" is 4), or 0.
func longBracket(s string) int {
	if !strings.HasPrefix(s, "[") {
		return 0
	}
	j := 1
	for j < len(s) && s[j] == '=' {
		j++
	}
	if j < len(s) && s[j] == '[' {
		return j + 1
	}
	return 0
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdent(c byte) bool      { return isIdentStart(c) || c >= '0' && c <= '9' }

var keywords = map[string]bool{
	"and": true, "break": true, "do": true, "else": true, "elseif": true, "end": true,
	"false": true, "for": true, "function": true, "if": true, "in": true, "local": true,
	"nil": true, "not": true, "or": true, "repeat": true, "return": true, "then": true,
	"true": true, "until": true, "while": true, "goto": true,
}
