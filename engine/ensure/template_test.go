package ensure_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

func TestTemplate(t *testing.T) {
	clock := newSignalClock()
	e := start(t, enginetest.WithManualClock(clock.ManualClock))
	o := ensure.Options{Clock: clock, PollInterval: time.Second}
	e.must("cluster", ensure.Spec{"name": "c2", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}}, o)
	create := ensure.Spec{"name": "tpl", "vm": "vm2", "description": "from vm2"}

	r, writes := e.must("template", create, ensure.Options{Check: true})
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)

	res := clock.drive(e.background("template", create, o))
	require.NoError(t, res.err)
	assert.Equal(t, types.TemplateStatusOk, res.r.Object.(*types.Template).GetStatus(), "the add waited for the disks")
	e.noop("template", create)

	e.changes("template", []change{
		{"scalar", ensure.Spec{"name": "tpl", "description": "golden", "memory": "3GiB"}, []string{"description", "memory"}},
		{"nested", ensure.Spec{"name": "tpl", "cpu": map[string]any{"topology": map[string]any{"cores": int64(2)}}}, []string{"cpu.topology.cores"}},
		{"reference", ensure.Spec{"name": "tpl", "cluster": "c2", "os": map[string]any{"type": "other_linux"}}, []string{"cluster", "os.type"}},
	}, o)
	r, _ = e.must("template", ensure.Spec{"name": "tpl", "memory": "4GiB"}, ensure.Options{Check: true})
	assert.Equal(t, ensure.Change{From: int64(3 << 30), To: int64(4 << 30)}, r.Diff["memory"])

	e.exportRoundTrip("template", "name=tpl")
	e.removes("template", ensure.Spec{"name": "tpl", "state": "absent"}, o)
}

func TestTemplateWaitTimeout(t *testing.T) {
	clock := newSignalClock()
	e := start(t, enginetest.WithManualClock(clock.ManualClock))
	done := e.background("template", ensure.Spec{"name": "slow", "vm": "vm2"},
		ensure.Options{Clock: clock, Timeout: time.Second, PollInterval: 600 * time.Millisecond})
	// The disks take longer to copy than the timeout: the wait gives up at its deadline.
	assert.Equal(t, 600*time.Millisecond, <-clock.scheduled)
	clock.Advance(600 * time.Millisecond)
	assert.Equal(t, 400*time.Millisecond, <-clock.scheduled)
	clock.Advance(400 * time.Millisecond)
	res := <-done
	var we *wait.Error
	require.ErrorAs(t, res.err, &we)
	assert.Equal(t, wait.Timeout, we.Reason)
	assert.EqualError(t, res.err, "template slow: wait: timed out after 1s waiting for template 'slow' to be 'ok'; last status: 'locked'")
	assert.Equal(t, []string{"add"}, res.r.Actions, "the result says what was done")
	assert.Equal(t, types.TemplateStatusLocked, res.r.Object.(*types.Template).GetStatus())

	// Declaring it again waits for it (still locked) to be usable, and sends nothing.
	before := e.log.Len()
	res = clock.drive(e.background("template", ensure.Spec{"name": "slow", "vm": "vm2"},
		ensure.Options{Clock: clock, PollInterval: 600 * time.Millisecond}))
	require.NoError(t, res.err)
	assert.Equal(t, "none", res.r.Op)
	assert.Equal(t, types.TemplateStatusOk, res.r.Object.(*types.Template).GetStatus())
	for _, q := range e.log.Requests()[before:] {
		assert.Equal(t, "GET", q.Method)
	}
}

func TestTemplateNeedsVM(t *testing.T) {
	e := start(t)
	for _, check := range []bool{true, false} {
		_, writes, err := e.ensure("template", ensure.Spec{"name": "t2"}, ensure.Options{Check: check})
		require.EqualError(t, err, "template t2: vm is required to add a template: the name or id of the (down) VM to make it from")
		assert.Empty(t, writes)
	}
	_, _, err := e.ensure("template", ensure.Spec{"name": "t2", "vm": "vm9"}, ensure.Options{Check: true})
	require.ErrorContains(t, err, "template t2: vm: no VM named 'vm9' in vms")
	k, err := ensure.Lookup("template")
	require.NoError(t, err)
	assert.Equal(t, []ensure.Ref{{Kind: "cluster", Name: "Default"}, {Kind: "vm", Name: "vm2"}},
		k.Refs(ensure.Spec{"name": "t", "vm": "vm2", "cluster": "Default"}))
}
