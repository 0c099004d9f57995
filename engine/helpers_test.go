package engine

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testCA is a CA generated for a test and the server certificate it signed for 127.0.0.1 and
// localhost.
type testCA struct {
	pem    []byte
	file   string
	server tls.Certificate
	cert   *x509.Certificate
	key    *ecdsa.PrivateKey
}

func newTestCA(t testing.TB, name string) *testCA {
	t.Helper()
	return newTestCAFor(t, name, []string{"localhost"}, []net.IP{net.IPv4(127, 0, 0, 1)})
}

// newTestCAFor is newTestCA with a server certificate for the given names and addresses.
func newTestCAFor(t testing.TB, name string, dnsNames []string, ips []net.IP) *testCA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    dnsNames, IPAddresses: ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	c := &testCA{
		pem:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		server: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		cert:   ca, key: caKey,
	}
	c.file = filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(c.file, c.pem, 0o600))
	return c
}

// clientFiles issues a client certificate and writes it and its key as PEM files.
func (c *testCA) clientFiles(t testing.TB) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "ovirtsh client"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &key.PublicKey, c.key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certFile, keyFile
}

const (
	testUser     = "admin@internal"
	testPassword = "p@ss w=rd&Secret1"
)

// fakeEngine is an httptest TLS server answering the SSO endpoints and, under /ovirt-engine/api,
// whatever api does. It counts logins and logouts and rejects unknown tokens with 401.
type fakeEngine struct {
	t   testing.TB
	srv *httptest.Server
	ca  *testCA

	logins, logouts, apiCalls atomic.Int32

	mu        sync.Mutex
	tokens    map[string]bool
	issued    []string // every token issued
	revoked   []string
	ssoReply  func(w http.ResponseWriter, r *http.Request) // replaces the token endpoint
	api       http.HandlerFunc                             // API requests with a valid token
	loginGate chan struct{}                                // when set, logins wait for it
}

func newFakeEngine(t testing.TB) *fakeEngine {
	t.Helper()
	fe := &fakeEngine{t: t, ca: newTestCA(t, "ovirtsh test CA"), tokens: map[string]bool{}}
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write([]byte("<api/>"))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ovirt-engine/sso/oauth/token", fe.serveToken)
	mux.HandleFunc("/ovirt-engine/services/sso-logout", fe.serveLogout)
	mux.HandleFunc("/ovirt-engine/api", fe.serveAPI)
	mux.HandleFunc("/ovirt-engine/api/", fe.serveAPI)
	fe.srv = httptest.NewUnstartedServer(mux)
	fe.srv.TLS = &tls.Config{Certificates: []tls.Certificate{fe.ca.server}}
	fe.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	fe.srv.StartTLS()
	t.Cleanup(fe.srv.Close)
	return fe
}

func (fe *fakeEngine) url() string { return fe.srv.URL + "/ovirt-engine/api" }

func (fe *fakeEngine) serveToken(w http.ResponseWriter, r *http.Request) {
	fe.logins.Add(1)
	fe.mu.Lock()
	reply, gate := fe.ssoReply, fe.loginGate
	fe.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if reply != nil {
		reply(w, r)
		return
	}
	if r.PostFormValue("username") != testUser || r.PostFormValue("password") != testPassword {
		writeJSONReply(w, 400, map[string]string{"error_code": "access_denied", "error": "Cannot authenticate user."})
		return
	}
	tok := fe.issue()
	writeJSONReply(w, 200, map[string]string{"access_token": tok, "token_type": "bearer", "id_token": "idtok-" + tok})
}

func (fe *fakeEngine) issue() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	tok := "tok-" + strings.ToLower(new(big.Int).SetBytes(b[:]).Text(36))
	fe.mu.Lock()
	fe.tokens[tok] = true
	fe.issued = append(fe.issued, tok)
	fe.mu.Unlock()
	return tok
}

// expireAll forgets every token, as an engine does when sessions expire.
func (fe *fakeEngine) expireAll() {
	fe.mu.Lock()
	clear(fe.tokens)
	fe.mu.Unlock()
}

func (fe *fakeEngine) serveLogout(w http.ResponseWriter, r *http.Request) {
	fe.logouts.Add(1)
	tok := r.PostFormValue("token")
	fe.mu.Lock()
	delete(fe.tokens, tok)
	fe.revoked = append(fe.revoked, tok)
	fe.mu.Unlock()
	writeJSONReply(w, 200, map[string]string{})
}

func (fe *fakeEngine) serveAPI(w http.ResponseWriter, r *http.Request) {
	fe.apiCalls.Add(1)
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	fe.mu.Lock()
	ok := fe.tokens[tok]
	api := fe.api
	fe.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("<html><head><title>Error</title></head><body>Unauthorized</body></html>"))
		return
	}
	api(w, r)
}

func writeJSONReply(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// logBuffer collects a debug trace.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// options returns working options for fe with a debug logger writing to the returned buffer.
func (fe *fakeEngine) options() (Options, *logBuffer) {
	lb := &logBuffer{}
	return Options{URL: fe.url(), Username: testUser, Password: testPassword, CAFile: fe.ca.file,
		Logger: lb.logger()}, lb
}

// connect connects to fe with its options, changed by edit, and closes the connection at the end.
func (fe *fakeEngine) connect(t testing.TB, edit func(*Options)) (*Connection, *logBuffer) {
	t.Helper()
	opts, lb := fe.options()
	if edit != nil {
		edit(&opts)
	}
	c, err := Connect(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c, lb
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// cancelOnRead is a response body that calls cancel when it is first read.
type cancelOnRead struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnRead) Read(p []byte) (int, error) {
	b.cancel()
	return b.ReadCloser.Read(p)
}

// connectTimeout connects to fe and then sets Options.Timeout to d: the login runs without it,
// so that a loaded machine cannot make it miss a deadline meant for the call under test.
func (fe *fakeEngine) connectTimeout(t testing.TB, d time.Duration) *Connection {
	t.Helper()
	c, _ := fe.connect(t, nil)
	c.opts.Timeout = d
	return c
}

func requireKind(t testing.TB, err error, kind Kind) *Error {
	t.Helper()
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, kind, e.Kind, "kind of %v", err)
	return e
}
