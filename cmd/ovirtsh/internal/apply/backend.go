package apply

import (
	"context"
	"errors"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/names"
)

// engineBackend is the backend of ovirtsh apply: engine/ensure over one connection.
type engineBackend struct {
	conn *engine.Connection
	// plan serves every check of the plan, so that each name a site refers to is resolved once.
	// The changes each get an Env of their own: names resolve to what the run has made so far.
	plan *ensure.Env

	mu    sync.Mutex
	names map[string]string // id → name, for the plan
}

func newBackend(conn *engine.Connection) *engineBackend {
	return &engineBackend{conn: conn, plan: ensure.NewEnv(conn, Options{Check: true}), names: map[string]string{}}
}

// NameOf returns the name of the object with the id in the top-level collection of one of the
// kinds (one GET each until found, then remembered), or the id itself.
func (b *engineBackend) NameOf(ctx context.Context, kinds []string, id string) string {
	b.mu.Lock()
	n, ok := b.names[id]
	b.mu.Unlock()
	if ok {
		return n
	}
	n = id
	for _, k := range kinds {
		if e, err := names.Get(ctx, b.conn, k+"s/"+id); err == nil && e.Name != "" {
			n = e.Name
			break
		}
	}
	b.mu.Lock()
	b.names[id] = n
	b.mu.Unlock()
	return n
}

func (b *engineBackend) Name(r Resource) string {
	k, err := ensure.Lookup(r.Kind)
	if err != nil {
		return r.Spec.Name() // Refs says what is wrong
	}
	return ensure.ResourceName(k, r.Spec)
}

func (b *engineBackend) Refs(r Resource) ([]Ref, error) {
	k, err := ensure.Lookup(r.Kind)
	if err != nil {
		return nil, err
	}
	return k.Refs(r.Spec), nil
}

func (b *engineBackend) Ensure(ctx context.Context, r Resource, o Options) (*Result, error) {
	if o.Check {
		return b.plan.Ensure(ctx, r)
	}
	return ensure.Ensure(ctx, b.conn, r, o)
}

// Exists looks the reference up in the top-level collection of its kind ("clusters/prod"); a
// kind without one (a NIC, an affinity group) cannot be told here.
func (b *engineBackend) Exists(ctx context.Context, ref Ref) (bool, error) {
	if k, err := ensure.Lookup(ref.Kind); err == nil {
		if _, nameless := k.(ensure.Namer); nameless {
			return true, nil // "UserRole for user jdoe on vm web1" is no name to look up
		}
	}
	find := names.Service // a name costs its search
	if names.IsID(ref.Name) {
		find = names.Get // an id would cost nothing, and prove nothing
	}
	_, err := find(ctx, b.conn, ref.Kind+"s/"+ref.Name)
	var ne *names.Error
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &ne) && ne.Kind == names.KindNotFound:
		return false, nil
	case errors.As(err, &ne) && ne.Kind == names.KindBadPath:
		return true, nil
	}
	return false, err
}
