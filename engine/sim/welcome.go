package sim

import "net/http"

// Paths of the engine's web application outside the API.
const (
	// EnginePath is the engine's web application: its welcome page, not the API.
	EnginePath = "/ovirt-engine"
	// ssoLoginPath is where the welcome page sends a browser without a session to log in.
	ssoLoginPath = "/ovirt-engine/sso/login.html"
)

// serveWelcome answers the engine's web application root the way an engine does for a client
// without a browser session: the welcome page sends it to the SSO login page, which sends it back
// to the welcome page for lack of a session cookie. An API client pointed at /ovirt-engine
// instead of /ovirt-engine/api so sees a redirect loop, never an API answer.
func serveWelcome(w http.ResponseWriter, r *http.Request) {
	target := ssoLoginPath + "?app_url=" + EnginePath + "/"
	if r.URL.Path == ssoLoginPath {
		target = EnginePath + "/"
	}
	http.Redirect(w, r, target, http.StatusFound)
}
