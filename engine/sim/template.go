package sim

import (
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func templateStatus(t *types.Template) **types.TemplateStatus { return &t.Status }

func registerTemplates(h *hooks) {
	h.add["Templates"] = addTemplate
	h.remove["Template"] = func(c *call, coll *collection, v any) *Fault {
		t := v.(*types.Template)
		if t.GetId() == blankTemplateID {
			return conflictf("Cannot delete Blank Template.")
		}
		if t.GetStatus() == types.TemplateStatusLocked {
			return conflictf("Cannot delete Template. Template is locked.")
		}
		var users []string
		for _, vv := range c.st.lookup("vms").all() {
			if vm := vv.(*types.Vm); vm.Template.GetId() == t.GetId() {
				users = append(users, vm.GetName())
			}
		}
		if len(users) > 0 {
			return conflictf("Cannot delete Template. Template is being used by the following VMs: %s.", joinMax(users, 5))
		}
		if atts := c.st.lookup("templates/" + t.GetId() + "/diskattachments"); atts != nil {
			for _, id := range atts.order {
				c.st.remove(c.st.lookup("disks"), id)
			}
		}
		return nil
	}
	h.add["TemplateNics"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		n := v.(*types.Nic)
		n.Template = ref[types.Template](c.rt.frames[len(c.rt.frames)-2].id, "templates")
		return n, nil
	}
}

// addTemplate creates a template from a down VM: its configuration, NICs and copies of its
// disks; locked until the copies are done.
func addTemplate(c *call, coll *collection, v any, _ string) (any, *Fault) {
	t := v.(*types.Template)
	if nameTaken(coll, t.GetName(), "") {
		return nil, conflictf("Cannot add Template. The Template name is already in use, please choose a unique name and try again.")
	}
	t.Status = types.Ptr(types.TemplateStatusLocked)
	t.CreationTime = types.Ptr(c.now)
	t.Version = &types.TemplateVersion{VersionNumber: types.Ptr(int64(1)), VersionName: t.Name}
	if t.Vm == nil {
		t.Status = types.Ptr(types.TemplateStatusOk)
		return t, nil
	}
	r, f := c.resolveRef("Vm", t.Vm)
	if f != nil {
		return nil, f
	}
	vv, ok := c.st.lookup("vms").get(r.(*types.Vm).GetId())
	if !ok {
		return nil, notFound("Vm: " + t.Vm.GetName())
	}
	vm := vv.(*types.Vm)
	t.Vm = r.(*types.Vm)
	formats, f := diskOverrides(c, t.Vm.DiskAttachments)
	if f != nil {
		return nil, f
	}
	t.Vm.DiskAttachments = nil
	if vm.GetStatus() != types.VmStatusDown {
		return nil, conflictf("Cannot add Template. VM %s is not down.", vm.GetName())
	}
	if t.Memory == nil {
		t.Memory = vm.Memory
	}
	if t.Cpu == nil {
		t.Cpu = clone(vm.Cpu)
	}
	if t.Os == nil {
		t.Os = clone(vm.Os)
	}
	if t.Type == nil {
		t.Type = vm.Type
	}
	if t.Stateless == nil {
		t.Stateless = vm.Stateless
	}
	if t.Display == nil {
		t.Display = clone(vm.Display)
	}
	if t.Cluster == nil {
		t.Cluster = vm.Cluster
	}
	id := t.GetId()
	if nics := c.st.lookup("vms/" + vm.GetId() + "/nics"); nics != nil {
		tn := c.st.coll("templates/"+id+"/nics", node("TemplateNics"))
		for _, n := range nics.all() {
			nic := clone(n.(*types.Nic))
			nic.Id, nic.Vm, nic.Template = types.Ptr(c.st.newID()), nil, ref[types.Template](id, "templates")
			tn.put(nic)
		}
	}
	if atts := c.st.lookup("vms/" + vm.GetId() + "/diskattachments"); atts != nil {
		ta := c.st.coll("templates/"+id+"/diskattachments", node("TemplateDiskAttachments"))
		for _, a := range atts.all() {
			att := a.(*types.DiskAttachment)
			dv, ok := c.st.lookup("disks").get(att.Disk.GetId())
			if !ok {
				continue
			}
			d := clone(dv.(*types.Disk))
			d.Id = nil
			applyDiskOverride(d, formats[att.Disk.GetId()])
			nd := c.createDisk(d)
			ta.put(&types.DiskAttachment{Id: nd.Id, Disk: ref[types.Disk](nd.GetId(), "disks"),
				Template: ref[types.Template](id, "templates"), Bootable: att.Bootable, Interface: att.Interface,
				Active: types.Ptr(true)})
		}
	}
	job := startJob(c.st, c.now, "Creating Template "+t.GetName()+" from VM "+vm.GetName())
	transition(c.s, delayDiskLock, "templates", id, templateStatus,
		[]types.TemplateStatus{types.TemplateStatusLocked}, types.TemplateStatusOk, nil)
	c.s.finishJobLater(delayDiskLock, job)
	c.event(48, types.LogSeverityNormal, fmt.Sprintf("Creation of Template %s from VM %s was initiated by %s.",
		t.GetName(), vm.GetName(), DefaultUser), &eventRefs{vm: vm.GetId(), template: id})
	return t, nil
}

func joinMax(names []string, n int) string {
	if len(names) > n {
		return fmt.Sprintf("%s and %d more", joinComma(names[:n]), len(names)-n)
	}
	return joinComma(names)
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
