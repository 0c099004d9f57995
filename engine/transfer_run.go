package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TransferStep names the step of an upload or download that failed.
type TransferStep string

// Steps of Upload and Download, in order.
const (
	StepOptions        TransferStep = "checking the options"
	StepImage          TransferStep = "reading the local image"
	StepFindDisk       TransferStep = "finding the disk"
	StepCreateDisk     TransferStep = "creating the disk"
	StepWaitDisk       TransferStep = "waiting for the disk to be ok"
	StepCreateTransfer TransferStep = "creating the image transfer"
	StepWaitTransfer   TransferStep = "waiting for the transfer to start"
	StepConnect        TransferStep = "connecting to imageio"
	StepData           TransferStep = "moving the data"
	StepFlush          TransferStep = "flushing the data"
	StepOutput         TransferStep = "writing the local image"
	StepFinalize       TransferStep = "finalizing the transfer"
	StepWaitFinish     TransferStep = "waiting for the transfer to finish"
)

// TransferError is the error of Upload and Download: the step that failed, the disk and the
// transfer involved, and what was done about it. Before finalizing, a failed or cancelled
// transfer is cancelled so that no disk stays locked: the engine then removes an uploaded disk
// and unlocks a downloaded one. errors.As reaches the cause (*Error, context.Canceled, ...).
type TransferError struct {
	Direction  types.ImageTransferDirection
	Step       TransferStep
	DiskID     string
	TransferID string
	// Phase is the phase of the transfer when the step failed, "" before it existed.
	Phase types.ImageTransferPhase
	// Cancelled tells that the transfer was cancelled; DiskRemoved that the disk this upload
	// created was removed (by the engine after the cancel, or by Upload before any transfer).
	Cancelled   bool
	DiskRemoved bool
	// Cleanup is a failure to cancel the transfer or to remove the disk afterwards.
	Cleanup error
	Err     error
}

func (e *TransferError) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Direction))
	if e.DiskID != "" {
		b.WriteString(" of disk " + e.DiskID)
	}
	b.WriteString(" failed while " + string(e.Step))
	if e.TransferID != "" {
		fmt.Fprintf(&b, " (transfer %s", e.TransferID)
		if e.Phase != "" {
			fmt.Fprintf(&b, ", phase %s", e.Phase)
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": " + strings.TrimSuffix(e.Err.Error(), "."))
	}
	switch {
	case e.Cancelled && e.DiskRemoved:
		b.WriteString(". The transfer was cancelled and the disk removed")
	case e.Cancelled:
		b.WriteString(". The transfer was cancelled")
	case e.DiskRemoved:
		b.WriteString(". The disk was removed")
	}
	if e.Cleanup != nil {
		b.WriteString(". Cleaning up failed too: " + strings.TrimSuffix(e.Cleanup.Error(), "."))
	}
	return b.String()
}

func (e *TransferError) Unwrap() error { return e.Err }

// TransferResult tells what Upload or Download did.
type TransferResult struct {
	// Disk is the disk at the end, ok.
	Disk       *types.Disk
	TransferID string
	// Endpoint is the imageio endpoint that moved the data: EndpointTransferURL or
	// EndpointProxyURL.
	Endpoint string
	// Format is the format of the bytes moved: raw guest data, or the qcow2 file (cow).
	Format types.DiskFormat
	// Size is the length of the image; Sent the bytes that crossed the network (runs of zeros
	// are zeroed or skipped, not sent).
	Size, Sent int64
	// SHA256 is the hex SHA-256 of the image's bytes, with Checksum.
	SHA256  string
	Elapsed time.Duration
}

// Defaults of the transfer options.
const (
	defaultChunk        = 8 << 20
	defaultPollInterval = time.Second
	defaultWaitTimeout  = 10 * time.Minute
	cleanupTimeout      = time.Minute // bounds cancelling and removing after a failure
)

// transferRun is the state of one Upload or Download, for its steps and its cleanup.
type transferRun struct {
	c           *Connection
	dir         types.ImageTransferDirection
	pollMax     time.Duration // the longest pause between polls
	wait        time.Duration // bounds each wait
	diskID      string
	createdDisk bool // Upload made the disk: remove it if no transfer owns it yet
	transferID  string
	phase       types.ImageTransferPhase
	finalizing  bool // finalize was sent: the transfer can no longer be cancelled
}

func (t *transferRun) disks() *DisksService { return t.c.SystemService().DisksService() }

func (t *transferRun) transfer() *ImageTransferService {
	return t.c.SystemService().ImageTransfersService().ImageTransferService(t.transferID)
}

// fail builds the TransferError of step and cleans up: cancel the transfer (and wait until it
// has ended, so that the disk is no longer locked) or remove the disk made for it.
func (t *transferRun) fail(ctx context.Context, step TransferStep, err error) *TransferError {
	e := &TransferError{Direction: t.dir, Step: step, DiskID: t.diskID, TransferID: t.transferID, Phase: t.phase, Err: err}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	switch {
	case t.transferID != "" && !t.finalizing:
		e.Cleanup = t.cancelTransfer(cctx)
		e.Cancelled = e.Cleanup == nil
	case t.transferID == "" && t.createdDisk:
		e.Cleanup = t.removeDisk(cctx)
		e.DiskRemoved = e.Cleanup == nil
	}
	if t.createdDisk && !e.DiskRemoved {
		_, gerr := t.disks().DiskService(t.diskID).Get(cctx, nil)
		e.DiskRemoved = isNotFound(gerr) // the engine removes the disk of a failed upload
	}
	return e
}

