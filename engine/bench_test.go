package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/internal/benchclock"
)

// benchVm is a small VM document as an engine returns it for GET /vms/{id} (about 2 KB).
const benchVm = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<vm href="/ovirt-engine/api/vms/123" id="123">
    <actions>
        <link href="/ovirt-engine/api/vms/123/start" rel="start"/>
        <link href="/ovirt-engine/api/vms/123/stop" rel="stop"/>
        <link href="/ovirt-engine/api/vms/123/shutdown" rel="shutdown"/>
    </actions>
    <name>web1</name>
    <description>front end</description>
    <link href="/ovirt-engine/api/vms/123/nics" rel="nics"/>
    <link href="/ovirt-engine/api/vms/123/diskattachments" rel="diskattachments"/>
    <link href="/ovirt-engine/api/vms/123/snapshots" rel="snapshots"/>
    <bios><boot_menu><enabled>false</enabled></boot_menu><type>q35_sea_bios</type></bios>
    <cpu><architecture>x86_64</architecture><topology><cores>2</cores><sockets>1</sockets><threads>1</threads></topology></cpu>
    <creation_time>2026-11-20T10:00:00.000+01:00</creation_time>
    <memory>4294967296</memory>
    <memory_policy><guaranteed>4294967296</guaranteed><max>17179869184</max></memory_policy>
    <os><boot><devices><device>hd</device></devices></boot><type>rhel_9x64</type></os>
    <stateless>false</stateless>
    <type>server</type>
    <high_availability><enabled>false</enabled><priority>0</priority></high_availability>
    <status>up</status>
    <stop_time>2026-11-20T10:05:00.000+01:00</stop_time>
    <cluster href="/ovirt-engine/api/clusters/c1" id="c1"/>
    <cpu_profile href="/ovirt-engine/api/cpuprofiles/p1" id="p1"/>
    <host href="/ovirt-engine/api/hosts/h1" id="h1"/>
    <original_template href="/ovirt-engine/api/templates/t0" id="t0"/>
    <template href="/ovirt-engine/api/templates/t0" id="t0"/>
