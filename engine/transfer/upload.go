package transfer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// UploadOptions configure Upload. StorageDomain and File (or Reader and Size) are required.
type UploadOptions struct {
	// File is the path of the local image, raw or qcow2.
	File string
	// Reader is the image when there is no file: Size bytes are read from its start. An
	// io.ReaderAt (a *bytes.Reader, a *os.File) is read at offsets.
	Reader io.Reader
	Size   int64
	// StorageDomain is the name or id of the data storage domain that gets the disk.
	StorageDomain string
	// Name and Description of the new disk; the name defaults to the file's base name.
	Name, Description string
	// Format of the disk: types.DiskFormatRaw or types.DiskFormatCow; "" follows the image (cow
	// for qcow2, raw otherwise). A raw image may go to a cow disk (it is sent as guest data and
	// the engine converts it); a qcow2 image is sent as it is and needs a cow disk.
	Format types.DiskFormat
	// Sparse makes the disk thin-provisioned; nil means true.
	Sparse *bool
	// Progress, when set, is called with the bytes done and the total after each piece, on the
	// goroutine that called Upload.
	Progress func(done, total int64)
	// Checksum computes the SHA-256 of the image (Result.SHA256).
	Checksum bool
	// ChunkSize is the most bytes sent by one request; 0 means 8 MiB, or 32 MiB when the
	// server accepts a single writer.
	ChunkSize int
	// Workers is how many connections write at once, within the server's max_writers; 0 means 4.
	Workers int
	// PollInterval is the longest pause between two polls of the disk or the transfer (0 means
	// 1s); WaitTimeout bounds each wait for the engine (0 means 10 minutes).
	PollInterval, WaitTimeout time.Duration
	// InactivityTimeout fails a request to imageio that sends or receives no byte for that
	// long (engine.KindTimeout); 0 means the connection's Options.Timeout, or 1 minute without one.
	InactivityTimeout time.Duration
}

// Upload creates a disk from a local image in one call, the way the Python SDK's
// upload_disk.py example does: it reads the image's format and virtual size (raw, or the qcow2
// header), creates the disk and waits until it is ok, opens an image transfer and waits until
// it is transferring, finds the imageio endpoint (the transfer URL, else the proxy URL) and
// its features, sends the bytes with ranged PUTs (runs of zeros as PATCH zero), flushes,
// finalizes and waits until the transfer has finished and the disk is ok.
//
// On any failure, or when ctx is cancelled, the transfer is cancelled so that no disk stays
// locked (the engine removes the new disk), and the error is a *transfer.Error naming the step.
// The transfer uses the connection's TLS settings.
func Upload(ctx context.Context, c *engine.Connection, o UploadOptions) (*Result, error) {
	start := time.Now()
	t := newRun(c, types.ImageTransferDirectionUpload, o.PollInterval, o.WaitTimeout)
	if err := checkUpload(&o); err != nil {
		return nil, &Error{Direction: t.dir, Step: StepOptions, Err: err}
	}
	src, info, err := openUploadSource(&o)
	if err != nil {
		return nil, &Error{Direction: t.dir, Step: StepImage, Err: err}
	}
	defer src.close()
	disk, err := diskFor(&o, info)
	if err != nil {
		return nil, &Error{Direction: t.dir, Step: StepImage, Err: err}
	}
	added, err := t.disks().Add(ctx, disk, nil)
	if err != nil {
		return nil, t.fail(ctx, StepCreateDisk, err)
	}
	t.diskID, t.createdDisk = added.GetId(), true
	if _, err := t.waitDisk(ctx); err != nil {
		return nil, t.fail(ctx, StepWaitDisk, err)
	}
	x, err := t.start(ctx, info.Format)
	if err != nil {
		return nil, err
	}
	d, err := openImageio(ctx, c, x, o.InactivityTimeout)
	if err != nil {
		return nil, t.fail(ctx, StepConnect, err)
	}
	defer d.close()
	s := &sender{d: d, src: src, size: info.Size, chunk: o.ChunkSize, workers: o.Workers, progress: o.Progress}
	if o.Checksum {
		s.sum = sha256.New()
	}
	if err := s.send(ctx); err != nil {
		return nil, t.fail(ctx, StepData, err)
	}
	if err := d.flush(ctx); err != nil {
		return nil, t.fail(ctx, StepFlush, err)
	}
	final, err := t.finish(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Disk: final, TransferID: t.transferID, Endpoint: d.endpoint, Format: info.Format,
		Size: info.Size, Sent: s.sent, SHA256: hexSum(s.sum), Elapsed: time.Since(start)}, nil
}

