package sim

import (
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// newVMDefaults returns what an engine fills in for a new VM before the client's members.
func newVMDefaults(now time.Time) *types.Vm {
	p := types.Ptr[string]
	return &types.Vm{Status: types.Ptr(types.VmStatusDown), CreationTime: types.Ptr(now), Type: types.Ptr(types.VmTypeServer),
		Memory: types.Ptr(gib), Stateless: types.Ptr(false), DeleteProtected: types.Ptr(false), Origin: p("ovirt"),
		SoundcardEnabled: types.Ptr(true), // as the Blank template has it
		RunOnce:          types.Ptr(false), StartPaused: types.Ptr(false), NextRunConfigurationExists: types.Ptr(false),
		Cpu: &types.Cpu{Architecture: types.Ptr(types.ArchitectureX8664), Topology: &types.CpuTopology{
			Sockets: types.Ptr(int64(1)), Cores: types.Ptr(int64(1)), Threads: types.Ptr(int64(1))}},
		CpuShares:        types.Ptr(int64(0)),
		MemoryPolicy:     &types.MemoryPolicy{Guaranteed: types.Ptr(gib), Max: types.Ptr(4 * gib), Ballooning: types.Ptr(true)},
		HighAvailability: &types.HighAvailability{Enabled: types.Ptr(false), Priority: types.Ptr(int64(0))},
		Display: &types.Display{Type: types.Ptr(types.DisplayTypeVnc), Monitors: types.Ptr(int64(1)),
			SingleQxlPci: types.Ptr(false), SmartcardEnabled: types.Ptr(false)},
		Usb:  &types.Usb{Enabled: types.Ptr(false)},
		Bios: &types.Bios{Type: types.Ptr(types.BiosTypeQ35Ovmf)},
		Os:   &types.OperatingSystem{Type: p("other"), Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd}}},
		Io:   &types.Io{Threads: types.Ptr(int64(1))},
	}
}

// vmRunning reports statuses in which a VM occupies a host.
func vmRunning(s types.VmStatus) bool {
	switch s {
	case types.VmStatusDown, types.VmStatusSuspended, types.VmStatusImageLocked, types.VmStatusUnknown, types.VmStatusUnassigned:
		return false
	}
	return true
}

// vmActive counts for the API summary.
func vmActive(vm *types.Vm) bool { return vmRunning(vm.GetStatus()) }

// macFor derives a stable MAC address in the engine's default pool from an id.
func macFor(id string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	v := h.Sum32()
	return fmt.Sprintf("56:6f:1a:%02x:%02x:%02x", byte(v>>16), byte(v>>8), byte(v))
}

func newNic(id, name, vmID, mac string) *types.Nic {
	return &types.Nic{Id: types.Ptr(id), Name: types.Ptr(name), Interface: types.Ptr(types.NicInterfaceVirtio),
		Mac: &types.Mac{Address: types.Ptr(mac)}, Plugged: types.Ptr(true), Linked: types.Ptr(true),
		Vm: ref[types.Vm](vmID, "vms")}
}

func activeSnapshot(now time.Time, vmID string) *types.Snapshot {
	return &types.Snapshot{Description: types.Ptr("Active VM"), SnapshotType: types.Ptr(types.SnapshotTypeActive),
		SnapshotStatus: types.Ptr(types.SnapshotStatusOk), Date: types.Ptr(now), PersistMemorystate: types.Ptr(false),
		Vm: ref[types.Vm](vmID, "vms")}
}

func registerVMs(h *hooks) {
	h.add["Vms"] = addVM
	h.update["Vm"] = func(c *call, coll *collection, old, upd any) *Fault {
		o, u := old.(*types.Vm), upd.(*types.Vm)
		u.Status = o.Status // status changes only through actions
		if u.GetName() != o.GetName() && nameTaken(coll, u.GetName(), o.GetId()) {
			return conflictf("Cannot edit VM. The VM name is already in use, please choose a unique name and try again.")
		}
		return nil
	}
	h.remove["Vm"] = removeVM
	h.add["VmNics"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		nic := v.(*types.Nic)
		vmID := c.rt.frames[len(c.rt.frames)-2].id
		d := newNic(nic.GetId(), nic.GetName(), vmID, macFor(nic.GetId()))
		merge(d, nic, nil)
		d.Vm = ref[types.Vm](vmID, "vms")
		if nameTaken(coll, d.GetName(), "") {
			return nil, conflictf("Cannot add Interface. The VM Network Interface name is already in use.")
		}
		return d, nil
	}
}

