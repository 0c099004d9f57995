package xmlstream

import (
	"time"
	"unsafe"
)

// Decoded documents hold most scalars behind pointers (unset must differ
// from zero). Allocating each pointer on its own dominates decoding, so the
// Ptr helpers carve them from small blocks: one allocation serves a block of
// values. A value kept alive keeps its block (at most a few hundred bytes)
// alive, which is the price of the speed.
const (
	slabStrings = 64
	slabScalars = 64
	slabTimes   = 16
)

// stringBlock is the size of the blocks short strings are copied into.
const stringBlock = 8 << 10

// ListShape has the memory layout of every struct { Href string; Items []*T }
// (types.List[T]): the generated decoders carve list headers of any T from
// one slab of them.
type ListShape struct {
	Href  string
	Items []unsafe.Pointer
}

// ListShape returns a pointer to a zero ListShape.
func (r *Reader) ListShape() *ListShape {
	return carve(&r.slabs.lists, slabScalars, ListShape{})
}

type slabs struct {
	lists []ListShape
	text  []byte // String: the block strings are carved from; bytes below len are never written again
	strs  []string
	bools []bool
	ints  []int64
	flts  []float64
	times []time.Time
}

// StringPtr returns a pointer to a string copy of b.
func (r *Reader) StringPtr(b []byte) *string {
	return r.StringPtrOf(r.String(b))
}

// String returns a string copy of b. Short strings are copied into shared
// blocks, one allocation for many of them; like the pointer slabs, a string
// kept alive keeps its block (8 KiB) alive.
func (r *Reader) String(b []byte) string {
	n := len(b)
	switch {
	case n == 0:
		return ""
	case n > stringBlock/8:
		return string(b)
	}
	t := r.slabs.text
	if cap(t)-len(t) < n {
		t = make([]byte, 0, r.blockSize(n))
	}
	start := len(t)
	t = append(t, b...)
	r.slabs.text = t
	// The bytes t[start:start+n] are never written again: later strings are appended after
	// them, or go to a new block.
	return unsafe.String(&t[start], n)
}

// blockSize is the capacity of a new string block for a string of n bytes: stringBlock, or less
// once all the input is buffered (a Reader over bytes, or a stream that has ended) and what is
// left of it is shorter. The strings still to come are copies of that input, never longer than
// it, so a small document costs a block of its size, not 8 KiB.
func (r *Reader) blockSize(n int) int {
	if r.rerr != nil {
		if left := n + len(r.buf) - r.pos; left < stringBlock {
			return left
		}
	}
	return stringBlock
}

// StringPtrOf returns a pointer to s.
func (r *Reader) StringPtrOf(s string) *string {
	return carve(&r.slabs.strs, slabStrings, s)
}

// carve stores v in the next free element of *slab, allocating a block of n when it is used up,
// and returns a pointer to it.
func carve[T any](slab *[]T, n int, v T) *T {
	if len(*slab) == 0 {
		*slab = make([]T, n)
	}
	p := &(*slab)[0]
	*slab = (*slab)[1:]
	*p = v
	return p
}

// BoolPtr returns a pointer to v.
func (r *Reader) BoolPtr(v bool) *bool {
	return carve(&r.slabs.bools, slabScalars, v)
}

// Int64Ptr returns a pointer to v.
func (r *Reader) Int64Ptr(v int64) *int64 {
	return carve(&r.slabs.ints, slabScalars, v)
}

// Float64Ptr returns a pointer to v.
func (r *Reader) Float64Ptr(v float64) *float64 {
	return carve(&r.slabs.flts, slabScalars, v)
}

// TimePtr returns a pointer to v.
func (r *Reader) TimePtr(v time.Time) *time.Time {
	return carve(&r.slabs.times, slabTimes, v)
}

// TextStringPtr is TextString returning a pointer.
func (r *Reader) TextStringPtr() (*string, error) {
	b, err := r.Text()
	if err != nil {
		return nil, err
	}
	return r.StringPtr(b), nil
}

// TextBoolPtr is TextBool returning a pointer.
func (r *Reader) TextBoolPtr() (*bool, error) {
	v, err := r.TextBool()
	if err != nil {
		return nil, err
	}
	return r.BoolPtr(v), nil
}

// TextInt64Ptr is TextInt64 returning a pointer.
func (r *Reader) TextInt64Ptr() (*int64, error) {
	v, err := r.TextInt64()
	if err != nil {
		return nil, err
	}
	return r.Int64Ptr(v), nil
}

// TextFloat64Ptr is TextFloat64 returning a pointer.
func (r *Reader) TextFloat64Ptr() (*float64, error) {
	v, err := r.TextFloat64()
	if err != nil {
		return nil, err
	}
	return r.Float64Ptr(v), nil
}

// TextTimePtr is TextTime returning a pointer.
func (r *Reader) TextTimePtr() (*time.Time, error) {
	v, err := r.TextTime()
	if err != nil {
		return nil, err
	}
	return r.TimePtr(v), nil
}
