package qcow2

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{Version: 3, ClusterBits: 16, Size: 1 << 30, L1Size: 2, L1TableOffset: 2 << 16, RefcountTableOffset: 1 << 16,
		RefcountTableClusters: 1, RefcountOrder: 4, IncompatibleFeatures: Dirty}
	b := h.Bytes()
	got, err := Parse(b)
	require.NoError(t, err)
	h.HeaderLength = HeaderV3
	assert.Equal(t, &h, got)
	assert.Equal(t, int64(64<<10), got.ClusterSize())
}

func TestParseRefusals(t *testing.T) {
	valid := (&Header{Version: 3, ClusterBits: 16, Size: 1}).Bytes()
	patch := func(off int, v ...byte) []byte {
		b := append([]byte(nil), valid...)
		copy(b[off:], v)
		return b
	}
	tests := []struct {
		name string
		b    []byte
		err  string
	}{
		{"empty", nil, "not a qcow2 image"},
		{"other magic", patch(0, 'K', 'D', 'M', 'V'), "not a qcow2 image"},
		{"truncated", valid[:40], "truncated header (40 bytes)"},
		{"truncated v3", valid[:80], "truncated version 3 header (80 bytes)"},
		{"version 4", patch(7, 4), "unsupported version 4"},
		{"short header length", patch(103, 72), "invalid header length 72"},
		{"cluster size", patch(23, 30), "invalid cluster size 2^30"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.b)
		assert.EqualError(t, err, tt.err, tt.name)
	}
	v2 := patch(7, 2)[:HeaderV2]
	h, err := Parse(v2)
	require.NoError(t, err)
	assert.Equal(t, uint32(HeaderV2), h.HeaderLength)
}

func TestBackingFile(t *testing.T) {
	b := append((&Header{Version: 3, ClusterBits: 16, Size: 1, BackingFileOffset: HeaderV3, BackingFileSize: 4}).Bytes(), "base"...)
	h, err := Parse(b)
	require.NoError(t, err)
	assert.Equal(t, "base", h.BackingFile(b))
	h.BackingFileOffset = 1 << 63
	assert.Equal(t, "?", h.BackingFile(b), "an offset past the data")
}

func FuzzParse(f *testing.F) {
	f.Add((&Header{Version: 3, ClusterBits: 16, Size: 1}).Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := Parse(b)
		if err != nil {
			return
		}
		_ = h.BackingFile(b)
		if h.ClusterSize() < 512 || h.ClusterSize() > 2<<20 {
			t.Fatalf("accepted cluster size %d", h.ClusterSize())
		}
	})
}
