package engine

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flaky makes fe fail the first n API requests with fail, then answer <vm><name>ok</name></vm>.
func (fe *fakeEngine) flaky(n int32, fail func(w http.ResponseWriter)) *atomic.Int32 {
	var calls atomic.Int32
	fe.mu.Lock()
	defer fe.mu.Unlock()
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if calls.Add(1) <= n {
			fail(w)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, "<vm><name>ok</name></vm>")
	}
	return &calls
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

// reset closes the connection without answering (the nil marks it in the table).
var reset func(w http.ResponseWriter)

func resetConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func TestRetries(t *testing.T) {
	fast := RetryPolicy{MaxAttempts: 3, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	for _, tc := range []struct {
		name    string
		policy  RetryPolicy
		method  string
		fails   int32
		fail    func(w http.ResponseWriter)
		calls   int32
		success bool
		kind    Kind
	}{
		{"503 then ok", fast, "GET", 2, status(503), 3, true, 0},
		{"502 and 504", fast, "GET", 2, status(502), 3, true, 0},
		{"reset then ok", fast, "GET", 1, reset, 2, true, 0},
		{"bounded", fast, "GET", 5, status(503), 3, false, KindOther},
		{"bounded resets", fast, "GET", 5, reset, 3, false, KindConnection},
		{"off by default", RetryPolicy{}, "GET", 1, status(503), 1, false, KindOther},
		{"500 not retried", fast, "GET", 1, status(500), 1, false, KindOther},
		{"never POST", fast, "POST", 1, status(503), 1, false, KindOther},
		{"PUT not by default", fast, "PUT", 1, status(503), 1, false, KindOther},
		{"PUT when asked", RetryPolicy{MaxAttempts: 2, Backoff: time.Millisecond, Methods: []string{"GET", "PUT"}},
			"PUT", 1, status(503), 2, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := newFakeEngine(t)
			fail := tc.fail
			if fail == nil {
				fail = resetConn
			}
			calls := fe.flaky(tc.fails, fail)
			c, _ := fe.connect(t, func(o *Options) { o.Retry = tc.policy })
			var name string
			req := &request{Method: tc.method, Path: "vms/1"}
			if tc.method != "GET" {
				req.Body = func(w *xmlstream.Writer) { w.Element("vm", "") }
			}
			err := c.do(context.Background(), req, readName(&name))
			if tc.fail == nil { // a reset: net/http itself may resend once on a reused connection
				assert.InDelta(t, tc.calls, calls.Load(), 1)
			} else {
				assert.Equal(t, tc.calls, calls.Load())
			}
			if tc.success {
				require.NoError(t, err)
				assert.Equal(t, "ok", name)
				return
			}
			requireKind(t, err, tc.kind)
		})
	}
}

func TestRetryWaitsForContext(t *testing.T) {
	fe := newFakeEngine(t)
	fe.flaky(10, status(503))
	c, _ := fe.connect(t, func(o *Options) {
		o.Retry = RetryPolicy{MaxAttempts: 5, Backoff: time.Hour, MaxBackoff: time.Hour}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.Test(ctx)
	requireKind(t, err, KindTimeout)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, Backoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond,
		3: 400 * time.Millisecond, 5: time.Second, 9: time.Second} {
		d := p.backoff(n, nil)
		assert.GreaterOrEqual(t, d, want/2, n)
		assert.LessOrEqual(t, d, want, n)
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"0"}}}
	assert.Zero(t, p.backoff(3, resp))
	resp.Header.Set("Retry-After", "3600")
	assert.LessOrEqual(t, p.backoff(1, resp), 100*time.Millisecond, "a Retry-After beyond the cap is ignored")
}

func TestReloginResendsBody(t *testing.T) {
	fe := newFakeEngine(t)
	var (
		mu     sync.Mutex
		bodies []string
	)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, "<vm><name>made</name></vm>")
	}
	c, _ := fe.connect(t, nil)
	fe.expireAll()
	var name string
	err := c.do(context.Background(), &request{Method: http.MethodPost, Path: "vms",
		Body: func(w *xmlstream.Writer) { w.Begin("vm"); w.Element("name", "made"); w.End() }}, readName(&name))
	require.NoError(t, err)
	assert.Equal(t, "made", name)
	assert.Equal(t, []string{"<vm><name>made</name></vm>"}, bodies, "the rejected attempt never reached the handler")
	assert.EqualValues(t, 2, fe.apiCalls.Load())
	assert.EqualValues(t, 2, fe.logins.Load())
}

// connectProxy is an HTTP CONNECT proxy counting the tunnels it opened.
func connectProxy(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var tunnels atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		upstream, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		tunnels.Add(1)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			_ = upstream.Close()
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
		go pipe(upstream, buf.Reader)
		go pipe(conn, upstream)
	}))
	t.Cleanup(srv.Close)
	return srv, &tunnels
}

func pipe(dst io.WriteCloser, src io.Reader) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
}

func TestProxy(t *testing.T) {
	fe := newFakeEngine(t)
	proxy, tunnels := connectProxy(t)
	c, _ := fe.connect(t, func(o *Options) { o.ProxyURL = proxy.URL })
	require.NoError(t, c.Test(context.Background()))
	require.NoError(t, c.Test(context.Background()))
	assert.EqualValues(t, 1, tunnels.Load(), "SSO and API requests share one kept-alive tunnel")

	refused := "http://" + closedPort(t)
	c2, err := Connect(context.Background(), Options{URL: fe.url(), Token: "t", ProxyURL: refused, KeepToken: true})
	require.NoError(t, err)
	e := requireKind(t, c2.Test(context.Background()), KindConnection)
	assert.Contains(t, e.Msg, "the proxy refused the connection")
}
