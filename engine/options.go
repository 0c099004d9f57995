package engine

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Options configure a Connection. URL and one of Username and Password, Kerberos, or Token are
// required; every other field has a working zero value.
//
// Options never show secrets: String, GoString, Format and LogValue print "***" for the password,
// the token, sensitive headers and proxy credentials.
type Options struct {
	// URL of the API, e.g. "https://engine.example.com/ovirt-engine/api". The SSO endpoints are
	// on the same scheme, host and port.
	URL string
	// Username (e.g. "admin@internal") and Password for the SSO password grant.
	Username string
	Password string
	// Token is an SSO token obtained earlier: no login happens. With Username and Password too,
	// the connection logs in again when the engine rejects the token.
	Token string
	// KeepToken leaves the token valid on Close instead of revoking it, so that it can be used
	// again (see Connection.Authenticate).
	KeepToken bool
	// Kerberos logs in with the user's Kerberos ticket instead of Username and Password (which
	// must then be empty): a SPNEGO token for the engine's HTTP service goes to the SSO's
	// token-http-auth endpoint, as the Python SDK's kerberos=True does. The ticket cache is read
	// again at every login, so a new kinit is picked up when the SSO token expires.
	Kerberos bool
	// KerberosServicePrincipal is the engine's service principal, "HTTP/host[@REALM]"; "" means
	// "HTTP/<host of URL>" in the realm krb5.conf maps that host to (else the ticket's realm).
	KerberosServicePrincipal string
	// KerberosCCache is the ticket cache (a file, optionally "FILE:"-prefixed); "" means
	// KRB5CCNAME, else /tmp/krb5cc_<uid>, as the MIT tools do.
	KerberosCCache string
	// KerberosConfig is the krb5.conf to read; "" means KRB5_CONFIG, else /etc/krb5.conf.
	KerberosConfig string
	// SSOTokenName is the key of the token in the SSO reply; "" means "access_token".
	SSOTokenName string

	// CAFile is a PEM file of the CAs trusted to sign the engine's certificate (it may hold
	// several). CACerts holds PEM data for the same purpose. With neither, the system's trusted
	// CAs are used.
	CAFile  string
	CACerts []byte
	// Insecure turns off the verification of the engine's certificate and host name. Connect
	// logs a warning when it is set.
	Insecure bool
	// ClientCertFile and ClientKeyFile are a PEM certificate and key presented to the engine.
	ClientCertFile string
	ClientKeyFile  string

	// Timeout bounds each call, from sending the request to decoding the last byte of the answer
	// (SSO requests included); 0 means no limit beyond the context's.
	Timeout time.Duration
	// ConnectTimeout bounds establishing a connection (TCP and TLS handshake); 0 means 30s.
	ConnectTimeout time.Duration
	// DisableCompression stops asking for gzip-compressed responses.
	DisableCompression bool
	// MaxConnsPerHost bounds the connections to the engine; 0 means 8.
	MaxConnsPerHost int
	// ProxyURL is the proxy to use, e.g. "http://proxy:3128". "" means the HTTPS_PROXY,
	// HTTP_PROXY and NO_PROXY environment variables.
	ProxyURL string
	// Headers are sent with every API request (not with SSO requests); a header of the same name
	// given to a single call wins.
	Headers map[string]string
	// Retry resends idempotent requests that failed on the way; the zero value never retries.
	Retry RetryPolicy
	// Limits cap the size of a response body and of one token in it; the zero value gives
	// defaults that a list of 100,000 VMs passes.
	Limits Limits

	// Logger receives the Insecure warning (at Warn) and a trace of every request and response
	// (at Debug), with secrets redacted. nil means slog.Default().
	Logger *slog.Logger
}

const (
	defaultConnectTimeout  = 30 * time.Second
	defaultMaxConnsPerHost = 8
	defaultTokenName       = "access_token"
)

