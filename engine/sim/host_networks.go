package sim

import (
	"fmt"
	"hash/fnv"
	"net"
	"slices"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// hostNicCount is how many NICs (eth0 to eth3) an added host reports, as a common server has;
// eth0 carries its address. The SDKs' bond examples bond eth1 and eth2.
const hostNicCount = 4

// addHostNics gives host id the NICs a real host reports: eth0 with the host's address when it
// is an IP address, the others unconfigured.
func addHostNics(st *store, id, addr string) {
	nics := st.coll("hosts/"+id+"/nics", node("HostNics"))
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	seed := h.Sum32()
	for i := range hostNicCount {
		nic := &types.HostNic{Id: types.Ptr(st.newID()), Name: types.Ptr(fmt.Sprintf("eth%d", i)),
			Mac:          &types.Mac{Address: types.Ptr(fmt.Sprintf("52:54:00:%02x:%02x:%02x", byte(seed>>16), byte(seed>>8), byte(int(seed)+i)))},
			BootProtocol: types.Ptr(types.BootProtocolNone), Status: types.Ptr(types.NicStatusUp),
			Speed: types.Ptr(int64(10000000000)), Mtu: types.Ptr(int64(1500)), Host: ref[types.Host](id, "hosts")}
		if ip := net.ParseIP(addr); i == 0 && ip != nil && ip.To4() != nil {
			nic.BootProtocol = types.Ptr(types.BootProtocolStatic)
			nic.Ip = &types.Ip{Address: types.Ptr(addr), Netmask: types.Ptr("255.255.255.0"), Version: types.Ptr(types.IpVersionV4)}
		}
		nics.put(nic)
	}
}

// setupNetworks validates and applies a host's network configuration: bonds are made of NICs
// the host has and that no other bond holds, removed bonds give their slaves back, network
// attachments name a network of the host's data center and a NIC (or new bond) of the host.
func setupNetworks(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
	host := v.(*types.Host)
	path := "hosts/" + host.GetId() + "/nics"
	nics := c.st.coll(path, node("HostNics"))
	byName := map[string]*types.HostNic{}
	for _, n := range nics.all() {
		byName[n.(*types.HostNic).GetName()] = n.(*types.HostNic)
	}
	find := func(ref *types.HostNic) *types.HostNic {
		if ref == nil {
			return nil
		}
		if ref.Id != nil {
			if n, ok := nics.get(*ref.Id); ok {
				return n.(*types.HostNic)
			}
			return nil
		}
		return byName[ref.GetName()]
	}
	var removed []string
	for _, b := range in.RemovedBonds {
		bond := find(b)
		if bond == nil || bond.Bonding == nil {
			return nil, conflictf("Cannot setup Networks. The following bonds do not exist on the host: %s.", nicLabel(b))
		}
		removed = append(removed, bond.GetId())
	}
	var bonds []*types.HostNic
	for _, b := range in.ModifiedBonds {
		if b.GetName() == "" && b.Id == nil {
			return nil, faultf(400, reasonIncomplete, "HostNic [name] required for the bond")
		}
		if b.Bonding == nil || len(b.Bonding.Slaves) < 2 {
			return nil, conflictf("Cannot setup Networks. Bond %s must have at least two slaves.", b.GetName())
		}
		bond := &types.HostNic{Id: types.Ptr(c.st.newID()), Name: b.Name, Host: ref[types.Host](host.GetId(), "hosts"),
			Status: types.Ptr(types.NicStatusUp), BootProtocol: types.Ptr(types.BootProtocolNone), Mtu: types.Ptr(int64(1500)),
			Bonding: &types.Bonding{Options: b.Bonding.Options}}
		if old := find(b); old != nil {
			bond.Id = old.Id
		}
		for _, s := range b.Bonding.Slaves {
			slave := find(s)
			if slave == nil {
				return nil, conflictf("Cannot setup Networks. The following network interfaces do not exist on the host: %s.", nicLabel(s))
			}
			if slave.Bonding != nil {
				return nil, conflictf("Cannot setup Networks. Interface %s is a bond, not a NIC to bond.", slave.GetName())
			}
			if holder := bondOf(nics, slave.GetId(), bond.GetId()); holder != "" && !slices.Contains(removed, holder) {
				return nil, conflictf("Cannot setup Networks. Interface %s is already a slave of another bond.", slave.GetName())
			}
			bond.Bonding.Slaves = append(bond.Bonding.Slaves, ref[types.HostNic](slave.GetId(), path))
		}
		bond.Mac = clone(find(b.Bonding.Slaves[0]).Mac)
		bonds = append(bonds, bond)
	}
	var only *types.HostNic // an attachment naming no NIC goes on the one bond the request makes
	if len(bonds) == 1 {
		only = bonds[0]
	}
	after := func(ref *types.HostNic) *types.HostNic { // the NICs as they will be
		for _, b := range bonds {
			if ref != nil && (ref.GetName() == b.GetName() || ref.GetId() == b.GetId()) {
				return b
			}
		}
		if n := find(ref); n != nil && !slices.Contains(removed, n.GetId()) {
			return n
		}
		return nil
	}
	atts, f := networkAttachments(c, host, after, only, in.ModifiedNetworkAttachments)
	if f != nil {
		return nil, f
	}
	for _, id := range removed {
		c.st.remove(nics, id)
	}
	for _, b := range bonds {
		nics.put(b)
	}
	attColl := c.st.coll("hosts/"+host.GetId()+"/networkattachments", node("NetworkAttachments"))
	for _, a := range atts {
		attColl.put(a)
	}
	return &types.Action{}, nil
}

// bondOf returns the id of the bond other than except that holds NIC slave, or "".
func bondOf(nics *collection, slave, except string) string {
	for _, n := range nics.all() {
		b := n.(*types.HostNic)
		if b.Bonding == nil || b.GetId() == except {
			continue
		}
		if slices.ContainsFunc(b.Bonding.Slaves, func(s *types.HostNic) bool { return s.GetId() == slave }) {
			return b.GetId()
		}
	}
	return ""
}

// networkAttachments checks the network attachments of a setupnetworks request and returns
// them as they are to be stored.
func networkAttachments(c *call, host *types.Host, find func(*types.HostNic) *types.HostNic, only *types.HostNic,
	atts []*types.NetworkAttachment) ([]*types.NetworkAttachment, *Fault) {
	var out []*types.NetworkAttachment
	for _, a := range atts {
		if a.Network == nil {
			return nil, faultf(400, reasonIncomplete, "NetworkAttachment [network.id|network.name] required")
		}
		nv, f := c.resolveRef("Network", a.Network)
		if f != nil {
			return nil, f
		}
		nic := find(a.HostNic)
		if a.HostNic == nil && only != nil {
			nic = only
		}
		if nic == nil {
			return nil, conflictf("Cannot setup Networks. The following network interfaces do not exist on the host: %s.", nicLabel(a.HostNic))
		}
		out = append(out, &types.NetworkAttachment{Id: types.Ptr(c.st.newID()),
			Network: ref[types.Network](nv.(*types.Network).GetId(), "networks"),
			HostNic: ref[types.HostNic](nic.GetId(), "hosts/"+host.GetId()+"/nics"), Host: ref[types.Host](host.GetId(), "hosts"),
			IpAddressAssignments: a.IpAddressAssignments, InSync: types.Ptr(true)})
	}
	return out, nil
}

// nicLabel names a NIC reference in a message.
func nicLabel(n *types.HostNic) string {
	if n == nil {
		return "(none)"
	}
	if n.Name != nil {
		return *n.Name
	}
	return n.GetId()
}
