package sim

import (
	"reflect"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerNextRunBehaviour keeps an update of a running VM sent with next_run=true as the
// configuration of its next run, as an engine does: the VM answers with its running configuration
// and next_run_configuration_exists=true, a GET with next_run=true answers with the pending one,
// and the VM takes it when it goes down. A simplification: a kept state (Options.StateFile)
// forgets pending configurations.
func registerNextRunBehaviour(h *hooks) {
	update := h.update["Vm"]
	h.update["Vm"] = func(c *call, coll *collection, old, upd any) *Fault {
		if update != nil {
			if f := update(c, coll, old, upd); f != nil {
				return f
			}
		}
		o, u := old.(*types.Vm), upd.(*types.Vm)
		if next := c.st.nextRun[o.GetId()]; next != nil && !c.queryFlag("next_run", false) {
			// what changes at once changes in the pending configuration too
			c.st.nextRun[o.GetId()] = withChanges(next, o, u)
			return nil
		}
		if !c.queryFlag("next_run", false) || !vmRunning(o.GetStatus()) {
			return nil
		}
		if c.st.nextRun == nil {
			c.st.nextRun = map[string]*types.Vm{}
		}
		if next := c.st.nextRun[o.GetId()]; next != nil {
			c.st.nextRun[o.GetId()] = withChanges(next, o, u) // sent members add to the pending ones
		} else {
			c.st.nextRun[o.GetId()] = clone(u)
		}
		*u = *clone(o)
		u.NextRunConfigurationExists = types.Ptr(true)
		return nil
	}
	remove := h.remove["Vm"]
	h.remove["Vm"] = func(c *call, coll *collection, v any) *Fault {
		if f := remove(c, coll, v); f != nil {
			return f
		}
		delete(c.st.nextRun, v.(*types.Vm).GetId())
		return nil
	}
}

// nextRunView returns, for a GET with next_run=true of a VM that has a pending configuration,
// that configuration with the VM's run-time members; else v.
func (c *call) nextRunView(v any) any {
	vm, ok := v.(*types.Vm)
	if !ok || c.st.nextRun[vm.GetId()] == nil || !c.queryFlag("next_run", false) {
		return v
	}
	out := clone(c.st.nextRun[vm.GetId()])
	runTime(out, vm)
	out.NextRunConfigurationExists = types.Ptr(true)
	return out
}

// applyNextRun gives a VM that went down its pending configuration, if any.
func applyNextRun(st *store, v *types.Vm) {
	next := st.nextRun[v.GetId()]
	if next == nil {
		return
	}
	delete(st.nextRun, v.GetId())
	cur := *v
	*v = *clone(next)
	runTime(v, &cur)
	v.NextRunConfigurationExists = types.Ptr(false)
}

// runTime copies the members that describe a VM's run rather than its configuration.
func runTime(dst, src *types.Vm) {
	dst.Status, dst.Host, dst.StartTime, dst.StopTime, dst.StopReason = src.Status, src.Host, src.StartTime, src.StopTime, src.StopReason
	dst.Fqdn, dst.GuestOperatingSystem, dst.GuestTimeZone, dst.RunOnce = src.Fqdn, src.GuestOperatingSystem, src.GuestTimeZone, src.RunOnce
}

// withChanges returns a copy of next with the top-level members that differ between old and upd
// taken from upd.
func withChanges(next, old, upd *types.Vm) *types.Vm {
	out := clone(next)
	ov, uv, nv := reflect.ValueOf(old).Elem(), reflect.ValueOf(upd).Elem(), reflect.ValueOf(out).Elem()
	for i := range uv.NumField() {
		if !reflect.DeepEqual(ov.Field(i).Interface(), uv.Field(i).Interface()) {
			nv.Field(i).Set(uv.Field(i))
		}
	}
	return out
}
