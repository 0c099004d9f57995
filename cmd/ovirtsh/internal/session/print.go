package session

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/luabind"
)

// PrintResults writes the values a chunk returned: as JSON (ovirt.to_json, one document per
// value) with Options.JSON, else as text: scalars on one line separated by tabs, lists of API
// objects as an aligned table (ovirt.table), other tables and objects in their nested form
// (ovirt.format). Text shows control characters as escapes (luabind.Printable), so a value
// from the engine cannot drive the terminal.
func (s *Session) PrintResults(vals []lua.LValue) error {
	if len(vals) == 0 {
		return nil
	}
	w := s.opts.Stdout
	if s.opts.JSON {
		for _, v := range vals {
			doc, err := s.callModule("to_json", v)
			if err != nil {
				return err
			}
			fmt.Fprintln(w, strings.TrimSuffix(doc, "\n"))
		}
		return nil
	}
	var scalars []string
	flush := func() {
		if len(scalars) > 0 {
			fmt.Fprintln(w, strings.Join(scalars, "\t"))
			scalars = nil
		}
	}
	for _, v := range vals {
		switch v.(type) {
		case *lua.LTable, *lua.LUserData:
			flush()
			if err := s.printValue(w, v); err != nil {
				return err
			}
		default:
			scalars = append(scalars, luabind.Printable(s.L.ToStringMeta(v).String(), true))
		}
	}
	flush()
	return nil
}

// printValue prints a table or userdata: lists of API objects with ovirt.table, the rest with
// ovirt.format; values the binding does not know (connections, services...) with tostring.
func (s *Session) printValue(w io.Writer, v lua.LValue) error {
	if _, isProxy := v.(*lua.LUserData); isProxy && (v == s.connProxy || v == s.sysProxy) {
		_, err := fmt.Fprintln(w, luabind.Printable(s.L.ToStringMeta(v).String(), true))
		return err
	}
	if s.isList(v) {
		_, err := s.callModule("table", v)
		return err
	}
	text, err := s.callModule("format", v)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, strings.TrimSuffix(text, "\n")+"\n")
	return err
}

// isList reports whether v is a non-empty list of API objects: a binding list, or a table whose
// first item is an API object.
func (s *Session) isList(v lua.LValue) bool {
	if t, ok := v.(*lua.LTable); ok {
		first, ok := t.RawGetInt(1).(*lua.LUserData)
		return ok && s.describe(first).Type != nil
	}
	rv := reflect.ValueOf(s.rt.Value(v))
	return rv.Kind() == reflect.Slice && rv.Len() > 0
}

// callModule calls ovirt.<name>(v) and returns its first result as a string ("" for none).
func (s *Session) callModule(name string, v lua.LValue) (string, error) {
	fn, ok := s.L.GetField(s.ovirtMod, name).(*lua.LFunction)
	if !ok {
		return "", fmt.Errorf("the ovirt module has no %s function", name)
	}
	if err := s.L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, v); err != nil {
		return "", s.toError(s.L.Context(), err)
	}
	out := s.L.Get(-1)
	s.L.Pop(1)
	if out == lua.LNil {
		return "", nil
	}
	return out.String(), nil
}
