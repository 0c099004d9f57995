package luabind

import (
	"context"
	"reflect"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

var ctxType = reflect.TypeFor[context.Context]()

// Names every method accepts besides the model's parameters.
const (
	optWait    = "wait"    // false: return a future instead of the result
	optQuery   = "query"   // extra query parameters
	optHeaders = "headers" // extra headers for this call
)

// call is a request prepared on the Lua goroutine: the Go method and its converted arguments.
type call struct {
	name string // "VmsService:list", for messages
	m    *types.MethodInfo
	fn   reflect.Value
	args []reflect.Value // after the context
}

// callMethod is the Lua function of every service method: svc:list{search=...}, svc:add(vm),
// svc:add{vm=..., clone=true}, svc:start{wait=false}.
func (r *Runtime) callMethod(L *lua.LState, info *types.ServiceInfo, m *types.MethodInfo) int {
	s := r.self(L, info, m.Name)
	c, wait := r.prepare(L, s, m)
	f := r.start(L, c, !wait)
	if !wait {
		L.Push(r.wrapFuture(f))
		return 1
	}
	return r.await(L, f)
}

// bodyParam returns the parameter sent as the request document of add and update, or nil.
func bodyParam(m *types.MethodInfo) *types.ParamInfo {
	for _, p := range m.Params {
		if p.In && p.InLocation == "body" {
			return p
		}
	}
	return nil
}

// paramNames lists what a method's table may hold, for suggestions.
func paramNames(m *types.MethodInfo) []string {
	names := []string{optWait, optQuery, optHeaders}
	for _, p := range m.Params {
		if p.In {
			names = append(names, p.Name)
		}
	}
	sort.Strings(names)
	return names
}

// isParamsTable tells a table of named parameters from a plain table given as the body: it is
// the former when it names the body parameter or any other parameter.
func isParamsTable(t *lua.LTable, m *types.MethodInfo) bool {
	named := false
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			if p := m.Param(string(s)); (p != nil && p.In) || s == optWait || s == optQuery || s == optHeaders {
				named = true
			}
		}
	})
	return named
}

// prepare checks and converts the arguments of a method call.
func (r *Runtime) prepare(L *lua.LState, s *service, m *types.MethodInfo) (*call, bool) {
	name := s.info.GoName + ":" + m.Name
	fn := s.v.MethodByName(m.GoName)
	if !fn.IsValid() || fn.Type().NumIn() < 2 || fn.Type().In(0) != ctxType {
		r.raiseUsage(L, "%s is not available in this build", name)
	}
	t := fn.Type()
	body := bodyParam(m)
	hasBody := body != nil && t.NumIn() == 3
	paramsT := t.In(t.NumIn() - 1)
	if paramsT.Kind() != reflect.Pointer || paramsT.Elem().Kind() != reflect.Struct {
		r.raiseUsage(L, "%s is not available in this build", name)
	}

	var bodyLV lua.LValue = lua.LNil
	var opts *lua.LTable
	a2, a3 := L.Get(2), L.Get(3)
	nargs := L.GetTop() - 1
	switch v := a2.(type) {
	case *lua.LTable:
		if hasBody && !isParamsTable(v, m) {
			bodyLV = v
		} else {
			opts = v
		}
	case *lua.LUserData:
		if !hasBody {
			r.raiseUsage(L, "%s takes named parameters in a table, got %s", name, r.got(a2))
		}
		bodyLV = v
	case *lua.LNilType:
	default:
		r.raiseUsage(L, "%s takes named parameters in a table, got %s", name, r.got(a2))
	}
	if bodyLV != lua.LNil && nargs >= 2 {
		t3, ok := a3.(*lua.LTable)
		if !ok && a3 != lua.LNil {
			r.raiseUsage(L, "%s: expected a table of named parameters after the %s, got %s", name, body.Name, r.got(a3))
		}
		opts = t3
	}
	maxArgs := 1
	if bodyLV != lua.LNil {
		maxArgs = 2
	}
	if nargs > maxArgs {
		r.raiseUsage(L, "%s takes at most %d argument(s), got %d", name, maxArgs, nargs)
	}

	pv := reflect.New(paramsT.Elem())
	wait := true
	if opts != nil {
		var keys []string
		opts.ForEach(func(k, _ lua.LValue) {
			if ks, ok := k.(lua.LString); ok {
				keys = append(keys, string(ks))
			} else {
				r.raiseUsage(L, "%s: parameter names must be strings, got %s", name, k.Type())
			}
		})
		sort.Strings(keys)
		for _, k := range keys {
			lv := opts.RawGetString(k)
			switch {
			case k == optWait:
				b, ok := lv.(lua.LBool)
				if !ok {
					r.raiseUsage(L, "%s: wait: expected boolean, got %s", name, r.got(lv))
				}
				wait = bool(b)
			case k == optQuery || k == optHeaders:
				field := "Query"
				if k == optHeaders {
					field = "Headers"
				}
				r.setField(L, pv.Elem().FieldByName(field), lv, k, name)
			case hasBody && k == body.Name:
				if bodyLV != lua.LNil {
					r.raiseUsage(L, "%s: the %s is given twice", name, k)
				}
				bodyLV = lv
			default:
				p := m.Param(k)
				if p == nil || !p.In {
					r.raiseUsage(L, "%s has no parameter '%s'%s", name, k, didYouMean(k, paramNames(m)))
				}
				r.setField(L, pv.Elem().FieldByName(p.GoName), lv, k, name)
			}
		}
	}

	c := &call{name: name, m: m, fn: fn}
	if hasBody {
		if bodyLV == lua.LNil {
			r.raiseUsage(L, "%s needs the %s: pass it alone (%s(%s)) or as %s=...", name, body.Name, m.Name, body.Name, body.Name)
		}
		v, err := r.fromLua(bodyLV, t.In(1), body.Name)
		if err != nil {
			r.raise(L, err)
		}
		c.args = append(c.args, v)
	}
	c.args = append(c.args, pv)
	return c, wait
}

// setField converts lv into the params struct field f.
func (r *Runtime) setField(L *lua.LState, f reflect.Value, lv lua.LValue, param, method string) {
	if !f.IsValid() || !f.CanSet() {
		r.raiseUsage(L, "%s: parameter '%s' is not available in this build", method, param)
	}
	v, err := r.fromLua(lv, f.Type(), param)
	if err != nil {
		r.raise(L, err)
	}
	f.Set(v)
}

// results converts what a method returned (without the error) to Lua values.
func (r *Runtime) results(out []reflect.Value, m *types.MethodInfo) []lua.LValue {
	vals := make([]lua.LValue, 0, len(out))
	for _, v := range out {
		if v.Kind() == reflect.Struct && r.binding(v.Type()) == nil && v.Type() != timeType {
			vals = append(vals, r.resultTable(v, m))
			continue
		}
		vals = append(vals, r.toLua(v, false))
	}
	return vals
}

// resultTable converts the result struct of an action with several outputs to a table keyed by
// the snake_case names of the outputs.
func (r *Runtime) resultTable(v reflect.Value, m *types.MethodInfo) *lua.LTable {
	t := r.L.NewTable()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		key := f.Name
		for _, p := range m.Params {
			if p.Out && p.GoName == f.Name {
				key = p.Name
			}
		}
		t.RawSetString(key, r.toLua(v.Field(i), false))
	}
	return t
}
