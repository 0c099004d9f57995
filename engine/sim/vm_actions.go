package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

type vmAction func(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault)

func registerVMActions(h *hooks) {
	for path, f := range map[string]vmAction{
		"start": startVM, "stop": stopVM, "shutdown": shutdownVM, "suspend": suspendVM, "reboot": rebootVM,
		"reset": resetVM, "migrate": migrateVM, "cancelmigration": cancelMigration, "clone": cloneVM,
		"previewsnapshot": previewSnapshot, "commitsnapshot": commitSnapshot, "undosnapshot": undoSnapshot,
	} {
		h.action["Vm/"+path] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
			return f(c, coll, v.(*types.Vm), in)
		}
	}
}

func vmStatus(v *types.Vm) **types.VmStatus { return &v.Status }

// startVM: wait_for_launch → powering_up → up (or paused) on a chosen host; a suspended VM
// goes through restoring_state.
func startVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	switch vm.GetStatus() {
	case types.VmStatusDown, types.VmStatusSuspended:
	case types.VmStatusPaused:
		setVMStatus(coll, vm.GetId(), types.VmStatusUp)
		return &types.Action{}, nil
	case types.VmStatusImageLocked:
		return nil, conflictf("Cannot run VM: VM is locked. Please try again in a few minutes.")
	default:
		return nil, conflictf("Cannot run VM. VM %s is running.", vm.GetName())
	}
	target := vm
	if in.Vm != nil && in.Vm.PlacementPolicy != nil {
		target = clone(vm)
		target.PlacementPolicy = in.Vm.PlacementPolicy
	}
	host, ok := pickHost(c.st, target, "")
	if !ok {
		return nil, conflictf("Cannot run VM. There is no host that satisfies current scheduling constraints. See below for details:")
	}
	resuming := vm.GetStatus() == types.VmStatusSuspended
	pause := in.Pause != nil && *in.Pause
	id, hostID := vm.GetId(), host.GetId()
	mutate(coll, id, func(v *types.Vm) bool {
		v.Status = types.Ptr(types.VmStatusWaitForLaunch)
		if resuming {
			v.Status = types.Ptr(types.VmStatusRestoringState)
		}
		v.Host = ref[types.Host](hostID, "hosts")
		v.RunOnce = types.Ptr(in.Vm != nil)
		v.StopTime, v.StopReason = nil, nil
		return true
	})
	job := startJob(c.st, c.now, "Launching VM "+vm.GetName())
	s := c.s
	up := func(st *store) {
		now := s.clock.Now()
		ok := mutate(st.lookup("vms"), id, func(v *types.Vm) bool {
			if v.GetStatus() != types.VmStatusPoweringUp && v.GetStatus() != types.VmStatusRestoringState {
				return false
			}
			bringUp(st, v, hostID, now)
			if pause {
				v.Status = types.Ptr(types.VmStatusPaused)
			}
			return true
		})
		status := types.JobStatusFailed
		if ok {
			status = types.JobStatusFinished
			recordEvent(st, now, 153, types.LogSeverityNormal, fmt.Sprintf("VM %s started on Host %s", vm.GetName(), host.GetName()),
				&eventRefs{vm: id, host: hostID, cluster: vm.Cluster.GetId()})
		}
		endJob(st, st.lookup("jobs"), job, status, now)
	}
	// each step schedules the next, so that on a fast clock they cannot overtake each other
	s.later(delayLaunch, func(st *store) {
		if mutate(st.lookup("vms"), id, func(v *types.Vm) bool {
			if v.GetStatus() != types.VmStatusWaitForLaunch {
				return false
			}
			v.Status, v.StartTime = types.Ptr(types.VmStatusPoweringUp), types.Ptr(s.clock.Now())
			return true
		}) || resuming {
			s.later(delayPowerUp, up)
		} else {
			endJob(st, st.lookup("jobs"), job, types.JobStatusFailed, s.clock.Now())
		}
	})
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}

