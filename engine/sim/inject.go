package sim

import (
	"math/rand/v2"
	"net/http"
	"sync"
)

// injector applies Options.Faults to API requests.
type injector struct {
	faults Faults
	clock  Clock

	mu  sync.Mutex
	rnd *rand.Rand
}

func newInjector(f Faults, clock Clock) *injector {
	return &injector{faults: f, clock: clock, rnd: rand.New(rand.NewPCG(uint64(f.Seed), 0x6f7669727473))}
}

func (in *injector) active() bool {
	f := in.faults
	return f.Latency > 0 || f.ErrorRate > 0 || f.DropRate > 0
}

func (in *injector) roll(p float64) bool {
	if p <= 0 {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.rnd.Float64() < p
}

// apply delays, fails or drops the request; it reports whether the request was answered (or
// dropped) and must not be served.
func (in *injector) apply(w http.ResponseWriter, r *http.Request) bool {
	if in.faults.Latency > 0 {
		in.clock.Sleep(in.faults.Latency)
	}
	if in.roll(in.faults.DropRate) {
		// net/http closes the connection without an answer for this panic value.
		panic(http.ErrAbortHandler)
	}
	if in.roll(in.faults.ErrorRate) {
		st := in.faults.ErrorStatus
		switch {
		case st == http.StatusBadGateway || st == http.StatusServiceUnavailable || st == http.StatusGatewayTimeout:
			writeHTMLError(w, st) // what the httpd proxy in front of the engine sends
		default:
			writeFault(w, faultf(st, reasonFailed, "Injected fault (%d %s)", st, http.StatusText(st)))
		}
		return true
	}
	return false
}
