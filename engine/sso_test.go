package engine

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet sends an API GET through the connection's exchange and returns the status.
func rawGet(c *Connection, path string) (int, error) {
	cl, err := c.newCall(http.MethodGet, path, nil, nil, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.exchange(context.Background(), cl)
	if err != nil {
		return 0, err
	}
	discard(resp)
	return resp.StatusCode, nil
}

func TestLoginSendsPasswordGrant(t *testing.T) {
	fe := newFakeEngine(t)
	var (
		mu   sync.Mutex
		form url.Values
		hdr  http.Header
	)
	fe.ssoReply = func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		mu.Lock()
		form, hdr = r.PostForm, r.Header.Clone()
		mu.Unlock()
		writeJSONReply(w, 200, map[string]string{"access_token": fe.issue()})
	}
	c, _ := fe.connect(t, nil)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"},
		"username": {testUser}, "password": {testPassword}}, form)
	assert.Equal(t, "application/json", hdr.Get("Accept"))
	assert.Equal(t, "application/x-www-form-urlencoded", hdr.Get("Content-Type"))
	assert.Equal(t, "ovirtsh/"+Version, hdr.Get("User-Agent"))
	assert.Empty(t, hdr.Get("Authorization"))
	assert.Empty(t, hdr.Get("Version"))
	assert.EqualValues(t, 1, fe.logins.Load())

	code, err := rawGet(c, "")
	require.NoError(t, err)
	assert.Equal(t, 200, code)
	assert.EqualValues(t, 1, fe.logins.Load(), "the token is reused")
}

func TestLoginReplies(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tokenName string
		ct        string
		status    int
		body      string
		kind      Kind // 255: success
		want      string
	}{
		{name: "object", body: `{"access_token":"T1","token_type":"bearer"}`, kind: 255},
		{name: "array", body: `[{"access_token":"T1"},{"access_token":"T2"}]`, kind: 255},
		{name: "token name", tokenName: "token", body: `{"token":"T1"}`, kind: 255},
		{name: "text/json", ct: "text/json; charset=utf-8", body: `{"access_token":"T1"}`, kind: 255},
		{name: "openid error", status: 400, body: `{"error":"invalid_grant","error_description":"Bad password."}`,
			kind: KindAuth, want: `SSO authentication failed. Fault reason is "invalid_grant". Fault detail is "Bad password.". HTTP response code is 400 (Bad Request).`},
		{name: "oauth error", status: 200, body: `{"error_code":"access_denied","error":"Cannot authenticate user."}`,
			kind: KindAuth, want: `SSO authentication failed. Fault reason is "access_denied". Fault detail is "Cannot authenticate user.". HTTP response code is 200 (OK).`},
		{name: "array error", body: `[{"error":"access_denied"}]`, kind: KindAuth, want: `Fault detail is "access_denied".`},
		{name: "missing token", body: `{"token_type":"bearer"}`, kind: KindAuth, want: `the SSO reply has no "access_token"`},
		{name: "wrong token name", tokenName: "tok", body: `{"access_token":"T1"}`, kind: KindAuth, want: `the SSO reply has no "tok"`},
		{name: "empty array", body: `[]`, kind: KindOther, want: "the SSO reply is not a JSON object"},
		{name: "bad json", body: `{"access_token":`, kind: KindOther, want: "the SSO reply is not a JSON object"},
		{name: "html", ct: "text/html", status: 404, body: "<html><body><h1>Not   Found</h1>\n<p>no sso here</p></body></html>",
			kind: KindNotFound, want: `the response content type "text/html" isn't the expected JSON: Not Found no sso here. HTTP response code is 404 (Not Found).`},
		{name: "html 401", ct: "text/html", status: 401, body: "<html>denied</html>", kind: KindAuth, want: "denied"},
		{name: "html 502 from a proxy", ct: "text/html", status: 502, body: "<html><h1>Bad Gateway</h1></html>", kind: KindConnection,
			want: `no answer from the engine: a proxy or gateway answered for it with content type "text/html": Bad Gateway. HTTP response code is 502 (Bad Gateway).`},
		{name: "json 503", status: 503, body: `{}`, kind: KindAuth, want: "HTTP response code is 503"},
		{name: "json 500", status: 500, body: `{}`, kind: KindAuth, want: "HTTP response code is 500"},
		{name: "too large", body: `{"access_token":"` + strings.Repeat("A", ssoReplyLimit) + `"}`, kind: KindOther,
			want: "the SSO reply is larger than 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := newFakeEngine(t)
			fe.ssoReply = func(w http.ResponseWriter, r *http.Request) {
				ct := tc.ct
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				if tc.status != 0 {
					w.WriteHeader(tc.status)
				}
				_, _ = w.Write([]byte(tc.body))
			}
			opts, _ := fe.options()
			opts.SSOTokenName = tc.tokenName
			c, err := Connect(context.Background(), opts)
			if tc.kind == 255 {
				require.NoError(t, err)
				defer c.Close(context.Background())
				tok, err := c.Authenticate(context.Background())
				require.NoError(t, err)
				assert.Equal(t, "T1", tok)
				return
			}
			e := requireKind(t, err, tc.kind)
			assert.Contains(t, e.Error(), tc.want)
			assert.Contains(t, e.Error(), "POST "+fe.srv.URL+"/ovirt-engine/sso/oauth/token: ")
			assert.NotContains(t, e.Error(), testPassword)
		})
	}
}

