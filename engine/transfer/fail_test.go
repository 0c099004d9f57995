package transfer_test

import (
	"cmp"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/transfer"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestUploadFallsBackToProxy(t *testing.T) {
	tests := []struct {
		name  string
		fault sim.ImageFault
		want  string
	}{
		{name: "no fault", want: transfer.EndpointTransferURL},
		{name: "host refuses", fault: sim.ImageFault{Endpoint: sim.ImageEndpointTransfer, Status: 503}, want: transfer.EndpointProxyURL},
		{name: "host unreachable", fault: sim.ImageFault{Endpoint: sim.ImageEndpointTransfer, Drop: true}, want: transfer.EndpointProxyURL},
		{name: "old proxy without OPTIONS", fault: sim.ImageFault{Method: "OPTIONS", Status: 405}, want: transfer.EndpointTransferURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, srv := enginetest.Start(t)
			srv.InjectImageFault(tt.fault)
			data := image(7<<20, 4)
			res, err := transfer.Upload(context.Background(), conn, transfer.UploadOptions{File: writeFile(t, data),
				StorageDomain: "data1", PollInterval: fast})
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Endpoint)
			stored, _ := srv.ImageData(res.Disk.GetId(), int64(len(data)))
			assert.Equal(t, sum(data), sum(stored))
		})
	}
}

func TestUploadFailuresCancelTheTransfer(t *testing.T) {
	tests := []struct {
		name      string
		fault     sim.ImageFault
		step      transfer.Step
		cancelled bool // the transfer was cancelled (else it failed on its own)
		phase     types.ImageTransferPhase
		code      int // HTTP status of the cause
		workers   int // 1 where the fault depends on the order of requests
		msg       string
	}{
		{name: "connection dropped mid-transfer", fault: sim.ImageFault{AfterBytes: 4 << 20, Drop: true},
			step: transfer.StepData, cancelled: true, msg: "/images/***: "},
		{name: "server error mid-transfer", fault: sim.ImageFault{AfterBytes: 3 << 20, Status: 500},
			step: transfer.StepData, cancelled: true, code: 500, msg: "Injected fault", workers: 1},
		{name: "both endpoints down", fault: sim.ImageFault{Method: "OPTIONS", Status: 502},
			step: transfer.StepConnect, cancelled: true, code: 502, msg: "; proxy_url: OPTIONS https://"},
		{name: "zeroing refused", fault: sim.ImageFault{Method: "PATCH", Status: 507, Times: 1},
			step: transfer.StepData, cancelled: true, code: 507},
		{name: "flush refused", fault: sim.ImageFault{Method: "PATCH", AfterBytes: 5 << 20, Status: 500},
			step: transfer.StepFlush, cancelled: true, code: 500, workers: 1},
		{name: "verification failed", fault: sim.ImageFault{FailFinalize: true},
			step: transfer.StepWaitFinish, phase: types.ImageTransferPhaseFinishedFailure, msg: "phase finished_failure. The disk was removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, srv := enginetest.Start(t)
			srv.InjectImageFault(tt.fault)
			_, err := transfer.Upload(context.Background(), conn, transfer.UploadOptions{File: writeFile(t, image(8<<20, 5)),
				StorageDomain: "data1", Name: "doomed", ChunkSize: 1 << 20, Workers: tt.workers, PollInterval: fast})
			require.Error(t, err)
			t.Log(err)
			te, ok := errors.AsType[*transfer.Error](err)
			require.True(t, ok, "%T: %v", err, err)
			assert.Equal(t, tt.step, te.Step, err.Error())
			assert.Equal(t, types.ImageTransferDirectionUpload, te.Direction)
			assert.NotEmpty(t, te.DiskID)
			assert.NotEmpty(t, te.TransferID)
			assert.Equal(t, tt.cancelled, te.Cancelled)
			assert.NoError(t, te.Cleanup)
			assert.Equal(t, cmp.Or(tt.phase, types.ImageTransferPhaseTransferring), te.Phase)
			assert.True(t, te.DiskRemoved)
			if tt.code != 0 {
				ee, ok := errors.AsType[*engine.Error](err)
				require.True(t, ok)
				assert.Equal(t, tt.code, ee.Code)
			}
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, err.Error(), "/images/"+te.TransferID, "the ticket stays secret")
			_, gerr := conn.SystemService().DisksService().DiskService(te.DiskID).Get(context.Background(), nil)
			assert.True(t, isKind(gerr, engine.KindNotFound), "the engine removed the disk: %v", gerr)
			noLockedDisks(t, conn)
		})
	}
}

func isKind(err error, k engine.Kind) bool {
	e, ok := errors.AsType[*engine.Error](err)
	return ok && e.Kind == k
}

func TestUploadCancelledByContext(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := transfer.Upload(ctx, conn, transfer.UploadOptions{File: writeFile(t, image(8<<20, 6)), StorageDomain: "data1",
		ChunkSize: 1 << 20, PollInterval: fast, Progress: func(done, total int64) {
			if done >= 2<<20 {
				cancel()
			}
		}})
	require.ErrorIs(t, err, context.Canceled)
	te, ok := errors.AsType[*transfer.Error](err)
	require.True(t, ok)
	assert.Equal(t, transfer.StepData, te.Step)
	assert.True(t, te.Cancelled)
	assert.True(t, te.DiskRemoved)
	assert.Contains(t, err.Error(), "The transfer was cancelled and the disk removed")
	noLockedDisks(t, conn)
}

