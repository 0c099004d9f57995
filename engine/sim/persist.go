package sim

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	IDState     []byte           `json:"id_state"`
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
func (s *store) save(path string, now time.Time) (err error) {
	s.mu.RLock()
	st, err := s.snapshot(now)
	s.mu.RUnlock()
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
	return os.Rename(tmp.Name(), path)
}

func (s *store) snapshot(now time.Time) (*stateFile, error) {
	idState, err := s.pcg.MarshalBinary()
	if err != nil {
		return nil, err
	}
	st := &stateFile{Format: stateFormat, Saved: now.UTC(), IDState: idState, Sequences: s.seq}
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

// loadStore reads an inventory saved by save. A missing, unreadable or corrupt file is an
// error naming it, never an empty inventory.
func loadStore(path string) (*store, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sim: read state file: %w", err)
	}
	defer f.Close()
	s, err := decodeState(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("sim: state file %s is corrupt or not a simulator state: %w", path, err)
	}
	return s, nil
}

func decodeState(r io.Reader) (*store, error) {
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
	s := newStore(1)
	if err := s.pcg.UnmarshalBinary(st.IDState); err != nil {
		return nil, fmt.Errorf("id_state: %w", err)
	}
	for k, v := range st.Sequences {
		s.seq[k] = v
	}
	for _, sc := range st.Collections {
		n := node(sc.Service)
		if n == nil || !n.isCollection() || n.elem != sc.Type {
			return nil, fmt.Errorf("collection %s: unknown service %q of type %q", sc.Path, sc.Service, sc.Type)
		}
		c := s.coll(sc.Path, n)
		for i, raw := range sc.Items {
			v := c.meta.newValue()
			if err := json.Unmarshal(raw, v); err != nil {
				return nil, fmt.Errorf("collection %s item %d: %w", sc.Path, i, err)
			}
			if c.meta.getID(v) == "" {
				return nil, fmt.Errorf("collection %s item %d: no id", sc.Path, i)
			}
			c.put(v)
		}
	}
	for _, ss := range st.Singletons {
		m := metaOf(ss.Type)
		if m == nil {
			return nil, fmt.Errorf("singleton %s: unknown type %q", ss.Path, ss.Type)
		}
		v := m.newValue()
		if err := json.Unmarshal(ss.Item, v); err != nil {
			return nil, fmt.Errorf("singleton %s: %w", ss.Path, err)
		}
		s.singles[ss.Path] = v
	}
	return s, nil
}
