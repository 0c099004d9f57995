package ensure

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// diskKind ensures a disk, floating or attached to a VM: ovirt.ensure.disk{name='data',
// size='20GiB', storage_domain='data1', format='cow', vm='web1', bootable=false}. The size only
// grows (a smaller size is an error naming both); format, sparse and storage domain are chosen
// when the disk is made. state present (default) or absent.
type diskKind struct{}

func init() { Register(diskKind{}) }

func (diskKind) Name() string { return "disk" }

// Doc is the help text of the kind.
func (diskKind) Doc() string {
	return "ovirt.ensure.disk{name=, size='20GiB', storage_domain=, format='cow'|'raw', sparse=, description=, vm=, bootable=, " +
		"interface=, active=, state='present'|'absent'}: a disk, floating or attached to vm; the size only grows; " +
		"format, sparseness and storage domain are chosen when it is made."
}

func (diskKind) Refs(s Spec) []Ref {
	return refsOf(s, map[string]string{"vm": "vm", "storage_domain": "storage_domain"})
}

func (diskKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	name, _ := s["name"].(string)
	k := newKit(e, "disk", name)
	var atts *engine.DiskAttachmentsService
	if v, ok := s["vm"]; ok {
		vmName, err := refKey("vm", v)
		if err != nil {
			return k.fail(err)
		}
		vm, err := names.Lookup(ctx, k.conn.SystemService().VmsService(), vmName, false) // a missing VM: the closest names
		if err != nil {
			return k.fail(err)
		}
		atts = vm.Service.(*engine.VmService).DiskAttachmentsService()
	}
	d, err := k.ensureDisk(ctx, atts, "", s)
	if err != nil {
		return k.fail(err)
	}
	if d != nil {
		k.r.Object = d
	}
	return k.r, nil
}

// diskAttachmentMembers are the members of a VM's disk that belong to its attachment.
var diskAttachmentMembers = []string{"bootable", "interface", "active", "pass_discard", "read_only", "uses_scsi_reservation"}

// diskNoUpdate are chosen when a disk is made and cannot change.
var diskNoUpdate = []string{"format", "sparse", "storage_type", "content_type"}

// diskWant is a disk declaration read: the disk's and the attachment's members.
type diskWant struct {
	name, state string
	disk, att   *Declared
	sd          string // storage domain id, "" when not declared
	attached    bool   // a VM's disk
}

func (k *kit) readDisk(ctx context.Context, s Spec, attached bool) (*diskWant, error) {
	sp := readSpec("disk", s)
	name, err := sp.name()
	if err != nil {
		return nil, err
	}
	sp.used["vm"] = true
	w := &diskWant{name: name, attached: attached}
	if w.state, err = sp.state("present", "present", "absent"); err != nil {
		return nil, err
	}
	if v, ok := sp.get("storage_domain"); ok {
		if w.sd, err = k.resolveRef(ctx, "StorageDomain", "storage_domain", v); err != nil {
			return nil, err
		}
	}
	att := Spec{}
	for _, m := range diskAttachmentMembers {
		if v, ok := sp.get(m); ok {
			att[m] = v
		}
	}
	if len(att) > 0 && !attached {
		return nil, specErrorf("%s: a member of a disk's attachment to a vm: give vm= too", slices.Sorted(maps.Keys(att))[0])
	}
	rest := sp.rest()
	if v, ok := rest["size"]; ok { // the short name of provisioned_size
		delete(rest, "size")
		rest["provisioned_size"] = v
	}
	if w.disk, err = k.e.Declared(ctx, "Disk", rest); err != nil {
		return nil, err
	}
	if w.att, err = k.e.Declared(ctx, "DiskAttachment", att); err != nil {
		return nil, err
	}
	return w, nil
}

