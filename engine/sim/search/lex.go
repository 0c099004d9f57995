package search

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tokEOF    tokKind = iota
	tokWord           // attribute, keyword or unquoted value
	tokString         // quoted value
	tokOp             // = != < > <= >=
	tokLParen
	tokRParen
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset in the query
}

// Error is a query the simulator cannot evaluate: a syntax error or a construct it does not
// support. Pos is the byte offset of the offending token.
type Error struct {
	Query string
	Pos   int
	Msg   string
}

func (e *Error) Error() string {
	return fmt.Sprintf("search %q: %s (at offset %d)", e.Query, e.Msg, e.Pos)
}

// lex splits a query into tokens.
func lex(q string) ([]token, error) {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case c == '=':
			toks = append(toks, token{tokOp, "=", i})
			i++
		case c == '!' || c == '<' || c == '>':
			if i+1 < len(q) && q[i+1] == '=' {
				toks = append(toks, token{tokOp, q[i : i+2], i})
				i += 2
				continue
			}
			if c == '!' {
				return nil, &Error{q, i, `"!" must be followed by "=" (negation is not supported otherwise)`}
			}
			toks = append(toks, token{tokOp, string(c), i})
			i++
		case c == '"' || c == '\'':
			end := strings.IndexByte(q[i+1:], c)
			if end < 0 {
				return nil, &Error{q, i, "unterminated quoted value"}
			}
			toks = append(toks, token{tokString, q[i+1 : i+1+end], i})
			i += end + 2
		default:
			start := i
			for i < len(q) && !isDelim(q[i]) {
				_, n := utf8.DecodeRuneInString(q[i:])
				i += n
			}
			toks = append(toks, token{tokWord, q[start:i], start})
		}
	}
	return append(toks, token{tokEOF, "", len(q)}), nil
}

func isDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '(', ')', '=', '!', '<', '>', '"', '\'':
		return true
	}
	return false
}
