package luabind

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWaitForStatusMembers waits on the types whose state is not in a member named status, or
// that have a status meaning failure: the member comes from engine/wait.
func TestWaitForStatusMembers(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local system = conn:system_service()
		local vm_service = system:vms_service():vm_service(VM2)
		-- a snapshot: snapshot_status (its status member is the saved VM's)
		local snaps = vm_service:snapshots_service()
		local snap = snaps:add(types.Snapshot{description='before'})
		print(snap.snapshot_status)
		print(ovirt.wait_for(snaps:snapshot_service(snap.id), 'ok', {timeout=30, interval=0.01}).snapshot_status)

		-- an image transfer: phase
		local disks = system:disks_service()
		local disk = disks:add(types.Disk{name='wait-disk', format='raw', provisioned_size=ovirt.MiB,
			storage_domains={{name='data1'}}})
		ovirt.wait_for(disks:disk_service(disk.id), 'ok', {timeout=30, interval=0.01})
		local transfers = system:image_transfers_service()
		local tr = transfers:add(types.ImageTransfer{disk={id=disk.id}, direction='upload'})
		local tr_service = transfers:image_transfer_service(tr.id)
		print(ovirt.wait_for(tr_service, 'transferring', {timeout=30, interval=0.01}).phase)
		tr_service:cancel()
		local ok, err = pcall(ovirt.wait_for, tr_service, 'finished_success', {timeout=30, interval=0.01})
		print(ok, err.kind, err.message:match("is '([%w_]+)' while waiting for 'finished_success'"))

		-- a job: status; 'failed' ends the wait
		vm_service:start()
		vm_service:stop()
		local job
		for _, j in ipairs(system:jobs_service():list()) do
			if j.description == 'Launching VM vm2' then job = j end
		end
		ok, err = pcall(ovirt.wait_for, system:jobs_service():job_service(job.id), 'finished', {timeout=30, interval=0.01})
		print(ok, err.kind, err.message:match("is 'failed' while waiting for 'finished'") ~= nil)
		print(ovirt.wait_for(system:jobs_service():job_service(job.id), 'failed', {timeout=30, interval=0.01}).status)
	`)
	lines := []string{"locked", "ok", "transferring", "false\tother\t", "false\tother\ttrue", "failed"}
	got := out.String()
	for _, l := range lines {
		assert.Contains(t, got, l)
	}
	assert.Regexp(t, `^locked\nok\ntransferring\nfalse\tother\t(cancelled_user|cancelled_system|finished_cleanup|finished_failure)\nfalse\tother\ttrue\nfailed\n$`, got)
}

func TestWaitForErrorsPointAtTheCaller(t *testing.T) {
	tests := []struct {
		name, src, kind, where, msg string
	}{
		{name: "timeout", kind: KindTimeout, where: "script.lua:4", src: `
			local function settle(s)
				-- the timeout is the caller's line, not wait.lua's
				local vm = ovirt.wait_for(s, 'down', {timeout=0.05, interval=0.01}); return vm
			end
			settle(conn:system_service():vms_service():vm_service(VM1))`,
			msg: "timed out after 0.05s"},
		{name: "no status member", kind: KindUsage, where: "script.lua:2", src: `
			ovirt.wait_for(conn:system_service():clusters_service():cluster_service(CL), 'up', {timeout=5})`,
			msg: "wait_for: Cluster has no status to wait for; pass a predicate function instead"},
		{name: "not a snapshot status", kind: KindUsage, where: "script.lua:3", src: `
			local snaps = conn:system_service():vms_service():vm_service(VM2):snapshots_service()
			ovirt.wait_for(snaps:snapshot_service(snaps:list()[1].id), 'up', {timeout=5})`,
			msg: "wait_for: 'up' is not a SnapshotStatus value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt, _, _ := newTest(t)
			run(t, rt, `CL = conn:system_service():clusters_service():list()[1].id`)
			_, err := rt.Run(t.Context(), "script.lua", prelude+tc.src)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.kind, e.Kind, e.Message)
			assert.Equal(t, tc.where, e.Where)
			assert.Contains(t, e.Message, tc.msg)
		})
	}
}
