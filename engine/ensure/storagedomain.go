package ensure

import (
	"context"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// storageDomainKind ensures a storage domain: ovirt.ensure.storage_domain{name='data2', type='data',
// host='host1', storage={type='nfs', address='192.0.2.5', path='/exports/data2'},
// data_center='Default', state='present'|'attached'|'maintenance'|'detached'|'absent'}.
// attached: attached to data_center and active; maintenance: attached and in maintenance;
// detached: attached to no data center. type, storage and host are used when the domain is made
// (host also to remove it) and are not compared.
type storageDomainKind struct{}

func init() { Register(storageDomainKind{}) }

func (storageDomainKind) Name() string { return "storage_domain" }

// Doc is the help text of the kind.
func (storageDomainKind) Doc() string {
	return "ovirt.ensure.storage_domain{name=, type='data', host=, storage={type='nfs', address=, path=}, " +
		"data_center=, description=, state='present'|'attached'|'maintenance'|'detached'|'absent'}: a storage domain; " +
		"attached is active in data_center; type, storage and host are used when it is made (host also to remove it)."
}

func (storageDomainKind) Refs(s Spec) []Ref {
	return refsOf(s, map[string]string{"data_center": "data_center", "host": "host"})
}

// sdCreateOnly are the members used when a domain is made and never compared.
var sdCreateOnly = []string{"type", "storage", "host", "storage_format"}

func (storageDomainKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	sp := readSpec("storage_domain", s)
	name, err := sp.name()
	k := newKit(e, "storage_domain", name)
	if err != nil {
		return k.fail(err)
	}
	state, err := sp.state("present", "present", "attached", "maintenance", "detached", "absent")
	if err != nil {
		return k.fail(err)
	}
	var dcID string
	if v, ok := sp.get("data_center"); ok {
		if dcID, err = k.resolveRef(ctx, "DataCenter", "data_center", v); err != nil {
			return k.fail(err)
		}
	} else if state == "attached" || state == "maintenance" {
		return k.fail(specErrorf("state %s needs the data center (data_center='Default')", state))
	}
	hostKey := ""
	if v, ok := s["host"]; ok {
		if hostKey, err = refKey("host", v); err != nil {
			return k.fail(err)
		}
	}
	create := Spec{}
	for _, m := range sdCreateOnly {
		if v, ok := sp.get(m); ok {
			create[m] = v
		}
	}
	rest := sp.rest()
	sds := k.conn.SystemService().StorageDomainsService()
	ent, err := lookup(ctx, sds, lookupKey(s))
	if err != nil {
		return k.fail(err)
	}
	if ent != nil {
		if rename := renameOf(s, ent.Value); rename != "" {
			rest["name"] = rename
		}
	}
	var sd *types.StorageDomain
	switch {
	case ent == nil && state == "absent":
		return k.r, nil
	case ent == nil:
		if err = needName(s, "storage domain"); err != nil {
			return k.fail(err)
		}
		for key, v := range rest {
			create[key] = v
		}
		sd, err = k.addStorageDomain(ctx, name, create)
	default:
		sd = ent.Value.(*types.StorageDomain)
		err = k.updatePlain(ctx, "StorageDomain", rest, sd, func(upd any) error {
			_, err := sds.StorageDomainService(sd.GetId()).Update(ctx, upd.(*types.StorageDomain), nil)
			return err
		})
	}
	if err == nil && sd != nil {
		err = k.storageDomainState(ctx, sd, state, dcID, hostKey)
	}
	if err != nil {
		return k.fail(err)
	}
	if sd != nil && state != "absent" && k.stale {
		if sd, err = sds.StorageDomainService(sd.GetId()).Get(ctx, nil); err != nil {
			return k.fail(err)
		}
	}
	if sd != nil && state != "absent" {
		k.r.Object = sd
	}
	return k.r, nil
}

func (k *kit) addStorageDomain(ctx context.Context, name string, create Spec) (*types.StorageDomain, error) {
	obj, err := k.buildPlain(ctx, "StorageDomain", create, true)
	if err != nil {
		return nil, err
	}
	body := obj.(*types.StorageDomain)
	body.Name = &name
	k.r.Diff["name"] = Change{To: name}
	k.r.Op = "add"
	var added *types.StorageDomain
	err = k.do("add", func() error {
		added, err = k.conn.SystemService().StorageDomainsService().Add(ctx, body, nil)
		return err
	})
	if k.check() {
		return body, err // planned: unattached
	}
	return added, err
}

// storageDomainState attaches, activates, deactivates or detaches the domain as the state asks,
// waiting for each step; absent detaches it from every data center and removes it.
func (k *kit) storageDomainState(ctx context.Context, sd *types.StorageDomain, state, dcID, host string) error {
	attachedTo := map[string]bool{}
	for _, dc := range sd.DataCenters.All() {
		attachedTo[dc.GetId()] = true
	}
	if sd.DataCenter != nil {
		attachedTo[sd.DataCenter.GetId()] = true
	}
	dcs := k.conn.SystemService().DataCentersService()
	switch state {
	case "present":
		return nil
	case "attached", "maintenance":
		for other := range attachedTo {
			if other != dcID {
				return fmt.Errorf("the storage domain is attached to another data center (%s): detach it first (state='detached')", other)
			}
		}
		atts := dcs.DataCenterService(dcID).StorageDomainsService()
		svc := atts.StorageDomainService(sd.GetId())
		st := types.StorageDomainStatusUnattached
		if attachedTo[dcID] {
			att, err := svc.Get(ctx, nil)
			if err != nil {
				return err
			}
			st = att.GetStatus()
		} else {
			k.op("change")
			k.r.Diff["data_center"] = Change{From: nil, To: dcID}
			if err := k.do("attach", func() error { _, err := atts.Add(ctx, &types.StorageDomain{Id: sd.Id}, nil); return err }); err != nil {
				return err
			}
			st = types.StorageDomainStatusLocked
		}
		return k.sdAttachedState(ctx, svc, st, state)
	case "detached", "absent":
		for dc := range attachedTo {
			if err := k.detach(ctx, dcs.DataCenterService(dc).StorageDomainsService().StorageDomainService(sd.GetId()), dc); err != nil {
				return err
			}
		}
	}
	if state == "absent" {
		k.r.Op = "remove"
		svc := k.conn.SystemService().StorageDomainsService().StorageDomainService(sd.GetId())
		if host == "" { // an engine removes a domain through a host: any host that is up
			up, err := k.conn.SystemService().HostsService().List(ctx, &engine.HostsListParams{Search: types.Ptr("status=up")})
			if err != nil {
				return err
			}
			if len(up) == 0 {
				return fmt.Errorf("no host is up to remove the storage domain through: give host=")
			}
			host = up[0].GetName()
		}
		p := &engine.StorageDomainRemoveParams{Host: &host}
		if err := k.do("remove", func() error { return svc.Remove(ctx, p) }); err != nil {
			return err
		}
		return k.waitGone(ctx, svc)
	}
	return nil
}

// sdAttachedState brings an attached domain from status st to active (attached) or maintenance.
func (k *kit) sdAttachedState(ctx context.Context, svc *engine.AttachedStorageDomainService, st types.StorageDomainStatus, state string) error {
	switch st {
	case types.StorageDomainStatusLocked, types.StorageDomainStatusActivating:
		if err := k.waitFor(ctx, svc, "active"); err != nil {
			return err
		}
		st = types.StorageDomainStatusActive
	case types.StorageDomainStatusPreparingForMaintenance:
		if err := k.waitFor(ctx, svc, "maintenance"); err != nil {
			return err
		}
		st = types.StorageDomainStatusMaintenance
	}
	switch {
	case state == "attached" && st != types.StorageDomainStatusActive:
		k.op("change")
		k.r.Diff["status"] = Change{From: string(st), To: "active"}
		if err := k.do("activate", func() error { return svc.Activate(ctx, nil) }); err != nil {
			return err
		}
		return k.waitFor(ctx, svc, "active")
	case state == "maintenance" && st != types.StorageDomainStatusMaintenance:
		k.op("change")
		k.r.Diff["status"] = Change{From: string(st), To: "maintenance"}
		if err := k.do("deactivate", func() error { return svc.Deactivate(ctx, nil) }); err != nil {
			return err
		}
		return k.waitFor(ctx, svc, "maintenance")
	}
	return nil
}

// detach moves the attached domain to maintenance when needed and detaches it from the data center.
func (k *kit) detach(ctx context.Context, svc *engine.AttachedStorageDomainService, dc string) error {
	att, err := svc.Get(ctx, nil)
	if IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := k.sdAttachedState(ctx, svc, att.GetStatus(), "maintenance"); err != nil {
		return err
	}
	k.op("change")
	k.r.Diff["data_center"] = Change{From: dc, To: nil}
	if err := k.do("detach", func() error { return svc.Remove(ctx, nil) }); err != nil {
		return err
	}
	return k.waitGone(ctx, svc)
}

// Export declares the storage domains the search selects: type, description and, for an
// attached one, its data center and whether it is active or in maintenance.
func (storageDomainKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	p := &engine.StorageDomainsListParams{}
	if search != "" {
		p.Search = &search
	}
	list, err := e.Conn.SystemService().StorageDomainsService().List(ctx, p)
	if err != nil {
		return nil, err
	}
	dcs := e.Conn.SystemService().DataCentersService()
	out := make([]Spec, 0, len(list))
	for _, sd := range list {
		s := Spec{"name": sd.GetName(), "state": "detached"}
		if sd.Type != nil {
			s["type"] = string(*sd.Type)
		}
		if d := sd.GetDescription(); d != "" {
			s["description"] = d
		}
		if dc := sd.DataCenters.All(); len(dc) == 1 {
			att, err := dcs.DataCenterService(dc[0].GetId()).StorageDomainsService().StorageDomainService(sd.GetId()).Get(ctx, nil)
			if err != nil {
				return nil, err
			}
			switch att.GetStatus() {
			case types.StorageDomainStatusActive:
				s["state"] = "attached"
			case types.StorageDomainStatusMaintenance:
				s["state"] = "maintenance"
			default:
				s["state"] = "present"
			}
			if s["data_center"], err = e.NameOf(ctx, "DataCenter", dc[0].GetId()); err != nil {
				return nil, err
			}
		} else if len(dc) > 1 {
			s["state"] = "present" // shared by several data centers (an ISO domain): not declared here
		}
		out = append(out, s)
	}
	return out, nil
}
