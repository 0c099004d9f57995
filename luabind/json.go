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
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Typed values and collections are written and read by engine/jsoncodec, in the engine's JSON
// form; this file walks the Lua values around them.

// luaToJSON is ovirt.to_json(x [, indent]): indent is the number of spaces (default 2, 0 for
// one line).
func (r *Runtime) luaToJSON(L *lua.LState) int {
	out, err := r.toJSON(L.CheckAny(1), L.OptInt(2, 2))
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
