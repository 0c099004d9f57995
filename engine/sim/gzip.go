package sim

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// acceptsGzip reports whether the request allows a gzip-encoded answer.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// gzipMinSize is the smallest body worth compressing: below it gzip's header and the work on
// both ends cost more than the bytes saved (faults, small entities, actions).
const gzipMinSize = 1024

// gzipWriter compresses the body of an answer, as the httpd in front of an engine does. It
// holds the first gzipMinSize bytes to decide: a smaller body goes uncompressed with its
// Content-Length; empty answers (remove, HEAD) and answers that set Content-Length pass through.
type gzipWriter struct {
	http.ResponseWriter
	head        bool
	status      int // 0 until WriteHeader
	passThrough bool
	buf         []byte // the body while it is shorter than gzipMinSize
	gz          *gzip.Writer
}

func (g *gzipWriter) WriteHeader(code int) {
	if g.status != 0 {
		return
	}
	g.status = code
	if g.head || code == http.StatusNoContent || code == http.StatusNotModified || g.Header().Get("Content-Length") != "" {
		g.passThrough = true
		g.ResponseWriter.WriteHeader(code)
	}
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.status == 0 {
		g.WriteHeader(http.StatusOK)
	}
	switch {
	case g.passThrough:
		return g.ResponseWriter.Write(b)
	case g.gz != nil:
		return g.gz.Write(b)
	case len(g.buf)+len(b) < gzipMinSize:
		g.buf = append(g.buf, b...)
		return len(b), nil
	}
	h := g.Header()
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	g.ResponseWriter.WriteHeader(g.status)
	g.gz = gzipPool.Get().(*gzip.Writer)
	g.gz.Reset(g.ResponseWriter)
	if _, err := g.gz.Write(g.buf); err != nil {
		return 0, err
	}
	g.buf = nil
	return g.gz.Write(b)
}

// close finishes the answer: the compressed stream, or the small body held back.
func (g *gzipWriter) close() {
	switch {
	case g.gz != nil:
		_ = g.gz.Close()
		gzipPool.Put(g.gz)
		g.gz = nil
	case !g.passThrough:
		if g.status == 0 {
			g.status = http.StatusOK
		}
		h := g.Header()
		h.Set("Content-Length", strconv.Itoa(len(g.buf)))
		h.Add("Vary", "Accept-Encoding")
		g.ResponseWriter.WriteHeader(g.status)
		_, _ = g.ResponseWriter.Write(g.buf)
		g.passThrough = true
	}
}
