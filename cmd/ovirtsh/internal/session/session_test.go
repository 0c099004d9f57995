package session

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

func newSession(t *testing.T, opts Options) (*Session, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	opts.Stdout = &out
	s, err := New(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s, &out
}

// simConnector starts a simulator and returns a Connect function logging in with password.
func simConnector(t *testing.T, password string, calls *int) func(context.Context) (*engine.Connection, error) {
	t.Helper()
	srv, err := sim.Start(context.Background(), sim.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	user, _ := srv.Credentials()
	return func(ctx context.Context) (*engine.Connection, error) {
		*calls++
		return engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: password, CACerts: srv.CACertPEM()})
	}
}

func TestRunResultsAndErrors(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		wantOut    string
		wantCode   int
		wantMsg    string
		incomplete bool
		traceback  bool
	}{
		{name: "values", src: "return 1+1, 'x', nil, true", wantOut: "2\tx\tnil\ttrue\n"},
		{name: "table", src: "return {b=1, a={2, 'q'}}", wantOut: "table\n  a: table\n    [1] 2\n    [2] q\n  b: 1\n"},
		{name: "no values", src: "local x = 1"},
		{name: "runtime error has file:line", src: "\nlocal t = nil\nreturn t.x",
			wantCode: ExitScript, wantMsg: "chunk.lua:3: attempt to index a non-table object(nil) with key 'x'"},
		{name: "error in a function has a traceback", src: "local function f()\n  error('deep')\nend\nf()",
			wantCode: ExitScript, wantMsg: "chunk.lua:2: deep", traceback: true},
		{name: "error() with a table", src: "error({code=1})", wantCode: ExitScript, wantMsg: "(error object is a table value)"},
		{name: "syntax error", src: "x = = 1", wantCode: ExitScript, wantMsg: "chunk.lua:1: syntax error near '='"},
		{name: "incomplete block", src: "for i = 1, 2 do", wantCode: ExitScript, wantMsg: "at the end of the input", incomplete: true},
		{name: "incomplete call", src: "print(1,", wantCode: ExitScript, incomplete: true},
		{name: "incomplete long string", src: "x = [[abc", wantCode: ExitScript, incomplete: true},
		{name: "unfinished short string is not incomplete", src: "x = 'abc", wantCode: ExitScript},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out := newSession(t, Options{})
			vals, err := s.Run(context.Background(), "chunk.lua", tt.src)
			if tt.wantCode == ExitOK {
				require.NoError(t, err)
				require.NoError(t, s.PrintResults(vals))
				assert.Contains(t, out.String(), tt.wantOut)
				assert.Equal(t, 0, s.State().GetTop(), "results are popped")
				return
			}
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.wantCode, se.Code)
			assert.Equal(t, tt.wantCode, ExitCode(err))
			assert.Contains(t, se.Message, tt.wantMsg)
			assert.Equal(t, tt.incomplete, se.Incomplete, se.Message)
			if tt.traceback {
				assert.Contains(t, se.Traceback, "stack traceback:")
				assert.Contains(t, se.Traceback, "chunk.lua:4: in main chunk")
			} else {
				assert.Empty(t, se.Traceback)
			}
			assert.Equal(t, 0, s.State().GetTop())
		})
	}
}

func TestRunFileArgsAndShebang(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.lua")
	require.NoError(t, os.WriteFile(p, []byte("#!/usr/bin/env ovirtsh\nlocal a, b = ...\nprint(arg[0] == ..., #arg, arg[1], arg[2], a, b)\n"), 0o755))
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	_ = src
	s, out := newSession(t, Options{})
	_, err = s.RunFile(context.Background(), p, []string{"one", "two"})
	require.NoError(t, err)
	assert.Equal(t, "false\t2\tone\ttwo\tone\ttwo\n", out.String())

	_, err = s.RunFile(context.Background(), filepath.Join(t.TempDir(), "missing.lua"), nil)
	assert.Equal(t, ExitUsage, ExitCode(err))
}

func TestCancelStopsTheChunk(t *testing.T) {
	s, _ := newSession(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	// The chunk itself cancels once it runs: no timer that may fire before it starts.
	s.rt.SetFunc("cancel_me", func(context.Context, []Value) ([]Value, error) { cancel(); return nil, nil })
	_, err := s.Run(ctx, "loop", "cancel_me(); while true do end")
	var se *Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, ExitInterrupted, se.Code)
	assert.True(t, strings.HasPrefix(se.Message, "interrupted"), se.Message)
	// The state works again afterwards.
	vals, err := s.Run(context.Background(), "after", "return 42")
	require.NoError(t, err)
	assert.Equal(t, "42", vals[0].String())
}

