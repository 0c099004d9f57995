package ensure

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// leaf is one declared member, normalized: sizes in bytes, enums lower-case, references as ids.
type leaf struct {
	path  string              // dotted: "cpu.topology.cores"
	chain []*types.MemberInfo // the members from the object down to it
	val   any                 // string, int64, float64, bool, refID or []any of those and item
}

// refID is a reference to another object, by id.
type refID string

// refName is a reference by name as read, resolved to a refID once the whole declaration has
// been read: a typo anywhere in it is found before any request, and before a reference to an
// object still to be made fails (ovirtsh apply plans such declarations later).
type refName struct{ typ, key, path string }

// item is a declared item of a list of structs that are not references: its own leaves.
type item []leaf

// Declared holds the members a Spec declares for one type, normalized: sizes in bytes, enums
// lower-case, references resolved to ids. Kinds compare them with an existing object (Diff) and
// build the object to add or the update to send from them (Object).
type Declared struct {
	Type   *types.TypeInfo
	leaves []leaf
}

// Declared reads the members of s declared for the type named typeName, skipping the top-level
// members in skip (which the kind handles itself). References by name cost one request each
// (cached in the Env). Unknown members, values of the wrong type and unknown enum values are
// errors naming the member (with the closest names).
func (e *Env) Declared(ctx context.Context, typeName string, s map[string]any, skip ...string) (*Declared, error) {
	ti, leaves, err := e.read(ctx, typeName, s, skip)
	if err != nil {
		return nil, err
	}
	if err := e.resolveRefs(ctx, leaves); err != nil {
		return nil, err
	}
	return &Declared{Type: ti, leaves: leaves}, nil
}

// Validate reads the members of s for the type named typeName as Declared does, without
// resolving any reference: what is wrong with the declaration itself, found without a request.
func (e *Env) Validate(typeName string, s map[string]any, skip ...string) error {
	_, _, err := e.read(context.Background(), typeName, s, skip)
	return err
}

// read reads the members of s for the type, references left by name.
func (e *Env) read(ctx context.Context, typeName string, s map[string]any, skip []string) (*types.TypeInfo, []leaf, error) {
	ti := types.Type(typeName)
	if ti == nil || ti.Kind != types.KindStruct {
		return nil, nil, specErrorf("ensure: no struct type %s in the model", typeName)
	}
	sk := make(map[string]bool, len(skip))
	for _, k := range skip {
		sk[k] = true
	}
	leaves, err := e.parse(ctx, ti, s, "", nil, sk)
	return ti, leaves, err
}

// resolveRefs turns the references by name of the leaves (and of their lists' items) into ids.
func (e *Env) resolveRefs(ctx context.Context, leaves []leaf) error {
	var resolve func(v any) (any, error)
	resolve = func(v any) (any, error) {
		switch x := v.(type) {
		case refName:
			id, err := e.ResolveID(ctx, x.typ, x.key)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", x.path, err)
			}
			return refID(id), nil
		case item:
			return x, e.resolveRefs(ctx, x)
		case []any:
			for i, it := range x {
				var err error
				if x[i], err = resolve(it); err != nil {
					return nil, err
				}
			}
		}
		return v, nil
	}
	for i := range leaves {
		var err error
		if leaves[i].val, err = resolve(leaves[i].val); err != nil {
			return err
		}
	}
	return nil
}

// Diff compares the declared members with obj (nil: the object does not exist, every member
// changes) and returns the changes keyed by dotted path; undeclared members are not compared.
func (d *Declared) Diff(obj any) map[string]Change { return diff(d.leaves, obj) }

// Object builds a new object of the type (a pointer to the generated struct) holding the declared
// members whose path keep accepts (all when keep is nil).
func (d *Declared) Object(keep func(path string) bool) any { return build(d.Type, d.leaves, keep) }

// Update builds the object to send for the changes of a Diff: only the changed members.
func (d *Declared) Update(changes map[string]Change) any {
	return d.Object(func(p string) bool { _, ok := changes[p]; return ok })
}

