package engine

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// redacted replaces secret values in logs, errors and printed options.
const redacted = "***"

// sensitiveName reports whether a header, form field, query parameter, JSON key or XML element
// of this name carries a secret.
func sensitiveName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, s := range []string{"password", "passwd", "token", "secret"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// redactHeader masks the value of a sensitive header, keeping the scheme of an Authorization,
// and the token of a Negotiate (SPNEGO) value in any header (WWW-Authenticate included).
func redactHeader(name, value string) string {
	if scheme, tok, ok := strings.Cut(value, " "); ok && strings.EqualFold(scheme, "Negotiate") && strings.TrimSpace(tok) != "" {
		return scheme + " " + redacted
	}
	if !sensitiveName(name) || value == "" {
		return value
	}
	if scheme, _, ok := strings.Cut(value, " "); ok && strings.HasSuffix(strings.ToLower(name), "authorization") {
		return scheme + " " + redacted
	}
	return redacted
}

// redactHeaders returns the headers sorted by name as "Name: value" with secrets masked.
func redactHeaders(h http.Header) []string {
	out := make([]string, 0, len(h))
	for name, values := range h {
		for _, v := range values {
			out = append(out, name+": "+redactHeader(name, v))
		}
	}
	slices.Sort(out)
	return out
}

// redactURL masks the password of the user info and the values of sensitive query parameters.
// Strings that do not parse are returned as they are when they hold no '@' or '?'.
func redactURL(s string) string {
	if !strings.ContainsAny(s, "@?") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return redacted
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), redacted)
		}
	}
	if u.RawQuery != "" {
		u.RawQuery = redactQuery(u.RawQuery)
	}
	return u.String()
}

// redactQuery masks the values of sensitive fields of a form-encoded query or body, leaving the
// rest (and its order) untouched.
func redactQuery(q string) string {
	if !hasSensitiveField(q) {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, ok := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if ok && sensitiveName(name) {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + redacted
		}
	}
	return strings.Join(parts, "&")
}

func hasSensitiveField(q string) bool {
	l := strings.ToLower(q)
	for _, s := range []string{"password", "passwd", "token", "secret", "authorization", "cookie"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// xmlSecret matches the text of XML elements named like a secret (<password>, <root_password>,
// <token>, ...), for masking in traces. It is a mask over text, not a parser.
var xmlSecret = regexp.MustCompile(`(?i)(<[a-z_]*(?:password|passwd|token|secret)[a-z_]*(?:\s[^>]*)?>)([^<]*)`)

var (
	// ticketElem matches a console ticket (<ticket>, <proxy_ticket>) or an OpenStack volume key,
	// whose secret is the text of a <value> child: not named like a secret.
	ticketElem = regexp.MustCompile(`(?s)<(?:proxy_ticket|ticket|openstack_volume_authentication_key)(?:\s[^>]*)?>.*?</(?:proxy_ticket|ticket|openstack_volume_authentication_key)>`)
	valueElem  = regexp.MustCompile(`(<value(?:\s[^>]*)?>)([^<]*)`)
	// transferURL matches the data URLs of an image transfer, whose last segment is the ticket
	// that grants access to the disk's bytes.
	transferURL = regexp.MustCompile(`(<(?:transfer_url|proxy_url)(?:\s[^>]*)?>[^<]*/)([^/<]+)`)
	// formSecret and jsonSecret match secret-named fields of a form-encoded or JSON body that a
	// misbehaving server or proxy echoes back (in an error page, say).
	formSecret = regexp.MustCompile(`(?i)((?:^|[&?\s])[a-z_]*(?:password|passwd|token|secret)[a-z_]*=)([^&\s]*)`)
	jsonSecret = regexp.MustCompile(`(?i)("[a-z_]*(?:password|passwd|token|secret)[a-z_]*"\s*:\s*")((?:[^"\\]|\\.)*)`)
)

// redactXML masks the secrets of a body for the debug trace and error snippets: the text of
// secret-named XML elements, the <value> of console tickets, the ticket in image transfer URLs,
// and secret-named form and JSON fields.
func redactXML(b []byte) string {
	s := string(b)
	if hasSensitiveField(s) {
		s = xmlSecret.ReplaceAllString(s, "${1}"+redacted)
		s = formSecret.ReplaceAllString(s, "${1}"+redacted)
		s = jsonSecret.ReplaceAllString(s, "${1}"+redacted)
	}
	if strings.Contains(s, "_url>") {
		s = transferURL.ReplaceAllString(s, "${1}"+redacted)
	}
	if strings.Contains(s, "ticket") || strings.Contains(s, "authentication_key") {
		s = ticketElem.ReplaceAllStringFunc(s, func(t string) string {
			return valueElem.ReplaceAllString(t, "${1}"+redacted)
		})
	}
	return s
}

// redactJSON masks the values of secret-named keys of a decoded JSON object.
func redactJSON(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		if sensitiveName(k) || k == "id_token" {
			x = redacted
		}
		out[k] = x
	}
	return out
}

// snippet is a short, single-line view of a body for error messages: HTML tags dropped, white
// space collapsed, at most 200 characters; secrets masked.
func snippet(b []byte) string {
	s := redactXML(b)
	var out strings.Builder
	inTag, space := false, false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
			space = true
		case inTag:
		case r == ' ' || r == '\n' || r == '\r' || r == '\t':
			space = true
		default:
			if space && out.Len() > 0 {
				out.WriteByte(' ')
			}
			space = false
			out.WriteRune(r)
		}
		if out.Len() >= 200 {
			return out.String() + "..."
		}
	}
	return out.String()
}
