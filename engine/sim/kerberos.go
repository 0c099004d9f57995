package sim

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/jcmturner/goidentity/v6"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/service"
	"github.com/jcmturner/gokrb5/v8/spnego"
)

// TokenHTTPAuthPath is the SSO endpoint that issues a token to the user the HTTP layer
// authenticated: Kerberos (SPNEGO) when the simulator has a keytab, or Basic credentials.
const TokenHTTPAuthPath = "/ovirt-engine/sso/oauth/token-http-auth"

// httpGrant is the grant type token-http-auth takes.
const httpGrant = "urn:ovirt:params:oauth:grant-type:http"

// newKerberos returns the SPNEGO handler that wraps next with the verification of the client's
// Negotiate token against the service key of opts.Keytab, or nil when there is no keytab.
func newKerberos(opts Options, next http.Handler) (http.Handler, error) {
	if opts.Keytab == "" {
		if opts.ServicePrincipal != "" {
			return nil, fmt.Errorf("sim: a service principal needs a keytab")
		}
		return nil, nil
	}
	kt, err := keytab.Load(opts.Keytab)
	if err != nil {
		return nil, fmt.Errorf("sim: keytab %s: %w", opts.Keytab, err)
	}
	settings := []func(*service.Settings){service.DecodePAC(false)}
	if p := opts.ServicePrincipal; p != "" {
		if !keytabHolds(kt, p) {
			return nil, fmt.Errorf("sim: the keytab %s holds no key for %s", opts.Keytab, p)
		}
		settings = append(settings, service.KeytabPrincipal(p))
	}
	return spnego.SPNEGOKRB5Authenticate(next, kt, settings...), nil
}

// keytabHolds reports whether kt has a key for the principal "service/host@REALM".
func keytabHolds(kt *keytab.Keytab, principal string) bool {
	name, realm, ok := strings.Cut(principal, "@")
	if !ok {
		return false
	}
	for _, e := range kt.Entries {
		if e.Principal.Realm == realm && strings.Join(e.Principal.Components, "/") == name {
			return true
		}
	}
	return false
}

// serveTokenHTTPAuth is POST /ovirt-engine/sso/oauth/token-http-auth. Basic credentials go
// straight to the grant (as the engine's Apache lets them through); anything else must pass
// SPNEGO when there is a keytab. Without one, the server offers Basic only, like an engine whose
// web server has no Kerberos module configured.
func (s *Server) serveTokenHTTPAuth(w http.ResponseWriter, r *http.Request) {
	if scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Basic") {
		u, p, ok := r.BasicAuth()
		if !ok || !s.tokens.valid(u, p) {
			writeSSOError(w, http.StatusBadRequest, "access_denied",
				"Cannot authenticate user '"+u+"': The username or password is incorrect..")
			return
		}
		s.tokens.grantHTTP(w, r, u)
		return
	}
	if s.kerberos == nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="ovirt-engine"`)
		writeHTMLError(w, http.StatusUnauthorized)
		return
	}
	s.kerberos.ServeHTTP(w, r)
}

// serveKerberosGrant runs after a successful SPNEGO verification: the Kerberos principal
// alice@EXAMPLE.TEST is the engine user alice@example.test (an engine's authz profile for a realm
// is named after its domain, in lower case).
func (s *Server) serveKerberosGrant(w http.ResponseWriter, r *http.Request) {
	id := goidentity.FromHTTPRequestContext(r)
	if id == nil || !id.Authenticated() {
		writeSSOError(w, http.StatusBadRequest, "access_denied", "No Kerberos identity in the request.")
		return
	}
	s.tokens.grantHTTP(w, r, id.UserName()+"@"+strings.ToLower(id.Domain()))
}

// grantHTTP answers the token-http-auth form of an authenticated user with a token.
func (s *tokenStore) grantHTTP(w http.ResponseWriter, r *http.Request, user string) {
	if !parseSSOForm(w, r) {
		return
	}
	switch grant := r.Form.Get("grant_type"); {
	case grant == "":
		writeSSOError(w, http.StatusBadRequest, "invalid_request", "No grant_type found in request.")
	case grant != httpGrant:
		writeSSOError(w, http.StatusBadRequest, "unsupported_grant_type", "The grant type "+grant+" is not supported here.")
	case r.Form.Get("scope") == "":
		writeSSOError(w, http.StatusBadRequest, "invalid_scope", "No scope found in request.")
	default:
		s.writeToken(w, user)
	}
}
