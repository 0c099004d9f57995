package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNextRunConfiguration checks that an update of a running VM with next_run=true waits for the
// VM to go down, while GET with next_run=true shows it at once.
func TestNextRunConfiguration(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm1") // up
	before := e.field(vm, "memory")
	r := e.do("PUT", vm+"?next_run=true", `<vm><memory>4294967296</memory><description>next</description></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, before, r.doc(t).text("memory"), "the running configuration answers")
	assert.Equal(t, "true", r.doc(t).text("next_run_configuration_exists"))

	assert.Equal(t, before, e.field(vm, "memory"))
	next := e.do("GET", vm+"?next_run=true", "").doc(t)
	assert.Equal(t, "4294967296", next.text("memory"))
	assert.Equal(t, "next", next.text("description"))
	assert.Equal(t, "up", next.text("status"), "run-time members are the VM's")

	// an update at once also changes the pending configuration
	r = e.do("PUT", vm, `<vm><comment>now</comment></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "now", e.field(vm, "comment"))
	next = e.do("GET", vm+"?next_run=true", "").doc(t)
	assert.Equal(t, "now", next.text("comment"))
	assert.Equal(t, "4294967296", next.text("memory"))

	// a second next-run update adds to the first
	r = e.do("PUT", vm+"?next_run=true", `<vm><cpu><topology><cores>4</cores></topology></cpu></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	next = e.do("GET", vm+"?next_run=true", "").doc(t)
	assert.Equal(t, "4", next.text("cpu/topology/cores"))
	assert.Equal(t, "4294967296", next.text("memory"))

	e.ok(vm+"/stop", `<action/>`)
	assert.Equal(t, "4294967296", e.field(vm, "memory"), "the VM took its next-run configuration when it went down")
	assert.Equal(t, "4", e.field(vm, "cpu/topology/cores"))
	assert.Equal(t, "false", e.field(vm, "next_run_configuration_exists"))
	assert.Equal(t, "down", e.status(vm))

	// Without next_run, or on a VM that is down, an update applies at once.
	r = e.do("PUT", vm+"?next_run=true", `<vm><memory>2147483648</memory></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "2147483648", e.field(vm, "memory"))
}
