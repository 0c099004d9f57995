package engine

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve makes fe answer API requests with status, content type and body.
func (fe *fakeEngine) serve(status int, ct, body string) {
	fe.mu.Lock()
	defer fe.mu.Unlock()
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// readName is a decode callback reading the <name> of the root element.
func readName(dst *string) func(r *xmlstream.Reader) error {
	return func(r *xmlstream.Reader) error {
		for {
			name, ok, err := r.Child()
			if err != nil || !ok {
				return err
			}
			if string(name) == "name" {
				if *dst, err = r.TextString(); err != nil {
					return err
				}
			} else if err := r.Skip(); err != nil {
				return err
			}
		}
	}
}

func TestRequestHeadersAndQuery(t *testing.T) {
	fe := newFakeEngine(t)
	var (
		mu   sync.Mutex
		got  *http.Request
		body []byte
	)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, body = r, b
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml;charset=UTF-8")
		_, _ = io.WriteString(w, `<vm id="1"><name>web1</name></vm>`)
	}
	c, _ := fe.connect(t, func(o *Options) { o.Headers = map[string]string{"X-A": "conn", "X-B": "conn"} })
	tok, err := c.Authenticate(context.Background())
	require.NoError(t, err)

	var name string
	err = c.do(context.Background(), &request{
		Method: http.MethodGet, Path: "vms",
		Query: url.Values{"search": {"name=my vm"}, "max": {"10"}, "all_content": {"true"},
			"follow": {"nics,disk_attachments.disk"}},
		Headers: map[string]string{"X-A": "call"},
	}, readName(&name))
	require.NoError(t, err)
	assert.Equal(t, "web1", name)
	mu.Lock()
	assert.Equal(t, "/ovirt-engine/api/vms", got.URL.Path)
	assert.Equal(t, "all_content=true&follow=nics%2Cdisk_attachments.disk&max=10&search=name%3Dmy+vm", got.URL.RawQuery)
	for h, want := range map[string]string{
		"Version": "4", "Accept": "application/xml", "Authorization": "Bearer " + tok,
		"User-Agent": "ovirtsh/" + Version, "All-Content": "true", "X-A": "call", "X-B": "conn",
		"Content-Type": "", "Accept-Encoding": "gzip",
	} {
		assert.Equal(t, want, got.Header.Get(h), h)
	}
	assert.Empty(t, body)
	mu.Unlock()

	err = c.do(context.Background(), &request{Method: http.MethodPost, Path: "vms/1/start",
		Body: func(w *xmlstream.Writer) { w.Begin("action"); w.Element("async", "true"); w.End() }}, nil)
	require.NoError(t, err)
	mu.Lock()
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, "/ovirt-engine/api/vms/1/start", got.URL.Path)
	assert.Equal(t, "application/xml", got.Header.Get("Content-Type"))
	assert.Equal(t, "<action><async>true</async></action>", string(body))
	assert.Empty(t, got.Header.Get("All-Content"))
	mu.Unlock()

	err = c.do(context.Background(), &request{Method: http.MethodGet, Headers: map[string]string{"X-C": "ü"}}, nil)
	assert.Contains(t, requireKind(t, err, KindOther).Error(), `GET `+fe.url()+`: the value of header "X-C"`)
}

