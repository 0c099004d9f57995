package ensure

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// kit is what the hand-tuned kinds (vm, disk, nic, snapshot, host, storage_domain) work with:
// the connection, the options and the result being built. Every write goes through do, so check
// mode sends none and the actions say what was (or would be) done.
type kit struct {
	e    *Env
	conn *engine.Connection
	r    *Result
	// what the vm kind read with the VM (follow=nics,disk_attachments.disk,tags): the finders use
	// these rather than listing again; nil when not read
	nics []*types.Nic
	atts []*types.DiskAttachment
	tags []*types.Tag
	// stale says the object may have changed since it was read (a write was sent, or a wait
	// ended): it is read again for the result
	stale bool
}

func newKit(e *Env, kind, name string) *kit {
	return &kit{e: e, conn: e.Conn, r: &Result{Kind: kind, Name: name, Op: "none", Diff: map[string]Change{}}}
}

// check reports whether this is a plan only (no write request).
func (k *kit) check() bool { return k.e.Options.Check }

// do records action and, unless in check mode, runs f first.
func (k *kit) do(action string, f func() error) error {
	if !k.check() {
		k.stale = true
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
	}
	k.r.Changed = true
	k.r.Actions = append(k.r.Actions, action)
	return nil
}

// op sets the result's operation unless a stronger one is set ("add" and "remove" win over "change").
func (k *kit) op(op string) {
	if k.r.Op == "none" || (op != "change" && k.r.Op == "change") {
		k.r.Op = op
	}
}

// opOf sets the operation for an object of its own (prefix "") or one inside another
// declaration (a VM's NIC or disk: prefix "nics.nic1."), where it is a change of that one.
func (k *kit) opOf(prefix, op string) {
	if prefix != "" {
		op = "change"
	}
	k.op(op)
}

// change records a difference of the member at path.
func (k *kit) change(path string, from, to any, nextRun bool) {
	k.r.Diff[path] = Change{From: from, To: to, NextRun: nextRun}
	k.op("change")
}

// fail returns the result so far with err (Ensure names the resource in the error).
func (k *kit) fail(err error) (*Result, error) { return k.r, err }

// lookup finds an entity by name or id in a collection service; nil (no error) when it is missing.
func lookup(ctx context.Context, coll any, key string) (*names.Entity, error) {
	ent, err := names.Lookup(ctx, coll, key, true)
	if IsNotFound(err) {
		return nil, nil
	}
	return ent, err
}

// refKey reads a reference as declared: "name", a UUID, or {id=...} / {name=...}.
func refKey(member string, v any) (string, error) {
	switch x := v.(type) {
	case string:
		if x != "" {
			return x, nil
		}
	case map[string]any:
		for _, k := range []string{"id", "name"} {
			if s, ok := x[k].(string); ok && s != "" {
				return s, nil
			}
		}
	}
	return "", specErrorf("%s: expected a name, an id or {id=...}, got %s", member, typeName(v))
}

// resolveRef returns the id of the object of the type (in its top-level collection) a declared
// reference names.
func (k *kit) resolveRef(ctx context.Context, typeName, member string, v any) (string, error) {
	key, err := refKey(member, v)
	if err != nil {
		return "", err
	}
	id, err := k.e.ResolveID(ctx, typeName, key)
	if err != nil {
		return "", fmt.Errorf("%s: %w", member, err)
	}
	return id, nil
}

// spec is a declaration being read: the members a kind reads are taken out of it, so the rest can
// be refused by name (with the closest member names as a hint).
type spec struct {
	kind string
	m    Spec
	used map[string]bool
}

func readSpec(kind string, s Spec) *spec { return &spec{kind: kind, m: s, used: map[string]bool{}} }

func (s *spec) get(key string) (any, bool) {
	s.used[key] = true
	v, ok := s.m[key]
	return v, ok && v != nil
}

func (s *spec) str(key string) (string, bool, error) {
	v, ok := s.get(key)
	if !ok {
		return "", false, nil
	}
	x, isStr := v.(string)
	if !isStr {
		return "", false, specErrorf("%s: expected a string, got %s", key, typeName(v))
	}
	return x, true, nil
}

func (s *spec) boolean(key string) (bool, bool, error) {
	v, ok := s.get(key)
	if !ok {
		return false, false, nil
	}
	x, isBool := v.(bool)
	if !isBool {
		return false, false, specErrorf("%s: expected true or false, got %s", key, typeName(v))
	}
	return x, true, nil
}

// tables reads a list of tables (nics, disks).
func (s *spec) tables(key string) ([]Spec, bool, error) {
	v, ok := s.get(key)
	if !ok {
		return nil, false, nil
	}
	items, isList := v.([]any)
	if !isList {
		if m, isMap := v.(map[string]any); isMap && len(m) == 0 {
			return nil, true, nil // an empty Lua table
		}
		return nil, false, specErrorf("%s: expected a list of tables, got %s", key, typeName(v))
	}
	out := make([]Spec, len(items))
	for i, it := range items {
		m, isMap := it.(map[string]any)
		if !isMap {
			return nil, false, specErrorf("%s[%d]: expected a table, got %s", key, i+1, typeName(it))
		}
		out[i] = Spec(m)
	}
	return out, true, nil
}