func nameTaken(coll *collection, name, except string) bool {
	v, ok := coll.byName(name)
	return ok && metaFor(v).getID(v) != except
}

// addVM completes a new VM: template defaults, image_locked until its disks are copied, the
// template's NICs and disks, the active snapshot, an event and a job.
func addVM(c *call, coll *collection, v any, _ string) (any, *Fault) {
	body := v.(*types.Vm)
	if nameTaken(coll, body.GetName(), "") {
		return nil, conflictf("Cannot add VM. The VM name is already in use, please choose a unique name and try again.")
	}
	tplID := blankTemplateID
	if body.Template != nil && body.Template.Id != nil {
		tplID = *body.Template.Id
	}
	want, f := diskOverrides(c, body.DiskAttachments) // format, sparseness, domain of the disk copies
	if f != nil {
		return nil, f
	}
	vm := newVMDefaults(c.now)
	if tv, ok := c.st.lookup("templates").get(tplID); ok {
		applyTemplate(vm, tv.(*types.Template))
	}
	merge(vm, body, node("Vm"))
	vm.Id = body.Id
	vm.Status = types.Ptr(types.VmStatusImageLocked)
	vm.CreationTime = types.Ptr(c.now)
	vm.Template = ref[types.Template](tplID, "templates")
	vm.OriginalTemplate = vm.Template
	if c.queryFlag("clone", false) {
		// a clone copies the template's disks and keeps no tie to it: its template is Blank
		vm.Template = ref[types.Template](blankTemplateID, "templates")
	}
	vm.Host, vm.StartTime, vm.StopTime = nil, nil, nil
	if vm.Memory != nil && vm.MemoryPolicy != nil && vm.MemoryPolicy.Guaranteed != nil && *vm.MemoryPolicy.Guaranteed > *vm.Memory {
		vm.MemoryPolicy.Guaranteed = vm.Memory
	}
	id := vm.GetId()
	c.st.coll("vms/"+id+"/snapshots", node("Snapshots")).put(withID(activeSnapshot(c.now, id), c.st.newID()))
	c.st.coll("vms/"+id+"/cdroms", node("VmCdroms")).put(&types.Cdrom{Id: types.Ptr(blankTemplateID), Vm: ref[types.Vm](id, "vms")})
	copyTemplateDevices(c, tplID, id, want)
	addGraphicsConsoles(c.st, vm)
	job := startJob(c.st, c.now, "Creating VM "+vm.GetName())
	c.event(34, types.LogSeverityNormal, fmt.Sprintf("VM %s was created by %s.", vm.GetName(), DefaultUser),
		&eventRefs{vm: id, cluster: vm.Cluster.GetId(), template: tplID})
	transition(c.s, delayImageLock, "vms", id, func(v *types.Vm) **types.VmStatus { return &v.Status },
		[]types.VmStatus{types.VmStatusImageLocked}, types.VmStatusDown, nil)
	c.s.finishJobLater(delayImageLock, job)
	return vm, nil
}

// addGraphicsConsoles gives a new VM the graphics console of its display type, with the id the
// engine gives it (the protocol's name, hex-encoded).
func addGraphicsConsoles(st *store, vm *types.Vm) {
	protocol := types.GraphicsTypeVnc
	if vm.Display.GetType() == types.DisplayTypeSpice {
		protocol = types.GraphicsTypeSpice
	}
	id := vm.GetId()
	st.coll("vms/"+id+"/graphicsconsoles", node("VmGraphicsConsoles")).put(&types.GraphicsConsole{
		Id: types.Ptr(hex.EncodeToString([]byte(protocol))), Protocol: types.Ptr(protocol), Vm: ref[types.Vm](id, "vms")})
}

func withID[T any](v *T, id string) *T {
	metaFor(v).setID(v, id)
	return v
}

// applyTemplate copies the configuration a VM inherits from its template.
func applyTemplate(vm *types.Vm, t *types.Template) {
	if t.Memory != nil {
		vm.Memory = t.Memory
	}
	if t.Cpu != nil {
		vm.Cpu = clone(t.Cpu)
	}
	if t.Os != nil {
		vm.Os = clone(t.Os)
	}
	if t.Type != nil {
		vm.Type = t.Type
	}
	if t.Stateless != nil {
		vm.Stateless = t.Stateless
	}
	if t.Display != nil {
		vm.Display = clone(t.Display)
	}
}

