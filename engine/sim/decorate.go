package sim

import (
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// decorator holds what rendering adds to an entity: its href, the <actions> links and the
// sub-collection <link>s. A fresh one per entity for rendered values that are kept; one reused
// across the entities of a streamed list, each written before the next is decorated.
type decorator struct {
	href  string
	subs  []string
	links []types.Link
	ptrs  reflect.Value // []*types.Link pointing into links
	lists []reflect.Value
}

// decorate sets href, actions and list links on ev, a copy of an entity of type m at path
// (below the API root) whose entity service is n (nil: href only).
func (d *decorator) decorate(ev reflect.Value, m *typeMeta, path string, n *svcNode) {
	d.href, d.subs = entityHrefs(d.subs[:0], path, linkRels(n, m.actions >= 0))
	if m.href >= 0 {
		ev.Field(m.href).Set(reflect.ValueOf(&d.href))
	}
	if n == nil {
		return
	}
	subs := d.subs
	if k := len(n.actionRels); m.actions >= 0 && k > 0 {
		if len(d.links) != k {
			d.links = make([]types.Link, k)
			ptrs := make([]*types.Link, k)
			for i := range ptrs {
				ptrs[i] = &d.links[i]
			}
			d.ptrs = reflect.ValueOf(ptrs)
		}
		for i, rel := range n.actionRels {
			d.links[i] = types.Link{Rel: rel, Href: subs[i]}
		}
		ev.Field(m.actions).Set(d.ptrs)
		subs = subs[k:]
	}
	if len(d.lists) != len(n.listLinks) {
		d.lists = make([]reflect.Value, len(n.listLinks))
		for i, mi := range n.listLinks {
			d.lists[i] = reflect.New(ev.Field(mi.Field).Type().Elem())
		}
	}
	for i, mi := range n.listLinks {
		d.lists[i].Elem().Field(listHrefField).SetString(subs[i])
		ev.Field(mi.Field).Set(d.lists[i])
	}
}

// linkRels are the rels of the links an entity of service n gets: its actions (when its type
// has an <actions> block), then its sub-collections. Computed once per service.
func linkRels(n *svcNode, actions bool) []string {
	if n == nil {
		return nil
	}
	key := relsKey{n, actions}
	if r, ok := relsCache.Load(key); ok {
		return r.([]string)
	}
	var rels []string
	if actions {
		rels = append(rels, n.actionRels...)
	}
	for _, mi := range n.listLinks {
		rels = append(rels, mi.LinkRel)
	}
	relsCache.Store(key, rels)
	return rels
}

type relsKey struct {
	n       *svcNode
	actions bool
}

var relsCache sync.Map // relsKey → []string

// listHrefField is the index of Href in every types.List[T].
const listHrefField = 0

// entityHrefs returns the href of the entity at path and, appended to dst, href/rel for each
// of rels: all slices of one string, one allocation instead of one per link (a listed VM has
// ~30 links).
func entityHrefs(dst []string, path string, rels []string) (string, []string) {
	base := len(APIPath) + 1 + len(path)
	size := base
	for _, rel := range rels {
		size += base + 1 + len(rel)
	}
	var b strings.Builder
	b.Grow(size)
	writeBase := func() {
		b.WriteString(APIPath)
		b.WriteByte('/')
		b.WriteString(path)
	}
	writeBase()
	for _, rel := range rels {
		writeBase()
		b.WriteByte('/')
		b.WriteString(rel)
	}
	all := b.String()
	at := base
	for _, rel := range rels {
		end := at + base + 1 + len(rel)
		dst = append(dst, all[at:end])
		at = end
	}
	return all[:base], dst
}

// writeRenderedList answers with the list document of items, entities of the collection
// frame f whose entity service is enode. The store must be read-locked; it is unlocked here.
// Without follow, rendering needs nothing but the stored entities, which never change once
// stored: each is then rendered and written after the lock is released, one at a time into
// one reused copy, so neither the lock nor the rendered list is held while the answer streams.
func (c *call) writeRenderedList(items []any, f frame, enode *svcNode, follow followTree, allContent bool) *Fault {
	typeName := f.node.elem
	if len(follow) > 0 || allContent {
		rd := renderer{s: c.s, st: c.st}
		out := make([]any, 0, len(items))
		for _, v := range items {
			r, fault := rd.entity(v, f.path+"/"+metaFor(v).getID(v), enode, follow)
			if fault != nil {
				c.st.mu.RUnlock()
				return fault
			}
			if allContent {
				withAllContent(c.st, r)
			}
			out = append(out, r)
		}
		c.st.mu.RUnlock()
		writeList(c.w, c.r, typeName, out)
		return nil
	}
	c.st.mu.RUnlock()
	t := types.Type(typeName)
	m := metaOf(typeName)
	out := reflect.New(m.rt)
	o := out.Interface()
	var d decorator
	writeDoc(c.w, c.r, http.StatusOK, func(xw *xmlstream.Writer) {
		xw.Begin(t.XMLPlural)
		for _, v := range items {
			if reflect.TypeOf(v) != out.Type() { // not the collection's type: render it on its own
				r, _ := renderer{s: c.s}.entity(v, f.path+"/"+metaFor(v).getID(v), enode, nil)
				codecWrite(xw, typeName, t.XMLName, r)
				continue
			}
			out.Elem().Set(reflect.ValueOf(v).Elem())
			d.decorate(out.Elem(), m, f.path+"/"+m.getID(v), enode)
			codecWrite(xw, typeName, t.XMLName, o)
		}
		xw.End()
	})
	return nil
}
