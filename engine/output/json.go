package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/jsoncodec"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// AppendJSON appends the typed JSON of v to dst: a model struct pointer as an object of its set
// members under their snake_case names (href and id included; action links and list links not
// followed left out), a slice or *types.List[T] as an array ([] when empty), integers and
// decimals as numbers, booleans as booleans, dates as RFC 3339 text, enums as strings, and plain
// values (string, bool, numbers, nil, []any, map[string]any with sorted keys). A value JSON
// cannot hold (NaN, a channel...) is an error naming it.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	return appendTyped(dst, reflect.ValueOf(v))
}

func appendTyped(dst []byte, v reflect.Value) ([]byte, error) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return append(dst, "null"...), nil
	}
	switch {
	case types.IsListLink(v.Type()):
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return appendArray(dst, types.ListItems(v))
	case v.Type() == reflect.TypeFor[time.Time]():
		return strconv.AppendQuote(dst, v.Interface().(time.Time).Format(time.RFC3339Nano)), nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if ti := types.StructInfo(v.Elem().Type()); ti != nil {
			return appendObject(dst, v, ti)
		}
		return appendTyped(dst, v.Elem())
	case reflect.Slice, reflect.Array:
		return appendArray(dst, v)
	case reflect.Map:
		return appendMap(dst, v)
	case reflect.String:
		return appendString(dst, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(dst, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(dst, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(dst, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return dst, fmt.Errorf("json: %v has no JSON form", f)
		}
		return strconv.AppendFloat(dst, f, 'g', -1, 64), nil
	}
	return dst, fmt.Errorf("json: a %s has no JSON form", v.Type())
}

func appendString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // escapes <, > and & too, so the text is safe anywhere
	return append(dst, b...)
}

func appendArray(dst []byte, items reflect.Value) ([]byte, error) {
	if items.Kind() == reflect.Slice && items.Type().Elem().Kind() == reflect.Uint8 {
		return appendString(dst, string(items.Bytes())), nil
	}
	dst = append(dst, '[')
	for i := 0; i < items.Len(); i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendTyped(dst, items.Index(i)); err != nil {
			return dst, fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return append(dst, ']'), nil
}

func appendMap(dst []byte, m reflect.Value) ([]byte, error) {
	return appendEntries(dst, m, appendTyped)
}

// appendEntries writes a map with string keys as a JSON object, keys sorted, each value by elem.
func appendEntries(dst []byte, m reflect.Value, elem func([]byte, reflect.Value) ([]byte, error)) ([]byte, error) {
	if m.Type().Key().Kind() != reflect.String {
		return dst, fmt.Errorf("json: a %s has no JSON form (keys must be strings)", m.Type())
	}
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(appendString(dst, k.String()), ':')
		var err error
		if dst, err = elem(dst, m.MapIndex(k)); err != nil {
			return dst, fmt.Errorf("%s: %w", k.String(), err)
		}
	}
	return append(dst, '}'), nil
}

func appendObject(dst []byte, p reflect.Value, ti *types.TypeInfo) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	key := func(k string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(appendString(dst, k), ':')
	}
	if h := p.Interface().(types.Object).GetHref(); h != "" {
		key("href")
		dst = appendString(dst, h)
	}
	s := p.Elem()
	for _, mi := range ti.Members {
		f := s.Field(mi.Field)
		if f.IsZero() || mi.Link && mi.List && types.ListItems(f).IsNil() {
			continue
		}
		key(mi.Name)
		var err error
		if dst, err = appendTyped(dst, f); err != nil {
			return dst, fmt.Errorf("%s.%s: %w", ti.Name, mi.Name, err)
		}
	}
	return append(dst, '}'), nil
}

// appendAPIJSON appends v in the engine's JSON form (engine/jsoncodec); plain lists and maps
// around model objects are written as JSON arrays and objects.
func appendAPIJSON(dst []byte, v reflect.Value) ([]byte, error) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return append(dst, "null"...), nil
	}
	if types.IsListLink(v.Type()) && !v.IsNil() {
		v = types.ListItems(v)
		if v.IsNil() {
			v = reflect.MakeSlice(v.Type(), 0, 0)
		}
	}
	modelSlice := v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Pointer &&
		types.StructInfo(v.Type().Elem().Elem()) != nil
	switch {
	case jsoncodec.IsModel(v.Interface()), modelSlice:
		var buf bytes.Buffer
		jsoncodec.WriteValue(&buf, v.Interface())
		return append(dst, buf.Bytes()...), nil
	case v.Kind() == reflect.Slice:
		dst = append(dst, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendAPIJSON(dst, v.Index(i)); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case v.Kind() == reflect.Map:
		return appendEntries(dst, v, appendAPIJSON)
	}
	return appendTyped(dst, v)
}
