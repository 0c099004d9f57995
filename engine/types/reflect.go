package types

import (
	"reflect"
	"sync"
	"time"
)

var (
	timeType     = reflect.TypeFor[time.Time]()
	listLinkType = reflect.TypeFor[ListLink]()
	structInfos  sync.Map // reflect.Type → *TypeInfo, or nil when not a generated struct
)

// StructInfo returns the description of t when t is a generated struct type (not a pointer to
// one), else nil. Reflection-based layers (codecs, Lua) use it instead of a cache of their own.
func StructInfo(t reflect.Type) *TypeInfo {
	if t == nil || t.Kind() != reflect.Struct || t.PkgPath() != pkgPath {
		return nil
	}
	if ti, ok := structInfos.Load(t); ok {
		return ti.(*TypeInfo)
	}
	ti := TypeOf(reflect.New(t).Interface())
	structInfos.Store(t, ti)
	return ti
}

var pkgPath = reflect.TypeFor[Vm]().PkgPath()

// IsListLink reports whether t is *List[T] for some T.
func IsListLink(t reflect.Type) bool {
	return t != nil && t.Kind() == reflect.Pointer && t.Implements(listLinkType)
}

// ListItemType returns T of the list link type *List[T].
func ListItemType(t reflect.Type) reflect.Type {
	return t.Elem().Field(1).Type.Elem() // List.Items
}

// EnumInfo returns the description of t when it is a generated enum type, else nil.
func EnumInfo(t reflect.Type) *TypeInfo {
	if t == nil || t.Kind() != reflect.String || t.PkgPath() != pkgPath {
		return nil
	}
	if ti := Type(t.Name()); ti != nil && ti.Kind == KindEnum {
		return ti
	}
	return nil
}

// Expected names the Go type t of a member or parameter the way error messages of the codecs and
// the Lua layer do ("expected Vm, got string"): model names, "list of X", "date", "integer"….
func Expected(t reflect.Type) string {
	switch {
	case IsListLink(t):
		return "list of " + Expected(ListItemType(t))
	case t == timeType:
		return "date"
	case t.Kind() == reflect.Pointer:
		if ti := StructInfo(t.Elem()); ti != nil {
			return ti.Name
		}
		return Expected(t.Elem())
	case t.Kind() == reflect.Slice:
		return "list of " + Expected(t.Elem())
	}
	if ti := EnumInfo(t); ti != nil {
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

// ListItems returns the settable Items slice of v, a non-nil *List[T] value.
func ListItems(v reflect.Value) reflect.Value { return v.Elem().Field(1) } // List.Items
