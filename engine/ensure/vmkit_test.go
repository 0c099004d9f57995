package ensure_test

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// timesOut runs the declaration on a simulator whose manual clock only moves when the test says:
// once the wait that follows the first write has polled, the clock moves past the timeout (but
// not as far as the simulator's own transition), so the wait must time out.
func timesOut(t *testing.T, kind string, s ensure.Spec) (*ensure.Result, *wait.Error) {
	t.Helper()
	clock := sim.NewManualClock(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	e := start(t, enginetest.WithManualClock(clock))
	before := e.log.Len()
	type out struct {
		r   *ensure.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, err := ensure.Ensure(ctx(t), e.conn, ensure.Resource{Kind: kind, Spec: s},
			ensure.Options{Timeout: time.Second, Clock: clock})
		done <- out{r, err}
	}()
	wrote := false
	for n := before + 1; ; n++ {
		require.NoError(t, e.log.Wait(ctx(t), n))
		q := e.log.Requests()[n-1]
		if q.Method != "GET" {
			wrote = true
		} else if wrote {
			break // the wait has begun: it polled once
		}
	}
	clock.Advance(time.Second)
	o := <-done
	require.Error(t, o.err)
	var we *wait.Error
	require.True(t, errors.As(o.err, &we), "%v", o.err)
	assert.Equal(t, wait.Timeout, we.Reason)
	require.NotNil(t, o.r)
	assert.True(t, o.r.Changed, "the result says what was done before the wait")
	return o.r, we
}

func TestWaitTimeouts(t *testing.T) {
	tests := []struct {
		kind    string
		spec    ensure.Spec
		actions []string
		last    string
	}{
		{"vm", ensure.Spec{"name": "slow", "cluster": "Default"}, []string{"add"}, "image_locked"},
		{"disk", ensure.Spec{"name": "slow", "size": "1GiB", "storage_domain": "data1"}, []string{"add disk slow"}, "locked"},
		{"disk", ensure.Spec{"name": "slow", "vm": "vm2", "size": "1GiB"}, []string{"add disk slow"}, "locked"},
		{"snapshot", ensure.Spec{"vm": "vm2", "name": "slow"}, []string{"add"}, "locked"},
		{"host", ensure.Spec{"name": "slow", "address": "192.0.2.99", "cluster": "Default", "root_password": "x"}, []string{"add"}, "installing"},
		{"storage_domain", ensure.Spec{"name": "iso1", "data_center": "Default", "state": "maintenance"}, []string{"deactivate"}, "preparing_for_maintenance"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			r, we := timesOut(t, tt.kind, tt.spec)
			assert.Equal(t, tt.actions, r.Actions)
			assert.Equal(t, tt.last, we.Last)
			assert.Contains(t, we.Error(), "timed out after 1s")
		})
	}
}

func TestExportRoundTrip(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "web"}, ensure.Options{})
	e.must("vm", web1(), ensure.Options{})
	e.must("snapshot", ensure.Spec{"vm": "web1", "name": "before upgrade"}, ensure.Options{})
	for _, kind := range []string{"vm", "nic", "disk", "snapshot", "host", "storage_domain"} {
		t.Run(kind, func(t *testing.T) {
			rs := e.exportRoundTrip(kind, "")
			assert.NotEmpty(t, rs)
		})
	}
	rs, err := ensure.Export(ctx(t), e.conn, "vm", "name=web1")
	require.NoError(t, err)
	require.Len(t, rs, 1)
	s := rs[0].Spec
	assert.Equal(t, "running", s["state"])
	assert.Equal(t, "Default", s["cluster"])
	assert.Equal(t, []any{"web"}, s["tags"])
	assert.Equal(t, []any{map[string]any{"name": "nic1", "interface": "virtio", "vnic_profile": "ovirtmgmt"}}, s["nics"])
}

func TestKindsDocumented(t *testing.T) {
	for _, kind := range []string{"vm", "disk", "nic", "snapshot", "host", "storage_domain"} {
		k, err := ensure.Lookup(kind)
		require.NoError(t, err)
		d, ok := k.(ensure.Documented)
		require.True(t, ok, kind)
		assert.Contains(t, d.Doc(), "ovirt.ensure."+kind+"{")
	}
}

// TestExportRoundTrip100 exports 100 VMs and applies each declaration: nothing changes.
func TestExportRoundTrip100(t *testing.T) {
	e := start(t, enginetest.WithSim(sim.Options{ExtraVMs: 100}))
	rs, err := ensure.Export(ctx(t), e.conn, "vm", "name=vm-*")
	require.NoError(t, err)
	require.Len(t, rs, 100)
	before := e.log.Len()
	for _, r := range rs {
		e.noop("vm", r.Spec)
	}
	t.Logf("100 no-op VM ensures: %d requests", e.log.Len()-before)
}

// TestPresentWaitsForLockedObject: an object on its way to a usable status (a VM whose disks are
// being copied, a host being installed) is waited for before it is changed or returned; the wait
// times out on the manual clock before any write is sent.
func TestPresentWaitsForLockedObject(t *testing.T) {
	sys := func(e *env) *engine.SystemService { return e.conn.SystemService() }
	tests := []struct {
		kind, last string
		spec       ensure.Spec
		entity     *regexp.Regexp
		setup      func(e *env) error
	}{
		{"vm", "image_locked", ensure.Spec{"name": "fresh", "description": "x"}, regexp.MustCompile(`^/ovirt-engine/api/vms/[^/?]+$`),
			func(e *env) error {
				_, err := sys(e).VmsService().Add(ctx(t), &types.Vm{Name: types.Ptr("fresh"),
					Cluster: &types.Cluster{Name: types.Ptr("Default")}, Template: &types.Template{Name: types.Ptr("Blank")}}, nil)
				return err
			}},
		{"host", "installing", ensure.Spec{"name": "fresh"}, regexp.MustCompile(`^/ovirt-engine/api/hosts/[^/?]+$`),
			func(e *env) error {
				_, err := sys(e).HostsService().Add(ctx(t), &types.Host{Name: types.Ptr("fresh"), Address: types.Ptr("192.0.2.50"),
					RootPassword: types.Ptr("x"), Cluster: &types.Cluster{Name: types.Ptr("Default")}}, nil)
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			clock := sim.NewManualClock(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
			e := start(t, enginetest.WithManualClock(clock))
			require.NoError(t, tt.setup(e))
			before := e.log.Len()
			done := make(chan error, 1)
			go func() {
				_, err := ensure.Ensure(ctx(t), e.conn, ensure.Resource{Kind: tt.kind, Spec: tt.spec},
					ensure.Options{Timeout: time.Second, Clock: clock})
				done <- err
			}()
			for n := before + 1; ; n++ {
				require.NoError(t, e.log.Wait(ctx(t), n))
				if q := e.log.Requests()[n-1]; q.Method == "GET" && tt.entity.MatchString(q.URI) {
					break // the object is being read by id: the wait polls it
				}
			}
			clock.Advance(time.Second)
			err := <-done
			var we *wait.Error
			require.ErrorAs(t, err, &we)
			assert.Equal(t, tt.last, we.Last)
			for _, q := range e.log.Requests()[before:] {
				assert.Equal(t, "GET", q.Method, "nothing is written to an object on its way: %s", q)
			}
		})
	}
}
