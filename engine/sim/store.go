package sim

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// store is the inventory: every collection of entities by its concrete path ("vms",
// "vms/<id>/nics"), plus singleton objects. Stored entities are immutable once stored: a change
// stores a modified copy (see update), so readers may render what they fetched after releasing
// the lock.
type store struct {
	mu       storeMutex
	colls    map[string]*collection
	children map[string][]string // entity path → sub-collection paths created under it
	singles  map[string]any      // singleton sub-services by path
	pcg      *rand.PCG           // state of rnd, saved with the inventory; nil: random ids
	rnd      *rand.Rand          // ids when Options.Seed asks for reproducible ones
	seq      map[string]int64    // integer id sequences (events)
	gen      uint64              // generation of the journal that continues the saved state
	j        *journal            // nil unless a state file is kept (journal.go)
	jobsOf   correlations        // jobs by the correlation id of the request that started them

	// pending next-run configurations by VM id (behaviour_nextrun.go)
	nextRun map[string]*types.Vm
}

// collection holds the entities of one collection path in insertion order.
type collection struct {
	st    *store // owner, whose journal records every change
	path  string
	node  *svcNode // the collection service
	meta  *typeMeta
	items map[string]any
	order []string
}

// newStore returns an empty store whose ids are random (crypto/rand), or, with a non-zero
// seed, come from a generator seeded with it so that a scripted run gives the same ids.
func newStore(seed uint64) *store {
	s := &store{
		colls:    map[string]*collection{},
		children: map[string][]string{},
		singles:  map[string]any{},
		seq:      map[string]int64{},
	}
	if seed != 0 {
		s.seedIDs(rand.NewPCG(seed, idStream))
	}
	return s
}

// idStream is the second word of the id generator's seed.
const idStream = 0x73696d

func (s *store) seedIDs(pcg *rand.PCG) { s.pcg, s.rnd = pcg, rand.New(pcg) }

// newID returns a fresh version 4 UUID: random, or from the seeded generator.
func (s *store) newID() string {
	if s.rnd == nil {
		return randomUUID()
	}
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := s.rnd.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return formatUUID(b)
}

// nextSeq returns the next value of an integer id sequence.
func (s *store) nextSeq(name string) int64 {
	s.seq[name]++
	s.note(journalOp{Op: opSeq, Path: name, Seq: s.seq[name]})
	return s.seq[name]
}

// setSingle stores v as the singleton at path.
func (s *store) setSingle(path string, v any) {
	s.singles[path] = v
	s.note(journalOp{Op: opSingle, Path: path, value: v})
}

// coll returns the collection at path, creating it for the collection service n.
func (s *store) coll(path string, n *svcNode) *collection {
	if c := s.colls[path]; c != nil {
		return c
	}
	c := &collection{st: s, path: path, node: n, meta: metaOf(n.elem), items: map[string]any{}}
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
	if c.st != nil {
		c.st.note(journalOp{Op: opPut, Path: c.path, Service: c.node.info.Name, value: v})
	}
}

// clear removes every entity of the collection (its sub-collections stay: callers use it for
// leaf collections such as reported devices).
func (c *collection) clear() {
	c.items, c.order = map[string]any{}, nil
	if c.st != nil {
		c.st.note(journalOp{Op: opClear, Path: c.path, Service: c.node.info.Name})
	}
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
	s.note(journalOp{Op: opRemove, Path: c.path, ID: id})
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
