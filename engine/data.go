package engine

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// This file is what packages that move bulk data beside the API (engine/transfer, for the
// imageio endpoints of image transfers) need from a Connection: its trust, its proxy and
// timeouts, and the classification of transport failures. Nothing else of the connection's
// internals is exported for them.

// UserAgent is the User-Agent header of every request the client makes.
const UserAgent = userAgent

// TLSConfig returns a copy of the connection's TLS settings (trusted CAs, client certificate,
// Insecure), for other endpoints the engine points to with the same trust: the imageio URLs of
// image transfers.
func (c *Connection) TLSConfig() *tls.Config { return c.transport.TLSClientConfig.Clone() }

// Timeout returns Options.Timeout, the bound of each API call (0: none).
func (c *Connection) Timeout() time.Duration { return c.opts.Timeout }

// ioBuffer is the size of a data connection's read and write buffers: large writes become full
// TLS records instead of 4 KiB ones.
const ioBuffer = 256 << 10

// DataTransport returns a new HTTP/1.1 transport for bulk data to an endpoint the engine points
// to (imageio): the connection's TLS settings, proxy and connect timeout, no compression, and
// buffers sized for large bodies. The caller closes its idle connections when done.
func (c *Connection) DataTransport() *http.Transport {
	connect := c.connectTimeout()
	dialer := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:               c.transport.Proxy,
		DialContext:         dialer.DialContext,
		TLSClientConfig:     c.TLSConfig(),
		TLSHandshakeTimeout: connect,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
		WriteBufferSize:     ioBuffer,
		ReadBufferSize:      ioBuffer,
	}
}

// TransportError classifies a failure to send a request made on a DataTransport, or to read its
// answer, as the API's failures are: KindConnection, KindTimeout, or KindOther for a cancelled
// ctx (the context of the request, whose cause tells a deadline from a cancellation).
// redactedURL must hold no secret; what is "" while sending, else e.g. "reading the image data".
func (c *Connection) TransportError(ctx context.Context, method, redactedURL, what string, err error) *Error {
	return c.transportError(ctx, method, redactedURL, what, err)
}
