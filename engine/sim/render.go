package sim

import (
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// followTree is a parsed follow parameter: "nics,disk_attachments.disk" →
// {nics: {}, disk_attachments: {disk: {}}}.
type followTree map[string]followTree

func parseFollow(s string) followTree {
	t := followTree{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		cur := t
		for _, seg := range strings.Split(p, ".") {
			next := cur[seg]
			if next == nil {
				next = followTree{}
				cur[seg] = next
			}
			cur = next
		}
	}
	return t
}

// renderer decorates stored entities for a response (store read-locked): href, <actions>,
// <link rel> for sub-collections, and followed links inlined.
type renderer struct {
	s  *Server
	st *store
}

// entity returns a decorated shallow copy of the stored entity v at path (below the API root),
// whose entity service is n.
func (rd renderer) entity(v any, path string, n *svcNode, follow followTree) (any, *Fault) {
	m := metaFor(v)
	out := reflect.New(m.rt)
	out.Elem().Set(reflect.ValueOf(v).Elem())
	new(decorator).decorate(out.Elem(), path, n)
	o := out.Interface()
	if derive := deriveFields(rd.st, m.info.Name); derive != nil {
		derive(o)
	}
	if n == nil {
		return o, nil
	}
	for name, sub := range follow {
		if err := rd.follow(out.Elem(), m, path, n, name, sub); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// follow inlines the link named name (member name or link rel) of the rendered entity ev.
func (rd renderer) follow(ev reflect.Value, m *typeMeta, path string, n *svcNode, name string, sub followTree) *Fault {
	mi := m.info.Member(name)
	if mi == nil {
		for _, l := range n.listLinks {
			if l.LinkRel == name {
				mi = l
			}
		}
	}
	if mi == nil || !mi.Link {
		return badRequest("Cannot follow %q: %s has no link of that name", name, m.info.Name)
	}
	fv := ev.Field(mi.Field)
	if mi.List {
		if !isLocatorLink(n, mi) {
			return rd.followItems(fv, sub)
		}
		cpath := path + "/" + mi.LinkRel
		cnode := node(n.fixed[mi.LinkRel].Service)
		items := rd.s.items(rd.st, frame{node: cnode, path: cpath})
		enode := entityNode(cnode)
		rendered := make([]any, 0, len(items))
		for _, it := range items {
			r, f := rd.entity(it, cpath+"/"+metaFor(it).getID(it), enode, sub)
			if f != nil {
				return f
			}
			rendered = append(rendered, r)
		}
		if !fv.Interface().(types.ListLink).SetAnyItems(rendered) {
			return badRequest("Cannot follow %q: its collection holds objects of another type", name)
		}
		return nil
	}
	if fv.IsNil() {
		return nil
	}
	r, f := rd.resolveLink(fv.Interface(), sub)
	if f != nil || r == nil {
		return f
	}
	fv.Set(reflect.ValueOf(r))
	return nil
}

// followItems renders the references of an inline list link (a disk's storage_domains) into a
// new list: the rendered entity is a shallow copy, its list is the stored entity's own.
func (rd renderer) followItems(fv reflect.Value, sub followTree) *Fault {
	if fv.IsNil() {
		return nil
	}
	items := fv.Interface().(types.ListLink)
	out := make([]any, items.Len())
	for i := range out {
		r, f := rd.resolveLink(items.Item(i), sub)
		if f != nil {
			return f
		}
		if r == nil {
			r = items.Item(i)
		}
		out[i] = r
	}
	cp := reflect.New(fv.Type().Elem())
	cp.Elem().Set(fv.Elem())
	cp.Interface().(types.ListLink).SetAnyItems(out)
	fv.Set(cp)
	return nil
}

// resolveLink renders the entity a reference's href points to, or nil when it points nowhere
// the simulator knows.
func (rd renderer) resolveLink(ref any, sub followTree) (any, *Fault) {
	p, ok := pathOfHref(ref.(types.Object).GetHref())
	if !ok {
		return nil, nil
	}
	rt, ok := resolve(p)
	if !ok || len(rt.frames) < 3 || rt.action != nil {
		return nil, nil
	}
	last := rt.last()
	v, ok := rd.s.item(rd.st, rt.frames[len(rt.frames)-2], last.id)
	if !ok || reflect.TypeOf(v) != reflect.TypeOf(ref) {
		return nil, nil
	}
	return rd.entity(v, p, last.node, sub)
}

// entityNode returns the entity service of a collection service.
func entityNode(coll *svcNode) *svcNode {
	if coll == nil || coll.param == nil {
		return nil
	}
	return node(coll.param.Service)
}

// view returns the top-level collection and membership test when the collection frame f is a
// view (store locked).
func (s *Server) view(st *store, f frame) (*collection, func(any) bool, bool) {
	h := s.hooks.view[f.node.info.Name]
	if h == nil {
		return nil, nil, false
	}
	keep, ok := h(st, f.path)
	if !ok {
		return nil, nil, false
	}
	top := topLevel(f.node.elem)
	return st.coll(top, node(node("System").fixed[top].Service)), keep, true
}

// items lists the entities of the collection frame f (store locked).
func (s *Server) items(st *store, f frame) []any {
	if top, keep, ok := s.view(st, f); ok {
		var out []any
		for _, v := range top.all() {
			if keep(v) {
				out = append(out, v)
			}
		}
		return out
	}
	if c := st.lookup(f.path); c != nil {
		return c.all()
	}
	return nil
}

// item returns entity id of the collection frame f (store locked).
func (s *Server) item(st *store, f frame, id string) (any, bool) {
	if top, keep, ok := s.view(st, f); ok {
		if v, found := top.get(id); found && keep(v) {
			return v, true
		}
		return nil, false
	}
	if c := st.lookup(f.path); c != nil {
		return c.get(id)
	}
	return nil, false
}

// collFor returns the collection that stores the entities of frame f: the frame's own, or the
// top-level one of a view (store locked).
func (s *Server) collFor(st *store, f frame) *collection {
	if top, _, ok := s.view(st, f); ok {
		return top
	}
	return st.coll(f.path, f.node)
}
