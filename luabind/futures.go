package luabind

import (
	"context"
	"fmt"
	"reflect"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// future is a request running in its own goroutine. The goroutine only calls the Go method; the
// results are converted to Lua values by wait, on the goroutine that runs Lua.
type future struct {
	name string
	m    *types.MethodInfo
	done chan struct{}
	out  []reflect.Value
	err  *Error // a panic in the call
}

const futureTypeName = "ovirt.future"

// start runs the call in a goroutine under the Lua state's current context. Arguments of
// asynchronous calls are copied first, so that the script may change its values meanwhile.
func (r *Runtime) start(L *lua.LState, c *call, async bool) *future {
	f := &future{name: c.name, m: c.m, done: make(chan struct{})}
	args := make([]reflect.Value, 0, len(c.args)+1)
	args = append(args, reflect.ValueOf(L.Context()))
	for _, a := range c.args {
		if async {
			a = deepCopy(a)
		}
		args = append(args, a)
	}
	go func() {
		defer close(f.done)
		defer func() {
			if p := recover(); p != nil {
				f.err = &Error{Kind: KindInternal, Message: fmt.Sprintf("internal error in %s: %v", f.name, p)}
			}
		}()
		f.out = c.fn.Call(args)
	}()
	return f
}

// await waits for f, then pushes its results or raises its error.
func (r *Runtime) await(L *lua.LState, f *future) int {
	vals, err := r.result(L, f)
	if err != nil {
		r.raise(L, err)
	}
	for _, v := range vals {
		L.Push(v)
	}
	return len(vals)
}

// result waits for f and returns its results or its error.
func (r *Runtime) result(L *lua.LState, f *future) ([]lua.LValue, *Error) {
	select {
	case <-f.done:
	case <-L.Context().Done():
		e := toError(context.Cause(L.Context()))
		e.Message = f.name + ": " + e.Message
		return nil, e
	}
	if f.err != nil {
		return nil, f.err
	}
	out := f.out
	if n := len(out); n > 0 && out[n-1].Type() == reflect.TypeFor[error]() {
		if !out[n-1].IsNil() {
			return nil, toError(out[n-1].Interface().(error))
		}
		out = out[:n-1]
	}
	return r.results(out, f.m), nil
}

func (r *Runtime) wrapFuture(f *future) *lua.LUserData {
	ud := r.L.NewUserData()
	ud.Value = f
	ud.Metatable = r.futureMeta
	return ud
}

func (r *Runtime) checkFuture(L *lua.LState, n int) *future {
	ud, ok := L.Get(n).(*lua.LUserData)
	if ok {
		if f, ok := ud.Value.(*future); ok {
			return f
		}
	}
	r.raiseUsage(L, "bad argument #%d: expected a future (from a call with wait=false), got %s", n, r.got(L.Get(n)))
	return nil
}

func (r *Runtime) newFutureMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTypeMetatable(futureTypeName)
	methods := map[string]lua.LGFunction{
		// wait returns the results of the call, or raises its error.
		"wait": func(L *lua.LState) int { return r.await(L, r.checkFuture(L, 1)) },
		// done reports whether the call has finished.
		"done": func(L *lua.LState) int {
			select {
			case <-r.checkFuture(L, 1).done:
				L.Push(lua.LTrue)
			default:
				L.Push(lua.LFalse)
			}
			return 1
		},
	}
	idx := L.NewTable()
	for k, f := range methods {
		idx.RawSetString(k, r.newFunction(L, f))
	}
	mt.RawSetString("__index", idx)
	mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
		f := r.checkFuture(L, 1)
		state := "running"
		select {
		case <-f.done:
			state = "done"
		default:
		}
		L.Push(lua.LString(fmt.Sprintf("future(%s, %s)", f.name, state)))
		return 1
	}))
	return mt
}

// waitAll is ovirt.wait_all(futures): it waits for every future, then returns a table of their
// first results in order, or raises the first error once all have finished.
func (r *Runtime) waitAll(L *lua.LState) int {
	t := L.CheckTable(1)
	out := L.CreateTable(t.Len(), 0)
	var first *Error
	for i := 1; i <= t.Len(); i++ {
		L.Push(t.RawGetInt(i))
		f := r.checkFuture(L, L.GetTop())
		L.Pop(1)
		vals, err := r.result(L, f)
		switch {
		case err != nil && first == nil:
			first = err
		case err == nil && len(vals) > 0:
			out.RawSetInt(i, vals[0])
		}
	}
	if first != nil {
		r.raise(L, first)
	}
	L.Push(out)
	return 1
}

// deepCopy copies pointers, structs, slices and maps, so that a request in flight does not share
// memory with the script.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			c.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return c
	}
	return v
}
