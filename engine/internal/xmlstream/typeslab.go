package xmlstream

import "unsafe"

// Struct slabs. Reading one item of a list allocates a struct of each of a few dozen types (a
// VM, its CPU, its template reference, ...); one allocation each was most of a list's allocations
// per item. Once a list of structs reaches its second item (CarveStructs), New and NewSlice hand
// values out of blocks kept per type, in the slot the caller numbers the type with: blocks
// double from one value up to maxTypedBlockBytes, so that a list of 10,000 VMs allocates each
// type's structs about a thousand times, not 10,000, and a type read once more costs no more
// than before.
//
// The price is retention: a value kept alive keeps its whole block alive, up to
// maxTypedBlockBytes, and with it the siblings read just before and after it and what they
// point to (their strings' blocks). Keeping the template reference of every hundredth of
// 10,000 VMs keeps about 3.5 MB alive, against 1.2 MB with each struct on its own and 125 MB
// for the whole list (BenchmarkRetention in xmlcodec; 16 KiB blocks kept 6 MB for a few fewer
// allocations). A single object, or the first item of a list, is allocated on its own.
const (
	firstTypedBlock    = 1
	maxTypedBlockBytes = 8 << 10
)

// typedSlab is the block values of one type are carved from: n values from block, next is the
// first one not handed out yet.
type typedSlab struct {
	block   unsafe.Pointer
	next, n int
}

// CarveStructs makes New and NewSlice carve values from per-type blocks from now on. Decoders
// call it when a list of structs reaches its second item: a document of one object then pays
// for no table of blocks.
func (r *Reader) CarveStructs() { r.carving = true }

// New returns a pointer to a zero T: its own allocation until CarveStructs was called, then
// the next value of the block of slot, a small number the caller gives each type T it uses
// (never two types in one slot) and that sizes a table, so it should be dense from 0.
func New[T any](r *Reader, slot int) *T {
	if !r.carving {
		return new(T)
	}
	s := r.typedSlab(slot)
	var zero T
	size := unsafe.Sizeof(zero)
	if s.next == s.n {
		n := nextBlockLen(s.n, size)
		b := make([]T, n)
		s.block, s.next, s.n = unsafe.Pointer(unsafe.SliceData(b)), 0, n
	}
	p := (*T)(unsafe.Add(s.block, uintptr(s.next)*size))
	s.next++
	return p
}

// NewSlice returns a slice of k zero Ts, carved like New's values once CarveStructs was
// called. Its capacity is k: appending to it never reaches the values after it.
func NewSlice[T any](r *Reader, slot, k int) []T {
	if !r.carving || k == 0 {
		return make([]T, k)
	}
	var zero T
	size := unsafe.Sizeof(zero)
	s := r.typedSlab(slot)
	if s.n-s.next < k {
		n := nextBlockLen(s.n, size)
		for n < k {
			m := nextBlockLen(n, size)
			if m == n {
				return make([]T, k) // longer than a block
			}
			n = m
		}
		b := make([]T, n)
		s.block, s.next, s.n = unsafe.Pointer(unsafe.SliceData(b)), 0, n
	}
	p := (*T)(unsafe.Add(s.block, uintptr(s.next)*size))
	s.next += k
	return unsafe.Slice(p, k)[:k:k]
}

// typedSlab returns the slab of slot, growing the table to hold it.
func (r *Reader) typedSlab(slot int) *typedSlab {
	if slot >= len(r.typed) {
		t := make([]typedSlab, max(slot+1, 2*len(r.typed), 32))
		copy(t, r.typed)
		r.typed = t
	}
	return &r.typed[slot]
}

// nextBlockLen is the number of values of size bytes in the block after one of prev values:
// twice as many, up to what fits in maxTypedBlockBytes (at least one value).
func nextBlockLen(prev int, size uintptr) int {
	if size == 0 {
		return firstTypedBlock // values of no size take no memory
	}
	n := firstTypedBlock
	if prev > 0 {
		n = 2 * prev
	}
	return max(min(n, int(maxTypedBlockBytes/size)), 1)
}
