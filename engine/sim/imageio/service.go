package imageio

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Paths of the simulated ovirt-imageio endpoints, served on the simulator's own HTTPS port: the
// daemon on the host (an image transfer's transfer_url) and the proxy on the engine (its
// proxy_url). Both take the ticket id after the path; the ticket is the credential, no token is
// needed.
const (
	ImagesPath      = "/images/"
	ProxyImagesPath = "/imageio-proxy/images/"
)

// Service is the simulated ovirt-imageio service: the tickets of the transfers in progress,
// the bytes of every disk written through them, and the fault to inject. It serves both
// endpoints (ServeHTTP); the engine's side (tickets, phases, disks) drives it through its
// methods.
type Service struct {
	now     func() time.Time // the simulator's clock
	onData  func(t *Ticket)  // called after bytes moved through a ticket
	mu      sync.Mutex
	tickets map[string]*Ticket // by ticket id
	disks   map[string]*Image  // by disk id
	fault   Fault
	hits    int // requests the fault has failed so far
}

// Ticket grants one image transfer access to one disk's bytes.
type Ticket struct {
	ID, Transfer, Disk string
	Write              bool  // an upload ticket: PUT and PATCH are allowed
	Size               int64 // the addressable bytes
	Image              *Image
	Active             atomic.Bool  // set while the transfer is transferring (or paused)
	Moved              atomic.Int64 // bytes read or written through the ticket
	Last               atomic.Int64 // clock (UnixNano) of the last data request
	planned            int64        // bytes requests asked to move, in arrival order (Service.mu)
}

// New returns an empty service on the clock now; onData is called (on the request's goroutine)
// after each data request on a ticket.
func New(now func() time.Time, onData func(t *Ticket)) *Service {
	return &Service{now: now, onData: onData, tickets: map[string]*Ticket{}, disks: map[string]*Image{}}
}

// Image returns the stored bytes of a disk, creating an empty image.
func (m *Service) Image(diskID string) *Image {
	m.mu.Lock()
	defer m.mu.Unlock()
	img := m.disks[diskID]
	if img == nil {
		img = NewImage()
		m.disks[diskID] = img
	}
	return img
}

// Peek returns the stored bytes of a disk without creating them, nil when there are none.
func (m *Service) Peek(diskID string) *Image {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.disks[diskID]
}

// AddTicket makes a ticket known; requests with it succeed once it is Active.
func (m *Service) AddTicket(t *Ticket) {
	m.mu.Lock()
	m.tickets[t.ID] = t
	m.mu.Unlock()
}

func (m *Service) ticket(id string) *Ticket {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tickets[id]
}

// TicketOf returns the ticket of a transfer, nil once it is revoked.
func (m *Service) TicketOf(transferID string) *Ticket {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.tickets {
		if t.Transfer == transferID {
			return t
		}
	}
	return nil
}

// RemoveTicket revokes a ticket: later requests with it are refused.
func (m *Service) RemoveTicket(id string) {
	m.mu.Lock()
	if t := m.tickets[id]; t != nil {
		t.Active.Store(false)
		delete(m.tickets, id)
	}
	m.mu.Unlock()
}

// Drop forgets a removed disk's bytes.
func (m *Service) Drop(diskID string) {
	m.mu.Lock()
	delete(m.disks, diskID)
	m.mu.Unlock()
}

