package luabind

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// newTest returns a runtime over a simulator (enginetest.Start with opts; a fast clock unless
// they say otherwise), the log of the requests its connection sends and the buffer its output
// goes to. Without opts, scripts see the ids of the seeded VMs vm1 (up) and vm2 (down) as VM1
// and VM2.
func newTest(t testing.TB, opts ...enginetest.Option) (*Runtime, *enginetest.RequestLog, *bytes.Buffer) {
	t.Helper()
	log := &enginetest.RequestLog{}
	conn, _ := enginetest.Start(t, append([]enginetest.Option{enginetest.WithRequestLog(log)}, opts...)...)
	var out bytes.Buffer
	rt, err := New(context.Background(), Options{Stdout: &out, Conn: conn})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	if len(opts) > 0 {
		return rt, log, &out // the simulator may not answer before the test says so
	}
	for global, name := range map[string]string{"VM1": "vm1", "VM2": "vm2"} {
		vms, err := conn.SystemService().VmsService().List(context.Background(),
			&engine.VmsListParams{Search: types.Ptr("name=" + name)})
		require.NoError(t, err)
		require.Len(t, vms, 1)
		rt.SetGlobal(global, vms[0].GetId())
	}
	return rt, log, &out
}

// prelude gives test chunks the names scripts usually set up.
const prelude = `local ovirt = require('ovirt'); local types = ovirt.types; local conn = ovirt.connection; `

// run runs a chunk after the prelude and fails the test on error.
func run(t testing.TB, rt *Runtime, src string) {
	t.Helper()
	require.NoError(t, rt.DoString(t.Context(), prelude+src))
}

// runErr runs a chunk that must fail and returns its error.
func runErr(t testing.TB, rt *Runtime, src string) *Error {
	t.Helper()
	err := rt.DoString(t.Context(), prelude+src)
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	return e
}

// newBare returns a runtime with no connection whose output is discarded.
func newBare(t testing.TB) *Runtime {
	t.Helper()
	rt, err := New(context.Background(), Options{Stdout: io.Discard})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	return rt
}
