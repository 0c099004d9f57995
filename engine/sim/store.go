package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// store is the inventory: every collection of entities by its concrete path ("vms",
// "vms/<id>/nics"), plus singleton objects. Stored entities are immutable once stored: a change
// stores a modified copy (see update), so readers may render what they fetched after releasing
// the lock.
type store struct {
	mu       sync.RWMutex
	colls    map[string]*collection
	children map[string][]string // entity path → sub-collection paths created under it
	singles  map[string]any      // singleton sub-services by path
	pcg      *rand.PCG           // state of rnd, saved with the inventory
	rnd      *rand.Rand          // ids; seeded, so a scripted run gives the same ids
	seq      map[string]int64    // integer id sequences (events)
	jobsOf   correlations        // jobs by the correlation id of the request that started them
}

// collection holds the entities of one collection path in insertion order.
type collection struct {
	path  string
	node  *svcNode // the collection service
	meta  *typeMeta
	items map[string]any
	order []string
}

func newStore(seed uint64) *store {
	pcg := rand.NewPCG(seed, 0x73696d)
	return &store{
		colls:    map[string]*collection{},
		children: map[string][]string{},
		singles:  map[string]any{},
		pcg:      pcg,
		rnd:      rand.New(pcg),
		seq:      map[string]int64{},
	}
}

// newID returns a fresh UUID (version 4 layout, from the store's seeded generator).
func (s *store) newID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := s.rnd.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// nextSeq returns the next value of an integer id sequence.
func (s *store) nextSeq(name string) int64 {
	s.seq[name]++
	return s.seq[name]
}

// coll returns the collection at path, creating it for the collection service n.
func (s *store) coll(path string, n *svcNode) *collection {
	if c := s.colls[path]; c != nil {
		return c
	}
	c := &collection{path: path, node: n, meta: metaOf(n.elem), items: map[string]any{}}
	s.colls[path] = c
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		parent := path[:i]
		s.children[parent] = append(s.children[parent], path)
	}
	return c
}

// lookup returns the collection at path without creating it.
func (s *store) lookup(path string) *collection { return s.colls[path] }

func (c *collection) get(id string) (any, bool) {
	v, ok := c.items[id]
	return v, ok
}

// put stores v (which must carry its id) as the current version of its entity.
func (c *collection) put(v any) {
	id := c.meta.getID(v)
	if _, ok := c.items[id]; !ok {
		c.order = append(c.order, id)
	}
	c.items[id] = v
}

// all returns the entities in insertion order.
func (c *collection) all() []any {
	out := make([]any, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.items[id])
	}
	return out
}

func (c *collection) len() int { return len(c.order) }

// find returns the entity whose id, or else whose name, is key.
func (c *collection) find(key string) (any, bool) {
	if v, ok := c.items[key]; ok {
		return v, true
	}
	return c.byName(key)
}

func (c *collection) byName(name string) (any, bool) {
	for _, id := range c.order {
		if v := c.items[id]; c.meta.getName(v) == name {
			return v, true
		}
	}
	return nil, false
}

// remove deletes the entity id of the collection at path and every sub-collection under it.
func (s *store) remove(c *collection, id string) {
	if _, ok := c.items[id]; !ok {
		return
	}
	delete(c.items, id)
	if i := slices.Index(c.order, id); i >= 0 {
		c.order = slices.Delete(c.order, i, i+1)
	}
	s.dropChildren(c.path + "/" + id)
}

func (s *store) dropChildren(entityPath string) {
	for _, sub := range s.children[entityPath] {
		if c := s.colls[sub]; c != nil {
			for _, id := range c.order {
				s.dropChildren(sub + "/" + id)
			}
		}
		delete(s.colls, sub)
		delete(s.singles, sub)
	}
	delete(s.children, entityPath)
}

// paths returns every collection path, sorted (for saving and tests).
func (s *store) paths() []string {
	out := make([]string, 0, len(s.colls))
	for p := range s.colls {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
