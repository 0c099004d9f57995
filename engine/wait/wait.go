package wait

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// DefaultTimeout is the timeout of a wait whose Options.Timeout is 0.
const DefaultTimeout = 5 * time.Minute

// The polling intervals without Options.Interval: polls start quick and slow down, so quick
// transitions are seen quickly without hammering a slow engine.
const (
	firstInterval = 100 * time.Millisecond
	maxInterval   = 2 * time.Second
)

// Clock is the time source of a wait. sim.ManualClock fits through AfterFuncClock.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// AfterFuncClock adapts a clock that schedules functions (sim.ManualClock, sim.Clock) to Clock.
func AfterFuncClock(c interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (cancel func() bool)
}) Clock {
	return afterFuncClock{c}
}

type afterFuncClock struct {
	c interface {
		Now() time.Time
		AfterFunc(d time.Duration, f func()) (cancel func() bool)
	}
}

func (a afterFuncClock) Now() time.Time { return a.c.Now() }

func (a afterFuncClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	a.c.AfterFunc(d, func() { ch <- a.c.Now() })
	return ch
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options tune a wait. The zero value waits up to DefaultTimeout on the wall clock.
type Options struct {
	// Timeout bounds the wait (0: DefaultTimeout).
	Timeout time.Duration
	// Interval between polls (0: from 0.1 s doubling up to 2 s).
	Interval time.Duration
	// Clock is the time source (nil: the wall clock).
	Clock Clock
	// Progress, when set, is called with the first status seen and then on each change, with
	// the time since the wait began. It runs on the goroutine that called the wait.
	Progress func(status string, elapsed time.Duration)
}

// poller runs the polling loop common to the waits.
type poller struct {
	o       Options
	start   time.Time
	delay   time.Duration
	last    string
	seen    bool
	timeout time.Duration
}

func newPoller(o Options) (*poller, error) {
	if o.Timeout < 0 {
		return nil, fmt.Errorf("wait: timeout: expected 0 or more, got %s", o.Timeout)
	}
	if o.Interval < 0 {
		return nil, fmt.Errorf("wait: interval: expected 0 or more, got %s", o.Interval)
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	p := &poller{o: o, start: o.Clock.Now(), delay: o.Interval, timeout: o.Timeout}
	if p.delay == 0 {
		p.delay = firstInterval
	}
	if p.timeout == 0 {
		p.timeout = DefaultTimeout
	}
	return p, nil
}

func (p *poller) elapsed() time.Duration { return p.o.Clock.Now().Sub(p.start) }

// observe records the status read by a poll and reports a change to Progress.
func (p *poller) observe(status string) {
	if p.seen && status == p.last {
		return
	}
	p.seen, p.last = true, status
	if p.o.Progress != nil {
		p.o.Progress(status, p.elapsed())
	}
}

// sleep waits for the next poll; it returns false when the timeout has passed.
func (p *poller) sleep(ctx context.Context) (bool, error) {
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	left := p.timeout - p.elapsed()
	if left <= 0 {
		return false, nil
	}
	select {
	case <-ctx.Done():
		return false, context.Cause(ctx)
	case <-p.o.Clock.After(min(p.delay, left)):
	}
	if p.o.Interval == 0 {
		p.delay = min(p.delay*2, maxInterval)
	}
	return true, nil
}

// getter is the Get method of a generated entity service and the type it returns.
type getter struct {
	get  reflect.Value
	typ  *types.TypeInfo
	path string
}

func newGetter(service any) (*getter, error) {
	v := reflect.ValueOf(service)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, fmt.Errorf("wait: expected an entity service, got %T", service)
	}
	g := &getter{get: v.MethodByName("Get")}
	if !g.get.IsValid() || g.get.Type().NumIn() != 2 || g.get.Type().NumOut() != 2 || g.get.Type().Out(0).Kind() != reflect.Pointer {
		return nil, fmt.Errorf("wait: %s has no get method: expected an entity service", v.Type().Elem().Name())
	}
	g.typ = types.StructInfo(g.get.Type().Out(0).Elem())
	if ps, ok := service.(interface{ Path() string }); ok {
		g.path = ps.Path()
	}
	return g, nil
}

// fetch GETs the object; a 404 answers (nil, the engine's error).
func (g *getter) fetch(ctx context.Context) (any, error) {
	out := g.get.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.Zero(g.get.Type().In(1))})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	return out[0].Interface(), nil
}

