package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func registerDisks(h *hooks) {
	addDisk := func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		d := v.(*types.Disk)
		if sd := c.pathParent("storagedomains"); sd != "" && d.StorageDomains.Len() == 0 {
			d.StorageDomains = types.ListOf(ref[types.StorageDomain](sd, "storagedomains"))
		}
		return c.createDisk(d), nil
	}
	h.add["Disks"] = addDisk
	h.add["StorageDomainDisks"] = addDisk
	h.add["AttachedStorageDomainDisks"] = addDisk
	h.remove["Disk"] = func(c *call, coll *collection, v any) *Fault {
		d := v.(*types.Disk)
		if d.GetStatus() == types.DiskStatusLocked {
			return conflictf("Cannot remove Virtual Disk. Related operation is currently in progress. Please try again later.")
		}
		if f := c.diskRemovable(d.GetId()); f != nil {
			return f
		}
		c.detachEverywhere(d.GetId())
		c.event(2014, types.LogSeverityNormal, fmt.Sprintf("Disk %s was successfully removed.", d.GetName()), nil)
		return nil
	}
	for _, a := range []string{"copy", "move"} {
		h.action["Disk/"+a] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
			d := v.(*types.Disk)
			if d.GetStatus() != types.DiskStatusOk {
				return nil, conflictf("Cannot %s Virtual Disk. Disk is locked.", a)
			}
			sd := in.StorageDomain
			if sd == nil {
				return nil, faultf(400, reasonIncomplete, "Action [storage_domain.id|storage_domain.name] required for %s", a)
			}
			r, f := c.resolveRef("StorageDomain", sd)
			if f != nil {
				return nil, f
			}
			target := r.(*types.StorageDomain)
			if a == "copy" && slices.ContainsFunc(diskOwners(c.st, d.GetId()), func(o string) bool { return strings.HasPrefix(o, "templates/") }) {
				// a template's disk is copied as another image of the same disk, on one more domain
				mutate(coll, d.GetId(), func(x *types.Disk) bool {
					if !slices.ContainsFunc(x.StorageDomains.All(), func(s *types.StorageDomain) bool { return s.GetId() == target.GetId() }) {
						x.StorageDomains = types.ListOf(append(slices.Clone(x.StorageDomains.All()), ref[types.StorageDomain](target.GetId(), "storagedomains"))...)
					}
					return true
				})
				return &types.Action{}, nil
			}
			if a == "copy" {
				cp := clone(d)
				cp.Id, cp.StorageDomains = nil, types.ListOf(target)
				c.createDisk(cp)
				return &types.Action{}, nil
			}
			mutate(coll, d.GetId(), func(x *types.Disk) bool {
				x.StorageDomains, x.Status = types.ListOf(target), types.Ptr(types.DiskStatusLocked)
				return true
			})
			transition(c.s, delayDiskLock, "disks", d.GetId(), diskStatus, []types.DiskStatus{types.DiskStatusLocked}, types.DiskStatusOk, nil)
			c.s.finishJobLater(delayDiskLock, startJob(c.st, c.now, fmt.Sprintf("Adding Disk %s", d.GetName())))
			return &types.Action{}, nil
		}
	}
	h.add["DiskAttachments"] = addAttachment
	h.remove["DiskAttachment"] = func(c *call, coll *collection, v any) *Fault {
		a := v.(*types.DiskAttachment)
		if !c.queryFlag("detach_only", true) {
			if disks := c.st.lookup("disks"); disks != nil {
				c.st.remove(disks, a.Disk.GetId())
			}
		}
		return nil
	}
}

func diskStatus(d *types.Disk) **types.DiskStatus { return &d.Status }

// pathParent returns the id after the first path segment `top` of the request path, or "".
func (c *call) pathParent(top string) string {
	fr := c.rt.frames
	for i := 1; i+1 < len(fr); i++ {
		if fr[i].path == top && fr[i+1].id != "" {
			return fr[i+1].id
		}
	}
	return ""
}

// createDisk completes a disk (defaults, first data domain) and stores it in /disks, locked
// for delayDiskLock.
func (c *call) createDisk(d *types.Disk) *types.Disk {
	if d.Id == nil {
		d.Id = types.Ptr(c.st.newID())
	}
	if d.Name == nil {
		d.Name = d.Alias // the alias is the disk's old name for the same thing
	}
	if d.Name == nil {
		d.Name = types.Ptr("disk_" + (*d.Id)[:8])
	}
	if d.Format == nil {
		d.Format = types.Ptr(types.DiskFormatCow)
	}
	if d.Sparse == nil {
		d.Sparse = types.Ptr(d.GetFormat() == types.DiskFormatCow)
	}
	if d.ProvisionedSize == nil {
		d.ProvisionedSize = types.Ptr(gib)
	}
	if d.StorageDomains.Len() == 0 {
		if sd := firstDataDomain(c.st); sd != "" {
			d.StorageDomains = types.ListOf(ref[types.StorageDomain](sd, "storagedomains"))
		}
	}
	actual := *d.ProvisionedSize
	if d.GetSparse() {
		actual = 0
	}
	d.ActualSize, d.TotalSize = types.Ptr(actual), types.Ptr(actual)
	d.Status = types.Ptr(types.DiskStatusLocked)
	d.StorageType = types.Ptr(types.DiskStorageTypeImage)
	d.ImageId = types.Ptr(c.st.newID())
	for _, f := range []**bool{&d.Shareable, &d.WipeAfterDelete, &d.PropagateErrors, &d.Bootable} {
		if *f == nil {
			*f = types.Ptr(false)
		}
	}
	if d.ContentType == nil {
		d.ContentType = types.Ptr(types.DiskContentTypeData)
	}
	engineDefaults(d)
	c.st.coll("disks", node("Disks")).put(d)
	job := startJob(c.st, c.now, fmt.Sprintf("Adding Disk %s", d.GetName()))
	transition(c.s, delayDiskLock, "disks", d.GetId(), diskStatus, []types.DiskStatus{types.DiskStatusLocked}, types.DiskStatusOk, endingJob[types.Disk](job))
	c.event(2021, types.LogSeverityNormal, fmt.Sprintf("Add-Disk operation of '%s' was initiated by %s.", d.GetName(), DefaultUser), nil)
	return d
}

