package xmlcodec

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/benchclock"
)

var benchSizes = []int{100, 1000, 10000}

// BenchmarkReadVms decodes the <vms> document into generated structs, streaming it from an
// io.Reader as a response body would arrive.
func BenchmarkReadVms(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("vms=%d", n), func(b *testing.B) {
			doc := vmsDoc(n)
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			b.ResetTimer()
			for b.Loop() {
				r := xmlstream.NewReader(bytes.NewReader(doc))
				if _, err := r.Root(); err != nil {
					b.Fatal(err)
				}
				vms, err := ReadVms(r)
				if err != nil {
					b.Fatal(err)
				}
				if len(vms) != n {
					b.Fatalf("read %d VMs, want %d", len(vms), n)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N)/float64(n), "allocs/vm")
		})
	}
}

// BenchmarkIterVms walks the same document one VM at a time.
func BenchmarkIterVms(b *testing.B) {
	n := 1000
	doc := vmsDoc(n)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		for _, err := range IterList[vmT](bytes.NewReader(doc)) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("walked %d VMs", count)
		}
	}
}

// BenchmarkStdlibTokenize is the floor: a bare encoding/xml Token() loop over the same bytes.
func BenchmarkStdlibTokenize(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("vms=%d", n), func(b *testing.B) {
			doc := vmsDoc(n)
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				d := xml.NewDecoder(bytes.NewReader(doc))
				for {
					_, err := d.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkWriteVm writes one fully decoded benchmark VM.
func BenchmarkWriteVm(b *testing.B) {
	r := xmlstream.NewReaderBytes(vmsDoc(1))
	if _, err := r.Root(); err != nil {
		b.Fatal(err)
	}
	vms, err := ReadVms(r)
	if err != nil || len(vms) != 1 {
		b.Fatal(err)
	}
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		WriteVm(w, "vm", vms[0])
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(out.Len()))
}

// BenchmarkScanFloor is the floor BenchmarkReadVms/vms=10000 is measured against (issue 17): the
// same buffer scanned for '<' with bytes.Count, memory bandwidth and little else.
func BenchmarkScanFloor(b *testing.B) {
	doc := vmsDoc(10000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if bytes.Count(doc, []byte{'<'}) == 0 {
			b.Fatal("no markup")
		}
	}
}

// BenchmarkCopyFloor is the other floor: a plain copy of the same buffer.
func BenchmarkCopyFloor(b *testing.B) {
	doc := vmsDoc(10000)
	dst := make([]byte, len(doc))
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		copy(dst, doc)
	}
}

// BenchmarkReadVmsRatios measures the goals of issue 17 for ReadVms/vms=10000 on a shared
// machine: each iteration decodes the document, scans it (ScanFloor) and copies it (CopyFloor),
// so that a change in the machine's load hits the three alike, and reports the speed of each
// and the ratios read/scan (goal ≥ 1/3) and read/copy (goal ≥ 1/2), in wall time and (cpu-*)
// in the CPU time of the benchmark's thread (see benchclock).
func BenchmarkReadVmsRatios(b *testing.B) {
	doc := vmsDoc(10000)
	dst := make([]byte, len(doc))
	clock := benchclock.Start()
	defer clock.Stop()
	var read, scan, cp benchclock.Times
	for b.Loop() {
		clock.Time(&read, func() {
			r := xmlstream.NewReader(bytes.NewReader(doc))
			if _, err := r.Root(); err != nil {
				b.Fatal(err)
			}
			if vms, err := ReadVms(r); err != nil || len(vms) != 10000 {
				b.Fatal(len(vms), err)
			}
		})
		clock.Time(&scan, func() {
			if bytes.Count(doc, []byte{'<'}) == 0 {
				b.Fatal("no markup")
			}
		})
		clock.Time(&cp, func() { copy(dst, doc) })
	}
	mbs := func(d time.Duration) float64 { return float64(len(doc)) * float64(b.N) / d.Seconds() / 1e6 }
	b.ReportMetric(mbs(read.Wall), "read-MB/s")
	b.ReportMetric(mbs(scan.Wall), "scan-MB/s")
	b.ReportMetric(mbs(cp.Wall), "copy-MB/s")
	for _, f := range []struct {
		unit  string
		floor benchclock.Times
	}{{"read/scan", scan}, {"read/copy", cp}} {
		wall, cpu := benchclock.Ratio(read, f.floor)
		b.ReportMetric(wall, f.unit)
		b.ReportMetric(cpu, "cpu-"+f.unit)
	}
}

// BenchmarkRetention measures what the reader's blocks cost a caller that keeps a small part
// of a long list: it decodes 10,000 VMs, keeps the template reference of every hundredth and
// reports the heap still in use after a collection (kept-KB; the 100 references alone are
// about 60 KB), and the same for keeping every VM whole (all-KB).
func BenchmarkRetention(b *testing.B) {
	doc := vmsDoc(10000)
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	read := func() []*vmT {
		r := xmlstream.NewReaderBytes(doc)
		if _, err := r.Root(); err != nil {
			b.Fatal(err)
		}
		vms, err := ReadVms(r)
		if err != nil {
			b.Fatal(err)
		}
		return vms
	}
	var kept, all float64
	for b.Loop() {
		before := heap()
		vms := read()
		var refs []*types.Template
		for i := 0; i < len(vms); i += 100 {
			refs = append(refs, vms[i].Template)
		}
		vms = nil
		kept += float64(heap()-before) / 1024
		runtime.KeepAlive(refs)
		refs = nil
		before = heap()
		vms = read()
		all += float64(heap()-before) / 1024
		runtime.KeepAlive(vms)
	}
	b.ReportMetric(kept/float64(b.N), "kept-KB")
	b.ReportMetric(all/float64(b.N), "all-KB")
}
