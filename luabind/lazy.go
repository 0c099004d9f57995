package luabind

import (
	"context"

	lua "github.com/yuin/gopher-lua"
)

// lazy stands for a value made on first use (the ovirtsh command's conn and system).
type lazy struct {
	name     string // the global it stands for
	describe func() string
	resolve  func(ctx context.Context) (lua.LValue, error)
	real     lua.LValue // once resolved
}

const lazyTypeName = "ovirt.lazy"

// Lazy returns a stand-in for the global name whose value is made on first use: indexing it
// calls resolve (once it succeeds; a failure is raised in the script and the next use tries
// again), makes the global the real value when it still holds the stand-in, and forwards, so
// `conn:system_service()` just works; methods fetched through it get the real value as self.
// tostring gives describe(). Set the global to the returned value.
func (r *Runtime) Lazy(name string, describe func() string, resolve func(ctx context.Context) (lua.LValue, error)) lua.LValue {
	L := r.L
	mt, ok := L.GetTypeMetatable(lazyTypeName).(*lua.LTable)
	if !ok {
		mt = L.NewTypeMetatable(lazyTypeName)
		mt.RawSetString("__index", r.newFunction(L, r.lazyIndex))
		mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
			L.Push(lua.LString(L.CheckUserData(1).Value.(*lazy).describe()))
			return 1
		}))
	}
	ud := L.NewUserData()
	ud.Value = &lazy{name: name, describe: describe, resolve: resolve}
	ud.Metatable = mt
	return ud
}

// Resolve returns the real value behind a stand-in made by Lazy, making it if needed; any other
// value is returned as it is.
func (r *Runtime) Resolve(ctx context.Context, v lua.LValue) (lua.LValue, error) {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return v, nil
	}
	p, ok := ud.Value.(*lazy)
	if !ok {
		return v, nil
	}
	if p.real == nil {
		real, err := p.resolve(ctx)
		if err != nil {
			return nil, err
		}
		p.real = real
	}
	if r.L.GetGlobal(p.name) == ud {
		r.L.SetGlobal(p.name, p.real)
	}
	return p.real, nil
}

// lazyIndex is __index of a stand-in: resolve, then index the real value.
func (r *Runtime) lazyIndex(L *lua.LState) int {
	self := L.CheckUserData(1)
	real, err := r.Resolve(L.Context(), self)
	if err != nil {
		r.Raise(L, err)
	}
	v := L.GetField(real, L.CheckString(2))
	fn, ok := v.(*lua.LFunction)
	if !ok {
		L.Push(v)
		return 1
	}
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if L.GetTop() >= 1 && L.Get(1) == self {
			L.Replace(1, real)
		}
		nargs := L.GetTop()
		L.Insert(fn, 1)
		L.Call(nargs, lua.MultRet)
		return L.GetTop()
	}))
	return 1
}

// CallMethod calls v:name(args...) and returns its results.
func (r *Runtime) CallMethod(ctx context.Context, v lua.LValue, name string, args ...lua.LValue) ([]lua.LValue, error) {
	L := r.L
	fn, ok := L.GetField(v, name).(*lua.LFunction)
	if !ok {
		return nil, usageErrorf("%s has no method %s", r.got(v), name)
	}
	if prev := L.Context(); prev != nil {
		defer L.SetContext(prev)
	}
	if ctx != nil {
		L.SetContext(ctx)
	}
	top := L.GetTop()
	if err := L.CallByParam(lua.P{Fn: fn, NRet: lua.MultRet, Protect: true}, append([]lua.LValue{v}, args...)...); err != nil {
		L.SetTop(top)
		return nil, fromAPIError(err)
	}
	return popResults(L, top), nil
}
