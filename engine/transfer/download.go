package transfer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// DownloadOptions configure Download. Disk and File (or Writer) are required.
type DownloadOptions struct {
	// Disk is the id or the name of the disk.
	Disk string
	// File is the path of the image to write. It is written under a temporary name in the same
	// directory and renamed when complete, so a failed download leaves no partial file (and an
	// existing file is replaced only by a complete image); runs of zeros stay holes. Writer
	// receives the image instead, in order.
	File   string
	Writer io.Writer
	// Format of the bytes: types.DiskFormatRaw (the guest data) or types.DiskFormatCow (the qcow2
	// image); "" means the disk's format.
	Format types.DiskFormat
	// Progress, Checksum, ChunkSize, PollInterval, WaitTimeout and InactivityTimeout are as in
	// UploadOptions.
	Progress                  func(done, total int64)
	Checksum                  bool
	ChunkSize                 int
	PollInterval, WaitTimeout time.Duration
	InactivityTimeout         time.Duration
}

// Download writes a disk's image to a local file in one call: it finds the disk (by id or
// name), waits until it is ok, opens a download transfer and waits until it is transferring,
// finds the imageio endpoint (the transfer URL, else the proxy URL), fetches the image with
// ranged GETs (only the data runs when the server lists extents), finalizes and waits until the
// transfer has finished and the disk is ok again.
//
// On any failure, or when ctx is cancelled, the transfer is cancelled (the disk is unlocked)
// and the error is a *transfer.Error naming the step.
func Download(ctx context.Context, c *engine.Connection, o DownloadOptions) (*Result, error) {
	start := time.Now()
	t := newRun(c, types.ImageTransferDirectionDownload, o.PollInterval, o.WaitTimeout)
	if err := checkDownload(&o); err != nil {
		return nil, &Error{Direction: t.dir, Step: StepOptions, Err: err}
	}
	disk, err := findDisk(ctx, c, o.Disk)
	if err != nil {
		return nil, &Error{Direction: t.dir, Step: StepFindDisk, Err: err}
	}
	t.diskID = disk.GetId()
	if disk.GetStatus() != types.DiskStatusOk {
		if disk, err = t.waitDisk(ctx); err != nil {
			return nil, t.fail(ctx, StepWaitDisk, err)
		}
	}
	format := o.Format
	if format == "" {
		format = disk.GetFormat()
	}
	out, err := openOutput(o.File, o.Writer)
	if err != nil {
		return nil, &Error{Direction: t.dir, Step: StepOutput, DiskID: t.diskID, Err: err}
	}
	defer out.abort()
	x, err := t.start(ctx, format)
	if err != nil {
		return nil, err
	}
	d, err := openImageio(ctx, c, x, o.InactivityTimeout)
	if err != nil {
		return nil, t.fail(ctx, StepConnect, err)
	}
	defer d.close()
	r := &receiver{d: d, out: out, chunk: chunkSize(o.ChunkSize), progress: o.Progress, expect: -1}
	if format == types.DiskFormatRaw && disk.GetProvisionedSize() > 0 {
		r.expect = disk.GetProvisionedSize() // guest data: the disk's virtual size
	}
	if o.Checksum {
		r.sum = sha256.New()
	}
	if err := r.receive(ctx); err != nil {
		step := StepData
		if _, local := errors.AsType[*errOutput](err); local {
			step = StepOutput
		}
		return nil, t.fail(ctx, step, err)
	}
	final, err := t.finish(ctx)
	if err != nil {
		return nil, err
	}
	if err := out.commit(r.size); err != nil {
		return nil, &Error{Direction: t.dir, Step: StepOutput, DiskID: t.diskID, TransferID: t.transferID,
			Phase: t.phase, Err: err}
	}
	return &Result{Disk: final, TransferID: t.transferID, Endpoint: d.endpoint, Format: format,
		Size: r.size, Sent: r.received, SHA256: hexSum(r.sum), Elapsed: time.Since(start)}, nil
}

// checkDownload finds what is wrong with the options before anything is sent.
func checkDownload(o *DownloadOptions) error {
	switch {
	case o.Disk == "":
		return optionError("DownloadOptions.Disk is required: the id or the name of the disk")
	case o.File != "" && o.Writer != nil:
		return optionError("give File or Writer, not both")
	case o.File == "" && o.Writer == nil:
		return optionError("DownloadOptions needs File or Writer")
	case o.Format != "" && o.Format != types.DiskFormatRaw && o.Format != types.DiskFormatCow:
		return optionError("unknown format %q: use raw or cow", o.Format)
	}
	return nil
}

// findDisk gets a disk by id, or else by exact name (which must be unique).
func findDisk(ctx context.Context, c *engine.Connection, key string) (*types.Disk, error) {
	disks := c.SystemService().DisksService()
	if isUUID(key) {
		d, err := disks.DiskService(key).Get(ctx, nil)
		if !isNotFound(err) {
			return d, err
		}
	}
	list, err := disks.List(ctx, &engine.DisksListParams{Search: types.Ptr(`name="` + strings.ReplaceAll(key, `"`, `\"`) + `"`),
		CaseSensitive: types.Ptr(true)})
	if err != nil {
		return nil, err
	}
	var found []*types.Disk
	for _, d := range list {
		if d.GetName() == key {
			found = append(found, d)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, &engine.Error{Kind: engine.KindNotFound, Msg: fmt.Sprintf("there is no disk with the id or name %q", key)}
	}
	ids := make([]string, len(found))
	for i, d := range found {
		ids[i] = d.GetId()
	}
	return nil, &engine.Error{Kind: engine.KindOther, Msg: fmt.Sprintf("%d disks are named %q (%s): give the id", len(found), key,
		strings.Join(ids, ", "))}
}
