package sim

import "github.com/ovirtsh/ovirtsh/engine/types"

// registerAffinity completes affinity groups as the engine does: they belong to their cluster,
// and carry both rules (the VMs rule from the group's positive/enforcing flags, the hosts rule
// disabled) and a priority.
func registerAffinity(h *hooks) {
	h.add["AffinityGroups"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		g := v.(*types.AffinityGroup)
		cl := c.pathParent("clusters")
		g.Cluster = ref[types.Cluster](cl, "clusters")
		if g.VmsRule == nil {
			g.VmsRule = &types.AffinityRule{Enabled: types.Ptr(g.Positive != nil), Positive: g.Positive, Enforcing: g.Enforcing}
		}
		rule := g.VmsRule
		rule.Positive = orPtr(rule.Positive, orPtr(g.Positive, types.Ptr(false)))
		rule.Enforcing = orPtr(rule.Enforcing, orPtr(g.Enforcing, types.Ptr(false)))
		rule.Enabled = orPtr(rule.Enabled, types.Ptr(true))
		g.Positive, g.Enforcing = rule.Positive, rule.Enforcing
		if g.HostsRule == nil {
			g.HostsRule = &types.AffinityRule{Enabled: types.Ptr(false), Positive: types.Ptr(false), Enforcing: types.Ptr(false)}
		}
		g.Priority = orPtr(g.Priority, types.Ptr(1.0))
		g.Broken = types.Ptr(false)
		return g, nil
	}
}

// orPtr returns p, or def when p is nil.
func orPtr[T any](p, def *T) *T {
	if p != nil {
		return p
	}
	return def
}
