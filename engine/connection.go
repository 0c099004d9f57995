package engine

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
)

// Connection is a session with an engine's API. Create it with Connect and end it with Close.
// It is safe for concurrent use. Printing it (fmt, slog) shows only the URL and the user.
type Connection struct {
	opts      Options
	log       *slog.Logger
	api       *url.URL // the API URL without a trailing slash
	apiURL    string   // api as a string
	ssoURL    string
	revokeURL string
	client    *http.Client
	transport *http.Transport
	header    http.Header // sent with every API request: protocol and connection-wide headers
	auth      auth

	// ctx is done when the connection is closed; logins run on it.
	ctx    context.Context
	cancel context.CancelFunc

	closeMu sync.Mutex
	closed  atomic.Bool
}

// Connect checks the options, prepares the HTTP client and logs in through the SSO (unless
// Options.Token is given). Errors are *Error: invalid options (KindOther), an unreachable engine
// (KindConnection, KindTimeout) or rejected credentials (KindAuth).
func Connect(ctx context.Context, opts Options) (*Connection, error) {
	api, err := opts.validate()
	if err != nil {
		return nil, err
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	tlsCfg, err := tlsConfig(&opts)
	if err != nil {
		return nil, err
	}
	opts.Headers = cloneMap(opts.Headers)
	c := &Connection{opts: opts, log: logger, api: api, apiURL: api.String()}
	c.auth.c = c
	c.ssoURL, c.revokeURL = ssoURLs(api, opts.Kerberos)
	c.client, c.transport = newClient(&c.opts, tlsCfg)
	c.header = http.Header{
		"Version":    {"4"},
		"Accept":     {"application/xml"},
		"User-Agent": {userAgent},
	}
	for name, value := range opts.Headers {
		c.header.Set(name, value)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	if opts.Insecure {
		logger.WarnContext(ctx, "the engine's TLS certificate is not verified (Insecure option); "+
			"anyone on the network path can read the credentials", "url", c.apiURL)
	} else if api.Scheme == "http" {
		logger.WarnContext(ctx, "the connection is not encrypted (http:// URL); "+
			"anyone on the network path can read the credentials", "url", c.apiURL)
	}
	if opts.Token != "" {
		c.auth.set(opts.Token)
		return c, nil
	}
	if _, _, err := c.auth.current(ctx); err != nil {
		c.cancel()
		c.transport.CloseIdleConnections()
		return nil, err
	}
	return c, nil
}

// Authenticate returns the connection's SSO token, logging in first if it has none. With
// Options.KeepToken, the token stays valid after Close and can be given to a later Connect.
func (c *Connection) Authenticate(ctx context.Context) (string, error) {
	if c.closed.Load() {
		return "", &Error{Kind: KindOther, Err: ErrClosed}
	}
	t, _, err := c.auth.current(ctx)
	return t, err
}

// Close revokes the SSO token (unless Options.KeepToken) and releases the idle connections.
// Later calls fail with an error wrapping ErrClosed. Close is idempotent: later Closes do nothing
// and return nil. The connection is closed even when the revoke fails; that error is returned.
func (c *Connection) Close(ctx context.Context) error {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closed.Swap(true) {
		return nil
	}
	c.cancel() // stops a login in progress
	token := c.auth.close()
	var err error
	if token != "" && !c.opts.KeepToken {
		err = c.logout(ctx, token)
	}
	c.transport.CloseIdleConnections()
	return err
}

// checkOpen fails when the connection is closed.
func (c *Connection) checkOpen() *Error {
	if c.closed.Load() {
		return &Error{Kind: KindOther, Err: ErrClosed}
	}
	return nil
}

// URL returns the API URL the connection talks to (without a trailing slash).
func (c *Connection) URL() string { return c.apiURL }

// String returns "engine.Connection{URL: "...", Username: "..."}".
func (c *Connection) String() string {
	if c == nil {
		return "engine.Connection(nil)"
	}
	s := fmt.Sprintf("engine.Connection{URL: %q", c.apiURL)
	if c.opts.Username != "" {
		s += fmt.Sprintf(", Username: %q", c.opts.Username)
	}
	if c.closed.Load() {
		s += ", closed"
	}
	return s + "}"
}

// GoString is String, so that %#v does not print secrets.
func (c *Connection) GoString() string { return c.String() }

// Format prints String for every verb, so that no verb prints secrets.
func (c *Connection) Format(s fmt.State, verb rune) { _, _ = fmt.Fprint(s, c.String()) }

// LogValue is a group of the URL and the user.
func (c *Connection) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue("nil")
	}
	return slog.GroupValue(slog.String("url", c.apiURL), slog.String("username", c.opts.Username))
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
