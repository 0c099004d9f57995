package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// These methods read Lua values without calling anything (no metamethod runs), for an
// embedder's completion.

// LuaType returns type(v): "nil", "string", "table", "userdata"...
func (r *Runtime) LuaType(v lua.LValue) string {
	if v == nil {
		return "nil"
	}
	return v.Type().String()
}

// GlobalNames lists the names of the globals, in no order.
func (r *Runtime) GlobalNames() []string {
	g, ok := r.L.Get(lua.GlobalsIndex).(*lua.LTable)
	if !ok {
		return nil
	}
	return stringKeys(g)
}

// Keys lists the string keys of a table and of its metatable's __index table, or for a string
// those of the string library (what s:method finds), in no order; nil for other values.
func (r *Runtime) Keys(v lua.LValue) []string {
	switch x := v.(type) {
	case *lua.LTable:
		out := stringKeys(x)
		if idx, ok := metaIndexTable(x); ok {
			out = append(out, stringKeys(idx)...)
		}
		return out
	case lua.LString:
		if t, ok := r.L.GetGlobal("string").(*lua.LTable); ok {
			return stringKeys(t)
		}
	}
	return nil
}

// RawGet returns t[key] of a table without metamethods; key is a string or an int. ok is false
// when v is no table or the field is nil.
func (r *Runtime) RawGet(v lua.LValue, key any) (lua.LValue, bool) {
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil, false
	}
	var out lua.LValue = lua.LNil
	switch k := key.(type) {
	case string:
		out = t.RawGetString(k)
	case int:
		out = t.RawGetInt(k)
	}
	return out, out != lua.LNil
}

// Lookup is RawGet of a table with a string key, then the same key in the metatable's __index
// table.
func (r *Runtime) Lookup(v lua.LValue, name string) (lua.LValue, bool) {
	if _, ok := v.(*lua.LTable); !ok {
		return nil, false
	}
	if out, ok := r.RawGet(v, name); ok {
		return out, true
	}
	if idx, ok := metaIndexTable(v); ok {
		return r.RawGet(idx, name)
	}
	return nil, false
}

// metaIndexTable returns the __index table of the metatable of a table or userdata.
func metaIndexTable(lv lua.LValue) (*lua.LTable, bool) {
	var mt lua.LValue
	switch x := lv.(type) {
	case *lua.LTable:
		mt = x.Metatable
	case *lua.LUserData:
		mt = x.Metatable
	}
	return indexTable(mt)
}

// indexTable returns the __index table of the metatable mt.
func indexTable(mt lua.LValue) (*lua.LTable, bool) {
	t, ok := mt.(*lua.LTable)
	if !ok {
		return nil, false
	}
	idx, ok := t.RawGetString("__index").(*lua.LTable)
	return idx, ok
}

// stringKeys lists the string keys of t, in no order.
func stringKeys(t *lua.LTable) []string {
	var out []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			out = append(out, string(s))
		}
	})
	return out
}