// bringUp makes v a VM running on host: status up, start time, guest information and one
// reported device with addresses per NIC.
func bringUp(st *store, v *types.Vm, hostID string, now time.Time) {
	id := v.GetId()
	v.Status = types.Ptr(types.VmStatusUp)
	v.Host = ref[types.Host](hostID, "hosts")
	if v.StartTime == nil {
		v.StartTime = types.Ptr(now)
	}
	v.Fqdn = types.Ptr(v.GetName() + ".sim.example")
	v.GuestOperatingSystem = &types.GuestOperatingSystem{Family: types.Ptr("Linux"), Distribution: types.Ptr("Red Hat Enterprise Linux"),
		Architecture: types.Ptr("x86_64"), Codename: types.Ptr("Plow"),
		Kernel:  &types.Kernel{Version: &types.Version{FullVersion: types.Ptr("5.14.0-427.el9.x86_64")}},
		Version: &types.Version{FullVersion: types.Ptr("9.4"), Major: types.Ptr(int64(9)), Minor: types.Ptr(int64(4))}}
	v.GuestTimeZone = &types.TimeZone{Name: types.Ptr("UTC"), UtcOffset: types.Ptr("+00:00")}
	rt, _ := resolve("vms/" + id + "/reporteddevices")
	devs := st.coll("vms/"+id+"/reporteddevices", rt.last().node)
	devs.clear()
	if nics := st.lookup("vms/" + id + "/nics"); nics != nil {
		for i, n := range nics.all() {
			nic := n.(*types.Nic)
			a, b := ipOctets(id, i)
			devs.put(&types.ReportedDevice{Id: types.Ptr(st.newID()), Name: types.Ptr(fmt.Sprintf("eth%d", i)),
				Type: types.Ptr(types.ReportedDeviceTypeNetwork), Mac: clone(nic.Mac), Vm: ref[types.Vm](id, "vms"),
				Ips: []*types.Ip{
					{Address: types.Ptr(fmt.Sprintf("10.%d.%d.%d", 10+i, a, b)), Version: types.Ptr(types.IpVersionV4)},
					{Address: types.Ptr(fmt.Sprintf("fe80::5c6f:1aff:fe%02x:%02x%02x", i, a, b)), Version: types.Ptr(types.IpVersionV6)},
				}})
		}
	}
	applyGuestInit(st, v, devs)
	reportLogicalNames(st, id, true)
}

func ipOctets(id string, i int) (int, int) {
	m := macFor(fmt.Sprintf("%s/%d", id, i))
	var x, y, z int
	_, _ = fmt.Sscanf(m[9:], "%x:%x:%x", &x, &y, &z)
	return y, max(z, 2) % 254
}

// bringDown makes v a stopped VM.
func bringDown(st *store, v *types.Vm, to types.VmStatus, now time.Time) {
	v.Status = types.Ptr(to)
	if to == types.VmStatusDown {
		v.StartTime = nil
		v.StopTime = types.Ptr(now)
		applyNextRun(st, v)
	}
	v.Host = nil
	v.GuestOperatingSystem, v.GuestTimeZone, v.Fqdn = nil, nil, nil
	v.RunOnce = types.Ptr(false)
	if devs := st.lookup("vms/" + v.GetId() + "/reporteddevices"); devs != nil {
		devs.clear()
	}
	reportLogicalNames(st, v.GetId(), false)
}

func setVMStatus(coll *collection, id string, s types.VmStatus) {
	mutate(coll, id, func(v *types.Vm) bool { v.Status = types.Ptr(s); return true })
}

func stopVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() == types.VmStatusDown {
		return &types.Action{}, nil // the engine skips stopping a VM that is down, successfully
	}
	if !vmRunning(vm.GetStatus()) && vm.GetStatus() != types.VmStatusSuspended {
		return nil, conflictf("Cannot stop VM. VM is not running.")
	}
	host := vm.Host.GetId()
	mutate(coll, vm.GetId(), func(v *types.Vm) bool {
		bringDown(c.st, v, types.VmStatusDown, c.now)
		if in.Reason != nil {
			v.StopReason = in.Reason
		}
		return true
	})
	c.event(33, types.LogSeverityNormal, fmt.Sprintf("VM %s powered off by %s.", vm.GetName(), DefaultUser),
		&eventRefs{vm: vm.GetId(), host: host})
	return &types.Action{}, nil
}

func shutdownVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() == types.VmStatusDown {
		return &types.Action{}, nil // as stop: nothing to do is success
	}
	if !vmRunning(vm.GetStatus()) {
		return nil, conflictf("Cannot shutdown VM. VM is not running.")
	}
	setVMStatus(coll, vm.GetId(), types.VmStatusPoweringDown)
	s, id, name, host := c.s, vm.GetId(), vm.GetName(), vm.Host.GetId()
	s.later(delayPowerDown, func(st *store) {
		now := s.clock.Now()
		if mutate(st.lookup("vms"), id, func(v *types.Vm) bool {
			if v.GetStatus() != types.VmStatusPoweringDown {
				return false
			}
			bringDown(st, v, types.VmStatusDown, now)
			v.StopReason = in.Reason
			return true
		}) {
			recordEvent(st, now, 73, types.LogSeverityNormal, fmt.Sprintf("VM shutdown initiated by %s on VM %s (Host: %s).",
				DefaultUser, name, host), &eventRefs{vm: id, host: host})
		}
	})
	return &types.Action{}, nil
}

func suspendVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusUp {
		return nil, conflictf("Cannot hibernate VM. VM is not up.")
	}
	setVMStatus(coll, vm.GetId(), types.VmStatusSavingState)
	s := c.s
	s.later(delaySaveState, func(st *store) {
		mutate(st.lookup("vms"), vm.GetId(), func(v *types.Vm) bool {
			if v.GetStatus() != types.VmStatusSavingState {
				return false
			}
			bringDown(st, v, types.VmStatusSuspended, s.clock.Now())
			return true
		})
	})
	return &types.Action{}, nil
}

func rebootVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusUp {
		return nil, conflictf("Cannot reboot VM. VM is not up.")
	}
	setVMStatus(coll, vm.GetId(), types.VmStatusRebootInProgress)
	transition(c.s, delayReboot, "vms", vm.GetId(), vmStatus, []types.VmStatus{types.VmStatusRebootInProgress}, types.VmStatusUp, nil)
	return &types.Action{}, nil
}

func resetVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusUp {
		return nil, conflictf("Cannot reset VM. VM is not up.")
	}
	return &types.Action{}, nil
}

// migrateVM moves an up VM to the given host or the least loaded other host of its cluster.
func migrateVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusUp {
		return nil, conflictf("Cannot migrate VM. VM is not running.")
	}
	from := vm.Host.GetId()
	var target *types.Host
	if in.Host != nil {
		hv, ok := c.st.lookup("hosts").find(firstNonEmpty(in.Host.GetId(), in.Host.GetName()))
		if !ok {
			return nil, notFound("Host: " + firstNonEmpty(in.Host.GetId(), "name="+in.Host.GetName()))
		}
		target = hv.(*types.Host)
		if target.GetId() == from {
			return nil, conflictf("Cannot migrate VM. VM is already running on the destination host.")
		}
		if target.GetStatus() != types.HostStatusUp {
			return nil, conflictf("Cannot migrate VM. Destination host is not up.")
		}
	} else {
		h, ok := pickHost(c.st, vm, from)
		if !ok {
			return nil, conflictf("Cannot migrate VM. There is no host that satisfies current scheduling constraints.")
		}
		target = h
	}
	setVMStatus(coll, vm.GetId(), types.VmStatusMigrating)
	to := target.GetId()
	job := startJob(c.st, c.now, "Migrating VM "+vm.GetName()+" to Host "+target.GetName())
	s := c.s
	s.later(delayMigrate, func(st *store) {
		now := s.clock.Now()
		mutate(st.lookup("vms"), vm.GetId(), func(v *types.Vm) bool {
			if v.GetStatus() != types.VmStatusMigrating {
				return false
			}
			v.Status, v.Host = types.Ptr(types.VmStatusUp), ref[types.Host](to, "hosts")
			return true
		})
		endJob(st, st.lookup("jobs"), job, types.JobStatusFinished, now)
		recordEvent(st, now, 63, types.LogSeverityNormal, fmt.Sprintf("Migration completed (VM: %s, Source: %s, Destination: %s).",
			vm.GetName(), from, target.GetName()), &eventRefs{vm: vm.GetId(), host: to})
	})
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}

