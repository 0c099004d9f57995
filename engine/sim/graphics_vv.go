package sim

import (
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerRemoteViewerFile answers a graphics console's remote_viewer_connection_file action as
// an engine does: the console file remote-viewer opens ([virt-viewer] with the host, the ports
// and a new ticket), for a VM that is running; otherwise the ticket's 409.
func registerRemoteViewerFile(h *hooks) {
	h.action["VmGraphicsConsole/remoteviewerconnectionfile"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		gc := v.(*types.GraphicsConsole)
		vm, ok := consoleVM(c.st, gc)
		if !ok {
			return nil, notFound(gc.GetId())
		}
		t, f := vmTicket(vm, &types.Action{})
		if f != nil {
			return nil, f
		}
		cur := currentConsole(c.st, gc)
		var b strings.Builder
		fmt.Fprintf(&b, "[virt-viewer]\ntype=%s\nhost=%s\nport=%d\n", gc.GetProtocol(), cur.GetAddress(), cur.GetPort())
		if cur.TlsPort != nil {
			fmt.Fprintf(&b, "tls-port=%d\n", cur.GetTlsPort())
		}
		fmt.Fprintf(&b, "password=%s\n# Password is valid for %d seconds.\ndelete-this-file=1\ntitle=%s:%%d\n",
			t.Ticket.GetValue(), t.Ticket.GetExpiry(), vm.GetName())
		return &types.Action{RemoteViewerConnectionFile: types.Ptr(b.String())}, nil
	}
}