func TestBadCredentials(t *testing.T) {
	fe := newFakeEngine(t)
	opts, _ := fe.options()
	opts.Password = "wrong"
	_, err := Connect(context.Background(), opts)
	e := requireKind(t, err, KindAuth)
	assert.Equal(t, "access_denied", e.Reason)
	assert.Equal(t, "Cannot authenticate user.", e.Detail)
	assert.Equal(t, 400, e.Code)
}

func TestReloginOnceUnderConcurrentExpiry(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	require.EqualValues(t, 1, fe.logins.Load())
	fe.expireAll()
	gate := make(chan struct{})
	fe.mu.Lock()
	fe.loginGate = gate
	fe.mu.Unlock()
	time.AfterFunc(100*time.Millisecond, func() { close(gate) })

	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			code, err := rawGet(c, "vms")
			if err == nil && code != 200 {
				err = errors.New(http.StatusText(code))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.EqualValues(t, 2, fe.logins.Load(), "one new login for all the rejected requests")
}

func TestReloginAfterHTML401(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	fe.expireAll()
	code, err := rawGet(c, "")
	require.NoError(t, err)
	assert.Equal(t, 200, code)
	assert.EqualValues(t, 2, fe.logins.Load())
	assert.EqualValues(t, 2, fe.apiCalls.Load(), "the request is sent again once")
}

func TestSecond401IsReturned(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	fe.api = func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }
	code, err := rawGet(c, "")
	require.NoError(t, err)
	assert.Equal(t, 401, code)
	assert.EqualValues(t, 2, fe.logins.Load())
	assert.EqualValues(t, 2, fe.apiCalls.Load())
}

func TestLogoutOnClose(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	tok, err := c.Authenticate(context.Background())
	require.NoError(t, err)
	require.NoError(t, c.Close(context.Background()))
	require.NoError(t, c.Close(context.Background()), "Close is idempotent")
	assert.EqualValues(t, 1, fe.logouts.Load())
	assert.Equal(t, []string{tok}, fe.revoked)
	assert.Contains(t, c.String(), "closed")

	_, err = rawGet(c, "")
	e := requireKind(t, err, KindOther)
	assert.ErrorIs(t, e, ErrClosed)
	_, err = c.Authenticate(context.Background())
	assert.ErrorIs(t, err, ErrClosed)
}

