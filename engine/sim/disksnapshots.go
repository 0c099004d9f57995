package sim

import (
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerDiskSnapshots makes the disk snapshot views what the VMs' snapshots hold: a storage
// domain's (or disk's) disksnapshots list the images the snapshots of VMs recorded there, and
// the Active VM snapshot lists the disks the VM has now.
func registerDiskSnapshots(h *hooks) {
	h.filter["DiskSnapshots"] = func(c *call, items []any) ([]any, *Fault) {
		return append(items, diskSnapshots(c)...), nil
	}
	h.filter["SnapshotDisks"] = func(c *call, items []any) ([]any, *Fault) {
		if len(items) > 0 {
			return items, nil
		}
		return activeSnapshotDisks(c), nil
	}
}

// diskSnapshots computes the disk snapshots of the storage domain or disk c's path names.
func diskSnapshots(c *call) []any {
	sd, disk := c.pathParent("storagedomains"), c.pathParent("disks")
	var paths []string
	for path := range c.st.colls {
		if strings.HasPrefix(path, "vms/") && strings.HasSuffix(path, "/disks") && strings.Contains(path, "/snapshots/") {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	var out []any
	for _, path := range paths {
		for _, v := range c.st.colls[path].all() {
			d := v.(*types.Disk)
			if disk != "" && d.GetId() != disk {
				continue
			}
			if sd != "" && !onDomain(d, sd) {
				continue
			}
			out = append(out, &types.DiskSnapshot{Id: d.ImageId, ImageId: d.ImageId, Name: d.Name, Alias: d.Alias,
				Description: d.Description, Disk: ref[types.Disk](d.GetId(), "disks"), Snapshot: d.Snapshot,
				Status: types.Ptr(types.DiskStatusOk), StorageDomains: d.StorageDomains, Format: d.Format, Sparse: d.Sparse,
				ProvisionedSize: d.ProvisionedSize, ActualSize: d.ActualSize, TotalSize: d.TotalSize,
				ContentType: d.ContentType, StorageType: d.StorageType, Shareable: d.Shareable})
		}
	}
	return out
}

func onDomain(d *types.Disk, sd string) bool {
	for _, s := range d.StorageDomains.All() {
		if s.GetId() == sd {
			return true
		}
	}
	return false
}

// activeSnapshotDisks lists, for the Active VM snapshot, the disks attached to the VM now.
func activeSnapshotDisks(c *call) []any {
	parts := strings.Split(c.rt.last().path, "/") // vms/{vm}/snapshots/{snapshot}/disks
	if len(parts) != 5 || parts[0] != "vms" || parts[2] != "snapshots" {
		return nil
	}
	vmID, sid := parts[1], parts[3]
	snaps := c.st.lookup("vms/" + vmID + "/snapshots")
	if snaps == nil {
		return nil
	}
	sv, ok := snaps.get(sid)
	if !ok || sv.(*types.Snapshot).GetSnapshotType() != types.SnapshotTypeActive {
		return nil
	}
	atts, disks := c.st.lookup("vms/"+vmID+"/diskattachments"), c.st.lookup("disks")
	if atts == nil || disks == nil {
		return nil
	}
	var out []any
	for _, a := range atts.all() {
		if dv, ok := disks.get(a.(*types.DiskAttachment).Disk.GetId()); ok {
			d := clone(dv.(*types.Disk))
			d.Snapshot = ref[types.Snapshot](sid, "vms/"+vmID+"/snapshots")
			out = append(out, d)
		}
	}
	return out
}