// ensureDisk ensures the disk declared by s, attached to the VM of atts (nil: a floating disk, or
// a VM that does not exist yet in check mode when attached is declared). prefix is put before
// diff paths ("disks.web1_os." in a VM declaration).
func (k *kit) ensureDisk(ctx context.Context, atts *engine.DiskAttachmentsService, prefix string, s Spec) (*types.Disk, error) {
	_, attached := s["vm"]
	w, err := k.readDisk(ctx, s, attached || prefix != "")
	if err != nil {
		return nil, err
	}
	var cur *types.Disk
	var att *types.DiskAttachment
	if atts != nil || !w.attached { // else the VM is yet to be made (check mode)
		if cur, att, err = k.findDisk(ctx, atts, w.name); err != nil {
			return nil, err
		}
	}
	label := "disk " + w.name
	disks := k.conn.SystemService().DisksService()
	switch {
	case w.state == "absent" && cur == nil:
		return nil, nil
	case w.state == "absent":
		k.opOf(prefix, "remove")
		svc := disks.DiskService(cur.GetId())
		if err := k.do("remove "+label, func() error { return svc.Remove(ctx, nil) }); err != nil {
			return nil, err
		}
		return nil, k.waitGone(ctx, svc)
	case cur == nil:
		if err := needName(s, "disk"); err != nil {
			return nil, err
		}
		return k.addDisk(ctx, atts, w, prefix)
	}
	if cur.GetStatus() == types.DiskStatusLocked && !k.check() {
		// a disk being made, copied or grown cannot change: wait until it is ok
		svc := disks.DiskService(cur.GetId())
		if err := k.waitFor(ctx, svc, "ok"); err != nil {
			return nil, err
		}
		if cur, err = svc.Get(ctx, nil); err != nil {
			return nil, err
		}
	}
	if att != nil {
		if err := k.updateAttachment(ctx, atts, prefix, label, att, w); err != nil {
			return nil, err
		}
	}
	var viaAtt *engine.DiskAttachmentService // a VM's disk changes through its attachment
	if att != nil {
		viaAtt = atts.AttachmentService(att.GetId())
	}
	return k.updateDisk(ctx, prefix, label, cur, w, viaAtt)
}

// addDisk creates the disk (through the VM's attachments when attached) and waits until it is ok.
func (k *kit) addDisk(ctx context.Context, atts *engine.DiskAttachmentsService, w *diskWant, prefix string) (*types.Disk, error) {
	d := w.disk.Object(nil).(*types.Disk)
	d.Name = &w.name
	if prefix == "" {
		k.r.Diff["name"] = Change{To: w.name}
	}
	if d.ProvisionedSize == nil {
		return nil, specErrorf("disk %s: a new disk needs its size (size='20GiB')", w.name)
	}
	if d.Format == nil {
		d.Format = types.Ptr(types.DiskFormatCow)
	}
	if w.sd != "" {
		d.StorageDomains = types.ListOf(&types.StorageDomain{Id: &w.sd})
	}
	k.opOf(prefix, "add")
	for path, c := range w.disk.Diff(nil) {
		k.r.Diff[prefix+path] = c
	}
	var id string
	err := k.do("add disk "+w.name, func() error {
		if !w.attached {
			added, err := k.conn.SystemService().DisksService().Add(ctx, d, nil)
			id = added.GetId()
			return err
		}
		a := w.att.Object(nil).(*types.DiskAttachment)
		a.Disk = d
		if a.Interface == nil {
			a.Interface = types.Ptr(types.DiskInterfaceVirtioScsi)
		}
		if a.Active == nil {
			a.Active = types.Ptr(true)
		}
		added, err := atts.Add(ctx, a, nil)
		id = firstID(added.Disk.GetId(), added.GetId())
		return err
	})
	if err != nil || k.check() {
		return nil, err
	}
	svc := k.conn.SystemService().DisksService().DiskService(id)
	if err := k.waitFor(ctx, svc, "ok"); err != nil {
		return nil, err
	}
	return svc.Get(ctx, nil)
}

