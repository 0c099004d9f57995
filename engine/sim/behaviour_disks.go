package sim

import (
	"fmt"
	"reflect"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerDiskUpdateBehaviour makes disk updates act on the disk: a disk sent inside a disk
// attachment update (extend_disk: provisioned_size through the VM's attachment) changes the disk
// itself, and a larger provisioned_size, sent either way, locks the disk while it grows; a
// smaller one is refused, as an engine cannot shrink a disk.
//
// A disk created through a disk attachment has its references (storage domains, disk
// profile) resolved like a disk added to /disks: an unknown storage domain is a 404.
func registerDiskUpdateBehaviour(h *hooks) {
	addAttachment := h.add["DiskAttachments"]
	h.add["DiskAttachments"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		if a := v.(*types.DiskAttachment); a.Disk != nil && a.Disk.GetId() == "" {
			if f := c.resolveRefs(a.Disk, nil); f != nil {
				return nil, f
			}
		}
		return addAttachment(c, coll, v, clientID)
	}
	h.update["Disk"] = func(c *call, coll *collection, old, upd any) *Fault {
		o, u := old.(*types.Disk), upd.(*types.Disk)
		if o.GetStatus() == types.DiskStatusLocked {
			return conflictf("Cannot edit Virtual Disk. Related operation is currently in progress. Please try again later.")
		}
		u.Status, u.ImageId, u.ActualSize, u.TotalSize = o.Status, o.ImageId, o.ActualSize, o.TotalSize
		return resizeDisk(c, o, u)
	}
	h.update["DiskAttachment"] = func(c *call, coll *collection, old, upd any) *Fault {
		o, u := old.(*types.DiskAttachment), upd.(*types.DiskAttachment)
		diskID := o.Disk.GetId()
		sent := u.Disk
		u.Disk = o.Disk
		if sent == nil || reflect.DeepEqual(sent, o.Disk) {
			return nil
		}
		disks := c.st.lookup("disks")
		dv, ok := disks.get(diskID)
		if !ok {
			return notFound("Disk: id=" + diskID)
		}
		d := dv.(*types.Disk)
		if d.GetStatus() == types.DiskStatusLocked {
			return conflictf("Cannot edit Virtual Disk. Related operation is currently in progress. Please try again later.")
		}
		nd := clone(d)
		ch := clone(sent)
		ch.Id, ch.Href, ch.Status, ch.ImageId, ch.ActualSize, ch.TotalSize = nil, nil, nil, nil, nil, nil
		merge(nd, ch, node("Disk"))
		if f := resizeDisk(c, d, nd); f != nil {
			return f
		}
		disks.put(nd)
		return nil
	}
}

// resizeDisk checks a change of provisioned_size from o to u and, for a growth, locks u until
// the new size is allocated.
func resizeDisk(c *call, o, u *types.Disk) *Fault {
	if u.ProvisionedSize == nil || o.ProvisionedSize == nil || *u.ProvisionedSize == *o.ProvisionedSize {
		return nil
	}
	if *u.ProvisionedSize < *o.ProvisionedSize {
		return conflictf("Cannot edit Virtual Disk. New disk size cannot be smaller than the current disk size.")
	}
	if !u.GetSparse() {
		u.ActualSize, u.TotalSize = u.ProvisionedSize, u.ProvisionedSize
	}
	u.Status = types.Ptr(types.DiskStatusLocked)
	job := startJob(c.st, c.now, fmt.Sprintf("Extending Disk %s", u.GetName()))
	transition(c.s, delayDiskLock, "disks", u.GetId(), diskStatus, []types.DiskStatus{types.DiskStatusLocked}, types.DiskStatusOk, endingJob[types.Disk](job))
	c.event(371, types.LogSeverityNormal, fmt.Sprintf("Size of the disk '%s' was successfully updated to %d GB by %s.",
		u.GetName(), *u.ProvisionedSize>>30, DefaultUser), nil)
	return nil
}

// diskOverrides reads the disk_attachments a client sends with an operation that copies disks
// (a template from a VM, a VM from a snapshot): by source disk id, the format, sparseness and
// storage domain wanted for the copy, with storage domains resolved.
func diskOverrides(c *call, atts *types.List[types.DiskAttachment]) (map[string]*types.Disk, *Fault) {
	out := map[string]*types.Disk{}
	for _, a := range atts.All() {
		if a.Disk == nil || a.Disk.GetId() == "" {
			continue
		}
		d := &types.Disk{Format: a.Disk.Format, Sparse: a.Disk.Sparse}
		if a.Disk.StorageDomains.Len() > 0 {
			r, f := c.resolveRef("StorageDomain", a.Disk.StorageDomains.Items[0])
			if f != nil {
				return nil, f
			}
			d.StorageDomains = types.ListOf(r.(*types.StorageDomain))
		}
		out[a.Disk.GetId()] = d
	}
	return out, nil
}

// applyDiskOverride sets what diskOverrides found for one disk on its copy d.
func applyDiskOverride(d, o *types.Disk) {
	if o == nil {
		return
	}
	if o.Format != nil {
		d.Format, d.Sparse = o.Format, types.Ptr(*o.Format == types.DiskFormatCow)
	}
	if o.Sparse != nil {
		d.Sparse = o.Sparse
	}
	if o.StorageDomains.Len() > 0 {
		d.StorageDomains = o.StorageDomains
	}
}
