package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGraphicsConsoles(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>gfx</name><cluster><name>Default</name></cluster><template><name>Blank</name></template>
		<display><type>spice</type></display></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	vm := "/vms/" + r.doc(t).Attrs["id"]
	consoles := vm + "/graphicsconsoles"

	d := e.do("GET", consoles, "").doc(t)
	require.Len(t, d.all("graphics_console"), 1, "a VM with a display has a console")
	assert.Equal(t, "7370696365", d.get("graphics_console").Attrs["id"], "the id is the protocol in hex")
	assert.Equal(t, "spice", d.text("graphics_console/protocol"))
	assert.Empty(t, e.do("GET", consoles+"?current=true", "").doc(t).text("graphics_console/port"), "a VM that is down has no port")

	e.clock.Advance(delayTransferInit * 60) // the new VM's disks unlock
	e.ok(vm+"/start", "")
	e.clock.Advance(delayTransferInit * 60)
	require.Equal(t, "up", e.status(vm))
	d = e.do("GET", consoles+"?current=true", "").doc(t)
	assert.Equal(t, "5900", d.text("graphics_console/port"))
	assert.Equal(t, "5901", d.text("graphics_console/tls_port"))
	assert.NotEmpty(t, d.text("graphics_console/address"))
	assert.Empty(t, e.do("GET", consoles, "").doc(t).text("graphics_console/port"), "only current=true shows the port")
	assert.Contains(t, e.do("GET", consoles+"?current=maybe", "").fault(t, http.StatusBadRequest), "current")

	tk := e.ok(consoles+"/7370696365/ticket", "")
	assert.NotEmpty(t, tk.text("ticket/value"))

	r = e.do("PUT", vm, `<vm><display><type>vnc</type></display></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	d = e.do("GET", consoles, "").doc(t)
	require.Len(t, d.all("graphics_console"), 1)
	assert.Equal(t, "766e63", d.get("graphics_console").Attrs["id"])

	seeded := e.do("GET", "/vms/"+e.idOf("vms", "vm1")+"/graphicsconsoles", "").doc(t)
	assert.Len(t, seeded.all("graphics_console"), 1, "seeded VMs have consoles too")
}