func newRun(c *engine.Connection, dir types.ImageTransferDirection, poll, wait time.Duration) *transferRun {
	if poll <= 0 {
		poll = defaultPollInterval
	}
	if wait <= 0 {
		wait = defaultWaitTimeout
	}
	return &transferRun{c: c, dir: dir, pollMax: poll, wait: wait}
}

func chunkSize(n int) int {
	if n <= 0 {
		return defaultChunk
	}
	return n
}

func hexSum(h hash.Hash) string {
	if h == nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// checkUpload finds what is wrong with the options before anything is read or sent.
func checkUpload(o *UploadOptions) error {
	switch {
	case o.File != "" && o.Reader != nil:
		return optionError("give File or Reader, not both")
	case o.File == "" && o.Reader == nil:
		return optionError("UploadOptions needs File, or Reader and Size")
	case o.Reader != nil && o.Size <= 0:
		return optionError("UploadOptions.Size is required with Reader")
	case o.Reader != nil && o.Name == "":
		return optionError("UploadOptions.Name is required with Reader")
	case o.StorageDomain == "":
		return optionError("UploadOptions.StorageDomain is required")
	case o.Format != "" && o.Format != types.DiskFormatRaw && o.Format != types.DiskFormatCow:
		return optionError("unknown disk format %q: use raw or cow", o.Format)
	}
	return nil
}

// uploadSource reads the image at offsets (ra) or in order (r).
type uploadSource struct {
	ra    io.ReaderAt
	r     io.Reader
	close func()
}

// openUploadSource opens the image and probes it.
func openUploadSource(o *UploadOptions) (*uploadSource, *ImageInfo, error) {
	src := &uploadSource{close: func() {}}
	size := o.Size
	var probe io.ReaderAt
	switch {
	case o.File != "":
		f, err := os.Open(o.File)
		if err != nil {
			return nil, nil, err
		}
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			_ = f.Close()
			return nil, nil, cmpErr(err, fmt.Errorf("%s is not a regular file", o.File))
		}
		src.ra, probe, src.close, size = f, f, func() { _ = f.Close() }, st.Size()
	default:
		if ra, ok := o.Reader.(io.ReaderAt); ok {
			src.ra, probe = ra, ra
			break
		}
		head := make([]byte, min(size, 64<<10)) // enough for the qcow2 header and the ISO signature
		if _, err := io.ReadFull(o.Reader, head); err != nil {
			return nil, nil, fmt.Errorf("reading the image: %w", err)
		}
		probe, src.r = bytes.NewReader(head), io.MultiReader(bytes.NewReader(head), o.Reader)
	}
	if size == 0 {
		src.close()
		return nil, nil, errors.New("the image is empty")
	}
	info, err := ProbeImage(probe, size)
	if err != nil {
		src.close()
		return nil, nil, err
	}
	return src, info, nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// read fills p with the image's bytes at off.
func (s *uploadSource) read(p []byte, off int64) error {
	var n int
	var err error
	if s.ra != nil {
		n, err = s.ra.ReadAt(p, off)
	} else {
		n, err = io.ReadFull(s.r, p)
	}
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("reading the image at %d: %w", off, err)
}

// diskFor describes the disk to create for the image.
func diskFor(o *UploadOptions, info *ImageInfo) (*types.Disk, error) {
	format := o.Format
	switch {
	case format == "":
		format = info.Format
	case format == types.DiskFormatRaw && info.Format == types.DiskFormatCow:
		return nil, optionError("a qcow2 image needs a cow disk; convert it to raw with qemu-img convert to make a raw disk")
	}
	name := o.Name
	if name == "" {
		name = filepath.Base(o.File)
	}
	sparse := true
	if o.Sparse != nil {
		sparse = *o.Sparse
	}
	sd := &types.StorageDomain{Name: types.Ptr(o.StorageDomain)}
	if isUUID(o.StorageDomain) {
		sd = &types.StorageDomain{Id: types.Ptr(o.StorageDomain)}
	}
	d := &types.Disk{Name: types.Ptr(name), Format: types.Ptr(format), ProvisionedSize: types.Ptr(info.VirtualSize),
		Sparse: types.Ptr(sparse), ContentType: types.Ptr(info.ContentType), StorageDomains: types.ListOf(sd)}
	if o.Description != "" {
		d.Description = types.Ptr(o.Description)
	}
	if info.Format == types.DiskFormatCow {
		d.InitialSize = types.Ptr(info.Size) // room for the qcow2 file on block storage
	}
	return d, nil
}

// isUUID tells an engine id (8-4-4-4-12 hex digits) from a name.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'):
			return false
		}
	}
	return true
}
