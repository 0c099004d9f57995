package luabind

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// The methods in this file give an embedder (the ovirtsh command) in Go what the module gives
// scripts, so that it need not call the module's functions through the Lua state. Call them
// from the goroutine that runs the runtime.

// JSON returns v in the engine's JSON form (what ovirt.to_json returns), indented by indent
// spaces, or on one line when indent is 0.
func (r *Runtime) JSON(v lua.LValue, indent int) (string, error) {
	out, err := r.toJSON(v, indent)
	if err != nil {
		return "", err
	}
	return out, nil
}

// Format returns the nested text form of v (what ovirt.format returns).
func (r *Runtime) Format(v lua.LValue) string { return r.format(r.L, v) }

// Table returns the aligned text table of a list (what ovirt.table prints): a row per item, a
// column per member path; no columns means id, name and, when the items have one, status.
func (r *Runtime) Table(list lua.LValue, cols ...string) (string, error) {
	out, err := r.table(r.L, list, cols)
	if err != nil {
		return "", err
	}
	return out, nil
}

// Help returns the text ovirt.help(v) prints.
func (r *Runtime) Help(v lua.LValue) string { return r.helpText(r.L, v) }

// Tostring returns tostring(v).
func (r *Runtime) Tostring(v lua.LValue) string { return lua.LVAsString(r.L.ToStringMeta(v)) }

// Func is a Go function for scripts: it gets its arguments as Lua values and returns its
// results, or an error that is raised in the script as a structured error (an *Error keeps its
// kind; errors.As reaches err through it).
type Func func(ctx context.Context, args []lua.LValue) ([]lua.LValue, error)

// SetFunc sets the global name, or with a dot a field of a global table ("os.exit"), to fn.
func (r *Runtime) SetFunc(name string, fn Func) {
	f := r.newFunction(r.L, func(L *lua.LState) int {
		args := make([]lua.LValue, L.GetTop())
		for i := range args {
			args[i] = L.Get(i + 1)
		}
		out, err := fn(L.Context(), args)
		if err != nil {
			r.Raise(L, err)
		}
		for _, v := range out {
			L.Push(v)
		}
		return len(out)
	})
	if table, field, ok := strings.Cut(name, "."); ok {
		if t, isTable := r.L.GetGlobal(table).(*lua.LTable); isTable {
			t.RawSetString(field, f)
		}
		return
	}
	r.L.SetGlobal(name, f)
}

// Require returns what require(name) returns: the module "ovirt", for instance.
func (r *Runtime) Require(name string) (lua.LValue, error) {
	L := r.L
	if err := L.CallByParam(lua.P{Fn: L.GetGlobal("require"), NRet: 1, Protect: true}, lua.LString(name)); err != nil {
		return nil, fromAPIError(err)
	}
	v := L.Get(-1)
	L.Pop(1)
	return v, nil
}

// Field returns v.key as a script reading it gets it (through __index).
func (r *Runtime) Field(v lua.LValue, key string) lua.LValue { return r.L.GetField(v, key) }

// GlobalValue returns a global as the Lua value.
func (r *Runtime) GlobalValue(name string) lua.LValue { return r.L.GetGlobal(name) }

// Desc says what a Lua value is in the API's terms, without calling anything: completion and
// help read it. The zero Desc means "a plain Lua value".
type Desc struct {
	Service *types.ServiceInfo // a service (system, vms_service...)
	Type    *types.TypeInfo    // an API object, or with List a list of them
	List    bool
	Conn    bool // a connection
	// Path is a service's address relative to the API root ("vms/123/nics"), "" for the
	// system service and for what is not a service.
	Path string
	// Methods are the names a userdata offers through a table __index (the connection's
	// methods, for instance), sorted.
	Methods []string
}

