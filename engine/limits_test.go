package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipMember compresses s as one gzip member; members concatenated are one gzip stream.
func gzipMember(t testing.TB, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// bomb is a gzip body of about 1 MiB that expands to head followed by 1 GiB of fill.
func bomb(t testing.TB, head, fill string) []byte {
	chunk := gzipMember(t, strings.Repeat(fill, (1<<20)/len(fill)))
	body := gzipMember(t, head)
	for range 1024 {
		body = append(body, chunk...)
	}
	return body
}

// serveBytes makes fe answer every API request with body, gzip-encoded when gz.
func (fe *fakeEngine) serveBytes(body []byte, gz bool) {
	fe.mu.Lock()
	defer fe.mu.Unlock()
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		if gz {
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}
}

// TestResponseLimits: a gzip bomb and a huge text node are refused after reading little more than
// the limit, with an error naming it (issue 11 item 8: a 1 MiB gzip body expanding to a 1 GiB
// element was accepted, 2.9 GiB of heap).
func TestResponseLimits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		body   func(t testing.TB) []byte
		gz     bool
		limits Limits
		want   string
	}{
		{"gzip bomb in one text", func(t testing.TB) []byte { return bomb(t, "<vms><vm><name>", "x") }, true, Limits{},
			"a single token (text, tag or attribute value) is longer than the limit of 16 MiB (Options.Limits.MaxToken)"},
		{"gzip bomb in one attribute", func(t testing.TB) []byte { return bomb(t, "<vms><vm id='", "x") }, true,
			Limits{MaxToken: 1 << 20}, "is longer than the limit of 1 MiB (Options.Limits.MaxToken)"},
		{"gzip bomb of white space", func(t testing.TB) []byte { return bomb(t, "<vms>", " ") }, true,
			Limits{MaxBody: 8 << 20}, "the response body is larger than the limit of 8 MiB (Options.Limits.MaxBody)"},
		{"gzip bomb of elements", func(t testing.TB) []byte { return bomb(t, "<vms>", "<x/>") }, true,
			Limits{MaxBody: 1 << 20}, "the response body is larger than the limit of 1 MiB (Options.Limits.MaxBody)"},
		{"plain body over the limit", func(t testing.TB) []byte {
			return []byte("<vms>" + strings.Repeat(" ", 1<<20) + "</vms>")
		}, false, Limits{MaxBody: 1 << 20}, "the response body is larger than the limit of 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := newFakeEngine(t)
			fe.serveBytes(tc.body(t), tc.gz)
			c, _ := fe.connect(t, func(o *Options) { o.Limits = tc.limits })
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := c.SystemService().VmsService().List(context.Background(), nil)
			runtime.ReadMemStats(&after)
			e := requireKind(t, err, KindOther)
			assert.Contains(t, e.Error(), tc.want)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(128<<20), "bytes allocated")
		})
	}
}

// TestResponseLimitsPass: a body of exactly the limit, and a token of exactly the limit, pass.
func TestResponseLimitsPass(t *testing.T) {
	doc := "<vms><vm><name>" + strings.Repeat("n", 100<<10) + "</name></vm></vms>"
	for _, gz := range []bool{false, true} {
		fe := newFakeEngine(t)
		body := []byte(doc)
		if gz {
			body = gzipMember(t, doc)
		}
		fe.serveBytes(body, gz)
		c, _ := fe.connect(t, func(o *Options) { o.Limits = Limits{MaxBody: int64(len(doc)), MaxToken: 100 << 10} })
		vms, err := c.SystemService().VmsService().List(context.Background(), nil)
		require.NoError(t, err, "gzip %v", gz)
		require.Len(t, vms, 1)
		assert.Len(t, vms[0].GetName(), 100<<10)
	}
	assert.Equal(t, xmlstream.DefaultMaxToken, DefaultMaxToken)
}
