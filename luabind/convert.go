package luabind

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// maxExact is 2^53: integers of larger magnitude are not exact as Lua numbers (float64), so the
// binding hands them to scripts as decimal strings and accepts such strings back.
const maxExact = 1 << 53

var (
	timeType    = reflect.TypeFor[time.Time]()
	stringMapTy = reflect.TypeFor[map[string]string]()
)

// got describes a Lua value for "expected X, got Y" messages.
func (r *Runtime) got(lv lua.LValue) string {
	if ud, ok := lv.(*lua.LUserData); ok {
		return r.typeName(ud)
	}
	return lv.Type().String()
}

// convError is a conversion failure at a path such as vm.cpu.topology.cores.
func convError(path, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	return usageErrorf("%s", msg)
}

// fromLua converts lv to a Go value of type t, the declared type of a member or parameter. nil
// gives the zero value (unset). path names the value in error messages.
func (r *Runtime) fromLua(lv lua.LValue, t reflect.Type, path string) (reflect.Value, *Error) {
	if lv == lua.LNil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, convError(path, "expected %s, got nil", types.Expected(t))
	}
	switch {
	case isListLink(t):
		return r.listLinkFromLua(lv, t, path)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem() != timeType:
		return r.structFromLua(lv, t, path)
	case t.Kind() == reflect.Pointer:
		v, err := r.fromLua(lv, t.Elem(), path)
		if err != nil {
			return reflect.Value{}, err
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(v)
		return p, nil
	case t.Kind() == reflect.Slice:
		return r.sliceFromLua(lv, t, path)
	case t == stringMapTy:
		return r.stringMapFromLua(lv, path)
	case t == timeType:
		return timeFromLua(lv, path)
	}
	return r.scalarFromLua(lv, t, path)
}

// listLinkFromLua converts a list, or a table of items that may also carry the link's href
// ({href='/ovirt-engine/api/vms/1/nics'}), to a *types.List[T].
func (r *Runtime) listLinkFromLua(lv lua.LValue, t reflect.Type, path string) (reflect.Value, *Error) {
	l := reflect.New(t.Elem())
	link := l.Interface().(types.ListLink)
	if lst, ok := asList(lv); ok {
		link.SetHref(lst.hrefString())
	}
	if tbl, ok := lv.(*lua.LTable); ok {
		if h := tbl.RawGetString("href"); h != lua.LNil {
			s, ok := h.(lua.LString)
			if !ok {
				return reflect.Value{}, convError(path+".href", "expected string, got %s", r.got(h))
			}
			link.SetHref(string(s))
			items := r.L.NewTable()
			tbl.ForEach(func(k, v lua.LValue) {
				if k != lua.LString("href") {
					items.RawSet(k, v)
				}
			})
			if k, _ := items.Next(lua.LNil); k == lua.LNil {
				return l, nil // a link that was not followed
			}
			lv = items
		}
	}
	items, err := r.fromLua(lv, t.Elem().Field(1).Type, path)
	if err != nil {
		return reflect.Value{}, err
	}
	l.Elem().Field(1).Set(items)
	return l, nil
}

func (r *Runtime) scalarFromLua(lv lua.LValue, t reflect.Type, path string) (reflect.Value, *Error) {
	mismatch := func() (reflect.Value, *Error) {
		return reflect.Value{}, convError(path, "expected %s, got %s", types.Expected(t), r.got(lv))
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		s, ok := lv.(lua.LString)
		if !ok {
			return mismatch()
		}
		if ti := types.EnumInfo(t); ti != nil {
			if !ti.HasValue(string(s)) {
				return reflect.Value{}, convError(path, "'%s' is not a %s value%s", s, ti.Name, didYouMean(strings.ToLower(string(s)), ti.Values))
			}
			s = lua.LString(strings.ToLower(string(s)))
		}
		v.SetString(string(s))
	case reflect.Bool:
		b, ok := lv.(lua.LBool)
		if !ok {
			return mismatch()
		}
		v.SetBool(bool(b))
	case reflect.Int, reflect.Int32, reflect.Int64:
		switch n := lv.(type) {
		case lua.LNumber:
			f := float64(n)
			if f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
				return reflect.Value{}, convError(path, "expected integer, got %s", n)
			}
			if math.Abs(f) > maxExact {
				// The script's number may already have been rounded (9007199254740993 reads as
				// ...992): refuse it rather than send a value nobody wrote.
				i := strconv.FormatInt(int64(f), 10)
				return reflect.Value{}, convError(path, "%s is beyond 2^53, where Lua numbers are not exact "+
					"integers; pass it as a decimal string such as '%s'", i, i)
			}
			v.SetInt(int64(f))
		case lua.LString:
			// Only the exact form of a large integer, as reads produce it, is accepted.
			i, err := strconv.ParseInt(string(n), 10, 64)
			if err != nil || (i <= maxExact && i >= -maxExact) {
				return mismatch()
			}
			v.SetInt(i)
		default:
			return mismatch()
		}
	case reflect.Float64, reflect.Float32:
		n, ok := lv.(lua.LNumber)
		if !ok {
			return mismatch()
		}
		v.SetFloat(float64(n))
	default:
		return reflect.Value{}, convError(path, "cannot convert %s to %s", r.got(lv), t)
	}
	return v, nil
}

