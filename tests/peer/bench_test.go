package peer

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// BenchmarkListVms lists the same VMs from one simulator with go-ovirt and with ovirtsh's engine,
// in the same run, so the ratio between the two sub-benchmarks is what to read.
func BenchmarkListVms(b *testing.B) {
	for _, n := range []int{100, 1000} {
		srv, goConn := startSim(b, sim.Options{ExtraVMs: n})
		user, password := srv.Credentials()
		ctx := context.Background()
		conn, err := engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: password,
			CACerts: srv.CACertPEM()})
		require.NoError(b, err)
		b.Cleanup(func() { _ = conn.Close(ctx) })
		vms := conn.SystemService().VmsService()

		b.Run(fmt.Sprintf("client=go-ovirt/vms=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := goConn.SystemService().VmsService().List().Send()
				if err != nil {
					b.Fatal(err)
				}
				if got := len(resp.MustVms().Slice()); got < n {
					b.Fatalf("listed %d VMs, want at least %d", got, n)
				}
			}
		})
		b.Run(fmt.Sprintf("client=ovirtsh/vms=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				list, err := vms.List(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(list) < n {
					b.Fatalf("listed %d VMs, want at least %d", len(list), n)
				}
			}
		})
	}
}
