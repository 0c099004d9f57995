package luabind_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// vm_service:ticket() returns the console ticket of a running VM; a VM that is down gets the
// engine's 409.
func TestVMTicketAgainstSimulator(t *testing.T) {
	rt, out := startSim(t, sim.Options{})
	require.NoError(t, rt.DoString(t.Context(), `
		local ovirt = require('ovirt')
		local vms = ovirt.connection:system_service():vms_service()
		local up = vms:vm_service(vms:list{search='name=vm1'}[1].id)
		local ticket = up:ticket()
		print(ovirt.typeof(ticket), type(ticket.value), #ticket.value > 0, ticket.expiry)
		ticket = up:ticket{ticket={value='chosen', expiry=60}}
		print(ticket.value, ticket.expiry)
		local down = vms:vm_service(vms:list{search='name=vm2'}[1].id)
		local ok, err = pcall(down.ticket, down)
		print(ok, err.kind, err.code, err.detail)
	`), "output so far:\n%s", out.String())
	assert.Equal(t, "Ticket\tstring\ttrue\t120\n"+
		"chosen\t60\n"+
		"false\tconflict\t409\t[Cannot set console ticket. VM is not running.]\n", out.String())
}
