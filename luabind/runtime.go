package luabind

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	luar "layeh.com/gopher-luar"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Options configure a Runtime. The zero value works: no connection, output to os.Stdout.
type Options struct {
	// Conn is an open connection that scripts reach as ovirt.connection. The runtime never closes
	// it; connections scripts open with ovirt.connect are closed by Runtime.Close.
	Conn *engine.Connection
	// Stdout receives print, io.write, dump, table and help; nil means os.Stdout.
	Stdout io.Writer
	// Stderr receives what the Lua-written helpers report to people (ovirt.args' usage errors);
	// nil means os.Stderr.
	Stderr io.Writer
	// MaxStringBytes caps the strings that string.rep, string.format and table.concat build:
	// a longer result is a Lua error naming the limit, raised before anything is allocated.
	// 0 means DefaultMaxStringBytes.
	MaxStringBytes int
	// MemoryLimit, when not 0, stops a running chunk with an error wrapping ErrMemoryLimit once
	// the Go heap of the process holds more than this many bytes (sampled every 5 ms while Lua
	// code runs). It is the ceiling for what MaxStringBytes cannot catch, such as a '..' in a
	// loop. The heap is the whole process's: leave room for what the embedder holds.
	MemoryLimit uint64
	// Restricted runs scripts in a sandbox, for hosts that run scripts they do not fully trust:
	// os.execute, os.exit, os.getenv (the environment often holds credentials), os.setenv,
	// os.remove, os.rename, os.tmpname, loadfile, dofile, io (except io.write, to Stdout) and
	// debug (except debug.traceback) raise an error naming what was refused; require loads
	// preloaded modules (ovirt) and Lua files under AllowedPaths only; the files ovirt.upload_disk,
	// ovirt.download_disk and ovirt.connect (ca_file, cert_file, key_file) name must lie under
	// AllowedPaths. Scripts can still reach any engine with ovirt.connect. The CLI runs
	// unrestricted.
	Restricted bool
	// AllowedPaths are the directories a restricted runtime reads modules from and lets
	// transfers and connections use files under (symbolic links resolved).
	AllowedPaths []string
}

// Runtime is one Lua state with the ovirt module preloaded. It is not safe for concurrent use:
// one goroutine runs Lua at a time, while requests started by scripts run in their own
// goroutines and hand their results back to it.
type Runtime struct {
	L       *lua.LState
	ctx     context.Context
	cancel  context.CancelFunc
	stdout  io.Writer
	stderr  io.Writer
	scopes  [][]*cleanupStep // undo steps: [0] the script's, then one per open ovirt.scope
	started time.Time

	memLimit   uint64
	restricted bool
	allowed    []string // Options.AllowedPaths, absolute and resolved

	conn  *connection   // Options.Conn, not owned
	owned []*connection // opened by ovirt.connect

	bindings  map[reflect.Type]*typeBinding
	services  map[string]*types.ServiceInfo // by Go type name
	members   map[string]*lua.LFunction     // service methods and locators by "Service.name"
	ctors     map[*lua.LFunction]*types.TypeInfo
	enums     map[*lua.LTable]*types.TypeInfo
	methodsOf map[*lua.LFunction]methodRef

	errorMeta, listMeta, serviceMeta, futureMeta, connMeta *lua.LTable
	trampoline                                             *lua.LFunction // see protect.go
	threads                                                []pooledThread

	ensureCollect func(ensure.Resource) error // see CollectEnsures (ensure.go)
}

