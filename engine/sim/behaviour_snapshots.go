package sim

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerSnapshotBehaviour records the disks a snapshot covers and lets a VM be created from a
// snapshot (clone_vm_from_snapshot: POST /vms with <snapshots><snapshot id=.../></snapshots>).
// It wraps the hooks of snapshot.go and vm.go, so it is registered after them.
func registerSnapshotBehaviour(h *hooks) {
	addSnapshot := h.add["Snapshots"]
	h.add["Snapshots"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		out, f := addSnapshot(c, coll, v, clientID)
		if f != nil {
			return nil, f
		}
		vmID := c.rt.frames[len(c.rt.frames)-2].id
		recordSnapshotDisks(c, vmID, out.(*types.Snapshot))
		return out, nil
	}
	addVM := h.add["Vms"]
	h.add["Vms"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		body := v.(*types.Vm)
		if body.Snapshots.Len() == 0 {
			return addVM(c, coll, v, clientID)
		}
		return addVMFromSnapshot(c, coll, body, clientID, addVM)
	}
}

// recordSnapshotDisks stores, under the snapshot, the state of each disk attached to the VM:
// the disk's id with a new image id, as an engine lists vms/{vm}/snapshots/{snap}/disks.
func recordSnapshotDisks(c *call, vmID string, s *types.Snapshot) {
	atts := c.st.lookup("vms/" + vmID + "/diskattachments")
	disks := c.st.lookup("disks")
	if atts == nil || disks == nil {
		return
	}
	path := "vms/" + vmID + "/snapshots/" + s.GetId() + "/disks"
	rt, ok := resolve(path)
	if !ok {
		return
	}
	sd := c.st.coll(path, rt.last().node)
	for _, a := range atts.all() {
		dv, ok := disks.get(a.(*types.DiskAttachment).Disk.GetId())
		if !ok {
			continue
		}
		d := clone(dv.(*types.Disk))
		d.ImageId = types.Ptr(c.st.newID())
		d.Status = types.Ptr(types.DiskStatusOk)
		d.Snapshot = ref[types.Snapshot](s.GetId(), "vms/"+vmID+"/snapshots")
		d.Vm, d.Vms, d.Template = nil, nil, nil
		sd.put(d)
	}
}

// findSnapshot finds a snapshot by id among every VM's snapshots.
func findSnapshot(st *store, id string) (vmID string, s *types.Snapshot, ok bool) {
	for path, coll := range st.colls {
		rest, found := strings.CutPrefix(path, "vms/")
		if !found || !strings.HasSuffix(rest, "/snapshots") || strings.Count(rest, "/") != 1 {
			continue
		}
		if v, found := coll.get(id); found {
			return strings.TrimSuffix(rest, "/snapshots"), v.(*types.Snapshot), true
		}
	}
	return "", nil, false
}

// addVMFromSnapshot creates a VM with the configuration of the snapshot's VM (the members the
// client sends win), copies of the snapshot's disks (on the storage domain and in the format the
// client's disk_attachments ask for, by disk id) and of the VM's NICs, with new MACs.
func addVMFromSnapshot(c *call, coll *collection, body *types.Vm, clientID string, addVM addHook) (any, *Fault) {
	sid := body.Snapshots.Items[0].GetId()
	srcID, snap, ok := findSnapshot(c.st, sid)
	if !ok {
		return nil, notFound("Snapshot: id=" + sid)
	}
	if snap.GetSnapshotType() == types.SnapshotTypeActive {
		return nil, conflictf("Cannot add VM. The active snapshot cannot be used to create a VM; take a snapshot first.")
	}
	if snap.GetSnapshotStatus() != types.SnapshotStatusOk {
		return nil, conflictf("Cannot add VM. The snapshot is locked. Please try again in a few minutes.")
	}
	sv, ok := c.st.lookup("vms").get(srcID)
	if !ok {
		return nil, notFound("Vm: id=" + srcID)
	}
	src := sv.(*types.Vm)
	// the requested disk formats and storage domains, before anything else reads the body
	want, f := diskOverrides(c, body.DiskAttachments)
	if f != nil {
		return nil, f
	}
	cfg := &types.Vm{Memory: src.Memory, MemoryPolicy: clone(src.MemoryPolicy), Cpu: clone(src.Cpu), Os: clone(src.Os),
		Type: src.Type, Display: clone(src.Display), Bios: clone(src.Bios), HighAvailability: clone(src.HighAvailability),
		Stateless: src.Stateless, Io: clone(src.Io), Usb: clone(src.Usb), Description: src.Description,
		Cluster: src.Cluster}
	body.Snapshots, body.DiskAttachments, body.Nics = nil, nil, nil
	merge(cfg, body, node("Vm"))
	cfg.Id = body.Id
	// no template devices: the disks and NICs come from the snapshot
	cfg.Template = ref[types.Template](blankTemplateID, "templates")
	out, f := addVM(c, coll, cfg, clientID)
	if f != nil {
		return nil, f
	}
	vm := out.(*types.Vm)
	vm.Template, vm.OriginalTemplate = src.Template, src.OriginalTemplate
	newID := vm.GetId()

	srcAtts := c.st.lookup("vms/" + srcID + "/diskattachments")
	disks := c.st.lookup("vms/" + srcID + "/snapshots/" + sid + "/disks")
	if disks == nil {
		disks = c.st.lookup("disks") // a snapshot taken before disks were recorded: the current disks
	}
	atts := c.st.coll("vms/"+newID+"/diskattachments", node("DiskAttachments"))
	if srcAtts != nil && disks != nil {
		for _, a := range srcAtts.all() {
			att := a.(*types.DiskAttachment)
			dv, ok := disks.get(att.Disk.GetId())
			if !ok {
				continue
			}
			d := clone(dv.(*types.Disk))
			d.Id, d.ImageId, d.Snapshot, d.Vm, d.Vms = nil, nil, nil, nil, nil
			applyDiskOverride(d, want[att.Disk.GetId()])
			nd := c.createDisk(d)
			atts.put(&types.DiskAttachment{Id: nd.Id, Disk: ref[types.Disk](nd.GetId(), "disks"), Vm: ref[types.Vm](newID, "vms"),
				Bootable: att.Bootable, Interface: att.Interface, Active: types.Ptr(true), PassDiscard: att.PassDiscard,
				ReadOnly: att.ReadOnly, UsesScsiReservation: att.UsesScsiReservation})
		}
	}
	if nics := c.st.lookup("vms/" + srcID + "/nics"); nics != nil {
		vnics := c.st.coll("vms/"+newID+"/nics", node("VmNics"))
		for _, n := range nics.all() {
			nic := clone(n.(*types.Nic))
			id := c.st.newID()
			nic.Id, nic.Mac, nic.Vm = &id, &types.Mac{Address: types.Ptr(macFor(id))}, ref[types.Vm](newID, "vms")
			vnics.put(nic)
		}
	}
	return vm, nil
}
