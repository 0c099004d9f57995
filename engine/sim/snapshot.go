package sim

import (
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func snapshotStatus(s *types.Snapshot) **types.SnapshotStatus { return &s.SnapshotStatus }

func registerSnapshots(h *hooks) {
	h.add["Snapshots"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		vmID := c.rt.frames[len(c.rt.frames)-2].id
		vv, _ := c.st.lookup("vms").get(vmID)
		vm := vv.(*types.Vm)
		if vm.GetStatus() == types.VmStatusImageLocked {
			return nil, conflictf("Cannot create Snapshot. VM is locked. Please try again in a few minutes.")
		}
		s := v.(*types.Snapshot)
		s.SnapshotType = types.Ptr(types.SnapshotTypeRegular)
		s.SnapshotStatus = types.Ptr(types.SnapshotStatusLocked)
		s.Date = types.Ptr(c.now)
		if s.PersistMemorystate == nil {
			s.PersistMemorystate = types.Ptr(false)
		}
		s.Vm = ref[types.Vm](vmID, "vms")
		job := startJob(c.st, c.now, "Creating VM Snapshot "+s.GetDescription()+" for VM "+vm.GetName())
		transition(c.s, delaySnapshot, coll.path, s.GetId(), snapshotStatus,
			[]types.SnapshotStatus{types.SnapshotStatusLocked}, types.SnapshotStatusOk, nil)
		c.s.finishJobLater(delaySnapshot, job)
		c.event(45, types.LogSeverityNormal, fmt.Sprintf("Snapshot '%s' creation for VM '%s' was initiated by %s.",
			s.GetDescription(), vm.GetName(), DefaultUser), &eventRefs{vm: vmID})
		return s, nil
	}
	h.remove["Snapshot"] = func(c *call, coll *collection, v any) *Fault {
		s := v.(*types.Snapshot)
		switch {
		case s.GetSnapshotType() == types.SnapshotTypeActive:
			return conflictf("Cannot remove Snapshot. The active snapshot cannot be removed.")
		case s.GetSnapshotStatus() != types.SnapshotStatusOk:
			return conflictf("Cannot remove Snapshot. Snapshot is currently being created or in preview.")
		}
		return nil
	}
	h.action["Snapshot/restore"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		s := v.(*types.Snapshot)
		vmID := c.rt.frames[len(c.rt.frames)-3].id
		vms := c.st.lookup("vms")
		vv, _ := vms.get(vmID)
		if vv.(*types.Vm).GetStatus() != types.VmStatusDown {
			return nil, conflictf("Cannot restore VM Snapshot. VM must be down.")
		}
		if s.GetSnapshotStatus() != types.SnapshotStatusOk {
			return nil, conflictf("Cannot restore VM Snapshot. Snapshot is locked.")
		}
		setVMStatus(vms, vmID, types.VmStatusImageLocked)
		transition(c.s, delaySnapshot, "vms", vmID, vmStatus, []types.VmStatus{types.VmStatusImageLocked}, types.VmStatusDown, nil)
		return &types.Action{}, nil
	}
}
