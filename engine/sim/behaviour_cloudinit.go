package sim

import (
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerCloudInitBehaviour makes a start with cloud-init show in what the guest reports: the
// initialization sent with start (use_cloud_init, vm.initialization) is kept on the VM, without
// the root password, and once the VM is up its FQDN is the configured host name and each NIC
// configured with a static IPv4 or IPv6 address reports that address (see applyGuestInit).
// A simplification: an engine keeps a run-once initialization for that run only.
func registerCloudInitBehaviour(h *hooks) {
	start := h.action["Vm/start"]
	h.action["Vm/start"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		vm := v.(*types.Vm)
		useInit := in.UseCloudInit != nil && *in.UseCloudInit
		if in.Vm != nil && in.Vm.Initialization != nil && (useInit || in.UseCloudInit == nil) &&
			(vm.GetStatus() == types.VmStatusDown || vm.GetStatus() == types.VmStatusSuspended) {
			init := clone(in.Vm.Initialization)
			init.RootPassword = nil
			mutate(coll, vm.GetId(), func(x *types.Vm) bool { x.Initialization = init; return true })
		}
		return start(c, coll, v, in)
	}
	// an engine keeps the initialization a VM is added or updated with, but never shows its
	// root password
	add := h.add["Vms"]
	h.add["Vms"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		out, f := add(c, coll, v, clientID)
		if vm, ok := out.(*types.Vm); ok {
			vm.Initialization = withoutRootPassword(vm.Initialization)
		}
		return out, f
	}
	update := h.update["Vm"]
	h.update["Vm"] = func(c *call, coll *collection, old, upd any) *Fault {
		vm := upd.(*types.Vm)
		vm.Initialization = withoutRootPassword(vm.Initialization)
		return update(c, coll, old, upd)
	}
}

func withoutRootPassword(init *types.Initialization) *types.Initialization {
	if init == nil || init.RootPassword == nil {
		return init
	}
	init = clone(init)
	init.RootPassword = nil
	return init
}

// applyGuestInit applies the VM's initialization to what its guest reports once up: the host
// name as FQDN and static addresses on the reported devices with the configured NIC names.
func applyGuestInit(st *store, v *types.Vm, devs *collection) {
	init := v.Initialization
	if init == nil {
		return
	}
	if hn := init.GetHostName(); hn != "" {
		v.Fqdn = types.Ptr(hn)
	}
	for _, nc := range init.NicConfigurations {
		for _, id := range devs.order {
			mutate(devs, id, func(d *types.ReportedDevice) bool {
				if d.GetName() != nc.GetName() {
					return false
				}
				if nc.GetBootProtocol() == types.BootProtocolStatic && nc.Ip.GetAddress() != "" {
					setReportedIP(d, types.IpVersionV4, nc.Ip.GetAddress())
				}
				if nc.GetIpv6BootProtocol() == types.BootProtocolStatic && nc.Ipv6.GetAddress() != "" {
					setReportedIP(d, types.IpVersionV6, nc.Ipv6.GetAddress())
				}
				return true
			})
		}
	}
}

// setReportedIP replaces the device's address of one IP version.
func setReportedIP(d *types.ReportedDevice, ver types.IpVersion, addr string) {
	for _, ip := range d.Ips {
		if ip.GetVersion() == ver {
			ip.Address = types.Ptr(addr)
			return
		}
	}
	d.Ips = append(d.Ips, &types.Ip{Address: types.Ptr(addr), Version: types.Ptr(ver)})
}
