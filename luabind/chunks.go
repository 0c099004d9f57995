package luabind

import (
	"context"
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// Chunk is compiled Lua code, ready for Call.
type Chunk struct{ fn *lua.LFunction }

// Compile compiles src as the chunk name (used in error positions). The error is gopher-lua's;
// Explain tells what it means.
func (r *Runtime) Compile(name, src string) (*Chunk, error) {
	fn, err := r.L.Load(strings.NewReader(src), name)
	if err != nil {
		return nil, err
	}
	return &Chunk{fn: fn}, nil
}

// CompileFile compiles a script file; a first line starting with # (a shebang) is skipped.
func (r *Runtime) CompileFile(path string) (*Chunk, error) {
	fn, err := r.L.LoadFile(path)
	if err != nil {
		return nil, err
	}
	return &Chunk{fn: fn}, nil
}

// SetScriptArgs sets the global arg the way lua(1) does: the interpreter at -1, the script at
// 0 and the arguments from 1.
func (r *Runtime) SetScriptArgs(interpreter, script string, args []string) {
	t := r.L.NewTable()
	t.RawSetInt(-1, lua.LString(interpreter))
	t.RawSetInt(0, lua.LString(script))
	for i, a := range args {
		t.RawSetInt(i+1, lua.LString(a))
	}
	r.L.SetGlobal("arg", t)
}

// Call runs c with ctx as the state's context (canceling ctx stops the Lua code and the
// requests it has in flight) and args as its `...`, and returns its results. The error is
// gopher-lua's; Explain tells what it means.
func (r *Runtime) Call(ctx context.Context, c *Chunk, args ...string) ([]lua.LValue, error) {
	L := r.L
	if prev := L.Context(); prev != nil {
		defer L.SetContext(prev)
	} else {
		defer L.RemoveContext()
	}
	L.SetContext(ctx)
	top := L.GetTop()
	L.Push(c.fn)
	for _, a := range args {
		L.Push(lua.LString(a))
	}
	if err := L.PCall(len(args), lua.MultRet, nil); err != nil {
		L.SetTop(top)
		return nil, err
	}
	return popResults(L, top), nil
}

// Failure is what an error of Compile, CompileFile or Call means, for people.
type Failure struct {
	Message   string // "name:line: message", with the position
	Traceback string // Lua's "stack traceback:" block, "" when there is none
	Syntax    bool   // the chunk does not compile
	File      bool   // the script file could not be read
	// Incomplete marks a syntax error at the end of the input: more lines may complete it.
	Incomplete bool
	Cause      error // the Go error raised into Lua (an *Error...), or the error itself
}

// Explain tells what an error of Compile, CompileFile or Call means.
func (r *Runtime) Explain(err error) Failure {
	f := Failure{Message: err.Error(), Cause: err}
	var api *lua.ApiError
	if !errors.As(err, &api) {
		return f
	}
	f.Traceback = api.StackTrace
	switch api.Type {
	case lua.ApiErrorSyntax, lua.ApiErrorFile:
		f.Message, f.Incomplete = syntaxMessage(api)
		f.Traceback = ""
		f.Syntax, f.File = api.Type == lua.ApiErrorSyntax, api.Type == lua.ApiErrorFile
	default:
		f.Message = r.L.ToStringMeta(api.Object).String()
		if _, ok := api.Object.(*lua.LTable); ok {
			f.Message = "(error object is a table value)"
		}
		if cause := r.cause(api); cause != nil {
			f.Cause = cause
		}
	}
	return f
}

// cause returns the Go error behind a runtime error: the error value raised by the binding, or
// the error gopher-lua wrapped.
func (r *Runtime) cause(api *lua.ApiError) error {
	if ud, ok := api.Object.(*lua.LUserData); ok {
		if err, ok := r.Value(ud).(error); ok {
			return err
		}
	}
	return api.Cause
}

// syntaxMessage formats a compile error as "name:line: message near 'token'" and tells whether
// it is at the end of the input.
func syntaxMessage(api *lua.ApiError) (string, bool) {
	var pe *parse.Error
	if errors.As(api.Cause, &pe) {
		if pe.Pos.Line == parse.EOF {
			// An unterminated 'string' cannot be continued on the next line; the rest can.
			return fmt.Sprintf("%s: %s at the end of the input", pe.Pos.Source, pe.Message),
				pe.Message != "unterminated string"
		}
		return fmt.Sprintf("%s:%d: %s near '%s'", pe.Pos.Source, pe.Pos.Line, pe.Message, pe.Token), false
	}
	if api.Cause != nil {
		return strings.TrimSpace(api.Cause.Error()), false
	}
	return strings.TrimSpace(api.Object.String()), false
}
