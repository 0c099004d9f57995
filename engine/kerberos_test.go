package engine

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/internal/krbtest"
)

// krbRealm is a test realm with a user alice (a ticket in CCache) and the simulator's HTTP
// service key for 127.0.0.1 in ServiceKeytab.
type krbRealm struct {
	*krbtest.KDC
	ServiceKeytab, UserKeytab, CCache string
}

// spnegoToken matches a SPNEGO token in a header: base64 of an initial token (0x60) or a
// response (0xa1).
var spnegoToken = regexp.MustCompile(`Negotiate (?:YI|oQ|oR)[A-Za-z0-9+/=]{6,}`)

func startRealm(t *testing.T) *krbRealm {
	t.Helper()
	kdc := krbtest.Start(t)
	r := &krbRealm{KDC: kdc, ServiceKeytab: kdc.AddPrincipal(t, "HTTP/127.0.0.1"), UserKeytab: kdc.AddPrincipal(t, "alice")}
	r.CCache = kdc.Kinit(t, "alice", r.UserKeytab)
	return r
}

// startKerberosSim starts a simulator over TLS that verifies SPNEGO with keytab (none: no Kerberos).
func startKerberosSim(t *testing.T, keytab string, edit func(*sim.Options)) *sim.Server {
	t.Helper()
	opts := sim.Options{Keytab: keytab}
	if edit != nil {
		edit(&opts)
	}
	srv, err := sim.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func (r *krbRealm) options(srv *sim.Server) (Options, *logBuffer) {
	lb := &logBuffer{}
	return Options{URL: srv.URL(), Kerberos: true, KerberosCCache: r.CCache, KerberosConfig: r.Conf,
		CACerts: srv.CACertPEM(), Logger: lb.logger()}, lb
}

func TestKerberosLogin(t *testing.T) {
	r := startRealm(t)
	srv := startKerberosSim(t, r.ServiceKeytab, func(o *sim.Options) { o.ServicePrincipal = "HTTP/127.0.0.1@" + krbtest.Realm })
	opts, lb := r.options(srv)
	c, err := Connect(context.Background(), opts)
	require.NoError(t, err)
	defer c.Close(context.Background())
	vms, err := c.SystemService().VmsService().List(context.Background(), nil)
	require.NoError(t, err)
	assert.NotEmpty(t, vms)

	trace := lb.String()
	assert.Contains(t, trace, "token-http-auth")
	assert.Contains(t, trace, "Authorization: Negotiate ***", "the request is traced with its token masked")
	assert.NotRegexp(t, spnegoToken, trace, "no SPNEGO token in the debug trace")
	assert.NotRegexp(t, regexp.MustCompile(`YII[A-Za-z0-9+/=]{20,}`), trace, "no base64 GSS token anywhere in the trace")
	assert.Contains(t, trace, "Www-Authenticate: Negotiate ***", "the server's mutual-authentication token is masked too")
}

func TestKerberosServicePrincipalOverride(t *testing.T) {
	r := startRealm(t)
	other := r.AddPrincipal(t, "HTTP/engine.ovirtsh.test")
	srv := startKerberosSim(t, other, nil)
	tests := []struct {
		name, spn string
		ok        bool
	}{
		{"override with realm", "HTTP/engine.ovirtsh.test@" + krbtest.Realm, true},
		{"override without realm", "HTTP/engine.ovirtsh.test", true},
		{"default principal has no key in the keytab", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, _ := r.options(srv)
			opts.KerberosServicePrincipal = tt.spn
			c, err := Connect(context.Background(), opts)
			if tt.ok {
				require.NoError(t, err)
				_ = c.Close(context.Background())
				return
			}
			e := requireKind(t, err, KindAuth)
			assert.ErrorIs(t, err, ErrKerberosRejected)
			assert.Contains(t, e.Msg, "refused the Kerberos ticket for HTTP/127.0.0.1")
		})
	}
}

// TestKerberosRelogin checks that an expired SSO token is replaced by a new Kerberos login,
// reading the ticket cache again.
func TestKerberosRelogin(t *testing.T) {
	r := startRealm(t)
	clock := sim.NewManualClock(time.Now())
	srv := startKerberosSim(t, r.ServiceKeytab, func(o *sim.Options) { o.Clock, o.TokenLifetime = clock, time.Hour })
	opts, lb := r.options(srv)
	c, err := Connect(context.Background(), opts)
	require.NoError(t, err)
	defer c.Close(context.Background())
	_, err = c.SystemService().Get(context.Background(), nil)
	require.NoError(t, err)
	clock.Advance(2 * time.Hour)
	_, err = c.SystemService().Get(context.Background(), nil)
	require.NoError(t, err)
	assert.Contains(t, lb.String(), "logging in again")

	// Each login reads the cache again: without it, the next re-login says so.
	require.NoError(t, os.Remove(r.CCache))
	clock.Advance(2 * time.Hour)
	_, err = c.SystemService().Get(context.Background(), nil)
	requireKind(t, err, KindAuth)
	assert.ErrorIs(t, err, ErrKerberosNoTicket)
}

