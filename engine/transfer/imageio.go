package transfer

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Endpoints of an image transfer, as Result.Endpoint names them.
const (
	EndpointTransferURL = "transfer_url" // the imageio daemon on the host
	EndpointProxyURL    = "proxy_url"    // the imageio proxy on the engine
)

// imageio talks to the data endpoint of one image transfer.
type imageio struct {
	c        *engine.Connection
	hc       *http.Client
	tr       *http.Transport
	url      string // the endpoint in use, with the ticket
	logURL   string // url with the ticket masked, for errors
	endpoint string // EndpointTransferURL or EndpointProxyURL
	features map[string]bool
	// maxWriters is how many connections may write at once; servers that do not say allow one.
	maxWriters int
	// idle bounds the silence of each request: no byte sent or received for that long fails it.
	idle time.Duration
}

// openImageio finds a working endpoint of the transfer: the transfer URL (straight to the host)
// first, the proxy URL when the host cannot be reached or refuses; OPTIONS tells the features.
func openImageio(ctx context.Context, c *engine.Connection, x *types.ImageTransfer, idle time.Duration) (*imageio, error) {
	tr := c.DataTransport()
	if idle <= 0 {
		idle = cmp.Or(c.Timeout(), defaultInactivity)
	}
	d := &imageio{c: c, tr: tr, hc: &http.Client{Transport: tr}, idle: idle}
	var errs []error
	for _, ep := range []struct{ name, url string }{
		{EndpointTransferURL, x.GetTransferUrl()}, {EndpointProxyURL, x.GetProxyUrl()},
	} {
		if ep.url == "" {
			continue
		}
		d.url, d.logURL, d.endpoint = ep.url, maskTicket(ep.url), ep.name
		err := d.options(ctx)
		if err == nil {
			return d, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", ep.name, err))
		if ctx.Err() != nil {
			break
		}
	}
	tr.CloseIdleConnections()
	switch len(errs) {
	case 0:
		return nil, &engine.Error{Kind: engine.KindOther, Msg: "the image transfer has neither a transfer_url nor a proxy_url"}
	case 1:
		return nil, errs[0]
	}
	return nil, fmt.Errorf("%w; %w", errs[0], errs[1])
}

func (d *imageio) close() { d.tr.CloseIdleConnections() }

// masked replaces a secret in messages, as the engine's redaction does.
const masked = "***"

// maskTicket hides the ticket (the last path segment), which grants access to the disk.
func maskTicket(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return masked
	}
	path := u.EscapedPath()
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		path = path[:i+1] + masked
	}
	return u.Scheme + "://" + u.Host + path
}

