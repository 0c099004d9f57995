package sim

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// ticketExpiry is the lifetime, in seconds, an engine gives a console ticket when the client
// does not choose one.
const ticketExpiry = 120

// registerTicketBehaviour makes POST vms/{id}/ticket set a console ticket as an engine does:
// a running VM with graphics gets the client's ticket value, or a random one, and the action
// answers it (<action><ticket><value>…</value><expiry>…</expiry></ticket>…); a VM that is not
// running, or has no graphics device, gets a 409.
func registerTicketBehaviour(h *hooks) {
	h.action["Vm/ticket"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		return vmTicket(v.(*types.Vm), in)
	}
}

// consoleStatuses are the statuses in which a VM's console accepts a ticket.
var consoleStatuses = []types.VmStatus{types.VmStatusUp, types.VmStatusPoweringUp, types.VmStatusPaused,
	types.VmStatusPoweringDown, types.VmStatusRebootInProgress, types.VmStatusMigrating}

func vmTicket(vm *types.Vm, in *types.Action) (*types.Action, *Fault) {
	var value string
	expiry := int64(ticketExpiry)
	if t := in.Ticket; t != nil {
		value = t.GetValue()
		if t.Expiry != nil {
			expiry = *t.Expiry
		}
	}
	if expiry < 0 {
		return nil, badRequest("Invalid value for ticket expiry: %d (want 0 or more seconds)", expiry)
	}
	if !contains(consoleStatuses, vm.GetStatus()) {
		return nil, conflictf("Cannot set console ticket. VM is not running.")
	}
	if vm.Display == nil {
		return nil, conflictf("Cannot set console ticket. The VM has no graphics device.")
	}
	if value == "" {
		value = newTicketValue()
	}
	return &types.Action{Ticket: &types.Ticket{Value: types.Ptr(value), Expiry: types.Ptr(expiry)}}, nil
}

// newTicketValue returns a random one-time password of 12 characters, like the engine's.
func newTicketValue() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}
