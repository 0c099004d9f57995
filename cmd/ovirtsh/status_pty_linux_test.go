package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWaitStatusLineOnATerminal starts a VM with --wait on a terminal: the status line is
// rewritten in place (carriage return, erase to the end of the line) until the final line,
// which stays.
func TestWaitStatusLineOnATerminal(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t)
	p := startPTY(t, command(t, vars, "action", "vm", "vm2", "start", "--wait"))
	first := p.expect(0, "\r⠙ vm vm2: ")
	p.expect(first, "\x1b[K")
	last := p.expect(first, "\rvm vm2: up (")
	p.expect(last, "\x1b[K\r\n")
	require.Equal(t, 0, p.wait())
	out := p.output()
	live := out[first:last]
	assert.NotContains(t, live, "\n", "the live line is rewritten, not followed by new lines: %q", live)
	assert.GreaterOrEqual(t, strings.Count(live, "\x1b[K"), 1, "%q", live)
	assert.Regexp(t, `\rvm vm2: up \(\d+s\)\x1b\[K\r\n$`, out)
}

// TestWaitStatusLinesOffATerminal: piped, each status is a plain line.
func TestWaitStatusLinesOffATerminal(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t)
	out, err := command(t, vars, "action", "vm", "vm2", "start", "--wait").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.NotContains(t, string(out), "\r")
	assert.NotContains(t, string(out), "\x1b")
	assert.Regexp(t, `(?m)^vm vm2: wait_for_launch \(\d+s\)$`, string(out))
	assert.Regexp(t, `(?m)^vm vm2: up \(\d+s\)\n$`, string(out))
}