func firstDataDomain(st *store) string {
	if sds := st.lookup("storagedomains"); sds != nil {
		for _, v := range sds.all() {
			if sd := v.(*types.StorageDomain); sd.GetType() == types.StorageDomainTypeData {
				return sd.GetId()
			}
		}
	}
	return ""
}

// addAttachment attaches an existing disk (disk id given) or creates the disk it describes;
// the attachment's id is the disk's id, as on an engine.
func addAttachment(c *call, coll *collection, v any, _ string) (any, *Fault) {
	a := v.(*types.DiskAttachment)
	vmID := c.rt.frames[len(c.rt.frames)-2].id
	var diskID string
	if a.Disk != nil && a.Disk.Id != nil {
		diskID = *a.Disk.Id
		dv, ok := c.st.lookup("disks").get(diskID)
		if !ok {
			return nil, notFound("Disk: id=" + diskID)
		}
		if _, ok := coll.get(diskID); ok {
			return nil, conflictf("Cannot attach Virtual Disk. The disk is already attached to VM.")
		}
		// a snapshot of the disk (disk.snapshot.id), as backups attach them, is not the disk itself
		if a.Disk.Snapshot == nil && !dv.(*types.Disk).GetShareable() && slices.ContainsFunc(diskOwners(c.st, diskID), func(o string) bool { return strings.HasPrefix(o, "vms/") }) {
			return nil, conflictf("Cannot attach Virtual Disk. The disk is not shareable and is already attached to a VM.")
		}
	} else {
		d := a.Disk
		if d == nil {
			d = &types.Disk{}
		}
		diskID = c.createDisk(clone(d)).GetId()
	}
	// an attachment is plugged only when the client asks for it (<active>true</active>)
	out := &types.DiskAttachment{Id: types.Ptr(diskID), Active: types.Ptr(false), Bootable: types.Ptr(false),
		PassDiscard: types.Ptr(false), ReadOnly: types.Ptr(false), UsesScsiReservation: types.Ptr(false)}
	a.Disk = nil
	merge(out, a, nil)
	out.Id = types.Ptr(diskID)
	out.Disk = ref[types.Disk](diskID, "disks")
	out.Vm = ref[types.Vm](vmID, "vms")
	if strings.HasPrefix(c.rt.last().path, "templates/") {
		out.Vm, out.Template = nil, ref[types.Template](vmID, "templates")
	} else if vm, ok := c.st.lookup("vms").get(vmID); ok && vmRunning(vm.(*types.Vm).GetStatus()) && out.GetActive() {
		out.LogicalName = types.Ptr(logicalName(out.GetInterface(), len(coll.order)))
	}
	return out, nil
}

// logicalName is the device name a guest agent reports for the n-th disk (from 0) on iface.
func logicalName(iface types.DiskInterface, n int) string {
	prefix := "/dev/sd"
	if iface == types.DiskInterfaceVirtio {
		prefix = "/dev/vd"
	}
	return prefix + string(rune('a'+n%26))
}

// reportLogicalNames sets (running) or clears the logical names the guest agent of VM id
// reports for its active disk attachments.
func reportLogicalNames(st *store, id string, running bool) {
	atts := st.lookup("vms/" + id + "/diskattachments")
	if atts == nil {
		return
	}
	for i, aid := range slices.Clone(atts.order) {
		mutate(atts, aid, func(a *types.DiskAttachment) bool {
			a.LogicalName = nil
			if running && a.GetActive() {
				a.LogicalName = types.Ptr(logicalName(a.GetInterface(), i))
			}
			return true
		})
	}
}

// detachEverywhere removes every attachment of a disk (the disk is being removed).
// diskRemovable refuses to remove a disk of a template (it goes with the template) or one
// attached to a VM that is not down.
func (c *call) diskRemovable(diskID string) *Fault {
	for _, owner := range diskOwners(c.st, diskID) {
		if strings.HasPrefix(owner, "templates/") {
			return conflictf("Cannot remove Virtual Disk. The disk belongs to a template: remove the template, or copy the disk.")
		}
		if vm, ok := c.st.lookup("vms").get(strings.TrimPrefix(owner, "vms/")); ok && vm.(*types.Vm).GetStatus() != types.VmStatusDown {
			return conflictf("Cannot remove Virtual Disk. At least one of the VMs is not down.")
		}
	}
	return nil
}

// diskOwners returns the paths of the VMs and templates ("vms/ID") disk diskID is attached to.
func diskOwners(st *store, diskID string) []string {
	var out []string
	for path, coll := range st.colls {
		if owner, ok := strings.CutSuffix(path, "/diskattachments"); ok {
			if _, ok := coll.get(diskID); ok {
				out = append(out, owner)
			}
		}
	}
	return out
}

func (c *call) detachEverywhere(diskID string) {
	for path, coll := range c.st.colls {
		if strings.HasSuffix(path, "/diskattachments") {
			if _, ok := coll.get(diskID); ok {
				c.st.remove(coll, diskID)
			}
		}
	}
}
