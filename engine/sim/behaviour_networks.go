package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerNetworkBehaviour gives a new VM network its default vNIC profile (of the same name),
// as an engine does, so VMs can be connected to it at once; removing a network removes its
// vNIC profiles and its assignments to clusters. networks/{id}/vnicprofiles lists and creates
// the network's profiles.
func registerNetworkBehaviour(h *hooks) {
	for _, svc := range []string{"Networks", "DataCenterNetworks"} {
		prev := h.add[svc]
		h.add[svc] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
			if prev != nil {
				var f *Fault
				if v, f = prev(c, coll, v, clientID); f != nil {
					return nil, f
				}
			}
			n := v.(*types.Network)
			if n.DataCenter == nil || n.DataCenter.GetId() == "" {
				return nil, faultf(400, reasonIncomplete, "Network [data_center.id|data_center.name] required for add")
			}
			for _, o := range c.st.coll("networks", node("Networks")).all() {
				if on := o.(*types.Network); on.GetName() == n.GetName() && on.DataCenter.GetId() == n.DataCenter.GetId() {
					return nil, conflictf("Cannot add Logical Network. The name of the logical network '%s' is already used by an existing logical network in the same data-center.", n.GetName())
				}
			}
			if n.Usages == nil {
				n.Usages = []types.NetworkUsage{types.NetworkUsageVm}
			}
			if n.Mtu == nil {
				n.Mtu = types.Ptr(int64(0)) // the default MTU
			}
			if n.Stp == nil {
				n.Stp = types.Ptr(false)
			}
			if slices.Contains(n.Usages, types.NetworkUsageVm) && (n.ProfileRequired == nil || *n.ProfileRequired) {
				c.st.coll("vnicprofiles", node("VnicProfiles")).put(&types.VnicProfile{Id: types.Ptr(c.st.newID()),
					Name: n.Name, Network: ref[types.Network](n.GetId(), "networks"), PortMirroring: types.Ptr(false),
					PassThrough: &types.VnicPassThrough{Mode: types.Ptr(types.VnicPassThroughModeDisabled)}})
			}
			c.event(942, types.LogSeverityNormal, fmt.Sprintf("Network %s was added to Data Center by %s.", n.GetName(), DefaultUser),
				&eventRefs{dc: n.DataCenter.GetId()})
			return n, nil
		}
	}
	for _, svc := range []string{"Network", "DataCenterNetwork"} {
		h.remove[svc] = removeNetwork
	}
	// a network label's id is the label itself, as the client gives it ("lbl1")
	h.add["NetworkLabels"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		if _, dup := coll.get(clientID); dup {
			return nil, conflictf("Cannot add label %s: it is already there.", clientID)
		}
		v.(*types.NetworkLabel).Id = types.Ptr(clientID)
		return v, nil
	}
	// a network's vNIC profiles are the top-level profiles on it; adding one there creates it
	h.view["AssignedVnicProfiles"] = func(st *store, path string) (func(any) bool, bool) {
		net, ok := parentID(path, "networks")
		return func(v any) bool { return v.(*types.VnicProfile).Network.GetId() == net }, ok
	}
	h.add["AssignedVnicProfiles"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		p := v.(*types.VnicProfile)
		net := c.pathParent("networks")
		for _, o := range coll.all() {
			if op := o.(*types.VnicProfile); op.Network.GetId() == net && op.GetName() == p.GetName() {
				return nil, conflictf("Cannot add VM network interface profile. The name is already in use by another profile of the network.")
			}
		}
		p.Network = ref[types.Network](net, "networks")
		if p.PortMirroring == nil {
			p.PortMirroring = types.Ptr(false)
		}
		return p, nil
	}
}

// removeNetwork refuses the management network and networks VMs use, and drops the vNIC
// profiles and cluster assignments of the network.
func removeNetwork(c *call, coll *collection, v any) *Fault {
	n := v.(*types.Network)
	if slices.Contains(n.Usages, types.NetworkUsageManagement) {
		return conflictf("Cannot remove Logical Network. The management network cannot be removed.")
	}
	profiles := c.st.lookup("vnicprofiles")
	var mine []string
	if profiles != nil {
		for _, pv := range profiles.all() {
			if p := pv.(*types.VnicProfile); p.Network.GetId() == n.GetId() {
				mine = append(mine, p.GetId())
			}
		}
	}
	for path, nics := range c.st.colls {
		if !strings.HasPrefix(path, "vms/") || !strings.HasSuffix(path, "/nics") {
			continue
		}
		for _, nv := range nics.all() {
			if nic := nv.(*types.Nic); nic.VnicProfile != nil && slices.Contains(mine, nic.VnicProfile.GetId()) {
				return conflictf("Cannot remove Logical Network. Network %s is being used by VM interfaces.", n.GetName())
			}
		}
	}
	for _, id := range mine {
		c.st.remove(profiles, id)
	}
	for path, cn := range c.st.colls {
		if strings.HasPrefix(path, "clusters/") && strings.HasSuffix(path, "/networks") {
			c.st.remove(cn, n.GetId())
		}
	}
	c.event(944, types.LogSeverityNormal, fmt.Sprintf("Network %s was removed from Data Center by %s.", n.GetName(), DefaultUser),
		&eventRefs{dc: n.DataCenter.GetId()})
	return nil
}
