package luabind_test

import (
	"bytes"
	"context"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/luabind"
)

func newRuntime(t *testing.T, o luabind.Options) (*luabind.Runtime, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	o.Stdout = &out
	rt, err := luabind.New(context.Background(), o)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	return rt, &out
}

// TestHugeStringsAreLuaErrors: string.rep("x", 2^40) ended in Go's fatal out-of-memory error,
// which no pcall catches. Results over the cap are Lua errors naming the limit.
func TestHugeStringsAreLuaErrors(t *testing.T) {
	rt, out := newRuntime(t, luabind.Options{})
	require.NoError(t, rt.DoString(t.Context(), `
		print(pcall(string.rep, 'x', 2^40))
		print(pcall(function() return ('x'):rep(2^40) end))
		print(pcall(string.format, '%999999999d', 1))
		print(#string.rep('ab', 3), string.format('%5.1f|%s', 1.25, 'x'), string.rep('x', 0), string.rep('', 2^40))`))
	lines := bytes.Split(bytes.TrimRight(out.Bytes(), "\n"), []byte("\n"))
	require.Len(t, lines, 4)
	for _, l := range lines[:3] {
		assert.Contains(t, string(l), "false")
		assert.Contains(t, string(l), "would be longer than 268435456 bytes")
		assert.Contains(t, string(l), "MaxStringBytes")
	}
	assert.Equal(t, "6\t  1.2|x\t\t", string(lines[3]))

	small, _ := newRuntime(t, luabind.Options{MaxStringBytes: 1000})
	for _, tc := range []struct {
		src string
		ok  bool
	}{
		{`assert(#string.rep('ab', 500) == 1000)`, true},
		{`string.rep('ab', 501)`, false},
		{`string.format('%1001s', 'x')`, false},
		{`string.format('%s%s', string.rep('x', 500), string.rep('y', 500))`, false},
		{`local t = {} for i = 1, 100 do t[i] = '123456789' end assert(#table.concat(t, ',') == 999)`, true},
		{`local t = {} for i = 1, 112 do t[i] = '123456789' end table.concat(t)`, false},
	} {
		err := small.DoString(t.Context(), tc.src)
		if tc.ok {
			assert.NoError(t, err, tc.src)
			continue
		}
		var e *luabind.Error
		require.ErrorAs(t, err, &e, tc.src)
		assert.Equal(t, luabind.KindUsage, e.Kind)
		assert.Contains(t, e.Message, "longer than 1000 bytes", tc.src)
	}
}

// TestLargeTables: table.concat of more than ~5,000 items failed with "registry overflow".
func TestLargeTables(t *testing.T) {
	rt, out := newRuntime(t, luabind.Options{})
	require.NoError(t, rt.DoString(t.Context(), `
		local t = {}
		for i = 1, 100000 do t[#t + 1] = 'vm' .. i end
		local n = 0
		for i, v in ipairs(t) do n = n + 1 end
		local line = table.concat(t, ',')
		print(n, #line, line:sub(1, 11), table.concat(t, '', 99999), table.concat({1, 2.5, 'x'}, '-'))
		print(select('#', unpack(t)), (select(100000, unpack(t))))
		table.sort(t)
		print(t[1], t[100000])
		table.sort(t, function(a, b) return a > b end)
		print(t[1])
		print(pcall(table.concat, {1, {}, 3}))`))
	assert.Equal(t, "100000\t788894\tvm1,vm2,vm3\tvm99999vm100000\t1-2.5-x\n"+
		"100000\tvm100000\n"+
		"vm1\tvm99999\n"+
		"vm99999\n", out.String()[:strings.LastIndex(out.String(), "false")])
	assert.Contains(t, out.String(), "invalid value (table) at index 2 in table for concat")
}

// TestMemoryLimitStopsTheChunk: a '..' in a loop grows past any string cap; MemoryLimit stops
// the chunk with an error wrapping ErrMemoryLimit (pcall does not keep it running).
func TestMemoryLimitStopsTheChunk(t *testing.T) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	rt, _ := newRuntime(t, luabind.Options{MemoryLimit: sample[0].Value.Uint64() + 128<<20})
	err := rt.DoString(t.Context(), `
		local t = {}
		while true do
			pcall(function() t[#t + 1] = string.rep('x', 2^20) .. #t end)
		end`)
	require.ErrorIs(t, err, luabind.ErrMemoryLimit)
	assert.Contains(t, err.Error(), "luabind.Options.MemoryLimit")
	require.NoError(t, rt.DoString(t.Context(), `x = 1`), "the runtime still works")
}
