package luabind

import (
	"context"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/stdlib"
)

// Size constants of the module (ovirt.GiB...).
var sizes = []struct {
	name string
	v    float64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}}

// loadModule is the loader of require('ovirt').
func (r *Runtime) loadModule(L *lua.LState) int {
	mod := L.NewTable()
	funcs := map[string]lua.LGFunction{
		"connect":     r.luaConnect,
		"wait_all":    r.waitAll,
		"sleep":       r.luaSleep,
		"now":         r.luaNow,
		"error":       r.luaNewError,
		"typeof":      r.luaTypeof,
		"has_member":  r.luaHasMember,
		"has_param":   r.luaHasParam,
		"dump":        r.luaDump,
		"format":      r.luaFormat,
		"to_json":     r.luaToJSON,
		"from_json":   r.luaFromJSON,
		"table":       r.luaTable,
		"help":        r.luaHelp,
		"size":        r.luaSize,
		"format_size": r.luaFormatSize,
		"cleanup":     r.luaCleanup,
		"scope":       r.luaScope,
		// disk images through image transfers (transfer.go)
		"upload_disk":   r.luaUploadDisk,
		"download_disk": r.luaDownloadDisk,
		"get":           r.luaGet,       // entities by name or id (names.go)
		"service":       r.luaServiceOf, // their services (names.go)
	}
	for k, f := range funcs {
		mod.RawSetString(k, r.newFunction(L, r.restrictFiles(k, f)))
	}
	for _, s := range sizes {
		mod.RawSetString(s.name, lua.LNumber(s.v))
	}
	mod.RawSetString("types", r.typesTable(L))
	mod.RawSetString("ensure", r.ensureTable(L)) // ensure.go
	if r.conn != nil {
		mod.RawSetString("connection", r.wrapConn(r.conn))
	}
	r.loadStdlib(L, mod)
	L.Push(mod)
	return 1
}

// loadStdlib runs the embedded Lua helpers; each chunk gets the module table and a table of
// private helpers (not part of the module) as its arguments.
func (r *Runtime) loadStdlib(L *lua.LState, mod *lua.LTable) {
	entries, err := stdlib.FS.ReadDir(".")
	if err != nil {
		L.RaiseError("ovirt stdlib: %v", err)
	}
	priv := L.NewTable()
	priv.RawSetString("check_options", r.newFunction(L, r.luaCheckOptions))
	priv.RawSetString("closest", r.newFunction(L, r.luaClosest))
	r.addWaitHelpers(L, priv) // status_member, failed_status (wait.go)
	priv.RawSetString("write_stderr", r.newFunction(L, func(L *lua.LState) int {
		_, _ = io.WriteString(r.stderr, L.CheckString(1))
		return 0
	}))
	for _, e := range entries {
		src, err := stdlib.FS.ReadFile(e.Name())
		if err != nil {
			L.RaiseError("ovirt stdlib: %v", err)
		}
		fn, err := L.Load(strings.NewReader(string(src)), stdlibChunkPrefix+e.Name())
		if err != nil {
			L.RaiseError("ovirt stdlib: %v", err)
		}
		L.Push(fn)
		L.Push(mod)
		L.Push(priv)
		L.Call(2, 0)
	}
}

// luaCheckOptions is check_options(fname, opts, known) for the Lua-written helpers: opts must
// be nil or a table whose keys are all in the list known; an unknown key is a usage error naming
// the closest known one.
func (r *Runtime) luaCheckOptions(L *lua.LState) int {
	fname := L.CheckString(1)
	known := L.CheckTable(3)
	var names []string
	known.ForEach(func(_, v lua.LValue) { names = append(names, v.String()) })
	switch opts := L.Get(2).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		var bad []string
		opts.ForEach(func(k, _ lua.LValue) {
			if s, ok := k.(lua.LString); !ok || !slices.Contains(names, string(s)) {
				bad = append(bad, k.String())
			}
		})
		if len(bad) > 0 {
			sort.Strings(bad)
			r.raiseUsage(L, "%s has no option '%s'%s (options: %s)", fname, bad[0], didYouMean(bad[0], names),
				strings.Join(names, ", "))
		}
	default:
		r.raiseUsage(L, "%s: expected a table of options, got %s", fname, r.got(opts))
	}
	return 0
}

// typesTable is ovirt.types: types.Vm{...} builds a Vm, types.VmStatus.UP is 'up'. Entries are
// made on first use.
func (r *Runtime) typesTable(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	mt := L.NewTable()
	var names []string
	for _, ti := range types.Types() {
		names = append(names, ti.Name)
	}
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		name := L.CheckString(2)
		ti := types.Type(name)
		var v lua.LValue
		switch {
		case ti != nil && ti.Kind == types.KindStruct:
			v = r.constructor(L, ti)
		case ti != nil && ti.Kind == types.KindEnum:
			v = r.enumTable(L, ti)
		default:
			r.raiseUsage(L, "there is no type '%s'%s", name, didYouMean(name, names))
		}
		t.RawSetString(name, v)
		L.Push(v)
		return 1
	}))
	L.SetMetatable(t, mt)
	return t
}

