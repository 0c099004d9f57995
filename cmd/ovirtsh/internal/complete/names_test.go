package complete

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// fakeEngine is a Fetch whose answers the test sets and whose calls it can hold.
type fakeEngine struct {
	mu    sync.Mutex
	items []Item
	err   error
	calls int
	hold  chan struct{} // when not nil, each fetch waits for it to be closed
}

func (f *fakeEngine) fetch(ctx context.Context, _ string) ([]Item, error) {
	f.mu.Lock()
	f.calls++
	hold := f.hold
	f.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.items, f.err
}

func (f *fakeEngine) set(items []Item, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items, f.err = items, err
}

func (f *fakeEngine) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// TestNamesCache: a lookup never waits for more than Wait, offers what is cached while a stale
// list is fetched again (after TTL, after Invalidate), and keeps the old list when a fetch fails.
func TestNamesCache(t *testing.T) {
	now := time.Unix(1000, 0)
	var clockMu sync.Mutex
	f := &fakeEngine{hold: make(chan struct{}), items: []Item{{"web1", "1"}}}
	fetched := make(chan error, 100)
	n := NewNames(NamesOptions{Fetch: f.fetch, Wait: time.Millisecond, TTL: time.Minute,
		Now:       func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now },
		OnFetched: func(_ string, err error) { fetched <- err }})
	t.Cleanup(n.Close)

	assert.Nil(t, n.Lookup("vms"), "the engine holds the fetch: nothing yet, and no waiting for it")
	assert.Nil(t, n.Lookup("vms"), "a second Tab starts no second fetch")
	assert.Equal(t, 1, f.count())
	close(f.hold)
	require.NoError(t, <-fetched)
	assert.Equal(t, []Item{{"web1", "1"}}, n.Lookup("vms"))
	assert.Equal(t, 1, f.count(), "a fresh list is not fetched again")

	steps := []struct {
		name  string
		step  func()
		items []Item
		err   error
		after []Item // what the lookup after the fetch gives
	}{
		{name: "after TTL", step: func() { clockMu.Lock(); now = now.Add(time.Minute); clockMu.Unlock() },
			items: []Item{{"web1", "1"}, {"web2", "2"}}, after: []Item{{"web1", "1"}, {"web2", "2"}}},
		{name: "after Invalidate", step: n.Invalidate, items: []Item{{"web2", "2"}}, after: []Item{{"web2", "2"}}},
		{name: "a failed fetch keeps the list", step: n.Invalidate, err: errors.New("engine down"), after: []Item{{"web2", "2"}}},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := n.Lookup("vms")
			s.step()
			f.set(s.items, s.err)
			assert.Equal(t, before, n.Lookup("vms"), "the stale list is offered at once")
			assert.Equal(t, errText(s.err), errText(<-fetched))
			assert.Equal(t, 2+i, f.count())
			assert.Equal(t, s.after, n.Lookup("vms"))
		})
	}
}

// TestNamesFetchedAcrossAChunkStayStale: a list whose fetch started before Invalidate (a chunk
// ran meanwhile) may miss what the chunk did, so the next lookup fetches it again.
func TestNamesFetchedAcrossAChunkStayStale(t *testing.T) {
	f := &fakeEngine{hold: make(chan struct{}), items: []Item{{"web1", "1"}}}
	fetched := make(chan error, 100)
	n := NewNames(NamesOptions{Fetch: f.fetch, Wait: time.Millisecond,
		OnFetched: func(_ string, err error) { fetched <- err }})
	t.Cleanup(n.Close)
	assert.Nil(t, n.Lookup("vms"))
	n.Invalidate()
	close(f.hold)
	require.NoError(t, <-fetched)
	assert.Equal(t, []Item{{"web1", "1"}}, n.Lookup("vms"), "offered, and fetched again")
	require.NoError(t, <-fetched)
	assert.Equal(t, 2, f.count())
	assert.Equal(t, []Item{{"web1", "1"}}, n.Lookup("vms"))
	assert.Equal(t, 2, f.count(), "now fresh")
}

func errText(e error) string {
	if e == nil {
		return ""
	}
	return e.Error()
}

