package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Paths of the simulated ovirt-imageio endpoints, served on the simulator's own HTTPS port: the
// daemon on the host (an image transfer's transfer_url) and the proxy on the engine (its
// proxy_url). Both take the ticket id after the path; the ticket is the credential, no token is
// needed.
const (
	ImagesPath      = "/images/"
	ProxyImagesPath = "/imageio-proxy/images/"
)

// imageio is the simulated ovirt-imageio service: the tickets of the transfers in progress, the
// bytes of every disk written through them, and the fault to inject.
type imageio struct {
	mu      sync.Mutex
	tickets map[string]*ticket    // by ticket id
	disks   map[string]*diskImage // by disk id
	fault   ImageFault
	hits    int // requests the fault has failed so far
}

// ticket grants one image transfer access to one disk's bytes.
type ticket struct {
	id, transfer, disk string
	write              bool  // an upload ticket: PUT and PATCH are allowed
	size               int64 // the addressable bytes
	img                *diskImage
	active             atomic.Bool  // set while the transfer is transferring (or paused)
	moved              atomic.Int64 // bytes read or written through the ticket
	last               atomic.Int64 // server clock (UnixNano) of the last data request
	planned            int64        // bytes requests asked to move, in arrival order (imageio.mu)
}

func newImageio() *imageio {
	return &imageio{tickets: map[string]*ticket{}, disks: map[string]*diskImage{}}
}

// image returns the stored bytes of a disk, creating an empty image.
func (m *imageio) image(diskID string) *diskImage {
	m.mu.Lock()
	defer m.mu.Unlock()
	img := m.disks[diskID]
	if img == nil {
		img = newDiskImage()
		m.disks[diskID] = img
	}
	return img
}

// peek returns the stored bytes of a disk without creating them.
func (m *imageio) peek(diskID string) *diskImage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.disks[diskID]
}

func (m *imageio) addTicket(t *ticket) {
	m.mu.Lock()
	m.tickets[t.id] = t
	m.mu.Unlock()
}

func (m *imageio) ticket(id string) *ticket {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tickets[id]
}

// removeTicket revokes a ticket: later requests with it are refused.
func (m *imageio) removeTicket(id string) {
	m.mu.Lock()
	if t := m.tickets[id]; t != nil {
		t.active.Store(false)
		delete(m.tickets, id)
	}
	m.mu.Unlock()
}

// drop forgets a removed disk's bytes.
func (m *imageio) drop(diskID string) {
	m.mu.Lock()
	delete(m.disks, diskID)
	m.mu.Unlock()
}

// ImageData returns the bytes stored for a disk through image transfers: the written length of
// a qcow2 image, or size bytes of a raw one (zeros where nothing was written). ok is false when
// nothing was ever uploaded to the disk. It is meant for tests.
func (s *Server) ImageData(diskID string, size int64) (data []byte, ok bool) {
	img := s.images.peek(diskID)
	if img == nil {
		return nil, false
	}
	kind, n := img.state()
	if kind == kindRaw && size >= 0 {
		n = size
	}
	return img.bytes(n), true
}

// serveImages serves both imageio endpoints: OPTIONS, GET (whole or one range), GET extents,
// PUT with Content-Range, PATCH zero and flush.
func (s *Server) serveImages(w http.ResponseWriter, r *http.Request) {
	endpoint, rest := ImageEndpointTransfer, strings.TrimPrefix(r.URL.Path, ImagesPath)
	if p, ok := strings.CutPrefix(r.URL.Path, ProxyImagesPath); ok {
		endpoint, rest = ImageEndpointProxy, p
	}
	id, sub, _ := strings.Cut(rest, "/")
	if id == "*" && sub == "" && r.Method == http.MethodOptions {
		writeOptions(w, true, true)
		return
	}
	t := s.images.ticket(id)
	if t == nil || !t.active.Load() {
		imageError(w, http.StatusForbidden, "You are not allowed to access this resource: No such ticket %s", id)
		return
	}
	h := imageRequest{s: s, w: w, r: r, t: t, endpoint: endpoint}
	switch {
	case sub == "extents" && r.Method == http.MethodGet:
		h.extents()
	case sub != "":
		imageError(w, http.StatusNotFound, "No such resource %s", r.URL.Path)
	case r.Method == http.MethodOptions:
		if !h.injected(0) {
			writeOptions(w, t.write, !s.images.current().NoExtents)
		}
	case r.Method == http.MethodGet:
		h.get()
	case r.Method == http.MethodPut:
		h.put()
	case r.Method == http.MethodPatch:
		h.patch()
	default:
		w.Header().Set("Allow", allowed(t.write))
		imageError(w, http.StatusMethodNotAllowed, "Method %s is not allowed", r.Method)
	}
}

// imageRequest is one request on a ticket.
type imageRequest struct {
	s        *Server
	w        http.ResponseWriter
	r        *http.Request
	t        *ticket
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
	writeJSON(w, http.StatusOK, doc)
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
	h.t.moved.Add(n)
	h.t.last.Store(h.s.clock.Now().UnixNano())
	h.s.noteTransferred(h.t)
}

func (h *imageRequest) get() {
	size := h.t.size
	off, n, partial, ok := h.readRange(size)
	if !ok {
		return
	}
	limit, fail := h.limit(n)
	f := h.s.images.current()
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
	done, _ := h.t.img.writeTo(h.w, off, send)
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
	if !within(off, n, h.t.size) {
		h.w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", h.t.size))
		imageError(h.w, http.StatusRequestedRangeNotSatisfiable,
			"Requested range of %d bytes at %d exceeds the image size %d", n, off, h.t.size)
		return
	}
	limit, fail := h.limit(n)
	take := n
	if fail {
		take = limit
	}
	done, err := h.t.img.readFrom(h.r.Body, off, take)
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
		if !within(doc.Offset, *doc.Size, h.t.size) {
			h.w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", h.t.size))
			imageError(h.w, http.StatusRequestedRangeNotSatisfiable, "Zero range %d+%d exceeds the image size %d",
				doc.Offset, *doc.Size, h.t.size)
			return
		}
		h.t.img.zero(doc.Offset, *doc.Size)
		h.t.img.grow(doc.Offset + *doc.Size)
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
	writeJSON(h.w, http.StatusOK, h.t.img.extents(h.t.size))
}

func (h *imageRequest) writable() bool {
	if !h.t.write {
		imageError(h.w, http.StatusForbidden, "You are not allowed to access this resource: Ticket %s forbids write", h.t.id)
		return false
	}
	return true
}
