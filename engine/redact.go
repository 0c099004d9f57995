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

// secretWords are the parts of a name that mark its value as a secret wherever they appear in it
// (root_password, X-Auth-Token, windows_license_key); secretNames are secrets only as whole names.
var (
	secretWords = []string{"password", "passwd", "passphrase", "token", "secret", "credential",
		"authorization", "cookie", "license_key", "private_key", "authentication_key"}
	secretNames = []string{"pw", "pwd", "pass", "ticket", "proxy_ticket"}
)

// IsSecretName reports whether a value of this name may be a secret: a header, form field, query
// parameter, JSON key, XML element, Lua variable or member. Names are compared in snake case, so
// "ProxyTicket", "proxy-ticket" and "proxy_ticket" are the same name. It is the one list the
// debug trace, error messages, printers and the REPL history use.
func IsSecretName(name string) bool {
	n := snakeName(name)
	if slices.Contains(secretNames, n) {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// MentionsSecret reports whether text (a chunk of Lua, a command line) has a word that
// IsSecretName: an identifier, a member or a string such as 'Authorization'.
func MentionsSecret(text string) bool {
	return slices.ContainsFunc(nameWord.FindAllString(text, -1), IsSecretName)
}

var nameWord = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_-]*`)

// snakeName lower-cases name with an underscore where a lower-case letter or digit meets an
// upper-case one and for each '-'.
func snakeName(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '-':
			r = '_'
		case r >= 'A' && r <= 'Z':
			if i > 0 && (name[i-1] >= 'a' && name[i-1] <= 'z' || name[i-1] >= '0' && name[i-1] <= '9') {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// redactHeader masks the value of a sensitive header, keeping the scheme of an Authorization,
// and the token of a Negotiate (SPNEGO) value in any header (WWW-Authenticate included).
func redactHeader(name, value string) string {
	if scheme, tok, ok := strings.Cut(value, " "); ok && strings.EqualFold(scheme, "Negotiate") && strings.TrimSpace(tok) != "" {
		return scheme + " " + redacted
	}
	if !IsSecretName(name) || value == "" {
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

// RedactURL returns a URL or href as messages and logs show it: whole, so that a foreign host
// shows, but never with its user info, and with the values of secret-named query parameters
// masked. A string that does not parse is shown only when it cannot hold credentials (no '@'
// or '?'). It is the one URL redactor of the module.
func RedactURL(s string) string {
	if !strings.ContainsAny(s, "@?") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(not shown: it does not parse and may hold credentials)"
	}
	u.User = nil
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
		if ok && IsSecretName(name) {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + redacted
		}
	}
	return strings.Join(parts, "&")
}

func hasSensitiveField(q string) bool {
	l := strings.ToLower(q)
	for _, s := range secretWords {
		if strings.Contains(l, strings.ReplaceAll(s, "_", "")) || strings.Contains(l, s) {
			return true
		}
	}
	return slices.ContainsFunc(secretNames, func(n string) bool { return strings.Contains(l, n) })
}

var (
	// ticketElem matches a console ticket (<ticket>, <proxy_ticket>) or an OpenStack volume key,
	// whose secret is the text of a <value> child: not named like a secret.
	ticketElem = regexp.MustCompile(`(?s)<(?:proxy_ticket|ticket|openstack_volume_authentication_key)(?:\s[^>]*)?>.*?</(?:proxy_ticket|ticket|openstack_volume_authentication_key)>`)
	valueElem  = regexp.MustCompile(`(<value(?:\s[^>]*)?>)([^<]*)`)
	// transferURL matches the data URLs of an image transfer, whose last segment is the ticket
	// that grants access to the disk's bytes.
	transferURL = regexp.MustCompile(`(<(?:transfer_url|proxy_url)(?:\s[^>]*)?>[^<]*/)([^/<]+)`)
	// xmlField, formField and jsonField match named values of an XML element's text, a
	// form-encoded body and a JSON body (that a misbehaving server or proxy echoes back in an
	// error page, say): group 2 is the name, group 3 the value. They are masks over text, not
	// parsers.
	xmlField  = regexp.MustCompile(`(<([A-Za-z_][A-Za-z0-9_]*)(?:\s[^>]*)?>)([^<]*)`)
	formField = regexp.MustCompile(`((?:^|[&?\s])([A-Za-z_][A-Za-z0-9_-]*)=)([^&\s]*)`)
	jsonField = regexp.MustCompile(`("([A-Za-z_][A-Za-z0-9_-]*)"\s*:\s*")((?:[^"\\]|\\.)*)`)
)

// maskNamed masks the values (group 3) of re's matches in s whose name (group 2) IsSecretName.
func maskNamed(re *regexp.Regexp, s string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if m[6] == m[7] || strings.TrimSpace(s[m[6]:m[7]]) == "" || !IsSecretName(s[m[4]:m[5]]) {
			continue
		}
		b.WriteString(s[last:m[6]])
		b.WriteString(redacted)
		last = m[7]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// redactXML masks the secrets of a body for the debug trace and error snippets: the text of
// secret-named XML elements, the <value> of console tickets, the ticket in image transfer URLs,
// and secret-named form and JSON fields.
func redactXML(b []byte) string {
	s := string(b)
	if hasSensitiveField(s) {
		s = maskNamed(xmlField, s)
		s = maskNamed(formField, s)
		s = maskNamed(jsonField, s)
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
		if IsSecretName(k) {
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
