package ensure

import (
	"context"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Export writes a declaration of each VM the search selects: cluster, template, memory, CPU
// topology, description, run state, NICs, disks and tags, so that applying it is a no-op.
func (vmKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	return exportVMs(ctx, e, search, func(svc *engine.VmService, vm *types.Vm) ([]Spec, error) {
		s, err := exportVM(ctx, e, svc, vm)
		return []Spec{s}, err
	})
}

// exportVMs calls one for each VM the search selects and gathers the declarations it returns.
func exportVMs(ctx context.Context, e *Env, search string, one func(*engine.VmService, *types.Vm) ([]Spec, error)) ([]Spec, error) {
	vms := e.Conn.SystemService().VmsService()
	p := &engine.VmsListParams{}
	if search != "" {
		p.Search = &search
	}
	list, err := vms.List(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []Spec
	for _, vm := range list {
		specs, err := one(vms.VmService(vm.GetId()), vm)
		if err != nil {
			return nil, err
		}
		out = append(out, specs...)
	}
	return out, nil
}

// vmExportState is the state a VM's status is declared as.
var vmExportState = map[types.VmStatus]string{
	types.VmStatusUp: "running", types.VmStatusDown: "stopped", types.VmStatusSuspended: "suspended",
}

func exportVM(ctx context.Context, e *Env, svc *engine.VmService, vm *types.Vm) (Spec, error) {
	state, stated := vmExportState[vm.GetStatus()]
	if vm.GetNextRunConfigurationExists() && vmUp(vm.GetStatus()) {
		// Changes wait for the VM's next run: the declaration is of that configuration, which
		// Ensure compares with (exporting the running one would undo them).
		next, err := svc.Get(ctx, &engine.VmGetParams{NextRun: types.Ptr(true)})
		if err != nil {
			return nil, err
		}
		vm = next
	}
	s := Spec{"name": vm.GetName(), "memory": vm.GetMemory()}
	if stated {
		s["state"] = state
	}
	if d := vm.GetDescription(); d != "" {
		s["description"] = d
	}
	if t := vm.Cpu.GetTopology(); t != nil {
		topo := map[string]any{}
		for key, v := range map[string]*int64{"cores": t.Cores, "sockets": t.Sockets, "threads": t.Threads} {
			if v != nil {
				topo[key] = *v
			}
		}
		s["cpu"] = map[string]any{"topology": topo}
	}
	for _, ref := range []struct {
		member, typ, id string
	}{{"cluster", "Cluster", vm.Cluster.GetId()}, {"template", "Template", vm.Template.GetId()}} {
		if ref.id == "" {
			continue
		}
		n, err := e.NameOf(ctx, ref.typ, ref.id)
		if err != nil {
			return nil, err
		}
		s[ref.member] = n
	}
	nics, err := exportNics(ctx, e, svc.NicsService(), "")
	if err != nil {
		return nil, err
	}
	s["nics"] = nics
	disks, err := exportVMDisks(ctx, e, svc.DiskAttachmentsService())
	if err != nil {
		return nil, err
	}
	s["disks"] = disks
	tags, err := svc.TagsService().List(ctx, nil)
	if err != nil {
		return nil, err
	}
	names := make([]any, len(tags))
	for i, t := range tags {
		names[i] = t.GetName()
	}
	s["tags"] = names
	return s, nil
}

// exportNics declares the NICs of a VM (vm is set on each when not "").
func exportNics(ctx context.Context, e *Env, nics *engine.VmNicsService, vm string) ([]any, error) {
	list, err := nics.List(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(list))
	for _, n := range list {
		d := map[string]any{"name": n.GetName()}
		if vm != "" {
			d["vm"] = vm
		}
		if n.Interface != nil {
			d["interface"] = string(*n.Interface)
		}
		if id := n.VnicProfile.GetId(); id != "" {
			name, err := e.NameOf(ctx, "VnicProfile", id)
			if err != nil {
				return nil, err
			}
			d["vnic_profile"] = name
		}
		out = append(out, d)
	}
	return out, nil
}

// exportVMDisks declares the disks attached to a VM.
func exportVMDisks(ctx context.Context, e *Env, atts *engine.DiskAttachmentsService) ([]any, error) {
	list, err := atts.List(ctx, &engine.DiskAttachmentsListParams{Follow: types.Ptr("disk")})
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(list))
	for _, a := range list {
		d, err := exportDisk(ctx, e, a.Disk)
		if err != nil {
			return nil, err
		}
		d["bootable"] = a.GetBootable()
		if a.Interface != nil {
			d["interface"] = string(*a.Interface)
		}
		out = append(out, map[string]any(d))
	}
	return out, nil
}

// exportDisk declares a disk's own members.
func exportDisk(ctx context.Context, e *Env, d *types.Disk) (Spec, error) {
	s := Spec{"name": d.GetName(), "size": d.GetProvisionedSize()}
	if d.Format != nil {
		s["format"] = string(*d.Format)
	}
	if sds := d.StorageDomains.All(); len(sds) > 0 {
		n, err := e.NameOf(ctx, "StorageDomain", sds[0].GetId())
		if err != nil {
			return nil, err
		}
		s["storage_domain"] = n
	}
	return s, nil
}