// Paths lists the dotted paths of the declared members, in order.
func (d *Declared) Paths() []string {
	out := make([]string, len(d.leaves))
	for i, l := range d.leaves {
		out[i] = l.path
	}
	return out
}

func (e *Env) parse(ctx context.Context, ti *types.TypeInfo, s map[string]any, prefix string, chain []*types.MemberInfo, skip map[string]bool) ([]leaf, error) {
	s, err := expandDots(s, prefix)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		if !skip[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []leaf
	for _, k := range keys {
		path := prefix + k
		mi := ti.Member(k)
		if mi == nil || k == "href" || k == "actions" {
			return nil, specErrorf("%s: %s has no member '%s'%s", path, ti.Name, k, suggest.DidYouMean(suggest.Nearest(k, ti.MemberNames(), 3)))
		}
		if mi.List && mi.Link {
			return nil, specErrorf("%s: the %s of a %s are objects of their own: declare them with their own kind", path, k, ti.SnakeName)
		}
		c := append(append([]*types.MemberInfo(nil), chain...), mi)
		v, err := shorthand(mi, s[k], path)
		if err != nil {
			return nil, err
		}
		if m, ok := v.(map[string]any); ok && mi.TypeKind == types.KindStruct && !mi.List && !isRefMap(mi, m) {
			sub, err := e.parse(ctx, types.Type(mi.Type), m, path+".", c, nil)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
			continue
		}
		nv, err := e.normalize(ctx, mi, v, path)
		if err != nil {
			return nil, err
		}
		out = append(out, leaf{path: path, chain: c, val: nv})
	}
	return out, nil
}

// isRefMap reports whether m declares a reference ({id=...} or {name=...}) to an object that has
// an id, rather than nested members.
func isRefMap(mi *types.MemberInfo, m map[string]any) bool {
	if !isReference(mi) || len(m) != 1 {
		return false
	}
	_, id := m["id"]
	_, name := m["name"]
	return id || name
}

func (e *Env) normalize(ctx context.Context, mi *types.MemberInfo, v any, path string) (any, error) {
	if !mi.List {
		return e.scalar(ctx, mi.Type, mi.TypeKind, v, path)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, specErrorf("%s: expected a list of %s, got %s", path, mi.Type, typeName(v))
	}
	out := make([]any, len(list))
	for i, it := range list {
		p := fmt.Sprintf("%s[%d]", path, i+1)
		m, isMap := it.(map[string]any)
		if isMap && mi.TypeKind == types.KindStruct && !isRefMap(mi, m) {
			sub, err := e.parse(ctx, types.Type(mi.Type), m, p+".", nil, nil)
			if err != nil {
				return nil, err
			}
			out[i] = item(sub)
			continue
		}
		nv, err := e.scalar(ctx, mi.Type, mi.TypeKind, it, p)
		if err != nil {
			return nil, err
		}
		out[i] = nv
	}
	return out, nil
}

// scalar normalizes one value of type typ: a primitive, an enum or a reference.
func (e *Env) scalar(ctx context.Context, typ string, kind types.Kind, v any, path string) (any, error) {
	bad := func(want string) error {
		return specErrorf("%s: expected %s, got %s", path, want, typeName(v))
	}
	switch kind {
	case types.KindEnum:
		s, ok := v.(string)
		if !ok {
			return nil, bad("one of the " + typ + " values")
		}
		ti := types.Type(typ)
		if !ti.HasValue(s) {
			hint := suggest.DidYouMean(suggest.Nearest(strings.ToLower(s), ti.Values, 3))
			if hint == "" {
				hint = " (values: " + strings.Join(ti.Values, ", ") + ")"
			}
			return nil, specErrorf("%s: '%s' is not a %s%s", path, s, typ, hint)
		}
		return strings.ToLower(s), nil
	case types.KindStruct:
		ti := types.Type(typ)
		if ti == nil || ti.Member("id") == nil || RootPath(typ) == "" {
			return nil, bad("a table of " + typ + " members")
		}
		var key string
		switch x := v.(type) {
		case string:
			key = x
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				return refID(id), nil
			}
			key, _ = x["name"].(string)
		}
		if key == "" {
			return nil, bad("the name or id of a " + ti.SnakeName)
		}
		return refName{typ: typ, key: key, path: path}, nil // resolved by Declared once all is read
	}
	switch typ {
	case "String":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, bad("a string")
	case "Boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, bad("a boolean")
	case "Integer":
		switch x := v.(type) {
		case int64:
			return x, nil
		case int:
			return int64(x), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				return int64(x), nil
			}
		case string:
			if !strings.ContainsAny(x, "0123456789") { // cores='two' is no mistyped size
				return nil, specErrorf("%s: expected an integer (or a size such as '2GiB'), got '%s'", path, x)
			}
			n, err := types.ParseSize(x)
			if err != nil {
				return nil, specErrorf("%s: %v", path, err)
			}
			return n, nil
		}
		return nil, bad("an integer (or a size such as '2GiB')")
	case "Decimal":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case int:
			return float64(x), nil
		}
		return nil, bad("a number")
	}
	return nil, specErrorf("%s: members of type %s cannot be declared", path, typ)
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int64, float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// SpecError is a declaration that cannot be right whatever the engine holds: an unknown member,
// a value of the wrong type, an unknown enum value or state. Found before any write request.
type SpecError struct{ Msg string }

