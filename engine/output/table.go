package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// rows is a list as a table: the columns and each item's value.
type rows struct {
	cols  []string
	items []reflect.Value
}

// tableRows returns v as rows when it is a list of model objects, a list of maps, or (with
// columns given) one model object or map; ok is false for anything else.
func tableRows(v reflect.Value, o Options) (r rows, ok bool, err error) {
	if !v.IsValid() {
		return rows{}, false, nil
	}
	if ti := rowType(v); ti != nil {
		r.cols = o.Columns
		if r.cols == nil {
			r.cols = DefaultColumns(ti)
		} else if err := checkColumns(ti, r.cols); err != nil {
			return rows{}, false, err
		}
		for i := 0; i < v.Len(); i++ {
			r.items = append(r.items, v.Index(i))
		}
		return r, true, nil
	}
	if o.Columns != nil && isOne(v) {
		return tableRows(asList(v), o)
	}
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Interface {
		return rows{}, false, nil
	}
	keys := map[string]bool{}
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i).Elem()
		if !e.IsValid() || e.Kind() != reflect.Map || e.Type().Key().Kind() != reflect.String {
			return rows{}, false, nil
		}
		for _, k := range e.MapKeys() {
			keys[k.String()] = true
		}
		r.items = append(r.items, e)
	}
	r.cols = o.Columns
	if r.cols == nil {
		r.cols = mapColumns(keys)
	}
	return r, true, nil
}

// mapColumns orders the keys of map rows: name, id and status first, the rest by name.
func mapColumns(keys map[string]bool) []string {
	var cols []string
	for _, k := range []string{"name", "id", "status"} {
		if keys[k] {
			cols = append(cols, k)
			delete(keys, k)
		}
	}
	rest := make([]string, 0, len(keys))
	for k := range keys {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	return append(cols, rest...)
}

// isOne reports whether v is one model object or one map.
func isOne(v reflect.Value) bool {
	return v.Kind() == reflect.Map || v.Kind() == reflect.Pointer && !v.IsNil() && types.StructInfo(v.Type().Elem()) != nil
}

// asList returns a slice holding v.
func asList(v reflect.Value) reflect.Value {
	return reflect.Append(reflect.MakeSlice(reflect.SliceOf(v.Type()), 0, 1), v)
}

// appendTable appends the table form of v.
func appendTable(dst []byte, v reflect.Value, o Options) ([]byte, error) {
	r, ok, err := tableRows(v, o)
	if err != nil {
		return nil, err
	}
	if !ok {
		return appendText(dst, v, o.Now), nil
	}
	if len(r.items) == 0 {
		what := "items"
		if ti := rowType(v); ti != nil && ti.XMLPlural != "" {
			what = strings.ReplaceAll(ti.XMLPlural, "_", " ") // "(no affinity labels)"
		}
		return fmt.Appendf(dst, "(no %s)\n", what), nil
	}
	cells := [][]string{r.cols}
	for _, it := range r.items {
		row := make([]string, len(r.cols))
		for j, c := range r.cols {
			row[j] = cellText(it, c, o.Now, true)
		}
		cells = append(cells, row)
	}
	return AppendAligned(dst, cells), nil
}

// appendText is the form of a value that is not a list of rows: nothing for nil, a scalar on a
// line, a model object in the people's form (appendView), the rest in the nested form.
func appendText(dst []byte, v reflect.Value, now time.Time) []byte {
	if !v.IsValid() {
		return dst
	}
	if v.Kind() == reflect.Pointer && !v.IsNil() && types.StructInfo(v.Elem().Type()) != nil {
		return appendView(dst, v, now)
	}
	switch v.Kind() {
	case reflect.String:
		return append(append(dst, Printable(v.String(), true)...), '\n')
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32:
		return append(append(dst, scalarText(v)...), '\n')
	case reflect.Slice:
		if v.Len() == 0 {
			return append(dst, "(no items)\n"...)
		}
	}
	return nested(dst, 0, "", v)
}

// AppendAligned appends rows as an aligned text table: each cell through Printable, each
// column padded to its widest cell plus two spaces, trailing spaces cut.
func AppendAligned(dst []byte, rows [][]string) []byte {
	var width []int
	for _, row := range rows {
		for j, c := range row {
			if j >= len(width) {
				width = append(width, 0)
			}
			row[j] = Printable(c, false)
			width[j] = max(width[j], utf8.RuneCountInString(row[j]))
		}
	}
	var line strings.Builder
	for _, row := range rows {
		line.Reset()
		for j, c := range row {
			line.WriteString(c)
			if j < len(row)-1 {
				line.WriteString(strings.Repeat(" ", width[j]-utf8.RuneCountInString(c)+2))
			}
		}
		dst = append(dst, strings.TrimRight(line.String(), " ")...)
		dst = append(dst, '\n')
	}
	return dst
}

// appendCSV appends a header and a row per item, with exact values.
func appendCSV(dst []byte, v reflect.Value, o Options) ([]byte, error) {
	if v.IsValid() && isOne(v) {
		v = asList(v)
	}
	r, ok, err := tableRows(v, o)
	if err != nil {
		return nil, err
	}
	if !ok {
		what := "nil"
		if v.IsValid() {
			what = v.Type().String()
		}
		return nil, fmt.Errorf("csv: expected objects or a list of them, got %s", what)
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write(r.cols)
	for _, it := range r.items {
		row := make([]string, len(r.cols))
		for j, c := range r.cols {
			row[j] = cellText(it, c, o.Now, false)
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return append(dst, b.Bytes()...), nil
}