// New returns a runtime whose context is ctx: canceling it stops running Lua code and the
// requests scripts have in flight.
func New(ctx context.Context, opts Options) (*Runtime, error) {
	r := &Runtime{
		stdout:     opts.Stdout,
		stderr:     opts.Stderr,
		started:    time.Now(),
		bindings:   map[reflect.Type]*typeBinding{},
		services:   map[string]*types.ServiceInfo{},
		members:    map[string]*lua.LFunction{},
		ctors:      map[*lua.LFunction]*types.TypeInfo{},
		enums:      map[*lua.LTable]*types.TypeInfo{},
		methodsOf:  map[*lua.LFunction]methodRef{},
		memLimit:   opts.MemoryLimit,
		restricted: opts.Restricted,
	}
	if opts.Restricted {
		var err error
		if r.allowed, err = resolveAllowed(opts.AllowedPaths); err != nil {
			return nil, err
		}
	}
	if r.stdout == nil {
		r.stdout = os.Stdout
	}
	if r.stderr == nil {
		r.stderr = os.Stderr
	}
	for _, s := range types.Services() {
		r.services[s.GoName] = s
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	L := lua.NewState(stateOptions)
	r.L = L
	L.SetContext(r.ctx)
	r.errorMeta = r.newErrorMeta(L)
	r.listMeta = r.newListMeta(L)
	r.serviceMeta = r.newServiceMeta(L)
	r.futureMeta = r.newFutureMeta(L)
	r.connMeta = r.newConnMeta(L)
	if opts.Conn != nil {
		r.conn = &connection{b: opts.Conn}
	}
	r.installProtectedCalls(L)
	maxString := opts.MaxStringBytes
	if maxString <= 0 {
		maxString = DefaultMaxStringBytes
	}
	r.capStrings(L, maxString)
	r.patchTableFuncs(L)
	r.redirectOutput(L)
	installPythonGuards(L)
	if r.restricted {
		r.restrict(L)
	}
	L.PreloadModule("ovirt", r.loadModule)
	return r, nil
}

// State returns the Lua state, for embedders that need gopher-lua directly. Use it only from the
// goroutine that runs the runtime.
func (r *Runtime) State() *lua.LState { return r.L }

// Close cancels the runtime's context (and with it the requests in flight), closes the
// connections scripts opened and closes the Lua state.
func (r *Runtime) Close() error {
	r.cancel()
	for _, t := range r.threads {
		if t.cancel != nil {
			t.cancel()
		}
	}
	r.threads = nil
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, c := range r.owned {
		if err := c.close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	r.owned = nil
	r.L.Close()
	return errors.Join(errs...)
}

// DoString runs a chunk of Lua source; its results are discarded. ctx can cancel this run (see
// Run).
func (r *Runtime) DoString(ctx context.Context, src string) error {
	_, err := r.Run(ctx, "<string>", src)
	return err
}

// DoFile runs a Lua file; errors name it with the line. ctx can cancel this run (see Run).
func (r *Runtime) DoFile(ctx context.Context, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return &Error{Kind: KindScript, Message: err.Error(), Err: err}
	}
	src := string(b)
	if strings.HasPrefix(src, "#!") { // a shebang line
		src = "--" + src
	}
	_, err = r.Run(ctx, path, src)
	return err
}

// Eval runs a chunk and returns its results as Go values (see Value). ctx can cancel this run
// (see Run).
func (r *Runtime) Eval(ctx context.Context, src string) ([]any, error) {
	vals, err := r.Run(ctx, "<string>", src)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = r.Value(v)
	}
	return out, nil
}

// Run compiles src as the chunk name (used in error positions) and runs it. ctx can cancel this
// run only (a REPL's Ctrl-C); the runtime's context always can. The results are
// returned as Lua values and removed from the stack. Failures are *Error.
func (r *Runtime) Run(ctx context.Context, name, src string) ([]lua.LValue, error) {
	L := r.L
	runCtx := r.ctx
	cancelable := ctx != nil && ctx.Done() != nil // context.Background never is
	if cancelable || r.memLimit > 0 {
		var cancel context.CancelCauseFunc
		runCtx, cancel = context.WithCancelCause(r.ctx)
		defer cancel(nil)
		if cancelable {
			stop := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
			defer stop()
		}
		if r.memLimit > 0 {
			defer watchMemory(runCtx, cancel, r.memLimit)()
		}
		L.SetContext(runCtx)
		defer L.SetContext(r.ctx)
	}
	fn, err := L.Load(strings.NewReader(src), name)
	if err != nil {
		return nil, withHint(fromAPIError(err), src)
	}
	top := L.GetTop()
	L.Push(fn)
	err = L.PCall(0, lua.MultRet, nil)
	if err != nil {
		L.SetTop(top)
		e := withHint(fromAPIError(err), src)
		if runCtx.Err() != nil && e.Kind == KindScript {
			where := e.Where
			e = toError(context.Cause(runCtx))
			e.Message, e.Where = "the script was stopped: "+e.Message, where
		}
		return nil, e
	}
	return popResults(L, top), nil
}

// popResults returns the values above top and removes them from the stack.
func popResults(L *lua.LState, top int) []lua.LValue {
	vals := make([]lua.LValue, 0, L.GetTop()-top)
	for i := top + 1; i <= L.GetTop(); i++ {
		vals = append(vals, L.Get(i))
	}
	L.SetTop(top)
	return vals
}