// Describe tells what v is.
func (r *Runtime) Describe(v lua.LValue) Desc {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return Desc{}
	}
	d := Desc{Methods: indexKeys(ud.Metatable)}
	switch x := ud.Value.(type) {
	case *connection:
		return Desc{Conn: true, Methods: r.ConnMethods()}
	case *service:
		d.Service = x.info
		if p, ok := x.v.Interface().(interface{ Path() string }); ok {
			d.Path = p.Path()
		}
		return d
	case *listView:
		d.List = true
		d.Type = r.modelType(x.items.Type().Elem())
		return d
	}
	// A Go value in a userdata (a typed value, or one an embedder set): by its type.
	t := reflect.TypeOf(ud.Value)
	if t != nil && t.Kind() == reflect.Slice {
		d.List, t = true, t.Elem()
	}
	d.Type = r.modelType(t)
	return d
}

// modelType returns the description of t when it is a pointer to a generated struct, else nil.
func (r *Runtime) modelType(t reflect.Type) *types.TypeInfo {
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	if b := r.binding(t.Elem()); b != nil {
		return b.info
	}
	return nil
}

// ConnMethods lists the methods of a connection (conn:system_service()...), sorted.
func (r *Runtime) ConnMethods() []string { return indexKeys(r.connMeta) }

// IsList reports whether v is a non-empty list of API objects: a binding list, or a table whose
// first item is an API object.
func (r *Runtime) IsList(v lua.LValue) bool {
	if t, ok := v.(*lua.LTable); ok {
		_, _, ok := r.asValue(t.RawGetInt(1))
		return ok
	}
	l, ok := asList(v)
	return ok && l.items.Len() > 0
}

// indexKeys lists the string keys of a metatable's __index table, sorted.
func indexKeys(mt lua.LValue) []string {
	idx, ok := indexTable(mt)
	if !ok {
		return nil
	}
	keys := stringKeys(idx)
	sort.Strings(keys)
	return keys
}

// Globals are the connection SetGlobals gives scripts as conn and system. The zero value uses
// Options.Conn.
type Globals struct {
	// Conn is an open connection. The runtime does not close it.
	Conn *engine.Connection
	// Connect, used when Conn is nil, opens the connection the first time a script uses conn
	// or system; a failure is raised in the script and the next use tries again. The runtime
	// does not close what it returns.
	Connect func(ctx context.Context) (*engine.Connection, error)
	// Target describes the engine for tostring(conn) before Connect ran, e.g.
	// "admin@internal at https://engine/ovirt-engine/api".
	Target string
}

// SetGlobals sets the globals scripts of the ovirtsh command find ready: ovirt (the module),
// types (ovirt.types), conn (the connection) and system (conn:system_service()). With Connect,
// conn and system are stand-ins (see Lazy) that connect on first use, so printing them sends
// nothing. Without any connection (no Conn, Connect or Options.Conn), only ovirt and types are
// set.
func (r *Runtime) SetGlobals(g Globals) error {
	mod, err := r.Require("ovirt")
	if err != nil {
		return fmt.Errorf("loading the ovirt module: %w", err)
	}
	r.L.SetGlobal("ovirt", mod)
	r.L.SetGlobal("types", r.Field(mod, "types"))
	if g.Conn == nil && g.Connect == nil && r.conn != nil {
		g.Conn = r.conn.b
	}
	switch {
	case g.Conn != nil:
		c := r.ToLua(g.Conn)
		sys, err := r.CallMethod(r.ctx, c, "system_service")
		if err != nil {
			return err
		}
		r.L.SetGlobal("conn", c)
		r.L.SetGlobal("system", sys[0])
	case g.Connect != nil:
		connect := g.Connect
		conn := r.Lazy("conn", func() string {
			return "connection to " + g.Target + " (opened on first use)"
		}, func(ctx context.Context) (lua.LValue, error) {
			c, err := connect(ctx)
			if err != nil {
				return nil, err
			}
			return r.ToLua(c), nil
		})
		sys := r.Lazy("system", func() string {
			return "system service of " + g.Target + " (connects on first use)"
		}, func(ctx context.Context) (lua.LValue, error) {
			c, err := r.Resolve(ctx, conn)
			if err != nil {
				return nil, err
			}
			vals, err := r.CallMethod(ctx, c, "system_service")
			if err != nil {
				return nil, err
			}
			return vals[0], nil
		})
		r.L.SetGlobal("conn", conn)
		r.L.SetGlobal("system", sys)
	}
	return nil
}
