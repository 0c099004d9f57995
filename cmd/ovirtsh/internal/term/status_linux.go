package term

import (
	"os"
	"syscall"
	"unsafe"
)

// Width returns the number of columns of the terminal f, or 0 when f is not a terminal.
func Width(f *os.File) int {
	var ws [4]uint16 // rows, columns, x pixels, y pixels
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
		return 0
	}
	return int(ws[1])
}