func TestSuppliedToken(t *testing.T) {
	fe := newFakeEngine(t)
	tok := fe.issue()

	t.Run("revoked on close", func(t *testing.T) {
		c, err := Connect(context.Background(), Options{URL: fe.url(), Token: tok, CACerts: fe.ca.pem})
		require.NoError(t, err)
		code, err := rawGet(c, "")
		require.NoError(t, err)
		assert.Equal(t, 200, code)
		require.NoError(t, c.Close(context.Background()))
		assert.Zero(t, fe.logins.Load())
		assert.Equal(t, []string{tok}, fe.revoked)
	})
	t.Run("kept", func(t *testing.T) {
		tok := fe.issue()
		c, err := Connect(context.Background(), Options{URL: fe.url(), Token: tok, KeepToken: true, CACerts: fe.ca.pem})
		require.NoError(t, err)
		require.NoError(t, c.Close(context.Background()))
		assert.Len(t, fe.revoked, 1)
	})
	t.Run("rejected without credentials", func(t *testing.T) {
		c, err := Connect(context.Background(), Options{URL: fe.url(), Token: "stale", KeepToken: true, CACerts: fe.ca.pem})
		require.NoError(t, err)
		code, err := rawGet(c, "")
		require.NoError(t, err)
		assert.Equal(t, 401, code)
		assert.Zero(t, fe.logins.Load())
	})
	t.Run("rejected with credentials", func(t *testing.T) {
		c, err := Connect(context.Background(), Options{URL: fe.url(), Token: "stale", CACerts: fe.ca.pem,
			Username: testUser, Password: testPassword})
		require.NoError(t, err)
		code, err := rawGet(c, "")
		require.NoError(t, err)
		assert.Equal(t, 200, code)
		assert.EqualValues(t, 1, fe.logins.Load())
	})
}

func TestCanceledWaitForLogin(t *testing.T) {
	fe := newFakeEngine(t)
	gate := make(chan struct{})
	defer close(gate)
	fe.loginGate = gate
	opts, _ := fe.options()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Connect(ctx, opts)
	e := requireKind(t, err, KindTimeout)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Contains(t, e.Error(), "waiting for the SSO login")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestCloseDuringLogin(t *testing.T) {
	fe := newFakeEngine(t)
	gate := make(chan struct{})
	defer close(gate)
	fe.loginGate = gate
	c, err := Connect(context.Background(), Options{URL: fe.url(), Token: "stale", CACerts: fe.ca.pem,
		Username: testUser, Password: testPassword})
	require.NoError(t, err)
	done := make(chan error)
	go func() { done <- c.Test(context.Background()) }()
	require.Eventually(t, func() bool { return fe.logins.Load() == 1 }, 5*time.Second, time.Millisecond)
	require.NoError(t, c.Close(context.Background()))
	select {
	case err := <-done:
		assert.ErrorIs(t, err, ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("the call waiting for the login did not end")
	}
	assert.Zero(t, fe.logouts.Load(), "the rejected token is not revoked")
}

// A login that fails because Close canceled it reports ErrClosed even when the waiting call sees
// the failure before Close has marked the connection closed (the window between Close canceling
// the login and closing the token store, held open here by canceling only).
func TestLoginCanceledByCloseIsClosed(t *testing.T) {
	fe := newFakeEngine(t)
	c, err := Connect(context.Background(), Options{URL: fe.url(), Token: "stale", CACerts: fe.ca.pem,
		Username: testUser, Password: testPassword})
	require.NoError(t, err)
	c.cancel() // what Close does first
	err = c.Test(context.Background())
	e := requireKind(t, err, KindOther)
	assert.ErrorIs(t, err, ErrClosed)
	assert.NotErrorIs(t, err, context.Canceled)
	assert.Equal(t, "the connection is closed", e.Error())
	require.NoError(t, c.Close(context.Background()))
}
