package luabind

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
)

// Kinds of Error, as scripts compare them (err.kind == 'not_found').
const (
	KindNotFound   = "not_found"  // the engine answered 404
	KindAuth       = "auth"       // login failed, or the engine answered 401 or 403
	KindConnection = "connection" // the engine could not be reached or the exchange broke
	KindTimeout    = "timeout"    // a call, a wait_for or a deadline ran out of time
	KindConflict   = "conflict"   // the engine answered 409: the request clashes with its state
	KindInvalid    = "invalid"    // the engine answered 400: it refused the request's content
	KindOther      = "other"      // any other failure reported by the engine
	KindUsage      = "usage"      // a script misused the API: unknown member or parameter, wrong type
	KindCanceled   = "canceled"   // the runtime's context was canceled
	KindInternal   = "internal"   // a Go panic inside the binding, caught before it escaped
	KindScript     = "script"     // a plain Lua error (error('...'), runtime error); Go side only
	KindSyntax     = "syntax"     // the chunk does not compile; Go side only
)

// Error is a failure as scripts and Go callers see it. In Lua it is a userdata with the fields
// kind, code, reason, detail, message and where, and tostring(err) gives "where: message".
// Runtime methods return every script failure as an *Error; errors.As reaches the cause
// (*engine.Error, *lua.ApiError, context.Canceled...).
type Error struct {
	Kind    string // one of the Kind constants
	Code    int    // HTTP status code, 0 when no response is involved
	Reason  string // the engine's fault reason, if any
	Detail  string // the engine's fault detail, if any
	Message string // what went wrong, without the position
	Where   string // "script.lua:12": the script line that raised it, "" when unknown
	Err     error  // the cause, if any
	// Traceback is the Lua stack of a plain script error, when gopher-lua gave one.
	Traceback string
	// Hint is a line for a chunk that reads like Python ("hint: Lua writes ~=, not !="), or "".
	Hint string
}

// Error returns "where: message", or the message alone when the position is unknown, and the
// hint on a line of its own when there is one.
func (e *Error) Error() string {
	msg := e.Message
	if e.Where != "" {
		msg = e.Where + ": " + msg
	}
	if e.Hint != "" {
		msg += "\n" + e.Hint
	}
	return msg
}

// withHint sets e.Hint for a syntax or script error of the chunk src (see PythonHint).
func withHint(e *Error, src string) *Error {
	if e.Kind == KindSyntax || e.Kind == KindScript {
		e.Hint, _ = PythonHint(src, e.Error(), e.Kind == KindSyntax)
	}
	return e
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// usageErrorf is a misuse of the API found before any request.
func usageErrorf(format string, args ...any) *Error {
	return &Error{Kind: KindUsage, Message: fmt.Sprintf(format, args...)}
}

// toError classifies any Go error for scripts.
func toError(err error) *Error {
	var le *Error
	if errors.As(err, &le) {
		return le
	}
	e := &Error{Kind: KindOther, Message: err.Error(), Err: err}
	var ee *engine.Error
	if errors.As(err, &ee) {
		e.Kind = strings.ReplaceAll(ee.Kind.String(), " ", "_")
		e.Code, e.Reason, e.Detail = ee.Code, ee.Reason, ee.Detail
	}
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		e.Kind = KindTimeout
	}
	return e
}

const errorTypeName = "ovirt.error"

// raise raises e in L as a structured error value, filling in the script position. It does not
// return.
func (r *Runtime) raise(L *lua.LState, e *Error) {
	if e.Where == "" {
		e.Where = scriptWhere(L)
	}
	L.Error(r.errorValue(L, e), 0)
}

// raiseUsage raises a usage error.
func (r *Runtime) raiseUsage(L *lua.LState, format string, args ...any) {
	r.raise(L, usageErrorf(format, args...))
}

// errorValue wraps e in a userdata with the error metatable.
func (r *Runtime) errorValue(L *lua.LState, e *Error) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = e
	ud.Metatable = r.errorMeta
	return ud
}

// newErrorMeta builds the metatable of error values: read-only fields and a readable tostring.
func (r *Runtime) newErrorMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTypeMetatable(errorTypeName)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		e := L.CheckUserData(1).Value.(*Error)
		switch L.CheckString(2) {
		case "kind":
			L.Push(lua.LString(e.Kind))
		case "code":
			L.Push(optNumber(e.Code))
		case "reason":
			L.Push(optString(e.Reason))
		case "detail":
			L.Push(optString(e.Detail))
		case "message":
			L.Push(lua.LString(e.Message))
		case "where":
			L.Push(optString(e.Where))
		default:
			L.Push(lua.LNil)
		}
		return 1
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(L.CheckUserData(1).Value.(*Error).Error()))
		return 1
	}))
	return mt
}

func optString(s string) lua.LValue {
	if s == "" {
		return lua.LNil
	}
	return lua.LString(s)
}

func optNumber(n int) lua.LValue {
	if n == 0 {
		return lua.LNil
	}
	return lua.LNumber(n)
}

// stdlibChunkPrefix starts the chunk names of the embedded Lua helpers; positions inside them are
// skipped so that errors point at the user's line.
const stdlibChunkPrefix = "ovirt:"

// scriptWhere returns "source:line" of the innermost Lua frame outside Go functions and the
// embedded helpers, or "". It continues into the threads that resumed L (pcall runs its function
// in a coroutine).
func scriptWhere(L *lua.LState) string {
	for level := 0; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			if L.Parent != nil && L.Parent != L {
				L, level = L.Parent, -1
				continue
			}
			return ""
		}
		if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
			return ""
		}
		if dbg.What == "G" || dbg.CurrentLine <= 0 || strings.HasPrefix(dbg.Source, stdlibChunkPrefix) {
			continue
		}
		return fmt.Sprintf("%s:%d", dbg.Source, dbg.CurrentLine)
	}
}

// guard wraps a Go function bound into Lua so that a Go panic becomes a structured internal
// error instead of escaping; errors raised on purpose (*lua.ApiError) pass through.
func (r *Runtime) guard(f lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) (n int) {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(*lua.ApiError); ok {
					panic(p)
				}
				r.raise(L, &Error{Kind: KindInternal, Message: fmt.Sprintf("internal error: %v", p)})
			}
		}()
		return f(L)
	}
}

// newFunction returns a guarded Lua function.
func (r *Runtime) newFunction(L *lua.LState, f lua.LGFunction) *lua.LFunction {
	return L.NewFunction(r.guard(f))
}

// fromAPIError turns an error returned by gopher-lua (PCall, DoString) into an *Error.
func fromAPIError(err error) *Error {
	var api *lua.ApiError
	if !errors.As(err, &api) {
		return toError(err)
	}
	if ud, ok := api.Object.(*lua.LUserData); ok {
		if e, ok := ud.Value.(*Error); ok {
			return e
		}
	}
	e := &Error{Kind: KindScript, Message: api.Object.String(), Err: err, Traceback: api.StackTrace}
	if m := positioned.FindStringSubmatch(e.Message); m != nil {
		e.Where, e.Message = m[1], m[2]
	}
	switch api.Type {
	case lua.ApiErrorSyntax:
		e.Kind = KindSyntax
		if api.Cause != nil {
			e.Message = api.Cause.Error()
		}
	case lua.ApiErrorPanic:
		e.Kind = KindInternal
	}
	return e
}

// positioned splits "chunk:line: message", the form of Lua errors raised with a position.
var positioned = regexp.MustCompile(`(?s)^([^\n]*?:\d+): (.*)$`)
