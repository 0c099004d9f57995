package session

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// PrintResults writes the values a chunk returned: as JSON (one document per value) with
// Options.JSON, else as text: scalars on one line separated by tabs, lists of API objects as an
// aligned table (ovirt.table), other values in the binding's nested form (ovirt.format).
func (s *Session) PrintResults(vals []lua.LValue) error {
	if len(vals) == 0 {
		return nil
	}
	w := s.opts.Stdout
	if s.opts.JSON {
		for _, v := range vals {
			doc, err := s.toJSON(v)
			if err != nil {
				return err
			}
			fmt.Fprintln(w, doc)
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
			scalars = append(scalars, s.L.ToStringMeta(v).String())
		}
	}
	flush()
	return nil
}

// printValue prints a table or userdata with the binding's helpers when it has them.
func (s *Session) printValue(w io.Writer, v lua.LValue) error {
	if s.isList(v) {
		if fn, ok := s.L.GetField(s.ovirtMod, "table").(*lua.LFunction); ok {
			return s.L.CallByParam(lua.P{Fn: fn, Protect: true}, v)
		}
	}
	if fn, ok := s.L.GetField(s.ovirtMod, "format").(*lua.LFunction); ok {
		if err := s.L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, v); err != nil {
			return err
		}
		text := s.L.Get(-1).String()
		s.L.Pop(1)
		_, err := io.WriteString(w, strings.TrimSuffix(text, "\n")+"\n")
		return err
	}
	_, err := fmt.Fprintln(w, s.pretty(v, 0, map[*lua.LTable]bool{}))
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

// pretty is the fallback text form of a value when the binding has no ovirt.format.
func (s *Session) pretty(v lua.LValue, depth int, seen map[*lua.LTable]bool) string {
	t, ok := v.(*lua.LTable)
	if !ok {
		if str, ok := v.(lua.LString); ok && depth > 0 {
			return fmt.Sprintf("%q", string(str))
		}
		return s.L.ToStringMeta(v).String()
	}
	if seen[t] || depth > 8 {
		return "{...}"
	}
	seen[t] = true
	defer delete(seen, t)
	var keys []lua.LValue
	t.ForEach(func(k, _ lua.LValue) { keys = append(keys, k) })
	sort.SliceStable(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
	if len(keys) == 0 {
		return "{}"
	}
	ind := strings.Repeat("  ", depth+1)
	var b strings.Builder
	b.WriteString("{\n")
	for _, k := range keys {
		label := k.String()
		if _, isNum := k.(lua.LNumber); isNum {
			label = "[" + label + "]"
		}
		fmt.Fprintf(&b, "%s%s = %s,\n", ind, label, s.pretty(t.RawGet(k), depth+1, seen))
	}
	b.WriteString(strings.Repeat("  ", depth) + "}")
	return b.String()
}

func keyLess(a, b lua.LValue) bool {
	an, aNum := a.(lua.LNumber)
	bn, bNum := b.(lua.LNumber)
	switch {
	case aNum && bNum:
		return an < bn
	case aNum != bNum:
		return aNum
	}
	return a.String() < b.String()
}

// toJSON encodes v with ovirt.to_json when the binding has it (the API's JSON shape), else
// tables as arrays or objects and other values as their Go or text form.
func (s *Session) toJSON(v lua.LValue) (string, error) {
	if fn, ok := s.L.GetField(s.ovirtMod, "to_json").(*lua.LFunction); ok {
		if err := s.L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, v); err != nil {
			return "", s.toError(s.L.Context(), err)
		}
		out := s.L.Get(-1).String()
		s.L.Pop(1)
		return out, nil
	}
	b, err := json.Marshal(s.plainValue(v, map[*lua.LTable]bool{}))
	return string(b), err
}

func (s *Session) plainValue(v lua.LValue, seen map[*lua.LTable]bool) any {
	switch x := v.(type) {
	case *lua.LNilType:
		return nil
	case lua.LBool:
		return bool(x)
	case lua.LNumber:
		return float64(x)
	case lua.LString:
		return string(x)
	case *lua.LTable:
		if seen[x] {
			return nil
		}
		seen[x] = true
		defer delete(seen, x)
		if n := x.Len(); n > 0 {
			arr := make([]any, n)
			for i := range arr {
				arr[i] = s.plainValue(x.RawGetInt(i+1), seen)
			}
			return arr
		}
		obj := map[string]any{}
		x.ForEach(func(k, val lua.LValue) { obj[k.String()] = s.plainValue(val, seen) })
		return obj
	}
	return s.L.ToStringMeta(v).String()
}
