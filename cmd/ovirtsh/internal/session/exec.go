package session

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/ovirtsh/ovirtsh/luabind"
)

// Error is a failed chunk: what to print and which exit code it means.
type Error struct {
	Code      int    // one of the Exit constants
	Message   string // with the script position: "deploy.lua:12: attempt to index a nil value"
	Traceback string // Lua's "stack traceback:" block, "" when there is none
	// Incomplete marks a syntax error at the end of the input: more lines may complete it.
	Incomplete bool
	// Exit marks a call of os.exit: end with Code, printing nothing.
	Exit bool
	Err  error // the cause: the Go error raised into Lua, or gopher-lua's error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// ErrorText is what to show people for a failed chunk: the message, and the traceback of script
// errors on the lines after it; "" for a call of os.exit. Control characters (an engine's fault
// text naming a VM called "\x1b]0;..." ) show as escapes, so they cannot drive the terminal.
func ErrorText(err error) string {
	var se *Error
	if !errors.As(err, &se) {
		return luabind.Printable(err.Error(), true)
	}
	if se.Exit {
		return ""
	}
	text := se.Message
	if se.Code == ExitScript && se.Traceback != "" {
		text += "\n" + se.Traceback
	}
	return luabind.Printable(text, true)
}

// Compile compiles src as chunk name. Syntax errors are *Error; Incomplete tells whether
// reading more input could fix them.
func (s *Session) Compile(name, src string) (*luabind.Chunk, error) {
	c, err := s.rt.Compile(name, src)
	if err != nil {
		e := s.toError(context.Background(), err)
		addHint(e, src, true)
		return nil, e
	}
	return c, nil
}

// addHint adds a line to e's message when the failed chunk src reads like Python (see
// luabind.PythonHint). A chunk that ends in a Python block header is not incomplete: no
// further line can make `for vm in vms:` compile.
func addHint(e *Error, src string, syntax bool) {
	if e.Exit || e.Code == ExitInterrupted || (!syntax && e.Code != ExitScript) {
		return
	}
	if hint, block := luabind.PythonHint(src, e.Message, syntax); hint != "" {
		e.Message += "\n" + hint
		if block {
			e.Incomplete = false
		}
	}
}

// withRuntimeHint is addHint for an error returned by Call.
func withRuntimeHint(err error, src func() string) error {
	var e *Error
	if errors.As(err, &e) {
		addHint(e, src(), false)
	}
	return err
}

// Run compiles and runs src; args are the chunk's `...`.
func (s *Session) Run(ctx context.Context, name, src string, args ...string) ([]Value, error) {
	c, err := s.Compile(name, src)
	if err != nil {
		return nil, err
	}
	vals, err := s.Call(ctx, c, args...)
	return vals, withRuntimeHint(err, func() string { return src })
}

// RunFile runs a script file the way lua(1) does: a first line starting with # (a shebang) is
// skipped, the global arg holds the script name at 0 and the arguments from 1, and the
// arguments are also the chunk's `...`.
func (s *Session) RunFile(ctx context.Context, path string, args []string) ([]Value, error) {
	s.rt.SetScriptArgs(os.Args[0], path, args)
	source := func() string {
		b, _ := os.ReadFile(path) // only for a hint: a file that cannot be read again gets none
		return string(b)
	}
	c, err := s.rt.CompileFile(path)
	if err != nil {
		e := s.toError(ctx, err)
		addHint(e, source(), true)
		return nil, e
	}
	vals, err := s.Call(ctx, c, args...)
	return vals, withRuntimeHint(err, source)
}

// Call runs c with ctx as the state's context: canceling ctx stops the Lua code and the
// requests it has in flight.
func (s *Session) Call(ctx context.Context, c *luabind.Chunk, args ...string) ([]Value, error) {
	vals, err := s.rt.Call(ctx, c, args...)
	if err != nil {
		return nil, s.toError(ctx, err)
	}
	return vals, nil
}

// toError turns an error of the runtime into an *Error with its message, traceback, cause and
// code.
func (s *Session) toError(ctx context.Context, err error) *Error {
	f := s.rt.Explain(err)
	e := &Error{Code: ExitScript, Message: f.Message, Err: f.Cause, Incomplete: f.Incomplete}
	if !f.Syntax && !f.File {
		e.Traceback = usefulTraceback(f.Traceback)
	}
	if f.File {
		e.Code = ExitUsage
	}
	var exit *exitRequest
	if errors.As(e.Err, &exit) {
		return &Error{Code: exit.code, Exit: true, Message: exit.Error(), Err: e.Err}
	}
	if e.Code == ExitScript {
		e.Code = codeOf(e.Err)
	}
	if ctx.Err() != nil {
		e.Code = ExitInterrupted
		e.Message = "interrupted: " + e.Message
		e.Traceback = ""
	}
	return e
}

// usefulTraceback trims gopher-lua's traceback: no trailing "[G]: ?" frame, and nothing at all
// when the only Lua frame is the chunk itself (the message already names its line).
func usefulTraceback(tb string) string {
	var keep []string
	luaFrames := 0
	for _, line := range strings.Split(strings.TrimSpace(tb), "\n") {
		frame := strings.TrimSpace(line)
		switch {
		case frame == "stack traceback:" || frame == "[G]: ?" || frame == "":
			continue
		case !strings.HasPrefix(frame, "[G]:"):
			luaFrames++
		}
		keep = append(keep, line)
	}
	if luaFrames <= 1 {
		return ""
	}
	return "stack traceback:\n" + strings.Join(keep, "\n")
}
