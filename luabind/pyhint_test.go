package luabind

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/luabind/luabindtest"
)

func TestPythonHabitsGetHints(t *testing.T) {
	cases := luabindtest.PythonHabits()
	require.NotEmpty(t, cases)
	for _, c := range cases {
		t.Run(c.Chunk, func(t *testing.T) {
			rt, err := New(context.Background(), Options{Stdout: io.Discard})
			require.NoError(t, err)
			defer rt.Close()
			_, err = rt.Run(context.Background(), "habit.lua", c.Chunk)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.Want)
			assert.Equal(t, 1, strings.Count(err.Error(), "hint:")+strings.Count(err.Error(), "is Python;"),
				"one hint, not two: %s", err)
		})
	}
}

func TestPythonHintLeavesLuaAlone(t *testing.T) {
	for _, src := range []string{
		"print('a // b', \"x != y\") -- 2**3 and for vm in vms:",
		"local t = {[0]=1}; return t[0] + 1",
		"local s = [[\nfor vm in vms:\nx = types.Vm(name='x')\n]]",
		"--[==[ if x != y: ]==] local a = 1",
		"local None = 1; return None", // a script's own global named like Python's is its own
	} {
		rt, err := New(context.Background(), Options{Stdout: io.Discard})
		require.NoError(t, err)
		_, err = rt.Run(context.Background(), "lua.lua", src)
		assert.NoError(t, err, src)
		rt.Close()
	}
	// An error that has nothing Pythonic about it gets no hint.
	for _, c := range []struct{ src, msg string }{
		{"local x = = 1", "lua.lua:1: syntax error near '='"},
		{"local t = nil; return t.x", "lua.lua:1: attempt to index a non-table object(nil) with key 'x'"},
		{"error('boom')", "lua.lua:1: boom"},
	} {
		hint, _ := PythonHint(c.src, c.msg, strings.Contains(c.msg, "syntax"))
		assert.Empty(t, hint, c.src)
	}
}

func TestPythonBlockHeaderIsNotIncomplete(t *testing.T) {
	hint, block := PythonHint("for vm in vms:\n  print(vm)\n", "stdin: syntax error at the end of the input", true)
	assert.Contains(t, hint, "ipairs(vms)")
	assert.True(t, block)
	_, block = PythonHint("for _, vm in ipairs(vms) do\n", "stdin: syntax error at the end of the input", true)
	assert.False(t, block)
}