// validate checks the options and returns the parsed API URL.
func (o *Options) validate() (*url.URL, error) {
	if o.URL == "" {
		return nil, configError("the URL option is required, e.g. https://engine.example.com/ovirt-engine/api")
	}
	u, err := url.Parse(o.URL)
	if err != nil {
		return nil, badURLError("URL", o.URL, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return nil, configError("invalid URL option %q: it needs the https:// scheme and a host", RedactURL(o.URL))
	}
	if u.User != nil {
		return nil, configError("the URL option must not carry credentials; use Username and Password")
	}
	if err := o.validateKerberos(); err != nil {
		return nil, err
	}
	if o.Token == "" && !o.Kerberos && (o.Username == "" || o.Password == "") {
		return nil, configError("credentials are required: Username and Password, Kerberos, or Token")
	}
	if (o.ClientCertFile == "") != (o.ClientKeyFile == "") {
		return nil, configError("ClientCertFile and ClientKeyFile go together")
	}
	if o.ProxyURL != "" {
		if p, err := url.Parse(o.ProxyURL); err != nil || p.Host == "" {
			return nil, configError("invalid ProxyURL option %q", RedactURL(o.ProxyURL))
		}
	}
	for name, value := range o.Headers {
		if err := checkHeader(name, value); err != nil {
			return nil, err
		}
	}
	if err := o.Retry.validate(); err != nil {
		return nil, err
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// badURLError is the error for an option holding a URL that does not parse. The *url.Error of
// url.Parse quotes the whole URL, credentials and query included, so only its cause is kept, and
// not even that when the URL holds an '@': a password with a '/' in it makes url.Parse quote part
// of the password as the port.
func badURLError(option, raw string, err error) *Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if strings.Contains(raw, "@") {
		return configError("invalid %s option: it does not parse as a URL (details hidden because it holds an '@'; "+
			"credentials belong in Username and Password)", option)
	}
	return &Error{Kind: KindOther, Msg: "invalid " + option + " option", Err: err}
}

// checkHeader rejects header names and values HTTP cannot carry (values must be ASCII). The value
// is never quoted: it may be a secret.
func checkHeader(name, value string) *Error {
	if name == "" {
		return configError("a header has an empty name")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return configError("the header name %q is invalid", name)
		}
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < ' ' && c != '\t') || c >= 0x7f {
			return configError("the value of header %q contains characters that are not printable ASCII, as HTTP requires", name)
		}
	}
	return nil
}

func (o *Options) tokenName() string {
	if o.SSOTokenName == "" {
		return defaultTokenName
	}
	return o.SSOTokenName
}

// fields lists the options that are set, secrets masked.
func (o *Options) fields() [][2]string {
	var f [][2]string
	add := func(name, value string) { f = append(f, [2]string{name, value}) }
	secret := func(name, value string) {
		if value != "" {
			add(name, redacted)
		}
	}
	add("URL", fmt.Sprintf("%q", RedactURL(o.URL)))
	if o.Username != "" {
		add("Username", fmt.Sprintf("%q", o.Username))
	}
	secret("Password", o.Password)
	secret("Token", o.Token)
	for _, b := range []struct {
		name string
		on   bool
	}{{"KeepToken", o.KeepToken}, {"Kerberos", o.Kerberos}, {"Insecure", o.Insecure},
		{"DisableCompression", o.DisableCompression}} {
		if b.on {
			add(b.name, "true")
		}
	}
	for _, s := range [][2]string{{"SSOTokenName", o.SSOTokenName}, {"CAFile", o.CAFile},
		{"ClientCertFile", o.ClientCertFile}, {"ClientKeyFile", o.ClientKeyFile},
		{"ProxyURL", RedactURL(o.ProxyURL)}, {"KerberosServicePrincipal", o.KerberosServicePrincipal},
		{"KerberosCCache", o.KerberosCCache}, {"KerberosConfig", o.KerberosConfig}} {
		if s[1] != "" {
			add(s[0], fmt.Sprintf("%q", s[1]))
		}
	}
	if len(o.CACerts) > 0 {
		add("CACerts", fmt.Sprintf("%d bytes", len(o.CACerts)))
	}
	if o.Timeout != 0 {
		add("Timeout", o.Timeout.String())
	}
	if o.ConnectTimeout != 0 {
		add("ConnectTimeout", o.ConnectTimeout.String())
	}
	if o.MaxConnsPerHost != 0 {
		add("MaxConnsPerHost", fmt.Sprint(o.MaxConnsPerHost))
	}
	if len(o.Headers) > 0 {
		names := make([]string, 0, len(o.Headers))
		for n := range o.Headers {
			names = append(names, n)
		}
		slices.Sort(names)
		hs := make([]string, len(names))
		for i, n := range names {
			hs[i] = fmt.Sprintf("%q: %q", n, redactHeader(n, o.Headers[n]))
		}
		add("Headers", "{"+strings.Join(hs, ", ")+"}")
	}
	if o.Retry.MaxAttempts > 1 {
		add("Retry", o.Retry.String())
	}
	return f
}

// String returns the options that are set, with secrets masked.
func (o Options) String() string {
	f := o.fields()
	parts := make([]string, len(f))
	for i, kv := range f {
		parts[i] = kv[0] + ": " + kv[1]
	}
	return "engine.Options{" + strings.Join(parts, ", ") + "}"
}

// GoString is String, so that %#v does not print secrets.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb, so that no verb prints secrets.
func (o Options) Format(s fmt.State, verb rune) { _, _ = fmt.Fprint(s, o.String()) }

// LogValue is a group of the options that are set, with secrets masked.
func (o Options) LogValue() slog.Value {
	f := o.fields()
	attrs := make([]slog.Attr, len(f))
	for i, kv := range f {
		attrs[i] = slog.String(kv[0], strings.Trim(kv[1], `"`))
	}
	return slog.GroupValue(attrs...)
}
