package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// userAgent is the User-Agent of every request.
const userAgent = "ovirtsh/" + Version

// newClient builds the HTTP client of a connection: one keep-alive pool, bounded per host, with
// the TLS settings, proxy and connect timeout of the options. Redirects are not followed: an
// API that redirects is answered as an error naming the new location.
func newClient(o *Options, tlsCfg *tls.Config) (*http.Client, *http.Transport) {
	proxy := http.ProxyFromEnvironment
	if o.ProxyURL != "" {
		p, _ := url.Parse(o.ProxyURL) // checked by validate
		proxy = http.ProxyURL(p)
	}
	connect := connectTimeout(o)
	conns := o.MaxConnsPerHost
	if conns <= 0 {
		conns = defaultMaxConnsPerHost
	}
	dialer := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tlsCfg,
		TLSHandshakeTimeout:   connect,
		MaxConnsPerHost:       conns,
		MaxIdleConns:          conns,
		MaxIdleConnsPerHost:   conns,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Compressed answers are asked for and decompressed in attempt, with pooled readers.
		DisableCompression: true,
	}
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return client, tr
}

// connectTimeout is the bound on establishing a connection.
func connectTimeout(o *Options) time.Duration {
	if o.ConnectTimeout <= 0 {
		return defaultConnectTimeout
	}
	return o.ConnectTimeout
}

func (c *Connection) connectTimeout() time.Duration { return connectTimeout(&c.opts) }

// call is one logical request: it may be sent more than once (a new login, retries), so its body
// is held as bytes.
type call struct {
	method string
	url    string
	logURL string // url with secrets redacted
	header http.Header
	body   []byte // nil: no body
	form   bool   // body is form-encoded (SSO), else XML
	api    bool   // an API request: carries the token and logs in again on 401
	// encoding: gzip was decided on; gzip: it is asked for, and decompressed by attempt
	encoding, gzip bool
}

// exchange sends cl and returns the response with its headers read: after a 401 on an API request
// it logs in again and resends once; with a RetryPolicy it resends idempotent requests that failed
// on the way. A failure to get any answer is an *Error.
func (c *Connection) exchange(ctx context.Context, cl *call) (*http.Response, error) {
	policy := &c.opts.Retry
	retry := policy.retries(cl.method)
	relogged := false
	for attempt := 1; ; attempt++ {
		var gen uint64
		if cl.api {
			token, g, err := c.auth.current(ctx)
			if err != nil {
				return nil, err
			}
			gen = g
			cl.header["Authorization"] = []string{"Bearer " + token}
		}
		resp, err := c.attempt(ctx, cl)
		if err == nil && ctx.Err() != nil {
			// net/http may hand over an answer that raced with the cancellation; the call has
			// run out of time or been canceled all the same.
			discard(resp)
			resp, err = nil, ctx.Err()
		}
		if err != nil {
			if retry && attempt < policy.MaxAttempts && ctx.Err() == nil && retryableTransport(err) {
				d := policy.backoff(attempt, nil)
				c.debug(ctx, "retrying", "method", cl.method, "url", cl.logURL, "attempt", attempt+1,
					"after", d, "error", err.Error())
				if sleep(ctx, d) == nil {
					continue
				}
				err = ctx.Err()
			}
			return nil, c.transportError(ctx, cl.method, cl.logURL, "", err)
		}
		if resp.StatusCode == http.StatusUnauthorized && cl.api && !relogged && c.canLogin() {
			discard(resp)
			relogged = true
			c.debug(ctx, "the engine rejected the token; logging in again", "method", cl.method, "url", cl.logURL)
			if _, _, err := c.auth.refresh(ctx, gen); err != nil {
				return nil, err
			}
			attempt-- // a new login is not a retry
			continue
		}
		if retry && retryStatus(resp.StatusCode) && attempt < policy.MaxAttempts {
			d := policy.backoff(attempt, resp)
			discard(resp)
			c.debug(ctx, "retrying", "method", cl.method, "url", cl.logURL, "attempt", attempt+1,
				"after", d, "status", resp.StatusCode)
			if err := sleep(ctx, d); err != nil {
				return nil, c.transportError(ctx, cl.method, cl.logURL, "", err)
			}
			continue
		}
		return resp, nil
	}
}

