// Package qcow2 reads and writes the header of qcow2 images (big-endian fields at fixed
// offsets, as qemu's docs/interop/qcow2.txt lays them out) and names the bits of its tables. It
// is shared by the client, which probes images before uploading them, and the simulator, which
// converts between guest data and qcow2 files.
package qcow2

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Magic starts every qcow2 file.
const Magic = "QFI\xfb"

// Header lengths: version 2, and version 3 without extensions.
const (
	HeaderV2 = 72
	HeaderV3 = 104
)

// Incompatible feature bits (version 3).
const (
	Dirty        = 1 << 0
	Corrupt      = 1 << 1
	ExternalData = 1 << 2
	Compression  = 1 << 3 // a compression type other than zlib
	ExtendedL2   = 1 << 4
	// KnownIncompatible are the bits this package can name.
	KnownIncompatible = Dirty | Corrupt | ExternalData | Compression | ExtendedL2
)

// Bits of L1 and L2 table entries.
const (
	Copied     = uint64(1) << 63    // the refcount of the cluster is exactly one
	Compressed = uint64(1) << 62    // L2: a compressed cluster
	OffsetMask = 0x00fffffffffffe00 // the host offset of the cluster
	ZeroFlag   = uint64(1)          // L2 (version 3): the cluster reads as zeros
)

// ErrNotQcow2 is the error of Parse for data that does not start with Magic.
var ErrNotQcow2 = errors.New("not a qcow2 image")

// Header holds the fields of a qcow2 header.
type Header struct {
	Version               uint32
	BackingFileOffset     uint64
	BackingFileSize       uint32
	ClusterBits           uint32
	Size                  uint64 // the virtual size: the disk the guest sees
	CryptMethod           uint32
	L1Size                uint32
	L1TableOffset         uint64
	RefcountTableOffset   uint64
	RefcountTableClusters uint32
	IncompatibleFeatures  uint64 // version 3
	RefcountOrder         uint32 // version 3; refcounts are 2^order bits wide
	HeaderLength          uint32 // version 3
}

// Parse reads the header at the start of b. It checks what every reader needs (the magic, the
// version, the length of the header, the cluster size), not what one use refuses.
func Parse(b []byte) (*Header, error) {
	if len(b) < 4 || string(b[:4]) != Magic {
		return nil, ErrNotQcow2
	}
	if len(b) < HeaderV2 {
		return nil, fmt.Errorf("truncated header (%d bytes)", len(b))
	}
	be := binary.BigEndian
	h := &Header{Version: be.Uint32(b[4:]), BackingFileOffset: be.Uint64(b[8:]), BackingFileSize: be.Uint32(b[16:]),
		ClusterBits: be.Uint32(b[20:]), Size: be.Uint64(b[24:]), CryptMethod: be.Uint32(b[32:]), L1Size: be.Uint32(b[36:]),
		L1TableOffset: be.Uint64(b[40:]), RefcountTableOffset: be.Uint64(b[48:]), RefcountTableClusters: be.Uint32(b[56:]),
		RefcountOrder: 4, HeaderLength: HeaderV2}
	switch h.Version {
	case 2:
	case 3:
		if len(b) < HeaderV3 {
			return nil, fmt.Errorf("truncated version 3 header (%d bytes)", len(b))
		}
		h.IncompatibleFeatures, h.RefcountOrder, h.HeaderLength = be.Uint64(b[72:]), be.Uint32(b[96:]), be.Uint32(b[100:])
		if h.HeaderLength < HeaderV3 {
			return nil, fmt.Errorf("invalid header length %d", h.HeaderLength)
		}
	default:
		return nil, fmt.Errorf("unsupported version %d", h.Version)
	}
	if h.ClusterBits < 9 || h.ClusterBits > 21 {
		return nil, fmt.Errorf("invalid cluster size 2^%d", h.ClusterBits)
	}
	return h, nil
}

// BackingFile returns the name of the backing file as b holds it, "?" when b does not.
func (h *Header) BackingFile(b []byte) string {
	off, n := h.BackingFileOffset, uint64(h.BackingFileSize)
	if n == 0 || n > 1023 || off > uint64(len(b)) || n > uint64(len(b))-off {
		return "?"
	}
	return string(b[off : off+n])
}

// ClusterSize is the size of a cluster in bytes.
func (h *Header) ClusterSize() int64 { return 1 << h.ClusterBits }

// Bytes lays out a version 3 header of HeaderV3 bytes.
func (h *Header) Bytes() []byte {
	b := make([]byte, HeaderV3)
	be := binary.BigEndian
	copy(b, Magic)
	be.PutUint32(b[4:], 3)
	be.PutUint64(b[8:], h.BackingFileOffset)
	be.PutUint32(b[16:], h.BackingFileSize)
	be.PutUint32(b[20:], h.ClusterBits)
	be.PutUint64(b[24:], h.Size)
	be.PutUint32(b[32:], h.CryptMethod)
	be.PutUint32(b[36:], h.L1Size)
	be.PutUint64(b[40:], h.L1TableOffset)
	be.PutUint64(b[48:], h.RefcountTableOffset)
	be.PutUint32(b[56:], h.RefcountTableClusters)
	be.PutUint64(b[72:], h.IncompatibleFeatures)
	be.PutUint32(b[96:], h.RefcountOrder)
	be.PutUint32(b[100:], HeaderV3)
	return b
}
