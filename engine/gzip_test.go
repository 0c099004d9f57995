package engine

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGzipBodyReusesReaders: decompressing one gzip answer after another takes the decompressor
// and its buffered reader from the pool, so that a small answer costs no 4 KiB read buffer and
// no decompressor state. (The race detector's pool drops items at random: skipped there.)
func TestGzipBodyReusesReaders(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	_, _ = zw.Write([]byte("<vm><name>web1</name></vm>"))
	require.NoError(t, zw.Close())
	data := zb.Bytes()
	src := bytes.NewReader(data)
	body := io.NopCloser(src)
	g := new(gzipBody)
	out := make([]byte, 64)
	var n int
	var readErr, closeErr error
	read := func() {
		src.Reset(data)
		*g = gzipBody{body: body}
		n, readErr = io.ReadFull(g, out)
		closeErr = g.Close()
	}
	read() // fills the pool
	allocs := testing.AllocsPerRun(50, read)
	require.ErrorIs(t, readErr, io.ErrUnexpectedEOF)
	require.NoError(t, closeErr)
	require.Equal(t, "<vm><name>web1</name></vm>", string(out[:n]))
	assert.Less(t, allocs, 1.0, "allocations per answer")
}
