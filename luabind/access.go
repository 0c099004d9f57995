package luabind

import (
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// memberAccess is one member of a typed value as the binding reads it: the member's
// description and, for the scalar kinds most scripts read in loops (strings, enums, booleans,
// integers, decimals), a getter that reads the field at its offset with no reflection. Other
// members (structs, lists, dates) go through toLua.
type memberAccess struct {
	info *types.MemberInfo
	key  lua.LValue                            // the name as a Lua string, made once (pairs)
	get  func(field unsafe.Pointer) lua.LValue // nil: convert through toLua
	off  uintptr
}

// accessors builds the member accessors of a binding, keyed by member name and in the order of
// ti.Members. Values read from an enum member come from a table made once per enum type (the
// same Lua string every time).
func (r *Runtime) accessors(ti *types.TypeInfo, t reflect.Type) (map[string]*memberAccess, []*memberAccess) {
	out := make(map[string]*memberAccess, len(ti.Members))
	ordered := make([]*memberAccess, len(ti.Members))
	for i, m := range ti.Members {
		f := t.Field(m.Field)
		a := &memberAccess{info: m, key: lua.LString(m.Name), off: f.Offset}
		if f.Type.Kind() == reflect.Pointer {
			a.get = scalarGetter(f.Type.Elem())
			if a.get == nil {
				a.get = r.structGetter(f.Type)
			}
			if a.get == nil {
				a.get = r.listLinkGetter(f.Type)
			}
		}
		out[m.Name], ordered[i] = a, a
	}
	return out, ordered
}

// structGetter returns the getter of a member of type pt, a pointer to a generated struct
// (neither a date nor a list link), or nil. The value it reads is wrapped as toLua does; the
// binding of the struct type is looked up at the first read, since types refer to each other.
func (r *Runtime) structGetter(pt reflect.Type) func(unsafe.Pointer) lua.LValue {
	e := pt.Elem()
	if e == timeType || isListLink(pt) || types.StructInfo(e) == nil {
		return nil
	}
	var b *typeBinding
	return func(field unsafe.Pointer) lua.LValue {
		p := *(*unsafe.Pointer)(field)
		if p == nil {
			return lua.LNil
		}
		if b == nil {
			b = r.binding(e)
		}
		return r.wrapValue(reflect.NewAt(e, p), b)
	}
}

// listLinkGetter returns the getter of a list link member (*types.List[T]), or nil when pt is
// not one: a list view over the items, as toLua makes.
func (r *Runtime) listLinkGetter(pt reflect.Type) func(unsafe.Pointer) lua.LValue {
	if !isListLink(pt) {
		return nil
	}
	e := pt.Elem()
	return func(field unsafe.Pointer) lua.LValue {
		p := *(*unsafe.Pointer)(field)
		if p == nil {
			return lua.LNil
		}
		v := reflect.NewAt(e, p)
		return r.newList(types.ListItems(v), v.Interface().(types.ListLink))
	}
}

// scalarGetter returns the getter of a pointer field to e, or nil when e is not a scalar the
// fast path knows. The getters convert exactly as toLua does.
func scalarGetter(e reflect.Type) func(unsafe.Pointer) lua.LValue {
	if e == timeType {
		return getPtr(func(t *time.Time) lua.LValue { return lua.LString(t.Format(time.RFC3339Nano)) })
	}
	switch e.Kind() {
	case reflect.String:
		if ti := types.EnumInfo(e); ti != nil {
			return enumGetter(ti)
		}
		return getPtr(func(s *string) lua.LValue { return lua.LString(*s) })
	case reflect.Bool:
		return getPtr(func(b *bool) lua.LValue { return lua.LBool(*b) })
	case reflect.Int64:
		return getPtr(func(i *int64) lua.LValue { return intLua(*i) })
	case reflect.Int:
		return getPtr(func(i *int) lua.LValue { return intLua(int64(*i)) })
	case reflect.Int32:
		return getPtr(func(i *int32) lua.LValue { return lua.LNumber(*i) })
	case reflect.Float64:
		return getPtr(func(f *float64) lua.LValue { return lua.LNumber(*f) })
	}
	return nil
}

// getPtr makes the getter of a field of type *T: nil reads nil, anything else conv(value).
func getPtr[T any](conv func(*T) lua.LValue) func(unsafe.Pointer) lua.LValue {
	return func(field unsafe.Pointer) lua.LValue {
		p := *(**T)(field)
		if p == nil {
			return lua.LNil
		}
		return conv(p)
	}
}

// enumLua holds, per enum type (*types.TypeInfo), its declared values as Lua strings
// (map[string]lua.LValue). Lua strings are immutable Go values: runtimes share them.
var enumLua sync.Map

// enumGetter reads an enum member; declared values come from a table of Lua strings made once,
// anything else (a value newer than the model) is converted as it is.
func enumGetter(ti *types.TypeInfo) func(unsafe.Pointer) lua.LValue {
	cached, ok := enumLua.Load(ti)
	if !ok {
		m := make(map[string]lua.LValue, len(ti.Values))
		for _, v := range ti.Values {
			m[v] = lua.LString(v)
		}
		cached, _ = enumLua.LoadOrStore(ti, m)
	}
	values := cached.(map[string]lua.LValue)
	return getPtr(func(s *string) lua.LValue {
		if lv, ok := values[*s]; ok {
			return lv
		}
		return lua.LString(*s)
	})
}

// intLua converts an integer as toLua does: beyond 2^53 as a decimal string.
func intLua(i int64) lua.LValue {
	if i > maxExact || i < -maxExact {
		return lua.LString(strconv.FormatInt(i, 10))
	}
	return lua.LNumber(i)
}

// member returns the accessor of the member name, or nil. The last name looked up is kept: a loop
// reads the same member of many values with the same Lua string, compared by pointer first.
func (b *typeBinding) member(name string) *memberAccess {
	if last := b.last; last != nil && last.info.Name == name {
		return last
	}
	a := b.members[name]
	if a != nil {
		b.last = a
	}
	return a
}

// read returns the member a of the value p points to.
func (r *Runtime) read(p reflect.Value, a *memberAccess) lua.LValue {
	if a.get != nil {
		return a.get(unsafe.Add(p.UnsafePointer(), a.off))
	}
	return r.toLua(p.Elem().Field(a.info.Field), true)
}

// listLinks caches types.IsListLink per type (reflect.Type → bool): it walks the method set of
// the type, which for a generated struct has a getter per member.
var listLinks sync.Map

// isListLink reports whether t is a list link type *types.List[T].
func isListLink(t reflect.Type) bool {
	if v, ok := listLinks.Load(t); ok {
		return v.(bool)
	}
	is := types.IsListLink(t)
	listLinks.Store(t, is)
	return is
}
