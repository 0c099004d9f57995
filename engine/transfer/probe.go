package transfer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// ErrUnsupportedImage is the cause of ProbeImage's refusals: an image in a format other than
// raw and qcow2, or a qcow2 image that cannot be uploaded as it is (encrypted, with a backing
// file, marked dirty or corrupt, with unknown incompatible features).
var ErrUnsupportedImage = errors.New("unsupported image")

// ImageInfo describes a local disk image, as the engine needs it to create the disk it is
// uploaded to.
type ImageInfo struct {
	// Format is DiskFormatCow for a qcow2 image, DiskFormatRaw for anything else.
	Format types.DiskFormat
	// ContentType is DiskContentTypeIso for an ISO 9660 image, else DiskContentTypeData.
	ContentType types.DiskContentType
	// Size is the length of the image in bytes: what is uploaded.
	Size int64
	// VirtualSize is the size of the disk the guest sees: the header's size for qcow2, Size for
	// raw.
	VirtualSize int64
	// Qcow2Version (2 or 3) and ClusterSize are set for qcow2 images.
	Qcow2Version int
	ClusterSize  int64
}

const (
	qcow2HeaderV2 = 72  // bytes of a version 2 header
	qcow2HeaderV3 = 104 // bytes of a version 3 header without extensions

	qcow2Dirty        = 1 << 0 // incompatible feature bits
	qcow2Corrupt      = 1 << 1
	qcow2ExternalData = 1 << 2
	qcow2Compression  = 1 << 3
	qcow2ExtendedL2   = 1 << 4
	qcow2KnownFeature = qcow2Dirty | qcow2Corrupt | qcow2ExternalData | qcow2Compression | qcow2ExtendedL2
)

// qcow2Magic starts every qcow2 file.
var qcow2Magic = []byte("QFI\xfb")

// foreignMagics are formats that qemu-img converts but oVirt does not store: an upload of one
// would make a disk the guest cannot read.
var foreignMagics = []struct {
	off   int64
	magic string
	name  string
}{
	{0, "KDMV", "VMDK"}, {0, "vhdxfile", "VHDX"}, {0, "conectix", "VHD"}, {0, "QED\x00", "QED"},
	{64, "\x7f\x10\xda\xbe", "VDI"}, {0, "\x1f\x8b", "gzip-compressed"}, {0, "\xfd7zXZ\x00", "xz-compressed"},
}

// ProbeImage reads the head of an image of size bytes and tells its format and virtual size,
// the way `qemu-img info` would for the formats oVirt stores (raw and qcow2). It reads the
// qcow2 header only: the image's tables are not checked.
func ProbeImage(r io.ReaderAt, size int64) (*ImageInfo, error) {
	head := make([]byte, min(size, 4096))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading the image header: %w", err)
	}
	info := &ImageInfo{Format: types.DiskFormatRaw, ContentType: types.DiskContentTypeData, Size: size, VirtualSize: size}
	if bytes.HasPrefix(head, qcow2Magic) {
		if err := parseQcow2(head, size, info); err != nil {
			return nil, err
		}
		return info, nil
	}
	for _, f := range foreignMagics {
		if bytes.HasPrefix(head[min(int64(len(head)), f.off):], []byte(f.magic)) {
			return nil, fmt.Errorf("%w: this is a %s image; convert it to raw or qcow2 with qemu-img convert",
				ErrUnsupportedImage, f.name)
		}
	}
	if isISO(r, size) {
		info.ContentType = types.DiskContentTypeIso
	}
	return info, nil
}

// parseQcow2 reads a qcow2 header (big-endian fields at fixed offsets) into info.
func parseQcow2(h []byte, size int64, info *ImageInfo) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: qcow2 image: %s", ErrUnsupportedImage, fmt.Sprintf(format, args...))
	}
	if len(h) < qcow2HeaderV2 {
		return bad("truncated header (%d bytes)", len(h))
	}
	be := binary.BigEndian
	version := be.Uint32(h[4:])
	if version != 2 && version != 3 {
		return bad("unsupported version %d", version)
	}
	if version == 3 && len(h) < qcow2HeaderV3 {
		return bad("truncated version 3 header (%d bytes)", len(h))
	}
	clusterBits := be.Uint32(h[20:])
	if clusterBits < 9 || clusterBits > 21 {
		return bad("invalid cluster size 2^%d", clusterBits)
	}
	virtual := be.Uint64(h[24:])
	if virtual == 0 || virtual > 1<<62 {
		return bad("invalid virtual size %d", virtual)
	}
	if crypt := be.Uint32(h[32:]); crypt != 0 {
		return bad("it is encrypted (method %d); decrypt it with qemu-img convert", crypt)
	}
	if off, n := be.Uint64(h[8:]), be.Uint32(h[16:]); off != 0 {
		name := "?"
		if end := off + uint64(n); n > 0 && n <= 1023 && end <= uint64(len(h)) {
			name = string(h[off:end])
		}
		return bad("it has a backing file (%q); make a self-contained image with qemu-img convert", name)
	}
	if version == 3 {
		incompat := be.Uint64(h[72:])
		switch {
		case incompat&qcow2Dirty != 0:
			return bad("it was not closed cleanly (dirty); repair it with qemu-img check -r all")
		case incompat&qcow2Corrupt != 0:
			return bad("it is marked corrupt; repair it with qemu-img check -r all")
		case incompat&qcow2ExternalData != 0:
			return bad("its data is in an external file")
		case incompat&^qcow2KnownFeature != 0:
			return bad("unknown incompatible features %#x", incompat&^qcow2KnownFeature)
		}
		if hl := be.Uint32(h[100:]); hl < qcow2HeaderV3 {
			return bad("invalid header length %d", hl)
		}
	}
	info.Format = types.DiskFormatCow
	info.VirtualSize = int64(virtual)
	info.Qcow2Version = int(version)
	info.ClusterSize = 1 << clusterBits
	info.Size = size
	return nil
}

// isISO looks for the ISO 9660 primary volume descriptor's signature at sector 16.
func isISO(r io.ReaderAt, size int64) bool {
	const off = 0x8001
	if size < off+5 {
		return false
	}
	sig := make([]byte, 5)
	if _, err := r.ReadAt(sig, off); err != nil {
		return false
	}
	return string(sig) == "CD001"
}
