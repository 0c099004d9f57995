package output

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// nestedIndent indents each level of the nested form.
const nestedIndent = "  "

// AppendNested appends the nested form of v (what ovirt.dump prints) at depth, its first line
// starting with label ("name: ", "[1] "): the type name of a model object, then one line per set
// member in name order with nested objects and lists indented below, exact values (integers,
// RFC 3339 dates), strings quoted when Quote says so, list links not followed as "link href".
// Plain maps and slices print their entries. Every line goes through Printable.
func AppendNested(dst []byte, depth int, label string, v any) []byte {
	return nested(dst, depth, label, reflect.ValueOf(v))
}

// AppendNestedList appends the nested form of a list: items, a slice, and href, the list's
// link ("" for none); a link not followed shows as "link href".
func AppendNestedList(dst []byte, depth int, label string, items any, href string) []byte {
	return nestedList(dst, depth, label, reflect.ValueOf(items), href)
}

func line(dst []byte, depth int, label, text string) []byte {
	dst = append(dst, strings.Repeat(nestedIndent, depth)...)
	dst = append(dst, Printable(label, false)...)
	dst = append(dst, Printable(text, false)...)
	return append(dst, '\n')
}

func nested(dst []byte, depth int, label string, v reflect.Value) []byte {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return line(dst, depth, label, "nil")
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return dst
		}
		if types.IsListLink(v.Type()) {
			return nestedList(dst, depth, label, types.ListItems(v), v.Interface().(types.ListLink).GetHref())
		}
		ti := types.StructInfo(v.Elem().Type())
		if ti == nil {
			return nested(dst, depth, label, v.Elem())
		}
		dst = line(dst, depth, label, ti.Name)
		if h := v.Interface().(types.Object).GetHref(); h != "" {
			dst = line(dst, depth+1, "href: ", h)
		}
		for _, m := range ti.Members {
			if f := v.Elem().Field(m.Field); !f.IsZero() {
				dst = nested(dst, depth+1, m.Name+": ", f)
			}
		}
		return dst
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Interface {
			return nestedPlain(dst, depth, label, v)
		}
		return nestedList(dst, depth, label, v, "")
	case reflect.Map:
		return nestedPlain(dst, depth, label, v)
	}
	return line(dst, depth, label, scalarText(v))
}

// nestedPlain writes the entries of a plain []any or map: keys in order, nested one level down
// when there is a label.
func nestedPlain(dst []byte, depth int, label string, v reflect.Value) []byte {
	if v.Len() == 0 {
		if v.Kind() == reflect.Map {
			return line(dst, depth, label, "{}")
		}
		return line(dst, depth, label, "[]")
	}
	if label != "" {
		dst = line(dst, depth, strings.TrimSuffix(label, " "), "")
		depth++
	}
	if v.Kind() != reflect.Map {
		for i := 0; i < v.Len(); i++ {
			dst = nested(dst, depth, fmt.Sprintf("[%d] ", i+1), v.Index(i))
		}
		return dst
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		dst = nested(dst, depth, fmt.Sprint(k.Interface())+": ", v.MapIndex(k))
	}
	return dst
}

func nestedList(dst []byte, depth int, label string, items reflect.Value, href string) []byte {
	h := ""
	if href != "" {
		h = " " + href
	}
	if items.Len() == 0 && h != "" {
		return line(dst, depth, label, "link"+h)
	}
	dst = line(dst, depth, label, fmt.Sprintf("list of %s (%d)%s", types.Expected(items.Type().Elem()), items.Len(), h))
	for i := 0; i < items.Len(); i++ {
		dst = nested(dst, depth+1, fmt.Sprintf("[%d] ", i+1), items.Index(i))
	}
	return dst
}

// scalarText is the exact text of a scalar: integers, RFC 3339 dates, quoted strings.
func scalarText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return Quote(v.String())
	case reflect.Int64, reflect.Int, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	if t, ok := v.Interface().(time.Time); ok {
		return t.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v.Interface())
}