// Register makes fn a global Lua function. A Go panic in fn becomes a Lua error; to raise a
// structured error from fn, call Raise.
func (r *Runtime) Register(name string, fn lua.LGFunction) {
	r.L.SetGlobal(name, r.newFunction(r.L, fn))
}

// Preload makes require(name) return a table of the given functions.
func (r *Runtime) Preload(name string, funcs map[string]lua.LGFunction) {
	r.L.PreloadModule(name, func(L *lua.LState) int {
		t := L.NewTable()
		for k, f := range funcs {
			t.RawSetString(k, r.newFunction(L, f))
		}
		L.Push(t)
		return 1
	})
}

// Raise raises err in L as a structured error (an *Error keeps its kind; engine errors are
// classified). It does not return.
func (r *Runtime) Raise(L *lua.LState, err error) { r.raise(L, toError(err)) }

// SetGlobal sets a global to the Lua form of v (see ToLua).
func (r *Runtime) SetGlobal(name string, v any) { r.L.SetGlobal(name, r.ToLua(v)) }

// Global returns a global as a Go value (see Value).
func (r *Runtime) Global(name string) any { return r.Value(r.L.GetGlobal(name)) }

// ToLua converts a Go value for scripts: generated type values (*types.Vm...) become typed
// values, generated services become services, slices and maps become tables, lua.LValue and
// lua.LGFunction pass as they are, and anything else goes through gopher-luar.
func (r *Runtime) ToLua(v any) lua.LValue {
	switch x := v.(type) {
	case nil:
		return lua.LNil
	case lua.LValue:
		return x
	case lua.LGFunction:
		return r.newFunction(r.L, x)
	case func(*lua.LState) int:
		return r.newFunction(r.L, x)
	case *engine.Connection:
		return r.wrapConn(&connection{b: x})
	case error:
		return r.errorValue(r.L, toError(x))
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		if _, ok := r.services[rv.Type().Elem().Name()]; ok {
			return r.wrapService(rv)
		}
	}
	return r.toLua(rv, false)
}

// goValue wraps a Go value the binding does not know with gopher-luar.
func (r *Runtime) goValue(v reflect.Value) lua.LValue { return luar.New(r.L, v.Interface()) }

// Value converts a Lua value to Go: nil, bool, string, float64 (int64 when integral), the
// pointer inside a typed value, the slice inside a list, the service inside a service value,
// *Error, []any for tables with items 1..n, map[string]any for other tables, and the Lua value
// itself for functions and the rest.
func (r *Runtime) Value(lv lua.LValue) any {
	switch v := lv.(type) {
	case *lua.LNilType:
		return nil
	case lua.LBool:
		return bool(v)
	case lua.LString:
		return string(v)
	case lua.LNumber:
		if f := float64(v); f == float64(int64(f)) {
			return int64(f)
		}
		return float64(v)
	case *lua.LUserData:
		switch x := v.Value.(type) {
		case *listView:
			return x.items.Interface()
		case *service:
			return x.v.Interface()
		case *connection:
			return x.b
		}
		return v.Value
	case *lua.LTable:
		if n := v.Len(); n > 0 {
			out := make([]any, n)
			for i := range out {
				out[i] = r.Value(v.RawGetInt(i + 1))
			}
			return out
		}
		out := map[string]any{}
		v.ForEach(func(k, val lua.LValue) { out[k.String()] = r.Value(val) })
		return out
	}
	return lv
}

// redirectOutput sends print and io.write to the runtime's Stdout.
func (r *Runtime) redirectOutput(L *lua.LState) {
	L.SetGlobal("print", r.newFunction(L, func(L *lua.LState) int {
		parts := make([]string, L.GetTop())
		for i := range parts {
			parts[i] = L.ToStringMeta(L.Get(i + 1)).String()
		}
		fmt.Fprintln(r.stdout, strings.Join(parts, "\t"))
		return 0
	}))
	if io, ok := L.GetGlobal("io").(*lua.LTable); ok {
		io.RawSetString("write", r.newFunction(L, func(L *lua.LState) int {
			for i := 1; i <= L.GetTop(); i++ {
				switch v := L.Get(i).(type) {
				case lua.LString, lua.LNumber:
					fmt.Fprint(r.stdout, v.String())
				default:
					L.ArgError(i, "string expected, got "+v.Type().String())
				}
			}
			return 0
		}))
	}
}