// minUnixDate and maxUnixDate bound the Unix seconds accepted as a date: years 0001 to 9999, as
// RFC 3339 text can write them.
const (
	minUnixDate = -62135596800 // 0001-01-01T00:00:00Z
	maxUnixDate = 253402300800 // 10000-01-01T00:00:00Z
)

// timeFromLua accepts RFC 3339 text, as reads produce it, or Unix seconds (os.time()).
func timeFromLua(lv lua.LValue, path string) (reflect.Value, *Error) {
	switch v := lv.(type) {
	case lua.LString:
		t, err := time.Parse(time.RFC3339Nano, string(v))
		if err != nil {
			return reflect.Value{}, convError(path, "expected date (RFC 3339 text such as 2024-05-01T10:00:00Z), got '%s'", v)
		}
		return reflect.ValueOf(t), nil
	case lua.LNumber:
		f := float64(v)
		if math.IsNaN(f) || f < minUnixDate || f >= maxUnixDate {
			return reflect.Value{}, convError(path, "expected a date as Unix seconds in years 0001 to 9999, got %s", v)
		}
		sec, frac := math.Modf(f)
		return reflect.ValueOf(time.Unix(int64(sec), int64(frac*1e9)).UTC()), nil
	}
	return reflect.Value{}, convError(path, "expected date, got %s", lv.Type())
}

// structFromLua converts a typed value of the same type (shared, not copied) or a table of
// members (converted recursively by the declared member types).
func (r *Runtime) structFromLua(lv lua.LValue, t reflect.Type, path string) (reflect.Value, *Error) {
	b := r.binding(t.Elem())
	if b == nil {
		return reflect.Value{}, convError(path, "cannot convert %s to %s", r.got(lv), t)
	}
	switch v := lv.(type) {
	case *lua.LUserData:
		if rv := reflect.ValueOf(v.Value); rv.Type() == t {
			return rv, nil
		}
	case *lua.LTable:
		p := reflect.New(t.Elem())
		if err := r.setMembers(p, b, v, path); err != nil {
			return reflect.Value{}, err
		}
		return p, nil
	}
	return reflect.Value{}, convError(path, "expected %s, got %s", b.info.Name, r.got(lv))
}

// setMembers sets the members of the struct p points to from the fields of tbl, in name order so
// that the first error reported does not depend on map iteration.
func (r *Runtime) setMembers(p reflect.Value, b *typeBinding, tbl *lua.LTable, path string) *Error {
	var keys []string
	var bad lua.LValue
	tbl.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			keys = append(keys, string(s))
		} else if bad == nil {
			bad = k
		}
	})
	if bad != nil {
		return convError(path, "%s fields must be named, got a %s key (a list?)", b.info.Name, bad.Type())
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := r.setMember(p, b, k, tbl.RawGetString(k), path); err != nil {
			return err
		}
	}
	return nil
}

// setMember converts and stores one member; name may also be href.
func (r *Runtime) setMember(p reflect.Value, b *typeBinding, name string, lv lua.LValue, path string) *Error {
	if name == "href" {
		v, err := r.fromLua(lv, reflect.TypeFor[*string](), path+".href")
		if err != nil {
			return err
		}
		h := ""
		if !v.IsNil() {
			h = v.Elem().String()
		}
		p.Interface().(types.Object).SetHref(h)
		return nil
	}
	m := b.info.Member(name)
	if m == nil {
		return b.unknownMember(name, path)
	}
	f := p.Elem().Field(m.Field)
	v, err := r.fromLua(lv, f.Type(), path+"."+name)
	if err != nil {
		return err
	}
	f.Set(v)
	return nil
}

