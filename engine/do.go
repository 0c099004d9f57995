package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// request is one API call of a generated service method.
type request struct {
	Method  string            // GET POST PUT DELETE
	Path    string            // relative to the API root, e.g. "vms/123/start"; "" is the root
	Query   url.Values        // form-encoded, sorted by name
	Headers map[string]string // per call, wins over connection-wide headers
	Body    func(w *xmlstream.Writer)
}

// do sends req and streams the answer into decode:
//
//   - The body (when req.Body is set) is written once into memory, so that it can be sent again
//     after a new login or a retry.
//   - A 2xx answer whose document is a <fault>, or an <action> holding a <fault>, is an *Error.
//     Any other document is given to decode, positioned on its root element (Root was called:
//     decode reads that element, e.g. with xmlcodec.ReadVm, and must not call Root again). An
//     <action> document is read twice (checked for a fault, then decoded), so it is held in
//     memory. Bodies up to 32 KiB are read whole before decoding; longer ones stream.
//   - decode nil ignores the document; a 2xx answer with an empty body is then a success
//     (remove answered 200 or 204). With decode set, an empty body is an error.
//   - Any other status is an *Error with the fault of the body, or with its content type and a
//     snippet when it is not XML (an HTML error page).
//   - A body that is not XML, is truncated or fails in decode is an *Error: the caller must
//     drop whatever decode built.
//
// Options.Timeout bounds the whole call, decoding included.
func (c *Connection) do(ctx context.Context, req *request, decode func(r *xmlstream.Reader) error) error {
	if decode == nil {
		return c.doRoot(ctx, req, nil)
	}
	return c.doRoot(ctx, req, func(_ []byte, r *xmlstream.Reader) error { return decode(r) })
}

// rootDecoder is a decode callback that is also given the name of the root element (valid until
// its first call on r).
type rootDecoder func(root []byte, r *xmlstream.Reader) error

