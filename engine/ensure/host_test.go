package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestHost(t *testing.T) {
	e := start(t)
	e.must("cluster", ensure.Spec{"name": "c2", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}}, ensure.Options{})
	host := ensure.Spec{"name": "host3", "address": "192.0.2.13", "cluster": "Default", "root_password": "s3cret"}
	r, writes := e.must("host", host, ensure.Options{Check: true})
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)
	assert.NotContains(t, r.Diff, "root_password")
	r, writes = e.must("host", host, ensure.Options{})
	assert.Equal(t, []string{"add"}, r.Actions)
	assert.Len(t, writes, 1)
	assert.Equal(t, types.HostStatusUp, r.Object.(*types.Host).GetStatus(), "the add waits until the host is up")
	for _, q := range e.log.Requests() {
		assert.NotContains(t, q.Body, "s3cret", "the root password reached the log of %s", q)
	}
	assert.NotContains(t, r.Diff, "root_password")
	e.noop("host", host)

	steps := []struct {
		kv      []any
		actions []string
		status  types.HostStatus
	}{
		{[]any{"description", "rack 4"}, []string{"update description"}, types.HostStatusUp},
		{[]any{"state", "maintenance"}, []string{"deactivate"}, types.HostStatusMaintenance},
		{[]any{"cluster", "c2"}, []string{"update cluster"}, types.HostStatusMaintenance},
		{[]any{"power_management", map[string]any{"enabled": true}}, []string{"update power_management.enabled"}, types.HostStatusMaintenance},
		{[]any{"state", "active"}, []string{"activate"}, types.HostStatusUp},
	}
	for _, st := range steps {
		host[st.kv[0].(string)] = st.kv[1]
		r, writes := e.must("host", host, ensure.Options{Check: true})
		assert.Equal(t, st.actions, r.Actions)
		assert.Empty(t, writes)
		r, writes = e.must("host", host, ensure.Options{})
		assert.Equal(t, st.actions, r.Actions)
		assert.Len(t, writes, 1)
		assert.Equal(t, st.status, r.Object.(*types.Host).GetStatus())
		e.noop("host", host)
	}

	_, _, err := e.ensure("host", ensure.Spec{"name": "host3", "state": "maintainance"}, ensure.Options{})
	require.ErrorContains(t, err, "did you mean 'maintenance'?")

	gone := ensure.Spec{"name": "host3", "state": "absent"}
	r, writes = e.must("host", gone, ensure.Options{Check: true})
	assert.Equal(t, []string{"deactivate", "remove"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("host", gone, ensure.Options{})
	assert.Equal(t, []string{"deactivate", "remove"}, r.Actions)
	assert.Len(t, writes, 2)
	e.noop("host", gone)
}
