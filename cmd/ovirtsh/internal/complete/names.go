package complete

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Item is an entity of a collection as completion offers it.
type Item struct{ Name, ID string }

// Fetch lists the entities of the collection at path ("vms", "vms/web1/nics"). It runs on a
// goroutine of its own, never the one running Lua.
type Fetch func(ctx context.Context, path string) ([]Item, error)

// ErrNotConnected is what a Fetch returns before the session has a connection: completion
// never connects (that could prompt for a password in the middle of a line).
var ErrNotConnected = errors.New("not connected yet")

// NamesOptions configure a Names cache.
type NamesOptions struct {
	// Fetch lists a collection; required.
	Fetch Fetch
	// Wait is how long a lookup with nothing cached waits for the fetch it starts, so that a
	// quick engine answers the first Tab; 0 means DefaultWait. Nothing waits longer.
	Wait time.Duration
	// TTL is how long a fetched list is fresh; 0 means DefaultTTL. A stale list is still
	// offered while the next one is fetched in the background.
	TTL time.Duration
	// FetchTimeout bounds one fetch; 0 means a minute.
	FetchTimeout time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// OnFetched, when set, is called after each fetch ends (tests wait on it).
	OnFetched func(path string, err error)
}

// DefaultWait and DefaultTTL are the defaults of NamesOptions.
const (
	DefaultWait = 150 * time.Millisecond
	DefaultTTL  = 30 * time.Second
)

// Names caches the entities of collections for completion. A lookup returns what is cached at
// once and starts a background fetch when the collection was never fetched, when its list is
// older than TTL or when Invalidate was called since; with nothing cached it waits at most Wait
// for that fetch. Safe for concurrent use.
type Names struct {
	opts   NamesOptions
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	entries map[string]*namesEntry
	gen     int // counts Invalidate calls
}

type namesEntry struct {
	items    []Item
	fetched  time.Time     // zero: never fetched successfully
	stale    bool          // Invalidate was called since the fetch
	inflight chan struct{} // closed when the running fetch ends; nil when none runs
}

// NewNames returns an empty cache; Close stops its fetches.
func NewNames(opts NamesOptions) *Names {
	if opts.Wait <= 0 {
		opts.Wait = DefaultWait
	}
	if opts.TTL <= 0 {
		opts.TTL = DefaultTTL
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Names{opts: opts, ctx: ctx, cancel: cancel, entries: map[string]*namesEntry{}}
}

// Lookup returns the cached entities of the collection at path, starting a fetch if the list
// is missing or stale (see Names).
func (n *Names) Lookup(path string) []Item {
	n.mu.Lock()
	e := n.entries[path]
	if e == nil {
		e = &namesEntry{}
		n.entries[path] = e
	}
	if e.inflight == nil && (e.fetched.IsZero() || e.stale || n.opts.Now().Sub(e.fetched) >= n.opts.TTL) {
		e.inflight = make(chan struct{})
		go n.fetch(path, e, e.inflight, n.gen)
	}
	items, wait := e.items, e.inflight
	n.mu.Unlock()
	if items != nil || wait == nil {
		return items
	}
	t := time.NewTimer(n.opts.Wait)
	defer t.Stop()
	select {
	case <-wait:
	case <-t.C:
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return e.items
}

// fetch lists the collection at path into e; gen is the count of Invalidate calls when it
// started: a list asked for before a chunk ran is stale once fetched.
func (n *Names) fetch(path string, e *namesEntry, done chan struct{}, gen int) {
	ctx, cancel := context.WithTimeout(n.ctx, n.opts.FetchTimeout)
	defer cancel()
	items, err := n.opts.Fetch(ctx, path)
	n.mu.Lock()
	if err == nil {
		if items == nil {
			items = []Item{}
		}
		e.items, e.fetched, e.stale = items, n.opts.Now(), gen != n.gen
	}
	e.inflight = nil
	close(done)
	n.mu.Unlock()
	if n.opts.OnFetched != nil {
		n.opts.OnFetched(path, err)
	}
}

// Invalidate marks every list stale: the next lookup of each still offers it and fetches it
// again. The REPL calls it after each chunk, which may have added or removed entities.
func (n *Names) Invalidate() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.gen++
	for _, e := range n.entries {
		e.stale = true
	}
}

// Close cancels the fetches in flight.
func (n *Names) Close() { n.cancel() }
