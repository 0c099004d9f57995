package luabind

import (
	"context"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Undo steps: "create a scratch VM, use it, remove it" without a pcall and a flag per script.
//
//	local vm = vms_service:add(...)
//	ovirt.cleanup(function() vms_service:vm_service(vm.id):remove() end, 'remove ' .. vm.name)
//
// A step registered inside ovirt.scope(fn) runs when fn ends; one registered outside any scope
// runs when the script ends (Runtime.Cleanup, which ovirtsh calls after a script, a -e chunk or
// the REPL, whether it succeeded, failed or was interrupted). Steps run last first, each even
// when another failed, under a context the interrupted run's cancellation does not reach.

// CleanupTimeout bounds the undo steps of a scope that run after its run was canceled (a
// Ctrl-C): they must be able to talk to the engine, but not forever.
const CleanupTimeout = 5 * time.Minute

// cleanupStep is one undo step.
type cleanupStep struct {
	fn        *lua.LFunction
	what      string // what the step does, for messages: "remove web1"
	where     string // where it was registered: "deploy.lua:12"
	dismissed bool
}

func (s *cleanupStep) name() string {
	what := s.what
	if what == "" {
		what = "cleanup step"
	}
	if s.where != "" {
		what += " (registered at " + s.where + ")"
	}
	return what
}

// luaCleanup is ovirt.cleanup(fn [, what]): registers fn as an undo step of the innermost scope
// and returns a function that dismisses it (for what turned out to be worth keeping).
func (r *Runtime) luaCleanup(L *lua.LState) int {
	step := &cleanupStep{fn: L.CheckFunction(1), what: L.OptString(2, ""), where: where(L)}
	if len(r.scopes) == 0 {
		r.scopes = append(r.scopes, nil)
	}
	r.scopes[len(r.scopes)-1] = append(r.scopes[len(r.scopes)-1], step)
	L.Push(r.newFunction(L, func(L *lua.LState) int {
		step.dismissed = true
		return 0
	}))
	return 1
}

// luaScope is ovirt.scope(fn, ...): calls fn with the arguments and returns its results; the
// steps registered while it runs are undone when it ends. fn's error, if any, is raised again
// after them; if fn succeeded, the first failed step's error is raised.
func (r *Runtime) luaScope(L *lua.LState) int {
	fn := L.CheckFunction(1)
	args := make([]lua.LValue, 0, L.GetTop()-1)
	for i := 2; i <= L.GetTop(); i++ {
		args = append(args, L.Get(i))
	}
	if len(r.scopes) == 0 {
		r.scopes = append(r.scopes, nil) // the script's own level stays below
	}
	r.scopes = append(r.scopes, nil)
	depth := len(r.scopes)
	vals, ferr := r.call(L, fn, args...)
	steps := r.scopes[depth-1]
	r.scopes = r.scopes[:depth-1]

	ctx := L.Context()
	if ctx != nil && ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
		defer cancel()
	}
	cerr, _ := r.undo(L, ctx, steps)
	switch {
	case ferr != nil:
		if cerr != nil {
			fmt.Fprintf(r.stderr, "ovirtsh: %s\n", cerr.Error())
		}
		r.raise(L, ferr)
	case cerr != nil:
		r.raise(L, cerr)
	}
	for _, v := range vals {
		L.Push(v)
	}
	return len(vals)
}

// Cleanup runs the undo steps registered outside any scope (ovirt.cleanup), last first, under
// ctx, and forgets them. It returns the first failure (saying how many failed); the others are
// reported on the runtime's Stderr. Call it when a script ends, however it ended; Close does not
// run them.
func (r *Runtime) Cleanup(ctx context.Context) error {
	if len(r.scopes) == 0 {
		return nil
	}
	steps := r.scopes[0]
	r.scopes = r.scopes[:0]
	first, failed := r.undo(r.L, ctx, steps)
	switch {
	case failed == 1:
		return first
	case failed > 1:
		return fmt.Errorf("%w (and %d more cleanup steps failed)", first, failed-1)
	}
	return nil
}

// undo runs steps last first under ctx, each even when another failed. It returns the first
// failure and how many failed; the failures after the first are reported on Stderr.
func (r *Runtime) undo(L *lua.LState, ctx context.Context, steps []*cleanupStep) (*Error, int) {
	prev := L.Context()
	defer func() {
		if prev != nil {
			L.SetContext(prev)
		}
	}()
	var first *Error
	failed := 0
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.dismissed {
			continue
		}
		s.dismissed = true
		if ctx != nil {
			L.SetContext(ctx)
		}
		_, err := r.call(L, s.fn)
		if err == nil {
			continue
		}
		failed++
		e := *err
		e.Message = fmt.Sprintf("%s failed: %s", s.name(), err.Message)
		if first == nil {
			first = &e
		} else {
			fmt.Fprintf(r.stderr, "ovirtsh: %s\n", e.Error())
		}
	}
	return first, failed
}

// where is the script position of the caller of the Go function running in L: "deploy.lua:12".
func where(L *lua.LState) string {
	w := L.Where(1)
	if len(w) > 0 && w[len(w)-1] == ':' {
		w = w[:len(w)-1]
	}
	return w
}
