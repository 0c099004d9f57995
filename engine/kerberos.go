package engine

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/iana/nametype"
	"github.com/jcmturner/gokrb5/v8/krberror"
	"github.com/jcmturner/gokrb5/v8/spnego"
	"github.com/jcmturner/gokrb5/v8/types"
)

// The causes of a failed Kerberos login, for errors.Is. The *Error that wraps them says what to
// do about it.
var (
	// ErrKerberosNoTicket: there is no ticket cache, or it holds no ticket-granting ticket.
	ErrKerberosNoTicket = errors.New("no Kerberos ticket")
	// ErrKerberosExpired: the ticket-granting ticket has expired.
	ErrKerberosExpired = errors.New("the Kerberos ticket has expired")
	// ErrKerberosRealm: the engine's realm is not the ticket's, or krb5.conf names no KDC for it.
	ErrKerberosRealm = errors.New("no matching Kerberos realm")
	// ErrKerberosKDC: no KDC of the realm could be reached.
	ErrKerberosKDC = errors.New("the Kerberos KDC cannot be reached")
	// ErrKerberosRejected: the KDC or the engine refused the request for a service ticket or the
	// ticket itself.
	ErrKerberosRejected = errors.New("the Kerberos authentication was refused")
	// ErrNoNegotiate: the engine answered 401 without offering Negotiate (SPNEGO).
	ErrNoNegotiate = errors.New("the server does not offer Negotiate authentication")
)

// defaultKrb5Config is where MIT Kerberos reads its configuration when KRB5_CONFIG is unset.
const defaultKrb5Config = "/etc/krb5.conf"

// kerberosPaths returns the ticket cache and krb5.conf to use: the options, else KRB5CCNAME and
// KRB5_CONFIG, else the MIT defaults (krb5.conf's default_ccache_name or /tmp/krb5cc_<uid>, and
// /etc/krb5.conf). A ccache name may carry the FILE: prefix; other cache types (KEYRING:, KCM:,
// DIR:, API:) cannot be read by gokrb5, which says so.
func (o *Options) kerberosPaths() (ccache, conf string, err error) {
	ccache, conf = o.KerberosCCache, o.KerberosConfig
	if conf == "" {
		// KRB5_CONFIG may list several files; the first is the one MIT reads first.
		conf, _, _ = strings.Cut(os.Getenv("KRB5_CONFIG"), ":")
	}
	if conf == "" {
		conf = defaultKrb5Config
	}
	if ccache == "" {
		ccache = os.Getenv("KRB5CCNAME")
	}
	if ccache == "" {
		ccache = defaultCCacheName(conf)
	}
	if typ, rest, ok := strings.Cut(ccache, ":"); ok && !strings.Contains(typ, "/") {
		if !strings.EqualFold(typ, "FILE") {
			return "", "", &Error{Kind: KindAuth, Err: ErrKerberosNoTicket, Msg: fmt.Sprintf(
				"Kerberos login: the ticket cache %q is of type %s; only FILE: caches can be read "+
					"(set KRB5CCNAME=FILE:/path and run kinit again)", ccache, typ)}
		}
		ccache = rest
	}
	return ccache, conf, nil
}

// defaultCCacheName is the default_ccache_name of krb5.conf's [libdefaults] (with %{uid},
// %{euid} and %{TEMP} expanded), else MIT's built-in default /tmp/krb5cc_<uid>.
func defaultCCacheName(conf string) string {
	uid := strconv.Itoa(os.Getuid())
	name := "/tmp/krb5cc_" + uid
	b, err := os.ReadFile(conf)
	if err != nil {
		return name
	}
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && section == "[libdefaults]" && strings.TrimSpace(k) == "default_ccache_name" {
			name = strings.NewReplacer("%{uid}", uid, "%{euid}", strconv.Itoa(os.Geteuid()), "%{TEMP}", os.TempDir()).
				Replace(strings.TrimSpace(v))
		}
	}
	return name
}

// kerberosNow is the clock that tells whether a ticket has expired (a variable for the tests).
var kerberosNow = time.Now

