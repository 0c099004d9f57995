package sim

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/ovirtsh/ovirtsh/engine/sim/search"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// list serves GET on a collection: search, max, follow, all_content.
func (c *call) list() *Fault {
	m, f := c.method("list")
	if f != nil {
		return f
	}
	last := c.rt.last()
	max, f := c.max()
	if f != nil {
		return f
	}
	allContent, f := c.queryBool("all_content", false)
	if f != nil {
		return f
	}
	var (
		matcher *search.Matcher
		sinfo   *searchInfo
	)
	if q := c.query.Get("search"); q != "" {
		if m.Param("search") == nil {
			return badRequest("The %s collection does not support the search parameter", last.path)
		}
		cs, f := c.queryBool("case_sensitive", false)
		if f != nil {
			return f
		}
		if matcher, sinfo, f = compileSearch(q, last.node.elem, cs); f != nil {
			return f
		}
	}
	follow := parseFollow(c.query.Get("follow"))
	enode := entityNode(last.node)

	c.st.mu.RLock()
	if f := c.parents(); f != nil {
		c.st.mu.RUnlock()
		return f
	}
	items := c.s.items(c.st, last)
	if h := c.s.hooks.filter[last.node.info.Name]; h != nil {
		var f *Fault
		if items, f = h(c, items); f != nil {
			c.st.mu.RUnlock()
			return f
		}
	}
	if matcher != nil {
		items = searchItems(c.st, matcher, sinfo, items, max)
	} else if max >= 0 && len(items) > max {
		items = items[:max]
	}
	return c.writeRenderedList(items, last, enode, follow, allContent)
}

// max reads the max parameter: -1 (no limit) when absent or negative.
func (c *call) max() (int, *Fault) {
	v := c.query.Get("max")
	if v == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badRequest("Invalid value %q for integer parameter \"max\"", v)
	}
	if n < 0 {
		return -1, nil
	}
	return n, nil
}