func TestResponses(t *testing.T) {
	const fault404 = `<fault><reason>Operation Failed</reason><detail>Entity not found: junk</detail></fault>`
	for _, tc := range []struct {
		name    string
		status  int
		ct      string
		body    string
		decode  bool
		kind    Kind // 255: success
		want    string
		wantVal string
	}{
		{name: "document", status: 200, ct: "application/xml", body: `<?xml version="1.0"?><vm><name>a&amp;b</name></vm>`,
			decode: true, kind: 255, wantVal: "a&b"},
		{name: "remove 200 empty", status: 200, kind: 255},
		{name: "remove 204", status: 204, kind: 255},
		{name: "remove 200 with action", status: 200, ct: "application/xml", body: `<action><status>complete</status></action>`, kind: 255},
		{name: "action decoded", status: 200, ct: "application/xml",
			body: `<action><name>x</name><status>complete</status></action>`, decode: true, kind: 255, wantVal: "x"},
		{name: "fault 404", status: 404, ct: "application/xml", body: fault404, kind: KindNotFound,
			want: `: Fault reason is "Operation Failed". Fault detail is "Entity not found: junk". HTTP response code is 404 (Not Found).`},
		{name: "fault in action 200", status: 200, ct: "application/xml", decode: true,
			body: `<action><status>failed</status><fault><reason>Operation Failed</reason><detail>[Cannot start VM]</detail></fault></action>`,
			kind: KindOther, want: `Fault reason is "Operation Failed". Fault detail is "[Cannot start VM]". HTTP response code is 200 (OK).`},
		{name: "fault in action 400", status: 400, ct: "application/xml",
			body: `<action><fault><reason>Bad</reason></fault></action>`, kind: KindInvalid, want: `Fault reason is "Bad". HTTP response code is 400 (Bad Request).`},
		{name: "fault with 200", status: 200, ct: "application/xml", body: fault404, decode: true, kind: KindOther,
			want: `Fault detail is "Entity not found: junk". HTTP response code is 200 (OK).`},
		{name: "409 fault", status: 409, ct: "application/xml", kind: KindConflict,
			body: `<fault><reason>Operation Failed</reason><detail>[Cannot remove VM: VM is running.]</detail></fault>`,
			want: `Fault detail is "[Cannot remove VM: VM is running.]". HTTP response code is 409 (Conflict).`},
		{name: "403", status: 403, kind: KindAuth, want: `: HTTP response code is 403 (Forbidden).`},
		{name: "404 empty", status: 404, kind: KindNotFound, want: `: HTTP response code is 404 (Not Found).`},
		{name: "empty with decode", status: 200, decode: true, kind: KindOther, want: "the response body is empty. HTTP response code is 200 (OK)."},
		{name: "html 500", status: 500, ct: "text/html", body: "<html><body><h1>Internal Server Error</h1></body></html>", kind: KindOther,
			want: `the response content type "text/html" isn't the expected XML: Internal Server Error. HTTP response code is 500 (Internal Server Error).`},
		{name: "html 200", status: 200, ct: "text/html", body: "<html>Welcome</html>", decode: true, kind: KindOther,
			want: `the response content type "text/html" isn't the expected XML: Welcome.`},
		{name: "html 404", status: 404, ct: "text/html; charset=utf-8", body: "<p>nope</p>", kind: KindNotFound, want: "nope"},
		{name: "html 503 from a proxy", status: 503, ct: "text/html; charset=iso-8859-1",
			body: "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>", kind: KindConnection,
			want: `no answer from the engine: a proxy or gateway answered for it with content type "text/html; charset=iso-8859-1": ` +
				`503 Service Unavailable Service Unavailable. HTTP response code is 503 (Service Unavailable).`},
		{name: "text 502 from a proxy", status: 502, ct: "text/plain", body: "Bad Gateway", kind: KindConnection,
			want: `no answer from the engine: a proxy or gateway answered for it with content type "text/plain": Bad Gateway. HTTP response code is 502 (Bad Gateway).`},
		{name: "html 504 without content type", status: 504, body: "<html>Gateway Timeout</html>", kind: KindConnection,
			want: `: Gateway Timeout. HTTP response code is 504 (Gateway Timeout).`},
		{name: "503 not a fault though XML", status: 503, ct: "application/xml", body: "<html><p>down</p></html>", kind: KindConnection,
			want: `no answer from the engine: a proxy or gateway answered for it with <html>: down. HTTP response code is 503`},
		{name: "504 not valid XML", status: 504, ct: "text/xml", body: "<!DOCTYPE html><html lang=en>", kind: KindConnection,
			want: `no answer from the engine: a proxy or gateway answered for it with a body that is not valid XML. HTTP response code is 504 (Gateway Timeout).: line 1 col 27: value of attribute lang is not quoted`},
		{name: "503 fault", status: 503, ct: "application/xml", kind: KindOther,
			body: `<fault><reason>Operation Failed</reason><detail>[Backend is busy]</detail></fault>`,
			want: `Fault detail is "[Backend is busy]". HTTP response code is 503 (Service Unavailable).`},
		{name: "503 fault in action", status: 503, ct: "application/xml", kind: KindOther,
			body: `<action><fault><reason>Operation Failed</reason></fault></action>`, want: `HTTP response code is 503`},
		{name: "503 empty", status: 503, kind: KindOther, want: `: HTTP response code is 503 (Service Unavailable).`},
		{name: "other xml error", status: 500, ct: "application/xml", body: "<vm/>", kind: KindOther, want: "expected a fault, but got <vm>"},
		{name: "bad xml error", status: 500, ct: "application/xml", body: "<fault><reason>x</fault>", kind: KindOther,
			want: "the error response is not valid XML"},
		{name: "malformed", status: 200, ct: "application/xml", body: "<vm><name>x</nam></vm>", decode: true, kind: KindOther,
			want: "the response body is not a valid XML document. HTTP response code is 200 (OK).: line 1 col 12: vm/name: end tag </nam> does not match <name>"},
		{name: "cut document", status: 200, ct: "application/xml", body: "<vm><name>x</name>", decode: true, kind: KindOther,
			want: "the response body is not a valid XML document"},
		{name: "redirect", status: 302, kind: KindOther, want: "the engine answered with a redirect to https://elsewhere/api"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := newFakeEngine(t)
			fe.serve(tc.status, tc.ct, tc.body)
			if tc.status == 302 {
				fe.api = func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, "https://elsewhere/api", http.StatusFound)
				}
			}
			c, _ := fe.connect(t, nil)
			var val string
			var decode func(*xmlstream.Reader) error
			if tc.decode {
				decode = readName(&val)
			}
			err := c.do(context.Background(), &request{Method: http.MethodGet, Path: "vms/junk"}, decode)
			if tc.kind == 255 {
				require.NoError(t, err)
				assert.Equal(t, tc.wantVal, val)
				return
			}
			e := requireKind(t, err, tc.kind)
			assert.Contains(t, e.Error(), tc.want)
			assert.Equal(t, "GET", e.Method)
			assert.Equal(t, fe.url()+"/vms/junk", e.URL)
			assert.Equal(t, tc.status, e.Code)
		})
	}
}

