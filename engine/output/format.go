package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// Format names an output format.
type Format string

// The formats.
const (
	Table   Format = "table"
	JSON    Format = "json"
	CSV     Format = "csv"
	APIJSON Format = "api-json"
)

// Formats lists the formats in the order help shows them.
var Formats = []Format{Table, JSON, CSV, APIJSON}

// ParseFormat reads a format name (case does not matter); an unknown one is an error listing
// the formats, with the closest.
func ParseFormat(s string) (Format, error) {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown output format %q (expected %s)%s", s, strings.Join(names, ", "),
		suggest.DidYouMean(suggest.Nearest(strings.ToLower(s), names, 1)))
}

// Options say how Write prints.
type Options struct {
	Format  Format    // "" means Table
	Columns []string  // member paths, dotted ("cpu.topology.cores", "cluster.name"); nil: the type's defaults (json: all members)
	Now     time.Time // reference for relative dates ("2 h ago"); zero: time.Now()
}

// Write prints v: a model struct pointer (*types.Vm), a slice of them, a *types.List[T], or plain
// Go values (string, bool, int64, float64, nil, []any, map[string]any), in o.Format. A []any
// whose items are all objects of one model type prints as a list of that type. A column that
// names no member of the type is an error naming it (with the closest members).
func Write(w io.Writer, v any, o Options) error {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	rv := normalize(reflect.ValueOf(v))
	var out []byte
	var err error
	switch o.Format {
	case "", Table:
		out, err = appendTable(nil, rv, o)
	case CSV:
		out, err = appendCSV(nil, rv, o)
	case JSON:
		if rv, err = project(rv, o.Columns); err == nil {
			out, err = indentJSON(appendTyped(nil, rv))
		}
	case APIJSON:
		out, err = indentJSON(appendAPIJSON(nil, rv))
	default:
		_, err = ParseFormat(string(o.Format))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// indentJSON indents a JSON document by two spaces and ends it with a newline.
func indentJSON(doc []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, doc, "", "  "); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// normalize turns a list link into its items ([] when not followed) and a []any whose items are
// all objects of one model type into a slice of that type; anything else is returned as is.
func normalize(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return v
	}
	if types.IsListLink(v.Type()) && !v.IsNil() {
		items := types.ListItems(v)
		if items.IsNil() {
			return reflect.MakeSlice(items.Type(), 0, 0)
		}
		return items
	}
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Interface || v.Len() == 0 {
		return v
	}
	var et reflect.Type
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i).Elem()
		if !e.IsValid() || e.Kind() != reflect.Pointer || e.IsNil() || types.StructInfo(e.Type().Elem()) == nil ||
			et != nil && e.Type() != et {
			return v
		}
		et = e.Type()
	}
	out := reflect.MakeSlice(reflect.SliceOf(et), v.Len(), v.Len())
	for i := 0; i < v.Len(); i++ {
		out.Index(i).Set(v.Index(i).Elem())
	}
	return out
}

// rowType returns the model type of the items of a slice of model objects, or nil.
func rowType(v reflect.Value) *types.TypeInfo {
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Pointer {
		return nil
	}
	return types.StructInfo(v.Type().Elem().Elem())
}
