package engine_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// image returns n pseudo-random bytes with a run of zeros in the middle, so that uploads
// zero it instead of sending it.
func image(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	if n > 6<<20 {
		clear(b[2<<20 : 5<<20])
	}
	return b
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "disk.img")
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// fast polls often: the simulator runs on a fast clock.
const fast = 20 * time.Millisecond

func TestUploadDownloadRoundTrip(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		format     types.DiskFormat // of the disk; "" follows the image
		diskFormat types.DiskFormat
		xfer       types.DiskFormat // of the bytes moved
		virtual    int64
		download   types.DiskFormat // format asked for the download
		sent       int64            // bytes on the wire
	}{
		{name: "raw", data: image(9<<20+123, 1), diskFormat: types.DiskFormatRaw, xfer: types.DiskFormatRaw,
			virtual: 9<<20 + 123, sent: 6<<20 + 123},
		{name: "small raw", data: []byte("hello, disk"), diskFormat: types.DiskFormatRaw, xfer: types.DiskFormatRaw, virtual: 11, sent: 11},
		{name: "qcow2", data: qcow2{version: 3, virtual: 1 << 30}.bytes(1 << 20), diskFormat: types.DiskFormatCow,
			xfer: types.DiskFormatCow, virtual: 1 << 30, sent: 64<<10 + 1<<20},
		{name: "raw to a cow disk", data: image(1<<20, 2), format: types.DiskFormatCow, diskFormat: types.DiskFormatCow,
			xfer: types.DiskFormatRaw, virtual: 1 << 20, download: types.DiskFormatRaw, sent: 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, srv := enginetest.Start(t)
			ctx := context.Background()
			var calls []int64
			res, err := engine.Upload(ctx, conn, engine.UploadOptions{File: writeFile(t, tt.data), StorageDomain: "data1",
				Name: "up-" + tt.name, Format: tt.format, Checksum: true, ChunkSize: 4 << 20, PollInterval: fast,
				Progress: func(done, total int64) { calls = append(calls, done, total) }})
			require.NoError(t, err)
			assert.Equal(t, sum(tt.data), res.SHA256)
			assert.Equal(t, engine.EndpointTransferURL, res.Endpoint)
			assert.Equal(t, tt.xfer, res.Format)
			assert.Equal(t, int64(len(tt.data)), res.Size)
			assert.Equal(t, tt.sent, res.Sent, "runs of zeros are not sent")
			assert.Equal(t, []int64{int64(len(tt.data)), int64(len(tt.data))}, calls[len(calls)-2:], "progress ends at the total")
			d := res.Disk
			assert.Equal(t, types.DiskStatusOk, d.GetStatus())
			assert.Equal(t, tt.diskFormat, d.GetFormat())
			assert.Equal(t, tt.virtual, d.GetProvisionedSize())
			assert.Equal(t, "up-"+tt.name, d.GetName())
			stored, ok := srv.ImageData(d.GetId(), int64(len(tt.data)))
			require.True(t, ok)
			assert.Equal(t, sum(tt.data), sum(stored), "the simulator holds the bytes")

			out := filepath.Join(t.TempDir(), "out.img")
			got, err := engine.Download(ctx, conn, engine.DownloadOptions{Disk: d.GetId(), File: out, Format: tt.download,
				Checksum: true, PollInterval: fast})
			require.NoError(t, err)
			b, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, sum(tt.data), sum(b), "download gives the uploaded bytes")
			assert.Equal(t, sum(tt.data), got.SHA256)
			assert.Equal(t, types.DiskStatusOk, got.Disk.GetStatus())
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.part"))
			assert.Empty(t, leftovers)
		})
	}
}

