package output

import (
	"reflect"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// appendView appends the people's form of one model object, what a table shows for a single
// object (ovirtsh show vm web1): the type and the object's name, then a line per set member as
// in a table cell (sizes as "2 GiB", dates as "2 h ago"), nested objects indented below. A
// reference is one line, "cluster: Default (id)" when the engine sent its name (a followed
// link) else its id; hrefs, list links not followed and empty strings are left out. ovirt.dump
// keeps the exact nested form (AppendNested).
func appendView(dst []byte, p reflect.Value, now time.Time) []byte {
	ti := types.StructInfo(p.Elem().Type())
	head := ti.Name
	if n := types.NameOf(p.Interface()); n != "" {
		head += " " + Printable(n, false)
	}
	dst = append(append(dst, head...), '\n')
	return viewMembers(dst, 1, p, ti, cellCtx{now: now, human: true})
}

func viewMembers(dst []byte, depth int, p reflect.Value, ti *types.TypeInfo, c cellCtx) []byte {
	for _, mi := range ti.Members {
		f := p.Elem().Field(mi.Field)
		if f.IsZero() {
			continue
		}
		label := mi.Name + ": "
		switch {
		case types.IsListLink(f.Type()):
			if items := types.ListItems(f); items.Len() > 0 {
				dst = viewList(dst, depth, label, items, c)
			}
		case f.Kind() == reflect.Slice:
			dst = viewList(dst, depth, label, f, c)
		case f.Kind() == reflect.Pointer && types.StructInfo(f.Elem().Type()) != nil:
			dst = viewStruct(dst, depth, label, f, mi.Link, c)
		default:
			if s, ok := c.text(f, sizeKey(ti, mi)); ok && s != "" {
				dst = line(dst, depth, label, s)
			}
		}
	}
	return dst
}

// viewStruct writes a nested object: a reference (a link, or an object with nothing but an
// id) on one line, anything else as its members one level down.
func viewStruct(dst []byte, depth int, label string, f reflect.Value, link bool, c cellCtx) []byte {
	ti := types.StructInfo(f.Elem().Type())
	if link || (types.IDOf(f.Interface()) != "" && onlyRef(f, ti)) {
		if s, ok := refLine(f); ok {
			return line(dst, depth, label, s)
		}
		return line(dst, depth, label, refText(f))
	}
	return viewMembers(line(dst, depth, strings.TrimSuffix(label, " "), ""), depth+1, f, ti, c)
}

// refLine is "name (id)", or the one of them the object carries; false for neither.
func refLine(f reflect.Value) (string, bool) {
	id, name := types.IDOf(f.Interface()), types.NameOf(f.Interface())
	switch {
	case name != "" && id != "":
		return name + " (" + id + ")", true
	case name != "":
		return name, true
	case id != "":
		return id, true
	}
	return "", false
}

// onlyRef reports whether the object p carries nothing but its id and href.
func onlyRef(p reflect.Value, ti *types.TypeInfo) bool {
	for _, mi := range ti.Members {
		if mi.Name != "id" && !p.Elem().Field(mi.Field).IsZero() {
			return false
		}
	}
	return true
}

// viewList writes a list: scalars and references on one line, joined by ", "; objects as
// numbered items.
func viewList(dst []byte, depth int, label string, items reflect.Value, c cellCtx) []byte {
	if items.Len() == 0 {
		return dst
	}
	first := items.Index(0)
	if first.Kind() != reflect.Pointer || types.StructInfo(first.Elem().Type()) == nil {
		s, _ := c.text(items, "")
		return line(dst, depth, label, s)
	}
	dst = line(dst, depth, strings.TrimSuffix(label, " "), "")
	for i := 0; i < items.Len(); i++ {
		it := items.Index(i)
		if it.IsNil() {
			continue
		}
		if types.StructInfo(it.Elem().Type()).Member("id") != nil { // entities: one line each
			if s, ok := refLine(it); ok {
				dst = line(dst, depth+1, "- ", s)
				continue
			}
		}
		dst = viewStruct(dst, depth+1, "- ", it, false, c)
	}
	return dst
}