// TestCompleteNamesFromASlowEngine drives completion against a simulator whose API requests
// a gate holds: Tab answers while the list request is held (nothing to offer yet), and once
// the gate opens the names are there.
func TestCompleteNamesFromASlowEngine(t *testing.T) {
	held := gate.New()
	srv, err := sim.Start(context.Background(), held.Options())
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	t.Cleanup(held.Release)
	s, err := session.New(context.Background(), session.Options{Connect: func(ctx context.Context) (*engine.Connection, error) {
		user, pw := srv.Credentials()
		return engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: pw, CACerts: srv.CACertPEM()})
	}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	fetched := make(chan error, 100)
	names := NewNames(NamesOptions{Fetch: ConnFetch(s.Connection), OnFetched: func(_ string, err error) { fetched <- err }})
	t.Cleanup(names.Close)
	c := New(s)
	c.SetNames(names)

	_, got := c.Complete("ovirt.get('vms/")
	assert.Empty(t, got)
	assert.ErrorIs(t, <-fetched, ErrNotConnected, "completion never opens the connection")

	_, err = s.Run(context.Background(), "connect", "conn:url()") // logs in; SSO is not held
	require.NoError(t, err)
	type result struct {
		word string
		got  []string
	}
	done := make(chan result, 1)
	go func() {
		w, g := c.Complete("ovirt.get('vms/")
		done <- result{w, g}
	}()
	<-held.Arrived() // the list request is at the engine, held
	select {
	case r := <-done:
		assert.Equal(t, "'vms/", r.word)
		assert.Empty(t, r.got, "nothing was cached")
	case <-time.After(30 * time.Second): // the gate is still closed: Complete waited for it
		t.Fatal("Complete waited for the held request")
	}
	held.Release()
	require.NoError(t, <-fetched)

	_, err = s.Run(context.Background(), "ids", "svc = system:vms_service(); id1 = ovirt.get('vms/vm1').id; nic1 = ovirt.get('vms/vm1/nics/nic1').id")
	require.NoError(t, err)
	id1, nic1 := s.GlobalValue("id1").String(), s.GlobalValue("nic1").String()
	tests := []struct {
		before string
		word   string
		has    []string
		hasnt  []string
	}{
		{before: "ovirt.get('vms/", word: "'vms/", has: []string{"'vms/vm1", "'vms/vm2"}, hasnt: []string{"'vms/" + id1}},
		{before: "ovirt.get('vms/vm", word: "'vms/vm", has: []string{"'vms/vm1", "'vms/vm2"}},
		{before: `ovirt.service("vms/` + id1[:4], word: `"vms/` + id1[:4], has: []string{`"vms/` + id1}},
		{before: "ovirt.get('", word: "'", has: []string{"'vms/", "'hosts/", "'datacenters/", "'storagedomains/"}},
		{before: "ovirt.get('vms/vm1/", word: "'vms/vm1/", has: []string{"'vms/vm1/nics/", "'vms/vm1/diskattachments/"}},
		{before: "system:vms_service():vm_service('", word: "'", has: []string{"'" + id1 + "'"}},
		{before: "svc:vm_service('" + id1[:2], word: "'" + id1[:2], has: []string{"'" + id1 + "'"}},
		{before: "ovirt.get('nope/", word: "'nope/"},
		{before: "ovirt.get('vms/vm1/nics/", word: "'vms/vm1/nics/", has: []string{"'vms/vm1/nics/nic1"}},
		{before: "system:vms_service():vm_service('" + id1 + "'):nics_service():nic_service('", word: "'", has: []string{"'" + nic1 + "'"}},
		{before: "ovirt.get('vms', '", word: "'", has: []string{"'vm1", "'vm2"}},
		{before: "ovirt.service(svc, 'vm", word: "'vm", has: []string{"'vm1", "'vm2"}},
		{before: `ovirt.get(system:vms_service(), "`, word: `"`, has: []string{`"vm1`}},
		{before: "ovirt.get('vms/vm1', '", word: "'"},
		{before: "print(x, '", word: "'"},
	}
	for _, tt := range tests {
		t.Run(tt.before, func(t *testing.T) {
			word, got := c.Complete(tt.before)
			for len(got) == 0 && len(tt.has) > 0 { // a collection not seen yet: its fetch started
				require.NoError(t, <-fetched) // this one's or an earlier one's end: look again
				word, got = c.Complete(tt.before)
			}
			assert.Equal(t, tt.word, word)
			for _, h := range tt.has {
				assert.Contains(t, got, h)
			}
			for _, h := range tt.hasnt {
				assert.NotContains(t, got, h)
			}
			if tt.has == nil {
				assert.Empty(t, got)
			}
		})
	}
}
