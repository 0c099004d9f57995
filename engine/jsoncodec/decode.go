package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// ErrUnknownType is returned by Decode for a name that is no struct type of the model.
var ErrUnknownType = errors.New("no such struct type")

// Error is a value of the wrong shape at a path such as vm.cpu.topology.cores.
type Error struct {
	Path, Message string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Decode reads text, an object of the struct type named typeName (CamelCase: "Vm") in the
// engine's JSON form, and returns a *types.T; or a collection ({"vm": [...]}) and returns a
// []*types.T. Scalars may be JSON strings, as the engine writes them, or JSON numbers and
// booleans. Unknown names are skipped, as the SDKs' readers do. A malformed document gives the
// error of encoding/json; a value of the wrong shape an *Error naming where.
func Decode(text []byte, typeName string) (any, error) {
	v := types.New(typeName)
	if v == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownType, typeName)
	}
	ptrT := reflect.TypeOf(v)
	info := types.StructInfo(ptrT.Elem())
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if obj, ok := doc.(map[string]any); ok && len(obj) == 1 {
		if items, ok := obj[info.XMLName].([]any); ok {
			out, err := decode(items, reflect.SliceOf(ptrT), info.XMLPlural)
			if err != nil {
				return nil, err
			}
			return out.Interface(), nil
		}
	}
	out, err := decode(doc, ptrT, info.SnakeName)
	if err != nil {
		return nil, err
	}
	return out.Interface(), nil
}

// decode converts a decoded JSON value to the Go type t.
func decode(doc any, t reflect.Type, path string) (reflect.Value, *Error) {
	if doc == nil {
		return reflect.Zero(t), nil
	}
	mismatch := func() (reflect.Value, *Error) {
		return reflect.Value{}, &Error{path, fmt.Sprintf("expected %s, got %s", types.Expected(t), kind(doc))}
	}
	switch {
	case types.IsListLink(t):
		items, err := decode(unwrapList(doc), t.Elem().Field(1).Type, path)
		if err != nil {
			return reflect.Value{}, err
		}
		l := reflect.New(t.Elem())
		l.Elem().Field(1).Set(items)
		return l, nil
	case t == reflect.TypeFor[time.Time]():
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
		if m := types.StructInfo(t.Elem()); m != nil {
			obj, ok := doc.(map[string]any)
			if !ok {
				return mismatch()
			}
			p := reflect.New(t.Elem())
			if err := decodeMembers(p, m, obj, path); err != nil {
				return reflect.Value{}, err
			}
			return p, nil
		}
		v, err := decode(doc, t.Elem(), path)
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
			v, err := decode(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i+1))
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(v)
		}
		return out, nil
	}
	v, ok := decodeScalar(doc, t)
	if !ok {
		return mismatch()
	}
	return v, nil
}

// decodeScalar converts a JSON string, number or boolean to the scalar type t: the engine
// writes scalars as strings.
func decodeScalar(doc any, t reflect.Type) (reflect.Value, bool) {
	text := ""
	switch x := doc.(type) {
	case string:
		text = x
	case json.Number:
		text = x.String()
	case bool:
		text = strconv.FormatBool(x)
	default:
		return reflect.Value{}, false
	}
	v := reflect.New(t).Elem()
	var err error
	switch t.Kind() {
	case reflect.String:
		if types.EnumInfo(t) != nil {
			text = strings.ToLower(text)
		}
		v.SetString(text)
	case reflect.Bool:
		var b bool
		b, err = strconv.ParseBool(text)
		v.SetBool(b)
	case reflect.Int64, reflect.Int:
		var i int64
		i, err = strconv.ParseInt(text, 10, 64)
		v.SetInt(i)
	case reflect.Float64:
		var f float64
		f, err = strconv.ParseFloat(text, 64)
		v.SetFloat(f)
	default:
		return reflect.Value{}, false
	}
	return v, err == nil
}

// decodeMembers sets the members of a typed value from a JSON object.
func decodeMembers(p reflect.Value, m *types.TypeInfo, obj map[string]any, path string) *Error {
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
				p.Interface().(types.Object).SetHref(h)
			}
			continue
		case "link":
			decodeLinks(p, m, val)
			continue
		case "actions":
			if a, ok := val.(map[string]any); ok {
				var acts []*types.Link
				for _, l := range linkList(a["link"]) {
					acts = append(acts, &types.Link{Href: l[0], Rel: l[1]})
				}
				p.Interface().(types.Object).SetActions(acts)
			}
			continue
		}
		mi := m.MemberByXML(k)
		if mi == nil {
			mi = m.Member(k)
		}
		if mi == nil {
			continue
		}
		v, err := decode(val, s.Field(mi.Field).Type(), path+"."+mi.Name)
		if err != nil {
			return err
		}
		s.Field(mi.Field).Set(v)
	}
	return nil
}

// decodeLinks sets the hrefs of list links from a "link" array.
func decodeLinks(p reflect.Value, m *types.TypeInfo, val any) {
	for _, l := range linkList(val) {
		for _, mi := range m.Members {
			if !mi.Link || !mi.List || mi.LinkRel != l[1] {
				continue
			}
			f := p.Elem().Field(mi.Field)
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
			}
			f.Interface().(types.ListLink).SetHref(l[0])
		}
	}
}

// linkList reads [{href, rel}] as pairs.
func linkList(val any) [][2]string {
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

func kind(doc any) string {
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
