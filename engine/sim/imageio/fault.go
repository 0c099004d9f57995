package imageio

import (
	"net/http"
	"strings"
)

// Endpoints an Fault can target.
const (
	EndpointTransfer = "transfer" // the daemon on the host: an image transfer's transfer_url
	EndpointProxy    = "proxy"    // the proxy on the engine: its proxy_url
)

// Fault makes image transfers fail on purpose, so that clients' error paths can be tested:
// requests to the imageio endpoints fail with a status or a dropped connection, at once or after
// some bytes, and finalizing can fail the engine's verification. The zero value injects nothing.
type Fault struct {
	// Endpoint limits the fault to EndpointTransfer or EndpointProxy; "" means both.
	Endpoint string
	// Method limits the fault to one HTTP method (OPTIONS, GET, PUT, PATCH); "" means any.
	Method string
	// AfterBytes lets that many bytes through a ticket first: the request that would move more
	// fails in the middle of its body, after the bytes up to the mark.
	AfterBytes int64
	// Status is the answer of a failed request; 0 means 500 Internal Server Error.
	Status int
	// Drop closes the connection without an answer instead.
	Drop bool
	// Stall leaves a failed request without an answer (a GET after the bytes up to the mark)
	// until the client gives up, as a hung server does.
	Stall bool
	// EndEarly ends a failed GET cleanly after the bytes up to the mark, as if the image were
	// that short; with Chunked, only counting the bytes tells.
	EndEarly bool
	// Chunked makes every GET of image data answer without Content-Length (chunked encoding), as
	// some proxies do. It fails nothing by itself.
	Chunked bool
	// NoExtents leaves the extents feature out of OPTIONS answers, as old imageio servers do:
	// clients then read the whole image in one GET. It fails nothing by itself.
	NoExtents bool
	// Times is how many requests fail before the fault stops; 0 means every matching request.
	Times int
	// FailFinalize makes the engine's verification of finalized uploads fail: the transfer
	// ends in finished_failure and the disk is removed, as an engine does.
	FailFinalize bool
}

// strikes reports whether the fault concerns data requests at all.
func (f Fault) strikes() bool {
	return f.Endpoint != "" || f.Method != "" || f.AfterBytes > 0 || f.Status != 0 || f.Drop || f.Stall || f.EndEarly ||
		f.Times > 0
}

// current returns the fault in force.
func (m *Service) current() Fault {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fault
}

// InjectFault replaces the fault injected into image transfers; Fault{} stops injecting.
func (m *Service) InjectFault(f Fault) {
	m.mu.Lock()
	m.fault, m.hits = f, 0
	m.mu.Unlock()
}

// FailFinalize reports whether finalizing must fail verification.
func (m *Service) FailFinalize() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fault.FailFinalize
}

// strike decides whether a request that would move n bytes through the ticket fails, and how
// many of its bytes go through first. Requests are counted in the order they arrive, so that
// concurrent writers see one consistent mark.
func (m *Service) strike(t *Ticket, endpoint, method string, n int64) (limit int64, fail bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	moved := t.planned
	t.planned += n
	f := m.fault
	switch {
	case !f.strikes(),
		f.Endpoint != "" && f.Endpoint != endpoint,
		f.Method != "" && !strings.EqualFold(f.Method, method),
		f.Times > 0 && m.hits >= f.Times:
		return 0, false
	}
	if f.AfterBytes > 0 {
		if moved+n <= f.AfterBytes && (n > 0 || moved < f.AfterBytes) {
			return 0, false
		}
		limit = max(0, f.AfterBytes-moved)
	}
	m.hits++
	return limit, true
}

// limit is strike for this request.
func (h *imageRequest) limit(n int64) (int64, bool) {
	return h.m.strike(h.t, h.endpoint, h.r.Method, n)
}

// injected fails a request that moves no image bytes when the fault says so.
func (h *imageRequest) injected(n int64) bool {
	if _, fail := h.limit(n); fail {
		h.fail()
		return true
	}
	return false
}

// fail answers the request as the fault says: a dropped connection or an error status.
func (h *imageRequest) fail() {
	f := h.m.current()
	if f.Stall {
		<-h.r.Context().Done()      // the client gave up
		panic(http.ErrAbortHandler) // and gets no answer, not an implicit 200
	}
	if f.Drop {
		panic(http.ErrAbortHandler) // net/http closes the connection without an answer
	}
	st := f.Status
	if st == 0 {
		st = http.StatusInternalServerError
	}
	imageError(h.w, st, "Injected fault (%d %s)", st, http.StatusText(st))
}
