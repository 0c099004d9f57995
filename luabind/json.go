package luabind

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// The JSON form follows the engine's JSON representation: members under their XML names, lists
// wrapped in an object keyed by the item name ({"nic": [...]}), links not followed in a "link"
// array of {href, rel}, integers, decimals and booleans as strings, dates as milliseconds since
// the epoch, and a collection as {"vm": [...]}.

// luaToJSON is ovirt.to_json(x [, indent]): indent is the number of spaces (default 2, 0 for
// one line).
func (r *Runtime) luaToJSON(L *lua.LState) int {
	var buf bytes.Buffer
	if err := r.jsonValue(&buf, L.CheckAny(1), map[*lua.LTable]bool{}); err != nil {
		r.raise(L, err)
	}
	out := buf.Bytes()
	if n := L.OptInt(2, 2); n > 0 {
		var ind bytes.Buffer
		if err := json.Indent(&ind, out, "", strings.Repeat(" ", n)); err != nil {
			r.Raise(L, err)
		}
		out = ind.Bytes()
	}
	L.Push(lua.LString(out))
	return 1
}

func jsonString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	buf.Write(b)
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
		jsonString(buf, string(v))
	case *lua.LUserData:
		if p, b, ok := r.asValue(v); ok {
			r.jsonObject(buf, p, b)
			return nil
		}
		if l, ok := v.Value.(*listView); ok {
			r.jsonCollection(buf, l.items)
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
			r.jsonCollection(buf, items)
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
		jsonString(buf, k.String())
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

// jsonCollection writes {"vm": [...]} for a slice of typed values, or a plain array.
func (r *Runtime) jsonCollection(buf *bytes.Buffer, items reflect.Value) {
	et := items.Type().Elem()
	if et.Kind() == reflect.Pointer {
		if b := r.binding(et.Elem()); b != nil {
			buf.WriteString("{")
			jsonString(buf, b.info.XMLName)
			buf.WriteString(":")
			r.jsonArray(buf, items)
			buf.WriteString("}")
			return
		}
	}
	r.jsonArray(buf, items)
}

func (r *Runtime) jsonArray(buf *bytes.Buffer, items reflect.Value) {
	buf.WriteByte('[')
	for i := 0; i < items.Len(); i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		r.jsonGo(buf, items.Index(i))
	}
	buf.WriteByte(']')
}

// jsonObject writes a typed value: href, id, the members by XML name, then the links not
// followed and the actions.
func (r *Runtime) jsonObject(buf *bytes.Buffer, p reflect.Value, b *typeBinding) {
	first := true
	key := func(k string) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		jsonString(buf, k)
		buf.WriteByte(':')
	}
	s := p.Elem()
	buf.WriteByte('{')
	if h := s.Field(0); !h.IsNil() {
		key("href")
		jsonString(buf, h.Elem().String())
	}
	var links [][2]string
	for _, m := range membersSet(p, b) {
		f := s.Field(m.Field)
		if m.Link && m.List {
			l := f.Elem()
			if l.Field(1).IsNil() {
				if h := l.Field(0).String(); h != "" {
					links = append(links, [2]string{h, m.LinkRel})
				}
				continue
			}
			f = l.Field(1)
		}
		key(m.XMLName)
		if m.List {
			buf.WriteString("{")
			jsonString(buf, m.XMLItemName)
			buf.WriteString(":")
			r.jsonArray(buf, f)
			buf.WriteString("}")
			continue
		}
		r.jsonGo(buf, f)
	}
	if len(links) > 0 {
		key("link")
		writeLinks(buf, links)
	}
	if acts, _ := s.Field(1).Interface().([]*types.Link); len(acts) > 0 {
		key("actions")
		buf.WriteString(`{"link":`)
		var ls [][2]string
		for _, a := range acts {
			ls = append(ls, [2]string{a.Href, a.Rel})
		}
		writeLinks(buf, ls)
		buf.WriteString("}")
	}
	buf.WriteByte('}')
}

func writeLinks(buf *bytes.Buffer, links [][2]string) {
	buf.WriteByte('[')
	for i, l := range links {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"href":`)
		jsonString(buf, l[0])
		buf.WriteString(`,"rel":`)
		jsonString(buf, l[1])
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
}

// jsonGo writes a member value in the engine's JSON form.
func (r *Runtime) jsonGo(buf *bytes.Buffer, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			buf.WriteString("null")
			return
		}
		if b := r.binding(v.Elem().Type()); b != nil {
			r.jsonObject(buf, v, b)
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		jsonString(buf, v.String())
	case reflect.Bool:
		jsonString(buf, strconv.FormatBool(v.Bool()))
	case reflect.Int64, reflect.Int:
		jsonString(buf, strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		jsonString(buf, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		if t, ok := v.Interface().(time.Time); ok {
			buf.WriteString(strconv.FormatInt(t.UnixMilli(), 10))
			return
		}
		jsonString(buf, fmt.Sprint(v.Interface()))
	}
}
