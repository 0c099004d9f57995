package sim

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestManualClockRunsTimersInOrder(t *testing.T) {
	c := NewManualClock(time.Time{})
	start := c.Now()
	var got []string
	c.AfterFunc(2*time.Second, func() { got = append(got, "b") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "a")
		// scheduled from a timer, still inside the window: runs in this Advance
		c.AfterFunc(500*time.Millisecond, func() { got = append(got, "a2") })
	})
	c.AfterFunc(2*time.Second, func() { got = append(got, "c") })
	cancel := c.AfterFunc(3*time.Second, func() { got = append(got, "cancelled") })
	require.True(t, cancel())
	require.False(t, cancel())

	c.Advance(1500 * time.Millisecond)
	assert.Equal(t, []string{"a", "a2"}, got)
	c.Advance(10 * time.Second)
	assert.Equal(t, []string{"a", "a2", "b", "c"}, got)
	assert.Equal(t, start.Add(11500*time.Millisecond), c.Now())
	assert.Zero(t, c.Pending())
}

func TestManualClockTimerSeesItsDueTime(t *testing.T) {
	c := NewManualClock(time.Time{})
	start := c.Now()
	var at time.Time
	c.AfterFunc(time.Second, func() { at = c.Now() })
	c.Advance(time.Minute)
	assert.Equal(t, start.Add(time.Second), at)
}

func TestManualClockSleepWaitsForAdvance(t *testing.T) {
	c := NewManualClock(time.Time{})
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.Sleep(time.Second)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("Sleep returned before Advance")
	case <-time.After(20 * time.Millisecond):
	}
	c.Advance(time.Second)
	wg.Wait()
}

func TestFastClockScalesDelays(t *testing.T) {
	c := NewFastClock(1000)
	fired := make(chan struct{})
	start := time.Now()
	c.AfterFunc(2*time.Second, func() { close(fired) })
	select {
	case <-fired:
	case <-time.After(time.Second):
		t.Fatal("fast clock timer did not fire")
	}
	assert.Less(t, time.Since(start), time.Second)
}