func TestTruncatedBody(t *testing.T) {
	doc := `<vms>` + repeat(`<vm><name>x</name></vm>`, 2000) + `</vms>`
	for _, tc := range []struct {
		name string
		gzip bool
		cl   bool // announce the full Content-Length
	}{{"content-length", false, true}, {"chunked", false, false}, {"gzip", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			fe := newFakeEngine(t)
			fe.api = func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				var out io.Writer = w
				if tc.cl {
					w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
				}
				if tc.gzip {
					w.Header().Set("Content-Encoding", "gzip")
					gz := gzip.NewWriter(w)
					out = gz
					_, _ = io.WriteString(out, doc[:len(doc)/2])
					_ = gz.Flush()
				} else {
					_, _ = io.WriteString(out, doc[:len(doc)/2])
				}
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler) // cut the connection
			}
			c, _ := fe.connect(t, nil)
			count := 0
			err := c.do(context.Background(), &request{Method: http.MethodGet, Path: "vms"}, func(r *xmlstream.Reader) error {
				for {
					_, ok, err := r.Child()
					if err != nil || !ok {
						return err
					}
					if err := r.Skip(); err != nil {
						return err
					}
					count++
				}
			})
			e := requireKind(t, err, KindConnection)
			assert.Contains(t, e.Msg, "reading the response body: the response is truncated")
			assert.Equal(t, 200, e.Code)
			assert.Less(t, count, 2000)
			assert.NotContains(t, err.Error(), "\n", "one error, one line")
		})
	}
}

// A body that stops arriving ends with Options.Timeout, in a one-line message that still
// matches context.DeadlineExceeded.
func TestBodyStallTimesOut(t *testing.T) {
	fe := newFakeEngine(t)
	release := make(chan struct{})
	defer close(release)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, "<vms>"+repeat(`<vm><name>x</name></vm>`, 2000))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	// The timeout runs from sending the request: on a loaded machine it can expire before the
	// headers arrive (TestTimeouts' case, Code 0). Then try again with twice as long, until the
	// stall is where this test wants it, in the body.
	for timeout := 100 * time.Millisecond; ; timeout *= 2 {
		c := fe.connectTimeout(t, timeout)
		_, err := c.SystemService().VmsService().List(context.Background(), nil)
		e := requireKind(t, err, KindTimeout)
		if e.Code == 0 && timeout < time.Minute {
			t.Logf("the %s timeout expired before the headers arrived; trying again", timeout)
			continue
		}
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 200, e.Code)
		assert.Contains(t, err.Error(), "reading the response body: the request timed out after "+timeout.String())
		assert.NotContains(t, err.Error(), "\n", "one error, one line")
		return
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func TestCompression(t *testing.T) {
	fe := newFakeEngine(t)
	doc := `<vm><name>compressed</name>` + repeat(`<description>padding</description>`, 100) + `</vm>`
	var gotAE string
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		gotAE = r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Type", "application/xml")
		if gotAE == "gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			_, _ = io.WriteString(gz, doc)
			_ = gz.Close()
			return
		}
		_, _ = io.WriteString(w, doc)
	}
	for _, disable := range []bool{false, true} {
		c, _ := fe.connect(t, func(o *Options) { o.DisableCompression = disable })
		var name string
		require.NoError(t, c.do(context.Background(), &request{Method: http.MethodGet, Path: "vms/1"}, readName(&name)))
		assert.Equal(t, "compressed", name)
		if disable {
			assert.Empty(t, gotAE)
		} else {
			assert.Equal(t, "gzip", gotAE)
		}
	}
}

