package sim

import (
	"encoding/hex"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// A VM's graphics consoles (vms/{id}/graphicsconsoles), as an engine lists them: one per
// graphics protocol of its display, whose id is the protocol name in hex ("7370696365" for
// spice). With current=true a running VM's consoles carry the host's address and ports; the
// console's ticket action sets a ticket as the VM's does.

const (
	graphicsPort    = 5900
	graphicsTLSPort = 5901
)

func registerGraphicsConsoles(h *hooks) {
	addVM := h.add["Vms"]
	h.add["Vms"] = func(c *call, coll *collection, v any, clientID string) (any, *Fault) {
		out, f := addVM(c, coll, v, clientID)
		if f == nil {
			setGraphicsConsoles(c.st, out.(*types.Vm))
		}
		return out, f
	}
	updateVM := h.update["Vm"]
	h.update["Vm"] = func(c *call, coll *collection, old, upd any) *Fault {
		if updateVM != nil {
			if f := updateVM(c, coll, old, upd); f != nil {
				return f
			}
		}
		if displayType(old.(*types.Vm)) != displayType(upd.(*types.Vm)) {
			setGraphicsConsoles(c.st, upd.(*types.Vm))
		}
		return nil
	}
	h.filter["VmGraphicsConsoles"] = func(c *call, items []any) ([]any, *Fault) {
		current, f := c.queryBool("current", false)
		if f != nil || !current {
			return items, f
		}
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = currentConsole(c.st, it.(*types.GraphicsConsole))
		}
		return out, nil
	}
	h.action["VmGraphicsConsole/ticket"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		vm, ok := consoleVM(c.st, v.(*types.GraphicsConsole))
		if !ok {
			return nil, notFound(v.(*types.GraphicsConsole).GetId())
		}
		return vmTicket(vm, in)
	}
}

func displayType(vm *types.Vm) types.DisplayType {
	if vm.Display == nil {
		return ""
	}
	return vm.Display.GetType()
}

// setGraphicsConsoles makes the VM's consoles match its display (store write-locked).
func setGraphicsConsoles(st *store, vm *types.Vm) {
	path := "vms/" + vm.GetId() + "/graphicsconsoles"
	consoles := st.coll(path, node("VmGraphicsConsoles"))
	consoles.clear()
	if t := displayType(vm); t != "" {
		proto := types.GraphicsType(t)
		consoles.put(&types.GraphicsConsole{Id: types.Ptr(hex.EncodeToString([]byte(t))), Protocol: &proto,
			Vm: ref[types.Vm](vm.GetId(), "vms")})
	}
}

// ensureGraphicsConsoles gives every VM that has none its consoles (a seeded or loaded store).
func ensureGraphicsConsoles(st *store) {
	vms := st.lookup("vms")
	if vms == nil {
		return
	}
	for _, v := range vms.all() {
		vm := v.(*types.Vm)
		if st.lookup("vms/"+vm.GetId()+"/graphicsconsoles") == nil {
			setGraphicsConsoles(st, vm)
		}
	}
}

func consoleVM(st *store, gc *types.GraphicsConsole) (*types.Vm, bool) {
	vms := st.lookup("vms")
	if vms == nil || gc.Vm == nil {
		return nil, false
	}
	v, ok := vms.get(gc.Vm.GetId())
	if !ok {
		return nil, false
	}
	return v.(*types.Vm), true
}

// currentConsole is gc with the address and ports it has while its VM runs on a host.
func currentConsole(st *store, gc *types.GraphicsConsole) *types.GraphicsConsole {
	vm, ok := consoleVM(st, gc)
	if !ok || vm.Host == nil || !contains(consoleStatuses, vm.GetStatus()) {
		return gc
	}
	out := clone(gc)
	addr := "127.0.0.1"
	if hosts := st.lookup("hosts"); hosts != nil {
		if h, ok := hosts.get(vm.Host.GetId()); ok && h.(*types.Host).Address != nil {
			addr = h.(*types.Host).GetAddress()
		}
	}
	out.Address, out.Port = types.Ptr(addr), types.Ptr(int64(graphicsPort))
	if gc.GetProtocol() == types.GraphicsTypeSpice {
		out.TlsPort = types.Ptr(int64(graphicsTLSPort))
	}
	return out
}
