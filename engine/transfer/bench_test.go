package transfer_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/transfer"
)

// benchImage is what both benchmarks move: 256 MiB without runs of zeros, so every byte
// crosses the network.
const benchImage = 256 << 20

var benchData = sync.OnceValue(func() []byte { return image(benchImage, 42) })

// BenchmarkUpload is the whole Upload to the simulator over loopback TLS: create the disk,
// start the transfer, OPTIONS, 32 PUTs of 8 MiB, flush, finalize and the waits. The simulator's
// clock is accelerated 10,000 times so that its nominal engine delays (seconds) do not hide the
// data path; compare with BenchmarkBarePut in the same run:
//
//	go test ./engine -run '^$' -bench 'Upload|BarePut' -benchtime 10x -count 5
//
// workers=1 writes on one connection like the bare PUT; workers=4 is Upload's default (the
// simulator, like imageio, accepts 8 writers).
func BenchmarkUpload(b *testing.B) {
	conn, _ := enginetest.Start(b, enginetest.WithSim(sim.Options{Clock: sim.NewFastClock(10000)}))
	ctx := context.Background()
	disks := conn.SystemService().DisksService()
	data := benchData()
	for _, workers := range []int{1, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(benchImage)
			for b.Loop() {
				res, err := transfer.Upload(ctx, conn, transfer.UploadOptions{Reader: bytes.NewReader(data), Size: benchImage,
					StorageDomain: "data1", Name: "bench", Workers: workers, PollInterval: time.Millisecond})
				require.NoError(b, err)
				b.StopTimer()
				require.NoError(b, disks.DiskService(res.Disk.GetId()).Remove(ctx, nil)) // frees the simulator's copy
				b.StartTimer()
			}
		})
	}
}

// BenchmarkBarePut is one HTTP PUT of the same bytes to a loopback TLS server that discards
// them, through a transport with the same buffers as Upload's: the ceiling Upload is measured
// against.
func BenchmarkBarePut(b *testing.B) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	srv.EnableHTTP2 = false
	srv.StartTLS()
	b.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		WriteBufferSize: 256 << 10, ReadBufferSize: 256 << 10, DisableCompression: true}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	data := benchData()
	b.SetBytes(benchImage)
	for b.Loop() {
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/images/bench", bytes.NewReader(data))
		require.NoError(b, err)
		resp, err := client.Do(req)
		require.NoError(b, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		require.Equal(b, http.StatusOK, resp.StatusCode)
	}
}
