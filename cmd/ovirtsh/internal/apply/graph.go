package apply

import (
	"fmt"
	"slices"
	"strings"
)

// node is one declared resource and its place among the others.
type node struct {
	res   Resource
	name  string // what the kind knows it by: its name, else its id (ensure.ResourceName)
	label string // "vm web1"
	// refKinds are the kinds it refers to, once each (to name the ids of its diff).
	refKinds []string
	deps     []int // the nodes that must be done before this one
	users    []int // the nodes that wait for this one
}

// graph holds the declarations in the order they run: order lists the nodes so that each comes
// after its dependencies, declaration order breaking ties.
type graph struct {
	nodes    []*node
	order    []int
	rank     []int // rank[i] is the position of node i in order
	external []extRef
}

// extRef is a reference to a resource the site does not declare: it must exist in the engine.
type extRef struct {
	Ref
	by []int // the nodes that refer to it
}

// where names the place of the i-th declaration: its file and line, else "declaration #i".
func where(r Resource, i int) string {
	if r.Where != "" {
		return r.Where
	}
	return fmt.Sprintf("declaration #%d", i+1)
}

// absent reports whether the declaration asks for the object to be gone.
func absent(s Spec) bool { return s.State() == "absent" }

func label(kind, name string) string { return kind + " " + name }

// parents names the member that holds the object a nested kind lives in: names of NICs and
// snapshots repeat from one VM to the next.
var parents = map[string]string{"nic": "vm", "snapshot": "vm", "affinity_group": "cluster"}

// declLabel names a declaration in the plan and the results: "vm web1", "nic web1/nic1".
func declLabel(r Resource, n string) string {
	if p, ok := r.Spec[parents[r.Kind]].(string); ok && p != "" {
		n = p + "/" + n
	}
	return label(r.Kind, n)
}

// kinds is what the graph needs to know of the kinds: names and references.
type kinds interface {
	// Name is the name a declaration is known by (ensure.ResourceName).
	Name(r Resource) string
	// Refs lists the resources a declaration refers to (ensure.Kind.Refs).
	Refs(r Resource) ([]Ref, error)
}

// buildGraph links the declarations by their references (Kind.Refs) and orders
// them. A reference to a declared resource makes the referrer wait for it; when both are to be
// removed, the order turns round (the VM goes before its cluster). A reference from a present
// resource to one declared absent, and a cycle, are errors. Two declarations of the same object
// run one after the other, in the order given; absent after present is an error (it would never
// settle), present after absent replaces the object.
func buildGraph(rs []Resource, k kinds) (*graph, error) {
	g := &graph{}
	byKey := map[string][]int{}
	for i, r := range rs {
		n := k.Name(r)
		if n == "" {
			return nil, fmt.Errorf("%s: the %s declaration has no name (nor id)", where(r, i), r.Kind)
		}
		g.nodes = append(g.nodes, &node{res: r, name: n, label: declLabel(r, n)})
		key := g.nodes[i].label
		if prev := byKey[key]; len(prev) > 0 {
			if p := prev[len(prev)-1]; absent(r.Spec) && !absent(rs[p].Spec) {
				return nil, fmt.Errorf("%s: %s is declared absent after being declared present (%s): "+
					"every apply would make it and remove it; drop one of the two", where(r, i), key, where(rs[p], p))
			}
			g.link(prev[len(prev)-1], i)
		}
		byKey[key] = append(byKey[key], i)
	}
	ext := map[Ref]int{}
	for i, r := range rs {
		rr, err := k.Refs(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.nodes[i].label, err)
		}
		for _, ref := range rr {
			if !slices.Contains(g.nodes[i].refKinds, ref.Kind) {
				g.nodes[i].refKinds = append(g.nodes[i].refKinds, ref.Kind)
			}
			targets := byKey[label(ref.Kind, ref.Name)]
			gone := func(j int) bool { return absent(rs[j].Spec) }
			if present := slices.DeleteFunc(slices.Clone(targets), gone); !absent(r.Spec) && len(present) > 0 {
				targets = present // removed, then declared again: the new one is meant
			}
			if len(targets) == 0 {
				at, ok := ext[ref]
				if !ok {
					at = len(g.external)
					ext[ref] = at
					g.external = append(g.external, extRef{Ref: ref})
				}
				g.external[at].by = append(g.external[at].by, i)
				continue
			}
			for _, j := range targets {
				if err := g.linkRef(i, j); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := g.sort(); err != nil {
		return nil, err
	}
	return g, nil
}

// linkRef records that node i refers to node j.
func (g *graph) linkRef(i, j int) error {
	if i == j {
		return nil
	}
	ai, aj := absent(g.nodes[i].res.Spec), absent(g.nodes[j].res.Spec)
	switch {
	case ai && aj:
		g.link(i, j) // the referrer goes first
	case aj:
		return fmt.Errorf("%s refers to %s, which the site declares absent", g.nodes[i].label, g.nodes[j].label)
	case ai: // removing i does not need j
	default:
		g.link(j, i)
	}
	return nil
}

// link makes after wait for before.
func (g *graph) link(before, after int) {
	if slices.Contains(g.nodes[after].deps, before) {
		return
	}
	g.nodes[after].deps = append(g.nodes[after].deps, before)
	g.nodes[before].users = append(g.nodes[before].users, after)
}

// sort fills order (Kahn's algorithm, the earliest declared ready node first) or names a cycle.
func (g *graph) sort() error {
	waiting := make([]int, len(g.nodes))
	var ready []int
	for i, n := range g.nodes {
		waiting[i] = len(n.deps)
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		i := ready[0]
		ready = ready[1:]
		g.order = append(g.order, i)
		for _, u := range g.nodes[i].users {
			if waiting[u]--; waiting[u] == 0 {
				ready = insertSorted(ready, u, func(a, b int) bool { return a < b })
			}
		}
	}
	if len(g.order) < len(g.nodes) {
		return fmt.Errorf("the references form a cycle: %s", g.cycle(waiting))
	}
	g.rank = make([]int, len(g.nodes))
	for pos, i := range g.order {
		g.rank[i] = pos
	}
	return nil
}

// cycle walks back along the dependencies among the nodes left waiting until one repeats:
// "cluster a → network b → cluster a" (each needs the next).
func (g *graph) cycle(waiting []int) string {
	cur := slices.IndexFunc(waiting, func(w int) bool { return w > 0 })
	seen := map[int]int{}
	var path []int
	for {
		if at, ok := seen[cur]; ok {
			path = append(path[at:], cur)
			break
		}
		seen[cur] = len(path)
		path = append(path, cur)
		for _, d := range g.nodes[cur].deps {
			if waiting[d] > 0 {
				cur = d
				break
			}
		}
	}
	labels := make([]string, len(path))
	for k, i := range path {
		labels[k] = g.nodes[i].label
	}
	return strings.Join(labels, " → ") + " (each needs the next)"
}

// insertSorted inserts v into the sorted s.
func insertSorted(s []int, v int, less func(a, b int) bool) []int {
	at, _ := slices.BinarySearchFunc(s, v, func(e, t int) int {
		if less(e, t) {
			return -1
		}
		return 1
	})
	return slices.Insert(s, at, v)
}
