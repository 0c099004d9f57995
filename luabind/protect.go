package luabind

import (
	"context"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua v1.1.2 closes the upvalues of every frame on the stack when an error is raised
// inside pcall, not only those of the frames being unwound. A local of the calling function then
// stops being shared with the closures that captured it:
//
//	local n = 0
//	pcall(function() n = n + 1; error('x') end)
//	print(n) --> 0 with the stock pcall, 1 here
//
// which breaks counters in retry loops and wait_for callbacks; xpcall has the opposite defect
// (it closes none). The runtime replaces both with protectedCall, which runs the function in a
// coroutine: raising there closes only the coroutine's own upvalues, exactly those of the frames
// being unwound. Coroutines are reused after calls that succeed.

// installProtectedCalls replaces pcall and xpcall.
func (r *Runtime) installProtectedCalls(L *lua.LState) {
	fn, err := L.Load(strings.NewReader("local f = ...; return f(select(2, ...))"), stdlibChunkPrefix+"pcall")
	if err != nil {
		panic(err)
	}
	r.trampoline = fn
	L.SetGlobal("pcall", L.NewFunction(func(L *lua.LState) int {
		L.CheckAny(1)
		return r.protectedCall(L, 1, L.GetTop(), nil)
	}))
	L.SetGlobal("xpcall", L.NewFunction(func(L *lua.LState) int {
		L.CheckAny(1)
		return r.protectedCall(L, 1, 1, L.CheckFunction(2))
	}))
}

// pooledThread is a coroutine kept for the next protected call.
type pooledThread struct {
	L      *lua.LState
	cancel context.CancelFunc
}

func (r *Runtime) thread(L *lua.LState) pooledThread {
	if n := len(r.threads); n > 0 {
		t := r.threads[n-1]
		r.threads = r.threads[:n-1]
		t.L.Dead = false // finished, not failed: its stack is empty
		t.L.SetContext(L.Context())
		return t
	}
	th, cancel := L.NewThread()
	th.SetContext(L.Context())
	return pooledThread{L: th, cancel: cancel}
}

// protectedCall calls the value at index fn with the arguments fn+1..last, and pushes true and
// its results, or false and the error (passed through handler when there is one). It returns the
// number of values pushed.
func (r *Runtime) protectedCall(L *lua.LState, fn, last int, handler *lua.LFunction) int {
	args := make([]lua.LValue, 0, last-fn+1)
	for i := fn; i <= last; i++ {
		args = append(args, L.Get(i))
	}
	t := r.thread(L)
	state, err, vals := L.Resume(t.L, r.trampoline, args...)
	switch state {
	case lua.ResumeOK:
		if len(r.threads) < 4 {
			r.threads = append(r.threads, t)
		} else if t.cancel != nil {
			t.cancel()
		}
		L.Push(lua.LTrue)
		for _, v := range vals {
			L.Push(v)
		}
		return len(vals) + 1
	case lua.ResumeYield:
		err = &lua.ApiError{Object: lua.LString("attempt to yield across pcall")}
	}
	if t.cancel != nil {
		t.cancel()
	}
	var obj lua.LValue = lua.LString("unknown error")
	if api, ok := err.(*lua.ApiError); ok {
		obj = api.Object
	} else if err != nil {
		obj = lua.LString(err.Error())
	}
	if handler != nil {
		L.Push(handler)
		L.Push(obj)
		L.Call(1, 1)
		obj = L.Get(-1)
		L.Pop(1)
	}
	L.Push(lua.LFalse)
	L.Push(obj)
	return 2
}

// call calls fn with args under protection and returns its results or its error.
func (r *Runtime) call(L *lua.LState, fn lua.LValue, args ...lua.LValue) ([]lua.LValue, *Error) {
	top := L.GetTop()
	defer L.SetTop(top)
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	n := r.protectedCall(L, top+1, top+1+len(args), nil)
	first := L.GetTop() - n + 1
	if L.Get(first) != lua.LTrue {
		return nil, errorOf(L.Get(first + 1))
	}
	vals := make([]lua.LValue, 0, n-1)
	for i := first + 1; i <= L.GetTop(); i++ {
		vals = append(vals, L.Get(i))
	}
	return vals, nil
}

// errorOf turns a raised Lua value into an *Error.
func errorOf(lv lua.LValue) *Error {
	if ud, ok := lv.(*lua.LUserData); ok {
		if e, ok := ud.Value.(*Error); ok {
			return e
		}
	}
	e := &Error{Kind: KindScript, Message: lv.String()}
	if m := positioned.FindStringSubmatch(e.Message); m != nil {
		e.Where, e.Message = m[1], m[2]
	}
	return e
}
