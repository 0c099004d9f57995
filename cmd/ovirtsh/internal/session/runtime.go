package session

import (
	"context"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// Value is a value of the Lua runtime: what chunks return and completion inspects.
type Value = lua.LValue

// State returns the Lua state, for tests that reach below the session.
func (s *Session) State() *lua.LState { return s.rt.State() }

// runtime is what the session needs from the Lua binding; *luabind.Runtime has this shape.
// Replacing the binding means changing this file only.
type runtime interface {
	// State is the Lua state, for tests.
	State() *lua.LState
	// Compile, CompileFile, SetScriptArgs and Call run chunks; Explain tells what their errors
	// mean.
	Compile(name, src string) (*luabind.Chunk, error)
	CompileFile(path string) (*luabind.Chunk, error)
	SetScriptArgs(interpreter, script string, args []string)
	Call(ctx context.Context, c *luabind.Chunk, args ...string) ([]lua.LValue, error)
	Explain(err error) luabind.Failure
	// ToLua converts a Go value (an *engine.Connection in particular) for scripts.
	ToLua(v any) lua.LValue
	// Value converts a Lua value to Go: the pointer inside typed values, services and
	// connections, the slice inside lists, the *luabind.Error inside errors.
	Value(lv lua.LValue) any
	// Cleanup runs the script's undo steps (ovirt.cleanup) under ctx.
	Cleanup(ctx context.Context) error
	// CollectEnsures makes ovirt.ensure.* hand their declarations to fn (ovirtsh apply).
	CollectEnsures(fn func(ensure.Resource) error)
	Close() error

	// SetGlobals sets ovirt, types, conn and system, the latter two connecting on first use.
	SetGlobals(g luabind.Globals) error
	// GlobalValue, SetGlobal and SetFunc reach the globals.
	GlobalValue(name string) lua.LValue
	SetGlobal(name string, v any)
	SetFunc(name string, fn luabind.Func)
	// GlobalNames, LuaType, Keys, RawGet and Lookup read values without calling anything, for
	// completion.
	GlobalNames() []string
	LuaType(v lua.LValue) string
	Keys(v lua.LValue) []string
	RawGet(v lua.LValue, key any) (lua.LValue, bool)
	Lookup(v lua.LValue, name string) (lua.LValue, bool)

	// JSON, Format, Table, Tostring, IsList, Help and Describe are what ovirt.to_json, format,
	// table, tostring and help know, in Go.
	JSON(v lua.LValue, indent int) (string, error)
	// Export converts a Lua value to the Go values engine/output prints; with data, values
	// that JSON cannot hold (functions, services) are an error instead of their tostring.
	Export(v lua.LValue, data bool) (any, error)
	Format(v lua.LValue) string
	Table(list lua.LValue, cols ...string) (string, error)
	Tostring(v lua.LValue) string
	IsList(v lua.LValue) bool
	Help(v lua.LValue) string
	Describe(v lua.LValue) luabind.Desc
	ConnMethods() []string
}

// newRuntime creates the binding's runtime, printing to stdout and reporting to stderr.
func newRuntime(ctx context.Context, stdout, stderr io.Writer) (runtime, error) {
	return luabind.New(ctx, luabind.Options{Stdout: stdout, Stderr: stderr})
}

// isScalar reports whether v is neither a table nor a userdata.
func isScalar(v Value) bool {
	switch v.(type) {
	case *lua.LTable, *lua.LUserData:
		return false
	}
	return true
}
