package luabind

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

// newCleanupTest returns a runtime whose scripts log what ran with done('x') into the Lua
// table log, and its stderr.
func newCleanupTest(t *testing.T) (*Runtime, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	rt, err := New(context.Background(), Options{Stdout: &bytes.Buffer{}, Stderr: &stderr})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	_, err = rt.Run(context.Background(), "setup", `ovirt = require('ovirt'); log = {}; function done(x) log[#log+1] = x end`)
	require.NoError(t, err)
	return rt, &stderr
}

func logOf(t *testing.T, rt *Runtime) string {
	t.Helper()
	v, err := rt.Run(context.Background(), "log", `return table.concat(log, ' ')`)
	require.NoError(t, err)
	return v[0].String()
}

func TestScopeUndoesLastFirst(t *testing.T) {
	tests := []struct {
		name, src, err, log, stderr string
	}{
		{name: "success returns the results after undoing",
			src: `local a, b = ovirt.scope(function(x)
				ovirt.cleanup(function() done('undo1') end, 'first')
				ovirt.cleanup(function() done('undo2') end, 'second')
				done('body'); return x, 'b'
			end, 'a'); done(a .. b)`,
			log: "body undo2 undo1 ab"},
		{name: "a failing body is raised again after its steps ran",
			src: `ovirt.scope(function()
				ovirt.cleanup(function() done('undo') end)
				error('body failed')
			end)`,
			err: "s.lua:3: body failed", log: "undo"},
		{name: "a failing step does not stop the others and is raised",
			src: `ovirt.scope(function()
				ovirt.cleanup(function() done('undo1') end)
				ovirt.cleanup(function() error('no luck') end, 'remove web1')
				ovirt.cleanup(function() done('undo3') end)
			end)`,
			err: "remove web1 (registered at s.lua:3) failed: no luck", log: "undo3 undo1"},
		{name: "a failing step after a failing body is reported, the body's error raised",
			src: `ovirt.scope(function()
				ovirt.cleanup(function() error('no luck') end, 'remove web1')
				error('body failed')
			end)`,
			err: "body failed", stderr: "remove web1 (registered at s.lua:2) failed", log: ""},
		{name: "a dismissed step does not run",
			src: `ovirt.scope(function()
				local keep = ovirt.cleanup(function() done('undo') end)
				keep()
			end); done('after')`,
			log: "after"},
		{name: "nested scopes undo their own steps",
			src: `ovirt.scope(function()
				ovirt.cleanup(function() done('outer') end)
				ovirt.scope(function() ovirt.cleanup(function() done('inner') end) end)
				done('between')
			end)`,
			log: "inner between outer"},
		{name: "upvalues survive a failing body",
			src: `local n = 0
			pcall(ovirt.scope, function() ovirt.cleanup(function() n = n + 1 end); n = n + 1; error('x') end)
			done(tostring(n))`,
			log: "2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt, stderr := newCleanupTest(t)
			_, err := rt.Run(context.Background(), "s.lua", tc.src)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.log, logOf(t, rt))
			if tc.stderr != "" {
				assert.Contains(t, stderr.String(), tc.stderr)
			}
		})
	}
}

func TestCleanupRunsWhenTheScriptEnds(t *testing.T) {
	rt, stderr := newCleanupTest(t)
	_, err := rt.Run(context.Background(), "s.lua", `
		ovirt.cleanup(function() done('undo1') end)
		ovirt.cleanup(function() error('gone already') end, 'remove disk')
		ovirt.cleanup(function() error('refused') end, 'remove vm')
		ovirt.cleanup(function() done('undo4') end)
		error('the script failed')`)
	require.Error(t, err)
	assert.Equal(t, "", logOf(t, rt), "nothing is undone before Cleanup")
	err = rt.Cleanup(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "remove vm (registered at s.lua:4) failed: refused (and 1 more cleanup steps failed)")
	assert.Contains(t, stderr.String(), "remove disk (registered at s.lua:3) failed: gone already")
	assert.Equal(t, "undo4 undo1", logOf(t, rt))
	require.NoError(t, rt.Cleanup(context.Background()), "the steps ran once")
}

// A Ctrl-C stops the script; its scope's steps and the script's steps still run.
func TestCleanupAfterCancel(t *testing.T) {
	rt, _ := newCleanupTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	rt.Register("stop_me", func(L *lua.LState) int { cancel(); return 0 })
	_, err := rt.Run(ctx, "s.lua", `
		ovirt.cleanup(function() ovirt.sleep(0); done('script') end)
		ovirt.scope(function()
			ovirt.cleanup(function() ovirt.sleep(0); done('scope') end)
			stop_me()
			while true do end
		end)`)
	require.Error(t, err)
	var le *Error
	require.True(t, errors.As(err, &le))
	assert.Equal(t, KindCanceled, le.Kind, err.Error())
	assert.Equal(t, "scope", logOf(t, rt))
	require.NoError(t, rt.Cleanup(context.Background()))
	assert.Equal(t, "scope script", logOf(t, rt))
}