// copyTemplateDevices gives a new VM copies of its template's NICs and disks (disks locked
// until the copy is done), each disk as want asks for it (by template disk id).
func copyTemplateDevices(c *call, tplID, vmID string, want map[string]*types.Disk) {
	if nics := c.st.lookup("templates/" + tplID + "/nics"); nics != nil {
		vnics := c.st.coll("vms/"+vmID+"/nics", node("VmNics"))
		for _, n := range nics.all() {
			nic := clone(n.(*types.Nic))
			id := c.st.newID()
			nic.Id, nic.Mac, nic.Vm, nic.Template = &id, &types.Mac{Address: types.Ptr(macFor(id))}, ref[types.Vm](vmID, "vms"), nil
			vnics.put(nic)
		}
	}
	if atts := c.st.lookup("templates/" + tplID + "/diskattachments"); atts != nil {
		for _, a := range atts.all() {
			att := a.(*types.DiskAttachment)
			dv, ok := c.st.lookup("disks").get(att.Disk.GetId())
			if !ok {
				continue
			}
			disk := clone(dv.(*types.Disk))
			disk.Id = nil
			applyDiskOverride(disk, want[att.Disk.GetId()])
			newDisk := c.createDisk(disk)
			c.st.coll("vms/"+vmID+"/diskattachments", node("DiskAttachments")).put(&types.DiskAttachment{
				Id: newDisk.Id, Disk: ref[types.Disk](*newDisk.Id, "disks"), Vm: ref[types.Vm](vmID, "vms"),
				Bootable: att.Bootable, Interface: att.Interface, Active: types.Ptr(true), PassDiscard: att.PassDiscard})
		}
	}
}

// removeVM refuses running or locked VMs, and removes the VM's disks unless detach_only.
func removeVM(c *call, coll *collection, v any) *Fault {
	vm := v.(*types.Vm)
	switch st := vm.GetStatus(); {
	case st == types.VmStatusImageLocked:
		return conflictf("Cannot remove VM: VM is locked. Please try again in a few minutes.")
	case vmRunning(st):
		return conflictf("Cannot remove VM. VM is running.")
	}
	if vm.DeleteProtected != nil && *vm.DeleteProtected {
		return conflictf("Cannot remove VM. Delete protection is enabled. In order to delete, disable Delete protection first.")
	}
	if !c.queryFlag("detach_only", false) {
		if atts := c.st.lookup("vms/" + vm.GetId() + "/diskattachments"); atts != nil {
			disks := c.st.lookup("disks")
			for _, id := range slices.Clone(atts.order) {
				if disks != nil {
					c.st.remove(disks, id)
				}
			}
		}
	}
	c.event(113, types.LogSeverityNormal, fmt.Sprintf("VM %s was successfully removed.", vm.GetName()), &eventRefs{vm: vm.GetId()})
	return nil
}

// pickHost chooses where a VM runs: the first host of its placement policy that is up, else
// the up host of its cluster with the fewest running VMs (ties by name).
func pickHost(st *store, vm *types.Vm, exclude string) (*types.Host, bool) {
	hosts := st.lookup("hosts")
	if hosts == nil {
		return nil, false
	}
	if pp := vm.PlacementPolicy; pp != nil && pp.Hosts.Len() > 0 {
		for _, h := range pp.Hosts.Items {
			if hv, ok := hosts.find(firstNonEmpty(h.GetId(), h.GetName())); ok {
				if host := hv.(*types.Host); host.GetStatus() == types.HostStatusUp && host.GetId() != exclude {
					return host, true
				}
			}
		}
	}
	load := map[string]int{}
	if vms := st.lookup("vms"); vms != nil {
		for _, v := range vms.all() {
			if o := v.(*types.Vm); o.Host != nil && vmRunning(o.GetStatus()) {
				load[o.Host.GetId()]++
			}
		}
	}
	var best *types.Host
	for _, hv := range hosts.all() {
		h := hv.(*types.Host)
		if h.GetStatus() != types.HostStatusUp || h.GetId() == exclude || h.Cluster.GetId() != vm.Cluster.GetId() {
			continue
		}
		if best == nil || load[h.GetId()] < load[best.GetId()] ||
			(load[h.GetId()] == load[best.GetId()] && strings.Compare(h.GetName(), best.GetName()) < 0) {
			best = h
		}
	}
	return best, best != nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
