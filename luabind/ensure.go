package luabind

import (
	"errors"
	"fmt"
	"sort"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// CollectEnsures makes ovirt.ensure.<kind>{...} hand each declaration to fn instead of running
// it, and return {kind=..., name=...}; nil restores running. An error of fn is raised in the
// script at the call. `ovirtsh apply` collects a site this way before planning it.
func (r *Runtime) CollectEnsures(fn func(ensure.Resource) error) { r.ensureCollect = fn }

// ensureTable is ovirt.ensure: one function per registered kind; an unknown kind is a usage
// error naming the closest ones.
func (r *Runtime) ensureTable(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	for _, k := range ensure.Kinds() {
		t.RawSetString(k, r.newFunction(L, r.luaEnsure(k)))
	}
	mt := L.NewTable()
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		name := L.CheckString(2)
		r.raiseUsage(L, "ovirt.ensure has no kind '%s'%s (kinds: %s)", name, didYouMean(name, ensure.Kinds()),
			fmt.Sprint(ensure.Kinds()))
		return 0
	}))
	L.SetMetatable(t, mt)
	return t
}

// luaEnsure is ovirt.ensure.<kind>{name=..., members..., state=, check=, timeout=, connection=}.
// It returns a table {changed, op, kind, name, diff = {[path] = {from=, to=, next_run=}},
// actions = {...}, object}.
func (r *Runtime) luaEnsure(kind string) lua.LGFunction {
	return func(L *lua.LState) int {
		fname := "ensure." + kind
		tbl, ok := L.Get(1).(*lua.LTable)
		if !ok || L.GetTop() != 1 {
			r.raiseUsage(L, "ovirt.%s expects one table: ovirt.%s{name=...}, got %s", fname, fname, r.got(L.Get(1)))
		}
		spec := ensure.Spec{}
		var o ensure.Options
		var bad error
		tbl.ForEach(func(k, v lua.LValue) {
			key, isStr := k.(lua.LString)
			if !isStr {
				bad = fmt.Errorf("members are named: got the key %s", k.String())
				return
			}
			switch string(key) {
			case "check":
				b, ok := v.(lua.LBool)
				if !ok {
					bad = fmt.Errorf("check must be a boolean, got %s", r.got(v))
				}
				o.Check = bool(b)
			case "timeout":
				n, ok := v.(lua.LNumber)
				if !ok || n <= 0 {
					bad = fmt.Errorf("timeout must be a positive number of seconds, got %s", r.got(v))
				}
				o.Timeout = time.Duration(float64(n) * float64(time.Second))
			case "connection":
			default:
				gv, err := r.specValue(v, string(key))
				if err != nil && bad == nil {
					bad = err
				}
				spec[string(key)] = gv
			}
		})
		if bad != nil {
			r.raiseUsage(L, "ovirt.%s: %v", fname, bad)
		}
		res := ensure.Resource{Kind: kind, Spec: spec}
		if r.ensureCollect != nil {
			res.Where = where(L) // "site.lua:12"
			if err := r.ensureCollect(res); err != nil {
				r.raise(L, ensureError(err))
			}
			decl := L.NewTable()
			decl.RawSetString("kind", lua.LString(kind))
			decl.RawSetString("name", lua.LString(spec.Name())) // "" for nameless kinds: apply knows them by ResourceName
			L.Push(decl)
			return 1
		}
		conn := r.transferConn(L, &transferCall{r: r, L: L, name: fname, t: tbl})
		result, err := ensure.Ensure(L.Context(), conn, res, o)
		if err != nil {
			e := ensureError(err)
			if result != nil && len(result.Actions) > 0 && !o.Check {
				e.Message += fmt.Sprintf(" (already done: %v)", result.Actions)
			}
			r.raise(L, e)
		}
		L.Push(r.ensureResult(L, result))
		return 1
	}
}

