package luabind

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The library of a restricted runtime (Options.Restricted): what is taken out raises an error
// naming it. os.getenv goes too: the environment of a host often holds credentials.
var (
	forbiddenOS    = []string{"execute", "exit", "getenv", "setenv", "remove", "rename", "tmpname", "setlocale"}
	forbiddenBase  = []string{"loadfile", "dofile"}
	allowedDebug   = []string{"traceback"}
	restrictedNote = "is not available in a restricted runtime (luabind.Options.Restricted)"
)

// restrict takes out of L what reaches the host beyond the engine: processes, the environment,
// files other than Lua modules under the allowed paths, and the debug library. io keeps only
// write (to Options.Stdout).
func (r *Runtime) restrict(L *lua.LState) {
	forbid := func(what string) *lua.LFunction {
		return r.newFunction(L, func(L *lua.LState) int {
			r.raiseUsage(L, "%s %s", what, restrictedNote)
			return 0
		})
	}
	if osLib, ok := L.GetGlobal("os").(*lua.LTable); ok {
		for _, name := range forbiddenOS {
			osLib.RawSetString(name, forbid("os."+name))
		}
	}
	for _, name := range forbiddenBase {
		L.SetGlobal(name, forbid(name))
	}
	ioLib := L.NewTable()
	if old, ok := L.GetGlobal("io").(*lua.LTable); ok {
		ioLib.RawSetString("write", old.RawGetString("write"))
	}
	L.SetGlobal("io", forbiddenRest(L, ioLib, "io", forbid))
	debugLib := L.NewTable()
	if old, ok := L.GetGlobal("debug").(*lua.LTable); ok {
		for _, name := range allowedDebug {
			debugLib.RawSetString(name, old.RawGetString(name))
		}
	}
	L.SetGlobal("debug", forbiddenRest(L, debugLib, "debug", forbid))
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		pkg.RawSetString("path", lua.LString(""))
		pkg.RawSetString("loadlib", forbid("package.loadlib"))
		if loaders, ok := pkg.RawGetString("loaders").(*lua.LTable); ok {
			for i := loaders.Len(); i > 1; i-- {
				loaders.Remove(i)
			}
			loaders.Append(r.newFunction(L, r.loadAllowedModule))
		}
	}
}

// forbiddenRest gives t a metatable under which reading any other member raises an error naming
// it.
func forbiddenRest(L *lua.LState, t *lua.LTable, lib string, forbid func(string) *lua.LFunction) *lua.LTable {
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		L.Push(forbid(lib + "." + L.CheckString(2)))
		return 1
	}))
	L.SetMetatable(t, mt)
	return t
}

// loadAllowedModule is the file loader of require in a restricted runtime: name.lua (dots are
// directories) under one of the allowed paths, and nowhere else.
func (r *Runtime) loadAllowedModule(L *lua.LState) int {
	name := L.CheckString(1)
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator)) + ".lua"
	var tried []string
	for _, dir := range r.allowed {
		path := filepath.Join(dir, rel)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		if _, err := r.allowedPath(path); err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		fn, err := L.LoadFile(path)
		if err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(fn)
		return 1
	}
	msg := fmt.Sprintf("no file %s under luabind.Options.AllowedPaths %q (a restricted runtime loads no other)", rel, r.allowed)
	if len(tried) > 0 {
		msg += ":\n\t" + strings.Join(tried, "\n\t")
	}
	L.Push(lua.LString(msg))
	return 1
}

// resolveAllowed makes the allowed paths absolute, with symbolic links resolved.
func resolveAllowed(paths []string) ([]string, error) {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			return nil, fmt.Errorf("luabind: allowed path %q: %w", p, err)
		}
		out = append(out, abs)
	}
	return out, nil
}

var errNotAllowed = errors.New("not under an allowed path (luabind.Options.AllowedPaths)")

// allowedPath resolves path (symbolic links included; a file that does not exist yet is
// resolved through its directory) and checks that it lies under one of the allowed paths.
func (r *Runtime) allowedPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, os.ErrNotExist) {
		var dir string
		if dir, err = filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			resolved = filepath.Join(dir, filepath.Base(abs))
		}
	}
	if err != nil {
		return "", err
	}
	for _, dir := range r.allowed {
		if rel, err := filepath.Rel(dir, resolved); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return resolved, nil
		}
	}
	return "", errNotAllowed
}

// fileArgs are the members of the option tables of ovirt functions that name local files.
var fileArgs = map[string][]string{
	"upload_disk":   {"file"},
	"download_disk": {"file"},
	"connect":       {"ca_file", "cert_file", "key_file"},
}

// restrictFiles wraps an ovirt function whose option table names files (fileArgs): in a
// restricted runtime each must lie under an allowed path, and the function gets a copy of the
// table with the paths resolved, so that a symbolic link changed later does not lead elsewhere.
func (r *Runtime) restrictFiles(name string, f lua.LGFunction) lua.LGFunction {
	keys := fileArgs[name]
	if !r.restricted || keys == nil {
		return f
	}
	var inner *lua.LFunction
	return func(L *lua.LState) int {
		t, ok := L.Get(1).(*lua.LTable)
		if !ok {
			return f(L)
		}
		cp := L.NewTable()
		t.ForEach(func(k, v lua.LValue) { cp.RawSet(k, v) })
		for _, k := range keys {
			s, ok := t.RawGetString(k).(lua.LString)
			if !ok {
				continue
			}
			resolved, err := r.allowedPath(string(s))
			if err != nil {
				r.raiseUsage(L, "ovirt.%s: %s '%s': %v", name, k, string(s), err)
			}
			cp.RawSetString(k, lua.LString(resolved))
		}
		if inner == nil {
			inner = r.newFunction(L, f)
		}
		return callWith(L, inner, cp)
	}
}