func TestUploadRefusals(t *testing.T) {
	conn, _ := enginetest.Start(t)
	dir := t.TempDir()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	tests := []struct {
		name string
		o    transfer.UploadOptions
		step transfer.Step
		msg  string
	}{
		{"no storage domain", transfer.UploadOptions{File: file("a.img", []byte("x"))}, transfer.StepOptions, "StorageDomain is required"},
		{"file and reader", transfer.UploadOptions{File: "a", Reader: os.Stdin, StorageDomain: "data1"}, transfer.StepOptions, "not both"},
		{"bad format", transfer.UploadOptions{File: "a", StorageDomain: "data1", Format: "vmdk"}, transfer.StepOptions, `unknown disk format "vmdk"`},
		{"no such file", transfer.UploadOptions{File: filepath.Join(dir, "nope"), StorageDomain: "data1"}, transfer.StepImage, "no such file"},
		{"empty", transfer.UploadOptions{File: file("e.img", nil), StorageDomain: "data1"}, transfer.StepImage, "empty"},
		{"qcow2 to raw", transfer.UploadOptions{File: file("q.qcow2", qcow2{version: 3, virtual: 1 << 20}.bytes(0)),
			StorageDomain: "data1", Format: types.DiskFormatRaw}, transfer.StepImage, "needs a cow disk"},
		{"vmdk", transfer.UploadOptions{File: file("v.vmdk", append([]byte("KDMV"), make([]byte, 600)...)), StorageDomain: "data1"},
			transfer.StepImage, "VMDK"},
		{"reader without size", transfer.UploadOptions{Reader: os.Stdin, StorageDomain: "data1", Name: "r"}, transfer.StepOptions, "Size is required"},
		{"reader without name", transfer.UploadOptions{Reader: os.Stdin, Size: 1, StorageDomain: "data1"}, transfer.StepOptions, "Name is required"},
		{"unknown storage domain", transfer.UploadOptions{File: file("b.img", []byte("x")), StorageDomain: "nowhere"},
			transfer.StepCreateDisk, "Entity not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.PollInterval = fast
			_, err := transfer.Upload(context.Background(), conn, tt.o)
			te, ok := errors.AsType[*transfer.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, tt.step, te.Step)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Empty(t, te.DiskID, "no disk was made")
		})
	}
}

func TestDownloadFailureLeavesNoFile(t *testing.T) {
	conn, srv := enginetest.Start(t)
	ctx := context.Background()
	res, err := transfer.Upload(ctx, conn, transfer.UploadOptions{File: writeFile(t, image(8<<20, 7)), StorageDomain: "data1",
		PollInterval: fast})
	require.NoError(t, err)
	srv.InjectImageFault(sim.ImageFault{Method: "GET", AfterBytes: 4 << 20, Drop: true})
	out := filepath.Join(t.TempDir(), "out.img")
	_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: res.Disk.GetId(), File: out, ChunkSize: 1 << 20, PollInterval: fast})
	te, ok := errors.AsType[*transfer.Error](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, transfer.StepData, te.Step)
	assert.True(t, te.Cancelled)
	assert.False(t, te.DiskRemoved, "a download never removes the disk")
	entries, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err)
	assert.Empty(t, entries, "no partial file is left")
	d, err := conn.SystemService().DisksService().DiskService(res.Disk.GetId()).Get(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, types.DiskStatusOk, d.GetStatus())
	noLockedDisks(t, conn)

	_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: "no-such-disk", File: out, PollInterval: fast})
	assert.True(t, isKind(err, engine.KindNotFound), "%v", err)
}

func TestDownloadRefusals(t *testing.T) {
	conn, _ := enginetest.Start(t)
	out := filepath.Join(t.TempDir(), "o.img")
	tests := []struct {
		name string
		o    transfer.DownloadOptions
		step transfer.Step
		msg  string
	}{
		{"no disk", transfer.DownloadOptions{File: out}, transfer.StepOptions, "Disk is required"},
		{"no output", transfer.DownloadOptions{Disk: "vm1_Disk1"}, transfer.StepOptions, "needs File or Writer"},
		{"file and writer", transfer.DownloadOptions{Disk: "vm1_Disk1", File: out, Writer: os.Stdout}, transfer.StepOptions, "not both"},
		{"bad format", transfer.DownloadOptions{Disk: "vm1_Disk1", File: out, Format: "vmdk"}, transfer.StepOptions, `unknown format "vmdk"`},
		{"unknown disk", transfer.DownloadOptions{Disk: "nope", File: out}, transfer.StepFindDisk, `no disk with the id or name "nope"`},
		{"no such directory", transfer.DownloadOptions{Disk: "vm1_Disk1", File: filepath.Join(out, "x", "y")}, transfer.StepOutput, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := transfer.Download(context.Background(), conn, tt.o)
			te, ok := errors.AsType[*transfer.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, tt.step, te.Step)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Empty(t, te.TransferID, "no transfer was started")
		})
	}
	noLockedDisks(t, conn)
}
