package sim

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// delayImport is how long an external import runs on the simulator clock.
const delayImport = 5 * time.Second

// addToSingleton serves POST on a service that has an add method but no collection of its own
// (POST /externalvmimports, /externaltemplateimports): the request is validated as any add,
// starts a job that ends after a while, and is answered as it was understood. Behaviour per
// service (an imported VM appearing) runs with the job.
func (c *call) addToSingleton() *Fault {
	last := c.rt.last()
	body, f := c.readAdd()
	if f != nil {
		return f
	}
	unlock, f := c.writeLocked()
	defer unlock()
	if f != nil {
		return f
	}
	if f := c.resolveRefs(body, last.node); f != nil {
		return f
	}
	desc := "Adding " + last.node.elem
	var done func(st *store, now time.Time)
	if imp, ok := body.(*types.ExternalVmImport); ok {
		imp.Password = nil
		desc, done = "Importing VM "+imp.GetName()+" from "+string(imp.GetProvider()), importedVM(imp)
	}
	job := startJob(c.st, c.now, desc)
	c.s.later(delayImport, func(st *store) {
		now := c.s.clock.Now()
		if done != nil {
			done(st, now)
		}
		endJob(st, st.lookup("jobs"), job, types.JobStatusFinished, now)
	})
	writeEntity(c.w, c.r, http.StatusOK, last.node.elem, body)
	return nil
}

// importedVM is the end of an external VM import: the VM, down, in the cluster it was imported
// to (unless one of its name exists by then).
func importedVM(imp *types.ExternalVmImport) func(st *store, now time.Time) {
	name := imp.GetName()
	if imp.Vm != nil && imp.Vm.Name != nil {
		name = *imp.Vm.Name
	}
	cluster := imp.Cluster.GetId()
	return func(st *store, now time.Time) {
		vms := st.coll("vms", node("Vms"))
		if nameTaken(vms, name, "") {
			recordEvent(st, now, 1153, types.LogSeverityError, fmt.Sprintf("Failed to import Vm %s: the name is in use.", name), nil)
			return
		}
		vm := newVMDefaults(now)
		vm.Id, vm.Name = types.Ptr(st.newID()), types.Ptr(name)
		vm.Cluster = ref[types.Cluster](cluster, "clusters")
		vm.Template = ref[types.Template](blankTemplateID, "templates")
		vm.OriginalTemplate, vm.Origin = vm.Template, types.Ptr(string(imp.GetProvider()))
		engineDefaults(vm)
		vms.put(vm)
		st.coll("vms/"+vm.GetId()+"/snapshots", node("Snapshots")).put(withID(activeSnapshot(now, vm.GetId()), st.newID()))
		recordEvent(st, now, 1152, types.LogSeverityNormal, fmt.Sprintf("Vm %s was imported successfully to Data Center.", name), nil)
	}
}
