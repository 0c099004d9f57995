package xmlstream

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type slabItem struct {
	Name *string
	N    int64
	Next *slabItem
}

// TestNewCarves: New allocates each value on its own until CarveStructs, then hands out
// consecutive values of one block per slot; every value starts zero and is its own.
func TestNewCarves(t *testing.T) {
	r := NewReaderBytes(nil)
	a, b := New[slabItem](r, 0), New[slabItem](r, 0)
	assert.Empty(t, r.typed, "no slab before CarveStructs")
	assert.NotSame(t, a, b)

	r.CarveStructs()
	size := unsafe.Sizeof(slabItem{})
	first := New[slabItem](r, 3)
	assert.Equal(t, typedSlab{block: unsafe.Pointer(first), next: 1, n: 1}, r.typed[3], "a block of one")
	second := New[slabItem](r, 3)
	third := New[slabItem](r, 3)
	assert.Equal(t, uintptr(unsafe.Pointer(second))+size, uintptr(unsafe.Pointer(third)), "then blocks of two")
	assert.Equal(t, 2, r.typed[3].n)

	s := "x"
	first.Name, first.N, third.N = &s, 7, 8
	next := New[slabItem](r, 3)
	assert.Equal(t, slabItem{}, *next, "a new block is zero")
	assert.Equal(t, 4, r.typed[3].n, "blocks double")
	other := New[int64](r, 1)
	assert.Zero(t, *other)
	assert.Equal(t, 1, r.typed[1].next, "each slot has its own block")
	assert.Equal(t, 1, r.typed[3].next)
	assert.Equal(t, int64(7), first.N)
	assert.Equal(t, slabItem{N: 8}, *third)
	assert.Zero(t, *second)
}

// TestNewSlice: a carved slice holds k zero values, has capacity k, and appending to it leaves
// the values carved after it alone; a slice longer than a block is allocated on its own.
func TestNewSlice(t *testing.T) {
	r := NewReaderBytes(nil)
	r.CarveStructs()
	a := NewSlice[int64](r, 0, 3)
	b := NewSlice[int64](r, 0, 1)
	require.Len(t, a, 3)
	assert.Equal(t, 3, cap(a))
	assert.Equal(t, []int64{0}, b)
	b[0] = 5
	a = append(a, 9)
	assert.Equal(t, []int64{0, 0, 0, 9}, a)
	assert.Equal(t, []int64{5}, b, "appending to a did not reach b")

	long := NewSlice[int64](r, 0, 100)
	assert.Len(t, long, 100, "blocks grow to hold a slice")
	assert.Equal(t, 128, r.typed[0].n)
	big := NewSlice[int64](r, 0, maxTypedBlockBytes/8+1)
	assert.Len(t, big, maxTypedBlockBytes/8+1, "longer than a block")
	assert.Equal(t, 128, r.typed[0].n, "allocated on its own")
	assert.Empty(t, NewSlice[int64](r, 0, 0))
	assert.Len(t, NewSlice[int64](NewReaderBytes(nil), 0, 2), 2, "before CarveStructs")
}

// TestNewAllocs: once carving, 10,000 values of a 784-byte struct (a types.Vm) cost about a
// thousand allocations (ten to a block), not 10,000.
func TestNewAllocs(t *testing.T) {
	type vmSized [98]*int64 // 784 bytes
	allocs := testing.AllocsPerRun(5, func() {
		r := NewReaderBytes(nil)
		r.CarveStructs()
		for range 10000 {
			New[vmSized](r, 2)
		}
	})
	perBlock := maxTypedBlockBytes / int(unsafe.Sizeof(vmSized{}))
	assert.LessOrEqual(t, allocs, float64(10000/perBlock+10))
}

func TestNextBlockLen(t *testing.T) {
	for _, c := range []struct {
		prev int
		size uintptr
		want int
	}{
		{0, 8, firstTypedBlock},
		{firstTypedBlock, 8, 2 * firstTypedBlock},
		{512, 8, 1024},  // 8 KiB of int64
		{1024, 8, 1024}, // the byte cap
		{8, 784, 10},    // 8 KiB of 784-byte values (a types.Vm)
		{0, 9 << 10, 1}, // one value over half a block
		{0, 1 << 20, 1}, // one value larger than a block
		{32, 0, firstTypedBlock},
	} {
		assert.Equal(t, c.want, nextBlockLen(c.prev, c.size), "prev %d size %d", c.prev, c.size)
	}
}