// strings reads a list of strings (tags).
func (s *spec) strings(key string) ([]string, bool, error) {
	v, ok := s.get(key)
	if !ok {
		return nil, false, nil
	}
	var out []string
	switch x := v.(type) {
	case []any:
		for i, it := range x {
			str, isStr := it.(string)
			if !isStr || str == "" {
				return nil, false, specErrorf("%s[%d]: expected a name, got %s", key, i+1, typeName(it))
			}
			out = append(out, str)
		}
	case map[string]any:
		if len(x) != 0 {
			return nil, false, specErrorf("%s: expected a list of names, got %s", key, typeName(v))
		}
	default:
		return nil, false, specErrorf("%s: expected a list of names, got %s", key, typeName(v))
	}
	return out, true, nil
}

// state reads "state" (default def) and checks it is one of allowed.
func (s *spec) state(def string, allowed ...string) (string, error) {
	st, ok, err := s.str("state")
	if err != nil {
		return "", err
	}
	if !ok {
		return def, nil
	}
	if !slices.Contains(allowed, st) {
		return "", specErrorf("state: unknown state %q for a %s (one of %s)%s", st, s.kind,
			strings.Join(allowed, ", "), suggest.DidYouMean(suggest.Nearest(st, allowed, 1)))
	}
	return st, nil
}

// unknown refuses the members no reader took, naming the closest known ones.
func (s *spec) unknown(known ...string) error {
	var bad []string
	for key := range s.m {
		if !s.used[key] {
			bad = append(bad, key)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return specErrorf("unknown member %q of a %s%s", bad[0], s.kind, suggest.DidYouMean(suggest.Nearest(bad[0], known, 3)))
}

// rest returns the members no reader took (for the generic comparison of plain members).
func (s *spec) rest() Spec {
	out := Spec{}
	for key, v := range s.m {
		if !s.used[key] {
			out[key] = v
		}
	}
	return out
}

// needName refuses to make an object declared by its id only (the id names one that is missing).
func needName(s Spec, kind string) error {
	if n, ok := s["name"].(string); ok && n != "" {
		return nil
	}
	return fmt.Errorf("no %s with id %v, and a new one needs a name", kind, s["id"])
}

// name reads the name (or else the id) the declaration goes by; see lookupKey for the one it is
// found by.
func (s *spec) name() (string, error) {
	name, hasName, err := s.str("name")
	if err != nil {
		return "", err
	}
	id, hasID, err := s.str("id")
	switch {
	case err != nil:
		return "", err
	case hasName:
		return name, nil
	case hasID:
		return id, nil
	}
	return "", specErrorf("a %s needs a name (or an id)", s.kind)
}

// lookupKey is what finds the declared object: its id when declared (a different name then
// renames it), else its name.
func lookupKey(s Spec) string {
	if id, _ := s["id"].(string); id != "" {
		return id
	}
	return s.Name()
}

// waitFor waits until the entity of svc has one of the statuses (image_locked → ok, powering_up
// → up...) within the options' timeout; skipped in check mode.
func (k *kit) waitFor(ctx context.Context, svc any, want ...string) error {
	if k.check() {
		return nil
	}
	k.stale = true
	_, err := wait.For(ctx, svc, want, k.waitOptions())
	return err
}

// waitOptions are the options of every wait: the Ensure's timeout, poll interval and clock.
func (k *kit) waitOptions() wait.Options {
	o := wait.Options{Timeout: k.e.Options.Timeout, Interval: k.e.Options.PollInterval}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if k.e.Options.Clock != nil {
		o.Clock = wait.AfterFuncClock(k.e.Options.Clock)
	}
	return o
}

// waitGone waits until the entity of svc is gone (404); skipped in check mode.
func (k *kit) waitGone(ctx context.Context, svc any) error {
	if k.check() {
		return nil
	}
	return wait.Gone(ctx, svc, k.waitOptions())
}

// refsOf returns the references a declaration makes through the members of kinds (member →
// kind), for the ordering of apply; references by id are left out.
func refsOf(s Spec, kinds map[string]string) []Ref {
	var out []Ref
	for member, kind := range kinds {
		if v, ok := s[member]; ok {
			if key, err := refKey(member, v); err == nil && !names.IsID(key) {
				out = append(out, Ref{Kind: kind, Name: key})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind+out[i].Name < out[j].Kind+out[j].Name })
	return out
}

// buildPlain builds an object of the type from the members compared generically (to add it);
// with diff, they go to the Result's diff as added.
func (k *kit) buildPlain(ctx context.Context, typeName string, rest Spec, diff bool) (any, error) {
	decl, err := k.e.Declared(ctx, typeName, rest)
	if err != nil {
		return nil, err
	}
	if diff {
		for path, c := range decl.Diff(nil) {
			k.r.Diff[path] = c
		}
	}
	return decl.Object(nil), nil
}

// diffPlain compares the members compared generically with cur; upd holds the changed ones.
func (k *kit) diffPlain(ctx context.Context, typeName string, rest Spec, cur any) (upd any, changes map[string]Change, err error) {
	decl, err := k.e.Declared(ctx, typeName, rest)
	if err != nil || cur == nil {
		return nil, nil, err
	}
	changes = decl.Diff(cur)
	if len(changes) == 0 {
		return nil, nil, nil
	}
	return decl.Update(changes), changes, nil
}

// updatePlain records the differences of the generically compared members and sends them.
func (k *kit) updatePlain(ctx context.Context, typeName string, rest Spec, cur any, send func(upd any) error) error {
	upd, changes, err := k.diffPlain(ctx, typeName, rest, cur)
	if err != nil || len(changes) == 0 {
		return err
	}
	for path, c := range changes {
		k.change(path, c.From, c.To, false)
	}
	return k.do("update "+strings.Join(slices.Sorted(maps.Keys(changes)), ", "), func() error { return send(upd) })
}