func firstID(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// updateAttachment changes the declared members of the disk's attachment to the VM.
func (k *kit) updateAttachment(ctx context.Context, atts *engine.DiskAttachmentsService, prefix, label string,
	cur *types.DiskAttachment, w *diskWant) error {
	changes := w.att.Diff(cur)
	if len(changes) == 0 {
		return nil
	}
	for path, c := range changes {
		k.change(prefix+path, c.From, c.To, false)
	}
	upd := w.att.Update(changes).(*types.DiskAttachment)
	return k.do("update attachment of "+label, func() error {
		_, err := atts.AttachmentService(cur.GetId()).Update(ctx, upd, nil)
		return err
	})
}

// updateDisk grows the disk and changes its other declared members; what is chosen when a disk
// is made (format, sparseness, storage domain) cannot change: a difference is an error, as is a
// smaller size.
// A VM's disk changes through its attachment (att), which every engine version takes.
func (k *kit) updateDisk(ctx context.Context, prefix, label string, cur *types.Disk, w *diskWant,
	att *engine.DiskAttachmentService) (*types.Disk, error) {
	if w.sd != "" && !slices.ContainsFunc(cur.StorageDomains.All(), func(s *types.StorageDomain) bool { return s.GetId() == w.sd }) {
		return nil, fmt.Errorf("%s: the disk is on another storage domain than %s (ensure does not move disks)", label, w.sd)
	}
	changes := w.disk.Diff(cur)
	for path, c := range changes {
		if slices.Contains(diskNoUpdate, path) {
			return nil, fmt.Errorf("%s: %s is %v and cannot change to %v once the disk exists", label, path, c.From, c.To)
		}
	}
	if c, ok := changes["provisioned_size"]; ok {
		from, _ := c.From.(int64)
		to, _ := c.To.(int64)
		if to < from {
			return nil, fmt.Errorf("%s: size %s (%d bytes) is smaller than the disk's %s (%d bytes): a disk cannot shrink",
				label, types.FormatSize(to), to, types.FormatSize(from), from)
		}
	}
	if len(changes) == 0 {
		return cur, nil
	}
	for path, c := range changes {
		k.change(prefix+path, c.From, c.To, false)
	}
	upd := w.disk.Update(changes).(*types.Disk)
	svc := k.conn.SystemService().DisksService().DiskService(cur.GetId())
	action := "update " + label
	if upd.ProvisionedSize != nil {
		action = "extend " + label
	}
	if err := k.do(action, func() error {
		if att != nil {
			_, err := att.Update(ctx, &types.DiskAttachment{Disk: upd}, nil)
			return err
		}
		_, err := svc.Update(ctx, upd, nil)
		return err
	}); err != nil {
		return nil, err
	}
	if k.check() {
		return cur, nil
	}
	if err := k.waitFor(ctx, svc, "ok"); err != nil {
		return nil, err
	}
	return svc.Get(ctx, nil)
}

// findDisk finds the disk named name (or with that id): among the VM's attachments when atts is
// given (att is then its attachment), else among all disks. A VM's disk is made when it is not
// attached to the VM, even if a disk of that name exists elsewhere (template copies share names).
func (k *kit) findDisk(ctx context.Context, atts *engine.DiskAttachmentsService, name string) (*types.Disk, *types.DiskAttachment, error) {
	if atts != nil {
		list := k.atts
		if list == nil {
			var err error
			if list, err = atts.List(ctx, &engine.DiskAttachmentsListParams{Follow: types.Ptr("disk")}); err != nil {
				return nil, nil, err
			}
		}
		for _, a := range list {
			if a.Disk != nil && (a.Disk.GetName() == name || a.Disk.GetId() == name) {
				return a.Disk, a, nil
			}
		}
		return nil, nil, nil
	}
	ent, err := lookup(ctx, k.conn.SystemService().DisksService(), name)
	if err != nil || ent == nil {
		return nil, nil, err
	}
	return ent.Value.(*types.Disk), nil, nil
}

// Export declares the disks the search selects (without their VMs: a VM's declaration holds
// its disks with their attachments).
func (diskKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	p := &engine.DisksListParams{}
	if search != "" {
		p.Search = &search
	}
	list, err := e.Conn.SystemService().DisksService().List(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]Spec, 0, len(list))
	for _, d := range list {
		s, err := exportDisk(ctx, e, d)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
