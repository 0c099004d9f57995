package sim

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func registerViews(h *hooks) {
	// a data center's clusters and networks are the top-level ones that point to it
	h.view["Clusters"] = func(st *store, path string) (func(any) bool, bool) {
		dc, ok := parentID(path, "datacenters")
		return func(v any) bool { return v.(*types.Cluster).DataCenter.GetId() == dc }, ok
	}
	h.view["DataCenterNetworks"] = func(st *store, path string) (func(any) bool, bool) {
		dc, ok := parentID(path, "datacenters")
		return func(v any) bool { return v.(*types.Network).DataCenter.GetId() == dc }, ok
	}
	disksOn := func(st *store, path string) (func(any) bool, bool) {
		sd, ok := parentID(path, "storagedomains")
		if !ok {
			_, rest, _ := strings.Cut(path, "/storagedomains/")
			sd, _, _ = strings.Cut(rest, "/")
			ok = sd != ""
		}
		return func(v any) bool {
			for _, s := range v.(*types.Disk).StorageDomains.All() {
				if s.GetId() == sd {
					return true
				}
			}
			return false
		}, ok
	}
	h.view["StorageDomainDisks"] = disksOn
	h.view["AttachedStorageDomainDisks"] = disksOn
	h.add["Clusters"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		cl := v.(*types.Cluster)
		if dc := c.pathParent("datacenters"); dc != "" {
			cl.DataCenter = ref[types.DataCenter](dc, "datacenters")
		}
		return cl, nil
	}
	h.add["DataCenterNetworks"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		n := v.(*types.Network)
		n.DataCenter = ref[types.DataCenter](c.pathParent("datacenters"), "datacenters")
		return n, nil
	}
	h.add["DataCenters"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		dc := v.(*types.DataCenter)
		dc.Status = types.Ptr(types.DataCenterStatusUninitialized)
		dc.SupportedVersions = supportedVersions()
		if dc.Version == nil {
			dc.Version = clone(dc.SupportedVersions[len(dc.SupportedVersions)-1])
		}
		return dc, nil
	}
	// assigning an existing entity to another: the stored entry is a copy with its id
	for _, svc := range []string{"ClusterNetworks", "AssignedTags", "AssignedAffinityLabels",
		"AffinityGroupVms", "AffinityGroupHosts"} {
		h.add[svc] = assignExisting
	}
	// a cluster's CPU profiles and a storage domain's disk profiles are the top-level profiles
	// that point to it; adding one there creates it (like a network's vNIC profiles)
	h.view["AssignedCpuProfiles"] = func(st *store, path string) (func(any) bool, bool) {
		cl, ok := parentOf(path, "clusters")
		return func(v any) bool { return v.(*types.CpuProfile).Cluster.GetId() == cl }, ok
	}
	h.add["AssignedCpuProfiles"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		p := v.(*types.CpuProfile)
		cl, _ := parentOf(c.rt.last().path, "clusters")
		p.Cluster = ref[types.Cluster](cl, "clusters")
		return p, nil
	}
	h.view["AssignedDiskProfiles"] = func(st *store, path string) (func(any) bool, bool) {
		sd, ok := parentOf(path, "storagedomains")
		return func(v any) bool { return v.(*types.DiskProfile).StorageDomain.GetId() == sd }, ok
	}
	h.add["AssignedDiskProfiles"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		p := v.(*types.DiskProfile)
		sd, _ := parentOf(c.rt.last().path, "storagedomains")
		p.StorageDomain = ref[types.StorageDomain](sd, "storagedomains")
		return p, nil
	}
}

// parentOf returns the id following the segment parent anywhere in path
// ("datacenters/<dc>/clusters/<id>/cpuprofiles" → <id> for "clusters").
func parentOf(path, parent string) (string, bool) {
	if id, ok := parentID(path, parent); ok {
		return id, true
	}
	_, rest, _ := strings.Cut(path, "/"+parent+"/")
	id, _, _ := strings.Cut(rest, "/")
	return id, id != ""
}

// parentID returns the id following the first segment top of a path such as
// "datacenters/<id>/clusters".
func parentID(path, top string) (string, bool) {
	rest, ok := strings.CutPrefix(path, top+"/")
	if !ok {
		return "", false
	}
	id, _, _ := strings.Cut(rest, "/")
	return id, id != ""
}

// assignExisting stores a copy of the top-level entity the body names (by id or name), with
// the members sent merged in.
func assignExisting(c *call, coll *collection, v any, clientID string) (any, *Fault) {
	m := metaFor(v)
	top := topLevel(m.info.Name)
	key := firstNonEmpty(clientID, m.getName(v))
	var src any
	ok := false
	if all := c.st.lookup(top); all != nil { // nil: none was ever added
		src, ok = all.find(key)
	}
	if top == "" || !ok {
		return nil, notFound(m.info.Name + ": " + key)
	}
	id := m.getID(src)
	if _, dup := coll.get(id); dup {
		return nil, conflictf("Cannot assign %s %s: it is already assigned.", m.info.Name, m.getName(src))
	}
	out := clone(src)
	m.setID(v, "")
	merge(out, v, nil)
	m.setID(out, id)
	return out, nil
}
