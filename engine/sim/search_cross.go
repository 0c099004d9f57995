package sim

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/sim/search"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// withCrossEntity returns base extended with the engine's cross-entity conditions
// "<collection>.<attribute>": the attributes of the entities of a top-level collection that
// refer to this type (Clusters.name on data centers: clusters whose data center it is; Vms.status
// on hosts: the VMs running there) or that this type refers to (Hosts.name on VMs).
func withCrossEntity(typeName string, base *searchInfo) *searchInfo {
	si := &searchInfo{schema: search.Schema{}, acc: map[string]accessor{}}
	for k, f := range base.schema {
		si.schema[k], si.acc[k] = f, base.acc[k]
	}
	add := func(name string, f search.Field, a accessor) {
		if _, dup := si.schema[name]; !dup {
			si.schema[name], si.acc[name] = f, a
		}
	}
	self := types.Type(typeName)
	topLevel(typeName) // builds topColl: type name → its top-level collection
	for other, path := range topColl {
		ot := types.Type(other)
		if ot == nil || other == typeName {
			continue
		}
		related := baseSearchFor(other)
		// entities of path that refer to this type, and the entity of path this type refers to
		if mi := linkTo(ot, typeName); mi != nil {
			addRelated(add, path, related, func(acc accessor) accessor { return referring(path, mi, acc) })
		}
		if mi := linkTo(self, other); mi != nil {
			addRelated(add, path, related, func(acc accessor) accessor { return referred(path, mi, acc) })
		}
	}
	return si
}

// linkTo returns t's first single link member to an entity of type target, or nil.
func linkTo(t *types.TypeInfo, target string) *types.MemberInfo {
	for _, mi := range t.Members {
		if !mi.List && mi.Link && mi.Type == target {
			return mi
		}
	}
	return nil
}

// addRelated adds "<path>.<attr>" for the own attributes of related, read through via.
func addRelated(add func(string, search.Field, accessor), path string, related *searchInfo, via func(accessor) accessor) {
	for attr, f := range related.schema {
		if !strings.Contains(attr, ".") {
			add(path+"."+attr, f, via(related.acc[attr]))
		}
	}
}

// referring reads attribute acc of the entities of collection path whose member mi refers to v.
func referring(path string, mi *types.MemberInfo, acc accessor) accessor {
	return func(st *store, v any) []string {
		c := st.lookup(path)
		if c == nil {
			return nil
		}
		id := metaFor(v).getID(v)
		var out []string
		for _, e := range c.all() {
			f := field(e, mi)
			if !f.IsNil() && metaFor(f.Interface()).getID(f.Interface()) == id {
				out = append(out, acc(st, e)...)
			}
		}
		return out
	}
}

// referred reads attribute acc of the entity of collection path that v's member mi refers to.
func referred(path string, mi *types.MemberInfo, acc accessor) accessor {
	return func(st *store, v any) []string {
		f := field(v, mi)
		c := st.lookup(path)
		if f.IsNil() || c == nil {
			return nil
		}
		e, ok := c.get(metaFor(f.Interface()).getID(f.Interface()))
		if !ok {
			return nil
		}
		return acc(st, e)
	}
}