func TestKerberosFailures(t *testing.T) {
	r := startRealm(t)
	srv := startKerberosSim(t, r.ServiceKeytab, nil)
	noKerberos := startKerberosSim(t, "", nil)
	dir := t.TempDir()
	deadKDC := filepath.Join(dir, "dead-krb5.conf")
	closed := closedPort(t)
	require.NoError(t, os.WriteFile(deadKDC, []byte("[libdefaults]\n default_realm = "+krbtest.Realm+
		"\n udp_preference_limit = 1\n[realms]\n "+krbtest.Realm+" = {\n  kdc = "+closed+"\n }\n"), 0o600))
	noRealm := filepath.Join(dir, "norealm-krb5.conf")
	require.NoError(t, os.WriteFile(noRealm, []byte("[libdefaults]\n default_realm = OTHER.TEST\n"), 0o600))
	otherRealm := filepath.Join(dir, "other-krb5.conf")
	conf, err := os.ReadFile(r.Conf)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(otherRealm, append(conf, "[domain_realm]\n 127.0.0.1 = OTHER.TEST\n"...), 0o600))
	garbage := filepath.Join(dir, "garbage-ccache")
	require.NoError(t, os.WriteFile(garbage, []byte("not a ccache"), 0o600))

	tests := []struct {
		name   string
		edit   func(*Options)
		srv    *sim.Server
		expire bool
		kind   Kind
		is     error
		msg    string
	}{
		{"no ticket cache", func(o *Options) { o.KerberosCCache = filepath.Join(dir, "missing") },
			srv, false, KindAuth, ErrKerberosNoTicket, "no ticket cache could be read at " + dir + "/missing (KRB5CCNAME); get a ticket with kinit"},
		{"not a ticket cache", func(o *Options) { o.KerberosCCache = "FILE:" + garbage },
			srv, false, KindAuth, ErrKerberosNoTicket, "no ticket cache could be read at " + garbage},
		{"keyring cache", func(o *Options) { o.KerberosCCache = "KEYRING:persistent:0" },
			srv, false, KindAuth, ErrKerberosNoTicket, "only FILE: caches can be read"},
		{"expired ticket", nil, srv, true, KindAuth, ErrKerberosExpired, "the ticket of alice@" + krbtest.Realm + " in "},
		{"realm of the service is not the ticket's", func(o *Options) { o.KerberosServicePrincipal = "HTTP/127.0.0.1@OTHER.TEST" },
			srv, false, KindAuth, ErrKerberosRealm, "HTTP/127.0.0.1 is in realm OTHER.TEST (by KerberosServicePrincipal), but the ticket is for alice@" + krbtest.Realm},
		{"krb5.conf maps the engine to another realm", func(o *Options) { o.KerberosConfig = otherRealm },
			srv, false, KindAuth, ErrKerberosRealm, "is in realm OTHER.TEST (by the domain_realm of " + otherRealm + ")"},
		{"no KDC for the realm", func(o *Options) { o.KerberosConfig = noRealm },
			srv, false, KindAuth, ErrKerberosRealm, "names no KDC for realm " + krbtest.Realm},
		{"KDC unreachable", func(o *Options) { o.KerberosConfig = deadKDC },
			srv, false, KindConnection, ErrKerberosKDC, "cannot reach a KDC of realm " + krbtest.Realm},
		{"missing krb5.conf", func(o *Options) { o.KerberosConfig = filepath.Join(dir, "nope.conf") },
			srv, false, KindAuth, nil, "cannot read the Kerberos configuration " + dir + "/nope.conf"},
		{"server without Negotiate", nil, noKerberos, false, KindAuth, ErrNoNegotiate,
			"the server answered 401 offering only Basic, not Negotiate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, lb := r.options(tt.srv)
			if tt.edit != nil {
				tt.edit(&opts)
			}
			if tt.expire {
				kerberosNow = func() time.Time { return time.Now().Add(48 * time.Hour) }
				defer func() { kerberosNow = time.Now }()
			}
			_, err := Connect(context.Background(), opts)
			e := requireKind(t, err, tt.kind)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, e.Error(), tt.msg)
			assert.Contains(t, e.Error(), "token-http-auth", "the error names the SSO endpoint")
			assert.NotRegexp(t, spnegoToken, lb.String()+e.Error())
		})
	}
}

