package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRemoteViewerConnectionFile: a running VM's console answers the file remote-viewer opens,
// with the host, the ports and a new ticket each time; a VM that is down gets the ticket's 409.
func TestRemoteViewerConnectionFile(t *testing.T) {
	e := newEnv(t, Options{})
	up := "/vms/" + e.idOf("vms", "vm1") + "/graphicsconsoles/766e63/remoteviewerconnectionfile"
	vv := e.ok(up, "").text("remote_viewer_connection_file")
	for _, line := range []string{"[virt-viewer]\n", "type=vnc\n", "port=5900\n", "password=", "delete-this-file=1\n", "title=vm1:%d"} {
		assert.Contains(t, vv, line)
	}
	again := e.ok(up, "").text("remote_viewer_connection_file")
	assert.NotEqual(t, vv, again, "each file carries a new ticket")

	down := "/vms/" + e.idOf("vms", "vm2") + "/graphicsconsoles/766e63/remoteviewerconnectionfile"
	r := e.do("POST", down, "<action/>")
	require.Equal(t, http.StatusConflict, r.status, r.body)
	assert.Contains(t, r.fault(t, http.StatusConflict), "VM is not running")
}
