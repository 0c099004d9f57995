package benchclock

import (
	"syscall"
	"time"
)

// rusageThread is RUSAGE_THREAD: getrusage for the calling thread only.
const rusageThread = 1

// threadCPU returns the user and system time of the calling thread.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
