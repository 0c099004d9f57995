package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestREPLCompletesNames types ovirt.get('vms/ and Tab on a terminal and sees the VMs' names,
// then a name a chunk added.
func TestREPLCompletesNames(t *testing.T) {
	needBinary(t)
	p := startPTY(t, command(t, simInProcess(t, sim.Options{})))
	const prompt = "admin@internal@127.0.0.1> "
	m := p.expect(0, prompt)
	p.send("conn:url()\r") // names come once connected: Tab never opens the connection
	m = p.expect(m, "/ovirt-engine/api")
	m = p.expect(m, prompt)

	p.send("ovirt.get('vms/")
	m = p.expect(m, "ovirt.get('vms/")
	m = tabUntil(t, p, m, "vm#") // Tab inserted "vm", the prefix of vm1 and vm2
	p.send("\x7f\t")             // erase the marker; Tab lists the candidates
	m = p.expect(m, "vm1")
	m = p.expect(m, "vm2")
	p.send("1').name\r")
	m = p.expect(m, "\r\nvm1\r\n")
	m = p.expect(m, prompt)

	// A VM a chunk adds is offered after it: the chunk made the cached list stale.
	p.send("system:vms_service():add(types.Vm{name='web9', cluster={name='Default'}, template={name='Blank'}}).name\r")
	m = p.expect(m, "\r\nweb9\r\n")
	m = p.expect(m, prompt)
	p.send("ovirt.get('vms/we")
	m = p.expect(m, "ovirt.get('vms/we")
	m = tabUntil(t, p, m, "b9#")
	p.send("\x7f').name\r")
	m = p.expect(m, "\r\nweb9\r\n")
	p.expect(m, prompt)
	p.send("\x04")
	assert.Equal(t, 0, p.wait())
}

// tabUntil presses Tab until its completion shows want: each time it types a marker '#' whose
// echo says the Tab was handled, and erases it when want is not there yet. The first Tab may
// come before the names are fetched (it never waits long for them). It returns the mark after
// the Tab that worked, whose marker is still on the line.
func tabUntil(t *testing.T, p *ptyProc, m int, want string) int {
	t.Helper()
	deadline := time.Now().Add(hang)
	for {
		p.send("\t#")
		next := p.expect(m, "#")
		if strings.Contains(p.output()[m:next], want) {
			return next
		}
		require.True(t, time.Now().Before(deadline), "no %q after %v; output:\n%q", want, hang, p.output())
		p.send("\x7f") // erase the marker
		m = next
	}
}
