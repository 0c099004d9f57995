package sim

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkListVMsMax100 measures GET /vms?max=100 over HTTPS with keep-alive, with 1 and 8
// concurrent clients, uncompressed and gzip-encoded, against an inventory of 1,000 VMs. Client
// and server share the machine's cores.
func BenchmarkListVMsMax100(b *testing.B) {
	s, err := Start(context.Background(), Options{ExtraVMs: 1000})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tok := inProcessToken(b, s)
	for _, bc := range []struct {
		clients int
		gzip    bool
	}{{1, false}, {8, false}, {1, true}, {8, true}} {
		clients := bc.clients
		b.Run(fmt.Sprintf("clients=%d/gzip=%v", bc.clients, bc.gzip), func(b *testing.B) {
			hc := s.HTTPClient()
			hc.Transport.(*http.Transport).MaxIdleConnsPerHost = clients
			hc.Transport.(*http.Transport).DisableCompression = !bc.gzip
			get := func() error {
				req, _ := http.NewRequest(http.MethodGet, s.URL()+"/vms?max=100", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Accept", "application/xml")
				resp, err := hc.Do(req)
				if err != nil {
					return err
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				return err
			}
			if err := get(); err != nil { // warm the connection pool
				b.Fatal(err)
			}
			var n atomic.Int64
			n.Store(int64(b.N))
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for n.Add(-1) >= 0 {
						if err := get(); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}

// BenchmarkSeedAndList10000 measures building a simulator with 10,000 extra VMs and listing
// them all in-process.
func BenchmarkSeedAndList10000(b *testing.B) {
	for b.Loop() {
		s, err := New(Options{ExtraVMs: 10000})
		if err != nil {
			b.Fatal(err)
		}
		rec := inProcessGet(s, inProcessToken(b, s), "/vms")
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
