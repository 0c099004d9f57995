package sim

import (
	"fmt"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// delayExport is how long exports and imports through an export domain run.
const delayExport = 3 * time.Second

// registerExports lets VMs and templates be exported to an export domain, where they are then
// listed (storagedomains/{id}/vms, .../templates), and VMs be imported back from there.
func registerExports(h *hooks) {
	h.action["Vm/export"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		vm := v.(*types.Vm)
		if vm.GetStatus() != types.VmStatusDown {
			return nil, conflictf("Cannot export VM. VM is not down.")
		}
		if in.Host != nil {
			return exportToPathOnHost(c, in, vm.GetName())
		}
		exported := clone(vm)
		return exportTo(c, in, "vms", exported, func(sd string) { exported.StorageDomain = ref[types.StorageDomain](sd, "storagedomains") })
	}
	h.action["Template/export"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		if in.Host != nil {
			return exportToPathOnHost(c, in, v.(*types.Template).GetName())
		}
		exported := clone(v.(*types.Template))
		return exportTo(c, in, "templates", exported, func(sd string) { exported.StorageDomain = ref[types.StorageDomain](sd, "storagedomains") })
	}
	h.action["StorageDomainVm/import"] = importVM
}

// exportToPathOnHost is export's other signature, export_to_path_on_host: a host writes the
// entity as an OVA file into a directory of its own; nothing appears in the inventory, a job runs.
func exportToPathOnHost(c *call, in *types.Action, name string) (*types.Action, *Fault) {
	if in.GetDirectory() == "" {
		return nil, faultf(400, reasonIncomplete, "Action [directory] required for exportToPathOnHost")
	}
	r, f := c.resolveRef("Host", in.Host)
	if f != nil {
		return nil, f
	}
	job := startJob(c.st, c.now, fmt.Sprintf("Exporting %s as an OVA to %s on host %s", name, in.GetDirectory(), r.(*types.Host).GetName()))
	c.s.later(delayExport, func(st *store) {
		endJob(st, st.lookup("jobs"), job, types.JobStatusFinished, c.s.clock.Now())
	})
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}

// exportTo stores a copy of entity v (a VM or template) in the kind collection of the export
// domain in's storage_domain names, when the job ends; an existing copy is replaced only with
// exclusive=true.
func exportTo(c *call, in *types.Action, kind string, v any, onDomain func(sd string)) (*types.Action, *Fault) {
	if in.StorageDomain == nil {
		return nil, faultf(400, reasonIncomplete, "Action [storage_domain.id|storage_domain.name] required for export")
	}
	r, f := c.resolveRef("StorageDomain", in.StorageDomain)
	if f != nil {
		return nil, f
	}
	sd := r.(*types.StorageDomain).GetId()
	sv, _ := c.st.lookup("storagedomains").get(sd)
	if sv.(*types.StorageDomain).GetType() != types.StorageDomainTypeExport {
		return nil, conflictf("Cannot export. The target storage domain %s is not an export domain.", sv.(*types.StorageDomain).GetName())
	}
	path := "storagedomains/" + sd + "/" + kind
	rt, _ := resolve(path)
	m := metaFor(v)
	id, name := m.getID(v), m.getName(v)
	if _, exists := c.st.coll(path, rt.last().node).get(id); exists && !in.GetExclusive() {
		return nil, conflictf("Cannot export. %s already exists on the export domain; use exclusive to overwrite it.", name)
	}
	onDomain(sd)
	job := startJob(c.st, c.now, fmt.Sprintf("Exporting %s to %s", name, sv.(*types.StorageDomain).GetName()))
	c.s.later(delayExport, func(st *store) {
		st.coll(path, rt.last().node).put(v)
		endJob(st, st.lookup("jobs"), job, types.JobStatusFinished, c.s.clock.Now())
	})
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}

// importVM imports a VM from an export domain into a cluster: a new VM, down, with the
// exported configuration (the name in vm.name, or the exported name, which must be free).
func importVM(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
	src := v.(*types.Vm)
	if in.Cluster == nil {
		return nil, faultf(400, reasonIncomplete, "Action [cluster.id|cluster.name] required for import")
	}
	cl, f := c.resolveRef("Cluster", in.Cluster)
	if f != nil {
		return nil, f
	}
	name := src.GetName()
	if in.Vm != nil && in.Vm.Name != nil {
		name = *in.Vm.Name
	}
	vms := c.st.coll("vms", node("Vms"))
	if nameTaken(vms, name, "") {
		return nil, conflictf("Cannot import VM. The VM name is already in use, please choose a unique name and try again.")
	}
	id := src.GetId()
	if _, taken := vms.get(id); taken || in.GetClone() {
		id = c.st.newID()
	}
	vm := clone(src)
	vm.Id, vm.Name, vm.StorageDomain = types.Ptr(id), types.Ptr(name), nil
	vm.Cluster = ref[types.Cluster](cl.(*types.Cluster).GetId(), "clusters")
	vm.Status, vm.Host, vm.StartTime = types.Ptr(types.VmStatusImageLocked), nil, nil
	vm.CreationTime = types.Ptr(c.now)
	engineDefaults(vm)
	vms.put(vm)
	c.st.coll("vms/"+id+"/snapshots", node("Snapshots")).put(withID(activeSnapshot(c.now, id), c.st.newID()))
	job := startJob(c.st, c.now, "Importing VM "+name+" to Cluster")
	transition(c.s, delayExport, "vms", id, func(v *types.Vm) **types.VmStatus { return &v.Status },
		[]types.VmStatus{types.VmStatusImageLocked}, types.VmStatusDown, endingJob[types.Vm](job))
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}