func TestKerberosOptions(t *testing.T) {
	base := Options{URL: "https://engine.example.com/ovirt-engine/api", Kerberos: true}
	tests := []struct {
		name string
		edit func(*Options)
		err  string
	}{
		{"kerberos alone", nil, ""},
		{"with username", func(o *Options) { o.Username = "admin@internal" }, "leave Username and Password empty"},
		{"with password", func(o *Options) { o.Password = "x" }, "leave Username and Password empty"},
		{"principal override", func(o *Options) { o.KerberosServicePrincipal = "HTTP/e.example.com@EXAMPLE.COM" }, ""},
		{"principal without host", func(o *Options) { o.KerberosServicePrincipal = "HTTP" }, "invalid KerberosServicePrincipal"},
		{"principal with empty realm", func(o *Options) { o.KerberosServicePrincipal = "HTTP/e@" }, "invalid KerberosServicePrincipal"},
		{"ccache without kerberos", func(o *Options) { o.Kerberos, o.Token, o.KerberosCCache = false, "t", "/tmp/cc" }, "need Kerberos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			if tt.edit != nil {
				tt.edit(&o)
			}
			_, err := o.validate()
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
		})
	}
}

func TestKerberosOptionsString(t *testing.T) {
	o := Options{URL: "https://e/ovirt-engine/api", Kerberos: true, KerberosServicePrincipal: "HTTP/e@E.COM",
		KerberosCCache: "/tmp/cc", KerberosConfig: "/etc/k.conf"}
	assert.Equal(t, `engine.Options{URL: "https://e/ovirt-engine/api", Kerberos: true, KerberosServicePrincipal: "HTTP/e@E.COM", `+
		`KerberosCCache: "/tmp/cc", KerberosConfig: "/etc/k.conf"}`, o.String())
}

func TestKerberosPaths(t *testing.T) {
	dir := t.TempDir()
	withCCacheName := filepath.Join(dir, "cc.conf")
	require.NoError(t, os.WriteFile(withCCacheName, []byte("[realms]\n default_ccache_name = /wrong\n[libdefaults]\n"+
		" default_realm = X\n default_ccache_name = FILE:/var/cc/krb5cc_%{uid}\n"), 0o600))
	withKeyring := filepath.Join(dir, "keyring.conf")
	require.NoError(t, os.WriteFile(withKeyring, []byte("[libdefaults]\n default_ccache_name = KEYRING:persistent:%{uid}\n"), 0o600))
	tests := []struct {
		name                 string
		opts                 Options
		env                  map[string]string
		wantCCache, wantConf string
	}{
		{"options win", Options{KerberosCCache: "/a/cc", KerberosConfig: "/a/krb5.conf"},
			map[string]string{"KRB5CCNAME": "/env/cc", "KRB5_CONFIG": "/env/krb5.conf"}, "/a/cc", "/a/krb5.conf"},
		{"environment", Options{}, map[string]string{"KRB5CCNAME": "FILE:/env/cc", "KRB5_CONFIG": "/env/one:/env/two"},
			"/env/cc", "/env/one"},
		{"MIT default cache", Options{KerberosConfig: filepath.Join(dir, "none.conf")}, map[string]string{"KRB5CCNAME": ""},
			"/tmp/krb5cc_" + strconv.Itoa(os.Getuid()), filepath.Join(dir, "none.conf")},
		{"MIT default config", Options{KerberosCCache: "/a/cc"}, map[string]string{"KRB5_CONFIG": ""}, "/a/cc", "/etc/krb5.conf"},
		{"default_ccache_name of krb5.conf", Options{KerberosConfig: withCCacheName}, map[string]string{"KRB5CCNAME": ""},
			"/var/cc/krb5cc_" + strconv.Itoa(os.Getuid()), withCCacheName},
		{"keyring default", Options{KerberosConfig: withKeyring}, map[string]string{"KRB5CCNAME": ""}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cc, conf, err := tt.opts.kerberosPaths()
			if tt.wantCCache == "" {
				assert.ErrorContains(t, err, "only FILE: caches can be read")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantCCache, cc)
			assert.Equal(t, tt.wantConf, conf)
		})
	}
}

func TestRedactNegotiate(t *testing.T) {
	tok := base64.StdEncoding.EncodeToString([]byte("a GSS-API token that grants access"))
	h := http.Header{"Authorization": {"Negotiate " + tok}, "Www-Authenticate": {"Negotiate " + tok, `Basic realm="x"`}}
	got := redactHeaders(h)
	assert.Equal(t, []string{"Authorization: Negotiate ***", "Www-Authenticate: Basic realm=\"x\"", "Www-Authenticate: Negotiate ***"}, got)
	assert.Equal(t, "Negotiate", redactHeader("WWW-Authenticate", "Negotiate"), "a bare challenge has nothing to hide")
}
