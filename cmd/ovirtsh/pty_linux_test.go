package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// ptyProc is a process whose stdin, stdout and stderr are a pseudo-terminal it controls, so that
// Ctrl-C typed on it is a SIGINT and readline sees a real terminal.
type ptyProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	master *os.File
	mu     sync.Mutex
	grew   *sync.Cond // on mu: broadcast when out grows, the terminal closes or a wait times out
	out    bytes.Buffer
	closed bool
	done   chan struct{}
}

// openPTY returns the master and slave ends of a new pseudo-terminal of 40x120.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	var unlock int32
	ioctl(t, m, syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
	var n uint32
	ioctl(t, m, syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n)))
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	ws := [4]uint16{40, 120, 0, 0}
	ioctl(t, s, syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws)))
	return m, s
}

func ioctl(t *testing.T, f *os.File, req, arg uintptr) {
	t.Helper()
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, arg); e != 0 {
		t.Fatalf("ioctl %#x: %v", req, e)
	}
}

// startPTY runs the command on a new terminal.
func startPTY(t *testing.T, cmd *exec.Cmd) *ptyProc {
	t.Helper()
	m, s := openPTY(t)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s, s, s
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	_ = s.Close()
	p := &ptyProc{t: t, cmd: cmd, master: m, done: make(chan struct{})}
	p.grew = sync.NewCond(&p.mu)
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := m.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.closed = err != nil
			p.grew.Broadcast()
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = m.Close()
	})
	return p
}

// send types s on the terminal.
func (p *ptyProc) send(s string) {
	p.t.Helper()
	_, err := p.master.WriteString(s)
	require.NoError(p.t, err)
}

// hang bounds the waits of expect and wait, which wake on what they wait for: it only turns a
// test that would hang into a failure, so it is generous for loaded machines.
const hang = 2 * time.Minute

// expect waits until the output after mark contains want, and returns the new mark.
func (p *ptyProc) expect(mark int, want string) int {
	p.t.Helper()
	timedOut := false
	timer := time.AfterFunc(hang, func() {
		p.mu.Lock()
		timedOut = true
		p.grew.Broadcast()
		p.mu.Unlock()
	})
	defer timer.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		out := p.out.String()
		if i := strings.Index(out[mark:], want); i >= 0 {
			return mark + i + len(want)
		}
		if timedOut || p.closed {
			p.t.Fatalf("waiting for %q: the terminal closed or %v passed; output so far:\n%q", want, hang, out[mark:])
		}
		p.grew.Wait()
	}
}

// output returns everything written so far.
func (p *ptyProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// wait waits for the process to exit and returns its exit code.
func (p *ptyProc) wait() int {
	p.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- p.cmd.Wait() }()
	select {
	case err := <-errc:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		require.NoError(p.t, err)
		return 0
	case <-time.After(hang):
		p.t.Fatalf("the process did not exit; output:\n%q", p.output())
		return -1
	}
}
