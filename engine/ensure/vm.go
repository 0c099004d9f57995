package ensure

import (
	"context"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// vmKind ensures a VM: its declared members (memory, cpu.topology.cores, cluster...), NICs and
// disks (by name; undeclared ones are left alone), tags (the whole list) and run state:
// present (default), absent, running, stopped (shutdown; force=true: power off), suspended.
// initialization (cloud-init) is used when the VM first starts. absent stops the VM first only
// with force=true.
type vmKind struct{}

func init() { Register(vmKind{}) }

func (vmKind) Name() string { return "vm" }

// Doc is the help text of the kind.
func (vmKind) Doc() string {
	return "ovirt.ensure.vm{name=, cluster=, template=, memory='2GiB', cpu={topology={cores=2}}, " +
		"nics={{name=, vnic_profile=, interface=}}, disks={{name=, size=, storage_domain=, format=, bootable=}}, tags={...}, " +
		"initialization={host_name=, user_name=, root_password=, ...}, state='present'|'running'|'stopped'|'suspended'|'absent', force=}: " +
		"a VM; only declared members are compared; on a running VM most changes wait for the next run (diff next_run); " +
		"NICs and disks not declared are left alone, tags are the whole list; cloud-init is used on the first start; " +
		"stopped shuts down (force=true powers off); absent removes, powering off first only with force=true."
}

// blankTemplate is the id of the Blank template every engine has.
const blankTemplate = "00000000-0000-0000-0000-000000000000"

func (vmKind) Refs(s Spec) []Ref {
	refs := refsOf(s, map[string]string{"cluster": "cluster", "template": "template"})
	for _, key := range []string{"tags"} {
		if l, ok := s[key].([]any); ok {
			for _, t := range l {
				if n, ok := t.(string); ok {
					refs = append(refs, Ref{Kind: "tag", Name: n})
				}
			}
		}
	}
	if l, ok := s["disks"].([]any); ok {
		for _, d := range l {
			if m, ok := d.(map[string]any); ok {
				refs = append(refs, refsOf(m, map[string]string{"storage_domain": "storage_domain"})...)
			}
		}
	}
	if l, ok := s["nics"].([]any); ok {
		for _, n := range l {
			if m, ok := n.(map[string]any); ok {
				refs = append(refs, refsOf(m, map[string]string{"vnic_profile": "network"})...)
			}
		}
	}
	return refs
}

// vmDecl is a VM declaration read.
type vmDecl struct {
	name, state  string
	force        bool
	nics, disks  []Spec
	tags         []string
	hasTags      bool
	init         *types.Initialization
	templateID   string // "" when not declared
	rest         Spec   // the members compared generically
	templateName string
}

func (k *kit) readVM(ctx context.Context, sp *spec) (*vmDecl, error) {
	d := &vmDecl{name: k.r.Name}
	var err error
	if d.state, err = sp.state("present", "present", "absent", "running", "stopped", "suspended"); err != nil {
		return nil, err
	}
	if d.force, _, err = sp.boolean("force"); err != nil {
		return nil, err
	}
	if d.nics, _, err = sp.tables("nics"); err != nil {
		return nil, err
	}
	if d.disks, _, err = sp.tables("disks"); err != nil {
		return nil, err
	}
	if d.tags, d.hasTags, err = sp.strings("tags"); err != nil {
		return nil, err
	}
	if v, ok := sp.get("template"); ok {
		if d.templateName, err = refKey("template", v); err != nil {
			return nil, err
		}
		if d.templateID, err = k.resolveRef(ctx, "Template", "template", v); err != nil {
			return nil, err
		}
	}
	if v, ok := sp.get("initialization"); ok {
		if d.init, err = k.buildInitialization(ctx, v); err != nil {
			return nil, err
		}
	}
	for member, list := range map[string][]Spec{"nics": d.nics, "disks": d.disks} {
		seen := map[string]bool{}
		for i, item := range list {
			n, ok := item["name"].(string)
			if !ok || n == "" {
				return nil, specErrorf("%s[%d]: each needs a name", member, i+1)
			}
			if seen[n] {
				return nil, specErrorf("%s[%d]: '%s' is declared twice", member, i+1, n)
			}
			seen[n] = true
		}
	}
	d.rest = sp.rest()
	return d, nil
}

func (vmKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	sp := readSpec("vm", s)
	name, err := sp.name()
	k := newKit(e, "vm", name)
	if err != nil {
		return k.fail(err)
	}
	d, err := k.readVM(ctx, sp)
	if err != nil {
		return k.fail(err)
	}
	vms := k.conn.SystemService().VmsService()
	ent, err := lookup(ctx, vms, lookupKey(s))
	if err != nil {
		return k.fail(err)
	}
	if ent != nil {
		if rename := renameOf(s, ent.Value); rename != "" {
			d.rest["name"] = rename
		}
	}
	if d.state == "absent" {
		if ent != nil {
			err = k.removeVM(ctx, ent.Service.(*engine.VmService), ent.Value.(*types.Vm), d.force)
		}
		if err != nil {
			return k.fail(err)
		}
		return k.r, nil
	}
	var svc *engine.VmService
	var vm *types.Vm
	created := ent == nil
	if created {
		if err = needName(s, "vm"); err != nil {
			return k.fail(err)
		}
		svc, vm, err = k.createVM(ctx, d)
	} else {
		svc, vm = ent.Service.(*engine.VmService), ent.Value.(*types.Vm)
		if vm.GetStatus() == types.VmStatusImageLocked && !k.check() {
			// an engine refuses to change a VM whose disks are being copied: wait for them
			if err = k.waitFor(ctx, svc, "down"); err == nil {
				vm, err = svc.Get(ctx, nil)
			}
		}
		if err == nil {
			err = k.updateVM(ctx, svc, vm, d)
		}
	}
	if err == nil {
		err = k.vmDevices(ctx, svc, d)
	}
	if err == nil {
		err = k.vmState(ctx, svc, vm, d, created)
	}
	if err != nil {
		return k.fail(err)
	}
	if svc != nil && k.stale {
		if k.r.Object, err = svc.Get(ctx, nil); err != nil {
			return k.fail(err)
		}
	} else if vm != nil {
		k.r.Object = vm
	}
	return k.r, nil
}

// createVM adds the VM and waits until its disks are copied (image_locked → down); in check mode
// svc and vm are nil.
func (k *kit) createVM(ctx context.Context, d *vmDecl) (*engine.VmService, *types.Vm, error) {
	obj, err := k.buildPlain(ctx, "Vm", d.rest, true)
	if err != nil {
		return nil, nil, err
	}
	body := obj.(*types.Vm)
	body.Name = &d.name
	k.r.Diff["name"] = Change{To: d.name}
	if d.templateID != "" {
		k.r.Diff["template"] = Change{To: d.templateID}
	}
	tpl := d.templateID
	if tpl == "" {
		tpl = blankTemplate
	}
	body.Template = &types.Template{Id: &tpl}
	body.Initialization = d.init
	k.r.Op = "add"
	var added *types.Vm
	err = k.do("add", func() error {
		added, err = k.conn.SystemService().VmsService().Add(ctx, body, nil)
		return err
	})
	if err != nil || k.check() {
		return nil, nil, err
	}
	svc := k.conn.SystemService().VmsService().VmService(added.GetId())
	if err := k.waitFor(ctx, svc, "down"); err != nil {
		return svc, added, err
	}
	vm, err := svc.Get(ctx, nil)
	return svc, vm, err
}

// vmHotMembers change on a running VM at once; every other member waits for the next run.
var vmHotMembers = map[string]bool{"name": true, "description": true, "comment": true}

// updateVM changes the declared members that differ. On a running VM they are compared with the
// configuration of its next run (what the engine will apply at restart) and sent with
// next_run=true unless all of them can change at once.
func (k *kit) updateVM(ctx context.Context, svc *engine.VmService, vm *types.Vm, d *vmDecl) error {
	if d.templateID != "" && d.templateID != vm.Template.GetId() && d.templateID != vm.OriginalTemplate.GetId() {
		return fmt.Errorf("template: the vm was made from another template than %s (a vm's template cannot change)", d.templateName)
	}
	// one read for the VM's configuration (of its next run, when it runs) and its devices
	running := vmUp(vm.GetStatus())
	get := &engine.VmGetParams{Follow: types.Ptr("nics,disk_attachments.disk,tags")}
	if running {
		get.NextRun = types.Ptr(true)
	}
	cur, err := svc.Get(ctx, get)
	if err != nil {
		return err
	}
	k.nics, k.atts, k.tags = followed(cur.Nics), followed(cur.DiskAttachments), followed(cur.Tags)
	upd, changes, err := k.diffPlain(ctx, "Vm", d.rest, cur)
	if err != nil || len(changes) == 0 {
		return err
	}
	nextRun := false
	if running {
		for path := range changes {
			nextRun = nextRun || !vmHotMembers[path]
		}
	}
	for path, c := range changes {
		c.NextRun = nextRun
		k.change(path, c.From, c.To, nextRun)
	}
	action := "update"
	var p *engine.VmUpdateParams
	if nextRun {
		action, p = "update (next run)", &engine.VmUpdateParams{NextRun: types.Ptr(true)}
	}
	return k.do(action, func() error { _, err := svc.Update(ctx, upd.(*types.Vm), p); return err })
}

// followed returns the items of a followed list link, or nil when it was not followed.
func followed[T any](l *types.List[T]) []*T {
	if l == nil || l.Items == nil {
		return nil
	}
	return l.Items
}

// vmUp reports the statuses in which a VM runs on a host (its configuration is then split in the
// running one and the next run's).
func vmUp(s types.VmStatus) bool {
	switch s {
	case types.VmStatusDown, types.VmStatusSuspended, types.VmStatusImageLocked, types.VmStatusUnknown,
		types.VmStatusUnassigned, "":
		return false
	}
	return true
}

// vmDevices ensures the declared NICs and disks and the tags.
func (k *kit) vmDevices(ctx context.Context, svc *engine.VmService, d *vmDecl) error {
	var nics *engine.VmNicsService
	var atts *engine.DiskAttachmentsService
	if svc != nil {
		nics, atts = svc.NicsService(), svc.DiskAttachmentsService()
	}
	for _, n := range d.nics {
		if _, err := k.ensureNic(ctx, nics, "nics."+n["name"].(string)+".", n); err != nil {
			return err
		}
	}
	for _, dk := range d.disks {
		if _, err := k.ensureDisk(ctx, atts, "disks."+dk["name"].(string)+".", dk); err != nil {
			return err
		}
	}
	if d.hasTags {
		return k.ensureTags(ctx, svc, d.tags)
	}
	return nil
}

// removeVM removes the VM and waits until it is gone; a VM that is not down is stopped first
// with force, else it is an error.
func (k *kit) removeVM(ctx context.Context, svc *engine.VmService, vm *types.Vm, force bool) error {
	k.r.Op = "remove"
	st := vm.GetStatus()
	if st == types.VmStatusImageLocked {
		if err := k.waitFor(ctx, svc, "down"); err != nil {
			return err
		}
		st = types.VmStatusDown
	}
	if st != types.VmStatusDown {
		if !force {
			return fmt.Errorf("the vm is %s: give force=true to power it off before it is removed", st)
		}
		if err := k.do("stop", func() error { return svc.Stop(ctx, nil) }); err != nil {
			return err
		}
		if err := k.waitFor(ctx, svc, "down"); err != nil {
			return err
		}
	}
	if err := k.do("remove", func() error { return svc.Remove(ctx, nil) }); err != nil {
		return err
	}
	return k.waitGone(ctx, svc)
}
