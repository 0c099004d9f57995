package sim

import (
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// typeMeta is what the store needs to handle a generated struct type generically; ids, names,
// hrefs and actions go through the interfaces of engine/types (Object, WithID, WithName).
type typeMeta struct {
	info *types.TypeInfo
	rt   reflect.Type // the struct type
}

var metas sync.Map // type name → *typeMeta

// metaOf returns the description of the struct type named name, or nil.
func metaOf(name string) *typeMeta {
	if m, ok := metas.Load(name); ok {
		return m.(*typeMeta)
	}
	info := types.Type(name)
	if info == nil || info.Kind != types.KindStruct {
		return nil
	}
	m := &typeMeta{info: info, rt: reflect.TypeOf(types.New(name)).Elem()}
	metas.Store(name, m)
	return m
}

// metaFor returns the description of the struct that v (a pointer to a generated struct)
// points to.
func metaFor(v any) *typeMeta {
	if t := types.TypeOf(v); t != nil {
		return metaOf(t.Name)
	}
	return nil
}

func (m *typeMeta) newValue() any { return types.New(m.info.Name) }

func (m *typeMeta) getID(v any) string   { return types.IDOf(v) }
func (m *typeMeta) getName(v any) string { return types.NameOf(v) }

// setID sets the id of v; types without a string id have none to set.
func (m *typeMeta) setID(v any, id string) {
	if o, ok := v.(types.WithID); ok {
		o.SetId(id)
	}
}

// setStr sets the string member at field (a MemberInfo.Field of the type) of the struct v points to.
func (m *typeMeta) setStr(v any, field int, s string) {
	reflect.ValueOf(v).Elem().Field(field).Set(reflect.ValueOf(&s))
}

// setHref sets the href of v, a pointer to a generated struct.
func (m *typeMeta) setHref(v any, href string) { v.(types.Object).SetHref(href) }

// field returns the member's field of the struct v points to.
func field(v any, mi *types.MemberInfo) reflect.Value {
	return reflect.ValueOf(v).Elem().Field(mi.Field)
}

var timeType = reflect.TypeFor[time.Time]()

// clone deep-copies a generated value (pointers, structs, slices, List links).
func clone[T any](v T) T {
	return deepCopy(reflect.ValueOf(v)).Interface().(T)
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(deepCopy(v.Elem()))
		return p
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // copies unexported fields too (time.Time)
		if v.Type() == timeType {
			return c
		}
		for i := range v.NumField() {
			f := c.Field(i)
			if f.CanSet() && (f.Kind() == reflect.Pointer || f.Kind() == reflect.Slice || f.Kind() == reflect.Struct) {
				f.Set(deepCopy(v.Field(i)))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	}
	return v
}

// merge copies into dst (a private copy) every member src sets, recursing into nested
// structs so that only the members sent change. The id, hrefs, actions and the sub-collection
// links of the entity service n are never merged: they belong to the server.
func merge(dst, src any, n *svcNode) {
	mergeValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), n, true)
}

func mergeValue(dst, src reflect.Value, n *svcNode, top bool) {
	info := types.Type(src.Type().Name())
	if info == nil {
		dst.Set(deepCopy(src))
		return
	}
	for _, mi := range info.Members {
		if top && (mi.Name == "id" || isLocatorLink(n, mi)) {
			continue
		}
		s := src.Field(mi.Field)
		if s.IsNil() {
			continue
		}
		d := dst.Field(mi.Field)
		if mi.TypeKind == types.KindStruct && !mi.List && !mi.Link && !d.IsNil() {
			mergeValue(d.Elem(), s.Elem(), nil, false)
			continue
		}
		d.Set(deepCopy(s))
	}
}

// pathSet reports whether the dotted input path ("vm.cluster.id", "vm.snapshots[].id") is set
// in v, whose own name is the first element of the path.
func pathSet(v any, path string) bool {
	_, rest, ok := strings.Cut(path, ".")
	if !ok {
		return v != nil && !reflect.ValueOf(v).IsNil()
	}
	return valueSet(reflect.ValueOf(v), strings.Split(rest, "."))
}

func valueSet(v reflect.Value, parts []string) bool {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if len(parts) == 0 {
		if v.Kind() == reflect.Slice {
			return !v.IsNil()
		}
		return true
	}
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			if valueSet(v.Index(i), parts) {
				return true
			}
		}
		return false
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	info := types.Type(v.Type().Name())
	if info == nil {
		if l, ok := v.Addr().Interface().(types.ListLink); ok {
			for i := range l.Len() {
				if valueSet(reflect.ValueOf(l.Item(i)), parts) {
					return true
				}
			}
		}
		return false
	}
	mi := info.Member(strings.TrimSuffix(parts[0], "[]"))
	if mi == nil {
		return false
	}
	return valueSet(v.Field(mi.Field), parts[1:])
}
