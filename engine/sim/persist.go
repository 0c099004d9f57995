package sim

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// stateFormat names the layout of saved inventories; Load refuses any other.
const stateFormat = "ovirtsh-sim-state/1"

// stateFile is the saved inventory: every collection with its entities (as JSON of the
// generated types), the singletons, the id sequences and the id generator's state, so that a
// restarted simulator continues where it stopped without reusing ids.
type stateFile struct {
	Format      string           `json:"format"`
	Saved       time.Time        `json:"saved"`
	IDState     []byte           `json:"id_state,omitempty"` // absent when ids are random
	JournalGen  uint64           `json:"journal_gen,omitempty"`
	Sequences   map[string]int64 `json:"sequences"`
	Collections []savedColl      `json:"collections"`
	Singletons  []savedSingle    `json:"singletons"`
}

type savedColl struct {
	Path    string            `json:"path"`
	Service string            `json:"service"`
	Type    string            `json:"type"`
	Items   []json.RawMessage `json:"items"`
}

type savedSingle struct {
	Path string          `json:"path"`
	Type string          `json:"type"`
	Item json.RawMessage `json:"item"`
}

// save writes the inventory to path atomically: to a temporary file in the same directory,
// synced, then renamed over path, so a crash never leaves a half-written file.
func (s *store) save(path string, now time.Time) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.saveLocked(path, now)
}

// saveLocked is save with the store already locked (for reading or writing).
func (s *store) saveLocked(path string, now time.Time) (err error) {
	st, err := s.snapshot(now)
	if err != nil {
		return fmt.Errorf("sim: save state to %s: %w", path, err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("sim: save state to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			err = fmt.Errorf("sim: save state to %s: %w", path, err)
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<16)
	if err = json.NewEncoder(w).Encode(st); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename or a file creation in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (s *store) snapshot(now time.Time) (*stateFile, error) {
	idState, err := s.idState()
	if err != nil {
		return nil, err
	}
	st := &stateFile{Format: stateFormat, Saved: now.UTC(), IDState: idState, Sequences: s.seq, JournalGen: s.gen}
	for _, p := range s.paths() {
		c := s.colls[p]
		sc := savedColl{Path: p, Service: c.node.info.Name, Type: c.meta.info.Name}
		for _, v := range c.all() {
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %w", p, c.meta.getID(v), err)
			}
			sc.Items = append(sc.Items, b)
		}
		st.Collections = append(st.Collections, sc)
	}
	for p, v := range s.singles {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		st.Singletons = append(st.Singletons, savedSingle{Path: p, Type: types.TypeOf(v).Name, Item: b})
	}
	return st, nil
}

// idState is the seeded id generator's state (nil when ids are random).
func (s *store) idState() ([]byte, error) {
	if s.pcg == nil {
		return nil, nil
	}
	return s.pcg.MarshalBinary()
}

// restoreIDs continues the id generator a saved state stopped at, when seed asks for
// reproducible ids (a state saved with random ids starts the generator from seed).
func (s *store) restoreIDs(seed uint64, state []byte) error {
	if seed == 0 {
		s.pcg, s.rnd = nil, nil
		return nil
	}
	if len(state) == 0 {
		s.seedIDs(rand.NewPCG(seed, idStream))
		return nil
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(state); err != nil {
		return fmt.Errorf("id_state: %w", err)
	}
	s.seedIDs(pcg)
	return nil
}

// loadStore reads an inventory saved by save. A missing, unreadable or corrupt file is an
// error naming it, never an empty inventory. seed as for newStore.
func loadStore(path string, seed uint64) (*store, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sim: read state file: %w", err)
	}
	defer f.Close()
	s, err := decodeState(bufio.NewReaderSize(f, 1<<16), seed)
	if err != nil {
		return nil, fmt.Errorf("sim: state file %s is corrupt or not a simulator state: %w", path, err)
	}
	return s, nil
}

func decodeState(r io.Reader, seed uint64) (*store, error) {
	var st stateFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&st); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("file is empty")
		}
		return nil, err
	}
	if st.Format != stateFormat {
		return nil, fmt.Errorf("format %q, want %q", st.Format, stateFormat)
	}
	s := newStore(0)
	if err := s.restoreIDs(seed, st.IDState); err != nil {
		return nil, err
	}
	s.gen = st.JournalGen
	for k, v := range st.Sequences {
		s.seq[k] = v
	}
	for _, sc := range st.Collections {
		c, err := s.restoreColl(sc.Path, sc.Service, sc.Type)
		if err != nil {
			return nil, err
		}
		for i, raw := range sc.Items {
			if err := c.restoreItem(raw); err != nil {
				return nil, fmt.Errorf("collection %s item %d: %w", sc.Path, i, err)
			}
		}
	}
	for _, ss := range st.Singletons {
		if err := s.restoreSingle(ss.Path, ss.Type, ss.Item); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// restoreColl returns the collection at path of the collection service named service, whose
// entities are of type typ ("" = the service's own).
func (s *store) restoreColl(path, service, typ string) (*collection, error) {
	n := node(service)
	if n == nil || !n.isCollection() || (typ != "" && n.elem != typ) {
		return nil, fmt.Errorf("collection %s: unknown service %q of type %q", path, service, typ)
	}
	return s.coll(path, n), nil
}

// restoreItem stores the entity saved as raw JSON.
func (c *collection) restoreItem(raw json.RawMessage) error {
	v := c.meta.newValue()
	if err := json.Unmarshal(raw, v); err != nil {
		return err
	}
	if c.meta.getID(v) == "" {
		return errors.New("no id")
	}
	c.put(v)
	return nil
}

func (s *store) restoreSingle(path, typ string, raw json.RawMessage) error {
	m := metaOf(typ)
	if m == nil {
		return fmt.Errorf("singleton %s: unknown type %q", path, typ)
	}
	v := m.newValue()
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("singleton %s: %w", path, err)
	}
	s.singles[path] = v
	return nil
}