func TestDownloadByNameToWriter(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx := context.Background()
	data := image(3<<20, 3)
	_, err := engine.Upload(ctx, conn, engine.UploadOptions{Reader: bytes.NewReader(data), Size: int64(len(data)),
		StorageDomain: "data1", Name: "by-name", PollInterval: fast})
	require.NoError(t, err)
	var buf bytes.Buffer
	res, err := engine.Download(ctx, conn, engine.DownloadOptions{Disk: "by-name", Writer: &buf, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, sum(data), sum(buf.Bytes()))
	assert.Equal(t, int64(len(data)), res.Size)

	// an empty raw disk comes back as zeros without fetching them
	disk, err := conn.SystemService().DisksService().Add(ctx, &types.Disk{Name: types.Ptr("empty"), Format: types.Ptr(types.DiskFormatRaw),
		ProvisionedSize: types.Ptr(int64(64 << 20)), StorageDomains: types.ListOf(&types.StorageDomain{Name: types.Ptr("data1")})}, nil)
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "empty.img")
	res, err = engine.Download(ctx, conn, engine.DownloadOptions{Disk: disk.GetId(), File: out, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, int64(64<<20), res.Size)
	assert.Zero(t, res.Sent)
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, int64(64<<20), st.Size())
}

// noLockedDisks checks that a failure left no disk locked and no transfer in progress.
func noLockedDisks(t *testing.T, conn *engine.Connection) {
	t.Helper()
	ctx := context.Background()
	disks, err := conn.SystemService().DisksService().List(ctx, nil)
	require.NoError(t, err)
	for _, d := range disks {
		assert.NotEqual(t, types.DiskStatusLocked, d.GetStatus(), "disk %s is locked", d.GetName())
	}
	transfers, err := conn.SystemService().ImageTransfersService().List(ctx, nil)
	require.NoError(t, err)
	for _, x := range transfers {
		assert.Contains(t, []types.ImageTransferPhase{types.ImageTransferPhaseFinishedFailure, types.ImageTransferPhaseFinishedSuccess},
			x.GetPhase(), "transfer %s", x.GetId())
	}
}

// TestDownloadConvertsFormats checks the formats a download asks for: a raw image uploaded to a
// cow disk comes back as a qcow2 file (the disk's format), which uploads again as it is and
// downloads as raw with the original bytes; an empty cow disk is a small qcow2 file.
func TestDownloadConvertsFormats(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	data := image(2<<20, 8)
	up, err := engine.Upload(ctx, conn, engine.UploadOptions{File: writeFile(t, data), StorageDomain: "data1", Name: "conv",
		Format: types.DiskFormatCow, PollInterval: fast})
	require.NoError(t, err)

	qf := filepath.Join(dir, "conv.qcow2")
	res, err := engine.Download(ctx, conn, engine.DownloadOptions{Disk: up.Disk.GetId(), File: qf, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, types.DiskFormatCow, res.Format)
	f, err := os.Open(qf)
	require.NoError(t, err)
	info, err := engine.ProbeImage(f, res.Size)
	_ = f.Close()
	require.NoError(t, err)
	assert.Equal(t, types.DiskFormatCow, info.Format)
	assert.Equal(t, int64(2<<20), info.VirtualSize)

	again, err := engine.Upload(ctx, conn, engine.UploadOptions{File: qf, StorageDomain: "data1", PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, "conv.qcow2", again.Disk.GetName())
	var raw bytes.Buffer
	_, err = engine.Download(ctx, conn, engine.DownloadOptions{Disk: again.Disk.GetId(), Writer: &raw,
		Format: types.DiskFormatRaw, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, sum(data), sum(raw.Bytes()), "raw → qcow2 → raw keeps the guest data")

	var empty bytes.Buffer
	_, err = engine.Download(ctx, conn, engine.DownloadOptions{Disk: "vm2_Disk1", Writer: &empty, PollInterval: fast})
	require.NoError(t, err)
	info, err = engine.ProbeImage(bytes.NewReader(empty.Bytes()), int64(empty.Len()))
	require.NoError(t, err)
	assert.Equal(t, int64(20<<30), info.VirtualSize)
	assert.Less(t, empty.Len(), 1<<20, "an empty qcow2 image holds only metadata")
}
