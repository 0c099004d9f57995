package sim

import (
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Backup phases last this long on the simulator clock.
const (
	delayBackupStart    = 2 * time.Second
	delayBackupFinalize = 2 * time.Second
)

// registerBackups runs VM backups through the engine's phases: initializing, then ready (disks
// exposed for download), finalize to succeeded. A backup needs a VM that is up or down, and
// backs up the VM's disks unless the client names some.
func registerBackups(h *hooks) {
	h.add["VmBackups"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		b := v.(*types.Backup)
		vmID := c.pathParent("vms")
		vm, ok := c.st.lookup("vms").get(vmID)
		if !ok {
			return nil, notFound("Vm: id=" + vmID)
		}
		switch vm.(*types.Vm).GetStatus() {
		case types.VmStatusUp, types.VmStatusDown:
		default:
			return nil, conflictf("Cannot backup VM. The VM is %s.", vm.(*types.Vm).GetStatus())
		}
		for _, other := range coll.all() {
			switch other.(*types.Backup).GetPhase() {
			case types.BackupPhaseSucceeded, types.BackupPhaseFailed:
			default:
				return nil, conflictf("Cannot backup VM. A backup of the VM is already in progress.")
			}
		}
		b.Vm = ref[types.Vm](vmID, "vms")
		b.Phase = types.Ptr(types.BackupPhaseInitializing)
		b.CreationDate, b.ModificationDate = types.Ptr(c.now), types.Ptr(c.now)
		b.ToCheckpointId = types.Ptr(c.st.newID())
		if host := vm.(*types.Vm).Host; host != nil {
			b.Host = ref[types.Host](host.GetId(), "hosts")
		} else if up := firstUpHost(c.st); up != "" {
			b.Host = ref[types.Host](up, "hosts")
		}
		transition(c.s, delayBackupStart, "vms/"+vmID+"/backups", b.GetId(), backupPhase,
			[]types.BackupPhase{types.BackupPhaseInitializing}, types.BackupPhaseReady, touchBackup)
		return b, nil
	}
	h.action["VmBackup/finalize"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		b := v.(*types.Backup)
		if b.GetPhase() != types.BackupPhaseReady {
			return nil, conflictf("Cannot stop VM backup. The backup is %s, not ready.", b.GetPhase())
		}
		mutate(coll, b.GetId(), func(x *types.Backup) bool {
			x.Phase, x.ModificationDate = types.Ptr(types.BackupPhaseFinalizing), types.Ptr(c.now)
			return true
		})
		transition(c.s, delayBackupFinalize, coll.path, b.GetId(), backupPhase,
			[]types.BackupPhase{types.BackupPhaseFinalizing}, types.BackupPhaseSucceeded, touchBackup)
		return &types.Action{}, nil
	}
}

func backupPhase(b *types.Backup) **types.BackupPhase { return &b.Phase }

func touchBackup(_ *store, b *types.Backup, now time.Time) { b.ModificationDate = types.Ptr(now) }
