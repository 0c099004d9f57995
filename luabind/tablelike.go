package luabind

import (
	"reflect"

	lua "github.com/yuin/gopher-lua"
)

// patchTableFuncs makes ipairs, pairs, unpack and table.insert/remove/sort/concat accept list
// views (and pairs typed values), so that list members behave like Lua lists. gopher-lua (Lua
// 5.1) has no __ipairs or __pairs, so the functions themselves are wrapped; plain tables still go
// to the originals.
func (r *Runtime) patchTableFuncs(L *lua.LState) {
	iter := r.newFunction(L, r.listIter)
	wrap := func(tbl *lua.LTable, name string, f func(L *lua.LState, orig lua.LValue) int) {
		orig := tbl.RawGetString(name)
		if orig == lua.LNil {
			return
		}
		tbl.RawSetString(name, r.newFunction(L, func(L *lua.LState) int { return f(L, orig) }))
	}
	G := L.G.Global
	listPairs := func(L *lua.LState, orig lua.LValue) int {
		if _, ok := asList(L.Get(1)); ok {
			L.Push(iter)
			L.Push(L.Get(1))
			L.Push(lua.LNumber(0))
			return 3
		}
		return callWith(L, orig, nil)
	}
	wrap(G, "ipairs", listPairs)
	wrap(G, "pairs", func(L *lua.LState, orig lua.LValue) int {
		if p, b, ok := r.asValue(L.Get(1)); ok {
			L.Push(r.memberIter(L, p, b))
			L.Push(L.Get(1))
			L.Push(lua.LNil)
			return 3
		}
		return listPairs(L, orig)
	})
	// The others run the original on a table copy of the list; sort and insert/remove then
	// write back.
	viaTable := func(writeBack bool) func(L *lua.LState, orig lua.LValue) int {
		return func(L *lua.LState, orig lua.LValue) int {
			l, ok := asList(L.Get(1))
			if !ok {
				return callWith(L, orig, nil)
			}
			tmp := r.listTable(l)
			n := callWith(L, orig, tmp)
			if writeBack {
				r.setListFromTable(L, l, tmp)
			}
			return n
		}
	}
	if tl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		wrap(tl, "insert", viaTable(true))
		wrap(tl, "remove", viaTable(true))
		wrap(tl, "sort", viaTable(true))
		wrap(tl, "concat", viaTable(false))
	}
	wrap(G, "unpack", viaTable(false))
}

// callWith calls orig with the current arguments, the first replaced by first when it is not
// nil, and leaves all its results on the stack.
func callWith(L *lua.LState, orig lua.LValue, first lua.LValue) int {
	top := L.GetTop()
	L.Push(orig)
	for i := 1; i <= top; i++ {
		if i == 1 && first != nil {
			L.Push(first)
		} else {
			L.Push(L.Get(i))
		}
	}
	L.Call(top, lua.MultRet)
	return L.GetTop() - top
}

// listTable copies the items of a list view into a new Lua table.
func (r *Runtime) listTable(l *listView) *lua.LTable {
	t := r.L.CreateTable(l.items.Len(), 0)
	for i := 0; i < l.items.Len(); i++ {
		t.RawSetInt(i+1, r.toLua(l.items.Index(i), true))
	}
	return t
}

// setListFromTable replaces the items of a list view with those of t.
func (r *Runtime) setListFromTable(L *lua.LState, l *listView, t *lua.LTable) {
	v, err := r.fromLua(t, l.items.Type(), "list")
	if err != nil {
		r.raise(L, err)
	}
	l.items.Set(v)
}

// memberIter returns the iterator of pairs over a typed value: href, then the set members in
// name order.
func (r *Runtime) memberIter(L *lua.LState, p reflect.Value, b *typeBinding) *lua.LFunction {
	i := -1
	return L.NewFunction(func(L *lua.LState) int {
		for ; i < len(b.info.Members); i++ {
			var key, v lua.LValue
			if i < 0 {
				if key, v = lua.LString("href"), hrefLua(p); v == lua.LNil {
					continue
				}
			} else {
				a := b.ordered[i]
				if v = r.read(p, a); v == lua.LNil {
					continue
				}
				key = a.key
			}
			i++
			L.Push(key)
			L.Push(v)
			return 2
		}
		L.Push(lua.LNil)
		return 1
	})
}
