package engine

import (
	"context"
	"net/http"
	"sync"
)

// auth holds the SSO token of a connection and makes sure that concurrent callers needing a new
// token cause one login: the first starts it, the others wait for it. gen counts the logins, so
// that a caller whose request was rejected with an old token does not log in again when another
// caller already did.
type auth struct {
	c *Connection

	mu     sync.Mutex
	token  string
	gen    uint64
	flight *loginFlight // the login in progress, if any
	closed bool
}

// loginFlight is a login in progress; done is closed when err is set.
type loginFlight struct {
	done chan struct{}
	err  error
}

// current returns the token, logging in first when there is none.
func (a *auth) current(ctx context.Context) (string, uint64, error) {
	a.mu.Lock()
	if a.token != "" {
		t, g := a.token, a.gen
		a.mu.Unlock()
		return t, g, nil
	}
	return a.waitLocked(ctx)
}

// refresh returns a token newer than the one of generation stale, logging in when nobody has yet.
func (a *auth) refresh(ctx context.Context, stale uint64) (string, uint64, error) {
	a.mu.Lock()
	if a.gen == stale {
		a.token = "" // new calls wait for the login instead of sending the rejected token
	}
	if a.token != "" {
		t, g := a.token, a.gen
		a.mu.Unlock()
		return t, g, nil
	}
	return a.waitLocked(ctx)
}

// waitLocked joins the login in progress or starts one, and waits for it or for ctx. The login
// runs on the connection's own context, so that a caller giving up does not fail the others.
// a.mu is held on entry and released.
func (a *auth) waitLocked(ctx context.Context) (string, uint64, error) {
	if a.closed {
		a.mu.Unlock()
		return "", 0, &Error{Kind: KindOther, Err: ErrClosed}
	}
	f := a.flight
	if f == nil {
		f = &loginFlight{done: make(chan struct{})}
		a.flight = f
		go a.run(f)
	}
	a.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return "", 0, a.c.transportError(ctx, http.MethodPost, a.c.ssoURL, "waiting for the SSO login", ctx.Err())
	}
	a.mu.Lock()
	switch {
	case a.closed: // Close canceled the login or revoked its token
		a.mu.Unlock()
		return "", 0, &Error{Kind: KindOther, Err: ErrClosed}
	case f.err != nil:
		a.mu.Unlock()
		return "", 0, f.err
	case a.token == "": // the new token was rejected meanwhile and another login started
		return a.waitLocked(ctx)
	}
	t, g := a.token, a.gen
	a.mu.Unlock()
	return t, g, nil
}

// run performs the login of f.
func (a *auth) run(f *loginFlight) {
	token, err := a.c.login(a.c.ctx)
	if err != nil && a.c.ctx.Err() != nil {
		// Close canceled the login; a waiter may see this before Close marks a closed.
		err = &Error{Kind: KindOther, Err: ErrClosed}
	}
	a.mu.Lock()
	if err == nil && !a.closed {
		a.token = token
		a.gen++
	}
	f.err = err
	a.flight = nil
	a.mu.Unlock()
	close(f.done)
}

// set installs a token given by the caller.
func (a *auth) set(token string) {
	a.mu.Lock()
	a.token = token
	a.gen++
	a.mu.Unlock()
}

// close forgets the token and returns it; later logins fail with ErrClosed.
func (a *auth) close() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.token
	a.token, a.closed = "", true
	return t
}

// canLogin reports whether the connection can get a new token by itself.
func (c *Connection) canLogin() bool {
	return c.opts.Kerberos || c.opts.Username != "" && c.opts.Password != ""
}
