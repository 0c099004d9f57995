package sim

import (
	"fmt"
	"slices"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// finalizeTransfer ends a transfer: the ticket is revoked, the phase is finalizing_success, and
// after the engine's verification (an uploaded cow image must be qcow2) the transfer is
// finished_success with the disk ok, or finished_failure with the uploaded disk removed.
func finalizeTransfer(c *call, coll *collection, v any, _ *types.Action) (*types.Action, *Fault) {
	x := v.(*types.ImageTransfer)
	switch x.GetPhase() {
	case types.ImageTransferPhaseTransferring, types.ImageTransferPhasePausedUser, types.ImageTransferPhaseResuming:
	default:
		return nil, conflictf("Cannot finalize the image transfer %s: its phase is %s.", x.GetId(), x.GetPhase())
	}
	id := x.GetId()
	verified := true
	if t := c.s.images.TicketOf(id); t != nil {
		c.s.images.RemoveTicket(t.ID)
		if t.Write {
			verified = !c.s.images.FailFinalize() && t.Image.Verify()
		}
	}
	setPhase(coll, id, types.ImageTransferPhaseFinalizingSuccess)
	s := c.s
	s.later(delayTransferFinalize, func(st *store) {
		if verified {
			s.endTransfer(st, id, types.ImageTransferPhaseFinishedSuccess)
			return
		}
		setPhase(st.lookup("imagetransfers"), id, types.ImageTransferPhaseFinalizingFailure)
		markDisk(st, x.Disk.GetId(), types.DiskStatusIllegal)
		s.later(delayTransferFinalize, func(st *store) { s.endTransfer(st, id, types.ImageTransferPhaseFinishedFailure) })
	})
	return &types.Action{}, nil
}

// cancelTransfer stops a transfer at once (cancelled_user); it then finishes as a failure: an
// uploaded disk is removed, a downloaded one is ok again.
func cancelTransfer(c *call, coll *collection, v any, _ *types.Action) (*types.Action, *Fault) {
	x := v.(*types.ImageTransfer)
	if !slices.Contains([]types.ImageTransferPhase{types.ImageTransferPhaseInitializing, types.ImageTransferPhaseTransferring,
		types.ImageTransferPhasePausedUser, types.ImageTransferPhasePausedSystem, types.ImageTransferPhaseResuming}, x.GetPhase()) {
		return nil, conflictf("Cannot cancel the image transfer %s: its phase is %s.", x.GetId(), x.GetPhase())
	}
	id := x.GetId()
	if t := c.s.images.TicketOf(id); t != nil {
		c.s.images.RemoveTicket(t.ID)
	}
	setPhase(coll, id, types.ImageTransferPhaseCancelledUser)
	s := c.s
	s.later(delayTransferFinalize, func(st *store) { s.endTransfer(st, id, types.ImageTransferPhaseFinishedFailure) })
	return &types.Action{}, nil
}

func pauseTransfer(c *call, coll *collection, v any, _ *types.Action) (*types.Action, *Fault) {
	x := v.(*types.ImageTransfer)
	if x.GetPhase() != types.ImageTransferPhaseTransferring {
		return nil, conflictf("Cannot pause the image transfer %s: its phase is %s.", x.GetId(), x.GetPhase())
	}
	setPhase(coll, x.GetId(), types.ImageTransferPhasePausedUser)
	return &types.Action{}, nil
}

// resumeTransfer goes through resuming back to transferring, with the ticket valid again.
func resumeTransfer(c *call, coll *collection, v any, _ *types.Action) (*types.Action, *Fault) {
	x := v.(*types.ImageTransfer)
	switch x.GetPhase() {
	case types.ImageTransferPhasePausedUser, types.ImageTransferPhasePausedSystem:
	default:
		return nil, conflictf("Cannot resume the image transfer %s: its phase is %s.", x.GetId(), x.GetPhase())
	}
	id := x.GetId()
	setPhase(coll, id, types.ImageTransferPhaseResuming)
	s := c.s
	s.later(delayTransferInit, func(st *store) {
		if !setPhaseFrom(st.lookup("imagetransfers"), id, types.ImageTransferPhaseResuming, types.ImageTransferPhaseTransferring) {
			return
		}
		if t := s.images.TicketOf(id); t != nil {
			t.Last.Store(s.clock.Now().UnixNano())
			t.Active.Store(true)
		}
	})
	return &types.Action{}, nil
}

// endTransfer moves a transfer to its final phase and settles its disk: ok after a success or
// a download, removed after a failed upload. The transfer stays listed for a while.
func (s *Server) endTransfer(st *store, id string, phase types.ImageTransferPhase) {
	transfers := st.lookup("imagetransfers")
	v, ok := transfers.get(id)
	if !ok {
		return
	}
	x := v.(*types.ImageTransfer)
	if t := s.images.TicketOf(id); t != nil {
		s.images.RemoveTicket(t.ID)
	}
	mutate(transfers, id, func(y *types.ImageTransfer) bool {
		y.Phase, y.Active = types.Ptr(phase), types.Ptr(false)
		return true
	})
	diskID := x.Disk.GetId()
	upload := x.GetDirection() != types.ImageTransferDirectionDownload
	disks := st.lookup("disks")
	dv, ok := disks.get(diskID)
	if !ok {
		return
	}
	d := dv.(*types.Disk)
	verb := transferVerb(x.GetDirection())
	now := s.clock.Now()
	switch {
	case phase == types.ImageTransferPhaseFinishedSuccess:
		mutate(disks, diskID, func(y *types.Disk) bool {
			y.Status = types.Ptr(types.DiskStatusOk)
			if upload {
				if img := s.images.Peek(diskID); img != nil && y.GetSparse() {
					_, length := img.State()
					y.ActualSize = types.Ptr(min(img.Allocated(), max(y.GetProvisionedSize(), length)))
					y.TotalSize = y.ActualSize
				}
			}
			return true
		})
		recordEvent(st, now, 1032, types.LogSeverityNormal, fmt.Sprintf("Image %s with disk %s succeeded.", verb, d.GetName()), nil)
	case upload:
		(&call{s: s, st: st}).detachEverywhere(diskID)
		st.remove(disks, diskID)
		s.images.Drop(diskID)
		recordEvent(st, now, 1034, types.LogSeverityError, fmt.Sprintf("Image %s with disk %s failed (%s); the disk was removed.",
			verb, d.GetName(), phase), nil)
	default:
		markDisk(st, diskID, types.DiskStatusOk)
		recordEvent(st, now, 1033, types.LogSeverityWarning, fmt.Sprintf("Image %s with disk %s was cancelled.", verb, d.GetName()), nil)
	}
	s.later(delayTransferCleanup, func(st *store) {
		if c := st.lookup("imagetransfers"); c != nil {
			st.remove(c, id)
		}
	})
}

func setPhase(coll *collection, id string, phase types.ImageTransferPhase) {
	mutate(coll, id, func(x *types.ImageTransfer) bool {
		x.Phase = types.Ptr(phase)
		return true
	})
}

func setPhaseFrom(coll *collection, id string, from, to types.ImageTransferPhase) bool {
	return mutate(coll, id, func(x *types.ImageTransfer) bool {
		if x.GetPhase() != from {
			return false
		}
		x.Phase = types.Ptr(to)
		return true
	})
}

func markDisk(st *store, id string, status types.DiskStatus) {
	mutate(st.lookup("disks"), id, func(x *types.Disk) bool {
		x.Status = types.Ptr(status)
		return true
	})
}
