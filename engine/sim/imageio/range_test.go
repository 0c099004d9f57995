package imageio

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRanges(t *testing.T) {
	get := []struct {
		header     string
		size       int64
		off, n     int64
		partial    bool
		status     int
		wantStatus bool
	}{
		{header: "", size: 10, off: 0, n: 10},
		{header: "bytes=2-5", size: 10, off: 2, n: 4, partial: true},
		{header: "bytes=2-", size: 10, off: 2, n: 8, partial: true},
		{header: "bytes=2-99", size: 10, off: 2, n: 8, partial: true},
		{header: "bytes=10-", size: 10, status: 416},
		{header: "bytes=5-4", size: 10, status: 416},
		{header: "bytes=-5", size: 10, status: 416},
		{header: "bytes=0-1,3-4", size: 10, status: 416},
		{header: "bytes=9223372036854775807-", size: 10, status: 416},
		{header: "bytes=0-9223372036854775808", size: 10, status: 416},
		{header: "bytes=0-", size: 0, status: 416},
	}
	for _, tt := range get {
		off, n, partial, e := parseRange(tt.header, tt.size)
		if tt.status != 0 {
			require.NotNil(t, e, tt.header)
			assert.Equal(t, tt.status, e.status, tt.header)
			continue
		}
		require.Nil(t, e, tt.header)
		assert.Equal(t, []any{tt.off, tt.n, tt.partial}, []any{off, n, partial}, tt.header)
	}
	put := []struct {
		header string
		n      int64
		off    int64
		status int
	}{
		{"bytes 4-7/*", 4, 4, 0},
		{"bytes 4-7/100", 4, 4, 0},
		{"bytes 4-/*", 4, 4, 0},
		{"bytes 4-8/*", 4, 0, 400},
		{"bytes 0-0/*", 0, 0, 400},
		{"bytes -4-7/*", 4, 0, 400},
		{"pages 4-7/*", 4, 0, 400},
		{"bytes 9223372036854775808-/*", 1, 0, 400},
	}
	for _, tt := range put {
		off, e := parseContentRange(tt.header, tt.n)
		if tt.status != 0 {
			require.NotNil(t, e, tt.header)
			assert.Equal(t, tt.status, e.status, tt.header)
			continue
		}
		require.Nil(t, e, tt.header)
		assert.Equal(t, tt.off, off, tt.header)
	}
	assert.True(t, within(0, 10, 10))
	assert.False(t, within(1, 10, 10))
	assert.False(t, within(math.MaxInt64, math.MaxInt64, 10), "no wrapping")
	assert.False(t, within(1<<62, 1<<62, math.MaxInt64>>1))
	assert.False(t, within(-1, 1, 10))
}

// FuzzImageRanges checks that every range the parsers accept lies inside the image.
func FuzzImageRanges(f *testing.F) {
	for _, s := range []string{"bytes=0-", "bytes=5-9", "bytes=9223372036854775807-", "bytes 0-3/*", "bytes 4611686018427387904-/*"} {
		f.Add(s, int64(1<<20), int64(4))
	}
	f.Fuzz(func(t *testing.T, header string, size, n int64) {
		if size < 0 {
			size = -(size + 1)
		}
		if off, k, _, e := parseRange(header, size); e == nil {
			if !within(off, k, size) || (header != "" && k <= 0) {
				t.Fatalf("parseRange(%q, %d) = %d+%d, outside the image", header, size, off, k)
			}
		}
		if off, e := parseContentRange(header, n); e == nil && off < 0 {
			t.Fatalf("parseContentRange(%q, %d) = %d", header, n, off)
		}
	})
}

func TestZeroHugeRange(t *testing.T) {
	img := NewImage()
	img.Write(bytes.Repeat([]byte{1}, BlockSize), 0)
	img.Write([]byte{2}, 5*BlockSize+7)
	img.zero(BlockSize/2, 1<<50) // visits the two blocks, not 2^30 of them
	assert.Equal(t, int64(BlockSize), img.Allocated(), "the covered block is released")
	b := img.Bytes(BlockSize)
	assert.Equal(t, bytes.Repeat([]byte{1}, BlockSize/2), b[:BlockSize/2], "bytes before the range stay")
	assert.Equal(t, make([]byte, BlockSize/2), b[BlockSize/2:])
}
