package session

import (
	"context"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
)

// plainRuntime is a bare gopher-lua state with a small ovirt module (version, the connection's
// url and close), used until the full binding is wired in (see runtime.go).
type plainRuntime struct {
	L      *lua.LState
	stdout io.Writer
}

const plainConnType = "ovirtsh.connection"

// goError carries a Go error raised into Lua, so that exit codes see its cause.
type goError struct{ err error }

func newPlainRuntime(ctx context.Context, stdout io.Writer) *plainRuntime {
	L := lua.NewState()
	L.SetContext(ctx)
	r := &plainRuntime{L: L, stdout: stdout}
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		parts := make([]string, L.GetTop())
		for i := range parts {
			parts[i] = L.ToStringMeta(L.Get(i + 1)).String()
		}
		fmt.Fprintln(r.stdout, strings.Join(parts, "\t"))
		return 0
	}))
	L.PreloadModule("ovirt", func(L *lua.LState) int {
		mod := L.NewTable()
		mod.RawSetString("version", lua.LString(engine.Version))
		mod.RawSetString("types", L.NewTable())
		L.Push(mod)
		return 1
	})
	mt := L.NewTypeMetatable(plainConnType)
	idx := L.NewTable()
	idx.RawSetString("url", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(r.checkConn(L).URL()))
		return 1
	}))
	idx.RawSetString("close", L.NewFunction(func(L *lua.LState) int {
		if err := r.checkConn(L).Close(L.Context()); err != nil {
			r.Raise(L, err)
		}
		return 0
	}))
	mt.RawSetString("__index", idx)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(r.checkConn(L).String()))
		return 1
	}))
	errMt := L.NewTypeMetatable("ovirtsh.error")
	errMt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(L.CheckUserData(1).Value.(goError).err.Error()))
		return 1
	}))
	return r
}

func (r *plainRuntime) checkConn(L *lua.LState) *engine.Connection {
	if c, ok := L.CheckUserData(1).Value.(*engine.Connection); ok {
		return c
	}
	L.ArgError(1, "connection expected")
	return nil
}

func (r *plainRuntime) State() *lua.LState { return r.L }

func (r *plainRuntime) ToLua(v any) lua.LValue {
	ud := r.L.NewUserData()
	ud.Value = v
	if _, ok := v.(*engine.Connection); ok {
		ud.Metatable = r.L.GetTypeMetatable(plainConnType)
	}
	return ud
}

func (r *plainRuntime) Value(lv lua.LValue) any {
	if ud, ok := lv.(*lua.LUserData); ok {
		if e, ok := ud.Value.(goError); ok {
			return e.err
		}
		return ud.Value
	}
	return lv
}

func (r *plainRuntime) Raise(L *lua.LState, err error) {
	ud := L.NewUserData()
	ud.Value = goError{fmt.Errorf("%s%w", L.Where(1), err)}
	ud.Metatable = L.GetTypeMetatable("ovirtsh.error")
	L.Error(ud, 1)
}

func (r *plainRuntime) Close() error {
	r.L.Close()
	return nil
}
