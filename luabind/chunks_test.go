package luabind

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

func TestExplain(t *testing.T) {
	rt := newBare(t)
	for _, tc := range []struct {
		name, src, want    string
		syntax, incomplete bool
		kind               string // of the *Error cause, "" for none
		traceback          bool
	}{
		{name: "open block", src: "if x then", want: "c: syntax error at the end of the input", syntax: true, incomplete: true},
		{name: "unterminated string", src: "x = 'abc", want: "c: unterminated string at the end of the input", syntax: true},
		{name: "bad token", src: "x = = 1", want: "c:1: syntax error near '='", syntax: true},
		{name: "error string", src: "\nerror('boom')", want: "c:2: boom", traceback: true},
		{name: "error table", src: "error({})", want: "(error object is a table value)", traceback: true},
		{name: "binding error", src: "require('ovirt').types.Vm{memroy=1}", want: "c:1: Vm has no member 'memroy'; did you mean 'memory'?", kind: KindUsage, traceback: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := rt.Compile("c", tc.src)
			if err == nil {
				_, err = rt.Call(t.Context(), c)
			}
			require.Error(t, err)
			f := rt.Explain(err)
			assert.Equal(t, tc.want, f.Message)
			assert.Equal(t, tc.syntax, f.Syntax)
			assert.Equal(t, tc.incomplete, f.Incomplete)
			assert.False(t, f.File)
			assert.Equal(t, tc.traceback, f.Traceback != "", f.Traceback)
			if tc.kind != "" {
				var e *Error
				require.ErrorAs(t, f.Cause, &e)
				assert.Equal(t, tc.kind, e.Kind)
			}
		})
	}
	_, err := rt.CompileFile(filepath.Join(t.TempDir(), "missing.lua"))
	require.Error(t, err)
	assert.True(t, rt.Explain(err).File)
}

func TestCallArgs(t *testing.T) {
	rt := newBare(t)
	p := filepath.Join(t.TempDir(), "s.lua")
	require.NoError(t, os.WriteFile(p, []byte("#!/usr/bin/env ovirtsh\nreturn arg[0], arg[1], select('#', ...), ...\n"), 0o600))
	rt.SetScriptArgs("ovirtsh", p, []string{"one", "two"})
	c, err := rt.CompileFile(p)
	require.NoError(t, err)
	vals, err := rt.Call(t.Context(), c, "one", "two")
	require.NoError(t, err)
	var got []any
	for _, v := range vals {
		got = append(got, rt.Value(v))
	}
	assert.Equal(t, []any{p, "one", int64(2), "one", "two"}, got)

	ctx, cancel := context.WithCancel(t.Context())
	rt.SetFunc("cancel_me", func(context.Context, []lua.LValue) ([]lua.LValue, error) { cancel(); return nil, nil })
	c, err = rt.Compile("loop", "cancel_me(); while true do end")
	require.NoError(t, err)
	_, err = rt.Call(ctx, c)
	require.Error(t, err)
	assert.ErrorContains(t, err, "context canceled")
	vals, err = rt.Call(t.Context(), mustCompile(t, rt, "return 42"))
	require.NoError(t, err)
	assert.Equal(t, int64(42), rt.Value(vals[0]), "the state works again")
}

func mustCompile(t *testing.T, rt *Runtime, src string) *Chunk {
	t.Helper()
	c, err := rt.Compile("c", src)
	require.NoError(t, err)
	return c
}
