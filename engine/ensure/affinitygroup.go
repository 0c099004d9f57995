package ensure

import (
	"context"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// affinityGroup is the kind of affinity groups, which live in their cluster.
type affinityGroup struct{ *Generic }

func init() {
	k := affinityGroup{}
	k.Generic = &Generic{
		KindName: "affinity_group",
		Type:     "AffinityGroup",
		Help: "ovirt.ensure.affinity_group{name=, cluster=, description=, vms_rule={enabled=, positive=, enforcing=}, " +
			"hosts_rule={...}, priority=, vms={'web1', ...}, hosts={'host1', ...}, state='present'|'absent'}: an affinity " +
			"group of a cluster; vms and hosts, when declared, are its whole membership.",
		Own:      []string{"cluster", "vms", "hosts"},
		RefKinds: map[string]string{"cluster": "cluster", "vms": "vm", "hosts": "host"},
		Exported: []string{"description", "vms_rule.enabled", "vms_rule.positive", "vms_rule.enforcing",
			"hosts_rule.enabled", "hosts_rule.positive", "hosts_rule.enforcing", "priority"},
		Coll: func(ctx context.Context, e *Env, s Spec) (any, error) {
			c, err := groupCluster(ctx, e, s)
			if err != nil {
				return nil, err
			}
			return c.AffinityGroupsService(), nil
		},
		After:      affinityAfter,
		ExportHook: affinityExport,
	}
	Register(k)
}

// groupCluster is the cluster service of the group's declaration.
func groupCluster(ctx context.Context, e *Env, s Spec) (*engine.ClusterService, error) {
	n, ok := s["cluster"].(string)
	if !ok || n == "" {
		return nil, specErrorf("cluster is required: the name or id of the group's cluster")
	}
	id, err := e.ResolveID(ctx, "Cluster", n)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return e.Conn.SystemService().ClustersService().ClusterService(id), nil
}

// affinityAfter makes the group's VMs and hosts the declared ones.
func affinityAfter(ctx context.Context, e *Env, s Spec, _ any, r *Result) error {
	id := types.IDOf(r.Object)
	var g *engine.AffinityGroupService
	if id != "" {
		c, err := groupCluster(ctx, e, s)
		if err != nil {
			return err
		}
		g = c.AffinityGroupsService().GroupService(id)
	}
	vms := memberSet{member: "vms", typ: "Vm",
		list: func(ctx context.Context) ([]any, error) { return anys(g.VmsService().List(ctx, nil)) },
		add: func(ctx context.Context, id string) error {
			_, err := g.VmsService().Add(ctx, &types.Vm{Id: types.Ptr(id)}, nil)
			return err
		},
		remove: func(ctx context.Context, id string) error { return g.VmsService().VmService(id).Remove(ctx, nil) },
	}
	if err := e.ensureSet(ctx, r, vms, s["vms"], id != ""); err != nil {
		return err
	}
	hosts := memberSet{member: "hosts", typ: "Host",
		list: func(ctx context.Context) ([]any, error) { return anys(g.HostsService().List(ctx, nil)) },
		add: func(ctx context.Context, id string) error {
			_, err := g.HostsService().Add(ctx, &types.Host{Id: types.Ptr(id)}, nil)
			return err
		},
		remove: func(ctx context.Context, id string) error { return g.HostsService().HostService(id).Remove(ctx, nil) },
	}
	return e.ensureSet(ctx, r, hosts, s["hosts"], id != "")
}

// anys converts a list result to []any.
func anys[T any](list []*T, err error) ([]any, error) {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out, err
}

// affinityExport declares the group's cluster and members by name.
func affinityExport(ctx context.Context, e *Env, obj any, s Spec) error {
	g := obj.(*types.AffinityGroup)
	cl, err := e.NameOf(ctx, "Cluster", g.Cluster.GetId())
	if err != nil {
		return err
	}
	s["cluster"] = cl
	svc := e.Conn.SystemService().ClustersService().ClusterService(g.Cluster.GetId()).AffinityGroupsService().GroupService(g.GetId())
	for _, m := range []struct {
		member, typ string
		list        func() ([]any, error)
	}{
		{"vms", "Vm", func() ([]any, error) { return anys(svc.VmsService().List(ctx, nil)) }},
		{"hosts", "Host", func() ([]any, error) { return anys(svc.HostsService().List(ctx, nil)) }},
	} {
		list, err := m.list()
		if err != nil {
			return err
		}
		names := make([]any, len(list))
		for i, v := range list {
			if names[i], err = e.NameOf(ctx, m.typ, types.IDOf(v)); err != nil {
				return err
			}
		}
		s[m.member] = names
	}
	return nil
}

// Export declares the affinity groups of every cluster (the search selects clusters).
func (k affinityGroup) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	clusters, err := e.Conn.SystemService().ClustersService().List(ctx, &engine.ClustersListParams{Search: optional(search)})
	if err != nil {
		return nil, err
	}
	var out []Spec
	for _, c := range clusters {
		specs, err := k.ExportFrom(ctx, e, e.Conn.SystemService().ClustersService().ClusterService(c.GetId()).AffinityGroupsService(), "")
		if err != nil {
			return nil, err
		}
		out = append(out, specs...)
	}
	return out, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
