package wait_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

func TestStatusMember(t *testing.T) {
	tests := []struct {
		typ, member string
		failed      []string
	}{
		{"Vm", "status", nil},
		{"Host", "status", []string{"install_failed"}}, // not external_status nor kdump_status
		{"StorageDomain", "status", nil},
		{"Snapshot", "snapshot_status", nil}, // not the saved VM's status
		{"ImageTransfer", "phase", []string{"finished_failure", "cancelled_system", "cancelled_user", "finished_cleanup"}},
		{"Job", "status", []string{"failed", "aborted"}},
		{"Step", "status", []string{"failed", "aborted"}},
		{"Disk", "status", []string{"illegal"}},
		{"Backup", "phase", []string{"failed"}},
		{"Checkpoint", "state", []string{"invalid"}},
		{"Cluster", "", nil},
		{"VmStatus", "", nil}, // an enum
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			ti := types.Type(tc.typ)
			assert.Equal(t, tc.member, wait.StatusMember(ti))
			assert.Equal(t, tc.failed, wait.FailedStatuses(ti))
		})
	}
	assert.Empty(t, wait.StatusMember(nil))
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name string
		obj  any
		want string
		ok   bool
	}{
		{"vm", &types.Vm{Status: types.Ptr(types.VmStatusUp)}, "up", true},
		{"snapshot", &types.Snapshot{Status: types.Ptr(types.VmStatusUp), SnapshotStatus: types.Ptr(types.SnapshotStatusLocked)}, "locked", true},
		{"transfer", &types.ImageTransfer{Phase: types.Ptr(types.ImageTransferPhaseTransferring)}, "transferring", true},
		{"unset", &types.Vm{}, "", false},
		{"nil pointer", (*types.Vm)(nil), "", false},
		{"no status", &types.Cluster{}, "", false},
		{"not an object", "up", "", false},
		{"nil", nil, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := wait.Status(tc.obj)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.ok, ok)
		})
	}
}
