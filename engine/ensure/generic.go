package ensure

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// Generic is a kind driven by the model: an object of Type in a collection, found by name, added
// with the declared members, updated with only the declared members that differ and removed for
// state='absent'. The hooks add what the engine's semantics need on top.
type Generic struct {
	KindName string // "tag"
	Type     string // the model's type: "Tag"
	Path     string // the collection for names.Collection: "tags" (Ensure's when Coll is nil, Export's)
	Help     string // one paragraph for ovirt.ensure.<kind> help
	// Own lists the members of the Spec the hooks handle (not compared by the generic code).
	Own []string
	// RefKinds maps a member holding a reference to the kind of the referred resource.
	RefKinds map[string]string
	// Exported lists the members Export writes (dotted paths), after name.
	Exported []string
	// NoUpdate lists the members the engine cannot change once the object exists: a difference
	// is an error rather than an update.
	NoUpdate []string

	// Coll returns the collection service the object lives in (default: names.Collection(Path)).
	Coll func(ctx context.Context, e *Env, s Spec) (any, error)
	// Add completes the object to add with what the generic code cannot set (also in check mode,
	// where nothing is sent: it validates the declaration).
	Add func(ctx context.Context, e *Env, s Spec, obj any) error
	// ReadyStatus lists the statuses a new object is usable in (a template's "ok"): the add
	// waits for one (engine/wait). Empty: usable at once.
	ReadyStatus []string
	// After runs after the object exists and matches its members (also in check mode, where it
	// must only plan): it manages what Own lists and records its actions and diff in r.
	After func(ctx context.Context, e *Env, s Spec, svc any, r *Result) error
	// ExportHook completes a declaration of an existing object.
	ExportHook func(ctx context.Context, e *Env, obj any, s Spec) error
}

// Name is the kind's name.
func (g *Generic) Name() string { return g.KindName }

// Doc is the help text of the kind.
func (g *Generic) Doc() string { return g.Help }

// Refs returns the references the declaration's members hold (names or ids).
func (g *Generic) Refs(s Spec) []Ref {
	var out []Ref
	add := func(kind string, v any) {
		switch v := v.(type) {
		case string:
			out = append(out, Ref{kind, v})
		case map[string]any:
			if n, ok := v["name"].(string); ok {
				out = append(out, Ref{kind, n})
			} else if id, ok := v["id"].(string); ok {
				out = append(out, Ref{kind, id})
			}
		}
	}
	for m, kind := range g.RefKinds {
		if list, ok := s[m].([]any); ok {
			for _, it := range list {
				add(kind, it)
			}
			continue
		}
		add(kind, s[m])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind+out[i].Name < out[j].Kind+out[j].Name })
	return out
}

var genericSkip = []string{"name", "id", "state"}

func (g *Generic) info() *types.TypeInfo { return types.Type(g.Type) }

func (g *Generic) collection(ctx context.Context, e *Env, s Spec) (any, error) {
	if g.Coll != nil {
		return g.Coll(ctx, e, s)
	}
	return e.Collection(ctx, g.Path)
}

// Find returns the object the Spec names in coll, with its service, or nil when it is absent.
func Find(ctx context.Context, coll any, s Spec) (obj, svc any, err error) {
	key := s.Name()
	if id, ok := s["id"].(string); ok && id != "" {
		key = id
	}
	ent, err := names.Lookup(ctx, coll, key, true)
	if IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return ent.Value, ent.Service, nil
}

