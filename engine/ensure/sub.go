package ensure

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// items reads a list of names or tables with a name: {'a', {name='b', ...}}.
func items(v any, member string) ([]map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, specErrorf("%s: expected a list of names or tables with a name, got %s", member, typeName(v))
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		switch x := it.(type) {
		case string:
			out[i] = map[string]any{"name": x}
		case map[string]any:
			if n, _ := x["name"].(string); n == "" {
				return nil, specErrorf("%s[%d]: the table has no name", member, i+1)
			}
			out[i] = x
		default:
			return nil, specErrorf("%s[%d]: expected a name or a table with a name, got %s", member, i+1, typeName(it))
		}
	}
	return out, nil
}

// undone takes back the last action recorded, which the engine refused: err is returned as it
// is, so that a failure reads "return fmt.Errorf(..., r.undone(err))".
func (r *Result) undone(err error) error {
	if err != nil && len(r.Actions) > 0 {
		r.Actions = r.Actions[:len(r.Actions)-1]
	}
	return err
}

// record adds the changes of a sub-object (paths prefixed) and the action to the result.
func (r *Result) record(prefix string, diff map[string]Change, action string) {
	if r.Diff == nil {
		r.Diff = map[string]Change{}
	}
	for p, c := range diff {
		r.Diff[prefix+p] = c
	}
	r.Actions = append(r.Actions, action)
	r.Changed = true
	if r.Op == "none" || r.Op == "" {
		r.Op = "change"
	}
}

// memberSet is a list of references an object holds through a sub-collection of its own (the
// VMs of an affinity group): the declared list is the whole set.
type memberSet struct {
	member, typ string                                   // "vms", "Vm"
	list        func(ctx context.Context) ([]any, error) // the current members (objects with ids)
	add         func(ctx context.Context, id string) error
	remove      func(ctx context.Context, id string) error
}

// ensureSet makes the members those declared (names or ids): it adds the missing ones and
// removes the others. exists is false when check mode plans the owner's add.
func (e *Env) ensureSet(ctx context.Context, r *Result, m memberSet, declared any, exists bool) error {
	if declared == nil {
		return nil
	}
	list, ok := declared.([]any)
	if !ok {
		return specErrorf("%s: expected a list of names or ids, got %s", m.member, typeName(declared))
	}
	want := make([]string, len(list))
	for i, it := range list {
		key, ok := it.(string)
		if !ok {
			return specErrorf("%s[%d]: expected a name or an id, got %s", m.member, i+1, typeName(it))
		}
		id, err := e.ResolveID(ctx, m.typ, key)
		if err != nil {
			return fmt.Errorf("%s: %w", m.member, err)
		}
		want[i] = id
	}
	var have []string
	if exists {
		cur, err := m.list(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", m.member, err)
		}
		for _, c := range cur {
			have = append(have, types.IDOf(c))
		}
	}
	label := strings.TrimSuffix(m.member, "s")
	var acts []func(context.Context) error
	var actions []string
	for i, id := range want {
		if !slices.Contains(have, id) && !slices.Contains(want[:i], id) {
			actions = append(actions, "add "+label+" "+list[i].(string))
			acts = append(acts, func(ctx context.Context) error { return m.add(ctx, id) })
		}
	}
	for _, id := range have {
		if !slices.Contains(want, id) {
			name, err := e.NameOf(ctx, m.typ, id)
			if err != nil {
				return err
			}
			actions = append(actions, "remove "+label+" "+name)
			acts = append(acts, func(ctx context.Context) error { return m.remove(ctx, id) })
		}
	}
	if len(acts) == 0 {
		return nil
	}
	from := make([]any, len(have))
	for i, id := range have {
		from[i] = id
	}
	to := make([]any, len(want))
	for i, id := range want {
		to[i] = id
	}
	base := len(r.Actions)
	r.record("", map[string]Change{m.member: {From: from, To: to}}, actions[0])
	r.Actions = append(r.Actions, actions[1:]...)
	if e.Options.Check {
		return nil
	}
	r.Actions = r.Actions[:base] // each once done
	for i, act := range acts {
		if err := act(ctx); err != nil {
			return fmt.Errorf("%s: %w", actions[i], err)
		}
		r.Actions = append(r.Actions, actions[i])
	}
	return nil
}
