package imageio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/ovirtsh/ovirtsh/engine/internal/qcow2"
)

// The simulator converts between guest data and qcow2 files the way a host's imageio does with
// qemu-nbd, for the layouts it makes itself and the simple images clients upload: qcow2 version
// 2 or 3 with 16-bit refcounts, no backing file, no compression, no encryption.
const (
	qcow2ClusterBits = 16
	qcow2Cluster     = 1 << qcow2ClusterBits
	qcow2L2Entries   = qcow2Cluster / 8              // guest clusters mapped by one L2 table
	qcow2RefEntries  = qcow2Cluster / 2              // clusters counted by one refcount block (16 bits each)
	qcow2Region      = qcow2L2Entries * qcow2Cluster // guest bytes under one L2 table
)

// ToQcow2 writes the guest data of src (virtual bytes) as a new qcow2 image: a header, one
// refcount table cluster, the L1 table, the refcount blocks, then for each 512 MiB region
// with data its L2 table followed by its data clusters. Clusters of zeros are left out.
func ToQcow2(src *Image, virtual int64) *Image {
	regions := (virtual + qcow2Region - 1) / qcow2Region
	data := make([][]int64, regions) // by region: the guest offsets of the clusters holding data
	for _, off := range src.dataClusters(virtual) {
		data[off/qcow2Region] = append(data[off/qcow2Region], off)
	}
	l1Clusters := (regions*8 + qcow2Cluster - 1) / qcow2Cluster
	fixed := 2 + l1Clusters // header, refcount table, L1
	var used int64
	for _, offs := range data {
		if len(offs) > 0 {
			used += 1 + int64(len(offs))
		}
	}
	refBlocks := int64(1)
	for (fixed+refBlocks+used+qcow2RefEntries-1)/qcow2RefEntries > refBlocks {
		refBlocks++
	}
	total := fixed + refBlocks + used
	out := NewImage()
	out.kind = KindQcow2
	h := qcow2.Header{Version: 3, ClusterBits: qcow2ClusterBits, Size: uint64(virtual), L1Size: uint32(regions),
		L1TableOffset: 2 * qcow2Cluster, RefcountTableOffset: qcow2Cluster, RefcountTableClusters: 1, RefcountOrder: 4}
	out.Write(h.Bytes(), 0)
	be := binary.BigEndian
	entry := make([]byte, 8)
	for i := range refBlocks { // the refcount table, then every cluster's refcount of 1
		be.PutUint64(entry, uint64((fixed+i)*qcow2Cluster))
		out.Write(entry, qcow2Cluster+8*i)
	}
	for c := range total {
		out.Write([]byte{0, 1}, (fixed+c/qcow2RefEntries)*qcow2Cluster+2*(c%qcow2RefEntries))
	}
	next := (fixed + refBlocks) * qcow2Cluster
	buf := make([]byte, qcow2Cluster)
	for r, offs := range data {
		if len(offs) == 0 {
			continue
		}
		l2 := next
		be.PutUint64(entry, uint64(l2)|qcow2.Copied)
		out.Write(entry, 2*qcow2Cluster+8*int64(r))
		next += qcow2Cluster
		for _, off := range offs {
			be.PutUint64(entry, uint64(next)|qcow2.Copied)
			out.Write(entry, l2+8*((off%qcow2Region)/qcow2Cluster))
			n := min(qcow2Cluster, virtual-off)
			src.readAt(buf[:n], off)
			out.Write(buf[:qcow2Cluster], next) // whole clusters, zero-padded
			clear(buf)
			next += qcow2Cluster
		}
	}
	out.grow(total * qcow2Cluster)
	return out
}

// FromQcow2 reads the guest data of the qcow2 file in src (length bytes) into a new raw image
// and returns its virtual size.
func FromQcow2(src *Image, length int64) (*Image, int64, error) {
	b := src.Bytes(min(length, qcow2.HeaderV3))
	h, err := qcow2.Parse(b)
	switch {
	case err != nil:
		return nil, 0, err
	case h.BackingFileOffset != 0:
		return nil, 0, errors.New("a qcow2 image with a backing file")
	case h.CryptMethod != 0:
		return nil, 0, errors.New("an encrypted qcow2 image")
	}
	be := binary.BigEndian
	cluster := h.ClusterSize()
	virtual, l1Size, l1Off := int64(h.Size), int64(h.L1Size), int64(h.L1TableOffset)
	out := NewImage()
	out.kind = KindRaw
	l1 := src.Bytes(min(length, l1Off+8*l1Size))[min(length, l1Off):]
	entries := cluster / 8
	buf := make([]byte, cluster)
	for i := int64(0); i < l1Size && 8*i+8 <= int64(len(l1)); i++ {
		l2Off := int64(be.Uint64(l1[8*i:]) & qcow2.OffsetMask)
		if l2Off == 0 {
			continue
		}
		l2 := make([]byte, cluster)
		src.readAt(l2, l2Off)
		for j := range entries {
			e := be.Uint64(l2[8*j:])
			guest := (i*entries + j) * cluster
			if e&qcow2.Compressed != 0 {
				return nil, 0, errors.New("a compressed qcow2 image")
			}
			host := int64(e & qcow2.OffsetMask)
			if host == 0 || e&qcow2.ZeroFlag != 0 || guest >= virtual {
				continue
			}
			n := min(cluster, virtual-guest)
			src.readAt(buf[:n], host)
			out.Write(buf[:n], guest)
		}
	}
	return out, virtual, nil
}

// readAt fills p from off (zeros where nothing was written).
func (img *Image) readAt(p []byte, off int64) {
	w := &appendWriter{b: p[:0]}
	_, _ = img.writeTo(w, off, int64(len(p)))
}

// dataClusters returns, in order, the offsets of the qcow2 clusters of [0, virtual) that do not
// read as zeros.
func (img *Image) dataClusters(virtual int64) []int64 {
	img.mu.Lock()
	blocks := make([]int64, 0, len(img.blocks))
	for idx := range img.blocks {
		if idx*BlockSize < virtual {
			blocks = append(blocks, idx)
		}
	}
	img.mu.Unlock()
	slices.Sort(blocks)
	var out []int64
	for _, idx := range blocks {
		img.mu.Lock()
		b := img.blocks[idx]
		img.mu.Unlock()
		for lo := int64(0); lo < BlockSize && idx*BlockSize+lo < virtual; lo += qcow2Cluster {
			hi := min(lo+qcow2Cluster, virtual-idx*BlockSize)
			if b != nil && !bytes.Equal(b[lo:hi], zeroBlock[:hi-lo]) {
				out = append(out, idx*BlockSize+lo)
			}
		}
	}
	return out
}

// Verify is the engine's check of an uploaded image: a cow upload must be a qcow2 file.
func (img *Image) Verify() bool {
	kind, _ := img.State()
	return kind != KindQcow2 || string(img.Bytes(int64(len(qcow2.Magic)))) == qcow2.Magic
}