func (r *Runtime) sliceFromLua(lv lua.LValue, t reflect.Type, path string) (reflect.Value, *Error) {
	var src []lua.LValue
	switch v := lv.(type) {
	case *lua.LTable:
		n := v.Len()
		extra := false
		v.ForEach(func(k, _ lua.LValue) {
			if i, ok := k.(lua.LNumber); !ok || float64(i) != math.Trunc(float64(i)) || i < 1 || int(i) > n {
				extra = true
			}
		})
		if extra {
			return reflect.Value{}, convError(path, "expected %s (a table with items 1..n), got a table with other keys", types.Expected(t))
		}
		for i := 1; i <= n; i++ {
			src = append(src, v.RawGetInt(i))
		}
	case *lua.LUserData:
		lst, ok := v.Value.(*listView)
		if !ok {
			return reflect.Value{}, convError(path, "expected %s, got %s", types.Expected(t), r.got(lv))
		}
		for i := 0; i < lst.items.Len(); i++ {
			src = append(src, r.toLua(lst.items.Index(i), false))
		}
	default:
		return reflect.Value{}, convError(path, "expected %s, got %s", types.Expected(t), r.got(lv))
	}
	out := reflect.MakeSlice(t, len(src), len(src))
	for i, e := range src {
		v, err := r.fromLua(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i+1))
		if err != nil {
			return reflect.Value{}, err
		}
		out.Index(i).Set(v)
	}
	return out, nil
}

// stringMapFromLua converts {name=value} for the query and headers of a call; values may be
// strings, numbers or booleans.
func (r *Runtime) stringMapFromLua(lv lua.LValue, path string) (reflect.Value, *Error) {
	tbl, ok := lv.(*lua.LTable)
	if !ok {
		return reflect.Value{}, convError(path, "expected a table of names to values, got %s", r.got(lv))
	}
	m := map[string]string{}
	var err *Error
	tbl.ForEach(func(k, v lua.LValue) {
		ks, ok := k.(lua.LString)
		if !ok && err == nil {
			err = convError(path, "names must be strings, got %s", k.Type())
			return
		}
		switch v.(type) {
		case lua.LString, lua.LNumber, lua.LBool:
			m[string(ks)] = v.String()
		default:
			if err == nil {
				err = convError(path+"."+string(ks), "expected string, number or boolean, got %s", r.got(v))
			}
		}
	})
	if err != nil {
		return reflect.Value{}, err
	}
	return reflect.ValueOf(m), nil
}

// toLua converts a Go value read from a typed value or returned by a method. Slices become list
// views over the value when live is true (members, so that writes reach the Go value) and plain
// Lua tables otherwise (results).
func (r *Runtime) toLua(v reflect.Value, live bool) lua.LValue {
	if !v.IsValid() {
		return lua.LNil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return lua.LNil
		}
		e := v.Elem()
		switch {
		case e.Type() == timeType:
			return lua.LString(e.Interface().(time.Time).Format(time.RFC3339Nano))
		case e.Kind() == reflect.Struct:
			// The binding first: a list link is a struct without one, and telling it costs more.
			if b := r.binding(e.Type()); b != nil {
				return r.wrapValue(v, b)
			}
			if isListLink(v.Type()) {
				return r.newList(types.ListItems(v), v.Interface().(types.ListLink))
			}
			return r.goValue(v)
		}
		return r.toLua(e, live)
	case reflect.Interface:
		if v.IsNil() {
			return lua.LNil
		}
		return r.toLua(v.Elem(), live)
	case reflect.String:
		return lua.LString(v.String())
	case reflect.Bool:
		return lua.LBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intLua(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return lua.LNumber(v.Uint())
	case reflect.Float32, reflect.Float64:
		return lua.LNumber(v.Float())
	case reflect.Slice:
		if v.IsNil() && live {
			return lua.LNil // an unset member; results are always tables
		}
		if live && v.CanAddr() {
			return r.newList(v, nil)
		}
		t := r.L.CreateTable(v.Len(), 0)
		for i := 0; i < v.Len(); i++ {
			t.RawSetInt(i+1, r.toLua(v.Index(i), live))
		}
		return t
	case reflect.Map:
		if v.IsNil() {
			return lua.LNil
		}
		t := r.L.NewTable()
		it := v.MapRange()
		for it.Next() {
			t.RawSet(r.toLua(it.Key(), false), r.toLua(it.Value(), live))
		}
		return t
	case reflect.Struct:
		if v.Type() == timeType {
			return lua.LString(v.Interface().(time.Time).Format(time.RFC3339Nano))
		}
	}
	return r.goValue(v)
}
