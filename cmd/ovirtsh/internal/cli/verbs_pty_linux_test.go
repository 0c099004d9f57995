package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// openPTY returns the two ends of a new pseudo-terminal, or skips the test where there is none.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close(); _ = s.Close() })
	return m, s
}

// TestWaitStatusOnATerminal: with stderr on a terminal, --wait rewrites one status line in place
// and leaves the final state ("up", no "done") on its own line; stdout (a pipe) gets no escape.
func TestWaitStatusOnATerminal(t *testing.T) {
	master, slave := openPTY(t)
	got := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, master) // until the slave is closed (EIO)
		got <- b.String()
	}()
	srv := startSim(t, sim.Options{Clock: sim.NewFastClock(100)})
	r := mainEnv(t, context.Background(), simVars(t, srv, sim.DefaultPassword), "", func(e *Env) { e.Stderr = slave },
		"action", "vm", "vm2", "start", "--wait")
	require.Equal(t, session.ExitOK, r.code)
	require.NoError(t, slave.Close())
	out := <-got
	assert.Contains(t, out, "\r", "the line is rewritten in place")
	assert.Contains(t, out, "\x1b[K")
	assert.Regexp(t, `\rvm vm2: up \(\d+(\.\d+)?s\)\x1b\[K\r?\n$`, out)
	assert.NotContains(t, r.stdout, "\x1b")
	assert.False(t, strings.Contains(out, "\n\n"), out)
}
