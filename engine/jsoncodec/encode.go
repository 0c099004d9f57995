package jsoncodec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// IsModel reports whether v is a pointer to a generated model struct (what WriteValue takes).
func IsModel(v any) bool {
	t := reflect.TypeOf(v)
	return t != nil && t.Kind() == reflect.Pointer && types.StructInfo(t.Elem()) != nil
}

// WriteValue writes v, a pointer to a generated struct (nil gives null), a slice of them (a
// collection: {"vm": [...]}) or a scalar, in the engine's JSON form.
func WriteValue(buf *bytes.Buffer, v any) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		buf.WriteString("null")
		return
	}
	if rv.Kind() == reflect.Slice {
		writeCollection(buf, rv)
		return
	}
	writeGo(buf, rv)
}

// String writes s as a JSON string.
func String(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	buf.Write(b)
}

// writeCollection writes {"vm": [...]} for a slice of typed values, or a plain array.
func writeCollection(buf *bytes.Buffer, items reflect.Value) {
	et := items.Type().Elem()
	if et.Kind() == reflect.Pointer {
		if m := types.StructInfo(et.Elem()); m != nil {
			writeWrappedArray(buf, m.XMLName, items)
			return
		}
	}
	writeArray(buf, items)
}

// writeWrappedArray writes {"name": [...]}, the engine's JSON form of a list of name elements.
func writeWrappedArray(buf *bytes.Buffer, name string, items reflect.Value) {
	buf.WriteString("{")
	String(buf, name)
	buf.WriteString(":")
	writeArray(buf, items)
	buf.WriteString("}")
}

func writeArray(buf *bytes.Buffer, items reflect.Value) {
	buf.WriteByte('[')
	for i := 0; i < items.Len(); i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeGo(buf, items.Index(i))
	}
	buf.WriteByte(']')
}

// writeObject writes a typed value: href, the members set by XML name, then the links not
// followed and the actions.
func writeObject(buf *bytes.Buffer, p reflect.Value, m *types.TypeInfo) {
	first := true
	key := func(k string) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		String(buf, k)
		buf.WriteByte(':')
	}
	s := p.Elem()
	buf.WriteByte('{')
	obj := p.Interface().(types.Object)
	if h := obj.GetHref(); h != "" {
		key("href")
		String(buf, h)
	}
	var links [][2]string
	for _, mi := range m.Members {
		f := s.Field(mi.Field)
		if f.IsZero() {
			continue
		}
		if mi.Link && mi.List {
			items := types.ListItems(f)
			if items.IsNil() {
				if h := f.Interface().(types.ListLink).GetHref(); h != "" {
					links = append(links, [2]string{h, mi.LinkRel})
				}
				continue
			}
			f = items
		}
		key(mi.XMLName)
		if mi.List {
			writeWrappedArray(buf, mi.XMLItemName, f)
			continue
		}
		writeGo(buf, f)
	}
	if len(links) > 0 {
		key("link")
		writeLinks(buf, links)
	}
	if acts := obj.GetActions(); len(acts) > 0 {
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
		String(buf, l[0])
		buf.WriteString(`,"rel":`)
		String(buf, l[1])
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
}

// writeGo writes a member value.
func writeGo(buf *bytes.Buffer, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			buf.WriteString("null")
			return
		}
		if m := types.StructInfo(v.Elem().Type()); m != nil {
			writeObject(buf, v, m)
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		String(buf, v.String())
	case reflect.Bool:
		String(buf, strconv.FormatBool(v.Bool()))
	case reflect.Int64, reflect.Int:
		String(buf, strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		String(buf, strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		if t, ok := v.Interface().(time.Time); ok {
			buf.WriteString(strconv.FormatInt(t.UnixMilli(), 10))
			return
		}
		String(buf, fmt.Sprint(v.Interface()))
	}
}
