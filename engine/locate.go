package engine

import (
	"errors"
	"net/url"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Service returns the typed service at path, walking the model's locators from the root service:
// "vms/123/nics" gives a *VmNicsService. path may be relative to the API root, absolute
// ("/ovirt-engine/api/vms/123") or a full URL on the engine (an href). Nothing is sent.
func (c *Connection) Service(path string) (any, error) {
	rel, query, err := c.apiPath(path)
	if err != nil {
		return nil, err
	}
	if query != "" {
		return nil, configError("bad service path %s: it has a query", quoteHref(path))
	}
	name, built := types.RootService, ""
	if rel != "" {
		for _, seg := range strings.Split(rel, "/") {
			value, _ := url.PathUnescape(seg) // apiPath checked the escapes
			svc := types.Service(name)
			loc := svc.LocatorAt(seg)
			if loc == nil {
				return nil, configError("no service at %s: %s has no locator for %q", quoteHref(path), svc.GoName, seg)
			}
			name, built = loc.Service, joinPath(built, value)
		}
	}
	return newService(name, c, built), nil
}

// CheckID refuses an id that cannot be sent as one segment of a service path: empty, or a dot
// segment ("." or ".."), also percent-encoded once or more ("%2e%2e", "%2E.") or as part of a
// path ("../x", "..%2Fx"). A front end that normalises paths would resolve it to another path:
// DELETE vms/X/nics/.. would become DELETE vms/X. The generated locators cannot return an error,
// so every request is checked again before it is sent.
func CheckID(id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return nil
}

func checkID(id string) *Error {
	if id == "" {
		return configError("refusing the id \"\": an empty id would address the collection itself")
	}
	if hasDotSegment(id) {
		return configError("refusing the id %q: a path-normalising front end would resolve its dot segment to another path", id)
	}
	return nil
}

// hasDotSegment reports whether s, decoded up to four times, has a "." or ".." segment when split
// on slashes or backslashes.
func hasDotSegment(s string) bool {
	for range 4 {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '\\' }) {
			if part == "." || part == ".." {
				return true
			}
		}
		u, err := url.PathUnescape(s)
		if err != nil || u == s {
			return false
		}
		s = u
	}
	return false
}

// checkPath refuses a path relative to the API root (escaped, as sent) that has an empty or dot
// segment, naming the segment as the id it came from.
func checkPath(path string) *Error {
	if path == "" {
		return nil
	}
	for _, seg := range strings.Split(path, "/") {
		id, err := url.PathUnescape(seg)
		if err != nil {
			id = seg
		}
		if seg == "" || hasDotSegment(seg) {
			return checkID(id)
		}
	}
	return nil
}

// apiPath splits an address on the connection's engine into the path relative to the API root
// (escaped, as sent, checked by checkPath) and the raw query. href may be relative to the API
// root ("vms/123"), absolute ("/ovirt-engine/api/vms/123") or a full URL with the API URL's
// scheme and host (compared without case: host names are). Errors quote href with RedactURL.
func (c *Connection) apiPath(href string) (string, string, *Error) {
	u, err := url.Parse(href)
	if err != nil {
		return "", "", configError("bad address %s: %v", quoteHref(href), errors.Unwrap(err))
	}
	if u.IsAbs() || u.Host != "" {
		if !strings.EqualFold(u.Scheme, c.api.Scheme) || !strings.EqualFold(u.Host, c.api.Host) {
			return "", "", configError("%s is not on the connection's engine (%s)", quoteHref(href), c.apiURL)
		}
	}
	path := u.EscapedPath()
	if strings.HasPrefix(path, "/") {
		root := strings.TrimSuffix(c.api.EscapedPath(), "/")
		if path != root && !strings.HasPrefix(path, root+"/") {
			return "", "", configError("%s is not under the API root %s", quoteHref(href), root)
		}
		path = path[len(root):]
	}
	path = strings.Trim(path, "/")
	if strings.Contains(path, "//") {
		return "", "", configError("bad address %s: it has an empty segment", quoteHref(href))
	}
	if err := checkPath(path); err != nil {
		return "", "", err
	}
	return path, u.RawQuery, nil
}

// quoteHref quotes an address for a message, redacted.
func quoteHref(href string) string { return "'" + RedactURL(href) + "'" }

// ServiceOf returns the typed service at path like Service, checked to be of type S.
func ServiceOf[S any](c *Connection, path string) (S, error) {
	var zero S
	v, err := c.Service(path)
	if err != nil {
		return zero, err
	}
	s, ok := v.(S)
	if !ok {
		return zero, configError("the service at %q is %T, not %T", path, v, zero)
	}
	return s, nil
}
