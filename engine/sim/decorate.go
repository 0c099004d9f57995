package sim

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// decorator holds what rendering adds to an entity: its href, the <actions> links and the
// sub-collection <link>s. A fresh one per entity for rendered values that are kept; one reused
// across the entities of a streamed list, each written before the next is decorated.
type decorator struct {
	subs     []string
	links    []types.Link
	ptrs     []*types.Link // pointing into links
	lists    []types.ListLink
	listVals []reflect.Value // the same lists, to set as fields
}

// decorate sets href, actions and list links on ev, an addressable copy of an entity at path
// (below the API root) whose entity service is n (nil: href only).
func (d *decorator) decorate(ev reflect.Value, path string, n *svcNode) {
	o := ev.Addr().Interface().(types.Object)
	var href string
	href, d.subs = entityHrefs(d.subs[:0], path, linkRels(n))
	o.SetHref(href)
	if n == nil {
		return
	}
	subs := d.subs
	if k := len(n.actionRels); k > 0 {
		if len(d.links) != k {
			d.links = make([]types.Link, k)
			d.ptrs = make([]*types.Link, k)
			for i := range d.ptrs {
				d.ptrs[i] = &d.links[i]
			}
		}
		for i, rel := range n.actionRels {
			d.links[i] = types.Link{Rel: rel, Href: subs[i]}
		}
		o.SetActions(d.ptrs)
		subs = subs[k:]
	}
	if len(d.lists) != len(n.listLinks) {
		d.lists = make([]types.ListLink, len(n.listLinks))
		d.listVals = make([]reflect.Value, len(n.listLinks))
		for i, mi := range n.listLinks {
			d.listVals[i] = reflect.New(ev.Field(mi.Field).Type().Elem())
			d.lists[i] = d.listVals[i].Interface().(types.ListLink)
		}
	}
	for i, mi := range n.listLinks {
		d.lists[i].SetHref(subs[i])
		ev.Field(mi.Field).Set(d.listVals[i])
	}
}

// linkRels are the rels of the links an entity of service n gets: its actions, then its
// sub-collections.
func linkRels(n *svcNode) []string {
	if n == nil {
		return nil
	}
	return n.linkRels
}

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
	derive := deriveFields(c.st, typeName) // needs the lock: computed before the stream
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
			d.decorate(out.Elem(), f.path+"/"+m.getID(v), enode)
			if derive != nil {
				derive(o)
			}
			codecWrite(xw, typeName, t.XMLName, o)
		}
		xw.End()
	})
	return nil
}
