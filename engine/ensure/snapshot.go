package ensure

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// snapshotKind ensures a snapshot of a VM, known by its description:
// ovirt.ensure.snapshot{vm='web1', description='before upgrade', state='present'|'absent'|'restore',
// persist_memorystate=false}. restore brings the (down) VM back to the snapshot each time it runs.
type snapshotKind struct{}

func init() { Register(snapshotKind{}) }

func (snapshotKind) Name() string { return "snapshot" }

// Doc is the help text of the kind.
func (snapshotKind) Doc() string {
	return "ovirt.ensure.snapshot{vm=, name='before upgrade', persist_memorystate=, restore_memory=, " +
		"state='present'|'absent'|'restore'}: a snapshot of a VM named by its description (name= or description=); " +
		"restore brings the down VM back to it each time it runs."
}

var snapshotMembers = []string{"vm", "description", "name", "state", "persist_memorystate", "restore_memory"}

func (snapshotKind) Refs(s Spec) []Ref { return refsOf(s, map[string]string{"vm": "vm"}) }

func (snapshotKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	sp := readSpec("snapshot", s)
	desc, ok, err := sp.str("description")
	if name, hasName, nerr := sp.str("name"); nerr != nil || (hasName && ok && name != desc) {
		err = errors.Join(err, nerr, specErrorf("name and description of a snapshot are the same thing: give one"))
	} else if hasName {
		desc, ok = name, true // a snapshot is named by its description
	}
	k := newKit(e, "snapshot", desc)
	if err == nil && !ok {
		err = specErrorf("a snapshot needs its description (description='before upgrade')")
	}
	if err != nil {
		return k.fail(err)
	}
	vmName, ok, err := sp.str("vm")
	if err == nil && !ok {
		err = specErrorf("a snapshot needs its vm (vm='web1')")
	}
	if err != nil {
		return k.fail(err)
	}
	k.r.Name = vmName + "/" + desc
	state, err := sp.state("present", "present", "absent", "restore")
	if err != nil {
		return k.fail(err)
	}
	persist, hasPersist, err := sp.boolean("persist_memorystate")
	if err != nil {
		return k.fail(err)
	}
	restoreMemory, hasRestoreMemory, err := sp.boolean("restore_memory")
	if err == nil {
		err = sp.unknown(snapshotMembers...)
	}
	if err != nil {
		return k.fail(err)
	}
	vm, err := names.Lookup(ctx, k.conn.SystemService().VmsService(), vmName, false) // a missing VM: the closest names
	if err != nil {
		return k.fail(err)
	}
	vmSvc := vm.Service.(*engine.VmService)
	snaps := vmSvc.SnapshotsService()
	cur, err := findSnapshot(ctx, snaps, desc)
	if err != nil {
		return k.fail(err)
	}
	switch {
	case state == "absent" && cur == nil:
	case state == "absent":
		k.r.Op = "remove"
		svc := snaps.SnapshotService(cur.GetId())
		err = k.do("remove", func() error { return svc.Remove(ctx, nil) })
		if err == nil {
			err = k.waitGone(ctx, svc)
		}
		cur = nil
	case cur == nil && state == "restore":
		err = &names.Error{Kind: names.KindNotFound, Msg: fmt.Sprintf("no snapshot '%s' of vm %s to restore", desc, vmName)}
	case cur == nil:
		k.r.Op = "add"
		body := &types.Snapshot{Description: &desc}
		if hasPersist {
			body.PersistMemorystate = &persist
		}
		err = k.do("add", func() error { cur, err = snaps.Add(ctx, body, nil); return err })
		if err == nil && !k.check() {
			err = k.waitFor(ctx, snaps.SnapshotService(cur.GetId()), "ok")
		}
	case state == "restore":
		k.r.Op = "change"
		p := &engine.SnapshotRestoreParams{}
		if hasRestoreMemory {
			p.RestoreMemory = &restoreMemory
		}
		svc := snaps.SnapshotService(cur.GetId())
		err = k.waitFor(ctx, svc, "ok")
		if err == nil {
			err = k.do("restore", func() error { return svc.Restore(ctx, p) })
		}
		if err == nil { // the VM is locked while its disks go back
			err = k.waitFor(ctx, vmSvc, "down")
		}
	case cur.GetSnapshotStatus() == types.SnapshotStatusLocked: // present, still being taken
		err = k.waitFor(ctx, snaps.SnapshotService(cur.GetId()), "ok")
	}
	if err != nil {
		return k.fail(err)
	}
	if cur != nil && k.stale {
		cur, err = snaps.SnapshotService(cur.GetId()).Get(ctx, nil)
		if err != nil {
			return k.fail(err)
		}
	}
	if cur != nil {
		k.r.Object = cur
	}
	return k.r, nil
}

// findSnapshot finds the VM's snapshot with the description (the active one is not a snapshot
// anyone declares); several with it are an error naming their ids.
func findSnapshot(ctx context.Context, snaps *engine.SnapshotsService, desc string) (*types.Snapshot, error) {
	list, err := snaps.List(ctx, nil)
	if err != nil {
		return nil, err
	}
	var found []*types.Snapshot
	for _, s := range list {
		if s.GetSnapshotType() != types.SnapshotTypeActive && (s.GetDescription() == desc || s.GetId() == desc) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, s := range found {
		ids[i] = s.GetId()
	}
	return nil, fmt.Errorf("%d snapshots have the description '%s': give one of their ids (%s)", len(found), desc, strings.Join(ids, ", "))
}

// Export declares the snapshots (all but the active one) of each VM the search selects.
func (snapshotKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	return exportVMs(ctx, e, search, func(svc *engine.VmService, vm *types.Vm) ([]Spec, error) {
		list, err := svc.SnapshotsService().List(ctx, nil)
		if err != nil {
			return nil, err
		}
		var out []Spec
		for _, s := range list {
			if s.GetSnapshotType() != types.SnapshotTypeActive {
				out = append(out, Spec{"vm": vm.GetName(), "name": s.GetDescription()})
			}
		}
		return out, nil
	})
}