// constructor returns types.<Name>: called with a table of members (or nothing) it returns a new
// typed value.
func (r *Runtime) constructor(L *lua.LState, ti *types.TypeInfo) *lua.LFunction {
	b := r.bindingByName(ti.Name)
	fn := r.newFunction(L, func(L *lua.LState) int {
		p := reflect.New(b.rtype)
		switch v := L.Get(1).(type) {
		case *lua.LNilType:
		case *lua.LTable:
			if err := r.setMembers(p, b, v, ti.SnakeName); err != nil {
				r.raise(L, err)
			}
		default:
			r.raiseUsage(L, "types.%s: expected a table of members, got %s", ti.Name, r.got(v))
		}
		L.Push(r.wrapValue(p, b))
		return 1
	})
	r.ctors[fn] = ti
	return fn
}

// enumTable returns types.<Enum>: the values keyed by their upper-case names.
func (r *Runtime) enumTable(L *lua.LState, ti *types.TypeInfo) *lua.LTable {
	t := L.CreateTable(0, len(ti.Values))
	keys := make([]string, len(ti.Values))
	for i, v := range ti.Values {
		keys[i] = strings.ToUpper(v)
		t.RawSetString(keys[i], lua.LString(v))
	}
	sort.Strings(keys)
	mt := L.NewTable()
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		k := L.Get(2).String()
		r.raiseUsage(L, "%s has no value %s%s", ti.Name, k, didYouMean(strings.ToUpper(k), keys))
		return 0
	}))
	L.SetMetatable(t, mt)
	r.enums[t] = ti
	return t
}

// luaSleep is ovirt.sleep(seconds); the runtime's context interrupts it.
func (r *Runtime) luaSleep(L *lua.LState) int {
	d := time.Duration(float64(L.CheckNumber(1)) * float64(time.Second))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-L.Context().Done():
		r.Raise(L, context.Cause(L.Context()))
	}
	return 0
}

// luaNow is ovirt.now(): seconds since the runtime started, from the monotonic clock.
func (r *Runtime) luaNow(L *lua.LState) int {
	L.Push(lua.LNumber(time.Since(r.started).Seconds()))
	return 1
}

// luaNewError is ovirt.error{kind=, message=, code=, reason=, detail=}: a structured error value
// for error(), positioned at the calling script line.
func (r *Runtime) luaNewError(L *lua.LState) int {
	t := L.CheckTable(1)
	e := &Error{
		Kind:    lua.LVAsString(t.RawGetString("kind")),
		Message: lua.LVAsString(t.RawGetString("message")),
		Code:    int(lua.LVAsNumber(t.RawGetString("code"))),
		Reason:  lua.LVAsString(t.RawGetString("reason")),
		Detail:  lua.LVAsString(t.RawGetString("detail")),
	}
	if e.Kind == "" {
		e.Kind = KindOther
	}
	e.Where = scriptWhere(L)
	L.Push(r.errorValue(L, e))
	return 1
}

// typeName names what a userdata is: its model type, service, list, future, error, connection.
func (r *Runtime) typeName(ud *lua.LUserData) string {
	if _, b, ok := r.asValue(ud); ok {
		return b.info.Name
	}
	switch v := ud.Value.(type) {
	case *listView:
		return "list of " + r.elemName(v)
	case *service:
		return v.info.GoName
	case *future:
		return "future"
	case *Error:
		return "error"
	case *connection:
		return "connection"
	}
	return "userdata"
}

// luaTypeof is ovirt.typeof(x): 'Vm' for typed values, 'VmsService' for services, 'list',
// 'future', 'error', 'connection', else Lua's type().
func (r *Runtime) luaTypeof(L *lua.LState) int {
	v := L.CheckAny(1)
	name := v.Type().String()
	if ud, ok := v.(*lua.LUserData); ok {
		name = r.typeName(ud)
		if _, ok := ud.Value.(*listView); ok {
			name = "list"
		}
	}
	L.Push(lua.LString(name))
	return 1
}

// luaHasMember is ovirt.has_member(value, name): whether the type of a typed value has the member.
func (r *Runtime) luaHasMember(L *lua.LState) int {
	_, b, ok := r.asValue(L.Get(1))
	L.Push(lua.LBool(ok && b.info.Member(L.CheckString(2)) != nil))
	return 1
}

// luaHasParam is ovirt.has_param(service, method, name): whether the method takes the parameter.
func (r *Runtime) luaHasParam(L *lua.LState) int {
	s, ok := asService(L.Get(1))
	var has bool
	if ok {
		if m := s.info.Method(L.CheckString(2)); m != nil {
			p := m.Param(L.CheckString(3))
			has = p != nil && p.In
		}
	}
	L.Push(lua.LBool(has))
	return 1
}
