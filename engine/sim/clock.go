package sim

import (
	"container/heap"
	"sync"
	"time"
)

// Clock is the time source of a simulator. Behaviour that takes time (a VM powering up, a disk
// leaving the locked state, token expiry) asks the clock for the current time and schedules its
// next step with AfterFunc, so tests can choose between real time, accelerated time and a clock
// they advance by hand.
type Clock interface {
	// Now returns the current simulated time.
	Now() time.Time
	// AfterFunc runs f once, in its own goroutine or in the caller of Advance, after d of
	// simulated time. The returned function cancels it and reports whether it was still pending.
	AfterFunc(d time.Duration, f func()) (cancel func() bool)
	// Sleep blocks for d of simulated time (used for injected latency).
	Sleep(d time.Duration)
}

// realClock runs on the wall clock and scales every delay by a factor.
type realClock struct{ scale float64 }

// NewRealClock returns the default clock: wall time, delays as the behaviour asks (short: a
// few seconds at most).
func NewRealClock() Clock { return realClock{scale: 1} }

// NewFastClock returns a wall clock that shortens every delay by factor (100 if factor <= 1),
// for tests that want real concurrency but no waiting.
func NewFastClock(factor float64) Clock {
	if factor <= 1 {
		factor = 100
	}
	return realClock{scale: 1 / factor}
}

func (c realClock) Now() time.Time { return time.Now() }

func (c realClock) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * c.scale)
}

func (c realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(c.scaled(d), f).Stop
}

func (c realClock) Sleep(d time.Duration) { time.Sleep(c.scaled(d)) }

// ManualClock only moves when Advance is called; timers that fall due run in the goroutine that
// calls Advance, in order of their due time (then of scheduling), which makes tests
// deterministic.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64
	timers timerHeap
	wake   *sync.Cond // signalled on Advance, for Sleep
}

// NewManualClock returns a manual clock set to start (a fixed date when start is zero).
func NewManualClock(start time.Time) *ManualClock {
	if start.IsZero() {
		start = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	}
	c := &ManualClock{now: start}
	c.wake = sync.NewCond(&c.mu)
	return c
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f to run when Advance passes now+d.
func (c *ManualClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &manualTimer{due: c.now.Add(d), seq: c.seq, f: f, index: -1}
	heap.Push(&c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if t.index < 0 {
			return false
		}
		heap.Remove(&c.timers, t.index)
		return true
	}
}

// Sleep blocks until another goroutine advances the clock by at least d.
func (c *ManualClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	until := c.now.Add(d)
	for c.now.Before(until) {
		c.wake.Wait()
	}
}

// Advance moves the clock forward by d and runs every timer that falls due, including timers
// those timers schedule within the window.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	for len(c.timers) > 0 && !c.timers[0].due.After(target) {
		t := heap.Pop(&c.timers).(*manualTimer)
		if t.due.After(c.now) {
			c.now = t.due
		}
		c.mu.Unlock()
		t.f()
		c.mu.Lock()
	}
	c.now = target
	c.wake.Broadcast()
	c.mu.Unlock()
}

// Pending reports how many timers wait to fall due.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

type manualTimer struct {
	due   time.Time
	seq   uint64
	f     func()
	index int
}

type timerHeap []*manualTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].due.Equal(h[j].due) {
		return h[i].seq < h[j].seq
	}
	return h[i].due.Before(h[j].due)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*manualTimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}
