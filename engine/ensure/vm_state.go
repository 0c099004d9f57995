package ensure

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// vmSettled are the statuses a VM rests in; any other is on its way to one of them.
var vmSettled = []string{"up", "down", "suspended", "paused"}

// vmHeading is the status a VM in a passing status is on its way to.
var vmHeading = map[types.VmStatus]types.VmStatus{
	types.VmStatusWaitForLaunch: types.VmStatusUp, types.VmStatusPoweringUp: types.VmStatusUp,
	types.VmStatusRestoringState: types.VmStatusUp, types.VmStatusRebootInProgress: types.VmStatusUp,
	types.VmStatusMigrating: types.VmStatusUp, types.VmStatusPoweringDown: types.VmStatusDown,
	types.VmStatusSavingState: types.VmStatusSuspended, types.VmStatusImageLocked: types.VmStatusDown,
}

// vmStateStatus is the status each run state ends in.
var vmStateStatus = map[string]string{"running": "up", "stopped": "down", "suspended": "suspended"}

// vmState brings the VM to the declared run state and waits for it. vm is the VM before (nil
// for one made in check mode: it would be down).
func (k *kit) vmState(ctx context.Context, svc *engine.VmService, vm *types.Vm, d *vmDecl, created bool) error {
	if d.state == "present" {
		return nil
	}
	st := types.VmStatusDown
	if vm != nil {
		st = vm.GetStatus()
	}
	switch {
	case slices.Contains(vmSettled, string(st)):
	case k.check(): // plan from the status the VM is on its way to
		if to, ok := vmHeading[st]; ok {
			st = to
		}
	default: // wait for a status the VM rests in, then act on that one
		if err := k.waitFor(ctx, svc, vmSettled...); err != nil {
			return err
		}
		cur, err := svc.Get(ctx, nil)
		if err != nil {
			return err
		}
		st = cur.GetStatus()
	}
	neverRan := created || (vm != nil && vm.StartTime == nil && vm.StopTime == nil)
	start := func() error {
		p := &engine.VmStartParams{}
		action := "start"
		if d.init != nil && neverRan {
			p.UseCloudInit, p.Vm = types.Ptr(true), &types.Vm{Initialization: d.init}
			action = "start (cloud-init)"
		}
		if err := k.do(action, func() error { return svc.Start(ctx, p) }); err != nil {
			return err
		}
		return k.waitFor(ctx, svc, "up")
	}
	k.r.Diff["status"] = Change{From: string(st), To: vmStateStatus[d.state]}
	switch d.state {
	case "running":
		switch st {
		case types.VmStatusUp:
			delete(k.r.Diff, "status")
			return nil
		case types.VmStatusPaused, types.VmStatusDown, types.VmStatusSuspended:
			k.op("change")
			return start()
		}
	case "stopped":
		switch st {
		case types.VmStatusDown:
			delete(k.r.Diff, "status")
			return nil
		case types.VmStatusUp, types.VmStatusPaused, types.VmStatusSuspended:
			k.op("change")
			action, f := "shutdown", func() error { return svc.Shutdown(ctx, nil) }
			if d.force || st != types.VmStatusUp {
				action, f = "stop", func() error { return svc.Stop(ctx, nil) }
			}
			if err := k.do(action, f); err != nil {
				return err
			}
			return k.waitFor(ctx, svc, "down")
		}
	case "suspended":
		switch st {
		case types.VmStatusSuspended:
			delete(k.r.Diff, "status")
			return nil
		case types.VmStatusDown, types.VmStatusPaused, types.VmStatusUp:
			k.op("change")
			if st != types.VmStatusUp {
				if err := start(); err != nil {
					return err
				}
			}
			if err := k.do("suspend", func() error { return svc.Suspend(ctx, nil) }); err != nil {
				return err
			}
			return k.waitFor(ctx, svc, "suspended")
		}
	}
	return fmt.Errorf("the vm is %s: cannot bring it to %s", st, d.state)
}

// ensureTags makes the VM's tags exactly the declared ones (tags are found by name and must
// exist: ovirt.ensure.tag makes them). svc is nil for a VM made in check mode.
func (k *kit) ensureTags(ctx context.Context, svc *engine.VmService, want []string) error {
	wantIDs := map[string]string{} // id → name
	for _, n := range want {
		id, err := k.resolveRef(ctx, "Tag", "tags", n)
		if err != nil {
			return err
		}
		wantIDs[id] = n
	}
	cur := k.tags
	if svc != nil && cur == nil {
		var err error
		if cur, err = svc.TagsService().List(ctx, nil); err != nil {
			return err
		}
	}
	curIDs := map[string]string{}
	for _, t := range cur {
		curIDs[t.GetId()] = t.GetName()
	}
	from, to := sortedValues(curIDs), sortedValues(wantIDs)
	if slices.Equal(from, to) {
		return nil
	}
	k.change("tags", from, to, false)
	for _, id := range slices.Sorted(maps.Keys(wantIDs)) {
		if _, ok := curIDs[id]; !ok {
			if err := k.do("add tag "+wantIDs[id], func() error {
				_, err := svc.TagsService().Add(ctx, &types.Tag{Id: types.Ptr(id)}, nil)
				return err
			}); err != nil {
				return err
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(curIDs)) {
		if _, ok := wantIDs[id]; !ok {
			if err := k.do("remove tag "+curIDs[id], func() error { return svc.TagsService().TagService(id).Remove(ctx, nil) }); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// buildInitialization reads the declared cloud-init configuration (a table of Initialization
// members: host_name, user_name, root_password, authorized_ssh_keys, custom_script...).
func (k *kit) buildInitialization(ctx context.Context, v any) (*types.Initialization, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, specErrorf("initialization: expected a table of cloud-init members, got %s", typeName(v))
	}
	obj, err := k.buildPlain(ctx, "Initialization", Spec(m), false)
	if err != nil {
		return nil, fmt.Errorf("initialization: %w", err)
	}
	return obj.(*types.Initialization), nil
}
