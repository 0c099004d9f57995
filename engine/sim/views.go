package sim

import (
	"reflect"
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
	ownedBy(h, "AssignedCpuProfiles", "clusters", "cluster")
	ownedBy(h, "AssignedDiskProfiles", "storagedomains", "storage_domain")
}

// ownedBy makes the collection service svc a view of the top-level entities whose member (a
// reference) names the entity of the collection parent above it in the path, and its add
// create one naming it.
func ownedBy(h *hooks, svc, parent, member string) {
	h.view[svc] = func(st *store, path string) (func(any) bool, bool) {
		id, ok := parentOf(path, parent)
		return func(v any) bool { return refID(v, member) == id }, ok
	}
	h.add[svc] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		id, _ := parentOf(c.rt.last().path, parent)
		setRef(v, member, parent, id)
		return v, nil
	}
}

// refID returns the id of the reference member (its model name, "cluster") of the entity v,
// "" when unset.
func refID(v any, member string) string {
	f := memberField(v, member)
	if f.IsNil() {
		return ""
	}
	return types.IDOf(f.Interface())
}

// setRef sets the reference member (its model name) of the entity v to the entity id of the
// top-level collection coll.
func setRef(v any, member, coll, id string) {
	f := memberField(v, member)
	r := reflect.New(f.Type().Elem())
	m := metaFor(r.Interface())
	m.setID(r.Interface(), id)
	m.setHref(r.Interface(), hrefOf(coll+"/"+id))
	f.Set(r)
}

// memberField returns the field of the member (its model name) of the entity v, through the
// type's member table; the member must exist (the callers name members of known types).
func memberField(v any, member string) reflect.Value {
	return reflect.ValueOf(v).Elem().Field(metaFor(v).info.Member(member).Field)
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
