//go:build !linux

package benchclock

import "time"

// threadCPU is not available: the clock reads wall time.
func threadCPU() (time.Duration, bool) { return 0, false }