// ServeHTTP serves both imageio endpoints: OPTIONS, GET (whole or one range), GET extents,
// PUT with Content-Range, PATCH zero and flush.
func (m *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	endpoint, rest := EndpointTransfer, strings.TrimPrefix(r.URL.Path, ImagesPath)
	if p, ok := strings.CutPrefix(r.URL.Path, ProxyImagesPath); ok {
		endpoint, rest = EndpointProxy, p
	}
	id, sub, _ := strings.Cut(rest, "/")
	if id == "*" && sub == "" && r.Method == http.MethodOptions {
		writeOptions(w, true, true)
		return
	}
	t := m.ticket(id)
	if t == nil || !t.Active.Load() {
		imageError(w, http.StatusForbidden, "You are not allowed to access this resource: No such ticket %s", id)
		return
	}
	h := imageRequest{m: m, w: w, r: r, t: t, endpoint: endpoint}
	switch {
	case sub == "extents" && r.Method == http.MethodGet:
		h.extents()
	case sub != "":
		imageError(w, http.StatusNotFound, "No such resource %s", r.URL.Path)
	case r.Method == http.MethodOptions:
		if !h.injected(0) {
			writeOptions(w, t.Write, !m.current().NoExtents)
		}
	case r.Method == http.MethodGet:
		h.get()
	case r.Method == http.MethodPut:
		h.put()
	case r.Method == http.MethodPatch:
		h.patch()
	default:
		w.Header().Set("Allow", allowed(t.Write))
		imageError(w, http.StatusMethodNotAllowed, "Method %s is not allowed", r.Method)
	}
}

// imageRequest is one request on a ticket.
type imageRequest struct {
	m        *Service
	w        http.ResponseWriter
	r        *http.Request
	t        *Ticket
	endpoint string
}

func allowed(write bool) string {
	if write {
		return "OPTIONS,GET,PUT,PATCH"
	}
	return "OPTIONS,GET"
}

// writeOptions answers OPTIONS as imageio does: the Allow header and the features a client may
// use (zero and flush only for writable tickets; extents unless a fault hides it).
func writeOptions(w http.ResponseWriter, write, extents bool) {
	doc := struct {
		Features   []string `json:"features"`
		MaxReaders int      `json:"max_readers"`
		MaxWriters int      `json:"max_writers"`
	}{Features: []string{}, MaxReaders: 8, MaxWriters: 1}
	if extents {
		doc.Features = append(doc.Features, "extents")
	}
	if write {
		doc.Features = append(doc.Features, "zero", "flush")
		doc.MaxWriters = 8
	}
	w.Header().Set("Allow", allowed(write))
	writeDoc(w, doc)
}

// writeDoc answers 200 with v as JSON.
func writeDoc(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

// imageError answers with imageio's plain-text error messages.
func imageError(w http.ResponseWriter, status int, format string, args ...any) {
	body := fmt.Sprintf(format, args...) + "\n"
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// activity records bytes moved through the ticket on the transfer (transferred, inactivity).
func (h *imageRequest) activity(n int64) {
	h.t.Moved.Add(n)
	h.t.Last.Store(h.m.now().UnixNano())
	if h.m.onData != nil {
		h.m.onData(h.t)
	}
}

func (h *imageRequest) get() {
	size := h.t.Size
	off, n, partial, ok := h.readRange(size)
	if !ok {
		return
	}
	limit, fail := h.limit(n)
	f := h.m.current()
	if fail && limit == 0 && !f.EndEarly {
		h.fail()
		return
	}
	hd := h.w.Header()
	hd.Set("Content-Type", "application/octet-stream")
	if !f.Chunked {
		hd.Set("Content-Length", strconv.FormatInt(n, 10))
	}
	status := http.StatusOK
	if partial {
		hd.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, off+n-1, size))
		status = http.StatusPartialContent
	}
	h.w.WriteHeader(status)
	if f.Chunked {
		_ = http.NewResponseController(h.w).Flush() // the length stays untold even for a small answer
	}
	send := n
	if fail {
		send = limit
	}
	done, _ := h.t.Image.writeTo(h.w, off, send)
	h.activity(done)
	if !fail {
		return
	}
	_ = http.NewResponseController(h.w).Flush()
	switch {
	case f.EndEarly:
		if !f.Chunked {
			panic(http.ErrAbortHandler) // a short answer with a Content-Length is a cut connection
		}
	case f.Stall:
		<-h.r.Context().Done()
	default:
		panic(http.ErrAbortHandler) // the answer is cut after the allowed bytes
	}
}

