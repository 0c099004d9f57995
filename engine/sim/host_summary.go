package sim

import "github.com/ovirtsh/ovirtsh/engine/types"

// A host's summary is what its VDSM reports about the VMs it runs: total counts every VM on
// the host, active those up, migrating those migrating from (or, on a real engine, to) it. It
// is derived from the VMs when a host is rendered, never stored, so no VM change can leave it
// stale.

// hostSummaries counts the VMs on each host (store locked).
func hostSummaries(st *store) map[string]*types.VmSummary {
	out := map[string]*types.VmSummary{}
	vms := st.lookup("vms")
	if vms == nil {
		return out
	}
	for _, v := range vms.all() {
		vm := v.(*types.Vm)
		id := vm.Host.GetId()
		if id == "" || !vmRunning(vm.GetStatus()) {
			continue
		}
		s := out[id]
		if s == nil {
			s = zeroSummary()
			out[id] = s
		}
		*s.Total++
		switch vm.GetStatus() {
		case types.VmStatusUp:
			*s.Active++
		case types.VmStatusMigrating:
			*s.Migrating++
		}
	}
	return out
}

// summaryOf returns host id's summary among sums: zeros for a host without VMs.
func summaryOf(sums map[string]*types.VmSummary, id string) *types.VmSummary {
	if s := sums[id]; s != nil {
		return s
	}
	return zeroSummary()
}

func zeroSummary() *types.VmSummary {
	return &types.VmSummary{Active: types.Ptr(int64(0)), Migrating: types.Ptr(int64(0)), Total: types.Ptr(int64(0))}
}

// deriveFields returns what rendering sets on a copy of an entity of typeName from other
// entities (store locked), or nil when the type has nothing derived.
func deriveFields(st *store, typeName string) func(o any) {
	if st == nil || typeName != "Host" {
		return nil
	}
	sums := hostSummaries(st)
	return func(o any) {
		if h, ok := o.(*types.Host); ok {
			h.Summary = summaryOf(sums, h.GetId())
		}
	}
}
