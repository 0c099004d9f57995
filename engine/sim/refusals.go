package sim

import (
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerRefusals adds the checks by which a real engine refuses what the hooks registered
// before would otherwise accept; each wraps the hook it guards.
func registerRefusals(h *hooks) {
	assign := h.add["ClusterNetworks"]
	h.add["ClusterNetworks"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		out, f := assign(c, coll, v, clientID)
		if f != nil {
			return nil, f
		}
		n := out.(*types.Network)
		top, _ := lookupEntity(c.st, "networks", n.GetId()).(*types.Network)
		cl := networksCluster(c.st, coll)
		if top != nil && cl != nil && top.DataCenter.GetId() != cl.DataCenter.GetId() {
			return nil, conflictf("Cannot attach Network %s to Cluster %s. The network and the cluster belong to different Data Centers.",
				n.GetName(), cl.GetName())
		}
		return out, nil
	}
	detach := h.remove["ClusterNetwork"]
	h.remove["ClusterNetwork"] = func(c *call, coll *collection, v any) *Fault {
		n := v.(*types.Network)
		cl := networksCluster(c.st, coll)
		if slices.Contains(n.Usages, types.NetworkUsageManagement) || (cl != nil && cl.ManagementNetwork.GetId() == n.GetId()) {
			return conflictf("Cannot detach Network %s. It is the management network of the cluster; it cannot be detached from it.",
				n.GetName())
		}
		if detach != nil {
			return detach(c, coll, v)
		}
		return nil
	}
	update := h.update["Vm"]
	h.update["Vm"] = func(c *call, coll *collection, old, upd any) *Fault {
		if old.(*types.Vm).GetStatus() == types.VmStatusImageLocked { // its disks are being created or copied
			return conflictf("Cannot edit VM: VM is locked. Please try again in a few minutes.")
		}
		return update(c, coll, old, upd)
	}
	deactivate := h.action["AttachedStorageDomain/deactivate"]
	h.action["AttachedStorageDomain/deactivate"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		sd := v.(*types.StorageDomain)
		if vms := vmsRunningOn(c.st, sd.GetId()); len(vms) > 0 {
			return nil, conflictf("Cannot deactivate Storage. The following running VMs have disks on Storage Domain %s: %s.",
				sd.GetName(), strings.Join(vms, ", "))
		}
		return deactivate(c, coll, v, in)
	}
}

// vmsRunningOn returns the names of the running VMs with a plugged disk on storage domain sd:
// those an engine's deactivation check finds (ACTION_TYPE_FAILED_DETECTED_ACTIVE_VMS).
func vmsRunningOn(st *store, sd string) []string {
	disks := st.lookup("disks")
	vms := st.lookup("vms")
	if disks == nil || vms == nil {
		return nil
	}
	var out []string
	for _, vv := range vms.all() {
		vm := vv.(*types.Vm)
		atts := st.lookup("vms/" + vm.GetId() + "/diskattachments")
		if !vmRunning(vm.GetStatus()) || atts == nil {
			continue
		}
		for _, av := range atts.all() {
			a := av.(*types.DiskAttachment)
			if a.Active != nil && !*a.Active { // an unplugged disk does not need its domain
				continue
			}
			dv, ok := disks.get(a.Disk.GetId())
			if ok && slices.ContainsFunc(dv.(*types.Disk).StorageDomains.All(), func(s *types.StorageDomain) bool { return s.GetId() == sd }) {
				out = append(out, vm.GetName())
				break
			}
		}
	}
	return out
}

// networksCluster returns the cluster whose networks coll holds (clusters/{id}/networks, also
// below a data center), or nil.
func networksCluster(st *store, coll *collection) *types.Cluster {
	p := strings.TrimSuffix(coll.path, "/networks")
	cl, _ := lookupEntity(st, "clusters", p[strings.LastIndexByte(p, '/')+1:]).(*types.Cluster)
	return cl
}

// lookupEntity returns entity id of the collection at path, or nil.
func lookupEntity(st *store, path, id string) any {
	if c := st.lookup(path); c != nil {
		v, _ := c.get(id)
		return v
	}
	return nil
}
