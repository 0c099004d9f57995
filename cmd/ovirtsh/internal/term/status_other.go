//go:build !linux

package term

import "os"

// Width returns 0: the width of a terminal is only read on Linux.
func Width(*os.File) int { return 0 }
