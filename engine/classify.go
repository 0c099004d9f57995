package engine

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// errRequestTimeout is the cancellation cause of a call that ran past Options.Timeout.
var errRequestTimeout = errors.New("request timeout")

// transportError turns a failure to send a request or read its response into an *Error of kind
// Connection or Timeout (KindOther for a cancelled call). ctx is the context of the call, whose
// cause tells a deadline from a cancellation. what is "" while sending, or e.g. "reading the
// response body".
func (c *Connection) transportError(ctx context.Context, method, redactedURL, what string, err error) *Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its message repeats the URL unredacted
	}
	e := &Error{Kind: KindConnection, Method: method, URL: redactedURL, Err: err}
	e.Msg = c.describeTransport(ctx, e, err)
	if what != "" {
		e.Msg = what + ": " + e.Msg
	}
	return e
}

// causes holds several causes of one failure: errors.Is and errors.As see each of them, and its
// message is the first one's. Unlike errors.Join it keeps an error message on one line (the
// others repeat it, e.g. the internal "request timeout" cause behind a deadline).
type causes []error

func (c causes) Error() string   { return c[0].Error() }
func (c causes) Unwrap() []error { return c }

// describeTransport sets e.Kind and returns the message for a transport failure.
func (c *Connection) describeTransport(ctx context.Context, e *Error, err error) string {
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		switch {
		case errors.Is(cause, errRequestTimeout):
			e.Kind = KindTimeout
			e.Err = causes{context.DeadlineExceeded, err}
			return fmt.Sprintf("the request timed out after %s", c.opts.Timeout)
		case errors.Is(cause, context.DeadlineExceeded):
			e.Kind = KindTimeout
			return "the context deadline was exceeded"
		default:
			e.Kind = KindOther
			if !errors.Is(err, cause) {
				e.Err = causes{cause, err}
			}
			return "the call was canceled"
		}
	}
	var (
		dnsErr     *net.DNSError
		verifyErr  *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
		netErr     net.Error
		opErr      *net.OpError
	)
	proxy := errors.As(err, &opErr) && opErr.Op == "proxyconnect"
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve host %q", dnsErr.Name)
	case errors.As(err, &verifyErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalidErr):
		return c.describeTLS(err)
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server did not answer with TLS (is the URL's scheme right?)"
	case strings.Contains(err.Error(), "remote error: tls: "):
		_, alert, _ := strings.Cut(err.Error(), "remote error: ")
		msg := "the server refused the TLS handshake (" + alert + ")"
		if strings.Contains(alert, "certificate") {
			msg += ": check the client certificate options (ClientCertFile, ClientKeyFile)"
		}
		return msg
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
		if strings.Contains(err.Error(), "TLS handshake timeout") {
			return fmt.Sprintf("the TLS handshake timed out after %s", c.connectTimeout())
		}
		if opErr != nil && (opErr.Op == "dial" || proxy) {
			return fmt.Sprintf("connecting timed out after %s", c.connectTimeout())
		}
		return "the network operation timed out"
	case errors.Is(err, syscall.ECONNREFUSED):
		if proxy {
			return "the proxy refused the connection"
		}
		return "the connection was refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "the connection was reset by the server"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the response is truncated: the connection closed early"
	case errors.Is(err, io.EOF):
		return "the server closed the connection without answering"
	case proxy:
		return "cannot connect through the proxy"
	}
	return "the request failed"
}

// describeTLS names the CA the server certificate was checked against and its problem.
func (c *Connection) describeTLS(err error) string {
	trust := "the system's trusted CAs"
	switch {
	case c.opts.CAFile != "" && len(c.opts.CACerts) > 0:
		trust = fmt.Sprintf("the CA file %q and Options.CACerts", c.opts.CAFile)
	case c.opts.CAFile != "":
		trust = fmt.Sprintf("the CA file %q", c.opts.CAFile)
	case len(c.opts.CACerts) > 0:
		trust = "Options.CACerts"
	}
	var (
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
	)
	problem := "the certificate is not valid"
	switch {
	case errors.As(err, &unknownCA):
		problem = "the server certificate is signed by an unknown authority"
		if unknownCA.Cert != nil {
			problem += fmt.Sprintf(" (issuer %q)", unknownCA.Cert.Issuer.String())
		}
	case errors.As(err, &hostErr):
		problem = "the server certificate is not valid for host " + hostErr.Host
	case errors.As(err, &invalidErr):
		switch invalidErr.Reason {
		case x509.Expired:
			problem = "the server certificate has expired or is not yet valid"
			if invalidErr.Cert != nil {
				problem += fmt.Sprintf(" (valid %s to %s)",
					invalidErr.Cert.NotBefore.UTC().Format(time.DateOnly),
					invalidErr.Cert.NotAfter.UTC().Format(time.DateOnly))
			}
		default:
			problem = "the server certificate is not valid: " + invalidErr.Detail
		}
	}
	return fmt.Sprintf("TLS certificate verification against %s failed: %s", trust, problem)
}

// retryableTransport reports whether a failed attempt may be sent again: the connection was
// refused, reset or closed before an answer. Timeouts, TLS and DNS failures are not retried.
func retryableTransport(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
