package sim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// URL paths a real engine serves.
const (
	APIPath    = "/ovirt-engine/api"
	TokenPath  = "/ovirt-engine/sso/oauth/token"
	LogoutPath = "/ovirt-engine/services/sso-logout"
	PKIPath    = "/ovirt-engine/services/pki-resource"
)

// Server is a running (or, from New, in-process) simulator.
type Server struct {
	opts     Options
	clock    Clock
	certs    *certs
	tokens   *tokenStore
	inject   *injector
	log      *slog.Logger
	mux      *http.ServeMux
	api      http.Handler // serves everything under APIPath once authenticated
	store    *store
	hooks    *hooks
	images   *imageStore  // the imageio endpoints' tickets and disk bytes
	kerberos http.Handler // SPNEGO verification of token-http-auth; nil without a keytab
	closed   atomic.Bool

	listener net.Listener
	http     *http.Server
	url      string

	closeOnce sync.Once
	closeErr  error
}

// New builds a simulator without listening: use Handler in-process, or Start for a TLS server.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	s := &Server{
		opts:   opts,
		clock:  opts.Clock,
		tokens: newTokenStore(opts.Clock, opts.TokenLifetime, opts.Users),
		inject: newInjector(opts.Faults, opts.Clock),
		log:    opts.Logger,
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("sim: listen address %q: %w", opts.Addr, err)
	}
	if s.certs, err = newCerts(host, time.Now()); err != nil {
		return nil, err
	}
	s.hooks = newHooks()
	registerBehaviour(s.hooks)
	s.images = s.newImageio()
	if s.store, err = s.openStore(); err != nil {
		return nil, err
	}
	s.api = http.HandlerFunc(s.serveModel)
	s.mux = http.NewServeMux()
	if s.kerberos, err = newKerberos(opts, http.HandlerFunc(s.serveKerberosGrant)); err != nil {
		return nil, err
	}
	s.mux.HandleFunc(TokenPath, s.tokens.serveToken)
	s.mux.HandleFunc(TokenHTTPAuthPath, s.serveTokenHTTPAuth)
	s.mux.HandleFunc(LogoutPath, s.tokens.serveLogout)
	s.mux.HandleFunc(PKIPath, s.servePKI)
	s.mux.HandleFunc(APIPath, s.serveAPI)
	s.mux.HandleFunc(APIPath+"/", s.serveAPI)
	s.mux.HandleFunc(ImagesPath, s.serveImages)
	s.mux.HandleFunc(ProxyImagesPath, s.serveImages)
	for _, p := range []string{EnginePath, EnginePath + "/{$}", ssoLoginPath} {
		s.mux.HandleFunc(p, serveWelcome)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeHTMLError(w, http.StatusNotFound) })
	return s, nil
}

// Start builds a simulator and serves it over TLS on opts.Addr (a random loopback port by
// default). Cancelling ctx closes it, as Close does.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("sim: listen on %s: %w", s.opts.Addr, err)
	}
	s.listener = ln
	s.url = "https://" + ln.Addr().String() + APIPath
	s.http = &http.Server{
		Handler: s.mux,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{s.certs.server},
			NextProtos:   []string{"http/1.1"}, // engines answer HTTP/1.1; it also keeps Hijack-free drops simple
			MinVersion:   tls.VersionTLS12,
		},
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	go func() { _ = s.http.Serve(tls.NewListener(ln, s.http.TLSConfig)) }()
	context.AfterFunc(ctx, func() { _ = s.Close() })
	return s, nil
}

// URL is the API entry point, e.g. https://127.0.0.1:41234/ovirt-engine/api ("" from New).
func (s *Server) URL() string { return s.url }

// CACertPEM is the PEM of the CA that signed the server certificate.
func (s *Server) CACertPEM() []byte { return append([]byte(nil), s.certs.caPEM...) }

// CertPool returns a pool holding the simulator's CA.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(s.certs.caPEM)
	return p
}

// HTTPClient returns a client that trusts the simulator's CA, for raw-HTTP tests.
func (s *Server) HTTPClient() *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.CertPool(), MinVersion: tls.VersionTLS12}}
	return &http.Client{Transport: tr, Timeout: time.Minute}
}

// Handler serves the whole engine (SSO, PKI, API) in-process.
func (s *Server) Handler() http.Handler { return s.mux }

// Clock is the simulator's clock.
func (s *Server) Clock() Clock { return s.clock }

// Credentials returns the first configured user and its password.
func (s *Server) Credentials() (user, password string) {
	u := s.opts.Users[0]
	return u.Name, u.Password
}

// RevokeTokens forgets every issued token, so the next API request of each client gets a 401
// (as after an engine restart).
func (s *Server) RevokeTokens() { s.tokens.revokeAll() }

// Close stops serving. It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.http != nil {
			errs = append(errs, s.http.Close())
		}
		s.closed.Store(true)
		errs = append(errs, s.store.closeJournal())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

func (s *Server) servePKI(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("resource") != "ca-certificate" || (q.Get("format") != "X509-PEM-CA" && q.Get("format") != "X509-PEM") {
		writeHTMLError(w, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/x-x509-ca-cert")
	_, _ = w.Write(s.certs.caPEM)
}

// serveAPI authenticates, applies fault injection and hands the request to the API handler.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "sim request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
	}()
	if _, ok := s.tokens.authenticate(r); !ok {
		rec.Header().Set("WWW-Authenticate", `Bearer realm="RESTAPI"`)
		writeHTMLError(rec, http.StatusUnauthorized)
		return
	}
	if s.inject.active() && s.inject.apply(rec, r) {
		return
	}
	if !s.opts.DisableCompression && acceptsGzip(r) {
		gw := &gzipWriter{ResponseWriter: rec, head: r.Method == http.MethodHead}
		defer gw.close()
		s.api.ServeHTTP(gw, r)
		return
	}
	s.api.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
