package term

import (
	"syscall"
	"unsafe"
)

// echoOff turns the echo of terminal fd off and returns the function that restores it. Done
// before the password prompt is shown, so that nothing typed after the prompt appears, however
// fast (a paste), is echoed.
func echoOff(fd uintptr) (restore func(), err error) {
	var old syscall.Termios
	if err := termios(fd, syscall.TCGETS, &old); err != nil {
		return nil, err
	}
	quiet := old
	quiet.Lflag &^= syscall.ECHO
	quiet.Lflag |= syscall.ICANON | syscall.ISIG
	quiet.Iflag |= syscall.ICRNL
	if err := termios(fd, syscall.TCSETS, &quiet); err != nil {
		return nil, err
	}
	return func() { _ = termios(fd, syscall.TCSETS, &old) }, nil
}

func termios(fd, req uintptr, t *syscall.Termios) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(t))); e != 0 {
		return e
	}
	return nil
}
