package types

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"4096": 4096, "2GiB": 2 << 30, "2 GiB": 2 << 30, "2g": 2 << 30, "2GB": 2 << 30, "512MiB": 512 << 20,
		"1.5GiB": 3 << 29, "1k": 1024, "0": 0, " 20 GiB ": 20 << 30, "1PiB": 1 << 50, "7b": 7,
	} {
		got, err := ParseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "GiB", "-1GiB", "2 parsecs", "1.5", "0.1b", "1e3GiB", "9999999PiB", "NaN", "1..2G"} {
		_, err := ParseSize(in)
		assert.Error(t, err, in)
		if err != nil {
			assert.Contains(t, err.Error(), `"`+in+`"`)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1000: "1000 B", 4 << 30: "4 GiB", 3 << 29: "1.5 GiB", 1536: "1.5 KiB", 20 << 40: "20 TiB"} {
		assert.Equal(t, want, FormatSize(n))
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"2GiB", "1.5 t", "4096", "-1", "9e99G"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
	})
}
