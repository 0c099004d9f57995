package sim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// A kept state (Options.StateFile) is a snapshot (persist.go) plus an append-only journal next
// to it (FILE.journal): every change made under the store's write lock is appended, as one JSON
// line, and synced before the lock is released, so a killed simulator loses at most the change
// in flight. The journal is folded into the snapshot at start, at Close and when it outgrows
// the snapshot. Its first line names the snapshot generation it continues; a journal of another
// generation (a crash between writing the snapshot and emptying the journal) is stale and
// ignored. A torn last line (a crash while writing it) is dropped with a warning.

const (
	journalFormat = "ovirtsh-sim-journal/1"
	journalSuffix = ".journal"
	// journalMinCompact is the journal size below which it is never compacted.
	journalMinCompact = 16 << 20
)

// Journal operations.
const (
	opPut    = "put"    // Path, Service, Item: store an entity of the collection
	opRemove = "remove" // Path, ID: remove an entity and its sub-collections
	opClear  = "clear"  // Path, Service: empty a collection
	opSingle = "single" // Path, Type, Item: set a singleton
	opSeq    = "seq"    // Path (the sequence's name), Seq: its value
)

// journalOp is one change; value is marshalled into Item when the change is written.
type journalOp struct {
	Op      string          `json:"op"`
	Path    string          `json:"path"`
	Service string          `json:"service,omitempty"`
	Type    string          `json:"type,omitempty"`
	ID      string          `json:"id,omitempty"`
	Item    json.RawMessage `json:"item,omitempty"`
	Seq     int64           `json:"seq,omitempty"`
	value   any
}

// journalBatch is one line: the changes made under one write lock.
type journalBatch struct {
	Ops     []journalOp `json:"ops"`
	IDState []byte      `json:"id_state,omitempty"`
}

type journalHeader struct {
	Format string `json:"format"`
	Gen    uint64 `json:"gen"`
}

type journal struct {
	state   string // the snapshot's path
	f       *os.File
	size    int64
	limit   int64
	pending []journalOp
	broken  error // the last write failed: the next change compacts instead of appending
	now     func() time.Time
	log     *slog.Logger
}

// storeMutex is the store's lock: releasing the write lock first journals the changes made
// under it.
type storeMutex struct {
	sync.RWMutex
	beforeUnlock func()
}

func (m *storeMutex) Unlock() {
	if f := m.beforeUnlock; f != nil {
		f()
	}
	m.RWMutex.Unlock()
}

// note records a change for the journal (store write-locked).
func (s *store) note(op journalOp) {
	if s.j != nil {
		s.j.pending = append(s.j.pending, op)
	}
}

// checkStatePath fails, naming path, unless the state file can be written where it is.
func checkStatePath(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("sim: state file %s: directory: %w", path, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("sim: state file %s: %s is not a directory", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("sim: state file %s is a directory", path)
	}
	probe, err := os.CreateTemp(dir, ".ovirtsh-sim-probe*")
	if err != nil {
		return fmt.Errorf("sim: state file %s: directory is not writable: %w", path, err)
	}
	_ = probe.Close()
	return os.Remove(probe.Name())
}

// openStore returns the inventory: seeded, or, with a state file, the saved one with its
// journal replayed, and from then on journaled.
func (s *Server) openStore() (*store, error) {
	path := s.opts.StateFile
	if path == "" {
		st, err := s.initialStore()
		if err == nil {
			ensureGraphicsConsoles(st)
		}
		return st, err
	}
	if err := checkStatePath(path); err != nil {
		return nil, err
	}
	var st *store
	_, err := os.Stat(path)
	switch {
	case err == nil:
		if st, err = loadStore(path, s.opts.Seed); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist):
		if st, err = s.initialStore(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("sim: state file %s: %w", path, err)
	}
	if err := st.replayJournal(path+journalSuffix, s.opts.Seed, s.log); err != nil {
		return nil, err
	}
	s.settleAfterLoad(st)
	ensureGraphicsConsoles(st)
	st.j = &journal{state: path, now: s.clock.Now, log: s.log}
	st.mu.beforeUnlock = st.flushJournal
	if err := st.compact(); err != nil {
		return nil, err
	}
	return st, nil
}

// flushJournal appends the pending changes and syncs them (store write-locked).
func (s *store) flushJournal() {
	j := s.j
	if j == nil || len(j.pending) == 0 {
		return
	}
	ops := j.pending
	j.pending = nil
	var err error
	if j.broken != nil {
		err = s.compact() // the journal may have a gap: start over from a full snapshot
	} else if err = j.append(s.encodeBatch(ops)); err == nil && j.size > j.limit {
		err = s.compact()
	}
	if err != nil {
		j.broken = fmt.Errorf("sim: state file %s: %w", j.state, err)
		j.log.Error("sim: saving a change failed; retrying at the next one", "err", j.broken)
		return
	}
	j.broken = nil
}

func (s *store) encodeBatch(ops []journalOp) ([]byte, error) {
	for i := range ops {
		op := &ops[i]
		if op.value == nil {
			continue
		}
		b, err := json.Marshal(op.value)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", op.Op, op.Path, err)
		}
		op.Item = b
		if op.Op == opSingle {
			op.Type = types.TypeOf(op.value).Name
		}
	}
	idState, err := s.idState()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(journalBatch{Ops: ops, IDState: idState})
	return append(b, '\n'), err
}

