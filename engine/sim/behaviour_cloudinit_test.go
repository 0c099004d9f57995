package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInitializationRootPasswordNotShown checks that a VM added or updated with an
// initialization keeps it without ever answering with its root password.
func TestInitializationRootPasswordNotShown(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>ci</name><cluster><name>Default</name></cluster><template><name>Blank</name></template>`+
		`<initialization><host_name>ci.example.com</host_name><root_password>s3cret</root_password></initialization></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotContains(t, r.body, "s3cret")
	vm := "/vms/" + r.doc(t).Attrs["id"]
	got := e.do("GET", vm, "")
	assert.NotContains(t, got.body, "s3cret")
	assert.Equal(t, "ci.example.com", got.doc(t).text("initialization/host_name"))
	e.clock.Advance(delayImageLock) // an engine refuses to edit a VM until its disks are created
	r = e.do("PUT", vm, `<vm><initialization><root_password>an0ther</root_password></initialization></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.NotContains(t, e.do("GET", vm, "").body, "an0ther")
}
