package luabind

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// service is a generated engine service seen from Lua. Its locators and methods are found by
// their snake_case model names through types.Service descriptions and called by reflection on
// the Go names the descriptions give, so every service of the API goes through one code path.
type service struct {
	info *types.ServiceInfo
	v    reflect.Value // pointer to the generated service
}

// methodRef names a service method, for help.
type methodRef struct {
	svc *types.ServiceInfo
	m   *types.MethodInfo
	loc *types.LocatorInfo
}

const serviceTypeName = "ovirt.service"

// wrapService returns the Lua value of a generated service pointer (nil for a nil pointer).
func (r *Runtime) wrapService(v reflect.Value) lua.LValue {
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return lua.LNil
	}
	info := r.services[v.Type().Elem().Name()]
	if info == nil {
		return r.goValue(v)
	}
	ud := r.L.NewUserData()
	ud.Value = &service{info: info, v: v}
	ud.Metatable = r.serviceMeta
	return ud
}

func asService(lv lua.LValue) (*service, bool) {
	ud, ok := lv.(*lua.LUserData)
	if !ok {
		return nil, false
	}
	s, ok := ud.Value.(*service)
	return s, ok
}

// path returns the service's address relative to the API root, when the Go type tells it.
func (s *service) path() string {
	if m := s.v.MethodByName("Path"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
		if p, ok := m.Call(nil)[0].Interface().(string); ok {
			return p
		}
	}
	return ""
}

func (s *service) String() string { return fmt.Sprintf("%s(%s)", s.info.GoName, s.path()) }

func (r *Runtime) newServiceMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTypeMetatable(serviceTypeName)
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		s, ok := asService(L.Get(1))
		if !ok {
			r.raiseUsage(L, "expected a service")
		}
		L.Push(r.serviceMember(L, s.info, L.CheckString(2)))
		return 1
	}))
	mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
		s, _ := asService(L.Get(1))
		L.Push(lua.LString(s.String()))
		return 1
	}))
	mt.RawSetString("__eq", L.NewFunction(func(L *lua.LState) int {
		a, _ := asService(L.Get(1))
		b, _ := asService(L.Get(2))
		L.Push(lua.LBool(a != nil && b != nil && a.info == b.info && a.path() == b.path()))
		return 1
	}))
	return mt
}

// memberNames lists what a service offers in Lua: its methods and locators (with "_service").
func memberNames(info *types.ServiceInfo) []string {
	var names []string
	for _, m := range info.Methods {
		names = append(names, m.Name)
	}
	for _, l := range info.Locators {
		names = append(names, l.Name+"_service")
	}
	sort.Strings(names)
	return names
}

// serviceMember returns the function of a method or locator of the service, created once per
// runtime and then shared by every service value of that type.
func (r *Runtime) serviceMember(L *lua.LState, info *types.ServiceInfo, name string) *lua.LFunction {
	key := info.Name + "." + name
	if fn := r.members[key]; fn != nil {
		return fn
	}
	var fn *lua.LFunction
	if loc := info.Locator(strings.TrimSuffix(name, "_service")); loc != nil && strings.HasSuffix(name, "_service") {
		fn = r.newFunction(L, func(L *lua.LState) int { return r.callLocator(L, info, loc) })
		r.methodsOf[fn] = methodRef{svc: info, loc: loc}
	} else if m := info.Method(name); m != nil {
		fn = r.newFunction(L, func(L *lua.LState) int { return r.callMethod(L, info, m) })
		r.methodsOf[fn] = methodRef{svc: info, m: m}
	} else {
		r.raiseUsage(L, "%s has no method '%s'%s", info.GoName, name, didYouMean(name, memberNames(info)))
	}
	r.members[key] = fn
	return fn
}

// self returns the service a method was called on, with a hint when it was called with a dot.
func (r *Runtime) self(L *lua.LState, info *types.ServiceInfo, name string) *service {
	s, ok := asService(L.Get(1))
	if !ok || s.info != info {
		r.raiseUsage(L, "%s must be called on a %s with a colon: svc:%s(...)", name, info.GoName, name)
	}
	return s
}

func (r *Runtime) callLocator(L *lua.LState, info *types.ServiceInfo, loc *types.LocatorInfo) int {
	name := loc.Name + "_service"
	s := r.self(L, info, name)
	fn := s.v.MethodByName(loc.GoName)
	if !fn.IsValid() || fn.Type().NumIn() != len(loc.Params) {
		r.raiseUsage(L, "%s.%s is not available in this build", info.GoName, name)
	}
	args := make([]reflect.Value, len(loc.Params))
	for i, p := range loc.Params {
		switch v := L.Get(i + 2).(type) {
		case lua.LString:
			if v == "" {
				// An empty id would address the collection itself (vms/ instead of vms/{id}).
				r.raiseUsage(L, "%s:%s: the %s is empty", info.GoName, name, p.Name)
			}
			if err := engine.CheckID(string(v)); err != nil {
				r.raiseUsage(L, "%s:%s: %v", info.GoName, name, err)
			}
			args[i] = reflect.ValueOf(string(v))
		case lua.LNumber:
			args[i] = reflect.ValueOf(v.String())
		default:
			r.raiseUsage(L, "%s:%s: expected the %s (a string), got %s", info.GoName, name, p.Name, r.got(v))
		}
		args[i] = args[i].Convert(fn.Type().In(i))
	}
	if L.GetTop() > len(loc.Params)+1 {
		r.raiseUsage(L, "%s:%s takes %d argument(s), got %d", info.GoName, name, len(loc.Params), L.GetTop()-1)
	}
	L.Push(r.wrapService(fn.Call(args)[0]))
	return 1
}