// options asks the endpoint for its features. Old servers answer 405 or 204: they know only
// GET and PUT.
func (d *imageio) options(ctx context.Context) error {
	resp, err := d.send(ctx, http.MethodOptions, "", nil, 0, nil)
	if err != nil {
		return err
	}
	defer drain(resp)
	d.features, d.maxWriters = map[string]bool{}, 1
	switch resp.StatusCode {
	case http.StatusMethodNotAllowed, http.StatusNoContent:
		return nil
	case http.StatusOK:
	default:
		return d.statusError(http.MethodOptions, resp)
	}
	var doc struct {
		Features   []string `json:"features"`
		MaxWriters int      `json:"max_writers"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&doc); err != nil {
		return &engine.Error{Kind: engine.KindOther, Method: http.MethodOptions, URL: d.logURL, Msg: "malformed OPTIONS answer", Err: err}
	}
	for _, f := range doc.Features {
		d.features[f] = true
	}
	d.maxWriters = max(1, doc.MaxWriters)
	return nil
}

// send makes one request to the endpoint (path is appended to it, "" or "/extents").
func (d *imageio) send(ctx context.Context, method, path string, body io.Reader, n int64, header map[string]string) (*http.Response, error) {
	u := d.url + path
	if method == http.MethodPut && d.features["flush"] {
		u += "?flush=n" // flushed once at the end
	}
	rctx, w := watch(ctx, d.idle)
	if body != nil {
		body = &watchedUpload{r: body, w: w}
	}
	req, err := http.NewRequestWithContext(rctx, method, u, body)
	if err != nil {
		w.stop()
		return nil, &engine.Error{Kind: engine.KindOther, Method: method, URL: d.logURL, Msg: "invalid imageio URL", Err: err}
	}
	if body != nil {
		req.ContentLength = n
	}
	req.Header.Set("User-Agent", engine.UserAgent)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := d.hc.Do(req)
	if err != nil {
		defer w.stop()
		if e := d.idleError(rctx, method); e != nil {
			return nil, e
		}
		return nil, d.c.TransportError(ctx, method, d.logURL+path, "", err)
	}
	w.kick()
	resp.Body = &watchedBody{ReadCloser: resp.Body, ctx: rctx, w: w, method: method, d: d}
	return resp, nil
}

// drain reads what is left of a small answer so that its connection is reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// statusError reports an error answer with imageio's message (its body is plain text).
func (d *imageio) statusError(method string, resp *http.Response) *engine.Error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	msg := strings.TrimSpace(string(b))
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" {
		msg = "imageio refused the request"
	}
	return &engine.Error{Kind: engine.KindOther, Method: method, URL: d.logURL, Code: resp.StatusCode, Status: statusText(resp), Msg: msg}
}

// statusText is the reason phrase of an answer: the server's own, else the standard one.
func statusText(resp *http.Response) string {
	if _, text, ok := strings.Cut(resp.Status, " "); ok && text != "" {
		return text
	}
	return http.StatusText(resp.StatusCode)
}

// put writes p at off.
func (d *imageio) put(ctx context.Context, off int64, p []byte) error {
	resp, err := d.send(ctx, http.MethodPut, "", bytes.NewReader(p), int64(len(p)),
		map[string]string{"Content-Range": fmt.Sprintf("bytes %d-%d/*", off, off+int64(len(p))-1)})
	if err != nil {
		return err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		return d.statusError(http.MethodPut, resp)
	}
	return nil
}

// patch sends a PATCH operation (zero, flush).
func (d *imageio) patch(ctx context.Context, op map[string]any) error {
	b, _ := json.Marshal(op)
	resp, err := d.send(ctx, http.MethodPatch, "", bytes.NewReader(b), int64(len(b)),
		map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		return d.statusError(http.MethodPatch, resp)
	}
	return nil
}

func (d *imageio) zero(ctx context.Context, off, n int64) error {
	return d.patch(ctx, map[string]any{"op": "zero", "offset": off, "size": n})
}

// flush asks the server to write what it holds to storage; servers without the feature flushed
// every PUT already.
func (d *imageio) flush(ctx context.Context) error {
	if !d.features["flush"] {
		return nil
	}
	return d.patch(ctx, map[string]any{"op": "flush"})
}

// get opens bytes [off, off+n) of the image; n < 0 asks for the whole image, whose length is
// returned (-1 when the answer does not tell it).
func (d *imageio) get(ctx context.Context, off, n int64) (io.ReadCloser, int64, error) {
	var header map[string]string
	if n >= 0 {
		header = map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", off, off+n-1)}
	}
	resp, err := d.send(ctx, http.MethodGet, "", nil, 0, header)
	if err != nil {
		return nil, 0, err
	}
	want := http.StatusPartialContent
	if n < 0 {
		want = http.StatusOK
	}
	if resp.StatusCode != want && !(resp.StatusCode == http.StatusOK && off == 0) {
		defer drain(resp)
		return nil, 0, d.statusError(http.MethodGet, resp)
	}
	if n >= 0 && resp.ContentLength >= 0 && resp.ContentLength != n { // -1: chunked, counted while read
		drain(resp)
		return nil, 0, &engine.Error{Kind: engine.KindOther, Method: http.MethodGet, URL: d.logURL,
			Msg: fmt.Sprintf("asked for %d bytes at %d, the answer has %d", n, off, resp.ContentLength)}
	}
	return resp.Body, resp.ContentLength, nil
}

// extent is a run of the image that holds data or reads as zeros.
type extent struct {
	Start  int64 `json:"start"`
	Length int64 `json:"length"`
	Zero   bool  `json:"zero"`
}

// extents lists the image's data and zero runs (the "extents" feature).
func (d *imageio) extents(ctx context.Context) ([]extent, error) {
	resp, err := d.send(ctx, http.MethodGet, "/extents", nil, 0, nil)
	if err != nil {
		return nil, err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, d.statusError(http.MethodGet, resp)
	}
	var out []extent
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&out); err != nil {
		return nil, &engine.Error{Kind: engine.KindOther, Method: http.MethodGet, URL: d.logURL + "/extents", Msg: "malformed extents", Err: err}
	}
	var next int64
	for _, e := range out {
		if e.Start != next || e.Length < 0 {
			return nil, &engine.Error{Kind: engine.KindOther, Method: http.MethodGet, URL: d.logURL + "/extents",
				Msg: fmt.Sprintf("extents are not contiguous at %d", next)}
		}
		next += e.Length
	}
	return out, nil
}

// readError is a failure to read an answer's body, classified like the API's.
func (d *imageio) readError(ctx context.Context, err error) error {
	var e *engine.Error
	if errors.As(err, &e) {
		return err
	}
	return d.c.TransportError(ctx, http.MethodGet, d.logURL, "reading the image data", err)
}