// Ensure brings the object to the declaration.
func (g *Generic) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	r := &Result{Kind: g.KindName, Name: s.Name(), Op: "none", Diff: map[string]Change{}}
	state := s.State()
	if state != "present" && state != "absent" {
		return r, specErrorf("state '%s' is not one of present, absent", state)
	}
	coll, err := g.collection(ctx, e, s)
	if err != nil {
		return r, err
	}
	obj, svc, err := Find(ctx, coll, s)
	if err != nil {
		return r, err
	}
	if state == "absent" {
		if obj == nil {
			return r, nil
		}
		return r, g.remove(ctx, e, svc, r)
	}
	decl, err := e.Declared(ctx, g.Type, s, append(slices.Clone(genericSkip), g.Own...)...)
	if err != nil {
		return r, err
	}
	if obj == nil {
		name, _ := s["name"].(string)
		if name == "" {
			return r, fmt.Errorf("no %s with id %v, and a new one needs a name", g.KindName, s["id"])
		}
		r.Op, r.Changed = "add", true
		r.Diff = decl.Diff(nil)
		r.Diff["name"] = Change{To: name}
		add := decl.Object(nil)
		add.(types.WithName).SetName(name)
		if g.Add != nil {
			if err := g.Add(ctx, e, s, add); err != nil {
				return r, err
			}
		}
		if e.Options.Check {
			r.Actions = append(r.Actions, "add")
			return r, g.after(ctx, e, s, nil, r)
		}
		r.Object, svc, err = g.add(ctx, e, coll, add, r)
		if err != nil {
			return r, err
		}
	} else {
		r.Object = obj
		d := decl.Diff(obj)
		rename := renameOf(s, obj)
		if rename != "" {
			d["name"] = Change{From: types.NameOf(obj), To: rename}
		}
		if len(d) > 0 {
			for p := range d {
				if slices.Contains(g.NoUpdate, p) {
					return r, specErrorf("%s cannot change once the %s exists (from %v to %v)", p, g.KindName, d[p].From, d[p].To)
				}
			}
			r.Op, r.Changed, r.Diff = "change", true, d
			action := "update " + strings.Join(slices.Sorted(maps.Keys(d)), ", ")
			if !e.Options.Check {
				upd := decl.Update(d)
				if rename != "" {
					upd.(types.WithName).SetName(rename)
				}
				if upd, err = Call(ctx, svc, "Update", upd); err != nil {
					return r, err
				}
				r.Object = upd
			}
			r.Actions = append(r.Actions, action) // done (or, checking, to be done)
		}
		if !e.Options.Check {
			if r.Object, err = g.ready(ctx, e, svc, r.Object); err != nil {
				return r, err
			}
		}
	}
	return r, g.after(ctx, e, s, svc, r)
}

func (g *Generic) after(ctx context.Context, e *Env, s Spec, svc any, r *Result) error {
	if g.After == nil {
		return nil
	}
	return g.After(ctx, e, s, svc, r)
}

// add sends the new object and waits until it is ready; it returns the object and its service.
// The add is in r's actions once the engine has taken it.
func (g *Generic) add(ctx context.Context, e *Env, coll any, obj any, r *Result) (any, any, error) {
	added, err := Call(ctx, coll, "Add", obj)
	if err != nil {
		return nil, nil, err
	}
	r.Actions = append(r.Actions, "add")
	id := types.IDOf(added)
	ent, err := names.Lookup(ctx, coll, id, false)
	if err != nil {
		return nil, nil, err
	}
	added, err = g.ready(ctx, e, ent.Service, added)
	return added, ent.Service, err
}

// ready waits until obj, the object of svc, has one of the ReadyStatus (at once when it has or
// the kind has none) and returns it as last read.
func (g *Generic) ready(ctx context.Context, e *Env, svc, obj any) (any, error) {
	if st, _ := wait.Status(obj); len(g.ReadyStatus) == 0 || slices.Contains(g.ReadyStatus, st) {
		return obj, nil
	}
	cur, err := wait.For(ctx, svc, g.ReadyStatus, e.WaitOptions())
	if cur == nil {
		cur = obj
	}
	return cur, err
}

// renameOf returns the declared name of an object declared by id when it differs from its name.
func renameOf(s Spec, obj any) string {
	if id, _ := s["id"].(string); id == "" {
		return ""
	}
	if n, _ := s["name"].(string); n != "" && n != types.NameOf(obj) {
		return n
	}
	return ""
}

