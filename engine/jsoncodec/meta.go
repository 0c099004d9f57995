package jsoncodec

import (
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

var (
	timeType = reflect.TypeFor[time.Time]()
	typesPkg = reflect.TypeFor[types.Vm]().PkgPath()
)

// typeMeta is what the codec needs of one generated struct type.
type typeMeta struct {
	info    *types.TypeInfo
	href    int // index of the Href field
	actions int // index of the Actions field
	byXML   map[string]*types.MemberInfo
}

var metas sync.Map // reflect.Type (struct) → *typeMeta, or nil when not a model struct

// metaOf returns the description of the generated struct type t, or nil.
func metaOf(t reflect.Type) *typeMeta {
	if m, ok := metas.Load(t); ok {
		return m.(*typeMeta)
	}
	var m *typeMeta
	if t.Kind() == reflect.Struct && t.PkgPath() == typesPkg {
		if ti := types.TypeOf(reflect.New(t).Interface()); ti != nil {
			href, _ := t.FieldByName("Href")
			acts, _ := t.FieldByName("Actions")
			m = &typeMeta{info: ti, href: href.Index[0], actions: acts.Index[0], byXML: map[string]*types.MemberInfo{}}
			for _, mi := range ti.Members {
				m.byXML[mi.XMLName] = mi
			}
		}
	}
	metas.Store(t, m)
	return m
}

// isListLink reports whether t is *types.List[T].
func isListLink(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct &&
		t.Elem().PkgPath() == typesPkg && strings.HasPrefix(t.Elem().Name(), "List[")
}

// enumInfo returns the description of t when it is a generated enum type, else nil.
func enumInfo(t reflect.Type) *types.TypeInfo {
	if t.Kind() != reflect.String || t.PkgPath() != typesPkg {
		return nil
	}
	if ti := types.Type(t.Name()); ti != nil && ti.Kind == types.KindEnum {
		return ti
	}
	return nil
}

// expected names the declared type t for "expected X, got Y" messages.
func expected(t reflect.Type) string {
	switch {
	case isListLink(t):
		return "list of " + expected(t.Elem().Field(1).Type.Elem())
	case t == timeType:
		return "date"
	case t.Kind() == reflect.Pointer:
		if m := metaOf(t.Elem()); m != nil {
			return m.info.Name
		}
		return expected(t.Elem())
	case t.Kind() == reflect.Slice:
		return "list of " + expected(t.Elem())
	}
	if ti := enumInfo(t); ti != nil {
		return ti.Name
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Float64, reflect.Float32:
		return "number"
	}
	return t.String()
}
