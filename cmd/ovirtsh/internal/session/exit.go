package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// Exit codes of ovirtsh, the numbers ovirt-shell used.
const (
	ExitOK          = 0 // success
	ExitScript      = 1 // a script error: a Lua error, a syntax error, an engine fault
	ExitUsage       = 2 // bad command line or configuration
	ExitInterrupted = 3 // Ctrl-C (SIGINT) or SIGTERM stopped the chunk
	ExitComm        = 5 // the engine could not be reached, or a call timed out
	ExitAuth        = 6 // login failed or the engine refused the credentials
	ExitNotFound    = 7 // a name, id or path that does not exist (the engine's 404 too)
	ExitConflict    = 8 // the engine answered 409: the request clashes with its state
	// ExitChangesPending: ovirtsh apply --check found changes to make (0 when there are none).
	ExitChangesPending = 9
)

// ExitCode maps an error to the exit code: an *Error's Code, else by its cause (engine errors by
// Kind, a name that names.* did not find, cancellation), else ExitScript. nil is ExitOK.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var se *Error
	if errors.As(err, &se) {
		return se.Code
	}
	return codeOf(err)
}

func codeOf(err error) int {
	var ee *engine.Error
	if errors.As(err, &ee) {
		switch ee.Kind {
		case engine.KindAuth:
			return ExitAuth
		case engine.KindConnection, engine.KindTimeout:
			return ExitComm
		case engine.KindNotFound:
			return ExitNotFound
		case engine.KindConflict:
			return ExitConflict
		}
	}
	var ne *names.Error
	if errors.As(err, &ne) && ne.Kind == names.KindNotFound {
		return ExitNotFound
	}
	// An error a script raised with a kind (ovirt.wait_for's timeout, ovirt.error{kind=...})
	// ends the script as the engine's failure of that kind would.
	var le *luabind.Error
	if errors.As(err, &le) {
		if code, ok := luaKindCodes[le.Kind]; ok {
			return code
		}
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	return ExitScript
}

// luaKindCodes are the exit codes of the Lua error kinds that have one of their own.
var luaKindCodes = map[string]int{
	luabind.KindTimeout:    ExitComm,
	luabind.KindConnection: ExitComm,
	luabind.KindAuth:       ExitAuth,
	luabind.KindNotFound:   ExitNotFound,
	luabind.KindConflict:   ExitConflict,
}

// exitRequest is what os.exit raises: ovirtsh then ends with code, after closing the connection
// (revoking its token) and saving what it has to, which the real os.exit would skip.
type exitRequest struct{ code int }

func (e *exitRequest) Error() string { return fmt.Sprintf("os.exit(%d)", e.code) }

// luaExit replaces os.exit([code]): true or nothing is 0, false is 1, a number is itself.
func (s *Session) luaExit(_ context.Context, args []Value) ([]Value, error) {
	code := ExitOK
	if len(args) > 0 && s.rt.LuaType(args[0]) != "table" { // Value would walk a table
		switch v := s.rt.Value(args[0]).(type) {
		case bool:
			if !v {
				code = ExitScript
			}
		case int64:
			code = int(v)
		case float64:
			code = int(v)
		}
	}
	return nil, &exitRequest{code: code}
}
