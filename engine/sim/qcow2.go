package sim

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// The simulator converts between guest data and qcow2 files the way a host's imageio does with
// qemu-nbd, for the layouts it makes itself and the simple images clients upload: qcow2 version
// 2 or 3 with 16-bit refcounts, no backing file, no compression, no encryption.
const (
	qcow2ClusterBits = 16
	qcow2Cluster     = 1 << qcow2ClusterBits
	qcow2L2Entries   = qcow2Cluster / 8              // guest clusters mapped by one L2 table
	qcow2RefEntries  = qcow2Cluster / 2              // clusters counted by one refcount block (16 bits each)
	qcow2Copied      = uint64(1) << 63               // L1 and L2 entries: refcount is exactly one
	qcow2Compressed  = uint64(1) << 62               // L2 entries
	qcow2OffsetMask  = 0x00fffffffffffe00            // the host offset in an L1 or L2 entry
	qcow2ZeroFlag    = 1                             // L2 entries (version 3): reads as zeros
	qcow2Region      = qcow2L2Entries * qcow2Cluster // guest bytes under one L2 table
)

// toQcow2 writes the guest data of src (virtual bytes) as a new qcow2 image: a header, one
// refcount table cluster, the L1 table, the refcount blocks, then for each 512 MiB region
// with data its L2 table followed by its data clusters. Clusters of zeros are left out.
func toQcow2(src *diskImage, virtual int64) *diskImage {
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
	out := newDiskImage()
	out.kind = kindQcow2
	be := binary.BigEndian
	h := make([]byte, 104)
	copy(h, qcow2Magic)
	be.PutUint32(h[4:], 3)
	be.PutUint32(h[20:], qcow2ClusterBits)
	be.PutUint64(h[24:], uint64(virtual))
	be.PutUint32(h[36:], uint32(regions))
	be.PutUint64(h[40:], 2*qcow2Cluster)
	be.PutUint64(h[48:], qcow2Cluster)
	be.PutUint32(h[56:], 1)
	be.PutUint32(h[96:], 4)
	be.PutUint32(h[100:], 104)
	out.write(h, 0)
	entry := make([]byte, 8)
	for i := range refBlocks { // the refcount table, then every cluster's refcount of 1
		be.PutUint64(entry, uint64((fixed+i)*qcow2Cluster))
		out.write(entry, qcow2Cluster+8*i)
	}
	for c := range total {
		out.write([]byte{0, 1}, (fixed+c/qcow2RefEntries)*qcow2Cluster+2*(c%qcow2RefEntries))
	}
	next := (fixed + refBlocks) * qcow2Cluster
	buf := make([]byte, qcow2Cluster)
	for r, offs := range data {
		if len(offs) == 0 {
			continue
		}
		l2 := next
		be.PutUint64(entry, uint64(l2)|qcow2Copied)
		out.write(entry, 2*qcow2Cluster+8*int64(r))
		next += qcow2Cluster
		for _, off := range offs {
			be.PutUint64(entry, uint64(next)|qcow2Copied)
			out.write(entry, l2+8*((off%qcow2Region)/qcow2Cluster))
			n := min(qcow2Cluster, virtual-off)
			src.readAt(buf[:n], off)
			out.write(buf[:qcow2Cluster], next) // whole clusters, zero-padded
			clear(buf)
			next += qcow2Cluster
		}
	}
	out.grow(total * qcow2Cluster)
	return out
}

// fromQcow2 reads the guest data of the qcow2 file in src (length bytes) into a new raw image
// and returns its virtual size.
func fromQcow2(src *diskImage, length int64) (*diskImage, int64, error) {
	h := src.bytes(min(length, 104))
	be := binary.BigEndian
	if len(h) < 72 || !bytes.Equal(h[:4], qcow2Magic) {
		return nil, 0, errors.New("not a qcow2 image")
	}
	version, bits := be.Uint32(h[4:]), be.Uint32(h[20:])
	switch {
	case version != 2 && version != 3:
		return nil, 0, fmt.Errorf("qcow2 version %d", version)
	case be.Uint64(h[8:]) != 0:
		return nil, 0, errors.New("a qcow2 image with a backing file")
	case be.Uint32(h[32:]) != 0:
		return nil, 0, errors.New("an encrypted qcow2 image")
	case bits < 9 || bits > 21:
		return nil, 0, fmt.Errorf("qcow2 cluster size 2^%d", bits)
	}
	cluster := int64(1) << bits
	virtual, l1Size, l1Off := int64(be.Uint64(h[24:])), int64(be.Uint32(h[36:])), int64(be.Uint64(h[40:]))
	out := newDiskImage()
	out.kind = kindRaw
	l1 := src.bytes(min(length, l1Off+8*l1Size))[min(length, l1Off):]
	entries := cluster / 8
	buf := make([]byte, cluster)
	for i := int64(0); i < l1Size && 8*i+8 <= int64(len(l1)); i++ {
		l2Off := int64(be.Uint64(l1[8*i:]) & qcow2OffsetMask)
		if l2Off == 0 {
			continue
		}
		l2 := make([]byte, cluster)
		src.readAt(l2, l2Off)
		for j := range entries {
			e := be.Uint64(l2[8*j:])
			guest := (i*entries + j) * cluster
			if e&qcow2Compressed != 0 {
				return nil, 0, errors.New("a compressed qcow2 image")
			}
			host := int64(e & qcow2OffsetMask)
			if host == 0 || e&qcow2ZeroFlag != 0 || guest >= virtual {
				continue
			}
			n := min(cluster, virtual-guest)
			src.readAt(buf[:n], host)
			out.write(buf[:n], guest)
		}
	}
	return out, virtual, nil
}

// readAt fills p from off (zeros where nothing was written).
func (img *diskImage) readAt(p []byte, off int64) {
	w := &appendWriter{b: p[:0]}
	_, _ = img.writeTo(w, off, int64(len(p)))
}

// dataClusters returns, in order, the offsets of the qcow2 clusters of [0, virtual) that do not
// read as zeros.
func (img *diskImage) dataClusters(virtual int64) []int64 {
	img.mu.Lock()
	blocks := make([]int64, 0, len(img.blocks))
	for idx := range img.blocks {
		if idx*imageBlock < virtual {
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
		for lo := int64(0); lo < imageBlock && idx*imageBlock+lo < virtual; lo += qcow2Cluster {
			hi := min(lo+qcow2Cluster, virtual-idx*imageBlock)
			if b != nil && !bytes.Equal(b[lo:hi], zeroBlock[:hi-lo]) {
				out = append(out, idx*imageBlock+lo)
			}
		}
	}
	return out
}
