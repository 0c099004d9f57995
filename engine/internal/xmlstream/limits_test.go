package xmlstream

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless yields head, then body repeated forever: a document that never ends.
type endless struct {
	head, body string
	n          int64 // bytes delivered
}

func (e *endless) Read(p []byte) (int, error) {
	var k int
	if e.n < int64(len(e.head)) {
		k = copy(p, e.head[e.n:])
	} else {
		k = copy(p, e.body[(e.n-int64(len(e.head)))%int64(len(e.body)):])
	}
	e.n += int64(k)
	return k, nil
}

// TestTokenLimit: a streamed token longer than the limit is refused with an error naming the
// limit, having read little more than the limit (issue 11 item 8).
func TestTokenLimit(t *testing.T) {
	x := strings.Repeat("x", 4096)
	for _, tc := range []struct {
		name, head, body string
		read             func(r *Reader) error
		path             string
	}{
		{"text", "<vms><vm><name>", x, func(r *Reader) error { _, err := r.Text(); return err }, "vms/vm/name"},
		{"decoded text", "<vms><vm><name>", x + "&amp;", func(r *Reader) error { _, err := r.Text(); return err }, "vms/vm/name"},
		{"cdata", "<vms><vm><name>", "<![CDATA[" + x + "]]>", func(r *Reader) error { _, err := r.Text(); return err }, "vms/vm/name"},
		{"attribute", "<vms><vm><name a='", x, func(r *Reader) error { return r.Skip() }, "vms/vm"},
		{"attributes", "<vms><vm><name", " a=''", func(r *Reader) error { return r.Skip() }, "vms/vm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limits := []int{1 << 20}
			if tc.name == "text" {
				limits = append(limits, 0) // the default
			}
			for _, limit := range limits {
				src := &endless{head: tc.head, body: tc.body}
				r := NewReader(src)
				r.SetMaxToken(limit)
				want := limit
				if limit == 0 {
					want = DefaultMaxToken
				}
				_, err := r.Root()
				require.NoError(t, err)
				var gerr error
				for gerr == nil && r.Depth() < 3 {
					_, _, gerr = r.Child()
				}
				if gerr == nil {
					gerr = tc.read(r)
				}
				require.Error(t, gerr)
				assert.True(t, errors.Is(gerr, ErrTokenTooLarge), "%v", gerr)
				assert.Contains(t, gerr.Error(), tc.path+": a single token (text, tag or attribute value) is longer than the limit of "+FormatSize(int64(want)))
				assert.Less(t, src.n, int64(3*want), "bytes read before giving up")
				assert.Less(t, cap(r.buf)+cap(r.scratch), 5*want, "memory held")
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 100: "100 bytes", 1024: "1 KiB", 16 << 20: "16 MiB",
		2 << 30: "2 GiB", 3<<20 + 1: "3145729 bytes", 1536: "1536 bytes"} {
		assert.Equal(t, want, FormatSize(n), n)
	}
}

// A token under the limit passes, and the limit does not apply to white space and comments
// between elements however long.
func TestTokenLimitAllowsShorter(t *testing.T) {
	doc := "<a><t>" + strings.Repeat("y", 1000) + "</t>" + strings.Repeat(" ", 5000) +
		"<!--" + strings.Repeat("c", 5000) + "-->" + strings.Repeat("z", 5000) + "<b/></a>"
	r := NewReader(iotestHalf(doc))
	r.SetMaxToken(2000)
	_, err := r.Root()
	require.NoError(t, err)
	_, _, err = r.Child()
	require.NoError(t, err)
	txt, err := r.Text()
	require.NoError(t, err)
	assert.Len(t, txt, 1000)
	_, ok, err := r.Child()
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, r.Skip())
	_, ok, err = r.Child()
	require.NoError(t, err)
	assert.False(t, ok)
}

func iotestHalf(s string) io.Reader { return &chunkReader{s: s, n: 100} }
