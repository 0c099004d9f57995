package imageio

import (
	"io"
	"sync"
)

// BlockSize is the allocation unit of stored disk bytes: a block never written (or zeroed as a
// whole) takes no memory and reads as zeros, so empty and sparse disks are cheap.
const BlockSize = 1 << 20

// Kinds of data a disk image holds, fixed by the format of the transfer that wrote it.
const (
	KindNone  = ""      // nothing written yet
	KindRaw   = "raw"   // guest data (a raw transfer)
	KindQcow2 = "qcow2" // the bytes of a qcow2 file (a cow transfer)
)

// Image holds the bytes of one disk, written and read through image transfers. Like the
// imageio daemon, it lets concurrent requests work on distinct byte ranges: the block map is
// locked, the bytes inside a block are not.
type Image struct {
	mu     sync.Mutex
	kind   string
	blocks map[int64][]byte // by block index
	length int64            // one past the highest byte written: the size of a qcow2 file
}

func NewImage() *Image { return &Image{blocks: map[int64][]byte{}} }

// span calls f for each block piece of [off, off+n): the block (nil when absent and not
// created) and the byte range inside it.
func (img *Image) span(off, n int64, create bool, f func(b []byte, lo, hi int) error) error {
	for n > 0 {
		idx, lo := off/BlockSize, int(off%BlockSize)
		hi := min(BlockSize, int64(lo)+n)
		img.mu.Lock()
		b := img.blocks[idx]
		if b == nil && create {
			b = make([]byte, BlockSize)
			img.blocks[idx] = b
		}
		img.mu.Unlock()
		if err := f(b, lo, int(hi)); err != nil {
			return err
		}
		off += hi - int64(lo)
		n -= hi - int64(lo)
	}
	return nil
}

// readFrom stores n bytes of r at off; on a short read it keeps what arrived and returns the
// count with the error.
func (img *Image) readFrom(r io.Reader, off, n int64) (int64, error) {
	var done int64
	err := img.span(off, n, true, func(b []byte, lo, hi int) error {
		k, err := io.ReadFull(r, b[lo:hi])
		done += int64(k)
		return err
	})
	img.grow(off + done)
	return done, err
}

// write stores p at off.
func (img *Image) Write(p []byte, off int64) {
	end := off + int64(len(p))
	_ = img.span(off, int64(len(p)), true, func(b []byte, lo, hi int) error {
		p = p[copy(b[lo:hi], p):]
		return nil
	})
	img.grow(end)
}

func (img *Image) grow(end int64) {
	img.mu.Lock()
	img.length = max(img.length, end)
	img.mu.Unlock()
}

var zeroBlock = make([]byte, BlockSize)

// writeTo sends n bytes from off to w, zeros where nothing was written.
func (img *Image) writeTo(w io.Writer, off, n int64) (int64, error) {
	var done int64
	err := img.span(off, n, false, func(b []byte, lo, hi int) error {
		if b == nil {
			b = zeroBlock
		}
		k, err := w.Write(b[lo:hi])
		done += int64(k)
		return err
	})
	return done, err
}

// zero makes [off, off+n) read as zeros, releasing the blocks it covers whole. A range wider
// than the stored blocks visits the blocks, not the range, so zeroing a huge disk is quick.
func (img *Image) zero(off, n int64) {
	img.mu.Lock()
	defer img.mu.Unlock()
	end := off + n
	clearBlock := func(idx, lo, hi int64) { // [lo, hi) of the image, inside block idx
		base := idx * BlockSize
		if lo == base && hi == base+BlockSize {
			delete(img.blocks, idx)
		} else if b := img.blocks[idx]; b != nil {
			clear(b[lo-base : hi-base])
		}
	}
	if n/BlockSize > int64(len(img.blocks)) {
		for idx := range img.blocks {
			if lo, hi := max(off, idx*BlockSize), min(end, (idx+1)*BlockSize); lo < hi {
				clearBlock(idx, lo, hi)
			}
		}
		return
	}
	for lo := off; lo < end; {
		idx := lo / BlockSize
		hi := min(end, (idx+1)*BlockSize)
		clearBlock(idx, lo, hi)
		lo = hi
	}
}

// bytes returns a copy of the first n bytes.
func (img *Image) Bytes(n int64) []byte {
	out := make([]byte, 0, n)
	buf := &appendWriter{b: out}
	_, _ = img.writeTo(buf, 0, n)
	return buf.b
}

type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// extent is a run of blocks that hold data, or that read as zeros.
type extent struct {
	Start  int64 `json:"start"`
	Length int64 `json:"length"`
	Zero   bool  `json:"zero"`
	Hole   bool  `json:"hole"`
}

// extents describes [0, size) as alternating data and zero runs, at block granularity.
func (img *Image) extents(size int64) []extent {
	img.mu.Lock()
	defer img.mu.Unlock()
	var out []extent
	for off := int64(0); off < size; {
		n := min(BlockSize-off%BlockSize, size-off)
		zero := img.blocks[off/BlockSize] == nil
		if k := len(out); k > 0 && out[k-1].Zero == zero {
			out[k-1].Length += n
		} else {
			out = append(out, extent{Start: off, Length: n, Zero: zero})
		}
		off += n
	}
	return out
}

// state returns the kind of data held and the written length.
func (img *Image) State() (kind string, length int64) {
	img.mu.Lock()
	defer img.mu.Unlock()
	return img.kind, img.length
}

// allocated is the memory the image takes, as a disk's actual size.
func (img *Image) Allocated() int64 {
	img.mu.Lock()
	defer img.mu.Unlock()
	return int64(len(img.blocks)) * BlockSize
}

// reset forgets every byte (a new upload of another kind).
func (img *Image) Reset(kind string) {
	img.mu.Lock()
	defer img.mu.Unlock()
	img.kind, img.blocks, img.length = kind, map[int64][]byte{}, 0
}
