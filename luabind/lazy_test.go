package luabind

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

func TestLazy(t *testing.T) {
	rt, _, out := newTest(t)
	calls := 0
	fail := errors.New("engine down")
	var failing bool
	stand := rt.Lazy("c", func() string { return "c (made on first use)" }, func(ctx context.Context) (lua.LValue, error) {
		calls++
		if failing {
			return nil, fail
		}
		vals, err := rt.Run(ctx, "make", `return {n = 7, get = function(self) return self.n end}`)
		if err != nil {
			return nil, err
		}
		return vals[0], nil
	})
	rt.SetGlobal("c", stand)
	run(t, rt, `print(tostring(c)); saved = c`)
	assert.Equal(t, 0, calls, "tostring does not resolve")

	failing = true
	err := rt.DoString(t.Context(), "\nreturn c.n")
	assert.ErrorIs(t, err, fail)
	assert.ErrorContains(t, err, "<string>:2: engine down")
	assert.Equal(t, stand, rt.GlobalValue("c"), "a failure leaves the stand-in")

	failing = false
	run(t, rt, `print(saved.n, saved:get(), c:get(), rawequal(c, saved))`)
	assert.Equal(t, 2, calls, "made once it succeeds")
	assert.Equal(t, "c (made on first use)\n7\t7\t7\tfalse\n", out.String())
	real, err := rt.Resolve(t.Context(), stand)
	require.NoError(t, err)
	assert.Equal(t, rt.GlobalValue("c"), real)
	same, err := rt.Resolve(t.Context(), lua.LNumber(1))
	require.NoError(t, err)
	assert.Equal(t, lua.LNumber(1), same)

	vals, err := rt.CallMethod(t.Context(), real, "get")
	require.NoError(t, err)
	assert.Equal(t, []lua.LValue{lua.LNumber(7)}, vals)
	_, err = rt.CallMethod(t.Context(), real, "nope")
	assert.ErrorContains(t, err, "has no method nope")
}
