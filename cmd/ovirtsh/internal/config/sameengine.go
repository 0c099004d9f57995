package config

import (
	"net"
	"net/url"
	"path"
	"strings"
)

// sameEngine reports whether two engine URLs name the same engine, as a password is concerned:
// same scheme, same host (case-insensitive, a trailing dot ignored), same port once the scheme's
// default is filled in, and same API path once normalised (dot segments and repeated or trailing
// slashes removed, no path meaning APIPath). https://Host and https://host:443/ovirt-engine/api/
// are the same engine; http://host, https://host:8443 and https://other are not. A URL that does
// not parse is the same as nothing.
func sameEngine(a, b string) bool {
	ka, okA := engineKey(a)
	kb, okB := engineKey(b)
	return okA && okB && ka == kb
}

// engineKey is the canonical form of an engine URL compared by sameEngine.
func engineKey(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	switch {
	case port != "":
	case scheme == "https":
		port = "443"
	case scheme == "http":
		port = "80"
	default:
		return "", false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", false
	}
	p := path.Clean("/" + u.Path)
	if p == "/" {
		p = APIPath
	}
	return scheme + "://" + net.JoinHostPort(host, port) + p, true
}