</vm>
`

// benchEngine serves benchVm on every API path.
func benchEngine(b *testing.B) *fakeEngine {
	fe := newFakeEngine(b)
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml;charset=UTF-8")
		_, _ = io.WriteString(w, benchVm)
	}
	return fe
}

// BenchmarkGetVm is one GET of a VM through the connection and the generated service: headers,
// token, status and fault checks, streaming decode into *types.Vm.
func BenchmarkGetVm(b *testing.B) {
	fe := benchEngine(b)
	c, err := Connect(context.Background(), Options{URL: fe.url(), Username: testUser, Password: testPassword,
		CACerts: fe.ca.pem})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(context.Background())
	svc := c.SystemService().VmsService().VmService("123")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		vm, err := svc.Get(ctx, nil)
		if err != nil || vm.GetName() != "web1" {
			b.Fatal(vm, err)
		}
	}
}

// bareClient is a plain net/http client trusting fe's CA, and a valid token.
func bareClient(b *testing.B, fe *fakeEngine) (*http.Client, string) {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(fe.ca.pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	b.Cleanup(client.CloseIdleConnections)
	return client, fe.issue()
}

func bareGet(b *testing.B, client *http.Client, url, token string, read func(io.Reader)) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	read(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatal(resp.Status)
	}
}

// BenchmarkGetVmBareHTTP is a bare net/http GET of the same bytes from the same server, read into
// memory and not parsed: the floor BenchmarkGetVm is measured against.
func BenchmarkGetVmBareHTTP(b *testing.B) {
	fe := benchEngine(b)
	client, token := bareClient(b, fe)
	url := fe.url() + "/vms/123"
	b.ReportAllocs()
	for b.Loop() {
		bareGet(b, client, url, token, func(body io.Reader) {
			if data, err := io.ReadAll(body); err != nil || len(data) != len(benchVm) {
				b.Fatal(len(data), err)
			}
		})
	}
}

// BenchmarkGetVmBareHTTPDecode is the bare GET plus the same streaming decode, to tell the
// connection's own overhead from the cost of building the *types.Vm.
func BenchmarkGetVmBareHTTPDecode(b *testing.B) {
	fe := benchEngine(b)
	client, token := bareClient(b, fe)
	url := fe.url() + "/vms/123"
	b.ReportAllocs()
	for b.Loop() {
		bareGet(b, client, url, token, func(body io.Reader) {
			r := xmlstream.NewReader(body)
			if _, err := r.Root(); err != nil {
				b.Fatal(err)
			}
			if vm, err := xmlcodec.ReadVm(r); err != nil || vm.GetName() != "web1" {
				b.Fatal(err)
			}
		})
	}
}

// benchVms is a <vms> document of n copies of benchVm.
func benchVms(n int) []byte {
	vm := strings.TrimPrefix(benchVm, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n")
	var b bytes.Buffer
	b.WriteString("<vms>\n")
	for i := range n {
		b.WriteString(strings.ReplaceAll(vm, "123", strconv.Itoa(100000+i)))
	}
	b.WriteString("</vms>\n")
	return b.Bytes()
}

const benchListVms = 10000

// BenchmarkListVms lists benchListVms VMs (issue 17): through the connection from an in-process
// plain HTTP server serving the bytes (no TLS), as is and gzip-encoded, against the decode of the
// same bytes in process and gzip's own decompression of them. The goals are ratios of these;
// "ratios" runs the four in each iteration, so that the machine's load hits them alike, and
// reports http/decode (goal ≥ 0.8) and gzip/gunzip (http-gzip against gunzip, goal ≥ 0.8), in
// wall time and (cpu-*) in the CPU time of the benchmark's thread (see benchclock).
func BenchmarkListVms(b *testing.B) {
	doc := benchVms(benchListVms)
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	_, _ = zw.Write(doc)
	_ = zw.Close()
	zdoc := zb.Bytes()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		body := doc
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			body = zdoc
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	// lister returns one List through a connection asking for gzip or not.
	lister := func(b *testing.B, gz bool) func() {
		c, err := Connect(context.Background(), Options{URL: srv.URL + "/ovirt-engine/api", Token: "t",
			KeepToken: true, DisableCompression: !gz})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = c.Close(context.Background()) })
		svc := c.SystemService().VmsService()
		return func() {
			vms, err := svc.List(context.Background(), nil)
			if err != nil || len(vms) != benchListVms {
				b.Fatal(len(vms), err)
			}
		}
	}
	decode := func() {
		r := xmlstream.NewReader(bytes.NewReader(doc))
		if _, err := r.Root(); err != nil {
			b.Fatal(err)
		}
		if vms, err := xmlcodec.ReadVms(r); err != nil || len(vms) != benchListVms {
			b.Fatal(err)
		}
	}
	zr, _ := gzip.NewReader(bytes.NewReader(zdoc))
	gunzip := func() {
		_ = zr.Reset(bytes.NewReader(zdoc))
		if n, err := io.Copy(io.Discard, zr); err != nil || n != int64(len(doc)) {
			b.Fatal(n, err)
		}
	}
	run := func(f func()) func(b *testing.B) {
		return func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		}
	}
	b.Run("http", func(b *testing.B) { run(lister(b, false))(b) })
	b.Run("http-gzip", func(b *testing.B) { run(lister(b, true))(b) })
	b.Run("decode", run(decode))
	b.Run("gunzip", run(gunzip))
	b.Run("ratios", func(b *testing.B) {
		fs := []func(){lister(b, false), decode, lister(b, true), gunzip}
		clock := benchclock.Start()
		defer clock.Stop()
		took := make([]benchclock.Times, len(fs))
		for b.Loop() {
			for i, f := range fs {
				clock.Time(&took[i], f)
			}
		}
		mbs := func(d time.Duration) float64 { return float64(len(doc)) * float64(b.N) / d.Seconds() / 1e6 }
		for i, unit := range []string{"http-MB/s", "decode-MB/s", "gzip-MB/s", "gunzip-MB/s"} {
			b.ReportMetric(mbs(took[i].Wall), unit)
		}
		wall, cpu := benchclock.Ratio(took[0], took[1])
		b.ReportMetric(wall, "http/decode")
		b.ReportMetric(cpu, "cpu-http/decode")
		wall, cpu = benchclock.Ratio(took[2], took[3])
		b.ReportMetric(wall, "gzip/gunzip")
		b.ReportMetric(cpu, "cpu-gzip/gunzip")
	})
}