// what names the object for messages: "VM 'web1'", else "VM vms/123".
func (g *getter) what(obj any) string {
	label := "object"
	if g.typ != nil {
		label = names.Label(g.typ)
	}
	if n := types.NameOf(obj); n != "" {
		return label + " '" + n + "'"
	}
	return label + " " + g.path
}

func isNotFound(err error) bool {
	var ee *engine.Error
	return errors.As(err, &ee) && ee.Kind == engine.KindNotFound
}

// For polls service (a generated entity service such as *engine.VmService) until the status
// member of its object (see StatusMember) has one of the want values, and returns the object.
// A status of FailedStatuses that is not wanted ends the wait with a Failed *Error, a missing
// object with NotFound or Removed, the timeout with Timeout. A wanted value the model does not
// know is an error, unless the object has it (a newer engine).
func For(ctx context.Context, service any, want []string, o Options) (any, error) {
	g, err := newGetter(service)
	if err != nil {
		return nil, err
	}
	if statusMember(g.typ) == nil {
		return nil, fmt.Errorf("wait: %s has no status member to wait on", g.typ.Name)
	}
	if len(want) == 0 {
		return nil, errors.New("wait: no status to wait for")
	}
	want = lower(want)
	p, err := newPoller(o)
	if err != nil {
		return nil, err
	}
	what, found := g.what(nil), false
	for {
		obj, err := g.fetch(ctx)
		switch {
		case isNotFound(err) && !found:
			return nil, &Error{Reason: NotFound, What: what, Want: want, Elapsed: p.elapsed(), Err: err}
		case isNotFound(err):
			return nil, &Error{Reason: Removed, What: what, Want: want, Last: p.last, Elapsed: p.elapsed(), Err: err}
		case err != nil:
			return nil, fmt.Errorf("wait: %s: %w", what, err)
		}
		status, _ := Status(obj)
		if !found {
			found, what = true, g.what(obj)
			if !slices.Contains(want, status) {
				if err := checkWanted(g.typ, want); err != nil {
					return nil, err
				}
			}
		}
		p.observe(status)
		if slices.Contains(want, status) {
			return obj, nil
		}
		if slices.Contains(FailedStatuses(g.typ), status) {
			return obj, &Error{Reason: Failed, What: what, Want: want, Last: status, Elapsed: p.elapsed()}
		}
		if ok, err := p.sleep(ctx); err != nil {
			return nil, fmt.Errorf("wait: %s: %w", what, err)
		} else if !ok {
			return nil, timeoutError(what, want, p.last, p.elapsed(), p.timeout)
		}
	}
}

// checkWanted refuses wanted values the status enum of t does not have: such a wait could only
// end with the timeout.
func checkWanted(t *types.TypeInfo, want []string) error {
	values := StatusValues(t)
	for _, w := range want {
		if !slices.Contains(values, w) {
			m := statusMember(t)
			return fmt.Errorf("wait: '%s' is not a %s value%s (values: %s)", w, m.Type,
				suggest.DidYouMean(suggest.Nearest(w, values, 1)), strings.Join(values, ", "))
		}
	}
	return nil
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// Gone polls service until its object is not found (removed). Progress sees the statuses of
// objects that have one, else "present".
func Gone(ctx context.Context, service any, o Options) error {
	g, err := newGetter(service)
	if err != nil {
		return err
	}
	p, err := newPoller(o)
	if err != nil {
		return err
	}
	what := g.what(nil)
	for {
		obj, err := g.fetch(ctx)
		switch {
		case isNotFound(err):
			p.observe("gone")
			return nil
		case err != nil:
			return fmt.Errorf("wait: %s: %w", what, err)
		}
		what = g.what(obj)
		status, ok := Status(obj)
		if !ok {
			status = "present"
		}
		p.observe(status)
		if ok, err := p.sleep(ctx); err != nil {
			return fmt.Errorf("wait: %s: %w", what, err)
		} else if !ok {
			return timeoutError(what, nil, p.last, p.elapsed(), p.timeout)
		}
	}
}
