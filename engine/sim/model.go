package sim

import (
	"slices"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// svcNode is a service of the model with what routing needs precomputed.
type svcNode struct {
	info     *types.ServiceInfo
	fixed    map[string]*types.LocatorInfo // locator path segment → locator
	param    *types.LocatorInfo            // the {id} locator, if any
	actions  map[string]*types.MethodInfo  // action path → base method (signatures excluded)
	methods  map[string]*types.MethodInfo  // kind → base method, for list/add/get/update/remove
	variants map[string][]*types.MethodInfo
	// elem is the entity type of a collection service (list/add), or of an entity service (get).
	elem string
	// actionRels are the action paths, sorted, for <actions>; listLinks the list-link members
	// of elem that are sub-collections of this (entity) service, rendered as <link rel>.
	actionRels []string
	listLinks  []*types.MemberInfo
	linkRels   []string // actionRels, then the rels of listLinks
}

var (
	nodesOnce sync.Once
	nodes     map[string]*svcNode
)

// node returns the routing description of the service named name.
func node(name string) *svcNode {
	nodesOnce.Do(buildNodes)
	return nodes[name]
}

func buildNodes() {
	nodes = map[string]*svcNode{}
	for _, s := range types.Services() {
		n := &svcNode{info: s, fixed: s.FixedLocators(), param: s.IDLocator(), actions: map[string]*types.MethodInfo{},
			methods: map[string]*types.MethodInfo{}, variants: map[string][]*types.MethodInfo{}}
		for _, m := range s.Methods {
			if m.Base != "" {
				n.variants[m.Base] = append(n.variants[m.Base], m)
				continue
			}
			if m.Kind == "action" {
				n.actions[m.Path] = m
			} else {
				n.methods[m.Kind] = m
			}
		}
		n.elem = elemType(n)
		for p := range n.actions {
			n.actionRels = append(n.actionRels, p)
		}
		slices.Sort(n.actionRels)
		if t := types.Type(n.elem); t != nil && n.param == nil {
			for _, mi := range t.Members {
				if mi.Link && mi.List && n.fixed[mi.LinkRel] != nil {
					n.listLinks = append(n.listLinks, mi)
				}
			}
		}
		n.linkRels = slices.Clone(n.actionRels)
		for _, mi := range n.listLinks {
			n.linkRels = append(n.linkRels, mi.LinkRel)
		}
		nodes[s.Name] = n
	}
}

// elemType finds the entity type a service lists, adds or gets.
func elemType(n *svcNode) string {
	for _, kind := range []string{"list", "get", "add", "update"} {
		m := n.methods[kind]
		if m == nil {
			continue
		}
		for _, p := range m.Params {
			if p.Out && p.OutLocation == "body" && p.TypeKind == types.KindStruct {
				return p.Type
			}
			if kind == "add" && p.InLocation == "body" && p.TypeKind == types.KindStruct {
				return p.Type
			}
		}
	}
	return ""
}

// isCollection reports whether the service is a collection (it has an {id} locator and lists
// or adds entities).
func (n *svcNode) isCollection() bool {
	return n.param != nil && (n.methods["list"] != nil || n.methods["add"] != nil)
}

// route is a resolved API path.
type route struct {
	frames []frame
	action *types.MethodInfo // set when the last segment names an action of the last frame
}

// frame is one service on the path: a collection (id == ""), an entity of the collection
// before it (id set), or a singleton sub-service.
type frame struct {
	node *svcNode
	id   string // the {id} segment that led here
	path string // concrete path from the API root, e.g. "vms/123/nics"
}

func (r *route) last() frame { return r.frames[len(r.frames)-1] }

// resolve maps the path below the API root (no leading slash; "" is the root) onto the
// service tree. It reports false when a segment names no locator or action.
func resolve(p string) (*route, bool) {
	r := &route{frames: []frame{{node: node("System")}}}
	if p == "" {
		return r, true
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		cur := r.last()
		if seg == "" {
			return nil, false
		}
		if l := cur.node.fixed[seg]; l != nil {
			r.frames = append(r.frames, frame{node: node(l.Service), path: join(cur.path, seg)})
			continue
		}
		if i == len(segs)-1 {
			if m := cur.node.actions[seg]; m != nil {
				r.action = m
				return r, true
			}
		}
		if cur.node.param != nil {
			r.frames = append(r.frames, frame{node: node(cur.node.param.Service), id: seg, path: join(cur.path, seg)})
			continue
		}
		return nil, false
	}
	return r, true
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}
