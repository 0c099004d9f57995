package luabind

import (
	"fmt"
	"math"
	"reflect"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// listView is a list member of a typed value seen from Lua: indexing, #, ipairs, pairs,
// table.insert/remove/sort/concat and unpack work on it, and writes reach the Go slice.
type listView struct {
	items reflect.Value  // the addressable slice
	link  types.ListLink // the list link holding items; nil for list attributes
}

// hrefString returns the href of the list link, or "" (also for list attributes).
func (l *listView) hrefString() string {
	if l.link == nil {
		return ""
	}
	return l.link.GetHref()
}

const listTypeName = "ovirt.list"

// newList returns a list view over the addressable slice items.
func (r *Runtime) newList(items reflect.Value, link types.ListLink) *lua.LUserData {
	ud := r.L.NewUserData()
	ud.Value = &listView{items: items, link: link}
	ud.Metatable = r.listMeta
	return ud
}

// asList returns the list view held by lv, if any.
func asList(lv lua.LValue) (*listView, bool) {
	ud, ok := lv.(*lua.LUserData)
	if !ok {
		return nil, false
	}
	l, ok := ud.Value.(*listView)
	return l, ok
}

func (r *Runtime) checkList(L *lua.LState, n int) *listView {
	l, ok := asList(L.Get(n))
	if !ok {
		r.raiseUsage(L, "bad argument #%d: expected a list, got %s", n, r.got(L.Get(n)))
	}
	return l
}

// elemName names the items of a list for messages.
func (r *Runtime) elemName(l *listView) string { return types.Expected(l.items.Type().Elem()) }

// index converts a Lua index to a 0-based one; ok is false for non-integers.
func listIndex(lv lua.LValue) (int, bool) {
	n, ok := lv.(lua.LNumber)
	if !ok || float64(n) != math.Trunc(float64(n)) {
		return 0, false
	}
	return int(n) - 1, true
}

func (r *Runtime) newListMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTypeMetatable(listTypeName)
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		l := r.checkList(L, 1)
		k := L.Get(2)
		if i, ok := listIndex(k); ok {
			if i < 0 || i >= l.items.Len() {
				L.Push(lua.LNil)
			} else {
				L.Push(r.toLua(l.items.Index(i), true))
			}
			return 1
		}
		if k == lua.LString("href") {
			if h := l.hrefString(); h != "" {
				L.Push(lua.LString(h))
			} else {
				L.Push(lua.LNil)
			}
			return 1
		}
		r.raiseUsage(L, "a list of %s has items 1..%d and href, not '%s'", r.elemName(l), l.items.Len(), k)
		return 0
	}))
	mt.RawSetString("__newindex", r.newFunction(L, func(L *lua.LState) int {
		l := r.checkList(L, 1)
		k, v := L.Get(2), L.Get(3)
		if k == lua.LString("href") && l.link != nil {
			s, ok := v.(lua.LString)
			if !ok && v != lua.LNil {
				r.raiseUsage(L, "href: expected string, got %s", r.got(v))
			}
			l.link.SetHref(string(s))
			return 0
		}
		i, ok := listIndex(k)
		if !ok || i < 0 || i > l.items.Len() {
			r.raiseUsage(L, "list index %s out of range 1..%d", k, l.items.Len()+1)
		}
		if v == lua.LNil {
			r.listRemove(l, i)
			return 0
		}
		r.listInsert(L, l, i, v, i == l.items.Len())
		return 0
	}))
	mt.RawSetString("__len", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LNumber(r.checkList(L, 1).items.Len()))
		return 1
	}))
	mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
		l := r.checkList(L, 1)
		L.Push(lua.LString(fmt.Sprintf("list of %s (%d)", r.elemName(l), l.items.Len())))
		return 1
	}))
	return mt
}

// listInsert stores v at index i (0-based), replacing the item there unless insert is set.
func (r *Runtime) listInsert(L *lua.LState, l *listView, i int, v lua.LValue, insert bool) {
	ev, err := r.fromLua(v, l.items.Type().Elem(), fmt.Sprintf("[%d]", i+1))
	if err != nil {
		r.raise(L, err)
	}
	if !insert {
		l.items.Index(i).Set(ev)
		return
	}
	s := reflect.Append(l.items, reflect.Zero(ev.Type()))
	reflect.Copy(s.Slice(i+1, s.Len()), s.Slice(i, s.Len()-1))
	s.Index(i).Set(ev)
	l.items.Set(s)
}

// listRemove deletes the item at index i (0-based) and returns it.
func (r *Runtime) listRemove(l *listView, i int) lua.LValue {
	old := r.toLua(l.items.Index(i), true) // a struct item stays valid: it holds its own pointer
	n := l.items.Len()
	reflect.Copy(l.items.Slice(i, n), l.items.Slice(i+1, n))
	l.items.Index(n - 1).Set(reflect.Zero(l.items.Type().Elem()))
	l.items.Set(l.items.Slice(0, n-1))
	return old
}

// listIter is the iterator of ipairs and pairs over a list view.
func (r *Runtime) listIter(L *lua.LState) int {
	l := r.checkList(L, 1)
	i := L.CheckInt(2)
	if i >= l.items.Len() {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LNumber(i + 1))
	L.Push(r.toLua(l.items.Index(i), true))
	return 2
}
