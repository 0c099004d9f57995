package sim

import (
	"fmt"
	"strconv"
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

// templateVersion returns the version a new template t gets: the first of a new chain (its name
// must be free), or with <version><base_template>, the next version of the base's chain, which
// shares the base's name.
func templateVersion(c *call, coll *collection, t *types.Template) (*types.TemplateVersion, *Fault) {
	if t.Version == nil || t.Version.BaseTemplate == nil {
		if nameTaken(coll, t.GetName(), "") {
			return nil, conflictf("Cannot add Template. The Template name is already in use, please choose a unique name and try again.")
		}
		return &types.TemplateVersion{VersionNumber: types.Ptr(int64(1)), VersionName: t.Name, BaseTemplate: ref[types.Template](t.GetId(), "templates")}, nil
	}
	r, f := c.resolveRef("Template", t.Version.BaseTemplate)
	if f != nil {
		return nil, f
	}
	bv, ok := coll.get(r.(*types.Template).GetId())
	if !ok {
		return nil, notFound("Template: id=" + r.(*types.Template).GetId())
	}
	base := bv.(*types.Template)
	baseID := base.GetId()
	if base.Version != nil && base.Version.BaseTemplate != nil && base.Version.BaseTemplate.GetId() != "" {
		baseID = base.Version.BaseTemplate.GetId() // a version of a version belongs to the same chain
	}
	if t.Name != nil && t.GetName() != base.GetName() {
		return nil, conflictf("Cannot add Template. A template version must have the name of its base template (%s).", base.GetName())
	}
	t.Name = base.Name
	next := int64(1)
	for _, o := range coll.all() {
		ov := o.(*types.Template).Version
		if o.(*types.Template).GetId() == baseID || ov != nil && ov.BaseTemplate.GetId() == baseID {
			next = max(next, ov.GetVersionNumber()+1)
		}
	}
	name := t.Version.VersionName
	if name == nil {
		name = types.Ptr("version " + strconv.FormatInt(next, 10))
	}
	return &types.TemplateVersion{VersionNumber: types.Ptr(next), VersionName: name, BaseTemplate: ref[types.Template](baseID, "templates")}, nil
}

// addTemplate creates a template from a down VM: its configuration, NICs and copies of its
// disks; locked until the copies are done.
func addTemplate(c *call, coll *collection, v any, _ string) (any, *Fault) {
	t := v.(*types.Template)
	version, f := templateVersion(c, coll, t)
	if f != nil {
		return nil, f
	}
	t.Version = version
	t.Status = types.Ptr(types.TemplateStatusLocked)
	t.CreationTime = types.Ptr(c.now)
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
