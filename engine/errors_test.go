package engine

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorMessage(t *testing.T) {
	cause := errors.New("boom")
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{Method: "GET", URL: "https://e/ovirt-engine/api/vms/junk", Code: 404, Status: "Not Found",
			Reason: "Operation Failed", Detail: "Entity not found: junk"},
			`GET https://e/ovirt-engine/api/vms/junk: Fault reason is "Operation Failed". Fault detail is "Entity not found: junk". HTTP response code is 404 (Not Found).`},
		{Error{Code: 404}, `HTTP response code is 404.`},
		{Error{Method: "DELETE", URL: "u", Code: 409, Status: "Conflict", Reason: "Operation Failed",
			Detail: "[Cannot remove VM: VM is running.]"},
			`DELETE u: Fault reason is "Operation Failed". Fault detail is "[Cannot remove VM: VM is running.]". HTTP response code is 409 (Conflict).`},
		{Error{Method: "GET", URL: "u", Msg: "the connection was refused", Err: cause}, `GET u: the connection was refused: boom`},
		{Error{Msg: "bad option"}, `bad option`},
		{Error{Err: cause}, `boom`},
		{Error{Method: "POST", URL: "u", Msg: "SSO authentication failed", Reason: "access_denied", Detail: "no", Code: 400, Status: "Bad Request"},
			`POST u: SSO authentication failed. Fault reason is "access_denied". Fault detail is "no". HTTP response code is 400 (Bad Request).`},
	} {
		assert.Equal(t, tc.want, tc.e.Error())
	}
	e := &Error{Err: cause}
	assert.ErrorIs(t, e, cause)
	assert.Equal(t, "not found", KindNotFound.String())
	assert.Equal(t, "conflict", KindConflict.String())
	assert.Equal(t, "invalid", KindInvalid.String())
	assert.Equal(t, "kind(9)", Kind(9).String())
}

// closedPort returns an address on which nothing listens.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestConnectionRefused(t *testing.T) {
	addr := closedPort(t)
	t.Run("login", func(t *testing.T) {
		_, err := Connect(context.Background(), Options{URL: "https://" + addr + "/ovirt-engine/api",
			Username: "u", Password: "p"})
		e := requireKind(t, err, KindConnection)
		assert.Equal(t, "POST https://"+addr+"/ovirt-engine/sso/oauth/token: the connection was refused: dial tcp "+
			addr+": connect: connection refused", e.Error())
		assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	})
	t.Run("api", func(t *testing.T) {
		c, err := Connect(context.Background(), Options{URL: "https://" + addr + "/ovirt-engine/api", Token: "t", KeepToken: true})
		require.NoError(t, err)
		_, err = rawGet(c, "vms")
		e := requireKind(t, err, KindConnection)
		assert.Equal(t, "GET", e.Method)
		assert.Equal(t, "https://"+addr+"/ovirt-engine/api/vms", e.URL)
		assert.Contains(t, e.Msg, "refused")
	})
}

func TestUnknownHost(t *testing.T) {
	_, err := Connect(context.Background(), Options{URL: "https://no-such-host.invalid/ovirt-engine/api",
		Username: "u", Password: "p", ConnectTimeout: 5 * time.Second})
	e := requireKind(t, err, KindConnection)
	assert.Contains(t, e.Msg, `cannot resolve host "no-such-host.invalid"`)
	var dnsErr *net.DNSError
	assert.ErrorAs(t, err, &dnsErr)
}

func TestTLSVerification(t *testing.T) {
	fe := newFakeEngine(t)
	other := newTestCA(t, "some other CA")
	t.Run("unknown CA", func(t *testing.T) {
		_, err := Connect(context.Background(), Options{URL: fe.url(), Username: testUser, Password: testPassword,
			CAFile: other.file})
		e := requireKind(t, err, KindConnection)
		assert.Contains(t, e.Msg, `TLS certificate verification against the CA file "`+other.file+`" failed: `+
			`the server certificate is signed by an unknown authority`)
		assert.Contains(t, e.Msg, "ovirtsh test CA")
		assert.Zero(t, fe.logins.Load())
	})
	t.Run("system CAs", func(t *testing.T) {
		_, err := Connect(context.Background(), Options{URL: fe.url(), Username: testUser, Password: testPassword})
		e := requireKind(t, err, KindConnection)
		assert.Contains(t, e.Msg, "against the system's trusted CAs failed")
	})
	t.Run("wrong host", func(t *testing.T) {
		ca := newTestCAFor(t, "name CA", []string{"engine.example.com"}, nil)
		srv := httptest.NewUnstartedServer(http.NotFoundHandler())
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.server}}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		defer srv.Close()
		_, err := Connect(context.Background(), Options{URL: srv.URL + "/ovirt-engine/api", Username: "u", Password: "p",
			CAFile: ca.file})
		e := requireKind(t, err, KindConnection)
		assert.Contains(t, e.Msg, "the server certificate is not valid for host 127.0.0.1")
	})
	t.Run("several CAs in one file", func(t *testing.T) {
		c, err := Connect(context.Background(), Options{URL: fe.url(), Username: testUser, Password: testPassword,
			CACerts: append(append([]byte{}, other.pem...), fe.ca.pem...)})
		require.NoError(t, err)
		require.NoError(t, c.Close(context.Background()))
	})
	t.Run("insecure", func(t *testing.T) {
		opts, lb := fe.options()
		opts.CAFile, opts.Insecure = "", true
		c, err := Connect(context.Background(), opts)
		require.NoError(t, err)
		require.NoError(t, c.Close(context.Background()))
		assert.Contains(t, lb.String(), "level=WARN")
		assert.Contains(t, lb.String(), "not verified (Insecure option)")
	})
	t.Run("plain http server", func(t *testing.T) {
		plain := httptest.NewServer(http.NotFoundHandler())
		defer plain.Close()
		_, err := Connect(context.Background(), Options{URL: "https" + plain.URL[4:] + "/ovirt-engine/api",
			Username: "u", Password: "p"})
		e := requireKind(t, err, KindConnection)
		assert.Contains(t, e.Msg, "did not answer with TLS")
	})
}

