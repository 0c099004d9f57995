package benchclock

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestClockCountsWorkNotWaiting: work advances both times, sleeping only the wall time (on
// Linux, where the thread's CPU time is read).
func TestClockCountsWorkNotWaiting(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("thread CPU time is read on Linux only")
	}
	c := Start()
	defer c.Stop()
	var work, sleep Times
	c.Time(&work, func() {
		deadline := time.Now().Add(20 * time.Millisecond)
		for time.Now().Before(deadline) {
		}
	})
	c.Time(&sleep, func() { time.Sleep(50 * time.Millisecond) })
	assert.GreaterOrEqual(t, work.Wall, 20*time.Millisecond)
	assert.Positive(t, work.CPU)
	assert.GreaterOrEqual(t, sleep.Wall, 50*time.Millisecond)
	assert.Less(t, sleep.CPU, 25*time.Millisecond, "sleeping takes no CPU time")
	_, cpu := Ratio(work, sleep)
	assert.Less(t, cpu, 1.0, "the work took more CPU time than the sleep")
}
