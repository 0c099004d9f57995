package sim

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// call is one API request being served.
type call struct {
	s     *Server
	st    *store
	w     http.ResponseWriter
	r     *http.Request
	rt    *route
	query url.Values
	now   time.Time
}

// serveModel serves every path under the API root from the model's service tree.
func (s *Server) serveModel(w http.ResponseWriter, r *http.Request) {
	p := strings.Trim(strings.TrimPrefix(r.URL.Path, APIPath), "/")
	rt, ok := resolve(p)
	if !ok {
		writeFault(w, faultf(http.StatusNotFound, reasonFailed, "Resource not found: %s", r.URL.Path))
		return
	}
	c := &call{s: s, st: s.store, w: w, r: r, rt: rt, query: r.URL.Query(), now: s.clock.Now()}
	last := rt.last()
	var f *Fault
	switch {
	case rt.action != nil:
		if r.Method != http.MethodPost {
			f = methodNotAllowed(r)
			break
		}
		f = c.action()
	case len(rt.frames) == 1:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			f = methodNotAllowed(r)
			break
		}
		f = c.root()
	case last.id != "":
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			f = c.get()
		case http.MethodPut:
			f = c.update()
		case http.MethodDelete:
			f = c.remove()
		default:
			f = methodNotAllowed(r)
		}
	case last.node.isCollection():
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			f = c.list()
		case http.MethodPost:
			f = c.add()
		default:
			f = methodNotAllowed(r)
		}
	default:
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			f = c.getSingleton()
		case http.MethodPut:
			f = c.updateSingleton()
		case http.MethodPost:
			f = c.addToSingleton()
		default:
			f = methodNotAllowed(r)
		}
	}
	if f != nil {
		writeFault(w, f)
	}
}

func methodNotAllowed(r *http.Request) *Fault {
	return faultf(http.StatusMethodNotAllowed, reasonFailed, "Method %s is not allowed on %s", r.Method, r.URL.Path)
}

// method returns the model method of the last service for kind, or a 405 fault.
func (c *call) method(kind string) (*types.MethodInfo, *Fault) {
	if m := c.rt.last().node.methods[kind]; m != nil {
		return m, nil
	}
	return nil, methodNotAllowed(c.r)
}

// parents checks that every entity the path passes through exists (the store must be locked);
// the last frame's own entity is not checked.
func (c *call) parents() *Fault {
	fr := c.rt.frames
	for i := 1; i < len(fr)-1; i++ {
		if fr[i].id == "" {
			continue
		}
		if _, ok := c.s.item(c.st, fr[i-1], fr[i].id); !ok {
			return notFound(fr[i].id)
		}
	}
	return nil
}

// collectionFrame returns the collection frame the last (entity) frame belongs to.
func (c *call) collectionFrame() frame { return c.rt.frames[len(c.rt.frames)-2] }

// entity returns the entity the path names (store locked), with its collection.
func (c *call) entity() (any, *collection, *Fault) {
	if f := c.parents(); f != nil {
		return nil, nil, f
	}
	last := c.rt.last()
	cf := c.collectionFrame()
	v, ok := c.s.item(c.st, cf, last.id)
	if !ok {
		if cf.node.info.Name == "SystemPermissions" {
			return c.anyPermission(last.id)
		}
		return nil, nil, notFound(last.id)
	}
	return v, c.s.collFor(c.st, cf), nil
}

// anyPermission finds a permission by id wherever it was given (vms/{vm}/permissions...):
// the engine's /permissions/{id} reaches every permission, not only the system ones.
func (c *call) anyPermission(id string) (any, *collection, *Fault) {
	if coll := c.st.lookup("permissions"); coll != nil {
		if v, ok := coll.get(id); ok {
			return v, coll, nil
		}
	}
	for path, coll := range c.st.colls {
		if !strings.HasSuffix(path, "/permissions") {
			continue
		}
		if v, ok := coll.get(id); ok {
			return v, coll, nil
		}
	}
	return nil, nil, notFound(id)
}

// queryBool reads a boolean query parameter (absent: def).
func (c *call) queryBool(name string, def bool) (bool, *Fault) {
	v := c.query.Get(name)
	switch strings.ToLower(v) {
	case "":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, badRequest("Invalid value %q for boolean parameter %q", v, name)
}
