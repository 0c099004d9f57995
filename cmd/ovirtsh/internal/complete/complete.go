package complete

import (
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Source is what completion reads: globals, table fields and descriptions of values, found
// without calling anything. *session.Session implements it.
type Source interface {
	GlobalValue(name string) session.Value
	GlobalNames() []string
	Describe(session.Value) session.Desc
	// LuaType is type(v): "nil", "string", "table"...
	LuaType(session.Value) string
	// Keys lists the string keys of a table and of its metatable's __index table, or of the
	// string library for a string.
	Keys(session.Value) []string
	// RawGet is t[key] (a string or int key) of a table; Lookup falls back to the __index table.
	RawGet(v session.Value, key any) (session.Value, bool)
	Lookup(v session.Value, name string) (session.Value, bool)
}

// Completer completes Lua code against a Source.
type Completer struct {
	src   Source
	names *Names // see SetNames; nil offers no entity names
}

// New returns a Completer over src.
func New(src Source) *Completer { return &Completer{src: src} }

// Complete returns the word before the cursor that is being completed and the candidates that
// may replace it, sorted. before is the text before the cursor, lines of an unfinished chunk
// included.
func (c *Completer) Complete(before string) (word string, candidates []string) {
	toks, ok := lex(before)
	if !ok {
		return "", nil
	}
	word, prev := splitWord(before, toks)
	if strings.HasPrefix(word, "'") || strings.HasPrefix(word, `"`) {
		if all, ok := c.stringArg(prev, word); ok {
			return word, filter(all, word)
		}
	}
	var all []string
	switch {
	case endsWith(prev, ".") || endsWith(prev, ":"):
		all = c.afterDot(prev)
	default:
		all = c.inContext(prev, word)
	}
	return word, filter(all, word)
}

// splitWord separates the partial word at the end of the input (an identifier, or a string
// still open) from the tokens before it.
func splitWord(before string, toks []token) (string, []token) {
	if len(toks) == 0 {
		return "", toks
	}
	last := toks[len(toks)-1]
	switch {
	case last.kind == tOpenStr:
		return last.text, toks[:len(toks)-1]
	case last.kind == tName && strings.HasSuffix(before, last.text):
		return last.text, toks[:len(toks)-1]
	}
	return "", toks
}

func endsWith(toks []token, op string) bool {
	return len(toks) > 0 && toks[len(toks)-1].kind == tOp && toks[len(toks)-1].text == op
}

// afterDot lists what may follow "expr." or "expr:".
func (c *Completer) afterDot(prev []token) []string {
	sep := prev[len(prev)-1].text
	ch, ok := parseChain(prev[:len(prev)-1])
	if !ok {
		return nil
	}
	v, ok := c.eval(ch)
	if !ok {
		return nil
	}
	return c.members(v, sep)
}

// members lists the names reachable from v with sep ("." or ":").
func (c *Completer) members(v val, sep string) []string {
	switch {
	case v.typesTable:
		var out []string
		for _, ti := range types.Types() {
			if !ti.Builtin {
				out = append(out, ti.Name)
			}
		}
		return out
	case v.enum != nil:
		out := make([]string, len(v.enum.Values))
		for i, ev := range v.enum.Values {
			out[i] = strings.ToUpper(ev)
		}
		return out
	case v.desc.Service != nil:
		var out []string
		for _, m := range v.desc.Service.Methods {
			out = append(out, m.Name)
		}
		for _, l := range v.desc.Service.Locators {
			out = append(out, l.Name+"_service")
		}
		return out
	case v.desc.Type != nil && !v.desc.List:
		if sep == ":" {
			return nil
		}
		var out []string
		for _, m := range v.desc.Type.Members {
			out = append(out, m.Name)
		}
		return out
	case v.desc.Conn:
		return append([]string{"system_service"}, v.desc.Methods...)
	case len(v.desc.Methods) > 0:
		return v.desc.Methods
	}
	if v.lv == nil {
		return nil
	}
	if c.src.LuaType(v.lv) == "string" && sep != ":" {
		return nil
	}
	return identifiers(c.src.Keys(v.lv))
}

// globals lists the global names.
func (c *Completer) globals() []string { return identifiers(c.src.GlobalNames()) }

// identifiers keeps the names that can follow a dot.
func identifiers(names []string) []string {
	var out []string
	for _, n := range names {
		if isIdentifier(n) {
			out = append(out, n)
		}
	}
	return out
}

func isIdentifier(s string) bool {
	if s == "" || !isIdentStart(s[0]) || keywords[s] {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdent(s[i]) {
			return false
		}
	}
	return true
}

// filter keeps the candidates starting with word, sorted and without duplicates. Names
// starting with "_" are offered only when the word does too.
func filter(all []string, word string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range all {
		if seen[s] || !strings.HasPrefix(s, word) || (strings.HasPrefix(s, "_") && !strings.HasPrefix(word, "_")) {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
