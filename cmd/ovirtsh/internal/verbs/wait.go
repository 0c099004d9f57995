package verbs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// actionStates is the state an action leads its entity to, for --wait. Other actions wait for
// the jobs the engine ran for them (by correlation id).
var actionStates = map[string][]string{
	"start": {"up"}, "reboot": {"up"}, "activate": {"up"},
	"stop": {"down"}, "shutdown": {"down"},
	"deactivate": {"maintenance"}, "suspend": {"suspended"},
}

// addedStates are the states an added entity settles in.
var addedStates = []string{"ok", "down", "up"}

// waiter is a --wait in progress.
type waiter struct {
	x       *exec_
	opts    wait.Options
	corr    string // the correlation id sent with the request
	status  *term.Status
	timeout time.Duration
}

// waitPlan returns nil without --wait; with it, a waiter whose correlation id is already in
// the request r.
func (x *exec_) waitPlan(r *request) (*waiter, error) {
	v, ok := x.cmd.opts["wait"]
	if !ok || v == "false" {
		if _, t := x.cmd.opts["timeout"]; t {
			return nil, usagef("--timeout is how long --wait waits: give --wait too")
		}
		return nil, nil
	}
	d, err := x.waitTimeout()
	if err != nil {
		return nil, err
	}
	w := &waiter{x: x, timeout: d, corr: wait.CorrelationID(), status: term.NewStatus(x.env.Stderr, x.env.StatusTTY)}
	w.opts = wait.Options{Timeout: d, Clock: x.env.Clock}
	if x.env.Clock != nil {
		w.status.SetClock(x.env.Clock.Now)
	}
	if co := r.params.Elem().FieldByName("CallOptions"); co.IsValid() {
		co.FieldByName("Query").Set(reflect.ValueOf(map[string]string{"correlation_id": w.corr}))
	}
	return w, nil
}

func (w *waiter) progress(prefix string) {
	w.opts.Progress = w.status.Progress(prefix)
}

// afterAdd waits for the added entity to settle (VMs down, disks ok, hosts up) and returns it
// as it is then.
func (w *waiter) afterAdd(ctx context.Context, e *names.Entity, added any) (any, error) {
	t := types.StructInfo(reflect.TypeOf(added).Elem())
	var want []string
	for _, s := range wait.StatusValues(t) {
		if slices.Contains(addedStates, s) {
			want = append(want, s)
		}
	}
	what := fmt.Sprintf("%s %s", w.x.noun.Singular, types.NameOf(added))
	if len(want) == 0 {
		return added, w.jobs(ctx, what)
	}
	w.progress(what)
	settled, err := wait.For(ctx, e.Service, want, w.opts)
	return settled, w.done(what, err)
}

// afterModify waits after update, remove or an action.
func (w *waiter) afterModify(ctx context.Context, e *names.Entity, m *types.MethodInfo) error {
	what := fmt.Sprintf("%s %s", w.x.noun.Singular, w.x.cmd.words[0])
	switch {
	case w.x.verb == "remove" && w.x.at.entity.Method("get") != nil: // else the jobs: nothing to poll
		w.progress(what)
		return w.done(what, wait.Gone(ctx, e.Service, w.opts))
	case w.x.verb == "action" && actionStates[m.Name] != nil && wait.StatusMember(w.x.at.item) != "":
		w.progress(what)
		_, err := wait.For(ctx, e.Service, actionStates[m.Name], w.opts)
		return w.done(what, err)
	}
	return w.jobs(ctx, what+": "+m.Name)
}

func (w *waiter) jobs(ctx context.Context, what string) error {
	w.progress(what)
	return w.done(what, wait.Job(ctx, w.x.conn, w.corr, w.opts))
}

// done ends the status line; a failure is only named there, its message is the error's.
func (w *waiter) done(what string, err error) error {
	if err != nil {
		how := "stopped"
		var we *wait.Error
		if errors.As(err, &we) {
			how = map[wait.Reason]string{wait.Timeout: "timed out", wait.Failed: "failed",
				wait.NotFound: "not found", wait.Removed: "removed"}[we.Reason]
		}
		w.status.Done(what + ": " + how)
		return err
	}
	w.status.Finish(what + ": done") // the last state shown ("vm web1: up") stays
	return nil
}