// specValue converts a member of a declaration: strings, booleans, numbers, lists (tables with
// items 1..n), tables of members, and typed values with an id (as references {id=...}).
func (r *Runtime) specValue(lv lua.LValue, path string) (any, error) {
	switch v := lv.(type) {
	case lua.LString, lua.LBool, lua.LNumber:
		return r.Value(v), nil
	case *lua.LTable:
		n := v.Len()
		var err error
		if n > 0 {
			out := make([]any, n)
			count := 0
			v.ForEach(func(lua.LValue, lua.LValue) { count++ })
			if count != n {
				return nil, fmt.Errorf("%s: a table is either a list or a table of members, not both", path)
			}
			for i := range out {
				if out[i], err = r.specValue(v.RawGetInt(i+1), fmt.Sprintf("%s[%d]", path, i+1)); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
		out := map[string]any{}
		empty := true
		v.ForEach(func(k, x lua.LValue) {
			empty = false
			if err != nil {
				return
			}
			ks, ok := k.(lua.LString)
			if !ok {
				err = fmt.Errorf("%s: members are named: got the key %s", path, k.String())
				return
			}
			out[string(ks)], err = r.specValue(x, path+"."+string(ks))
		})
		if empty {
			return []any{}, nil // an empty list or no members: the kind tells them apart
		}
		return out, err
	case *lua.LUserData:
		if id := types.IDOf(r.Value(v)); id != "" {
			return map[string]any{"id": id}, nil
		}
	}
	return nil, fmt.Errorf("%s: expected a string, number, boolean, table or an object with an id, got %s", path, r.got(lv))
}

// ensureError classifies a failed ensure: a wrong declaration is a usage error, a missing name
// not_found, a wait that ran out of time timeout, and a failed request keeps its own kind.
func ensureError(err error) *Error {
	var se *ensure.SpecError
	var ne *names.Error
	switch {
	case errors.As(err, &se):
		return &Error{Kind: KindUsage, Message: err.Error(), Err: err}
	case errors.As(err, &ne):
		e := namesError("", err)
		e.Message = err.Error()
		return e
	}
	return toError(err)
}

// ensureResult converts an ensure.Result for scripts.
func (r *Runtime) ensureResult(L *lua.LState, res *ensure.Result) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("changed", lua.LBool(res.Changed))
	t.RawSetString("op", lua.LString(res.Op))
	t.RawSetString("kind", lua.LString(res.Kind))
	t.RawSetString("name", lua.LString(res.Name))
	diff := L.NewTable()
	paths := make([]string, 0, len(res.Diff))
	for p := range res.Diff {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		c := res.Diff[p]
		ct := L.NewTable()
		ct.RawSetString("from", plainLua(L, c.From))
		ct.RawSetString("to", plainLua(L, c.To))
		if c.NextRun {
			ct.RawSetString("next_run", lua.LTrue)
		}
		diff.RawSetString(p, ct)
	}
	t.RawSetString("diff", diff)
	actions := L.NewTable()
	for _, a := range res.Actions {
		actions.Append(lua.LString(a))
	}
	t.RawSetString("actions", actions)
	if res.Object != nil {
		t.RawSetString("object", r.ToLua(res.Object))
	}
	return t
}

// plainLua converts the values of a diff (strings, numbers, booleans, lists, maps) to Lua.
func plainLua(L *lua.LState, v any) lua.LValue {
	switch x := v.(type) {
	case nil:
		return lua.LNil
	case string:
		return lua.LString(x)
	case bool:
		return lua.LBool(x)
	case int64:
		return lua.LNumber(x)
	case float64:
		return lua.LNumber(x)
	case []any:
		t := L.NewTable()
		for _, it := range x {
			t.Append(plainLua(L, it))
		}
		return t
	case map[string]any:
		t := L.NewTable()
		for k, it := range x {
			t.RawSetString(k, plainLua(L, it))
		}
		return t
	}
	return lua.LString(fmt.Sprint(v))
}
