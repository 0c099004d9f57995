package luabind

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/jsoncodec"
	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Typed values and collections are written and read by engine/jsoncodec, in the engine's JSON
// form; this file walks the Lua values around them.

// luaToJSON is ovirt.to_json(x [, indent | {indent=n, typed=bool}]): indent is the number of
// spaces (default 2, 0 for one line). The default form is the engine's own JSON (values as
// strings, collections as {"vm": [...]}), which ovirt.from_json reads back; typed=true gives
// the typed JSON of engine/output (numbers, booleans, RFC 3339 dates, lists as arrays), what
// the command line's -o json prints.
func (r *Runtime) luaToJSON(L *lua.LState) int {
	indent, typed := 2, false
	switch o := L.Get(2).(type) {
	case *lua.LNilType:
	case lua.LNumber:
		indent = int(o)
	case *lua.LTable:
		indent = int(lua.LVAsNumber(o.RawGetString("indent")))
		if o.RawGetString("indent") == lua.LNil {
			indent = 2
		}
		typed = lua.LVAsBool(o.RawGetString("typed"))
		for _, k := range tableKeys(o) {
			if ks := k.String(); ks != "indent" && ks != "typed" {
				r.raiseUsage(L, "to_json: unknown option '%s'%s", ks, didYouMean(ks, []string{"indent", "typed"}))
			}
		}
	default:
		r.raiseUsage(L, "to_json: expected an indent or a table of options, got %s", r.got(o))
	}
	toJSON := r.toJSON
	if typed {
		toJSON = r.typedJSON
	}
	out, err := toJSON(L.CheckAny(1), indent)
	if err != nil {
		r.raise(L, err)
	}
	L.Push(lua.LString(out))
	return 1
}

// toJSON is the JSON text of lv, indented by indent spaces (0 for one line).
func (r *Runtime) toJSON(lv lua.LValue, indent int) (string, *Error) {
	var buf bytes.Buffer
	if err := r.jsonValue(&buf, lv, map[*lua.LTable]bool{}); err != nil {
		return "", err
	}
	if indent <= 0 {
		return buf.String(), nil
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, buf.Bytes(), "", strings.Repeat(" ", indent)); err != nil {
		return "", toError(err)
	}
	return ind.String(), nil
}

// jsonValue writes a Lua value.
func (r *Runtime) jsonValue(buf *bytes.Buffer, lv lua.LValue, seen map[*lua.LTable]bool) *Error {
	switch v := lv.(type) {
	case *lua.LNilType:
		buf.WriteString("null")
	case lua.LBool:
		buf.WriteString(strconv.FormatBool(bool(v)))
	case lua.LNumber:
		f := float64(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return usageErrorf("to_json: %v has no JSON form", f)
		}
		buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	case lua.LString:
		jsoncodec.String(buf, string(v))
	case *lua.LUserData:
		if p, _, ok := r.asValue(v); ok {
			jsoncodec.WriteValue(buf, p.Interface())
			return nil
		}
		if l, ok := v.Value.(*listView); ok {
			jsoncodec.WriteValue(buf, l.items.Interface())
			return nil
		}
		return usageErrorf("to_json: %s has no JSON form", r.got(v))
	case *lua.LTable:
		return r.jsonTable(buf, v, seen)
	default:
		return usageErrorf("to_json: %s has no JSON form", lv.Type())
	}
	return nil
}

