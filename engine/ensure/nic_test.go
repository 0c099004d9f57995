package ensure_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestNic(t *testing.T) {
	e := start(t)
	mgmt, err := e.conn.SystemService().NetworksService().List(ctx(t), nil)
	require.NoError(t, err)
	_, err = e.conn.SystemService().VnicProfilesService().Add(ctx(t), &types.VnicProfile{Name: types.Ptr("backend"),
		Network: &types.Network{Id: mgmt[0].Id}}, nil)
	require.NoError(t, err)

	nic := ensure.Spec{"vm": "vm2", "name": "nic2", "vnic_profile": "ovirtmgmt", "interface": "virtio"}
	r, writes := e.must("nic", nic, ensure.Options{Check: true})
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)
	r, writes = e.must("nic", nic, ensure.Options{})
	assert.Equal(t, []string{"add nic nic2"}, r.Actions)
	require.Len(t, writes, 1)
	assert.Contains(t, writes[0], "POST /ovirt-engine/api/vms/")
	assert.Equal(t, "nic2", r.Object.(*types.Nic).GetName())
	e.noop("nic", nic)

	steps := []struct {
		name string
		kv   []any
		path string
	}{
		{"scalar", []any{"interface", "e1000"}, "interface"},
		{"nested", []any{"mac", "56:6f:1a:00:00:99"}, "mac.address"},
		{"reference", []any{"vnic_profile", "backend"}, "vnic_profile"},
		{"boolean", []any{"linked", false}, "linked"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			nic[st.kv[0].(string)] = st.kv[1]
			r, writes := e.must("nic", nic, ensure.Options{Check: true})
			assert.Empty(t, writes)
			assert.Equal(t, []string{st.path}, slices.Sorted(maps.Keys(r.Diff)))
			r, writes = e.must("nic", nic, ensure.Options{})
			assert.Equal(t, []string{"update nic nic2"}, r.Actions)
			require.Len(t, writes, 1)
			assert.Contains(t, writes[0], "PUT ")
			e.noop("nic", nic)
		})
	}

	_, _, err = e.ensure("nic", ensure.Spec{"vm": "vm2", "name": "nic2", "interface": "virtoi"}, ensure.Options{})
	require.ErrorContains(t, err, "nic nic2: interface: 'virtoi' is not a NicInterface; did you mean 'virtio'?")
	_, _, err = e.ensure("nic", ensure.Spec{"vm": "vm9", "name": "nic2"}, ensure.Options{})
	require.EqualError(t, err, "nic nic2: no VM named 'vm9' in vms; did you mean 'vm1' or 'vm2'?")
	var ne *names.Error
	require.ErrorAs(t, err, &ne, "a missing VM is a not-found error (exit code, Lua kind)")
	assert.Equal(t, names.KindNotFound, ne.Kind)

	gone := ensure.Spec{"vm": "vm2", "name": "nic2", "state": "absent"}
	r, writes = e.must("nic", gone, ensure.Options{Check: true})
	assert.Equal(t, []string{"remove nic nic2"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("nic", gone, ensure.Options{})
	assert.Equal(t, "remove", r.Op)
	assert.Len(t, writes, 1)
	e.noop("nic", gone)
}