// attempt sends cl once, tracing the request and the response headers.
func (c *Connection) attempt(ctx context.Context, cl *call) (*http.Response, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url, body)
	if err != nil {
		return nil, err
	}
	req.Header = cl.header
	if !cl.encoding {
		// Ask for gzip unless the caller chose an encoding (then the body is theirs to decode).
		cl.encoding = true
		cl.gzip = !c.opts.DisableCompression && cl.method != http.MethodHead && cl.header.Get("Accept-Encoding") == ""
		if cl.gzip {
			cl.header["Accept-Encoding"] = []string{"gzip"}
		}
	}
	gz := cl.gzip
	tracing := c.log.Enabled(ctx, slog.LevelDebug)
	var start time.Time
	if tracing {
		start = time.Now()
		attrs := []any{"method", cl.method, "url", cl.logURL, "headers", redactHeaders(req.Header)}
		if cl.body != nil {
			if cl.form {
				attrs = append(attrs, "body", redactQuery(string(cl.body)))
			} else {
				attrs = append(attrs, "body", redactXML(capBytes(cl.body)))
			}
		}
		c.log.DebugContext(ctx, "http request", attrs...)
	}
	resp, err := c.client.Do(req)
	if err == nil {
		if gz && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
			resp.Body = &gzipBody{body: resp.Body}
			resp.Header.Del("Content-Encoding")
			resp.Header.Del("Content-Length")
			resp.ContentLength = -1
			resp.Uncompressed = true
		}
		limit := c.opts.Limits.maxBody()
		resp.Body = &limitedBody{ReadCloser: resp.Body, left: limit, limit: limit}
	}
	if tracing {
		if err != nil {
			c.log.DebugContext(ctx, "http request failed", "method", cl.method, "url", cl.logURL,
				"elapsed", time.Since(start), "error", c.transportError(ctx, cl.method, cl.logURL, "", err).Msg)
		} else {
			c.log.DebugContext(ctx, "http response", "method", cl.method, "url", cl.logURL,
				"status", resp.Status, "elapsed", time.Since(start), "headers", redactHeaders(resp.Header))
		}
	}
	return resp, err
}

// traceLimit caps the bytes of a body shown in the debug trace.
const traceLimit = 16 << 10

func capBytes(b []byte) []byte {
	if len(b) > traceLimit {
		return b[:traceLimit]
	}
	return b
}

// discard drains a little of an unwanted body, so that its connection can be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// debug logs at Debug level when it is enabled.
func (c *Connection) debug(ctx context.Context, msg string, args ...any) {
	if c.log.Enabled(ctx, slog.LevelDebug) {
		c.log.DebugContext(ctx, msg, args...)
	}
}

// gzipReaders pools the decompressors of gzip-encoded answers (*gzipReader, about 45 KiB each).
var gzipReaders sync.Pool

// gzipReader is a decompressor with the buffered reader it reads the body through: given a
// source without ReadByte, gzip.Reader.Reset would make a new 4 KiB bufio.Reader each time.
type gzipReader struct {
	br *bufio.Reader
	zr *gzip.Reader
}

// gzipBody decompresses a gzip-encoded body with a pooled reader, taken at the first Read and
// given back on Close.
type gzipBody struct {
	body io.ReadCloser
	gr   *gzipReader
	err  error
}

var errBodyClosed = errors.New("read of a closed response body")

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.gr == nil {
		if g.err != nil {
			return 0, g.err
		}
		gr, _ := gzipReaders.Get().(*gzipReader)
		if gr == nil {
			gr = &gzipReader{br: bufio.NewReader(g.body)}
		} else {
			gr.br.Reset(g.body)
		}
		var err error
		if gr.zr == nil {
			gr.zr, err = gzip.NewReader(gr.br)
		} else {
			err = gr.zr.Reset(gr.br)
		}
		if err != nil {
			putGzipReader(gr)
			g.err = err
			return 0, err
		}
		g.gr = gr
	}
	return g.gr.zr.Read(p)
}

// putGzipReader returns gr to the pool, holding on to no body.
func putGzipReader(gr *gzipReader) {
	gr.br.Reset(nil)
	gzipReaders.Put(gr)
}

func (g *gzipBody) Close() error {
	if g.gr != nil {
		putGzipReader(g.gr)
		g.gr = nil
	}
	g.err = errBodyClosed
	return g.body.Close()
}