func (r *Runtime) jsonTable(buf *bytes.Buffer, t *lua.LTable, seen map[*lua.LTable]bool) *Error {
	if seen[t] {
		return usageErrorf("to_json: the table contains itself")
	}
	seen[t] = true
	defer delete(seen, t)
	keys := tableKeys(t)
	if n := t.Len(); n > 0 && n == len(keys) {
		// A list: a collection when every item is a typed value of one type.
		if items, ok := r.sameTypeItems(t); ok {
			jsoncodec.WriteValue(buf, items.Interface())
			return nil
		}
		buf.WriteByte('[')
		for i := 1; i <= n; i++ {
			if i > 1 {
				buf.WriteByte(',')
			}
			if err := r.jsonValue(buf, t.RawGetInt(i), seen); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	}
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		jsoncodec.String(buf, k.String())
		buf.WriteByte(':')
		if err := r.jsonValue(buf, t.RawGet(k), seen); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// sameTypeItems returns the items of a Lua list as a Go slice when all are typed values of one
// type.
func (r *Runtime) sameTypeItems(t *lua.LTable) (reflect.Value, bool) {
	var out reflect.Value
	for i := 1; i <= t.Len(); i++ {
		p, _, ok := r.asValue(t.RawGetInt(i))
		if !ok || (out.IsValid() && p.Type() != out.Type().Elem()) {
			return reflect.Value{}, false
		}
		if !out.IsValid() {
			out = reflect.MakeSlice(reflect.SliceOf(p.Type()), 0, t.Len())
		}
		out = reflect.Append(out, p)
	}
	return out, out.IsValid()
}

// luaFromJSON is ovirt.from_json(text, TypeName): a typed value from an object in the engine's
// JSON form, or a table of typed values from a collection ({"vm": [...]}).
func (r *Runtime) luaFromJSON(L *lua.LState) int {
	text, name := L.CheckString(1), L.CheckString(2)
	if r.bindingByName(name) == nil {
		var names []string
		for _, t := range types.Types() {
			if t.Kind == types.KindStruct {
				names = append(names, t.Name)
			}
		}
		r.raiseUsage(L, "from_json: there is no type '%s'%s", name, didYouMean(name, names))
	}
	v, err := jsoncodec.Decode([]byte(text), name)
	if err != nil {
		var pe *jsoncodec.Error
		if errors.As(err, &pe) {
			r.raise(L, usageErrorf("%s", pe))
		}
		r.raise(L, usageErrorf("from_json: %v", err))
	}
	L.Push(r.toLua(reflect.ValueOf(v), false))
	return 1
}

// export converts a Lua value to the Go values engine/output prints: a typed value to its model
// struct pointer, a binding list to its slice, a sequence to []any (an empty table too), any
// other table to map[string]any, an integral number to int64, other numbers to float64. Values
// without a data form (functions, services, connections) are an error when data is true (JSON
// has no place for them), else their tostring text (a table cell).
func (r *Runtime) export(lv lua.LValue, seen map[*lua.LTable]bool, data bool) (any, *Error) {
	switch v := lv.(type) {
	case *lua.LNilType:
		return nil, nil
	case lua.LBool:
		return bool(v), nil
	case lua.LNumber:
		f := float64(v)
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return int64(f), nil
		}
		return f, nil
	case lua.LString:
		return string(v), nil
	case *lua.LUserData:
		if p, _, ok := r.asValue(v); ok {
			return p.Interface(), nil
		}
		if l, ok := v.Value.(*listView); ok {
			return l.items.Interface(), nil
		}
	case *lua.LTable:
		if seen[v] {
			return nil, usageErrorf("the table contains itself")
		}
		seen[v] = true
		defer delete(seen, v)
		keys := tableKeys(v)
		if n := v.Len(); n == len(keys) {
			out := make([]any, n)
			for i := range out {
				x, err := r.export(v.RawGetInt(i+1), seen, data)
				if err != nil {
					return nil, err
				}
				out[i] = x
			}
			return out, nil
		}
		out := make(map[string]any, len(keys))
		for _, k := range keys {
			x, err := r.export(v.RawGet(k), seen, data)
			if err != nil {
				return nil, err
			}
			out[k.String()] = x
		}
		return out, nil
	}
	if data {
		return nil, usageErrorf("%s has no JSON form", r.got(lv))
	}
	return r.Tostring(lv), nil
}

// Export returns v as the Go values engine/output prints (model struct pointers, slices of them,
// []any, map[string]any, string, bool, int64, float64, nil). With data (for JSON), a function,
// service or connection inside is an error; without, it becomes its tostring text. A table that
// contains itself is an error.
func (r *Runtime) Export(v lua.LValue, data bool) (any, error) {
	x, err := r.export(v, map[*lua.LTable]bool{}, data)
	if err != nil {
		return nil, err
	}
	return x, nil
}

// typedJSON is the typed JSON of lv (engine/output's json format), indented by indent spaces.
func (r *Runtime) typedJSON(lv lua.LValue, indent int) (string, *Error) {
	x, lerr := r.export(lv, map[*lua.LTable]bool{}, true)
	if lerr != nil {
		return "", usageErrorf("to_json: %s", lerr.Message)
	}
	doc, err := output.AppendJSON(nil, x)
	if err != nil {
		return "", usageErrorf("to_json: %v", err)
	}
	if indent <= 0 {
		return string(doc), nil
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, doc, "", strings.Repeat(" ", indent)); err != nil {
		return "", toError(err)
	}
	return ind.String(), nil
}
