package luabind

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// maxExactSize is the largest byte count a Lua number holds exactly (2^53).
const maxExactSize = 1 << 53

// luaSize is ovirt.size(s): bytes from "2GiB", "512 MiB", "1.5T" or a number (already bytes).
func (r *Runtime) luaSize(L *lua.LState) int {
	switch v := L.Get(1).(type) {
	case lua.LNumber:
		if v < 0 || float64(v) != float64(int64(v)) || v > maxExactSize {
			r.raiseUsage(L, "size: expected a whole number of bytes (0 to 2^53), got %v", v)
		}
		L.Push(v)
	case lua.LString:
		n, err := types.ParseSize(string(v))
		if err != nil {
			r.raiseUsage(L, "size: %v", err)
		}
		if n > maxExactSize {
			r.raiseUsage(L, "size: %q is more bytes than a Lua number holds exactly (2^53)", string(v))
		}
		L.Push(lua.LNumber(n))
	default:
		r.raiseUsage(L, "size: expected a size such as '2GiB' or a number of bytes, got %s", r.got(v))
	}
	return 1
}

// luaFormatSize is ovirt.format_size(n): "4 GiB", "1.5 GiB", "1000 B".
func (r *Runtime) luaFormatSize(L *lua.LState) int {
	n := L.CheckNumber(1)
	L.Push(lua.LString(types.FormatSize(int64(n))))
	return 1
}

// luaClosest is the private closest(name, {candidates}) of the Lua-written helpers: the closest
// candidate within a few edits, or nil.
func (r *Runtime) luaClosest(L *lua.LState) int {
	name := L.CheckString(1)
	var cands []string
	L.CheckTable(2).ForEach(func(_, v lua.LValue) { cands = append(cands, v.String()) })
	if c := closest(name, cands); c != "" {
		L.Push(lua.LString(c))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}
