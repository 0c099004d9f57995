package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestSnapshot(t *testing.T) {
	e := start(t)
	snap := ensure.Spec{"vm": "vm2", "name": "before upgrade", "persist_memorystate": false}
	r, writes := e.must("snapshot", snap, ensure.Options{Check: true})
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)
	r, writes = e.must("snapshot", snap, ensure.Options{})
	assert.Equal(t, []string{"add"}, r.Actions)
	assert.Len(t, writes, 1)
	assert.Equal(t, types.SnapshotStatusOk, r.Object.(*types.Snapshot).GetSnapshotStatus(), "the add waits until the snapshot is ok")
	e.noop("snapshot", snap)
	e.noop("snapshot", ensure.Spec{"vm": "vm2", "name": "before upgrade", "description": "before upgrade"})
	r = e.noop("snapshot", ensure.Spec{"vm": "vm2", "description": "before upgrade"}) // known by its description alone
	assert.Equal(t, "vm2/before upgrade", r.Name)

	restore := ensure.Spec{"vm": "vm2", "name": "before upgrade", "state": "restore"}
	r, writes = e.must("snapshot", restore, ensure.Options{Check: true})
	assert.Equal(t, []string{"restore"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("snapshot", restore, ensure.Options{})
	assert.Equal(t, []string{"restore"}, r.Actions)
	require.Len(t, writes, 1)
	assert.Contains(t, writes[0], "/restore")
	vm, err := e.conn.SystemService().VmsService().List(ctx(t), nil)
	require.NoError(t, err)
	for _, v := range vm {
		if v.GetName() == "vm2" {
			assert.Equal(t, types.VmStatusDown, v.GetStatus(), "the restore waits until the vm is unlocked")
		}
	}

	_, _, err = e.ensure("snapshot", ensure.Spec{"vm": "vm2", "name": "nope", "state": "restore"}, ensure.Options{})
	require.EqualError(t, err, "snapshot nope: no snapshot 'nope' of vm vm2 to restore")
	_, _, err = e.ensure("snapshot", ensure.Spec{"vm": "vm2", "name": "a", "description": "b"}, ensure.Options{})
	require.ErrorContains(t, err, "name and description of a snapshot are the same thing: give one")
	_, _, err = e.ensure("snapshot", ensure.Spec{"vm": "vm2"}, ensure.Options{})
	require.EqualError(t, err, "snapshot: a snapshot needs its description (description='before upgrade')")

	gone := ensure.Spec{"vm": "vm2", "name": "before upgrade", "state": "absent"}
	r, writes = e.must("snapshot", gone, ensure.Options{Check: true})
	assert.Equal(t, "remove", r.Op)
	assert.Empty(t, writes)
	r, writes = e.must("snapshot", gone, ensure.Options{})
	assert.Equal(t, []string{"remove"}, r.Actions)
	assert.Len(t, writes, 1)
	e.noop("snapshot", gone)
}
