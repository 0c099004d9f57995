package transfer_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/transfer"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// qcow2 describes a qcow2 header to write.
type qcow2 struct {
	version     uint32
	virtual     uint64
	clusterBits uint32
	backing     string
	crypt       uint32
	incompat    uint64
	headerLen   uint32 // v3; 0 means 104
}

// bytes lays the header out as qemu-img does (big-endian fields at fixed offsets), followed by
// the backing file name, in a 64 KiB first cluster, plus extra bytes.
func (q qcow2) bytes(extra int) []byte {
	b := make([]byte, 64<<10+extra)
	be := binary.BigEndian
	copy(b, "QFI\xfb")
	be.PutUint32(b[4:], q.version)
	if q.clusterBits == 0 {
		q.clusterBits = 16
	}
	be.PutUint32(b[20:], q.clusterBits)
	be.PutUint64(b[24:], q.virtual)
	be.PutUint32(b[32:], q.crypt)
	be.PutUint64(b[48:], 0x10000) // refcount table offset
	hl := uint32(72)
	if q.version >= 3 {
		hl = q.headerLen
		if hl == 0 {
			hl = 104
		}
		be.PutUint64(b[72:], q.incompat)
		be.PutUint32(b[96:], 4) // refcount order: 16-bit
		be.PutUint32(b[100:], hl)
	}
	if q.backing != "" {
		off := hl + 8 // after the end-of-extensions marker
		copy(b[off:], q.backing)
		be.PutUint64(b[8:], uint64(off))
		be.PutUint32(b[16:], uint32(len(q.backing)))
	}
	for i := 64 << 10; i < len(b); i++ {
		b[i] = byte(i)
	}
	return b
}

func TestProbeImage(t *testing.T) {
	iso := make([]byte, 64<<10)
	copy(iso[0x8001:], "CD001")
	tests := []struct {
		name    string
		data    []byte
		format  types.DiskFormat
		content types.DiskContentType
		virtual int64
		version int
		err     string
	}{
		{name: "raw", data: bytes.Repeat([]byte{1, 2, 3, 4}, 1024), format: types.DiskFormatRaw, virtual: 4096},
		{name: "iso", data: iso, format: types.DiskFormatRaw, content: types.DiskContentTypeIso, virtual: 64 << 10},
		{name: "qcow2 v3", data: qcow2{version: 3, virtual: 10 << 30}.bytes(100), format: types.DiskFormatCow, virtual: 10 << 30, version: 3},
		{name: "qcow2 v2", data: qcow2{version: 2, virtual: 1 << 20, clusterBits: 12}.bytes(0), format: types.DiskFormatCow, virtual: 1 << 20, version: 2},
		{name: "qcow2 v3 with zstd", data: qcow2{version: 3, virtual: 1 << 30, incompat: 1 << 3, headerLen: 112}.bytes(0), format: types.DiskFormatCow, virtual: 1 << 30, version: 3},
		{name: "backing file", data: qcow2{version: 3, virtual: 1 << 30, backing: "base.qcow2"}.bytes(0), err: `backing file ("base.qcow2")`},
		{name: "encrypted", data: qcow2{version: 3, virtual: 1 << 30, crypt: 2}.bytes(0), err: "encrypted"},
		{name: "dirty", data: qcow2{version: 3, virtual: 1 << 30, incompat: 1}.bytes(0), err: "dirty"},
		{name: "corrupt", data: qcow2{version: 3, virtual: 1 << 30, incompat: 2}.bytes(0), err: "corrupt"},
		{name: "external data", data: qcow2{version: 3, virtual: 1 << 30, incompat: 4}.bytes(0), err: "external file"},
		{name: "unknown feature", data: qcow2{version: 3, virtual: 1 << 30, incompat: 1 << 40}.bytes(0), err: "unknown incompatible features"},
		{name: "version 4", data: qcow2{version: 4, virtual: 1 << 30}.bytes(0), err: "unsupported version 4"},
		{name: "zero size", data: qcow2{version: 3}.bytes(0), err: "invalid virtual size 0"},
		{name: "cluster size", data: qcow2{version: 3, virtual: 1 << 30, clusterBits: 30}.bytes(0), err: "invalid cluster size"},
		{name: "truncated", data: []byte("QFI\xfb\x00\x00\x00\x03"), err: "truncated header"},
		{name: "vmdk", data: append([]byte("KDMV"), make([]byte, 512)...), err: "VMDK image"},
		{name: "gzip", data: []byte{0x1f, 0x8b, 8, 0, 0, 0}, err: "gzip-compressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := transfer.ProbeImage(bytes.NewReader(tt.data), int64(len(tt.data)))
			if tt.err != "" {
				require.ErrorIs(t, err, transfer.ErrUnsupportedImage)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.format, info.Format)
			assert.Equal(t, tt.virtual, info.VirtualSize)
			assert.Equal(t, int64(len(tt.data)), info.Size)
			assert.Equal(t, tt.version, info.Qcow2Version)
			if tt.content == "" {
				tt.content = types.DiskContentTypeData
			}
			assert.Equal(t, tt.content, info.ContentType)
		})
	}
}
