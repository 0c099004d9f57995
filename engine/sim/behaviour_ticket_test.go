package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// POST vms/{id}/ticket sets a console ticket on a running VM with graphics and answers it, as
// an engine does: <action><ticket><value>…</value><expiry>…</expiry></ticket><status>complete…
func TestVMTicket(t *testing.T) {
	e := newEnv(t, Options{})
	running := "/vms/" + e.idOf("vms", "vm1") // seeded up
	down := "/vms/" + e.idOf("vms", "vm2")
	headless := e.addVM("headless")
	e.s.store.mu.Lock()
	mutate(e.s.store.lookup("vms"), headless, func(v *types.Vm) bool { v.Display = nil; return true })
	e.s.store.mu.Unlock()
	e.ok("/vms/"+headless+"/start", "")
	e.clock.Advance(delayLaunch)
	e.clock.Advance(delayPowerUp)
	require.Equal(t, "up", e.status("/vms/"+headless))

	tests := []struct {
		name, path, body string
		status           int
		value            string // "" with status 200: a generated value
		expiry           string
		detail           string // the fault's detail otherwise
	}{
		{name: "generated", path: running, status: http.StatusOK, expiry: "120"},
		{name: "chosen by the client", path: running, body: `<action><ticket><value>s3cret</value><expiry>300</expiry></ticket></action>`,
			status: http.StatusOK, value: "s3cret", expiry: "300"},
		{name: "only the expiry chosen", path: running, body: `<action><ticket><expiry>30</expiry></ticket></action>`,
			status: http.StatusOK, expiry: "30"},
		{name: "negative expiry", path: running, body: `<action><ticket><expiry>-1</expiry></ticket></action>`,
			status: http.StatusBadRequest, detail: "Invalid value for ticket expiry: -1 (want 0 or more seconds)"},
		{name: "VM down", path: down, status: http.StatusConflict, detail: "[Cannot set console ticket. VM is not running.]"},
		{name: "VM without graphics", path: "/vms/" + headless, status: http.StatusConflict,
			detail: "[Cannot set console ticket. The VM has no graphics device.]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.action(tt.path+"/ticket", tt.body)
			if tt.status != http.StatusOK {
				assert.Equal(t, tt.detail, r.fault(t, tt.status))
				return
			}
			require.Equal(t, http.StatusOK, r.status, r.body)
			d := r.doc(t)
			assert.Equal(t, "complete", d.text("status"))
			value := d.text("ticket/value")
			if tt.value != "" {
				assert.Equal(t, tt.value, value)
			} else {
				assert.Regexp(t, `^[A-Za-z0-9_-]{12}$`, value)
			}
			assert.Equal(t, tt.expiry, d.text("ticket/expiry"))
		})
	}

	a := e.ok(running+"/ticket", "").text("ticket/value")
	b := e.ok(running+"/ticket", "").text("ticket/value")
	assert.NotEqual(t, a, b, "each ticket is new")
}
