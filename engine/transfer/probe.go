package transfer

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/ovirtsh/ovirtsh/engine/internal/qcow2"
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
	if bytes.HasPrefix(head, []byte(qcow2.Magic)) {
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

// parseQcow2 reads a qcow2 header into info, refusing what cannot be uploaded as it is.
func parseQcow2(b []byte, size int64, info *ImageInfo) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: qcow2 image: %s", ErrUnsupportedImage, fmt.Sprintf(format, args...))
	}
	h, err := qcow2.Parse(b)
	if err != nil {
		return bad("%v", err)
	}
	switch incompat := h.IncompatibleFeatures; {
	case h.Size == 0 || h.Size > 1<<62:
		return bad("invalid virtual size %d", h.Size)
	case h.CryptMethod != 0:
		return bad("it is encrypted (method %d); decrypt it with qemu-img convert", h.CryptMethod)
	case h.BackingFileOffset != 0:
		return bad("it has a backing file (%q); make a self-contained image with qemu-img convert", h.BackingFile(b))
	case incompat&qcow2.Dirty != 0:
		return bad("it was not closed cleanly (dirty); repair it with qemu-img check -r all")
	case incompat&qcow2.Corrupt != 0:
		return bad("it is marked corrupt; repair it with qemu-img check -r all")
	case incompat&qcow2.ExternalData != 0:
		return bad("its data is in an external file")
	case incompat&^qcow2.KnownIncompatible != 0:
		return bad("unknown incompatible features %#x", incompat&^qcow2.KnownIncompatible)
	}
	info.Format = types.DiskFormatCow
	info.VirtualSize = int64(h.Size)
	info.Qcow2Version = int(h.Version)
	info.ClusterSize = h.ClusterSize()
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