func TestCancelWhileReadingBody(t *testing.T) {
	fe := newFakeEngine(t)
	stop := make(chan struct{})
	defer close(stop)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, "<vms><vm>")
		w.(http.Flusher).Flush()
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	}
	c, _ := fe.connect(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel as the body starts to be read: earlier, the answer itself is dropped as canceled.
	base := c.client.Transport
	c.client.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err == nil && r.Method == http.MethodGet {
			resp.Body = &cancelOnRead{ReadCloser: resp.Body, cancel: cancel}
		}
		return resp, err
	})
	err := c.do(ctx, &request{Method: http.MethodGet, Path: "vms"}, func(r *xmlstream.Reader) error { return r.Skip() })
	e := requireKind(t, err, KindOther)
	assert.Contains(t, e.Msg, "reading the response body: the call was canceled")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestTestAndClosed(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	require.NoError(t, c.Test(context.Background()))
	require.NoError(t, c.Close(context.Background()))
	err := c.Test(context.Background())
	requireKind(t, err, KindOther)
	assert.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, "GET "+fe.url()+": the connection is closed", err.Error())
}

func TestPathHint(t *testing.T) {
	fe := newFakeEngine(t)
	c, _ := fe.connect(t, nil)
	c.api.Path = "/api" // as if the URL option had been https://host/api
	fe.serve(200, "text/html", "<html>Welcome to the engine</html>")
	err := c.Test(context.Background())
	assert.Contains(t, err.Error(), `(is the path "/api" of the URL option right? It is usually "/ovirt-engine/api")`)
}

// TestDecodedValuesOutliveTheBuffer guards the pooled body buffers: values decoded from one
// answer must not change when the buffer serves the next one.
func TestDecodedValuesOutliveTheBuffer(t *testing.T) {
	fe := newFakeEngine(t)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, `<vm><name>name-`+r.URL.Path[len(r.URL.Path)-1:]+`</name></vm>`)
	}
	c, _ := fe.connect(t, nil)
	var first, second string
	require.NoError(t, c.do(context.Background(), &request{Method: http.MethodGet, Path: "vms/1"}, readName(&first)))
	require.NoError(t, c.do(context.Background(), &request{Method: http.MethodGet, Path: "vms/2"}, readName(&second)))
	assert.Equal(t, "name-1", first)
	assert.Equal(t, "name-2", second)
}

// TestLongAction checks an <action> longer than the in-memory body limit, read twice.
func TestLongAction(t *testing.T) {
	fe := newFakeEngine(t)
	long := `<action><name>long</name><description>` + repeat("x", 3*smallBody) + `</description><status>complete</status></action>`
	fe.serve(200, "application/xml", long)
	c, _ := fe.connect(t, nil)
	var name string
	require.NoError(t, c.do(context.Background(), &request{Method: http.MethodPost, Path: "vms/1/start",
		Body: func(w *xmlstream.Writer) { w.Element("action", "") }}, readName(&name)))
	assert.Equal(t, "long", name)
	fe.serve(200, "application/xml", `<action><description>`+repeat("x", 3*smallBody)+`</description><fault><reason>r</reason></fault></action>`)
	err := c.do(context.Background(), &request{Method: http.MethodPost, Path: "vms/1/start"}, readName(&name))
	assert.Contains(t, requireKind(t, err, KindOther).Error(), `Fault reason is "r".`)
}