// doRoot is do with a decode callback that also gets the name of the root element.
func (c *Connection) doRoot(ctx context.Context, req *request, decode rootDecoder) error {
	if err := c.checkOpen(); err != nil {
		err.Method, err.URL = req.Method, RedactURL(c.endpoint(req.Path))
		return err
	}
	if !methodOK(req.Method) {
		return configError("unsupported HTTP method %q", req.Method)
	}
	if err := checkPath(req.Path); err != nil {
		err.Method, err.URL = req.Method, RedactURL(c.endpoint(req.Path))
		return err
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = encode(req.Body); err != nil {
			return &Error{Kind: KindOther, Method: req.Method, URL: RedactURL(c.endpoint(req.Path)),
				Msg: "encoding the request body", Err: err}
		}
	}
	cl, err := c.newCall(req.Method, req.Path, req.Query, req.Headers, body)
	if err != nil {
		return err
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	resp, err := c.exchange(ctx, cl)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	rd := &bodyReader{r: resp.Body}
	if c.tracing(ctx) {
		rd.trace = &bytes.Buffer{}
		defer func() {
			c.log.DebugContext(ctx, "http response body", "method", cl.method, "url", cl.logURL,
				"bytes", rd.n, "body", redactXML(rd.trace.Bytes()))
		}()
	}
	if resp.StatusCode/100 != 2 {
		return c.statusError(ctx, cl, resp, rd)
	}
	return c.decodeBody(ctx, cl, resp, rd, decode)
}

// smallBody is the size up to which a 2xx body is read whole and decoded from memory: a
// streaming reader costs a 64 KiB buffer, far more than decoding a small document. Longer bodies
// stream.
const smallBody = 32 << 10

// bodyBufs holds the read buffers of responses: a body is read into the first smallBody bytes,
// and the streaming reader of a longer one goes on in the same buffer.
var bodyBufs = sync.Pool{New: func() any { b := make([]byte, 2*smallBody); return &b }}

// decodeBody reads a 2xx answer.
func (c *Connection) decodeBody(ctx context.Context, cl *call, resp *http.Response, rd *bodyReader,
	decode rootDecoder) error {
	if resp.ContentLength == 0 || resp.StatusCode == http.StatusNoContent {
		return c.emptyBody(cl, resp, decode)
	}
	bp := bodyBufs.Get().(*[]byte)
	defer bodyBufs.Put(bp) // decode copies what it keeps (xmlstream's contract)
	n, err := io.ReadFull(rd, (*bp)[:smallBody])
	whole := err == io.EOF || err == io.ErrUnexpectedEOF
	if rd.err != nil || (err != nil && !whole) {
		return c.readError(ctx, cl, resp, rd, err)
	}
	head := (*bp)[:n]
	if n == 0 {
		return c.emptyBody(cl, resp, decode)
	}
	if ct := resp.Header.Get("Content-Type"); !isXML(ct) {
		return c.responseError(cl, resp, KindOther, c.unexpectedXML(ct, head[:min(n, snippetBytes)]), nil)
	}
	var r *xmlstream.Reader
	if whole {
		r = xmlstream.NewReaderBytes(head)
	} else {
		rd.rec.Write(head) // in case it is an <action>, to be read twice
		rd.record = true
		r = c.newReaderBuffer(rd, head)
	}
	name, err := r.Root()
	if err != nil {
		return c.readError(ctx, cl, resp, rd, err)
	}
	switch string(name) {
	case "fault":
		f, err := readFault(r)
		if err != nil {
			return c.readError(ctx, cl, resp, rd, err)
		}
		return c.faultError(cl, resp, f)
	case "action":
		f, err := readActionFault(r)
		if err == nil && !whole {
			err = rd.drain(actionLimit)
		}
		if err != nil {
			return c.readError(ctx, cl, resp, rd, err)
		}
		if f != nil {
			return c.faultError(cl, resp, f)
		}
		if decode == nil {
			return nil
		}
		doc := head
		if !whole {
			doc = rd.rec.Bytes()
		}
		r = xmlstream.NewReaderBytes(doc)
		if name, err = r.Root(); err != nil {
			return c.readError(ctx, cl, resp, rd, err)
		}
	}
	rd.stopRecording()
	if decode == nil {
		return nil
	}
	if err := decode(name, r); err != nil {
		return c.readError(ctx, cl, resp, rd, err)
	}
	if !whole { // the document is complete; drain a little so that the connection can be reused
		_, _ = io.CopyN(io.Discard, rd.r, 4<<10)
	}
	return nil
}

// emptyBody is the outcome of a 2xx answer without body: success unless a document was expected.
func (c *Connection) emptyBody(cl *call, resp *http.Response, decode rootDecoder) error {
	if decode == nil {
		return nil
	}
	return c.responseError(cl, resp, KindOther, "the response body is empty", nil)
}

// actionLimit caps the size of an <action> answer, which is held in memory.
const actionLimit = 16 << 20

// snippetBytes is how much of a body that is not XML is read for the error message.
const snippetBytes = 4 << 10

// statusError reads the answer of a non-2xx status into an *Error.
func (c *Connection) statusError(ctx context.Context, cl *call, resp *http.Response, rd *bodyReader) error {
	kind := kindOfStatus(resp.StatusCode)
	if resp.StatusCode/100 == 3 {
		msg := "the engine answered with a redirect"
		if loc := resp.Header.Get("Location"); loc != "" {
			msg += " to " + RedactURL(loc) + " (check the URL option)"
		}
		return c.responseError(cl, resp, kind, msg, nil)
	}
	body, err := io.ReadAll(io.LimitReader(rd, 1<<20))
	if err != nil {
		return c.readError(ctx, cl, resp, rd, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return c.responseError(cl, resp, kind, "", nil)
	}
	// A 502, 503 or 504 with anything but a fault comes from a proxy that cannot reach the
	// engine: a communication failure, not an answer of the engine.
	gateway := gatewayStatus(resp.StatusCode)
	ct := resp.Header.Get("Content-Type")
	if !isXML(ct) {
		if gateway {
			return c.responseError(cl, resp, kindOfForeignAnswer(resp.StatusCode), proxyContent(ct, body), nil)
		}
		return c.responseError(cl, resp, kind, c.unexpectedXML(ct, body), nil)
	}
	r := xmlstream.NewReaderBytes(body)
	name, err := r.Root()
	var f *types.Fault
	switch {
	case err != nil:
	case string(name) == "fault":
		f, err = readFault(r)
	case string(name) == "action":
		f, err = readActionFault(r)
	}
	if err != nil {
		if gateway {
			msg := proxyAnswer("a body that is not valid XML", body)
			return c.responseError(cl, resp, kindOfForeignAnswer(resp.StatusCode), msg, err)
		}
		return c.responseError(cl, resp, kind, "the error response is not valid XML: "+snippet(body), err)
	}
	if f == nil {
		if gateway {
			msg := proxyAnswer(fmt.Sprintf("<%s>", name), body)
			return c.responseError(cl, resp, kindOfForeignAnswer(resp.StatusCode), msg, nil)
		}
		return c.responseError(cl, resp, kind, fmt.Sprintf("expected a fault, but got <%s>", name), nil)
	}
	e := c.faultError(cl, resp, f)
	e.Kind = kind
	return e
}

// responseError is an error about a response.
func (c *Connection) responseError(cl *call, resp *http.Response, kind Kind, msg string, err error) *Error {
	return &Error{Kind: kind, Method: cl.method, URL: cl.logURL, Code: resp.StatusCode,
		Status: statusText(resp), Msg: msg, Err: err}
}

// faultError is the error of a <fault>.
func (c *Connection) faultError(cl *call, resp *http.Response, f *types.Fault) *Error {
	e := c.responseError(cl, resp, kindOfStatus(resp.StatusCode), "", nil)
	e.Reason, e.Detail = f.GetReason(), f.GetDetail()
	return e
}

// readError is the error of a failure while reading a response body: a transport failure (the
// body was cut, the call timed out) when reading failed, else a document that is not valid XML
// or that decode rejected.
func (c *Connection) readError(ctx context.Context, cl *call, resp *http.Response, rd *bodyReader, err error) error {
	if msg := limitMessage(err); msg != "" {
		return c.responseError(cl, resp, KindOther, msg, err)
	}
	if rd.err != nil || ctx.Err() != nil {
		cause := rd.err
		if cause == nil {
			cause = err
		}
		e := c.transportError(ctx, cl.method, cl.logURL, "reading the response body", cause)
		e.Code, e.Status = resp.StatusCode, statusText(resp)
		if rd.err != nil && !errors.Is(err, rd.err) {
			e.Err = causes{e.Err, err}
		}
		return e
	}
	var xe *xmlstream.Error
	msg := "decoding the response body"
	if errors.As(err, &xe) {
		msg = "the response body is not a valid XML document"
	}
	return c.responseError(cl, resp, KindOther, msg, err)
}

// unexpectedXML describes a body that is not XML, with a hint when the URL's path is unusual.
func (c *Connection) unexpectedXML(ct string, body []byte) string {
	msg := unexpectedContent(ct, "XML", body)
	if c.api.Path != "/ovirt-engine/api" {
		msg += fmt.Sprintf(" (is the path %q of the URL option right? It is usually \"/ovirt-engine/api\")", c.api.Path)
	}
	return msg
}

// Test checks that the engine answers: it gets the API root and returns the error, if any.
func (c *Connection) Test(ctx context.Context) error {
	return c.do(ctx, &request{Method: http.MethodGet}, nil)
}
