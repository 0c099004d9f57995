// Package gate gives tests a simulator clock that says when an API request arrives and holds it
// until the test lets it go: a signal from the simulator itself instead of a sleep that hopes
// the request is in flight by then.
package gate

import (
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// Clock is a sim.Clock on real time whose Sleep, which the simulator calls for the injected
// latency of every API request (sim.Faults.Latency > 0), reports the request on Arrived and
// blocks until Release, whatever the latency asked. SSO requests are not delayed, so they
// pass.
type Clock struct {
	sim.Clock
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

// New returns a closed gate: every delayed request waits for Release.
func New() *Clock {
	return &Clock{Clock: sim.NewRealClock(), arrived: make(chan struct{}, 1024), release: make(chan struct{})}
}

// Sleep reports the request and waits for Release.
func (c *Clock) Sleep(time.Duration) {
	select {
	case c.arrived <- struct{}{}:
	default:
	}
	<-c.release
}

// Arrived delivers one value per request that reached the simulator and is held.
func (c *Clock) Arrived() <-chan struct{} { return c.arrived }

// Release lets every held request and every later one through; it may be called more than
// once. Call it before closing the simulator.
func (c *Clock) Release() { c.once.Do(func() { close(c.release) }) }

// Options returns simulator options with this clock and a latency, so that every API request
// goes through Sleep.
func (c *Clock) Options() sim.Options {
	return sim.Options{Clock: c, Faults: sim.Faults{Latency: time.Nanosecond}}
}
