package ensure

import (
	"context"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// nicKind ensures a NIC of a VM: ovirt.ensure.nic{vm='web1', name='nic1', vnic_profile='ovirtmgmt',
// interface='virtio', mac='56:6f:1a:00:00:01'}; state present (default) or absent.
type nicKind struct{}

func init() { Register(nicKind{}) }

func (nicKind) Name() string { return "nic" }

// Doc is the help text of the kind.
func (nicKind) Doc() string {
	return "ovirt.ensure.nic{vm=, name=, vnic_profile=, interface='virtio', mac='56:6f:...', linked=, plugged=, " +
		"state='present'|'absent'}: a NIC of a VM; vnic_profile by name or id."
}

func (nicKind) Refs(s Spec) []Ref {
	return refsOf(s, map[string]string{"vm": "vm", "vnic_profile": "network"})
}

func (nicKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	sp := readSpec("nic", s)
	name, err := sp.name()
	k := newKit(e, "nic", name)
	if err != nil {
		return k.fail(err)
	}
	vmName, ok, err := sp.str("vm")
	if err == nil && !ok {
		err = specErrorf("a nic needs its vm (vm='web1')")
	}
	if err != nil {
		return k.fail(err)
	}
	k.r.Name = vmName + "/" + name
	vm, err := names.Lookup(ctx, k.conn.SystemService().VmsService(), vmName, false) // a missing VM: the closest names
	if err != nil {
		return k.fail(err)
	}
	nics := vm.Service.(*engine.VmService).NicsService()
	nic, err := k.ensureNic(ctx, nics, "", s)
	if err != nil {
		return k.fail(err)
	}
	if nic != nil {
		k.r.Object = nic
	}
	return k.r, nil
}

// ensureNic ensures the NIC declared by s among the NICs of a VM (nics nil: a VM yet to be made,
// in check mode); prefix is put before the diff paths ("nics.nic1." inside a VM declaration, ""
// for the nic kind). It returns the NIC after (nil when absent, or not made in check mode).
func (k *kit) ensureNic(ctx context.Context, nics *engine.VmNicsService, prefix string, s Spec) (*types.Nic, error) {
	sp := readSpec("nic", s)
	name, err := sp.name()
	if err != nil {
		return nil, err
	}
	sp.used["vm"] = true
	state, err := sp.state("present", "present", "absent")
	if err != nil {
		return nil, err
	}
	mac, hasMac, err := sp.str("mac") // an address: the model's mac is a table {address=...}
	if err != nil {
		return nil, err
	}
	decl, err := k.e.Declared(ctx, "Nic", sp.rest())
	if err != nil {
		return nil, err
	}
	var cur *types.Nic
	if nics != nil {
		if cur, err = k.findNic(ctx, nics, name); err != nil {
			return nil, err
		}
	}
	label := "nic " + name
	switch {
	case state == "absent" && cur == nil:
		return nil, nil
	case state == "absent":
		k.opOf(prefix, "remove")
		return nil, k.do("remove "+label, func() error { return nics.NicService(cur.GetId()).Remove(ctx, nil) })
	case cur == nil:
		if err := needName(s, "nic"); err != nil {
			return nil, err
		}
		k.opOf(prefix, "add")
		for path, c := range decl.Diff(nil) {
			k.r.Diff[prefix+path] = c
		}
		want := decl.Object(nil).(*types.Nic)
		want.Name = &name
		if prefix == "" {
			k.r.Diff["name"] = Change{To: name}
		}
		if hasMac {
			want.Mac = &types.Mac{Address: &mac}
		}
		var added *types.Nic
		err := k.do("add "+label, func() error { added, err = nics.Add(ctx, want, nil); return err })
		return added, err
	}
	changes := decl.Diff(cur)
	var upd *types.Nic
	if len(changes) > 0 {
		upd = decl.Update(changes).(*types.Nic)
	}
	if hasMac && mac != cur.Mac.GetAddress() {
		if upd == nil {
			upd = &types.Nic{}
		}
		changes["mac.address"] = Change{From: cur.Mac.GetAddress(), To: mac}
		upd.Mac = &types.Mac{Address: &mac}
	}
	if upd == nil {
		return cur, nil
	}
	for path, c := range changes {
		k.change(prefix+path, c.From, c.To, false)
	}
	out := cur
	err = k.do("update "+label, func() error { out, err = nics.NicService(cur.GetId()).Update(ctx, upd, nil); return err })
	return out, err
}

func (k *kit) findNic(ctx context.Context, nics *engine.VmNicsService, name string) (*types.Nic, error) {
	list := k.nics
	if list == nil {
		var err error
		if list, err = nics.List(ctx, nil); err != nil {
			return nil, err
		}
	}
	for _, n := range list {
		if n.GetName() == name || n.GetId() == name {
			return n, nil
		}
	}
	return nil, nil
}

// Export declares the NICs of each VM the search selects.
func (nicKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	return exportVMs(ctx, e, search, func(svc *engine.VmService, vm *types.Vm) ([]Spec, error) {
		nics, err := exportNics(ctx, e, svc.NicsService(), vm.GetName())
		out := make([]Spec, len(nics))
		for i, n := range nics {
			out[i] = Spec(n.(map[string]any))
		}
		return out, err
	})
}
