package luabind

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// newTest returns a runtime over a fake engine and the buffer its output goes to.
func newTest(t testing.TB) (*Runtime, *fakeConn, *bytes.Buffer) {
	t.Helper()
	conn := newFakeConn()
	var out bytes.Buffer
	rt, err := newRuntime(context.Background(), Options{Stdout: &out}, conn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	return rt, conn, &out
}

// prelude gives test chunks the names scripts usually set up.
const prelude = `local ovirt = require('ovirt'); local types = ovirt.types; local conn = ovirt.connection; `

// run runs a chunk after the prelude and fails the test on error.
func run(t testing.TB, rt *Runtime, src string) {
	t.Helper()
	require.NoError(t, rt.DoString(prelude+src))
}

// runErr runs a chunk that must fail and returns its error.
func runErr(t testing.TB, rt *Runtime, src string) *Error {
	t.Helper()
	err := rt.DoString(prelude + src)
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	return e
}
