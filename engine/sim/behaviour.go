package sim

import (
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Nominal durations of asynchronous work on the real clock (a fast clock divides them).
const (
	delayImageLock = 2 * time.Second
	delayLaunch    = 1 * time.Second
	delayPowerUp   = 2 * time.Second
	delayPowerDown = 2 * time.Second
	delaySaveState = 2 * time.Second
	delayReboot    = 2 * time.Second
	delayMigrate   = 2 * time.Second
	delayDiskLock  = 2 * time.Second
	delaySnapshot  = 2 * time.Second
	delayHost      = 3 * time.Second
	delayStorage   = 2 * time.Second
)

// registerBehaviour installs every service-specific behaviour.
func registerBehaviour(h *hooks) {
	registerVMs(h)
	registerVMActions(h)
	registerDisks(h)
	registerSnapshots(h)
	registerTemplates(h)
	registerHosts(h)
	registerStorage(h)
	registerEvents(h)
	registerViews(h)
	registerAffinity(h)
	registerStatistics(h)
	registerBackups(h)
	registerDiskSnapshots(h)
	registerExports(h)
	// behaviour the scripts in scripts/ rely on; these wrap hooks registered above
	registerSnapshotBehaviour(h)
	registerCloudInitBehaviour(h)
	registerNextRunBehaviour(h)
	registerDiskUpdateBehaviour(h)
	registerUserBehaviour(h)
	registerNetworkBehaviour(h)
	registerTicketBehaviour(h)
	registerImageTransfers(h) // wraps the disk remove hook
	registerGraphicsConsoles(h)
	registerRemoteViewerFile(h)
	registerRefusals(h) // wraps hooks registered above
}

// mutate replaces entity id of c by a modified copy; f returns false to leave it unchanged.
func mutate[T any](c *collection, id string, f func(v *T) bool) bool {
	if c == nil {
		return false
	}
	old, ok := c.get(id)
	if !ok {
		return false
	}
	v := clone(old.(*T))
	if !f(v) {
		return false
	}
	c.put(v)
	return true
}

// transition schedules the status change of entity id in the collection at path from one of
// from to `to` after d, applying extra as well; it does nothing when the entity moved on
// meanwhile.
func transition[T any, S comparable](s *Server, d time.Duration, path, id string, status func(*T) **S,
	from []S, to S, extra func(st *store, v *T, now time.Time)) {
	s.later(d, func(st *store) {
		mutate(st.lookup(path), id, func(v *T) bool {
			cur := status(v)
			if *cur == nil || !contains(from, **cur) {
				return false
			}
			*cur = types.Ptr(to)
			if extra != nil {
				extra(st, v, s.clock.Now())
			}
			return true
		})
	})
}

func contains[S comparable](list []S, v S) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// conflictf is the 409 an engine answers when an action does not fit the entity's state.
func conflictf(format string, args ...any) *Fault { return conflict(format, args...) }

// queryFlag reads an optional boolean query parameter of the call, defaulting to def.
func (c *call) queryFlag(name string, def bool) bool {
	v, f := c.queryBool(name, def)
	if f != nil {
		return def
	}
	return v
}

// settleAfterLoad finishes, at once, work that was in flight when the inventory was saved.
func (s *Server) settleAfterLoad(st *store) {
	settle := map[types.VmStatus]types.VmStatus{
		types.VmStatusWaitForLaunch: types.VmStatusUp, types.VmStatusPoweringUp: types.VmStatusUp,
		types.VmStatusRestoringState: types.VmStatusUp, types.VmStatusRebootInProgress: types.VmStatusUp,
		types.VmStatusMigrating: types.VmStatusUp, types.VmStatusPoweringDown: types.VmStatusDown,
		types.VmStatusSavingState: types.VmStatusSuspended, types.VmStatusImageLocked: types.VmStatusDown,
	}
	for path, c := range st.colls {
		for _, id := range c.order {
			switch v := c.items[id].(type) {
			case *types.Vm:
				if to, ok := settle[v.GetStatus()]; ok {
					mutate(c, id, func(x *types.Vm) bool { x.Status = types.Ptr(to); return true })
				}
			case *types.Disk:
				if v.GetStatus() == types.DiskStatusLocked {
					mutate(c, id, func(x *types.Disk) bool { x.Status = types.Ptr(types.DiskStatusOk); return true })
				}
			case *types.Snapshot:
				if v.GetSnapshotStatus() == types.SnapshotStatusLocked {
					mutate(c, id, func(x *types.Snapshot) bool { x.SnapshotStatus = types.Ptr(types.SnapshotStatusOk); return true })
				}
			case *types.Template:
				if v.GetStatus() == types.TemplateStatusLocked {
					mutate(c, id, func(x *types.Template) bool { x.Status = types.Ptr(types.TemplateStatusOk); return true })
				}
			case *types.Host:
				switch v.GetStatus() {
				case types.HostStatusInstalling, types.HostStatusUnassigned, types.HostStatusReboot:
					mutate(c, id, func(x *types.Host) bool { x.Status = types.Ptr(types.HostStatusUp); return true })
				case types.HostStatusPreparingForMaintenance:
					mutate(c, id, func(x *types.Host) bool { x.Status = types.Ptr(types.HostStatusMaintenance); return true })
				}
			case *types.StorageDomain:
				switch v.GetStatus() {
				case types.StorageDomainStatusLocked, types.StorageDomainStatusActivating:
					mutate(c, id, func(x *types.StorageDomain) bool { x.Status = types.Ptr(types.StorageDomainStatusActive); return true })
				case types.StorageDomainStatusPreparingForMaintenance:
					mutate(c, id, func(x *types.StorageDomain) bool {
						x.Status = types.Ptr(types.StorageDomainStatusMaintenance)
						return true
					})
				}
			case *types.ImageTransfer: // its ticket and bytes were not saved: it cannot go on
				if !strings.HasPrefix(string(v.GetPhase()), "finished_") {
					mutate(c, id, func(x *types.ImageTransfer) bool {
						x.Phase = types.Ptr(types.ImageTransferPhaseFinishedFailure)
						return true
					})
				}
			case *types.Job:
				if v.GetStatus() == types.JobStatusStarted && !v.GetExternal() {
					endJob(st, c, id, types.JobStatusFinished, s.clock.Now())
				}
			}
		}
		_ = path
	}
}
