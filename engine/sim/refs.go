package sim

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

var (
	topOnce sync.Once
	topColl map[string]string // entity type → top-level collection path ("Cluster" → "clusters")
)

// topLevel returns the top-level collection path holding entities of typeName, or "".
func topLevel(typeName string) string {
	topOnce.Do(func() {
		topColl = map[string]string{}
		root := node("System")
		paths := make([]string, 0, len(root.fixed))
		for p := range root.fixed {
			paths = append(paths, p)
		}
		sortStrings(paths)
		for _, p := range paths {
			n := node(root.fixed[p].Service)
			if n.isCollection() && n.elem != "" {
				if old, ok := topColl[n.elem]; !ok || types.Type(n.elem).XMLPlural == p && old != p {
					topColl[n.elem] = p
				}
			}
		}
	})
	return topColl[typeName]
}

// isLocatorLink reports whether the list link member is a sub-collection of the entity service
// n (rendered as <link rel href>), as opposed to data carried inline (a disk's storage_domains).
func isLocatorLink(n *svcNode, mi *types.MemberInfo) bool {
	if n == nil || !mi.Link || !mi.List {
		return false
	}
	return n.fixed[mi.LinkRel] != nil
}

// resolveRefs replaces every reference the body v makes to a top-level entity (cluster,
// template, host, storage domain, ...), given by id or name, by a reference with id and href;
// an unknown one is the engine's 404 fault. n is the entity service, to leave sub-collection
// links alone.
func (c *call) resolveRefs(v any, n *svcNode) *Fault {
	m := metaFor(v)
	for _, mi := range m.info.Members {
		if !mi.Link || mi.TypeKind != types.KindStruct || isLocatorLink(n, mi) {
			continue
		}
		fv := field(v, mi)
		if fv.IsNil() {
			continue
		}
		if !mi.List {
			ref, f := c.resolveRef(mi.Type, fv.Interface())
			if f != nil {
				return f
			}
			fv.Set(reflect.ValueOf(ref))
			continue
		}
		items := fv.Interface().(types.ListLink)
		for i := range items.Len() {
			ref, f := c.resolveRef(mi.Type, items.Item(i))
			if f != nil {
				return f
			}
			items.SetItem(i, ref)
		}
	}
	return nil
}

// byNameTypes are the types a reference may name instead of giving the id: those whose names
// are unique in the engine (disk aliases, for example, are not).
var byNameTypes = map[string]bool{
	"Cluster": true, "DataCenter": true, "Host": true, "Template": true, "StorageDomain": true, "Network": true,
	"VnicProfile": true, "Vm": true, "Tag": true, "Role": true, "User": true, "Group": true, "CpuProfile": true,
	"DiskProfile": true, "InstanceType": true, "VmPool": true, "MacPool": true, "AffinityLabel": true,
	"OperatingSystemInfo": true, "SchedulingPolicy": true, "Quota": true, "ExternalHostProvider": true,
}

// resolveRef looks up one reference; references to types without a top-level collection, or
// carrying neither id nor name, are kept as sent.
func (c *call) resolveRef(typeName string, ref any) (any, *Fault) {
	path := topLevel(typeName)
	if path == "" || ref == nil || reflect.ValueOf(ref).IsNil() {
		return ref, nil
	}
	m := metaOf(typeName)
	id, name := m.getID(ref), m.getName(ref)
	if id == "" && (name == "" || !byNameTypes[typeName]) {
		return ref, nil // not a reference: a description of something new (a disk to create)
	}
	coll := c.st.lookup(path)
	var found any
	ok := false
	if coll != nil {
		if id != "" {
			found, ok = coll.get(id)
		} else {
			found, ok = coll.byName(name)
		}
	}
	if !ok {
		key := "id=" + id
		if id == "" {
			key = "name=" + name
		}
		return nil, faultf(http.StatusNotFound, reasonFailed, "Entity not found: %s: %s", typeName, key)
	}
	out := refTo(found, path)
	keepListLinks(out, ref)
	if d, ok := ref.(*types.Disk); ok && d.Snapshot != nil {
		out.(*types.Disk).Snapshot = d.Snapshot // a parameter too: the snapshot of the disk meant (backups attach those)
	}
	return out, nil
}

// keepListLinks copies the list links a reference was sent with (a template's
// vm.disk_attachments choosing disk formats) to the resolved reference: the engine reads them
// as parameters of the operation. Behaviour that uses them clears them before storing.
func keepListLinks(dst, src any) {
	m := metaFor(src)
	for _, mi := range m.info.Members {
		if mi.Link && mi.List && mi.TypeKind == types.KindStruct {
			if s := field(src, mi); !s.IsNil() {
				field(dst, mi).Set(s)
			}
		}
	}
}

// refTo returns a reference (id and href only) to the stored entity v of the collection at
// path.
func refTo(v any, collPath string) any {
	m := metaFor(v)
	out := m.newValue()
	id := m.getID(v)
	m.setID(out, id)
	m.setHref(out, hrefOf(collPath+"/"+id))
	return out
}

// hrefOf is the href of a path below the API root.
func hrefOf(path string) string { return APIPath + "/" + path }

// pathOfHref returns the path below the API root of an href, or false.
func pathOfHref(href string) (string, bool) {
	p, ok := strings.CutPrefix(href, APIPath+"/")
	return p, ok
}

func sortStrings(s []string) { slices.Sort(s) }
