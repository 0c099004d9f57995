package luabind

import (
	"context"
	"errors"
	"reflect"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
)

// luaGet is ovirt.get(path) with a path of names or ids ('vms/web1', 'vms/web1/nics/nic1'), or
// ovirt.get(collection, name_or_id) with a collection service or the path of one ('vms'): the
// entity, as its service's get returns it (see engine/names).
func (r *Runtime) luaGet(L *lua.LState) int {
	e := r.resolveName(L, "get", true)
	L.Push(r.ToLua(e.Value))
	return 1
}

// luaServiceOf is ovirt.service(...) with the arguments of ovirt.get: the entity's service (as
// vms_service():vm_service(id) gives it). An id costs no request, a name the one that finds it.
func (r *Runtime) luaServiceOf(L *lua.LState) int {
	e := r.resolveName(L, "service", false)
	L.Push(r.wrapService(reflect.ValueOf(e.Service)))
	return 1
}

// resolveName reads the arguments of ovirt.get and ovirt.service and resolves them on the Lua
// goroutine, under the state's context.
func (r *Runtime) resolveName(L *lua.LState, fname string, fetch bool) *names.Entity {
	first, second := L.Get(1), L.Get(2)
	if L.GetTop() > 2 {
		r.raiseUsage(L, "ovirt.%s takes a path, or a collection and a name or id; got %d arguments", fname, L.GetTop())
	}
	var key string
	switch v := second.(type) {
	case *lua.LNilType:
	case lua.LString:
		key = string(v)
		if key == "" {
			r.raiseUsage(L, "ovirt.%s: the name or id is empty", fname)
		}
	case lua.LNumber:
		key = v.String()
	default:
		r.raiseUsage(L, "ovirt.%s: expected a name or id (a string) as argument #2, got %s", fname, r.got(second))
	}
	ctx := L.Context()
	var e *names.Entity
	var err error
	switch v := first.(type) {
	case lua.LString:
		switch {
		case second == lua.LNil:
			e, err = r.resolvePath(L, ctx, fname, string(v), fetch)
		default:
			var coll any
			if coll, err = names.Collection(ctx, r.namesConn(L, fname), string(v)); err == nil {
				e, err = names.Lookup(ctx, coll, key, fetch)
			}
		}
	case *lua.LUserData:
		s, ok := asService(v)
		if !ok {
			r.raiseUsage(L, "ovirt.%s: expected a path or a collection service, got %s", fname, r.got(first))
		}
		if second == lua.LNil {
			r.raiseUsage(L, "ovirt.%s(%s, name_or_id): the name or id is missing", fname, s.info.GoName)
		}
		e, err = names.Lookup(ctx, s.v.Interface(), key, fetch)
	default:
		r.raiseUsage(L, "ovirt.%s: expected a path such as 'vms/web1' or a collection service, got %s", fname, r.got(first))
	}
	if err != nil {
		r.raise(L, namesError(fname, err))
	}
	return e
}

func (r *Runtime) resolvePath(L *lua.LState, ctx context.Context, fname, path string, fetch bool) (*names.Entity, error) {
	conn := r.namesConn(L, fname)
	if fetch {
		return names.Get(ctx, conn, path)
	}
	return names.Service(ctx, conn, path)
}

// namesConn is the connection paths are resolved on: ovirt.connection, else the global conn.
func (r *Runtime) namesConn(L *lua.LState, fname string) *engine.Connection {
	return r.transferConn(L, &transferCall{r: r, L: L, name: fname, t: L.NewTable()})
}

// namesError classifies a failed resolution: a missing name or id is not_found, a bad path a
// usage error, a shared name other; failed requests keep their own kind.
func namesError(fname string, err error) *Error {
	var ne *names.Error
	if !errors.As(err, &ne) {
		return toError(err)
	}
	kind := KindOther
	switch ne.Kind {
	case names.KindNotFound:
		kind = KindNotFound
	case names.KindBadPath:
		kind = KindUsage
	}
	e := &Error{Kind: kind, Message: "ovirt." + fname + ": " + err.Error(), Err: err}
	if ne.Err != nil {
		cause := toError(ne.Err)
		e.Code, e.Reason, e.Detail = cause.Code, cause.Reason, cause.Detail
	}
	return e
}