func (e *SpecError) Error() string { return e.Msg }

func specErrorf(format string, args ...any) error {
	return &SpecError{Msg: fmt.Sprintf(format, args...)}
}

// shorthand expands the short forms of struct members: a version as "4.7" (major and minor),
// and an empty list, which Lua cannot tell from an empty table of members.
func shorthand(mi *types.MemberInfo, v any, path string) (any, error) {
	if mi.List || mi.TypeKind != types.KindStruct {
		return v, nil
	}
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return map[string]any{}, nil
		}
	case string:
		if mi.Type != "Version" {
			return v, nil
		}
		var major, minor int64
		if n, err := fmt.Sscanf(x, "%d.%d", &major, &minor); n != 2 || err != nil || fmt.Sprintf("%d.%d", major, minor) != x {
			return nil, specErrorf("%s: expected a version such as '4.7', got '%s'", path, x)
		}
		return map[string]any{"major": major, "minor": minor}, nil
	}
	return v, nil
}

// expandDots returns s with dotted keys ("cpu.topology.cores") turned into nested tables,
// merged with the tables given for the same members.
func expandDots(s map[string]any, prefix string) (map[string]any, error) {
	dotted := false
	for k := range s {
		dotted = dotted || strings.Contains(k, ".")
	}
	if !dotted {
		return s, nil
	}
	out := make(map[string]any, len(s))
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "cpu" before "cpu.type": the table first, then the dotted members into it
	for _, k := range keys {
		parts := strings.Split(k, ".")
		if slices.Contains(parts, "") {
			return nil, specErrorf("%s%s: a member path has an empty part", prefix, k)
		}
		m := out
		for i, p := range parts[:len(parts)-1] {
			switch sub := m[p].(type) {
			case nil:
				n := map[string]any{}
				m[p] = n
				m = n
			case map[string]any:
				n := make(map[string]any, len(sub)+1) // a copy: the caller's table stays as it was
				for sk, sv := range sub {
					n[sk] = sv
				}
				m[p] = n
				m = n
			default:
				return nil, specErrorf("%s%s: %s is given as %s too", prefix, k, strings.Join(parts[:i+1], "."), typeName(sub))
			}
		}
		last := parts[len(parts)-1]
		if _, dup := m[last]; dup {
			return nil, specErrorf("%s%s: given twice", prefix, k)
		}
		m[last] = s[k]
	}
	return out, nil
}