// remove deletes the object and waits until it is gone.
func (g *Generic) remove(ctx context.Context, e *Env, svc any, r *Result) error {
	r.Op, r.Changed = "remove", true
	if !e.Options.Check {
		if _, err := Call(ctx, svc, "Remove"); err != nil {
			return err // not done: not in the actions
		}
	}
	r.Actions = append(r.Actions, "remove")
	if e.Options.Check {
		return nil
	}
	return wait.Gone(ctx, svc, e.WaitOptions())
}

// Export returns a declaration of every object of the collection the search selects.
func (g *Generic) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	coll, err := e.Collection(ctx, g.Path)
	if err != nil {
		return nil, err
	}
	return g.ExportFrom(ctx, e, coll, search)
}

// ExportFrom returns a declaration of every object of the collection service the search selects.
func (g *Generic) ExportFrom(ctx context.Context, e *Env, coll any, search string) ([]Spec, error) {
	list, err := listSearch(ctx, coll, search)
	if err != nil {
		return nil, err
	}
	ti := g.info()
	var out []Spec
	for i := range list.Len() {
		obj := list.Index(i).Interface()
		s := Spec{"name": types.NameOf(obj)}
		for _, p := range g.Exported {
			v, err := exportValue(ctx, e, ti, reflect.ValueOf(obj), p)
			if err != nil {
				return nil, err
			}
			if v != nil {
				setPath(s, p, v)
			}
		}
		if g.ExportHook != nil {
			if err := g.ExportHook(ctx, e, obj, s); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// listSearch lists the collection, with the search when the list method takes one.
func listSearch(ctx context.Context, coll any, search string) (reflect.Value, error) {
	m := reflect.ValueOf(coll).MethodByName("List")
	if !m.IsValid() {
		return reflect.Value{}, fmt.Errorf("%T cannot be listed", coll)
	}
	pt := m.Type().In(1)
	p := reflect.New(pt.Elem())
	if search != "" {
		f := p.Elem().FieldByName("Search")
		if !f.IsValid() {
			return reflect.Value{}, fmt.Errorf("this collection cannot be searched: list it without a search")
		}
		f.Set(reflect.ValueOf(&search))
	}
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), p})
	if err, _ := out[1].Interface().(error); err != nil {
		return reflect.Value{}, err
	}
	return out[0], nil
}

// exportValue reads the member at the dotted path in obj as a declaration writes it: references
// by name, enums and scalars as they are; nil when unset.
func exportValue(ctx context.Context, e *Env, ti *types.TypeInfo, obj reflect.Value, path string) (any, error) {
	var chain []*types.MemberInfo
	t := ti
	for _, part := range strings.Split(path, ".") {
		mi := t.Member(part)
		if mi == nil {
			return nil, fmt.Errorf("%s has no member %s", ti.Name, path)
		}
		chain = append(chain, mi)
		t = types.Type(mi.Type)
	}
	mi := chain[len(chain)-1]
	f := field(obj, chain)
	if mi.Type == "Version" && !mi.List {
		if !f.IsValid() {
			return nil, nil
		}
		if ver, ok := f.Interface().(*types.Version); ok && ver != nil && ver.Major != nil && ver.Minor != nil {
			return fmt.Sprintf("%d.%d", *ver.Major, *ver.Minor), nil
		}
		return nil, nil
	}
	v := actual(f, mi)
	conv := func(x any) (any, error) {
		if id, ok := x.(refID); ok {
			return e.NameOf(ctx, mi.Type, string(id))
		}
		if _, ok := x.(reflect.Value); ok {
			return nil, fmt.Errorf("%s: lists of %s cannot be exported", path, mi.Type)
		}
		return x, nil
	}
	if l, ok := v.([]any); ok {
		out := make([]any, len(l))
		for i, x := range l {
			var err error
			if out[i], err = conv(x); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	if v == nil {
		return nil, nil
	}
	return conv(v)
}

// setPath stores v at the dotted path of s, creating nested maps.
func setPath(s map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		m, ok := s[p].(map[string]any)
		if !ok {
			m = map[string]any{}
			s[p] = m
		}
		s = m
	}
	s[parts[len(parts)-1]] = v
}
