package sim

import (
	"net/http"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// action serves POST .../{action}: the <action> document is validated against the method's
// mandatory inputs and handed to the behaviour hook, if any; otherwise the action completes
// without effect.
func (c *call) action() *Fault {
	last := c.rt.last()
	m := c.rt.action
	doc, f := readDoc(c.r, "Action", true)
	if f != nil {
		return f
	}
	in := doc.(*types.Action)
	if f := checkMandatory(last.node, m, in); f != nil {
		return f
	}
	c.st.mu.Lock()
	endCorrelation := c.correlate()
	var (
		v    any
		coll *collection
	)
	if last.id != "" {
		v, coll, f = c.entity()
	} else {
		f = c.parents()
	}
	if f != nil {
		endCorrelation()
		c.st.mu.Unlock()
		return f
	}
	out := &types.Action{Status: types.Ptr("complete")}
	if h := c.s.hooks.action[last.node.info.Name+"/"+m.Path]; h != nil {
		if out, f = h(c, coll, v, in); f != nil {
			endCorrelation()
			c.st.mu.Unlock()
			return f
		}
		if out.Status == nil {
			out.Status = types.Ptr("complete")
		}
	}
	endCorrelation()
	c.st.mu.Unlock()
	writeEntity(c.w, c.r, http.StatusOK, "Action", out)
	return nil
}