// cancelTransfer cancels the transfer and waits until it has ended.
func (t *transferRun) cancelTransfer(ctx context.Context) error {
	if err := t.transfer().Cancel(ctx, nil); err != nil && !isNotFound(err) {
		return fmt.Errorf("cancelling the transfer: %w", err)
	}
	return t.poll(ctx, func(ctx context.Context) (bool, error) {
		x, err := t.transfer().Get(ctx, nil)
		if isNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		t.phase = x.GetPhase()
		switch t.phase {
		case types.ImageTransferPhaseFinishedFailure, types.ImageTransferPhaseFinishedSuccess,
			types.ImageTransferPhaseFinishedCleanup:
			return true, nil
		}
		return false, nil
	})
}

// removeDisk removes the disk Upload made, once it is no longer locked.
func (t *transferRun) removeDisk(ctx context.Context) error {
	err := t.poll(ctx, func(ctx context.Context) (bool, error) {
		d, err := t.disks().DiskService(t.diskID).Get(ctx, nil)
		if err != nil {
			return isNotFound(err), ignoreNotFound(err)
		}
		return d.GetStatus() != types.DiskStatusLocked, nil
	})
	if err == nil {
		err = ignoreNotFound(t.disks().DiskService(t.diskID).Remove(ctx, nil))
	}
	if err != nil {
		return fmt.Errorf("removing the disk: %w", err)
	}
	return nil
}

// poll calls check until it reports done, pausing 50ms, then twice as long each time up to
// t.poll; t.wait bounds the whole.
func (t *transferRun) poll(parent context.Context, check func(ctx context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(parent, t.wait)
	defer cancel()
	pause := min(50*time.Millisecond, t.pollMax)
	for {
		done, err := check(ctx)
		if err != nil || done {
			if err != nil && parent.Err() == nil && ctx.Err() != nil {
				return fmt.Errorf("gave up after %s: %w", t.wait, err)
			}
			return err
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			if parent.Err() == nil {
				return fmt.Errorf("gave up after %s: %w", t.wait, ctx.Err())
			}
			return context.Cause(parent)
		case <-timer.C:
		}
		pause = min(2*pause, t.pollMax)
	}
}

// waitDisk waits until the disk is ok.
func (t *transferRun) waitDisk(ctx context.Context) (*types.Disk, error) {
	var disk *types.Disk
	err := t.poll(ctx, func(ctx context.Context) (bool, error) {
		d, err := t.disks().DiskService(t.diskID).Get(ctx, nil)
		if err != nil {
			if isNotFound(err) {
				return false, fmt.Errorf("the disk was removed: %w", err)
			}
			return false, err
		}
		switch d.GetStatus() {
		case types.DiskStatusOk:
			disk = d
			return true, nil
		case types.DiskStatusIllegal:
			return false, fmt.Errorf("the disk is illegal")
		}
		return false, nil
	})
	return disk, err
}

// start creates the transfer of the disk and waits until it is transferring.
func (t *transferRun) start(ctx context.Context, format types.DiskFormat) (*types.ImageTransfer, error) {
	x, err := t.c.SystemService().ImageTransfersService().Add(ctx, &types.ImageTransfer{
		Disk: &types.Disk{Id: types.Ptr(t.diskID)}, Direction: types.Ptr(t.dir), Format: types.Ptr(format),
	}, nil)
	if err != nil {
		return nil, t.fail(ctx, StepCreateTransfer, err)
	}
	t.transferID, t.phase = x.GetId(), x.GetPhase()
	err = t.poll(ctx, func(ctx context.Context) (bool, error) {
		got, err := t.transfer().Get(ctx, nil)
		if err != nil {
			if isNotFound(err) {
				return false, fmt.Errorf("the engine removed the transfer: %w", err)
			}
			return false, err
		}
		x, t.phase = got, got.GetPhase()
		switch t.phase {
		case types.ImageTransferPhaseTransferring:
			return true, nil
		case types.ImageTransferPhaseInitializing, types.ImageTransferPhaseResuming, types.ImageTransferPhaseUnknown, "":
			return false, nil
		}
		return false, fmt.Errorf("the transfer went to phase %s instead of transferring", t.phase)
	})
	if err != nil {
		return nil, t.fail(ctx, StepWaitTransfer, err)
	}
	return x, nil
}

// finish finalizes the transfer and waits until it has finished and the disk is ok. Engines
// older than 4.4.7 remove the transfer when it ends: then the disk tells the outcome.
func (t *transferRun) finish(ctx context.Context) (*types.Disk, error) {
	t.finalizing = true
	if err := t.transfer().Finalize(ctx, nil); err != nil {
		return nil, t.fail(ctx, StepFinalize, err)
	}
	err := t.poll(ctx, func(ctx context.Context) (bool, error) {
		x, err := t.transfer().Get(ctx, nil)
		if isNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		t.phase = x.GetPhase()
		switch t.phase {
		case types.ImageTransferPhaseFinishedSuccess:
			return true, nil
		case types.ImageTransferPhaseFinishedFailure, types.ImageTransferPhasePausedSystem,
			types.ImageTransferPhaseCancelledSystem, types.ImageTransferPhaseCancelledUser:
			msg := "the engine could not finalize the transfer"
			if t.dir == types.ImageTransferDirectionUpload {
				msg += " (the image failed verification: the engine removes the disk)"
			}
			return false, fmt.Errorf("%s: phase %s", msg, t.phase)
		}
		return false, nil
	})
	if err != nil {
		return nil, t.fail(ctx, StepWaitFinish, err)
	}
	disk, err := t.waitDisk(ctx)
	if err != nil {
		return nil, t.fail(ctx, StepWaitFinish, err)
	}
	return disk, nil
}

func isNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindNotFound
}

func ignoreNotFound(err error) error {
	if isNotFound(err) {
		return nil
	}
	return err
}
