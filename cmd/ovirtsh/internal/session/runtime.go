package session

import (
	"context"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/luabind"
)

// runtime is what the session needs from the Lua binding; *luabind.Runtime has this shape.
// Replacing the binding means changing this file only.
type runtime interface {
	// State is the Lua state; the session runs chunks on it directly.
	State() *lua.LState
	// ToLua converts a Go value (an *engine.Connection in particular) for scripts.
	ToLua(v any) lua.LValue
	// Value converts a Lua value to Go: the pointer inside typed values, services and
	// connections, the slice inside lists, the *luabind.Error inside errors.
	Value(lv lua.LValue) any
	// Raise raises err in L as a structured error; it does not return.
	Raise(L *lua.LState, err error)
	// Cleanup runs the script's undo steps (ovirt.cleanup) under ctx.
	Cleanup(ctx context.Context) error
	Close() error
}

// newRuntime creates the binding's runtime, printing to stdout and reporting to stderr.
func newRuntime(ctx context.Context, stdout, stderr io.Writer) (runtime, error) {
	return luabind.New(ctx, luabind.Options{Stdout: stdout, Stderr: stderr})
}
