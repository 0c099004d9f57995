package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
)

// discardWriter is a ResponseWriter that counts and drops the body.
type discardWriter struct {
	h http.Header
	n int64
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(b []byte) (int, error) { d.n += int64(len(b)); return len(b), nil }

// renderVMsSim is a simulator with 10,000 extra VMs and the bytes of its GET /vms answer.
func renderVMsSim(b *testing.B) (*Server, []byte) {
	b.Helper()
	s, err := New(Options{ExtraVMs: 10000, DisableCompression: true})
	if err != nil {
		b.Fatal(err)
	}
	rec := inProcessGet(s, inProcessToken(b, s), "/vms")
	if rec.Code != http.StatusOK {
		b.Fatal(rec.Code, rec.Body.String())
	}
	return s, rec.Body.Bytes()
}

// BenchmarkSimRenderVms measures the simulator answering GET /vms with 10,000 VMs (rendering
// and writing, no TLS, no compression); BenchmarkSimDecodeVms measures our client's codec
// decoding the same document. Run them together and compare ns/op.
func BenchmarkSimRenderVms(b *testing.B) {
	s, body := renderVMsSim(b)
	req := httptest.NewRequest(http.MethodGet, APIPath+"/vms", nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		s.serveModel(w, req)
		if w.n != int64(len(body)) {
			b.Fatalf("rendered %d bytes, want %d", w.n, len(body))
		}
	}
}

func BenchmarkSimDecodeVms(b *testing.B) {
	_, body := renderVMsSim(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r := xmlstream.NewReaderBytes(body)
		if _, err := r.Root(); err != nil {
			b.Fatal(err)
		}
		v, err := xmlcodec.ReadList("Vm", r)
		if err != nil || v == nil {
			b.Fatal(err)
		}
	}
}

// TestListedEntitiesAreRenderedAsGet checks that the streamed list rendering writes each
// entity exactly as GET of the entity does (href, actions, links), for every collection kind
// with a listed sub-collection too.
func TestListedEntitiesAreRenderedAsGet(t *testing.T) {
	e := newEnv(t, Options{})
	vm := e.addVM("listed")
	for _, coll := range []string{"/vms", "/hosts", "/datacenters", "/vms/" + vm + "/snapshots", "/vms/" + vm + "/nics"} {
		list := e.do("GET", coll, "")
		require.Equal(t, http.StatusOK, list.status, list.body)
		n := 0
		for _, item := range list.doc(t).Children {
			get := e.do("GET", coll+"/"+item.Attrs["id"], "")
			require.Equal(t, http.StatusOK, get.status, get.body)
			assert.Contains(t, list.body, strings.TrimPrefix(get.body, xmlDecl), coll)
			n++
		}
		if coll == "/vms" {
			assert.Greater(t, n, 2)
		}
	}
}
