package enginetest

import (
	"time"

	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// StepClock is the simulator's manual clock as a wait (engine/wait, --wait, ensure) sees it:
// each sleep the wait asks for is handed to Drive, which advances the clock by that much.
// Nothing depends on wall time. Use it as the wait's Options.Clock, with the same ManualClock
// given to the simulator (WithManualClock).
type StepClock struct {
	*sim.ManualClock
	sleeps chan time.Duration
}

// NewStepClock returns a StepClock over mc.
func NewStepClock(mc *sim.ManualClock) StepClock {
	return StepClock{ManualClock: mc, sleeps: make(chan time.Duration)}
}

// After reports the sleep to Drive and returns the clock's channel for it.
func (c StepClock) After(d time.Duration) <-chan time.Time {
	ch := wait.AfterFuncClock(c.ManualClock).After(d)
	c.sleeps <- d
	return ch
}

// Drive runs f on its own goroutine and advances the clock by each sleep f asks for until f
// returns; it returns the total simulated time slept and f's error.
func (c StepClock) Drive(f func() error) (time.Duration, error) {
	done := make(chan error, 1)
	go func() { done <- f() }()
	var slept time.Duration
	for {
		select {
		case err := <-done:
			return slept, err
		case d := <-c.sleeps:
			slept += d
			c.Advance(d)
		}
	}
}