func cancelMigration(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusMigrating {
		return nil, conflictf("Cannot cancel migration for non migrating VM.")
	}
	setVMStatus(coll, vm.GetId(), types.VmStatusUp)
	return &types.Action{}, nil
}

// cloneVM creates a down copy of a down VM under the name the action gives.
func cloneVM(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vmRunning(vm.GetStatus()) || vm.GetStatus() == types.VmStatusImageLocked {
		return nil, conflictf("Cannot add VM. VM is not down.")
	}
	name := in.Vm.GetName()
	if nameTaken(coll, name, "") {
		return nil, conflictf("Cannot add VM. The VM name is already in use, please choose a unique name and try again.")
	}
	cp := clone(vm)
	id := c.st.newID()
	cp.Id, cp.Name, cp.CreationTime = &id, &name, types.Ptr(c.now)
	cp.Status = types.Ptr(types.VmStatusImageLocked)
	coll.put(cp)
	c.st.coll("vms/"+id+"/snapshots", node("Snapshots")).put(withID(activeSnapshot(c.now, id), c.st.newID()))
	transition(c.s, delayImageLock, "vms", id, vmStatus, []types.VmStatus{types.VmStatusImageLocked}, types.VmStatusDown, nil)
	return &types.Action{Vm: ref[types.Vm](id, "vms")}, nil
}

func previewSnapshot(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	if vm.GetStatus() != types.VmStatusDown {
		return nil, conflictf("Cannot preview Snapshot. VM must be down.")
	}
	snaps := c.st.lookup("vms/" + vm.GetId() + "/snapshots")
	sid := in.Snapshot.GetId()
	if _, ok := snaps.get(sid); !ok {
		return nil, notFound("Snapshot: id=" + sid)
	}
	mutate(snaps, sid, func(s *types.Snapshot) bool { s.SnapshotStatus = types.Ptr(types.SnapshotStatusInPreview); return true })
	setVMStatus(coll, vm.GetId(), types.VmStatusImageLocked)
	transition(c.s, delaySnapshot, "vms", vm.GetId(), vmStatus, []types.VmStatus{types.VmStatusImageLocked}, types.VmStatusDown, nil)
	return &types.Action{}, nil
}

func commitSnapshot(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	return endPreview(c, vm, "commit")
}

func undoSnapshot(c *call, coll *collection, vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	return endPreview(c, vm, "undo")
}

func endPreview(c *call, vm *types.Vm, what string) (*types.Action, *Fault) {
	snaps := c.st.lookup("vms/" + vm.GetId() + "/snapshots")
	found := false
	if snaps != nil {
		for _, id := range slices.Clone(snaps.order) {
			mutate(snaps, id, func(s *types.Snapshot) bool {
				if s.GetSnapshotStatus() != types.SnapshotStatusInPreview {
					return false
				}
				found = true
				s.SnapshotStatus = types.Ptr(types.SnapshotStatusOk)
				return true
			})
		}
	}
	if !found {
		return nil, conflictf("Cannot %s Snapshot. VM is not in preview mode.", what)
	}
	return &types.Action{}, nil
}
