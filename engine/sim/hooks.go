package sim

import (
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Behaviour hooks. All run with the store write-locked (list and filter: read-locked).
type (
	// addHook completes a new entity v (id assigned; clientID is the id the client sent) before
	// it is stored, and returns what to store.
	addHook func(c *call, coll *collection, v any, clientID string) (any, *Fault)
	// updateHook checks or completes an update; upd is the merged private copy of old.
	updateHook func(c *call, coll *collection, old, upd any) *Fault
	// removeHook may refuse a remove (a running VM) or clean up related entities.
	removeHook func(c *call, coll *collection, v any) *Fault
	// actionHook performs an action on entity v; it returns the response's <action>.
	actionHook func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault)
	// viewHook makes a sub-collection a view of the top-level collection of its type: for a
	// path it handles, it returns which entities belong (a data center's clusters).
	viewHook func(st *store, path string) (keep func(v any) bool, ok bool)
	// filterHook applies collection-specific list parameters (events' from).
	filterHook func(c *call, items []any) ([]any, *Fault)
)

// hooks holds the behaviour of the services that do more than store what they are sent.
type hooks struct {
	add    map[string]addHook    // by collection service name: "Vms"
	update map[string]updateHook // by entity service name: "Vm"
	remove map[string]removeHook // by entity service name
	action map[string]actionHook // by "Service/path": "Vm/start"
	view   map[string]viewHook   // by collection service name
	filter map[string]filterHook // by collection service name
}

func newHooks() *hooks {
	return &hooks{add: map[string]addHook{}, update: map[string]updateHook{}, remove: map[string]removeHook{},
		action: map[string]actionHook{}, view: map[string]viewHook{}, filter: map[string]filterHook{}}
}

// later runs f with the store write-locked after d on the server's clock, unless the server
// was closed meanwhile.
func (s *Server) later(d time.Duration, f func(st *store)) {
	s.clock.AfterFunc(d, func() {
		if s.closed.Load() {
			return
		}
		s.store.mu.Lock()
		defer s.store.mu.Unlock()
		f(s.store)
	})
}
