package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/transfer"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// uploaded makes a disk holding data (raw, or cow when the data is a qcow2 image).
func uploaded(t *testing.T, conn *engine.Connection, name string, data []byte) *types.Disk {
	t.Helper()
	res, err := transfer.Upload(context.Background(), conn, transfer.UploadOptions{Reader: bytes.NewReader(data),
		Size: int64(len(data)), StorageDomain: "data1", Name: name, PollInterval: fast})
	require.NoError(t, err)
	return res.Disk
}

// TestDownloadWithoutLength checks downloads from servers that answer without Content-Length
// (chunked): the size comes from the disk, and an answer that ends early fails before the
// transfer is finalized, whether the bytes go to a writer or a file.
func TestDownloadWithoutLength(t *testing.T) {
	const size = 3 << 20
	tests := []struct {
		name  string
		fault sim.ImageFault
		qcow2 bool
		short bool
	}{
		{name: "whole image", fault: sim.ImageFault{NoExtents: true, Chunked: true}},
		{name: "ranges", fault: sim.ImageFault{Chunked: true}},
		{name: "whole qcow2 image", fault: sim.ImageFault{NoExtents: true, Chunked: true}, qcow2: true},
		{name: "whole image cut short", fault: sim.ImageFault{NoExtents: true, Chunked: true, Method: "GET",
			AfterBytes: 1 << 20, EndEarly: true}, short: true},
		{name: "range cut short", fault: sim.ImageFault{Chunked: true, Method: "GET", AfterBytes: 1 << 20, EndEarly: true},
			short: true},
	}
	for _, tt := range tests {
		for _, toFile := range []bool{false, true} {
			name := tt.name + " to a writer"
			if toFile {
				name = tt.name + " to a file"
			}
			t.Run(name, func(t *testing.T) {
				conn, srv := enginetest.Start(t)
				data := image(size, 11)
				if tt.qcow2 {
					data = qcow2{version: 3, virtual: 1 << 30}.bytes(size)
				}
				disk := uploaded(t, conn, "chunked", data)
				srv.InjectImageFault(tt.fault)
				o := transfer.DownloadOptions{Disk: disk.GetId(), PollInterval: fast, ChunkSize: 1 << 20}
				var buf bytes.Buffer
				out := filepath.Join(t.TempDir(), "out.img")
				if toFile {
					o.File = out
				} else {
					o.Writer = &buf
				}
				res, err := transfer.Download(context.Background(), conn, o)
				if tt.short {
					te, ok := errors.AsType[*transfer.Error](err)
					require.True(t, ok, "%v", err)
					assert.Equal(t, transfer.StepData, te.Step)
					assert.True(t, te.Cancelled, "the transfer is cancelled, not finalized")
					assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
					assert.NoFileExists(t, out)
					noLockedDisks(t, conn)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, int64(len(data)), res.Size)
				got := buf.Bytes()
				if toFile {
					got, err = os.ReadFile(out)
					require.NoError(t, err)
				}
				assert.Equal(t, sum(data), sum(got), "the whole image arrives")
			})
		}
	}
}