// readRange parses the Range header of a GET, answering a refused one.
func (h *imageRequest) readRange(size int64) (off, n int64, partial, ok bool) {
	off, n, partial, e := parseRange(h.r.Header.Get("Range"), size)
	if e != nil {
		h.w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", size))
		imageError(h.w, e.status, "%s", e.msg)
		return 0, 0, false, false
	}
	return off, n, partial, true
}

func (h *imageRequest) put() {
	if !h.writable() {
		return
	}
	n := h.r.ContentLength
	if n < 0 {
		imageError(h.w, http.StatusLengthRequired, "Content-Length is required")
		return
	}
	off := int64(0)
	if cr := h.r.Header.Get("Content-Range"); cr != "" {
		v, e := parseContentRange(cr, n)
		if e != nil {
			imageError(h.w, e.status, "%s", e.msg)
			return
		}
		off = v
	}
	if !within(off, n, h.t.Size) {
		h.w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", h.t.Size))
		imageError(h.w, http.StatusRequestedRangeNotSatisfiable,
			"Requested range of %d bytes at %d exceeds the image size %d", n, off, h.t.Size)
		return
	}
	limit, fail := h.limit(n)
	take := n
	if fail {
		take = limit
	}
	done, err := h.t.Image.readFrom(h.r.Body, off, take)
	h.activity(done)
	switch {
	case fail:
		h.fail()
	case err != nil:
		imageError(h.w, http.StatusBadRequest, "Incomplete body: %d of %d bytes: %v", done, n, err)
	default:
		h.w.Header().Set("Content-Length", "0")
		h.w.WriteHeader(http.StatusOK)
	}
}

// patchDoc is the JSON body of PATCH: {"op": "zero", "offset": 0, "size": 4096, "flush": false}
// or {"op": "flush"}.
type patchDoc struct {
	Op     string `json:"op"`
	Offset int64  `json:"offset"`
	Size   *int64 `json:"size"`
	Flush  bool   `json:"flush"`
}

func (h *imageRequest) patch() {
	if !h.writable() {
		return
	}
	var doc patchDoc
	if err := json.NewDecoder(io.LimitReader(h.r.Body, 4096)).Decode(&doc); err != nil {
		imageError(h.w, http.StatusBadRequest, "Invalid JSON message: %v", err)
		return
	}
	if h.injected(0) {
		return
	}
	switch doc.Op {
	case "flush":
	case "zero":
		if doc.Size == nil {
			imageError(h.w, http.StatusBadRequest, "Missing required value for 'size'")
			return
		}
		if !within(doc.Offset, *doc.Size, h.t.Size) {
			h.w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", h.t.Size))
			imageError(h.w, http.StatusRequestedRangeNotSatisfiable, "Zero range %d+%d exceeds the image size %d",
				doc.Offset, *doc.Size, h.t.Size)
			return
		}
		h.t.Image.zero(doc.Offset, *doc.Size)
		h.t.Image.grow(doc.Offset + *doc.Size)
		h.activity(0)
	default:
		imageError(h.w, http.StatusBadRequest, "Unsupported operation %q", doc.Op)
		return
	}
	h.w.Header().Set("Content-Length", "0")
	h.w.WriteHeader(http.StatusOK)
}

func (h *imageRequest) extents() {
	if ctx := h.r.URL.Query().Get("context"); ctx != "" && ctx != "zero" {
		imageError(h.w, http.StatusNotFound, "Extents context %q is not available: the transfer is not part of an incremental backup", ctx)
		return
	}
	if h.injected(0) {
		return
	}
	writeDoc(h.w, h.t.Image.extents(h.t.Size))
}

func (h *imageRequest) writable() bool {
	if !h.t.Write {
		imageError(h.w, http.StatusForbidden, "You are not allowed to access this resource: Ticket %s forbids write", h.t.ID)
		return false
	}
	return true
}