// append writes one encoded line and syncs it.
func (j *journal) append(line []byte, err error) error {
	if err != nil {
		return err
	}
	n, err := j.f.Write(line)
	j.size += int64(n)
	if err != nil {
		return err
	}
	return j.f.Sync()
}

// compact writes the whole inventory as the snapshot of the next generation and starts an
// empty journal for it (store locked, or not yet shared).
func (s *store) compact() error {
	j := s.j
	s.gen++
	if err := s.saveLocked(j.state, j.now()); err != nil {
		s.gen--
		return err
	}
	j.limit = journalMinCompact
	if fi, err := os.Stat(j.state); err == nil {
		j.limit = max(j.limit, fi.Size())
	}
	if j.f != nil {
		_ = j.f.Close()
		j.f = nil
	}
	f, err := os.OpenFile(j.state+journalSuffix, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	j.f, j.size = f, 0
	head, _ := json.Marshal(journalHeader{Format: journalFormat, Gen: s.gen})
	if err := j.append(append(head, '\n'), nil); err != nil {
		return err
	}
	return syncDir(filepath.Dir(j.state))
}

// closeJournal folds the journal into the snapshot and stops journaling.
func (s *store) closeJournal() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.j
	if j == nil {
		return nil
	}
	s.mu.beforeUnlock = nil
	err := s.compact()
	s.j = nil
	if j.f != nil {
		err = errors.Join(err, j.f.Close())
	}
	if err != nil {
		return fmt.Errorf("sim: state file %s: %w", j.state, err)
	}
	return nil
}

// replayJournal applies the journal at path (if any) of the store's generation.
func (s *store) replayJournal(path string, seed uint64, log *slog.Logger) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sim: state journal %s: %w", path, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var head journalHeader
	line, err := r.ReadBytes('\n')
	if err != nil || json.Unmarshal(line, &head) != nil || head.Format != journalFormat {
		if len(line) > 0 && !bytes.HasPrefix(line, []byte(`{"format":"`+journalFormat)) {
			return fmt.Errorf("sim: state journal %s is not a simulator journal", path)
		}
		log.Warn("sim: state journal has a torn header; ignored", "file", path)
		return nil
	}
	if head.Gen != s.gen {
		log.Warn("sim: state journal belongs to another snapshot; ignored", "file", path, "gen", head.Gen, "snapshot_gen", s.gen)
		return nil
	}
	for n := 2; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(line) > 0 {
				log.Warn("sim: state journal ends in a torn record (the simulator was killed while writing it); ignored",
					"file", path, "line", n)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("sim: state journal %s: %w", path, err)
		}
		var b journalBatch
		if err := json.Unmarshal(line, &b); err != nil {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) {
				log.Warn("sim: state journal ends in a torn record; ignored", "file", path, "line", n, "err", err)
				return nil
			}
			return fmt.Errorf("sim: state journal %s line %d is corrupt: %w", path, n, err)
		}
		if err := s.apply(b, seed); err != nil {
			return fmt.Errorf("sim: state journal %s line %d: %w", path, n, err)
		}
	}
}

// apply replays one batch.
func (s *store) apply(b journalBatch, seed uint64) error {
	for _, op := range b.Ops {
		switch op.Op {
		case opPut:
			c, err := s.restoreColl(op.Path, op.Service, "")
			if err != nil {
				return err
			}
			if err := c.restoreItem(op.Item); err != nil {
				return fmt.Errorf("put %s: %w", op.Path, err)
			}
		case opRemove:
			if c := s.lookup(op.Path); c != nil {
				s.remove(c, op.ID)
			}
		case opClear:
			c, err := s.restoreColl(op.Path, op.Service, "")
			if err != nil {
				return err
			}
			c.clear()
		case opSingle:
			if err := s.restoreSingle(op.Path, op.Type, op.Item); err != nil {
				return err
			}
		case opSeq:
			s.seq[op.Path] = op.Seq
		default:
			return fmt.Errorf("unknown operation %q", op.Op)
		}
	}
	if len(b.IDState) > 0 && seed != 0 {
		return s.restoreIDs(seed, b.IDState)
	}
	return nil
}
