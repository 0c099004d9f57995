package luabind

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// luaFromJSON is ovirt.from_json(text, TypeName): a typed value from an object in the engine's
// JSON form, or a table of typed values from a collection ({"vm": [...]}). Scalars may be JSON
// strings, as the engine writes them, or JSON numbers and booleans. Unknown names are skipped,
// as the SDKs' readers do.
func (r *Runtime) luaFromJSON(L *lua.LState) int {
	text, name := L.CheckString(1), L.CheckString(2)
	b := r.bindingByName(name)
	if b == nil {
		var names []string
		for _, t := range types.Types() {
			if t.Kind == types.KindStruct {
				names = append(names, t.Name)
			}
		}
		r.raiseUsage(L, "from_json: there is no type '%s'%s", name, didYouMean(name, names))
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		r.raise(L, usageErrorf("from_json: %v", err))
	}
	ptrT := reflect.PointerTo(b.rtype)
	if obj, ok := doc.(map[string]any); ok && len(obj) == 1 {
		if items, ok := obj[b.info.XMLName].([]any); ok {
			v, err := r.jsonDecode(items, reflect.SliceOf(ptrT), b.info.XMLPlural)
			if err != nil {
				r.raise(L, err)
			}
			L.Push(r.toLua(v, false))
			return 1
		}
	}
	v, err := r.jsonDecode(doc, ptrT, b.info.SnakeName)
	if err != nil {
		r.raise(L, err)
	}
	L.Push(r.toLua(v, false))
	return 1
}

// jsonDecode converts a decoded JSON value to the Go type t.
func (r *Runtime) jsonDecode(doc any, t reflect.Type, path string) (reflect.Value, *Error) {
	if doc == nil {
		return reflect.Zero(t), nil
	}
	mismatch := func() (reflect.Value, *Error) {
		return reflect.Value{}, convError(path, "expected %s, got %s", r.expected(t), jsonKind(doc))
	}
	switch {
	case isListLink(t):
		items, err := r.jsonDecode(unwrapList(doc), t.Elem().Field(1).Type, path)
		if err != nil {
			return reflect.Value{}, err
		}
		l := reflect.New(t.Elem())
		l.Elem().Field(1).Set(items)
		return l, nil
	case t == timeType:
		switch x := doc.(type) {
		case json.Number:
			ms, err := x.Int64()
			if err != nil {
				return mismatch()
			}
			return reflect.ValueOf(time.UnixMilli(ms).UTC()), nil
		case string:
			tm, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return mismatch()
			}
			return reflect.ValueOf(tm), nil
		}
		return mismatch()
	case t.Kind() == reflect.Pointer:
		if b := r.binding(t.Elem()); b != nil {
			obj, ok := doc.(map[string]any)
			if !ok {
				return mismatch()
			}
			p := reflect.New(t.Elem())
			return p, r.jsonMembers(p, b, obj, path)
		}
		v, err := r.jsonDecode(doc, t.Elem(), path)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(v)
		return p, nil
	case t.Kind() == reflect.Slice:
		items, ok := unwrapList(doc).([]any)
		if !ok {
			return mismatch()
		}
		out := reflect.MakeSlice(t, len(items), len(items))
		for i, it := range items {
			v, err := r.jsonDecode(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i+1))
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(v)
		}
		return out, nil
	}
	// Scalars: the engine writes them as strings.
	text := ""
	switch x := doc.(type) {
	case string:
		text = x
	case json.Number:
		text = x.String()
	case bool:
		text = strconv.FormatBool(x)
	default:
		return mismatch()
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		if enumInfo(t) != nil {
			text = strings.ToLower(text)
		}
		v.SetString(text)
	case reflect.Bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return mismatch()
		}
		v.SetBool(b)
	case reflect.Int64, reflect.Int:
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return mismatch()
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return mismatch()
		}
		v.SetFloat(f)
	default:
		return mismatch()
	}
	return v, nil
}

// jsonMembers sets the members of a typed value from a JSON object.
func (r *Runtime) jsonMembers(p reflect.Value, b *typeBinding, obj map[string]any, path string) *Error {
	s := p.Elem()
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error reported does not depend on map order
	for _, k := range keys {
		val := obj[k]
		switch k {
		case "href":
			if h, ok := val.(string); ok {
				s.Field(0).Set(reflect.ValueOf(&h))
			}
			continue
		case "link":
			r.jsonLinks(p, b, val)
			continue
		case "actions":
			if a, ok := val.(map[string]any); ok {
				var acts []*types.Link
				for _, l := range jsonLinkList(a["link"]) {
					acts = append(acts, &types.Link{Href: l[0], Rel: l[1]})
				}
				s.Field(1).Set(reflect.ValueOf(acts))
			}
			continue
		}
		m := b.byXML[k]
		if m == nil {
			m = b.members[k]
		}
		if m == nil {
			continue
		}
		v, err := r.jsonDecode(val, s.Field(m.Field).Type(), path+"."+m.Name)
		if err != nil {
			return err
		}
		s.Field(m.Field).Set(v)
	}
	return nil
}

// jsonLinks sets the hrefs of list links from a "link" array.
func (r *Runtime) jsonLinks(p reflect.Value, b *typeBinding, val any) {
	for _, l := range jsonLinkList(val) {
		for _, m := range b.info.Members {
			if !m.Link || !m.List || m.LinkRel != l[1] {
				continue
			}
			f := p.Elem().Field(m.Field)
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
			}
			f.Elem().Field(0).SetString(l[0])
		}
	}
}

// jsonLinkList reads [{href, rel}] as pairs.
func jsonLinkList(val any) [][2]string {
	arr, _ := val.([]any)
	var out [][2]string
	for _, e := range arr {
		if o, ok := e.(map[string]any); ok {
			h, _ := o["href"].(string)
			rel, _ := o["rel"].(string)
			out = append(out, [2]string{h, rel})
		}
	}
	return out
}

// unwrapList returns the array inside {"item": [...]}, or doc itself.
func unwrapList(doc any) any {
	if o, ok := doc.(map[string]any); ok {
		for k, v := range o {
			if arr, ok := v.([]any); ok && k != "link" {
				return arr
			}
		}
		return []any{}
	}
	return doc
}

func jsonKind(doc any) string {
	switch doc.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}
