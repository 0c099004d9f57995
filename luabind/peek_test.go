package luabind

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

func TestPeek(t *testing.T) {
	rt := newBare(t)
	require.NoError(t, rt.DoString(t.Context(), `
		calls = 0
		t = setmetatable({'first', a = 1}, {__index = setmetatable({b = 2}, {__index = function() calls = calls + 1 end})})
		g = setmetatable({}, {__index = function() calls = calls + 1 end})
		s = 'text'
		cyclic = {}; cyclic.self = cyclic`))
	tv, gv, sv := rt.GlobalValue("t"), rt.GlobalValue("g"), rt.GlobalValue("s")
	assert.Contains(t, rt.GlobalNames(), "cyclic")
	assert.ElementsMatch(t, []string{"a", "b"}, rt.Keys(tv))
	assert.Contains(t, rt.Keys(sv), "upper")
	assert.Empty(t, rt.Keys(lua.LNumber(1)))
	for _, tc := range []struct {
		name string
		get  func() (lua.LValue, bool)
		want lua.LValue
	}{
		{"raw string key", func() (lua.LValue, bool) { return rt.RawGet(tv, "a") }, lua.LNumber(1)},
		{"raw int key", func() (lua.LValue, bool) { return rt.RawGet(tv, 1) }, lua.LString("first")},
		{"raw skips __index", func() (lua.LValue, bool) { return rt.RawGet(tv, "b") }, nil},
		{"lookup through __index table", func() (lua.LValue, bool) { return rt.Lookup(tv, "b") }, lua.LNumber(2)},
		{"lookup calls no __index function", func() (lua.LValue, bool) { return rt.Lookup(gv, "x") }, nil},
		{"no table", func() (lua.LValue, bool) { return rt.Lookup(sv, "upper") }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.get()
			assert.Equal(t, tc.want != nil, ok)
			if tc.want != nil {
				assert.Equal(t, tc.want, got)
			}
		})
	}
	assert.Equal(t, lua.LNumber(0), rt.GlobalValue("calls"), "no metamethod ran")
	assert.Equal(t, "nil", rt.LuaType(nil))
	assert.Equal(t, "nil", rt.LuaType(rt.GlobalValue("missing")))
	assert.Equal(t, "string", rt.LuaType(sv))
}
