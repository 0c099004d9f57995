package complete

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// schema is what a table constructor builds: an API type's members, a method's named
// parameters, or a list of an API type.
type schema struct {
	typ    *types.TypeInfo
	method *types.MethodInfo
	list   bool
}

// field is one key of a schema, with its type.
type field struct {
	name     string
	typeName string
	kind     types.Kind
	list     bool
}

func (s *schema) fields() []field {
	var out []field
	switch {
	case s == nil || s.list:
	case s.method != nil:
		for _, p := range s.method.Params {
			if p.In {
				out = append(out, field{p.Name, p.Type, p.TypeKind, p.List})
			}
		}
	case s.typ != nil:
		for _, m := range s.typ.Members {
			out = append(out, field{m.Name, m.Type, m.TypeKind, m.List})
		}
	}
	return out
}

func (s *schema) field(name string) (field, bool) {
	for _, f := range s.fields() {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// of returns the schema of a value of the field's type.
func (f field) schema() *schema {
	if f.kind != types.KindStruct {
		return nil
	}
	ti := types.Type(f.typeName)
	if ti == nil {
		return nil
	}
	return &schema{typ: ti, list: f.list}
}

// inContext completes a free word: keys and values inside a table constructor when its type is
// known, globals otherwise.
func (c *Completer) inContext(prev []token, word string) []string {
	quoted := strings.HasPrefix(word, "'") || strings.HasPrefix(word, `"`)
	var out []string
	open := openBrackets(prev)
	if len(open) > 0 && prev[open[len(open)-1]].text == "{" {
		sc := c.braceSchema(prev, open, len(open)-1)
		last := len(prev) - 1
		switch {
		case sc == nil:
		case endsWith(prev, "=") && last >= 1 && prev[last-1].kind == tName:
			if f, ok := sc.field(prev[last-1].text); ok {
				out = valueCandidates(f, word)
			}
		case !sc.list && (endsWith(prev, "{") || endsWith(prev, ",") || endsWith(prev, ";")):
			for _, f := range sc.fields() {
				out = append(out, f.name)
			}
			if len(out) > 0 {
				return out // a key of a known type: globals would only be noise
			}
		}
	}
	if quoted {
		return out
	}
	return append(out, c.globals()...)
}

// valueCandidates proposes values for a field: its enum values quoted (in the quote the word
// opened), true and false, or types.T for an API type.
func valueCandidates(f field, word string) []string {
	quote := "'"
	if strings.HasPrefix(word, `"`) {
		quote = `"`
	}
	switch {
	case f.list:
	case f.kind == types.KindEnum:
		if ti := types.Type(f.typeName); ti != nil {
			out := make([]string, len(ti.Values))
			for i, v := range ti.Values {
				out[i] = quote + v + quote
			}
			return out
		}
	case f.typeName == "Boolean":
		return []string{"false", "true"}
	case f.kind == types.KindStruct:
		return []string{"types." + f.typeName}
	}
	return nil
}

// braceSchema finds the schema of the table constructor opened at prev[open[n]].
func (c *Completer) braceSchema(prev []token, open []int, n int) *schema {
	k := open[n]
	var outer *schema
	if n > 0 && prev[open[n-1]].text == "{" {
		outer = c.braceSchema(prev, open, n-1)
	}
	switch {
	case k >= 2 && prev[k-1].text == "=" && prev[k-2].kind == tName:
		if outer == nil {
			return nil
		}
		if f, ok := outer.field(prev[k-2].text); ok {
			return f.schema()
		}
		return nil
	case k >= 1 && (prev[k-1].text == "," || prev[k-1].text == "{" || prev[k-1].text == ";"):
		if outer != nil && outer.list {
			return &schema{typ: outer.typ}
		}
		return nil
	case k >= 1 && prev[k-1].text == "(":
		// f({...}): the first argument of a method is its parameters table.
		return c.calleeSchema(prev[:k-1])
	}
	return c.calleeSchema(prev[:k])
}

// calleeSchema is the schema of the table taken by the callee that toks ends with: types.Vm{...}
// builds a Vm, svc:list{...} takes list's parameters.
func (c *Completer) calleeSchema(toks []token) *schema {
	n := len(toks)
	if n == 0 || toks[n-1].kind != tName {
		return nil
	}
	var (
		ch chain
		ok bool
	)
	if n >= 2 && toks[n-2].text == ":" { // obj:method{...}: the chain is obj, then the method
		ch, ok = parseChain(toks[:n-2])
		ch.ops = append(ch.ops, op{kind: opField, name: toks[n-1].text})
	} else {
		ch, ok = parseChain(toks)
	}
	if !ok {
		return nil
	}
	v, ok := c.eval(ch)
	switch {
	case !ok:
	case v.ctor != nil:
		return &schema{typ: v.ctor}
	case v.method != nil:
		return &schema{method: v.method}
	}
	return nil
}
