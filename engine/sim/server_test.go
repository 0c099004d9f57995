package sim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func startSim(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func baseURL(s *Server) string { return strings.TrimSuffix(s.URL(), APIPath) }

func postForm(t *testing.T, s *Server, path string, form url.Values) (int, map[string]string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, baseURL(s)+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var m map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

func login(t *testing.T, s *Server) string {
	t.Helper()
	user, pw := s.Credentials()
	st, m := postForm(t, s, TokenPath, url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"},
		"username": {user}, "password": {pw}})
	require.Equal(t, http.StatusOK, st, m)
	require.NotEmpty(t, m["access_token"])
	return m["access_token"]
}

func apiGet(t *testing.T, s *Server, path, token string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("Version", "4")
	req.Header.Set("Accept", "application/xml")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestSSOTokenAndLogout(t *testing.T) {
	s := startSim(t, Options{Password: "s3cr3t&=pw"})
	tok := login(t, s)

	resp, _ := apiGet(t, s, "/nosuch", tok)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "authenticated request reaches the API")

	st, m := postForm(t, s, LogoutPath, url.Values{"scope": {"ovirt-app-api"}, "token": {tok}})
	assert.Equal(t, http.StatusOK, st)
	assert.Empty(t, m)

	resp, body := apiGet(t, s, "/nosuch", tok)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, body, "Unauthorized")

	// go-ovirt revokes with an empty token: accepted.
	st, _ = postForm(t, s, LogoutPath, url.Values{"scope": {""}, "token": {""}})
	assert.Equal(t, http.StatusOK, st)
}

func TestSSOErrors(t *testing.T) {
	s := startSim(t, Options{})
	tests := []struct {
		name string
		form url.Values
		code string
	}{
		{"bad password", url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"},
			"username": {DefaultUser}, "password": {"wrong"}}, "access_denied"},
		{"unknown user", url.Values{"grant_type": {"password"}, "scope": {"ovirt-app-api"},
			"username": {"bob@internal"}, "password": {DefaultPassword}}, "access_denied"},
		{"no grant", url.Values{"scope": {"ovirt-app-api"}}, "invalid_request"},
		{"kerberos grant", url.Values{"grant_type": {"urn:ovirt:params:oauth:grant-type:http"},
			"scope": {"ovirt-app-api"}}, "unsupported_grant_type"},
		{"no scope", url.Values{"grant_type": {"password"}, "username": {DefaultUser},
			"password": {DefaultPassword}}, "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, m := postForm(t, s, TokenPath, tt.form)
			assert.Equal(t, http.StatusBadRequest, st)
			assert.Equal(t, tt.code, m["error_code"])
			assert.NotEmpty(t, m["error"])
			assert.Empty(t, m["access_token"])
		})
	}
}

func TestAPIRequiresAuth(t *testing.T) {
	s := startSim(t, Options{Users: []User{{Name: "u@internal", Password: "p"}}})
	resp, _ := apiGet(t, s, "", "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = apiGet(t, s, "", "forged")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	req, err := http.NewRequest(http.MethodGet, s.URL()+"/nosuch", nil)
	require.NoError(t, err)
	req.SetBasicAuth("u@internal", "p")
	resp, err = s.HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "Basic credentials are accepted too")
}

func TestTokenLifetime(t *testing.T) {
	clock := NewManualClock(time.Time{})
	s := startSim(t, Options{Clock: clock, TokenLifetime: time.Minute})
	tok := login(t, s)
	resp, _ := apiGet(t, s, "/x", tok)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	clock.Advance(time.Minute)
	resp, _ = apiGet(t, s, "/x", tok)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	tok = login(t, s)
	s.RevokeTokens()
	resp, _ = apiGet(t, s, "/x", tok)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestCACertificateIsServedAndTrusted(t *testing.T) {
	s := startSim(t, Options{})
	resp, err := s.HTTPClient().Get(baseURL(s) + PKIPath + "?resource=ca-certificate&format=X509-PEM-CA")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, s.CACertPEM(), b)
	assert.True(t, strings.HasPrefix(string(b), "-----BEGIN CERTIFICATE-----"))

	_, err = http.Get(s.URL()) // default trust store does not know the CA
	require.Error(t, err)
}

func TestFaultInjection(t *testing.T) {
	t.Run("error rate", func(t *testing.T) {
		s := startSim(t, Options{Faults: Faults{ErrorRate: 1, ErrorStatus: 503}})
		resp, body := apiGet(t, s, "", login(t, s))
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		assert.Contains(t, body, "Service Unavailable")
	})
	t.Run("error status with fault", func(t *testing.T) {
		s := startSim(t, Options{Faults: Faults{ErrorRate: 1, ErrorStatus: 500}})
		resp, body := apiGet(t, s, "", login(t, s))
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
		assert.Contains(t, body, "<reason>Operation Failed</reason>")
	})
	t.Run("dropped connections", func(t *testing.T) {
		s := startSim(t, Options{Faults: Faults{DropRate: 1}})
		tok := login(t, s)
		req, err := http.NewRequest(http.MethodGet, s.URL(), nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		_, err = s.HTTPClient().Do(req)
		require.Error(t, err)
	})
	t.Run("latency on the clock", func(t *testing.T) {
		clock := NewManualClock(time.Time{})
		s := startSim(t, Options{Clock: clock, Faults: Faults{Latency: time.Second}})
		tok := login(t, s)
		done := make(chan int)
		go func() {
			req, _ := http.NewRequest(http.MethodGet, s.URL()+"/x", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := s.HTTPClient().Do(req)
			if err != nil {
				done <- 0
				return
			}
			resp.Body.Close()
			done <- resp.StatusCode
		}()
		select {
		case <-done:
			t.Fatal("answered before the latency elapsed")
		case <-time.After(50 * time.Millisecond):
		}
		for { // the request may reach Sleep only after a first Advance on a loaded machine
			clock.Advance(time.Second)
			select {
			case st := <-done:
				assert.Equal(t, http.StatusNotFound, st)
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
}

func TestCloseIsIdempotentAndContextCloses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Options{})
	require.NoError(t, err)
	cancel()
	require.Eventually(t, func() bool {
		_, err := s.HTTPClient().Get(s.URL())
		return err != nil
	}, 2*time.Second, 10*time.Millisecond)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close())
}
