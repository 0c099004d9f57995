package sim

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeKeytab writes a keytab with a key for principal ("HTTP/host@REALM").
func writeKeytab(t *testing.T, principal string) string {
	t.Helper()
	name, realm, _ := strings.Cut(principal, "@")
	kt := keytab.New()
	require.NoError(t, kt.AddEntry(name, realm, "a password", time.Now(), 1, etypeID.AES256_CTS_HMAC_SHA1_96))
	b, err := kt.Marshal()
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "http.keytab")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

func TestKerberosOptions(t *testing.T) {
	kt := writeKeytab(t, "HTTP/engine.test@EXAMPLE.TEST")
	notKeytab := filepath.Join(t.TempDir(), "x")
	require.NoError(t, os.WriteFile(notKeytab, []byte("hello"), 0o600))
	tests := []struct {
		name string
		opts Options
		err  string
	}{
		{"keytab", Options{Keytab: kt}, ""},
		{"keytab and principal", Options{Keytab: kt, ServicePrincipal: "HTTP/engine.test@EXAMPLE.TEST"}, ""},
		{"principal not in keytab", Options{Keytab: kt, ServicePrincipal: "HTTP/other.test@EXAMPLE.TEST"},
			"holds no key for HTTP/other.test@EXAMPLE.TEST"},
		{"principal without realm", Options{Keytab: kt, ServicePrincipal: "HTTP/engine.test"}, "holds no key for HTTP/engine.test"},
		{"principal without keytab", Options{ServicePrincipal: "HTTP/engine.test@EXAMPLE.TEST"}, "needs a keytab"},
		{"missing keytab", Options{Keytab: filepath.Join(t.TempDir(), "nope")}, "nope"},
		{"not a keytab", Options{Keytab: notKeytab}, "keytab " + notKeytab},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.opts)
			if tt.err == "" {
				require.NoError(t, err)
				_ = s.Close()
				return
			}
			assert.ErrorContains(t, err, tt.err)
		})
	}
}

// TestTokenHTTPAuth covers token-http-auth without a Kerberos client: Basic credentials, and
// the challenges of a server with and without a keytab.
func TestTokenHTTPAuth(t *testing.T) {
	plain, err := Start(context.Background(), Options{})
	require.NoError(t, err)
	defer plain.Close()
	krb, err := Start(context.Background(), Options{Keytab: writeKeytab(t, "HTTP/127.0.0.1@EXAMPLE.TEST")})
	require.NoError(t, err)
	defer krb.Close()
	form := url.Values{"grant_type": {httpGrant}, "scope": {"ovirt-app-api"}}
	tests := []struct {
		name      string
		srv       *Server
		authz     string
		form      url.Values
		status    int
		challenge string
		errCode   string
	}{
		{"no keytab offers Basic", plain, "", form, http.StatusUnauthorized, "Basic", ""},
		{"keytab offers Negotiate", krb, "", form, http.StatusUnauthorized, "Negotiate", ""},
		{"a token that is not SPNEGO", krb, "Negotiate bm90IGEgdG9rZW4=", form, http.StatusUnauthorized, "Negotiate", ""},
		{"basic", plain, basicAuth(DefaultUser, DefaultPassword), form, http.StatusOK, "", ""},
		{"basic with a keytab", krb, basicAuth(DefaultUser, DefaultPassword), form, http.StatusOK, "", ""},
		{"basic wrong password", plain, basicAuth(DefaultUser, "x"), form, http.StatusBadRequest, "", "access_denied"},
		{"basic password grant", plain, basicAuth(DefaultUser, DefaultPassword),
			url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"}}, http.StatusBadRequest, "", "unsupported_grant_type"},
		{"basic no scope", plain, basicAuth(DefaultUser, DefaultPassword),
			url.Values{"grant_type": {httpGrant}}, http.StatusBadRequest, "", "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, baseURL(tt.srv)+TokenHTTPAuthPath, strings.NewReader(tt.form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.authz != "" {
				req.Header.Set("Authorization", tt.authz)
			}
			resp, err := tt.srv.HTTPClient().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode)
			if tt.challenge != "" {
				assert.True(t, strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), tt.challenge),
					"WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
				return
			}
			var m map[string]string
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
			if tt.status != http.StatusOK {
				assert.Equal(t, tt.errCode, m["error_code"])
				return
			}
			r, _ := apiGet(t, tt.srv, "", m["access_token"])
			assert.Equal(t, http.StatusOK, r.StatusCode, "the token opens the API")
		})
	}
}

func basicAuth(user, pw string) string {
	r := &http.Request{Header: http.Header{}}
	r.SetBasicAuth(user, pw)
	return r.Header.Get("Authorization")
}
