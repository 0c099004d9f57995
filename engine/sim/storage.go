package sim

import (
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func sdStatus(s *types.StorageDomain) **types.StorageDomainStatus { return &s.Status }

type sdAction func(c *call, coll *collection, sd *types.StorageDomain, in *types.Action) (*types.Action, *Fault)

func registerStorage(h *hooks) {
	h.add["StorageDomains"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		sd := v.(*types.StorageDomain)
		if nameTaken(coll, sd.GetName(), "") {
			return nil, conflictf("Cannot add Storage. The Storage Domain name is already in use.")
		}
		sd.Status = types.Ptr(types.StorageDomainStatusUnattached)
		sd.Master = types.Ptr(false)
		sd.Available, sd.Used, sd.Committed = types.Ptr(500*gib), types.Ptr(0*gib), types.Ptr(0*gib)
		sd.ExternalStatus = types.Ptr(types.ExternalStatusOk)
		if sd.StorageFormat == nil {
			sd.StorageFormat = types.Ptr(types.StorageFormatV5)
		}
		sd.Host = nil
		c.event(956, types.LogSeverityNormal, fmt.Sprintf("Storage Domain %s was added by %s.", sd.GetName(), DefaultUser),
			&eventRefs{sd: sd.GetId()})
		return sd, nil
	}
	h.remove["StorageDomain"] = func(c *call, coll *collection, v any) *Fault {
		sd := v.(*types.StorageDomain)
		if len(attachments(c.st, sd.GetId())) > 0 {
			return conflictf("Cannot remove Storage. Storage Domain %s is attached to a Data Center; detach it first.", sd.GetName())
		}
		return nil
	}
	h.action["StorageDomain/isattached"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		return &types.Action{IsAttached: types.Ptr(len(attachments(c.st, metaFor(v).getID(v))) > 0)}, nil
	}
	h.add["AttachedStorageDomains"] = attachStorageDomain
	h.remove["AttachedStorageDomain"] = func(c *call, coll *collection, v any) *Fault {
		sd := v.(*types.StorageDomain)
		if sd.GetStatus() != types.StorageDomainStatusMaintenance {
			return conflictf("Cannot detach Storage Domain %s. The Storage Domain's status must be Maintenance.", sd.GetName())
		}
		dc := c.pathParent("datacenters")
		mutate(c.st.lookup("storagedomains"), sd.GetId(), func(top *types.StorageDomain) bool {
			top.Status, top.DataCenters, top.Master = types.Ptr(types.StorageDomainStatusUnattached), nil, types.Ptr(false)
			return true
		})
		c.event(962, types.LogSeverityNormal, fmt.Sprintf("Storage Domain %s was detached from Data Center by %s.",
			sd.GetName(), DefaultUser), &eventRefs{sd: sd.GetId(), dc: dc})
		return nil
	}
	for path, f := range map[string]sdAction{"activate": activateSD, "deactivate": deactivateSD} {
		h.action["AttachedStorageDomain/"+path] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
			return f(c, coll, v.(*types.StorageDomain), in)
		}
	}
}

// attachments returns the attached copies of storage domain id in every data center.
func attachments(st *store, id string) []*types.StorageDomain {
	var out []*types.StorageDomain
	for path, c := range st.colls {
		if strings.HasPrefix(path, "datacenters/") && strings.HasSuffix(path, "/storagedomains") {
			if v, ok := c.get(id); ok {
				out = append(out, v.(*types.StorageDomain))
			}
		}
	}
	return out
}

// sdActive reports whether a storage domain is active in some data center.
func sdActive(st *store, sd *types.StorageDomain) bool {
	for _, a := range attachments(st, sd.GetId()) {
		if a.GetStatus() == types.StorageDomainStatusActive {
			return true
		}
	}
	return false
}

// attachStorageDomain attaches an unattached storage domain (given by id or name) to the data
// center of the path: locked, then active.
func attachStorageDomain(c *call, coll *collection, v any, clientID string) (any, *Fault) {
	body := v.(*types.StorageDomain)
	key := firstNonEmpty(clientID, body.GetName())
	tv, ok := c.st.lookup("storagedomains").find(key)
	if !ok {
		return nil, notFound("StorageDomain: " + key)
	}
	top := tv.(*types.StorageDomain)
	if top.GetStatus() != types.StorageDomainStatusUnattached && len(attachments(c.st, top.GetId())) > 0 {
		return nil, conflictf("Cannot attach Storage Domain. Storage Domain %s is already attached to a Data Center.", top.GetName())
	}
	dc := c.pathParent("datacenters")
	att := clone(top)
	att.Status = types.Ptr(types.StorageDomainStatusLocked)
	att.DataCenter = ref[types.DataCenter](dc, "datacenters")
	att.DataCenters = nil
	mutate(c.st.lookup("storagedomains"), top.GetId(), func(t *types.StorageDomain) bool {
		t.Status, t.DataCenters = nil, types.ListOf(ref[types.DataCenter](dc, "datacenters"))
		return true
	})
	transition(c.s, delayStorage, coll.path, top.GetId(), sdStatus,
		[]types.StorageDomainStatus{types.StorageDomainStatusLocked}, types.StorageDomainStatusActive, nil)
	c.event(966, types.LogSeverityNormal, fmt.Sprintf("Storage Domain %s was attached to Data Center by %s.",
		top.GetName(), DefaultUser), &eventRefs{sd: top.GetId(), dc: dc})
	return att, nil
}

func activateSD(c *call, coll *collection, sd *types.StorageDomain, in *types.Action) (*types.Action, *Fault) {
	switch sd.GetStatus() {
	case types.StorageDomainStatusMaintenance, types.StorageDomainStatusInactive:
	default:
		return nil, conflictf("Cannot activate Storage. The Storage Domain's status is %s.", sd.GetStatus())
	}
	mutate(coll, sd.GetId(), func(s *types.StorageDomain) bool {
		s.Status = types.Ptr(types.StorageDomainStatusActivating)
		return true
	})
	transition(c.s, delayStorage, coll.path, sd.GetId(), sdStatus,
		[]types.StorageDomainStatus{types.StorageDomainStatusActivating}, types.StorageDomainStatusActive, nil)
	return &types.Action{}, nil
}

func deactivateSD(c *call, coll *collection, sd *types.StorageDomain, in *types.Action) (*types.Action, *Fault) {
	if sd.GetStatus() != types.StorageDomainStatusActive {
		return nil, conflictf("Cannot deactivate Storage. The Storage Domain's status is %s.", sd.GetStatus())
	}
	mutate(coll, sd.GetId(), func(s *types.StorageDomain) bool {
		s.Status = types.Ptr(types.StorageDomainStatusPreparingForMaintenance)
		return true
	})
	transition(c.s, delayStorage, coll.path, sd.GetId(), sdStatus,
		[]types.StorageDomainStatus{types.StorageDomainStatusPreparingForMaintenance}, types.StorageDomainStatusMaintenance, nil)
	return &types.Action{}, nil
}