func TestTimeouts(t *testing.T) {
	fe := newFakeEngine(t)
	release := make(chan struct{})
	defer close(release)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	t.Run("option", func(t *testing.T) {
		c := fe.connectTimeout(t, 100*time.Millisecond)
		start := time.Now()
		_, err := rawGetCtx(context.Background(), c, "vms")
		e := requireKind(t, err, KindTimeout)
		assert.Less(t, time.Since(start), 2*time.Second)
		assert.Contains(t, e.Msg, "the request timed out after 100ms")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotContains(t, err.Error(), "\n", "one error, one line")
		assert.True(t, strings.HasSuffix(err.Error(), "the request timed out after 100ms: context deadline exceeded"), err.Error())
	})
	t.Run("context deadline", func(t *testing.T) {
		c, _ := fe.connect(t, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := rawGetCtx(ctx, c, "vms")
		e := requireKind(t, err, KindTimeout)
		assert.Contains(t, e.Msg, "deadline")
	})
	t.Run("cancel", func(t *testing.T) {
		c, _ := fe.connect(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err := rawGetCtx(ctx, c, "vms")
		e := requireKind(t, err, KindOther)
		assert.Less(t, time.Since(start), 2*time.Second)
		assert.Contains(t, e.Msg, "canceled")
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// rawGetCtx is rawGet with a context bounded by Options.Timeout, as calls are.
func rawGetCtx(ctx context.Context, c *Connection, path string) (int, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	cl, err := c.newCall(http.MethodGet, path, nil, nil, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.exchange(ctx, cl)
	if err != nil {
		return 0, err
	}
	discard(resp)
	return resp.StatusCode, nil
}

func TestClientCertificate(t *testing.T) {
	fe := newFakeEngine(t)
	pool := x509.NewCertPool()
	pool.AddCert(fe.ca.cert)
	fe.srv.TLS.ClientCAs = pool
	fe.srv.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	certFile, keyFile := fe.ca.clientFiles(t)

	c, _ := fe.connect(t, func(o *Options) { o.ClientCertFile, o.ClientKeyFile = certFile, keyFile })
	require.NoError(t, c.Test(context.Background()))

	opts, _ := fe.options()
	_, err := Connect(context.Background(), opts)
	e := requireKind(t, err, KindConnection)
	assert.Equal(t, "the server refused the TLS handshake (tls: certificate required): "+
		"check the client certificate options (ClientCertFile, ClientKeyFile)", e.Msg)
}

func TestConnectTimeout(t *testing.T) {
	// A listener that never accepts: the TCP handshake completes (backlog), the TLS one never.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	start := time.Now()
	_, err = Connect(context.Background(), Options{URL: "https://" + l.Addr().String() + "/ovirt-engine/api",
		Username: "u", Password: "p", ConnectTimeout: 200 * time.Millisecond})
	e := requireKind(t, err, KindTimeout)
	assert.Less(t, time.Since(start), 3*time.Second)
	assert.Contains(t, e.Msg, "the TLS handshake timed out after 200ms")
}

func TestMaxConnsPerHost(t *testing.T) {
	fe := newFakeEngine(t)
	var (
		mu                   sync.Mutex
		active, top, arrived int
	)
	paired := sync.NewCond(&mu)
	// Requests are answered in pairs: each waits for a partner, so two are always in flight at
	// once (one connection would never get its partner; more would raise top).
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		active++
		top = max(top, active)
		arrived++
		paired.Broadcast()
		for n := arrived; n%2 == 1 && arrived == n; { // the first of a pair waits for the second
			paired.Wait()
		}
		active--
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, "<api/>")
	}
	c, _ := fe.connect(t, func(o *Options) { o.MaxConnsPerHost = 2 })
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { assert.NoError(t, c.Test(context.Background())) })
	}
	wg.Wait()
	assert.Equal(t, 2, top)
}