func TestLazyConnection(t *testing.T) {
	calls := 0
	connect := simConnector(t, sim.DefaultPassword, &calls)
	s, out := newSession(t, Options{Connect: connect, Target: "admin@internal at sim"})
	_, err := s.Run(context.Background(), "a", "print(tostring(conn)); print(conn ~= nil)")
	require.NoError(t, err)
	assert.Equal(t, 0, calls, "printing conn does not connect")
	assert.Contains(t, out.String(), "connection to admin@internal at sim (opened on first use)")
	assert.False(t, s.Connected())

	vals, err := s.Run(context.Background(), "b", "local c = conn; return c:url(), conn:url()")
	require.NoError(t, err)
	require.Len(t, vals, 2)
	assert.Contains(t, vals[0].String(), "/ovirt-engine/api")
	assert.Equal(t, 1, calls)
	assert.True(t, s.Connected())
	assert.NotEqual(t, s.connProxy, s.GlobalValue("conn"), "the global is now the real connection")
}

func TestConnectFailuresMapToExitCodes(t *testing.T) {
	srv, err := sim.Start(context.Background(), sim.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	closed, err := sim.Start(context.Background(), sim.Options{})
	require.NoError(t, err)
	closedURL := closed.URL()
	require.NoError(t, closed.Close())
	tests := []struct {
		name string
		opts engine.Options
		code int
	}{
		{"wrong password", engine.Options{URL: srv.URL(), Username: sim.DefaultUser, Password: "nope", CACerts: srv.CACertPEM()}, ExitAuth},
		{"engine down", engine.Options{URL: closedURL, Username: sim.DefaultUser, Password: "x", CACerts: srv.CACertPEM()}, ExitComm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newSession(t, Options{Connect: func(ctx context.Context) (*engine.Connection, error) {
				return engine.Connect(ctx, tt.opts)
			}})
			_, err := s.Run(context.Background(), "x.lua", "\nreturn conn:url()")
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.code, se.Code, se.Message)
			assert.Contains(t, se.Message, "x.lua:2")
		})
	}
}

func TestPrintJSON(t *testing.T) {
	s, out := newSession(t, Options{JSON: true})
	vals, err := s.Run(context.Background(), "j", "return {name='web', tags={'a','b'}}, 3")
	require.NoError(t, err)
	require.NoError(t, s.PrintResults(vals))
	assert.JSONEq(t, `{"name":"web","tags":["a","b"]}`, strings.TrimSuffix(out.String(), "\n3\n"))
	assert.True(t, strings.HasSuffix(out.String(), "}\n3\n"), out.String())
}

func TestDescribeProxies(t *testing.T) {
	s, _ := newSession(t, Options{})
	d := s.Describe(s.GlobalValue("system"))
	require.NotNil(t, d.Service)
	assert.Equal(t, "System", d.Service.Name)
	assert.Contains(t, s.Describe(s.GlobalValue("conn")).Methods, "url")
	assert.Equal(t, Desc{}, s.Describe(s.GlobalValue("print")))
}

// help and os.exit look at their argument without walking it: _G contains itself.
func TestHelpAndExitTakeAnyValue(t *testing.T) {
	for _, tc := range []struct {
		src, out string
		code     int
	}{
		{src: "help()", out: "Globals"},
		{src: "help()", out: "help(ovirt)   help(ovirt.get)"},
		{src: "help(ovirt)", out: "functions (help(ovirt.NAME) for one)"},
		{src: "help(ovirt.get)", out: "ovirt.get(path) -> object"},
		{src: "help(_G)", out: "no help for table"},
		{src: "help(system)", out: "SystemService"},
		{src: "help(conn)", out: "conn: the connection to test"},
		{src: "os.exit(_G)", code: ExitOK},
		{src: "os.exit(7.9)", code: 7},
		{src: "os.exit(false)", code: ExitScript},
	} {
		t.Run(tc.src, func(t *testing.T) {
			s, out := newSession(t, Options{Target: "test"})
			_, err := s.Run(context.Background(), "h", tc.src)
			assert.Equal(t, tc.code, ExitCode(err))
			assert.Contains(t, out.String(), tc.out)
		})
	}
}