// negotiate returns the Authorization header value that logs in to the engine with a SPNEGO
// token for its HTTP service, made from the ticket cache. Every call reads the cache again, so
// that a kinit made while the connection is open is used by the next login.
func (c *Connection) negotiate() (string, error) {
	now := kerberosNow()
	fail := func(err error, format string, args ...any) (string, error) {
		kind := KindAuth
		if errors.Is(err, ErrKerberosKDC) {
			kind = KindConnection
		}
		return "", &Error{Kind: kind, Msg: "Kerberos login: " + fmt.Sprintf(format, args...), Err: err}
	}
	ccPath, confPath, err := c.opts.kerberosPaths()
	if err != nil {
		return "", err
	}
	conf, err := config.Load(confPath)
	var unsupported config.UnsupportedDirective
	if err != nil && !errors.As(err, &unsupported) {
		return fail(err, "cannot read the Kerberos configuration %s (KRB5_CONFIG)", confPath)
	}
	cc, err := credentials.LoadCCache(ccPath)
	if err != nil {
		return fail(joinCause(ErrKerberosNoTicket, err),
			"no ticket cache could be read at %s (KRB5CCNAME); get a ticket with kinit", ccPath)
	}
	user := cc.GetClientPrincipalName().PrincipalNameString() + "@" + cc.GetClientRealm()
	tgt, ok := cc.GetEntry(types.PrincipalName{NameType: nametype.KRB_NT_SRV_INST,
		NameString: []string{"krbtgt", cc.GetClientRealm()}})
	if !ok {
		return fail(ErrKerberosNoTicket, "the ticket cache %s holds no ticket-granting ticket for %s; get one with kinit", ccPath, user)
	}
	if !now.Before(tgt.EndTime) {
		return fail(ErrKerberosExpired, "the ticket of %s in %s expired at %s; renew it with kinit",
			user, ccPath, tgt.EndTime.UTC().Format(time.RFC3339))
	}
	spn, realm := c.servicePrincipal()
	from := "by KerberosServicePrincipal"
	if realm != "" {
		// An explicit realm wins over the krb5.conf mapping of the host.
		conf.DomainRealm[spnHost(spn)] = realm
	} else {
		realm, from = conf.ResolveRealm(spnHost(spn)), "by the domain_realm of "+confPath
	}
	if realm != "" && realm != cc.GetClientRealm() {
		return fail(ErrKerberosRealm, "the engine's service %s is in realm %s (%s), but the ticket is for %s; "+
			"get a ticket in %s, or set the service principal", spn, realm, from, user, realm)
	}
	if realm == "" {
		realm = cc.GetClientRealm()
	}
	if _, _, err := conf.GetKDCs(realm, true); err != nil {
		return fail(joinCause(ErrKerberosRealm, err), "%s names no KDC for realm %s", confPath, realm)
	}
	cl, err := client.NewFromCCache(cc, conf, client.DisablePAFXFAST(true))
	if err != nil {
		return fail(joinCause(ErrKerberosNoTicket, err), "cannot use the ticket cache %s", ccPath)
	}
	tok, err := spnego.SPNEGOClient(cl, spn).InitSecContext()
	if err != nil {
		var ke krberror.Krberror
		if errors.As(err, &ke) && ke.RootCause == krberror.NetworkingError {
			return fail(joinCause(ErrKerberosKDC, err), "cannot reach a KDC of realm %s to get a ticket for %s", realm, spn)
		}
		return fail(joinCause(ErrKerberosRejected, err), "cannot get a service ticket for %s as %s", spn, user)
	}
	b, err := tok.Marshal()
	if err != nil {
		return fail(err, "cannot encode the SPNEGO token")
	}
	return "Negotiate " + base64.StdEncoding.EncodeToString(b), nil
}

// servicePrincipal returns the engine's HTTP service principal without its realm, and the realm
// when the KerberosServicePrincipal option names one: "HTTP/<host of the URL>" by default.
func (c *Connection) servicePrincipal() (spn, realm string) {
	if p := c.opts.KerberosServicePrincipal; p != "" {
		spn, realm, _ = strings.Cut(p, "@")
		return spn, realm
	}
	return "HTTP/" + strings.ToLower(c.api.Hostname()), ""
}

// spnHost is the host part of a service principal "service/host".
func spnHost(spn string) string {
	_, host, ok := strings.Cut(spn, "/")
	if !ok {
		return spn
	}
	return host
}

// joinCause wraps cause under sentinel, so that errors.Is finds both and the text shows the cause.
func joinCause(sentinel, cause error) error {
	return fmt.Errorf("%w: %w", sentinel, cause)
}

// checkServicePrincipal validates the KerberosServicePrincipal option: "service/host" with an
// optional "@REALM".
func checkServicePrincipal(p string) error {
	spn, realm, hasRealm := strings.Cut(p, "@")
	svc, host, ok := strings.Cut(spn, "/")
	if !ok || svc == "" || host == "" || strings.ContainsAny(host, "/@ ") || (hasRealm && realm == "") {
		return configError("invalid KerberosServicePrincipal %q: it takes the form HTTP/engine.example.com[@REALM]", p)
	}
	return nil
}

// validateKerberos checks the Kerberos options: Kerberos excludes Username and Password (one
// login method per connection), and the other Kerberos fields need Kerberos.
func (o *Options) validateKerberos() error {
	if !o.Kerberos {
		if o.KerberosServicePrincipal != "" || o.KerberosCCache != "" || o.KerberosConfig != "" {
			return configError("KerberosServicePrincipal, KerberosCCache and KerberosConfig need Kerberos")
		}
		return nil
	}
	if o.Username != "" || o.Password != "" {
		return configError("Kerberos logs in with the ticket cache: leave Username and Password empty")
	}
	if o.KerberosServicePrincipal != "" {
		return checkServicePrincipal(o.KerberosServicePrincipal)
	}
	return nil
}

// negotiateRefused is the error for a 401 answer to a Kerberos login: the server either refused
// the SPNEGO token (it asks for Negotiate again) or does not do Kerberos at all.
func (c *Connection) negotiateRefused(resp *http.Response) *Error {
	e := &Error{Kind: KindAuth, Method: http.MethodPost, URL: c.ssoURL, Code: resp.StatusCode, Status: statusText(resp)}
	var offers []string
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		scheme, _, _ := strings.Cut(strings.TrimSpace(v), " ")
		if strings.EqualFold(scheme, "Negotiate") {
			spn, _ := c.servicePrincipal()
			e.Msg, e.Err = "the engine refused the Kerberos ticket for "+spn+
				" (is it the engine's service principal, and does its keytab hold the current key?)", ErrKerberosRejected
			return e
		}
		if scheme != "" {
			offers = append(offers, scheme)
		}
	}
	offered := "no authentication scheme"
	if len(offers) > 0 {
		offered = "only " + strings.Join(offers, ", ")
	}
	e.Msg, e.Err = "the server answered 401 offering "+offered+", not Negotiate: Kerberos is not enabled for the engine's SSO", ErrNoNegotiate
	return e
}
