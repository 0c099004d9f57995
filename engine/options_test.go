package engine

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptionsValidation(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("hello"), 0o600))
	ok := Options{URL: "https://e/ovirt-engine/api", Username: "u", Password: "p"}
	for _, tc := range []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"kerberos and password", func(o *Options) { o.Kerberos = true }, "leave Username and Password empty"},
		{"no url", func(o *Options) { o.URL = "" }, "the URL option is required"},
		{"no scheme", func(o *Options) { o.URL = "engine/api" }, "it needs the https:// scheme and a host"},
		{"ftp", func(o *Options) { o.URL = "ftp://e/api" }, "it needs the https:// scheme"},
		{"user info", func(o *Options) { o.URL = "https://u:pw@e/api" }, "must not carry credentials"},
		{"no credentials", func(o *Options) { o.Password = "" }, "credentials are required"},
		{"cert without key", func(o *Options) { o.ClientCertFile = "c.pem" }, "go together"},
		{"bad proxy", func(o *Options) { o.ProxyURL = "::" }, "invalid ProxyURL"},
		{"non-ascii header", func(o *Options) { o.Headers = map[string]string{"X-A": "žčě"} },
			`the value of header "X-A" contains characters that are not printable ASCII`},
		{"bad header name", func(o *Options) { o.Headers = map[string]string{"X A": "1"} }, `the header name "X A" is invalid`},
		{"retry post", func(o *Options) { o.Retry = RetryPolicy{MaxAttempts: 3, Methods: []string{"POST"}} },
			"cannot retry POST requests"},
		{"missing CA file", func(o *Options) { o.CAFile = filepath.Join(dir, "nope.pem") }, "nope.pem\" doesn't exist"},
		{"CA file not PEM", func(o *Options) { o.CAFile = notPEM }, "x.pem\" is not usable: no PEM certificate found"},
		{"missing client cert", func(o *Options) { o.ClientCertFile, o.ClientKeyFile = "c.pem", "k.pem" },
			`cannot load the client certificate "c.pem" and key "k.pem"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.edit(&o)
			_, err := Connect(context.Background(), o)
			e := requireKind(t, err, KindOther)
			assert.Contains(t, e.Error(), tc.want)
			assert.Empty(t, e.Method)
		})
	}
}

func TestOptionsHideSecrets(t *testing.T) {
	o := Options{
		URL: "https://e/ovirt-engine/api", Username: "admin@internal", Password: "Pa55word!",
		Token: "TOKEN-123", ProxyURL: "http://pu:ProxyPass@proxy:3128",
		Headers: map[string]string{"X-Auth-Token": "HDRSECRET", "X-Plain": "visible"},
		Timeout: time.Minute, Retry: RetryPolicy{MaxAttempts: 3}, CACerts: []byte("pem"),
	}
	var lb bytes.Buffer
	slog.New(slog.NewTextHandler(&lb, nil)).Info("opts", "options", o, "ptr", &o)
	for _, s := range []string{
		fmt.Sprint(o), fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d", o, o, o, o, o, o, o),
		fmt.Sprintf("%v|%+v|%#v", &o, &o, &o), o.String(), lb.String(),
	} {
		for _, secret := range []string{"Pa55word!", "TOKEN-123", "ProxyPass", "HDRSECRET"} {
			assert.NotContains(t, s, secret)
		}
	}
	s := o.String()
	assert.Contains(t, s, `URL: "https://e/ovirt-engine/api"`)
	assert.Contains(t, s, `Username: "admin@internal"`)
	assert.Contains(t, s, `Password: ***`)
	assert.Contains(t, s, `"X-Plain": "visible"`)
	assert.Contains(t, s, `ProxyURL: "http://proxy:3128"`)
	assert.Contains(t, lb.String(), "options.Username=admin@internal")
}

func TestConnectionHidesSecrets(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	tok, err := c.Authenticate(context.Background())
	require.NoError(t, err)
	var lb bytes.Buffer
	slog.New(slog.NewTextHandler(&lb, nil)).Info("conn", "conn", c)
	for _, s := range []string{fmt.Sprintf("%v|%+v|%#v|%s|%d", c, c, c, c, c), lb.String()} {
		assert.NotContains(t, s, testPassword)
		assert.NotContains(t, s, tok)
		assert.Contains(t, s, fe.url())
	}
	assert.Equal(t, fmt.Sprintf("engine.Connection{URL: %q, Username: %q}", fe.url(), testUser), c.String())
}

func TestRedaction(t *testing.T) {
	assert.Equal(t, "https://e/api/vms?search=name%3Dx&password=***",
		RedactURL("https://e/api/vms?search=name%3Dx&password=s3cret"))
	assert.Equal(t, "grant_type=password&username=a%40b&password=***", redactQuery("grant_type=password&username=a%40b&password=p%40ss"))
	assert.Equal(t, "scope=ovirt-app-api&token=***", redactQuery("scope=ovirt-app-api&token=abc"))
	assert.Equal(t, "<vm><initialization><root_password>***</root_password><user_name>root</user_name></initialization></vm>",
		redactXML([]byte("<vm><initialization><root_password>hunter2</root_password><user_name>root</user_name></initialization></vm>")))
	assert.Equal(t, "Bearer ***", redactHeader("Authorization", "Bearer abc"))
	assert.Equal(t, "***", redactHeader("Cookie", "JSESSIONID=1"))
	assert.Equal(t, "x", redactHeader("X-Other", "x"))
	assert.Equal(t, "Error 404 Not Found ...", snippet([]byte("<html><title>Error 404</title>\n\n<h1>Not   Found</h1>...")))
}

// A URL that does not parse must not come back in the error: url.Parse quotes all of it,
// credentials and query included.
func TestOptionsBadURLHidesSecrets(t *testing.T) {
	for _, tc := range []struct {
		name, url, want string
	}{
		{"bad port with user info", "https://admin:S3CRET@e:bad/ovirt-engine/api", "details hidden"},
		{"slash in password", "https://admin:S3/CRET@e/ovirt-engine/api", "details hidden"},
		{"bad escape with secret query", "https://e/%zz?password=S3CRET", `invalid URL escape "%zz"`},
		{"control character", "https://e/S3CRET\x7f", "invalid control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Connect(context.Background(), Options{URL: tc.url, Username: "u", Password: "p"})
			e := requireKind(t, err, KindOther)
			assert.NotContains(t, e.Error(), "S3CRET")
			assert.Contains(t, e.Error(), "invalid URL option")
			assert.Contains(t, e.Error(), tc.want)
		})
	}
}

// Bodies shown in the debug trace and in error snippets: secrets that are not named like one
// (console tickets) and secrets echoed as form fields or JSON by a misbehaving server.
func TestRedactBodies(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"ticket action request",
			"<action><ticket><expiry>120</expiry><value>CONSOLEPW</value></ticket></action>",
			"<action><ticket><expiry>120</expiry><value>***</value></ticket></action>"},
		{"ticket answer",
			`<action><status>complete</status><ticket id="x"><value>CONSOLEPW</value><expiry>120</expiry></ticket></action>`,
			`<action><status>complete</status><ticket id="x"><value>***</value><expiry>120</expiry></ticket></action>`},
		{"proxy ticket",
			"<action><proxy_ticket><value>CONSOLEPW</value></proxy_ticket></action>",
			"<action><proxy_ticket><value>***</value></proxy_ticket></action>"},
		{"other values stay",
			"<vm><custom_properties><custom_property><name>a</name><value>visible</value></custom_property></custom_properties></vm>",
			"<vm><custom_properties><custom_property><name>a</name><value>visible</value></custom_property></custom_properties></vm>"},
		{"image transfer URLs",
			`<image_transfer id="t"><phase>transferring</phase><transfer_url>https://h:54322/images/TICKETSECRET</transfer_url><proxy_url>https://e/ovirt-imageio/images/TICKETSECRET</proxy_url></image_transfer>`,
			`<image_transfer id="t"><phase>transferring</phase><transfer_url>https://h:54322/images/***</transfer_url><proxy_url>https://e/ovirt-imageio/images/***</proxy_url></image_transfer>`},
		{"echoed form", "bad request: grant_type=password&password=PW%40SECRET&scope=ovirt-app-api&username=admin",
			"bad request: grant_type=password&password=***&scope=ovirt-app-api&username=admin"},
		{"echoed JSON", `{"error":"x","access_token":"TOKSECRET","root_password": "PWSECRET"}`,
			`{"error":"x","access_token":"***","root_password": "***"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, redactXML([]byte(tc.body)))
			s := snippet([]byte(tc.body))
			for _, secret := range []string{"CONSOLEPW", "PWSECRET", "PW%40SECRET", "TOKSECRET", "TICKETSECRET"} {
				assert.NotContains(t, s, secret)
			}
		})
	}
}
