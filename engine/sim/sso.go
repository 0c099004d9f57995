package sim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ssoScope is what a real engine grants for the password flow of the API.
const ssoScope = "ovirt-app-api ovirt-ext=token-info:authz-search ovirt-ext=token-info:public-authz-search " +
	"ovirt-ext=token-info:validate ovirt-ext=token:password-access"

// tokenStore holds the tokens issued by the SSO endpoint.
type tokenStore struct {
	clock    Clock
	lifetime time.Duration
	users    map[string]string // name → password

	mu     sync.Mutex
	tokens map[string]session
}

type session struct {
	user    string
	expires time.Time // zero: never
}

func newTokenStore(clock Clock, lifetime time.Duration, users []User) *tokenStore {
	m := make(map[string]string, len(users))
	for _, u := range users {
		m[u.Name] = u.Password
	}
	return &tokenStore{clock: clock, lifetime: lifetime, users: m, tokens: map[string]session{}}
}

// issue creates a token for user.
func (s *tokenStore) issue(user string) (string, session) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	sess := session{user: user}
	if s.lifetime > 0 {
		sess.expires = s.clock.Now().Add(s.lifetime)
	}
	s.mu.Lock()
	s.tokens[tok] = sess
	s.mu.Unlock()
	return tok, sess
}

// check reports the user a valid token belongs to; expired tokens are forgotten.
func (s *tokenStore) check(tok string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.tokens[tok]
	if !ok {
		return "", false
	}
	if !sess.expires.IsZero() && !s.clock.Now().Before(sess.expires) {
		delete(s.tokens, tok)
		return "", false
	}
	return sess.user, true
}

func (s *tokenStore) revoke(tok string) {
	s.mu.Lock()
	delete(s.tokens, tok)
	s.mu.Unlock()
}

// revokeAll forgets every token, as an engine restart or a session purge would.
func (s *tokenStore) revokeAll() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

func (s *tokenStore) valid(user, password string) bool {
	pw, ok := s.users[user]
	return ok && pw == password
}

// authenticate checks the Authorization header of an API request: a Bearer token from the SSO
// endpoint, or Basic credentials (which engines accept too).
func (s *tokenStore) authenticate(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	switch strings.ToLower(scheme) {
	case "bearer":
		return s.check(strings.TrimSpace(cred))
	case "basic":
		if u, p, ok := r.BasicAuth(); ok && s.valid(u, p) {
			return u, true
		}
	}
	return "", false
}

// serveToken is POST /ovirt-engine/sso/oauth/token: the password grant.
func (s *tokenStore) serveToken(w http.ResponseWriter, r *http.Request) {
	if !parseSSOForm(w, r) {
		return
	}
	grant := r.Form.Get("grant_type")
	switch {
	case grant == "":
		writeSSOError(w, http.StatusBadRequest, "invalid_request", "No grant_type found in request.")
		return
	case grant != "password":
		writeSSOError(w, http.StatusBadRequest, "unsupported_grant_type",
			"The grant type "+grant+" is not supported by this simulator.")
		return
	case r.Form.Get("scope") == "":
		writeSSOError(w, http.StatusBadRequest, "invalid_scope", "No scope found in request.")
		return
	}
	user, pw := r.Form.Get("username"), r.Form.Get("password")
	if user == "" || !s.valid(user, pw) {
		writeSSOError(w, http.StatusBadRequest, "access_denied",
			"Cannot authenticate user '"+user+"': The username or password is incorrect..")
		return
	}
	s.writeToken(w, user)
}

// writeToken issues a token for user and answers with it.
func (s *tokenStore) writeToken(w http.ResponseWriter, user string) {
	tok, sess := s.issue(user)
	exp := sess.expires
	if exp.IsZero() {
		exp = s.clock.Now().Add(10 * 365 * 24 * time.Hour)
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"access_token": tok,
		"token_type":   "bearer",
		"scope":        ssoScope,
		"exp":          strconv.FormatInt(exp.UnixMilli(), 10),
	})
}

// parseSSOForm parses the form of a token request, answering the error when it cannot.
func parseSSOForm(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		writeSSOError(w, http.StatusMethodNotAllowed, "invalid_request", "Method not allowed.")
		return false
	}
	if err := r.ParseForm(); err != nil {
		writeSSOError(w, http.StatusBadRequest, "invalid_request", "Malformed request: "+err.Error())
		return false
	}
	return true
}

// serveLogout is POST /ovirt-engine/services/sso-logout: revokes the form's token. Unknown or
// empty tokens (go-ovirt sends an empty one) are accepted, as revocation is idempotent.
func (s *tokenStore) serveLogout(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeSSOError(w, http.StatusBadRequest, "invalid_request", "Malformed request: "+err.Error())
		return
	}
	if tok := r.Form.Get("token"); tok != "" {
		s.revoke(tok)
	}
	writeJSON(w, http.StatusOK, map[string]string{})
}

// writeSSOError answers like the engine's SSO servlets: a JSON object with error_code and error
// (the human-readable text). Never 401: go-ovirt would read that as HTML.
func writeSSOError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"error_code": code, "error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
