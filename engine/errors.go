package engine

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Kind classifies an *Error.
type Kind uint8

const (
	// KindOther is any failure not covered by the other kinds: a fault with another status, an
	// unexpected or malformed response, an invalid option, a cancelled call.
	KindOther Kind = iota
	// KindAuth is a failed SSO login or revoke, or an API answer 401 or 403.
	KindAuth
	// KindNotFound is an API answer 404.
	KindNotFound
	// KindConnection is a failure to reach the engine or to keep talking to it: refused
	// connection, unknown host, TLS verification failure, connection reset, truncated body, a
	// 502, 503 or 504 from a proxy in front of the engine (a body other than the engine's fault).
	KindConnection
	// KindTimeout is a call that ran out of time (Options.Timeout, ConnectTimeout or the
	// context's deadline).
	KindTimeout
	// KindConflict is an API answer 409: the request clashes with the engine's state, such as a
	// name already in use.
	KindConflict
	// KindInvalid is an API answer 400: the engine refused the request's content (a missing or
	// malformed input).
	KindInvalid
)

var kindNames = [...]string{"other", "auth", "not found", "connection", "timeout", "conflict", "invalid"}

// String returns "other", "auth", "not found", "connection", "timeout", "conflict" or "invalid".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ErrClosed is the cause of the error returned by calls on a closed Connection.
var ErrClosed = errors.New("the connection is closed")

// Error is the error type of the package: every failure of a call is an *Error. Check it with
// errors.As; errors.Is sees the wrapped cause (context.Canceled, ErrClosed, a *net.OpError, ...).
//
// Its message has the form of the other oVirt SDKs, after the method and URL:
//
//	GET https://engine/ovirt-engine/api/vms/junk: Fault reason is "Operation Failed". Fault detail is "Entity not found: junk". HTTP response code is 404 (Not Found).
type Error struct {
	Kind Kind
	// Method and URL of the request; the URL includes the query, with secret values redacted.
	// Both are empty for errors raised before any request (invalid options).
	Method string
	URL    string
	// Code and Status are the HTTP status code and text ("Not Found"), 0 and "" when no response
	// arrived.
	Code   int
	Status string
	// Reason and Detail come from the engine's <fault>, or from the SSO reply's error and
	// error_description.
	Reason string
	Detail string
	// Msg says what went wrong when there is no fault, e.g. "connection refused".
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error returns "<method> <url>: <msg>. Fault reason is "...". Fault detail is "...". HTTP
// response code is <code> (<status>).: <cause>", leaving out the parts that are empty.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Method != "" || e.URL != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.URL))
		b.WriteString(": ")
	}
	sep := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), ": ") {
			b.WriteByte(' ')
		}
	}
	if e.Msg != "" {
		b.WriteString(e.Msg)
		if e.Reason != "" || e.Detail != "" || e.Code != 0 {
			b.WriteByte('.')
		}
	}
	if e.Reason != "" {
		sep()
		fmt.Fprintf(&b, "Fault reason is \"%s\".", e.Reason)
	}
	if e.Detail != "" {
		sep()
		fmt.Fprintf(&b, "Fault detail is \"%s\".", e.Detail)
	}
	if e.Code != 0 {
		sep()
		fmt.Fprintf(&b, "HTTP response code is %d", e.Code)
		if e.Status != "" {
			fmt.Fprintf(&b, " (%s)", e.Status)
		}
		b.WriteByte('.')
	}
	if e.Err != nil {
		if e.Msg == "" && e.Reason == "" && e.Detail == "" && e.Code == 0 {
			b.WriteString(e.Err.Error())
		} else {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// kindOfStatus maps an HTTP status of an error response to a Kind.
func kindOfStatus(code int) Kind {
	switch code {
	case http.StatusUnauthorized, http.StatusForbidden:
		return KindAuth
	case http.StatusNotFound:
		return KindNotFound
	case http.StatusConflict:
		return KindConflict
	case http.StatusBadRequest:
		return KindInvalid
	}
	return KindOther
}

// gatewayStatus reports whether code is what a proxy or gateway answers when it cannot reach or
// hear from the server behind it: 502, 503 or 504.
func gatewayStatus(code int) bool {
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable ||
		code == http.StatusGatewayTimeout
}

// kindOfForeignAnswer is the Kind of an error response whose body is not the engine's own (not
// its XML fault, not its SSO JSON): a 502, 503 or 504 then comes from a proxy in front of the
// engine that could not reach it, a communication failure like a refused connection. Other
// codes are classified as kindOfStatus does.
func kindOfForeignAnswer(code int) Kind {
	if gatewayStatus(code) {
		return KindConnection
	}
	return kindOfStatus(code)
}

// proxyAnswer is the message of a 502, 503 or 504 whose body is not the engine's: what says
// (`content type "text/html"`), then the gist of the body.
func proxyAnswer(what string, body []byte) string {
	msg := "no answer from the engine: a proxy or gateway answered for it with " + what
	if s := snippet(body); s != "" {
		msg += ": " + s
	}
	return msg
}

// proxyContent is proxyAnswer for a body of content type ct, neither XML nor JSON.
func proxyContent(ct string, body []byte) string {
	if ct == "" {
		ct = "none"
	}
	return proxyAnswer(fmt.Sprintf("content type %q", ct), body)
}

// statusText is the reason phrase of an HTTP response: the server's own when it sent one
// ("404 Not Found" → "Not Found"), else the standard one.
func statusText(resp *http.Response) string {
	if _, text, ok := strings.Cut(resp.Status, " "); ok && text != "" {
		return text
	}
	return http.StatusText(resp.StatusCode)
}

// configError is an invalid option or argument, found before any request.
func configError(format string, args ...any) *Error {
	return &Error{Kind: KindOther, Msg: fmt.Sprintf(format, args...)}
}
