package engine

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTraceHasNoSecrets runs a whole session with the debug trace on (login, calls, a re-login, an
// error, logout) and greps the trace and every error for the secrets that went over the wire.
func TestTraceHasNoSecrets(t *testing.T) {
	fe := newFakeEngine(t)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Set-Cookie", "JSESSIONID=cookie-secret-1")
		if r.URL.Path == "/ovirt-engine/api/vms/missing" {
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `<fault><reason>Operation Failed</reason><detail>Entity not found</detail></fault>`)
			return
		}
		_, _ = io.WriteString(w, `<vm><name>v</name><initialization><root_password>echoed-secret-2</root_password></initialization></vm>`)
	}
	opts, trace := fe.options()
	opts.Headers = map[string]string{"X-Api-Token": "conn-header-secret-3"}
	c, err := Connect(context.Background(), opts)
	require.NoError(t, err)
	ctx := context.Background()
	var errs []string

	var name string
	require.NoError(t, c.do(ctx, &request{Method: http.MethodGet, Path: "vms/1",
		Query:   url.Values{"search": {"name=v"}, "auth_token": {"query-secret-4"}},
		Headers: map[string]string{"Authorization-Extra": "x", "X-Session-Token": "call-header-secret-5"}}, readName(&name)))
	fe.expireAll() // the next call logs in again
	require.NoError(t, c.do(ctx, &request{Method: http.MethodPost, Path: "vms",
		Body: func(w *xmlstream.Writer) {
			w.Begin("vm")
			w.Begin("initialization")
			w.Element("root_password", "body-secret-6")
			w.End()
			w.End()
		}}, readName(&name)))
	err = c.do(ctx, &request{Method: http.MethodGet, Path: "vms/missing", Query: url.Values{"password": {"query-secret-7"}}}, nil)
	requireKind(t, err, KindNotFound)
	errs = append(errs, err.Error(), fmt.Sprintf("%+v|%#v", err, err))
	require.NoError(t, c.Close(ctx))
	require.EqualValues(t, 2, fe.logins.Load())
	require.EqualValues(t, 1, fe.logouts.Load())

	log := trace.String()
	secrets := []string{testPassword, url.QueryEscape(testPassword), "cookie-secret-1", "echoed-secret-2",
		"conn-header-secret-3", "query-secret-4", "call-header-secret-5", "body-secret-6", "query-secret-7",
		"idtok-"}
	fe.mu.Lock()
	require.Len(t, fe.issued, 2)
	secrets = append(secrets, fe.issued...)
	fe.mu.Unlock()
	for _, s := range secrets {
		assert.NotContains(t, log, s)
		for _, e := range errs {
			assert.NotContains(t, e, s)
		}
	}
	// The trace is still useful.
	for _, want := range []string{
		`msg="http request" method=POST url=` + fe.srv.URL + `/ovirt-engine/sso/oauth/token`,
		`password=***`, `username=admin%40internal`, `access_token:***`, `Authorization: Bearer ***`,
		`msg="http response" method=GET url="` + fe.url() + `/vms/1?auth_token=***&search=name%3Dv" status="200 OK"`,
		`<root_password>***</root_password>`, `Set-Cookie: ***`, `X-Api-Token: ***`, `X-Session-Token: ***`,
		`the engine rejected the token; logging in again`, `services/sso-logout`, `scope=ovirt-app-api&token=***`,
		`Version: 4`, `<fault><reason>Operation Failed</reason>`,
	} {
		assert.Contains(t, log, want)
	}
	if t.Failed() {
		t.Log(log)
	}
}