// searchItems filters, sorts and pages items with a compiled search.
func searchItems(st *store, m *search.Matcher, info *searchInfo, items []any, max int) []any {
	out := make([]any, 0)
	for _, v := range items {
		if m.Match(record{st: st, info: info, v: v}) {
			out = append(out, v)
		}
	}
	if m.Sorted() {
		slices.SortStableFunc(out, func(a, b any) int {
			return m.Compare(record{st: st, info: info, v: a}, record{st: st, info: info, v: b})
		})
	}
	if p := m.Page(); p > 0 {
		size := max
		if size < 0 {
			size = defaultPageSize
		}
		start := min((p-1)*size, len(out))
		out = out[start:]
	}
	if max >= 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// defaultPageSize is the engine's search page size when max is not given.
const defaultPageSize = 100

// get serves GET on an entity.
func (c *call) get() *Fault {
	if _, f := c.method("get"); f != nil {
		return f
	}
	allContent, f := c.queryBool("all_content", false)
	if f != nil {
		return f
	}
	follow := parseFollow(c.query.Get("follow"))
	c.st.mu.RLock()
	v, _, f := c.entity()
	if f != nil {
		if v = computedEntity(c); v == nil {
			c.st.mu.RUnlock()
			return f
		}
	}
	v = c.nextRunView(v)
	last := c.rt.last()
	r, f := renderer{s: c.s, st: c.st}.entity(v, last.path, last.node, follow)
	if f == nil && allContent {
		withAllContent(c.st, r)
	}
	c.st.mu.RUnlock()
	if f != nil {
		return f
	}
	writeEntity(c.w, c.r, http.StatusOK, last.node.elem, r)
	return nil
}

// add serves POST on a collection: mandatory inputs, references, id, behaviour, 201.
func (c *call) add() *Fault {
	last := c.rt.last()
	body, f := c.readAdd()
	if f != nil {
		return f
	}
	enode := entityNode(last.node)
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	defer c.correlate()()
	if f := c.parents(); f != nil {
		return f
	}
	if f := c.resolveRefs(body, enode); f != nil {
		return f
	}
	coll := c.s.collFor(c.st, last)
	meta := coll.meta
	clientID := meta.getID(body)
	meta.setID(body, c.st.newID())
	v := body
	if h := c.s.hooks.add[last.node.info.Name]; h != nil {
		if v, f = h(c, coll, body, clientID); f != nil {
			return f
		}
	}
	engineDefaults(v)
	coll.put(v)
	path := last.path + "/" + meta.getID(v)
	r, f := renderer{s: c.s, st: c.st}.entity(v, path, enode, nil)
	if f != nil {
		return f
	}
	c.w.Header().Set("Location", c.s.absURL(c.r, hrefOf(path)))
	writeEntity(c.w, c.r, http.StatusCreated, last.node.elem, r)
	return nil
}

// writeLocked locks the store for a write request (new jobs get its correlation id) and checks
// the entities its path passes through; the returned function unlocks, whatever the fault.
func (c *call) writeLocked() (unlock func(), f *Fault) {
	c.st.mu.Lock()
	end := c.correlate()
	return func() { end(); c.st.mu.Unlock() }, c.parents()
}

// readAdd reads the body of an add request (of the last service's add method), checked for
// its mandatory inputs.
func (c *call) readAdd() (any, *Fault) {
	m, f := c.method("add")
	if f != nil {
		return nil, f
	}
	last := c.rt.last()
	body, f := readDoc(c.r, last.node.elem, false)
	if f != nil {
		return nil, f
	}
	legacyMembers(body)
	permissionObject(last.path, body)
	if f := checkMandatory(last.node, m, body); f != nil {
		return nil, f
	}
	return body, nil
}

// update serves PUT on an entity: only the members sent change.
func (c *call) update() *Fault {
	if _, f := c.method("update"); f != nil {
		return f
	}
	last := c.rt.last()
	body, f := readDoc(c.r, last.node.elem, false)
	if f != nil {
		return f
	}
	legacyMembers(body)
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	defer c.correlate()()
	old, coll, f := c.entity()
	if f != nil {
		return f
	}
	if f := c.resolveRefs(body, last.node); f != nil {
		return f
	}
	v := clone(old)
	merge(v, body, last.node)
	if h := c.s.hooks.update[last.node.info.Name]; h != nil {
		if f := h(c, coll, old, v); f != nil {
			return f
		}
	}
	engineDefaults(v)
	coll.put(v)
	return c.respond(http.StatusOK, v, last.path, last.node, nil)
}

// remove serves DELETE on an entity: 200 with an empty body.
func (c *call) remove() *Fault {
	if _, f := c.method("remove"); f != nil {
		return f
	}
	last := c.rt.last()
	c.st.mu.Lock()
	defer c.st.mu.Unlock()
	defer c.correlate()()
	v, coll, f := c.entity()
	if f != nil {
		return f
	}
	if h := c.s.hooks.remove[last.node.info.Name]; h != nil {
		if f := h(c, coll, v); f != nil {
			return f
		}
	}
	c.st.remove(coll, last.id)
	writeEmpty(c.w, http.StatusOK)
	return nil
}

// getSingleton serves GET on a service that is neither a collection nor one of its entities.
func (c *call) getSingleton() *Fault {
	if _, f := c.method("get"); f != nil {
		return f
	}
	last := c.rt.last()
	c.st.mu.RLock()
	defer c.st.mu.RUnlock()
	if f := c.parents(); f != nil {
		return f
	}
	v := c.st.singles[last.path]
	if v == nil {
		if v = types.New(last.node.elem); v == nil {
			return notFound(last.path)
		}
	}
	return c.respond(http.StatusOK, v, last.path, last.node, parseFollow(c.query.Get("follow")))
}

// updateSingleton serves PUT on a singleton service.
func (c *call) updateSingleton() *Fault {
	if _, f := c.method("update"); f != nil {
		return f
	}
	last := c.rt.last()
	body, f := readDoc(c.r, last.node.elem, false)
	if f != nil {
		return f
	}
	unlock, f := c.writeLocked()
	defer unlock()
	if f != nil {
		return f
	}
	v := types.New(last.node.elem)
	if old := c.st.singles[last.path]; old != nil {
		v = clone(old)
	}
	merge(v, body, last.node)
	c.st.setSingle(last.path, v)
	return c.respond(http.StatusOK, v, last.path, last.node, nil)
}

// respond renders entity v of node at path (following the named links) and writes it with status.
func (c *call) respond(status int, v any, path string, n *svcNode, follow followTree) *Fault {
	r, f := renderer{s: c.s, st: c.st}.entity(v, path, n, follow)
	if f != nil {
		return f
	}
	writeEntity(c.w, c.r, status, n.elem, r)
	return nil
}

// absURL makes an absolute URL for the Location header from the request's host.
func (s *Server) absURL(r *http.Request, path string) string {
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}
