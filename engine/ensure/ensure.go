// Package ensure brings objects of the engine to a declared shape, idempotently: a declaration
// (a Spec) names an object and the members it must have; Ensure adds the object when it is
// missing, updates only the declared members that differ, removes it for state='absent', and
// waits for the engine to reach the wanted state. A second identical call sends no write request,
// and Options.Check plans without sending any. Export writes declarations of existing objects.
//
// Kinds register themselves (Register, from init): the generic machinery (Generic) covers the
// kinds the model describes well enough (find by name, build the typed object from the Spec,
// compare declared members only); kinds with engine semantics of their own add hooks.
package ensure

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// Spec is a declaration as given: members by snake_case name with values string, bool, int64,
// float64, []any or map[string]any (nested members or a reference {id=...}/{name=...}). Sizes
// may be strings with units ("2GiB"); references are a name or an id. "name" (or "id")
// identifies the object and "state" is the wanted state (default "present").
type Spec map[string]any

// Resource is a declaration of one object of a kind.
type Resource struct {
	Kind string
	Spec Spec
	// Where is the place it was declared ("site.lua:12"), when known: apply's errors name it.
	Where string
}

// Name is the name (or else the id) the Spec identifies its object by.
func (s Spec) Name() string {
	if n, ok := s["name"].(string); ok && n != "" {
		return n
	}
	if id, ok := s["id"].(string); ok {
		return id
	}
	return ""
}

// State is the wanted state: s["state"], "present" when not given.
func (s Spec) State() string {
	if st, ok := s["state"].(string); ok && st != "" {
		return st
	}
	return "present"
}

// Clock is the time source of waits: the simulator's clocks implement it, so tests on a manual
// clock decide when a wait times out (engine/wait adapts it with wait.AfterFuncClock).
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) (cancel func() bool)
}

// Options tune one Ensure.
type Options struct {
	// Check plans only: no write request at all; the Result says what would be done.
	Check bool
	// Timeout bounds each wait for a state (default DefaultTimeout).
	Timeout time.Duration
	// PollInterval is the time between two reads of a state being waited for (default: from
	// 0.1s doubling up to 2s, as engine/wait does).
	PollInterval time.Duration
	// Clock is the time source of waits (default the wall clock).
	Clock Clock
}

// DefaultTimeout bounds each wait when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Minute

// Change is the change of one member, in the API's units (memory in bytes, references as ids).
type Change struct {
	From, To any
	NextRun  bool // the engine applies it at the next run of the VM
}

// Result is what Ensure did (or, in check mode, would do).
type Result struct {
	Kind, Name string
	Changed    bool
	Op         string            // "add", "change", "remove", "none"
	Diff       map[string]Change // keyed by dotted member path
	Actions    []string          // what was done, in order: {"add", "assign cluster Default"}
	Object     any               // the entity after (*types.Tag); nil when absent
}

// Ref is a reference of a declaration to another resource, for ordering.
type Ref struct{ Kind, Name string }

// Kind is one kind of resource.
type Kind interface {
	Name() string
	// Refs lists the resources the declaration refers to.
	Refs(Spec) []Ref
	// Ensure brings the object to the declaration.
	Ensure(ctx context.Context, e *Env, s Spec) (*Result, error)
	// Export returns declarations of the existing objects the search selects ("" for all);
	// applying them is a no-op.
	Export(ctx context.Context, e *Env, search string) ([]Spec, error)
}

// Namer is implemented by kinds whose objects have no name of their own (a permission, a
// snapshot known by its description): the name a declaration is known by in results, errors and
// the plan. Such a kind says itself what a declaration lacks when that name is empty.
type Namer interface {
	ResourceName(Spec) string
}

// ResourceName is the name a declaration of the kind is known by: Namer's, else its name or id.
func ResourceName(k Kind, s Spec) string {
	if n, ok := k.(Namer); ok {
		return n.ResourceName(s)
	}
	return s.Name()
}

// Documented is implemented by kinds that carry a help text.
type Documented interface {
	Doc() string
}

var (
	kindsMu sync.RWMutex
	kinds   = map[string]Kind{}
)

// Register adds a kind; a second kind of the same name panics (a programming error at init).
func Register(k Kind) {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if _, dup := kinds[k.Name()]; dup {
		panic("ensure: kind " + k.Name() + " registered twice")
	}
	kinds[k.Name()] = k
}

// Kinds returns the names of the registered kinds, sorted.
func Kinds() []string {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	out := make([]string, 0, len(kinds))
	for n := range kinds {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the kind named name, or an error with the closest names.
func Lookup(name string) (Kind, error) {
	kindsMu.RLock()
	k := kinds[name]
	kindsMu.RUnlock()
	if k == nil {
		return nil, specErrorf("ensure: no kind '%s'%s", name, suggest.DidYouMean(suggest.Nearest(name, Kinds(), 3)))
	}
	return k, nil
}

// Ensure brings the object the resource declares to its declaration. On failure the error names
// the resource ("tag web: ...") and the Result says what was already done.
func Ensure(ctx context.Context, conn *engine.Connection, r Resource, o Options) (*Result, error) {
	return NewEnv(conn, o).Ensure(ctx, r)
}

// Ensure is ensure.Ensure with the Env's connection and options. One Env may serve many
// resources, also concurrently (ovirtsh apply): the ids of the names it resolved are kept, so a
// site referring to cluster 'Default' a hundred times looks it up once.
func (e *Env) Ensure(ctx context.Context, r Resource) (*Result, error) {
	k, err := Lookup(r.Kind)
	if err != nil {
		return nil, err
	}
	name := ResourceName(k, r.Spec)
	if _, named := k.(Namer); name == "" && !named {
		return nil, specErrorf("%s: the declaration has no name (or id)", r.Kind)
	}
	res, err := k.Ensure(ctx, e, r.Spec)
	if res == nil {
		res = &Result{Kind: r.Kind, Name: name, Op: "none"}
	}
	if res.Kind == "" {
		res.Kind = r.Kind
	}
	if res.Name == "" {
		res.Name = name
	}
	if err != nil {
		if name == "" {
			return res, fmt.Errorf("%s: %w", r.Kind, err)
		}
		return res, fmt.Errorf("%s %s: %w", r.Kind, name, err)
	}
	return res, nil
}

// Export returns declarations of the existing objects of the kind the search selects.
func Export(ctx context.Context, conn *engine.Connection, kind, search string) ([]Resource, error) {
	k, err := Lookup(kind)
	if err != nil {
		return nil, err
	}
	specs, err := k.Export(ctx, NewEnv(conn, Options{}), search)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", kind, err)
	}
	out := make([]Resource, len(specs))
	for i, s := range specs {
		out[i] = Resource{Kind: kind, Spec: s}
	}
	return out, nil
}
