package output

import (
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// project returns v (normalized: a model object or a slice of them) with only the members the
// columns name, in their place: "cpu.topology.cores" keeps {"cpu":{"topology":{"cores":2}}}, so
// jq paths are those of the whole object. A path through a list keeps the list whole. Other
// values are returned as they are; a column that names no member is an error.
func project(v reflect.Value, cols []string) (reflect.Value, error) {
	if len(cols) == 0 || !v.IsValid() {
		return v, nil
	}
	paths := make([][]string, len(cols))
	for i, c := range cols {
		paths[i] = strings.Split(c, ".")
	}
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && types.StructInfo(v.Elem().Type()) != nil:
		if err := checkColumns(types.StructInfo(v.Elem().Type()), cols); err != nil {
			return v, err
		}
		return prune(v, paths), nil
	case rowType(v) != nil:
		if err := checkColumns(rowType(v), cols); err != nil {
			return v, err
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			if it := v.Index(i); !it.IsNil() {
				out.Index(i).Set(prune(it, paths))
			}
		}
		return out, nil
	}
	return v, nil
}

// prune copies the members of the model object p that paths lead to into a new object.
func prune(p reflect.Value, paths [][]string) reflect.Value {
	ti := types.StructInfo(p.Elem().Type())
	out := reflect.New(p.Elem().Type())
	var order []string
	rest := map[string][][]string{} // by first segment; a nil entry: the member whole
	whole := map[string]bool{}
	for _, path := range paths {
		if _, seen := rest[path[0]]; !seen && !whole[path[0]] {
			order = append(order, path[0])
		}
		if len(path) == 1 {
			whole[path[0]] = true
		}
		rest[path[0]] = append(rest[path[0]], path[1:])
	}
	for _, name := range order {
		mi := ti.Member(name)
		if mi == nil {
			continue
		}
		f := p.Elem().Field(mi.Field)
		if whole[name] || f.Kind() != reflect.Pointer || f.IsNil() || types.StructInfo(f.Elem().Type()) == nil {
			out.Elem().Field(mi.Field).Set(f)
			continue
		}
		out.Elem().Field(mi.Field).Set(prune(f, rest[name]))
	}
	return out
}
