package ensure

import (
	"context"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func init() {
	Register(&Generic{
		KindName: "network",
		Type:     "Network",
		Path:     "networks",
		Help: "ovirt.ensure.network{name=, data_center=, description=, vlan={id=}, mtu=, usages={'vm'}, stp=, " +
			"vnic_profiles={'name', {name=, port_mirroring=, ...}}, clusters={'Default', {name=, required=, assigned=false}}, " +
			"state='present'|'absent'}: a logical network of a data center. The declared vNIC profiles are added or " +
			"updated (others stay); the network is assigned to the declared clusters (assigned=false unassigns it).",
		Own:      []string{"vnic_profiles", "clusters"},
		RefKinds: map[string]string{"data_center": "data_center", "clusters": "cluster"},
		Exported: []string{"description", "data_center", "vlan.id", "mtu", "usages", "stp"},
		NoUpdate: []string{"data_center"},
		Coll: func(ctx context.Context, e *Env, s Spec) (any, error) {
			dc, ok := s["data_center"].(string)
			if m, isMap := s["data_center"].(map[string]any); isMap {
				dc, ok = m["id"].(string)
				if !ok {
					dc, ok = m["name"].(string)
				}
			}
			if !ok || dc == "" {
				return nil, specErrorf("data_center is required: the name or id of the network's data center")
			}
			id, err := e.ResolveID(ctx, "DataCenter", dc)
			if err != nil {
				return nil, fmt.Errorf("data_center: %w", err)
			}
			return e.Conn.SystemService().DataCentersService().DataCenterService(id).NetworksService(), nil
		},
		After:      networkAfter,
		ExportHook: networkExport,
	})
}

// networkAfter brings the network's vNIC profiles and cluster assignments to the declaration.
func networkAfter(ctx context.Context, e *Env, s Spec, _ any, r *Result) error {
	netID := types.IDOf(r.Object) // "" when check mode plans the network's add
	if err := ensureProfiles(ctx, e, s["vnic_profiles"], netID, r); err != nil {
		return err
	}
	return ensureAssignments(ctx, e, s["clusters"], netID, r)
}

// ensureProfiles adds the declared vNIC profiles the network lacks and updates the declared
// members of those it has.
func ensureProfiles(ctx context.Context, e *Env, v any, netID string, r *Result) error {
	decl, err := items(v, "vnic_profiles")
	if err != nil || decl == nil {
		return err
	}
	var have []*types.VnicProfile
	var coll *engine.AssignedVnicProfilesService
	if netID != "" {
		coll = e.Conn.SystemService().NetworksService().NetworkService(netID).VnicProfilesService()
		if have, err = coll.List(ctx, nil); err != nil {
			return fmt.Errorf("vnic_profiles: %w", err)
		}
	}
	for _, m := range decl {
		name := m["name"].(string)
		d, err := e.Declared(ctx, "VnicProfile", m, "name")
		if err != nil {
			return fmt.Errorf("vnic_profiles.%s: %w", name, err)
		}
		var cur *types.VnicProfile
		for _, p := range have {
			if p.GetName() == name {
				cur = p
			}
		}
		if cur == nil {
			r.record("vnic_profiles.", map[string]Change{name: {To: name}}, "add vnic_profile "+name)
			if e.Options.Check {
				continue
			}
			p := d.Object(nil).(*types.VnicProfile)
			p.Name = types.Ptr(name)
			if _, err := coll.Add(ctx, p, nil); err != nil {
				return fmt.Errorf("add vnic_profile %s: %w", name, r.undone(err))
			}
			continue
		}
		diff := d.Diff(cur)
		if len(diff) == 0 {
			continue
		}
		r.record("vnic_profiles."+name+".", diff, "update vnic_profile "+name)
		if e.Options.Check {
			continue
		}
		svc := e.Conn.SystemService().VnicProfilesService().ProfileService(cur.GetId())
		if _, err := svc.Update(ctx, d.Update(diff).(*types.VnicProfile), nil); err != nil {
			return fmt.Errorf("update vnic_profile %s: %w", name, r.undone(err))
		}
	}
	return nil
}

// ensureAssignments assigns the network to the declared clusters (or unassigns it where
// assigned=false) and updates the declared members of the assignments (required, display...).
func ensureAssignments(ctx context.Context, e *Env, v any, netID string, r *Result) error {
	decl, err := items(v, "clusters")
	if err != nil {
		return err
	}
	for _, m := range decl {
		name := m["name"].(string)
		want := true
		if a, ok := m["assigned"]; ok {
			if want, ok = a.(bool); !ok {
				return specErrorf("clusters.%s.assigned: expected a boolean, got %s", name, typeName(a))
			}
		}
		rest := map[string]any{}
		for k, x := range m {
			if k != "name" && k != "assigned" {
				rest[k] = x
			}
		}
		d, err := e.Declared(ctx, "Network", rest)
		if err != nil {
			return fmt.Errorf("clusters.%s: %w", name, err)
		}
		cid, err := e.ResolveID(ctx, "Cluster", name)
		if err != nil {
			return fmt.Errorf("clusters: %w", err)
		}
		nets := e.Conn.SystemService().ClustersService().ClusterService(cid).NetworksService()
		var cur *types.Network
		if netID != "" {
			list, err := nets.List(ctx, nil)
			if err != nil {
				return fmt.Errorf("clusters.%s: %w", name, err)
			}
			for _, n := range list {
				if n.GetId() == netID {
					cur = n
				}
			}
		}
		path := "clusters." + name
		switch {
		case cur == nil && want:
			r.record(path+".", map[string]Change{"assigned": {From: false, To: true}}, "assign cluster "+name)
			if e.Options.Check {
				continue
			}
			n := d.Object(nil).(*types.Network)
			n.Id = types.Ptr(netID)
			if _, err := nets.Add(ctx, n, nil); err != nil {
				return fmt.Errorf("assign cluster %s: %w", name, r.undone(err))
			}
		case cur != nil && !want:
			r.record(path+".", map[string]Change{"assigned": {From: true, To: false}}, "unassign cluster "+name)
			if !e.Options.Check {
				if err := nets.NetworkService(netID).Remove(ctx, nil); err != nil {
					return fmt.Errorf("unassign cluster %s: %w", name, r.undone(err))
				}
			}
		case cur != nil:
			diff := d.Diff(cur)
			if len(diff) == 0 {
				continue
			}
			r.record(path+".", diff, "update cluster "+name)
			if !e.Options.Check {
				if _, err := nets.NetworkService(netID).Update(ctx, d.Update(diff).(*types.Network), nil); err != nil {
					return fmt.Errorf("update cluster %s: %w", name, r.undone(err))
				}
			}
		}
	}
	return nil
}

// networkExport declares the network's vNIC profiles (by name) and its clusters (with required).
func networkExport(ctx context.Context, e *Env, obj any, s Spec) error {
	n := obj.(*types.Network)
	profiles, err := e.Conn.SystemService().NetworksService().NetworkService(n.GetId()).VnicProfilesService().List(ctx, nil)
	if err != nil {
		return err
	}
	var names []any
	for _, p := range profiles {
		names = append(names, p.GetName())
	}
	if names != nil {
		s["vnic_profiles"] = names
	}
	clusters, err := e.Conn.SystemService().ClustersService().List(ctx, nil)
	if err != nil {
		return err
	}
	var assigned []any
	for _, c := range clusters {
		if c.DataCenter.GetId() != n.DataCenter.GetId() {
			continue
		}
		list, err := e.Conn.SystemService().ClustersService().ClusterService(c.GetId()).NetworksService().List(ctx, nil)
		if err != nil {
			return err
		}
		for _, cn := range list {
			if cn.GetId() == n.GetId() {
				a := map[string]any{"name": c.GetName()}
				if cn.Required != nil {
					a["required"] = *cn.Required
				}
				assigned = append(assigned, a)
			}
		}
	}
	if assigned != nil {
		s["clusters"] = assigned
	}
	return nil
}