// TestDownloadTarget checks the local file before the transfer starts and keeps the mode of a
// file it replaces; a new file gets the umask's mode.
func TestDownloadTarget(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx := context.Background()
	data := image(1<<20, 12)
	disk := uploaded(t, conn, "target", data)
	dir := t.TempDir()

	ref := filepath.Join(dir, "ref")
	f, err := os.OpenFile(ref, os.O_CREATE|os.O_WRONLY, 0o666)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	umaskMode := stat(t, ref).Mode().Perm()

	fresh := filepath.Join(dir, "fresh.img")
	_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: disk.GetId(), File: fresh, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, umaskMode, stat(t, fresh).Mode().Perm(), "a new file follows the umask")

	existing := filepath.Join(dir, "existing.img")
	require.NoError(t, os.WriteFile(existing, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(existing, 0o640))
	_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: disk.GetId(), File: existing, PollInterval: fast})
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), stat(t, existing).Mode().Perm(), "a replaced file keeps its mode")
	got, err := os.ReadFile(existing)
	require.NoError(t, err)
	assert.Equal(t, sum(data), sum(got))

	link := filepath.Join(dir, "link.img")
	require.NoError(t, os.Symlink(existing, link))
	_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: disk.GetId(), File: link, PollInterval: fast})
	require.NoError(t, err)
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, st.Mode().Type(), "a symbolic link stays one: its target gets the image")

	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, bad := range []struct{ name, path, msg string }{
		{"directory", dir, "is a directory"},
		{"named pipe", fifo, "not a regular file"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: disk.GetId(), File: bad.path, PollInterval: fast})
			te, ok := errors.AsType[*transfer.Error](err)
			require.True(t, ok, "%v", err)
			assert.Equal(t, transfer.StepOutput, te.Step)
			assert.Contains(t, err.Error(), bad.msg)
			assert.Empty(t, te.TransferID, "refused before any transfer")
		})
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	assert.Empty(t, leftovers)
	noLockedDisks(t, conn)
}

func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	st, err := os.Stat(path)
	require.NoError(t, err)
	return st
}

// TestTransferInactivity checks that a request to a server that stops sending fails after the
// inactivity timeout (the option, else the connection's Options.Timeout) and cancels the
// transfer. The server never answers, so no timing can make these pass or fail by luck.
func TestTransferInactivity(t *testing.T) {
	tests := []struct {
		name      string
		fault     sim.ImageFault
		upload    bool
		option    time.Duration // InactivityTimeout
		connLimit time.Duration // Options.Timeout
	}{
		{name: "GET unanswered", fault: sim.ImageFault{Method: "GET", Stall: true}, option: 200 * time.Millisecond},
		{name: "GET stalled mid-body", fault: sim.ImageFault{Method: "GET", AfterBytes: 1<<20 + 512<<10, Stall: true},
			option: 200 * time.Millisecond},
		{name: "second GET unanswered", fault: sim.ImageFault{Method: "GET", AfterBytes: 1 << 20, Stall: true},
			option: 200 * time.Millisecond},
		{name: "PUT unanswered", fault: sim.ImageFault{Method: "PUT", Stall: true}, upload: true, option: 200 * time.Millisecond},
		{name: "GET unanswered under Options.Timeout", fault: sim.ImageFault{Method: "GET", Stall: true}, connLimit: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []enginetest.Option
			if tt.connLimit > 0 {
				opts = append(opts, enginetest.WithConn(func(o *engine.Options) { o.Timeout = tt.connLimit }))
			}
			conn, srv := enginetest.Start(t, opts...)
			ctx := context.Background()
			data := image(3<<20, 13)
			var err error
			if tt.upload {
				srv.InjectImageFault(tt.fault)
				_, err = transfer.Upload(ctx, conn, transfer.UploadOptions{Reader: bytes.NewReader(data), Size: int64(len(data)),
					StorageDomain: "data1", Name: "stalled", ChunkSize: 1 << 20, PollInterval: fast, InactivityTimeout: tt.option})
			} else {
				disk := uploaded(t, conn, "stalled", data)
				srv.InjectImageFault(tt.fault)
				_, err = transfer.Download(ctx, conn, transfer.DownloadOptions{Disk: disk.GetId(), Writer: &bytes.Buffer{},
					ChunkSize: 1 << 20, PollInterval: fast, InactivityTimeout: tt.option})
			}
			te, ok := errors.AsType[*transfer.Error](err)
			require.True(t, ok, "%v", err)
			assert.True(t, isKind(err, engine.KindTimeout), "%v", err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "inactivity timeout")
			assert.True(t, te.Cancelled)
			noLockedDisks(t, conn)
		})
	}
}
