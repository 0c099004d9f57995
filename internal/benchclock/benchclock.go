// Package benchclock times workloads for benchmarks that compare several of them in one run on
// a machine shared with other work. Wall time there counts the time spent waiting for a core,
// which differs between the workloads by chance; the CPU time of the thread the benchmark's
// goroutine is locked to does not (it leaves out work on other threads: the garbage collector's
// background marking, a server's goroutines). Benchmarks report both.
package benchclock

import (
	"runtime"
	"time"
)

// Clock times the work of the goroutine that started it, locked to its OS thread until Stop.
type Clock struct{ cpu bool }

// Times is the wall time and the CPU time of the timed work; CPU is zero where the system does
// not tell a thread's CPU time.
type Times struct{ Wall, CPU time.Duration }

// Start locks the calling goroutine to its thread and returns a clock for it. Call Stop from
// the same goroutine when done.
func Start() *Clock {
	runtime.LockOSThread()
	_, ok := threadCPU()
	return &Clock{cpu: ok}
}

// Time runs f and adds its wall and CPU time to t.
func (c *Clock) Time(t *Times, f func()) {
	var cpu0 time.Duration
	if c.cpu {
		cpu0, _ = threadCPU()
	}
	start := time.Now()
	f()
	t.Wall += time.Since(start)
	if c.cpu {
		cpu1, _ := threadCPU()
		t.CPU += cpu1 - cpu0
	}
}

// Stop unlocks the goroutine from its thread.
func (c *Clock) Stop() { runtime.UnlockOSThread() }

// Ratio is how many times faster a ran than b (b's time over a's), in wall and CPU time; the
// CPU ratio is 0 where CPU time is not known.
func Ratio(a, b Times) (wall, cpu float64) {
	wall = float64(b.Wall) / float64(a.Wall)
	if a.CPU > 0 {
		cpu = float64(b.CPU) / float64(a.CPU)
	}
	return wall, cpu
}
