package sim

import (
	"fmt"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/sim/imageio"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Nominal durations of image transfers on the real clock (a fast clock divides them).
const (
	delayTransferInit     = 1 * time.Second // initializing → transferring: the ticket reaches the host
	delayTransferFinalize = 1 * time.Second // each step after finalize or cancel
	delayTransferCleanup  = 5 * time.Minute // a finished transfer stays listed that long
	defaultInactivity     = 60              // seconds without data before the timeout policy applies
)

// registerImageTransfers adds image transfers: the disk is locked from the transfer's creation
// until it finishes; the phases go initializing → transferring → finalizing_success →
// finished_success, or to cancelled_user / finished_failure on cancel, failed verification or
// inactivity (paused_system with the legacy policy). Bytes move through the imageio endpoints
// (package imageio) with the ticket in the transfer_url and proxy_url.
func registerImageTransfers(h *hooks) {
	h.add["ImageTransfers"] = addImageTransfer
	h.action["ImageTransfer/finalize"] = finalizeTransfer
	h.action["ImageTransfer/cancel"] = cancelTransfer
	h.action["ImageTransfer/pause"] = pauseTransfer
	h.action["ImageTransfer/resume"] = resumeTransfer
	if prev := h.remove["Disk"]; prev != nil {
		h.remove["Disk"] = func(c *call, coll *collection, v any) *Fault {
			if f := prev(c, coll, v); f != nil {
				return f
			}
			c.s.images.Drop(v.(*types.Disk).GetId())
			return nil
		}
	}
}

func addImageTransfer(c *call, coll *collection, v any, _ string) (any, *Fault) {
	in := v.(*types.ImageTransfer)
	if in.Disk == nil || in.Disk.Id == nil {
		if in.Snapshot != nil {
			return nil, badRequest("The simulator transfers disks, not disk snapshots")
		}
		return nil, faultf(400, reasonIncomplete, "ImageTransfer [disk.id|snapshot.id] required for add")
	}
	diskID := in.Disk.GetId()
	dv, ok := c.st.lookup("disks").get(diskID)
	if !ok {
		return nil, notFound("Disk: id=" + diskID)
	}
	d := dv.(*types.Disk)
	if d.GetStatus() != types.DiskStatusOk {
		return nil, conflictf("Cannot transfer Virtual Disk. The disk %s is %s.", d.GetName(), d.GetStatus())
	}
	dir := types.ImageTransferDirectionUpload
	if in.Direction != nil {
		dir = *in.Direction
	}
	format := d.GetFormat()
	if in.Format != nil {
		format = *in.Format
	}
	size, img, f := c.s.prepareImage(d, dir, format)
	if f != nil {
		return nil, f
	}
	out := &types.ImageTransfer{Id: in.Id, Name: in.Name, Description: in.Description, Comment: in.Comment,
		Direction: types.Ptr(dir), Format: types.Ptr(format), Phase: types.Ptr(types.ImageTransferPhaseInitializing),
		Disk: ref[types.Disk](diskID, "disks"), InactivityTimeout: in.InactivityTimeout, TimeoutPolicy: in.TimeoutPolicy,
		Transferred: types.Ptr(int64(0)), Active: types.Ptr(false), Shallow: in.Shallow}
	if out.InactivityTimeout == nil {
		out.InactivityTimeout = types.Ptr(int64(defaultInactivity))
	}
	if out.TimeoutPolicy == nil {
		out.TimeoutPolicy = types.Ptr(types.ImageTransferTimeoutPolicyLegacy)
	}
	if host := firstUpHost(c.st); host != "" {
		out.Host = ref[types.Host](host, "hosts")
	}
	mutate(c.st.lookup("disks"), diskID, func(x *types.Disk) bool {
		x.Status = types.Ptr(types.DiskStatusLocked)
		return true
	})
	t := &imageio.Ticket{ID: randomUUID(), Transfer: out.GetId(), Disk: diskID, Write: dir == types.ImageTransferDirectionUpload,
		Size: size, Image: img}
	c.s.images.AddTicket(t)
	s, base := c.s, c.s.absURL(c.r, "")
	// the engine answers the add with the ticket's URLs already (go-ovirt-client reads them
	// from that answer); they serve once the transfer is transferring
	out.TransferUrl, out.ProxyUrl = types.Ptr(base+ImagesPath+t.ID), types.Ptr(base+ProxyImagesPath+t.ID)
	timeout := time.Duration(*out.InactivityTimeout) * time.Second
	policy := *out.TimeoutPolicy
	s.later(delayTransferInit, func(st *store) {
		started := mutate(st.lookup("imagetransfers"), t.Transfer, func(x *types.ImageTransfer) bool {
			if x.GetPhase() != types.ImageTransferPhaseInitializing {
				return false
			}
			x.Phase = types.Ptr(types.ImageTransferPhaseTransferring)
			return true
		})
		if started {
			t.Last.Store(s.clock.Now().UnixNano())
			t.Active.Store(true)
			s.watchInactivity(t, timeout, policy)
		}
	})
	c.event(1031, types.LogSeverityNormal, fmt.Sprintf("Image %s with disk %s was initiated by %s.",
		transferVerb(dir), d.GetName(), DefaultUser), nil)
	return out, nil
}

// prepareImage returns the bytes a transfer of the disk reads or writes, and how many it may
// address. Uploads write the disk's image: guest data for raw transfers, a qcow2 file for cow
// transfers (an upload in the other kind replaces what was there). Downloads in the kind the
// disk holds read it as it is; otherwise they read a converted copy, as imageio's qemu-nbd
// would: the guest data of the qcow2 file, or a new qcow2 file of the guest data (an empty cow
// disk downloads as a qcow2 file with no data).
func (s *Server) prepareImage(d *types.Disk, dir types.ImageTransferDirection, format types.DiskFormat) (int64, *imageio.Image, *Fault) {
	kind := imageio.KindRaw
	if format == types.DiskFormatCow {
		kind = imageio.KindQcow2
	}
	img := s.images.Image(d.GetId())
	have, length := img.State()
	prov := d.GetProvisionedSize()
	if dir == types.ImageTransferDirectionUpload {
		if have != kind {
			img.Reset(kind)
		}
		if kind == imageio.KindRaw {
			return prov, img, nil
		}
		// a qcow2 file may exceed the virtual size by its metadata
		return max(d.GetInitialSize(), prov+prov/8+imageio.BlockSize), img, nil
	}
	switch {
	case kind == imageio.KindRaw && have == imageio.KindQcow2:
		raw, _, err := imageio.FromQcow2(img, length)
		if err != nil {
			return 0, nil, conflictf("Cannot download Virtual Disk %s as raw: the simulator cannot read its image (%v)", d.GetName(), err)
		}
		return prov, raw, nil
	case kind == imageio.KindRaw:
		return prov, img, nil
	case have == imageio.KindQcow2:
		return length, img, nil
	}
	q := imageio.ToQcow2(img, prov)
	_, qlen := q.State()
	return qlen, q, nil
}

func firstUpHost(st *store) string {
	if hosts := st.lookup("hosts"); hosts != nil {
		for _, v := range hosts.all() {
			if h := v.(*types.Host); h.GetStatus() == types.HostStatusUp {
				return h.GetId()
			}
		}
	}
	return ""
}

func transferVerb(dir types.ImageTransferDirection) string {
	if dir == types.ImageTransferDirectionDownload {
		return "Download"
	}
	return "Upload"
}

// noteTransferred shows the bytes moved through a ticket on its transfer.
func (s *Server) noteTransferred(t *imageio.Ticket) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	mutate(s.store.lookup("imagetransfers"), t.Transfer, func(x *types.ImageTransfer) bool {
		x.Transferred, x.Active = types.Ptr(t.Moved.Load()), types.Ptr(true)
		return true
	})
}

// watchInactivity applies the timeout policy when no data moved for timeout: the legacy and
// pause policies pause the transfer (paused_system), cancel ends it.
func (s *Server) watchInactivity(t *imageio.Ticket, timeout time.Duration, policy types.ImageTransferTimeoutPolicy) {
	if timeout <= 0 {
		return
	}
	var check func(st *store)
	check = func(st *store) {
		v, ok := st.lookup("imagetransfers").get(t.Transfer)
		if !ok || v.(*types.ImageTransfer).GetPhase() != types.ImageTransferPhaseTransferring {
			return
		}
		idle := s.clock.Now().Sub(time.Unix(0, t.Last.Load()))
		if idle < timeout {
			s.later(timeout-idle, check)
			return
		}
		if policy == types.ImageTransferTimeoutPolicyCancel {
			s.endTransfer(st, t.Transfer, types.ImageTransferPhaseCancelledSystem)
			return
		}
		mutate(st.lookup("imagetransfers"), t.Transfer, func(x *types.ImageTransfer) bool {
			x.Phase = types.Ptr(types.ImageTransferPhasePausedSystem)
			return true
		})
		t.Active.Store(false)
	}
	s.later(timeout, check)
}
