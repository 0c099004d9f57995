package session

import (
	lua "github.com/yuin/gopher-lua"
)

// proxy stands for conn or system until first use: indexing it opens the connection, replaces
// the global with the real value and forwards, so `conn:system_service()` just works. Methods
// fetched through the proxy get the real value as self.
type proxy struct {
	name     string // the global it stands for
	describe func() string
	resolve  func(L *lua.LState) lua.LValue
}

const proxyType = "ovirtsh.lazy"

func (s *Session) installProxies() {
	L := s.L
	mt := L.NewTypeMetatable(proxyType)
	mt.RawSetString("__index", L.NewFunction(s.proxyIndex))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		p := L.CheckUserData(1).Value.(*proxy)
		L.Push(lua.LString(p.describe()))
		return 1
	}))
	s.connProxy = s.newProxy("conn", func() string {
		return "connection to " + s.opts.Target + " (opened on first use)"
	}, s.resolveConn)
	s.sysProxy = s.newProxy("system", func() string {
		return "system service of " + s.opts.Target + " (connects on first use)"
	}, s.resolveSystem)
	L.SetGlobal("conn", s.connProxy)
	L.SetGlobal("system", s.sysProxy)
}

func (s *Session) newProxy(name string, describe func() string, resolve func(*lua.LState) lua.LValue) *lua.LUserData {
	ud := s.L.NewUserData()
	ud.Value = &proxy{name: name, describe: describe, resolve: resolve}
	ud.Metatable = s.L.GetTypeMetatable(proxyType)
	return ud
}

// proxyIndex is __index of a proxy: resolve, then index the real value.
func (s *Session) proxyIndex(L *lua.LState) int {
	self := L.CheckUserData(1)
	p := self.Value.(*proxy)
	real := p.resolve(L)
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

// resolveConn opens the connection once and makes the conn global the real value.
func (s *Session) resolveConn(L *lua.LState) lua.LValue {
	if s.connLV != nil {
		return s.connLV
	}
	if s.opts.Connect == nil {
		L.RaiseError("no engine is configured")
	}
	c, err := s.opts.Connect(L.Context())
	if err != nil {
		s.rt.Raise(L, err)
	}
	s.mu.Lock()
	s.conn = c
	s.mu.Unlock()
	s.connLV = s.rt.ToLua(c)
	if L.GetGlobal("conn") == s.connProxy {
		L.SetGlobal("conn", s.connLV)
	}
	return s.connLV
}

// resolveSystem returns conn:system_service() and makes the system global that value.
func (s *Session) resolveSystem(L *lua.LState) lua.LValue {
	if s.systemLV != nil {
		return s.systemLV
	}
	c := s.resolveConn(L)
	fn := L.GetField(c, "system_service")
	if fn == lua.LNil {
		L.RaiseError("system: this build of ovirtsh has no service bindings yet")
	}
	L.Push(fn)
	L.Push(c)
	L.Call(1, 1)
	s.systemLV = L.Get(-1)
	L.Pop(1)
	if L.GetGlobal("system") == s.sysProxy {
		L.SetGlobal("system", s.systemLV)
	}
	return s.systemLV
}
