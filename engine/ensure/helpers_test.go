package ensure_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// env is a simulator with a connection whose requests are recorded.
type env struct {
	t    *testing.T
	conn *engine.Connection
	log  *enginetest.RequestLog
}

func start(t *testing.T, opts ...enginetest.Option) *env {
	t.Helper()
	l := &enginetest.RequestLog{}
	conn, _ := enginetest.Start(t, append(opts, enginetest.WithRequestLog(l))...)
	return &env{t: t, conn: conn, log: l}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// ensure runs one declaration and returns its result and the write requests it sent.
func (e *env) ensure(kind string, s ensure.Spec, o ensure.Options) (*ensure.Result, []string, error) {
	e.t.Helper()
	before := e.log.Len()
	r, err := ensure.Ensure(ctx(e.t), e.conn, ensure.Resource{Kind: kind, Spec: s}, o)
	var writes []string
	for _, q := range e.log.Requests()[before:] {
		if q.Method != "GET" {
			writes = append(writes, q.String())
		}
	}
	return r, writes, err
}

// must runs one declaration that must succeed.
func (e *env) must(kind string, s ensure.Spec, o ensure.Options) (*ensure.Result, []string) {
	e.t.Helper()
	r, writes, err := e.ensure(kind, s, o)
	require.NoError(e.t, err)
	return r, writes
}

// noop checks that the declaration changes nothing and sends no write request.
func (e *env) noop(kind string, s ensure.Spec) *ensure.Result {
	e.t.Helper()
	r, writes := e.must(kind, s, ensure.Options{})
	require.False(e.t, r.Changed, "diff %v", r.Diff)
	require.Equal(e.t, "none", r.Op)
	require.Empty(e.t, writes)
	return r
}

// exportRoundTrip checks that applying the export of a kind changes nothing.
func (e *env) exportRoundTrip(kind, search string) []ensure.Resource {
	e.t.Helper()
	rs, err := ensure.Export(ctx(e.t), e.conn, kind, search)
	require.NoError(e.t, err)
	require.NotEmpty(e.t, rs)
	for _, r := range rs {
		e.noop(kind, r.Spec)
	}
	return rs
}

// change is a declaration that changes an existing object, and the paths its diff must hold.
type change struct {
	name  string
	spec  ensure.Spec
	paths []string
}

// lifecycle runs a kind through check-mode add, add, no-op, each change (check mode first, then
// for real, then a no-op), check-mode removal, removal and a no-op removal.
func (e *env) lifecycle(kind string, create ensure.Spec, changes []change) {
	t := e.t
	t.Helper()
	r, writes := e.must(kind, create, ensure.Options{Check: true})
	require.Equal(t, "add", r.Op)
	require.True(t, r.Changed)
	require.Empty(t, writes, "check mode sends nothing")
	r, writes = e.must(kind, create, ensure.Options{})
	require.Equal(t, "add", r.Op)
	require.NotEmpty(t, writes)
	require.NotNil(t, r.Object)
	e.noop(kind, create)
	e.changes(kind, changes, ensure.Options{})
	name := ensure.Spec{"name": create["name"], "state": "absent"}
	for k, v := range create { // what identifies the object besides its name (its cluster...)
		if k == "cluster" || k == "data_center" {
			name[k] = v
		}
	}
	e.removes(kind, name, ensure.Options{})
}

// signalClock is the simulator's manual clock as the waits of ensure see it: each timer a wait
// schedules is announced on scheduled, so a test advances the clock only once the wait is parked.
type signalClock struct {
	*sim.ManualClock
	scheduled chan time.Duration
}

func newSignalClock() *signalClock {
	return &signalClock{ManualClock: sim.NewManualClock(time.Time{}), scheduled: make(chan time.Duration, 16)}
}

func (c *signalClock) AfterFunc(d time.Duration, f func()) func() bool {
	stop := c.ManualClock.AfterFunc(d, f)
	c.scheduled <- d
	return stop
}

type outcome struct {
	r   *ensure.Result
	err error
}

// background runs one declaration on its own goroutine.
func (e *env) background(kind string, s ensure.Spec, o ensure.Options) <-chan outcome {
	done := make(chan outcome, 1)
	go func() {
		r, err := ensure.Ensure(ctx(e.t), e.conn, ensure.Resource{Kind: kind, Spec: s}, o)
		done <- outcome{r, err}
	}()
	return done
}

// drive advances the clock by each delay a wait schedules until the declaration is done.
func (c *signalClock) drive(done <-chan outcome) outcome {
	for {
		select {
		case d := <-c.scheduled:
			c.Advance(d)
		case o := <-done:
			return o
		}
	}
}

// changes runs each change: check mode first (the diff holds its paths, nothing is sent), then
// for real (the same diff, write requests), then a no-op.
func (e *env) changes(kind string, changes []change, o ensure.Options) {
	e.t.Helper()
	for _, c := range changes {
		e.t.Run(c.name, func(t *testing.T) {
			e := &env{t: t, conn: e.conn, log: e.log}
			check := o
			check.Check = true
			r, writes := e.must(kind, c.spec, check)
			require.True(t, r.Changed)
			require.Equal(t, c.paths, slices.Sorted(maps.Keys(r.Diff)))
			require.Empty(t, writes)
			r, writes = e.must(kind, c.spec, o)
			require.True(t, r.Changed)
			require.Equal(t, c.paths, slices.Sorted(maps.Keys(r.Diff)))
			require.NotEmpty(t, writes)
			e.noop(kind, c.spec)
		})
	}
}

// specWith returns a builder of declarations holding base's members and the given pairs.
func specWith(base ensure.Spec) func(kv ...any) ensure.Spec {
	return func(kv ...any) ensure.Spec {
		s := maps.Clone(base)
		for i := 0; i+1 < len(kv); i += 2 {
			s[kv[i].(string)] = kv[i+1]
		}
		return s
	}
}

// removes checks a removal: planned in check mode (nothing sent), done, then a no-op.
func (e *env) removes(kind string, gone ensure.Spec, o ensure.Options) {
	e.t.Helper()
	check := o
	check.Check = true
	r, writes := e.must(kind, gone, check)
	require.Equal(e.t, "remove", r.Op)
	require.Empty(e.t, writes)
	r, writes = e.must(kind, gone, o)
	require.Equal(e.t, "remove", r.Op)
	require.NotEmpty(e.t, writes)
	require.Nil(e.t, r.Object)
	e.noop(kind, gone)
}

// addMacPool adds a MAC pool (the data center and cluster tests refer to one).
func (e *env) addMacPool(name string) {
	e.t.Helper()
	_, err := e.conn.SystemService().MacPoolsService().Add(ctx(e.t), &types.MacPool{Name: types.Ptr(name),
		Ranges: []*types.Range{{From: types.Ptr("56:6f:1b:00:00:00"), To: types.Ptr("56:6f:1b:00:ff:ff")}}}, nil)
	require.NoError(e.t, err)
}
