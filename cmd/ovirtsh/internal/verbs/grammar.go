package verbs

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// The verbs, in the order help lists them.
var verbList = []string{"list", "show", "add", "update", "remove", "action", "console", "help"}

// Verbs returns the verbs: list, show, add, update, remove, action, console, help.
func Verbs() []string { return slices.Clone(verbList) }

// IsVerb reports whether word is one of Verbs.
func IsVerb(word string) bool { return slices.Contains(verbList, word) }

// Noun is a collection of the API and its entities, as the command line names them.
type Noun struct {
	Singular string // "vm", "storagedomain", "nic"
	Plural   string // the collection's path segment: "vms", "storagedomains", "nics"
	// Parents are the singular nouns this one is a sub-collection of ("vm" and "host" for nics),
	// sorted; empty for a collection found only at the top.
	Parents  []string
	TopLevel bool            // the collection is also at the top of the API
	Type     *types.TypeInfo // the type of the entities (of the top-level collection when there is one)
	// Paths are the positions of the collection, parents as {singular}: "vms",
	// "vms/{vm}/nics", "storagedomains/{storagedomain}/vms/{vm}/disks".
	Paths []string

	places []*place
}

// place is one position of a noun in the tree of services: under the entity of parent ("" for
// the top), with the collection's and the entity's services.
type place struct {
	parent string // singular noun of the parent, "" at the top
	up     *place // the parent's collection, nil at the top
	path   string // locator path of the collection: "nics"
	coll   *types.ServiceInfo
	entity *types.ServiceInfo
	item   *types.TypeInfo
}

// maxDepth bounds the nesting of sub-collections walked (datacenters/X/storagedomains/Y/disks).
const maxDepth = 3

type grammar struct {
	nouns  []*Noun
	byWord map[string]*Noun // singular, plural and the type's snake name
}

var theGrammar = sync.OnceValue(buildGrammar)

func buildGrammar() *grammar {
	g := &grammar{byWord: map[string]*Noun{}}
	byPlural := map[string]*Noun{}
	seen := map[string]bool{}
	var walk func(svc *types.ServiceInfo, up *place, depth int)
	walk = func(svc *types.ServiceInfo, up *place, depth int) {
		var next []*place
		parent := ""
		if up != nil {
			parent = byPlural[up.path].Singular
		}
		for _, l := range svc.Locators {
			p := collectionPlace(l, parent)
			if p == nil {
				continue
			}
			p.up = up
			if seen[p.pattern()] {
				continue
			}
			seen[p.pattern()] = true
			n := byPlural[p.path]
			if n == nil {
				n = &Noun{Plural: p.path, Singular: singular(p.path, p.item)}
				byPlural[p.path] = n
				g.nouns = append(g.nouns, n)
			}
			n.places = append(n.places, p)
			if parent == "" {
				n.TopLevel, n.Type = true, p.item
			} else if !slices.Contains(n.Parents, parent) {
				n.Parents = append(n.Parents, parent)
			}
			if n.Type == nil {
				n.Type = p.item
			}
			next = append(next, p)
		}
		if depth+1 >= maxDepth {
			return
		}
		for _, p := range next {
			walk(p.entity, p, depth+1)
		}
	}
	walk(types.Service(types.RootService), nil, 0)
	sort.Slice(g.nouns, func(i, j int) bool { return g.nouns[i].Plural < g.nouns[j].Plural })
	for _, n := range g.nouns {
		sort.Strings(n.Parents)
		sort.SliceStable(n.places, func(i, j int) bool { return n.places[i].depth() < n.places[j].depth() })
		for _, p := range n.places {
			n.Paths = append(n.Paths, p.pattern())
		}
		if g.byWord[n.Type.SnakeName] == nil || n.TopLevel {
			g.byWord[n.Type.SnakeName] = n
		}
	}
	for _, n := range g.nouns { // singulars and plurals win over the type names
		g.byWord[n.Singular], g.byWord[n.Plural] = n, n
	}
	return g
}

// pattern is the place's path with parents as {singular}: "vms/{vm}/nics".
func (p *place) pattern() string {
	if p.up == nil {
		return p.path
	}
	return p.up.pattern() + "/{" + p.parent + "}/" + p.path
}

func (p *place) depth() int {
	if p.up == nil {
		return 0
	}
	return 1 + p.up.depth()
}

// collectionPlace returns the place of the locator l when it leads to a collection of entities
// (a list method and a locator by id), else nil.
func collectionPlace(l *types.LocatorInfo, parent string) *place {
	if len(l.Params) != 0 || strings.HasPrefix(l.Path, "{") {
		return nil
	}
	coll := types.Service(l.Service)
	if coll == nil || coll.Method("list") == nil || coll.IDLocator() == nil {
		return nil
	}
	p := &place{parent: parent, path: l.Path, coll: coll, entity: types.Service(coll.IDLocator().Service)}
	for _, prm := range coll.Method("list").Params {
		if prm.Out && prm.List {
			p.item = types.Type(prm.Type)
		}
	}
	if p.entity == nil || p.item == nil {
		return nil
	}
	return p
}

// singular names one entity of the collection at path: the item type's name without
// underscores when the path is its plural ("storagedomains" → "storagedomain"), else the path
// without its plural ending.
func singular(path string, item *types.TypeInfo) string {
	if t := strings.ReplaceAll(item.SnakeName, "_", ""); t+"s" == path || t+"es" == path {
		return t
	}
	switch {
	case strings.HasSuffix(path, "ies"):
		return strings.TrimSuffix(path, "ies") + "y"
	case strings.HasSuffix(path, "sses"), strings.HasSuffix(path, "shes"), strings.HasSuffix(path, "ches"):
		return strings.TrimSuffix(path, "es")
	}
	return strings.TrimSuffix(path, "s")
}

// Nouns returns every collection, top-level and sub-collections, sorted by plural.
func Nouns() []Noun {
	g := theGrammar()
	out := make([]Noun, len(g.nouns))
	for i, n := range g.nouns {
		out[i] = *n
		out[i].Parents = slices.Clone(n.Parents)
		out[i].Paths = slices.Clone(n.Paths)
	}
	return out
}

// LookupNoun finds a noun by its singular, its plural or its type's snake name ("storage_domain").
func LookupNoun(word string) (Noun, bool) {
	n := theGrammar().byWord[strings.ToLower(word)]
	if n == nil {
		return Noun{}, false
	}
	c := *n
	c.Parents = slices.Clone(n.Parents)
	c.Paths = slices.Clone(n.Paths)
	return c, true
}

// nounWords lists every singular and plural, for did-you-mean.
func nounWords() []string {
	var out []string
	for _, n := range theGrammar().nouns {
		out = append(out, n.Singular, n.Plural)
	}
	return out
}
