package repl

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

type result struct {
	stdout, stderr string
	code           int
	history        string
}

// runREPL feeds input to a REPL over pipes against a fresh simulator started with opts.
// interrupt, when set, is called with the channel Run listens on for SIGINT.
func runREPL(t *testing.T, input string, opts sim.Options, interrupt func(chan<- os.Signal)) result {
	t.Helper()
	return runREPLWith(t, input, opts, interrupt, filepath.Join(t.TempDir(), "history"), nil)
}

// runREPLWith is runREPL with the history file at histPath; afterOpen runs once it is open.
func runREPLWith(t *testing.T, input string, opts sim.Options, interrupt func(chan<- os.Signal),
	histPath string, afterOpen func()) result {
	t.Helper()
	srv, err := sim.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	var stdout, stderr bytes.Buffer
	s, err := session.New(context.Background(), session.Options{
		Stdout: &stdout,
		Target: "sim",
		Connect: func(ctx context.Context) (*engine.Connection, error) {
			user, pw := srv.Credentials()
			return engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: pw, CACerts: srv.CACertPEM()})
		},
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	h, err := OpenHistory(histPath, 1000)
	require.NoError(t, err)
	if afterOpen != nil {
		afterOpen()
	}
	ints := make(chan os.Signal, 1)
	if interrupt != nil {
		go interrupt(ints)
	}
	off := false
	code := Run(context.Background(), Options{
		Session:    s,
		Prompt:     "test> ",
		History:    h,
		Interrupts: ints,
		Stderr:     &stderr,
		Editor:     term.Options{Stdin: io.NopCloser(strings.NewReader(input)), Stdout: &stdout, Terminal: &off},
	})
	hist, _ := os.ReadFile(histPath)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code, history: string(hist)}
}

func TestREPL(t *testing.T) {
	tests := []struct {
		name       string
		input      string
		stdout     []string
		stderr     []string
		history    string
		noHistory  bool
		wantStderr bool
	}{
		{name: "expression values are printed", input: "1 + 1\n'a', 2\n=3*3\n", stdout: []string{"2\n", "a\t2\n", "9\n"},
			history: "1 + 1\n'a', 2\n=3*3\n"},
		{name: "statements print nothing", input: "x = 5\nprint(x * 2)\n", stdout: []string{"10\n"}},
		{name: "multi-line chunk is one history entry", input: "for i = 1, 2 do\n  print('i=' .. i)\nend\n",
			stdout: []string{"i=1\ni=2\n"}, history: "for i = 1, 2 do\\n  print('i=' .. i)\\nend\n"},
		{name: "incomplete call continues", input: "print(1,\n2)\n", stdout: []string{"1\t2\n"}},
		{name: "syntax error is reported and the loop goes on", input: "x = = 1\nprint('after')\n",
			stderr: []string{"stdin:1: syntax error near '='"}, stdout: []string{"after\n"}},
		{name: "runtime error has its position", input: "error('boom')\nprint('after')\n",
			stderr: []string{"stdin:1: boom"}, stdout: []string{"after\n"}},
		{name: "error in a function has a traceback", input: "function f() error('deep') end\nlocal r = f()\n",
			stderr: []string{"stdin:1: deep", "stack traceback:", "in function 'f'"}},
		{name: "Ctrl-C discards the chunk being typed", input: "for i = 1, 2 do\n\x03print('fresh')\n",
			stdout: []string{"fresh\n"}, history: "print('fresh')\n"},
		{name: "chunks with secrets stay out of the file", input: "pw = 'password1'\ntok = conn.token\nprint('ok')\n",
			stdout: []string{"ok\n"}, history: "print('ok')\n"},
		{name: "tab completes along the chain", input: "print(system:vms_ser\t())\n", stdout: []string{"VmsService(vms)\n"},
			history: "print(system:vms_service())\n"},
		{name: "tab completes globals", input: "prin\t('done')\n", stdout: []string{"done\n"}},
		{name: "lists print as tables", input: "system:vms_service():list{max=2}\n", stdout: []string{"id", "name", "status"}},
		{name: "help", input: "help()\n", stdout: []string{"Globals", "Ctrl-C cancels the running chunk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runREPL(t, tt.input, sim.Options{}, nil)
			assert.Equal(t, session.ExitOK, r.code)
			for _, s := range tt.stdout {
				assert.Contains(t, r.stdout, s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
			if tt.stderr == nil {
				assert.Empty(t, r.stderr)
			}
			if tt.history != "" {
				assert.Equal(t, tt.history, r.history)
			}
		})
	}
}

func TestREPLOSExit(t *testing.T) {
	r := runREPL(t, "print(1)\nos.exit(9)\nprint(2)\n", sim.Options{}, nil)
	assert.Equal(t, 9, r.code)
	assert.Equal(t, "1\n", r.stdout)
	assert.Empty(t, r.stderr)
}

// TestREPLInterruptCancelsSlowRequest holds the list request in the simulator until the test
// ends: only the interrupt, sent once the request arrived, brings the prompt back.
func TestREPLInterruptCancelsSlowRequest(t *testing.T) {
	held := gate.New()
	t.Cleanup(held.Release)
	// Only if the interrupt did not cancel the request: let it through so that the test fails
	// (no "interrupted") instead of hanging.
	guard := time.AfterFunc(time.Minute, held.Release)
	defer guard.Stop()
	r := runREPL(t, "conn:url()\nsystem:vms_service():list()\nprint('back at the prompt')\n",
		held.Options(),
		func(ints chan<- os.Signal) {
			<-held.Arrived()
			ints <- syscall.SIGINT
		})
	assert.Contains(t, r.stderr, "interrupted")
	assert.Contains(t, r.stdout, "back at the prompt")
	assert.Equal(t, session.ExitOK, r.code)
}

func TestREPLHistoryFailureIsReportedOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	require.NoError(t, os.Mkdir(dir, 0o700))
	r := runREPLWith(t, "x = 1\ny = 2\nprint(x + y)\n", sim.Options{}, nil, filepath.Join(dir, "history"),
		func() { require.NoError(t, os.RemoveAll(dir)) })
	assert.Equal(t, 1, strings.Count(r.stderr, "ovirtsh: history"), "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, "kept in memory only")
	assert.Contains(t, r.stdout, "3")
}

// TestREPLEscapesControlCharacters prints values and errors holding terminal escapes every way
// the REPL shows them: none reaches the terminal raw. XML cannot carry ESC, so the VM's name from
// the engine holds what it can: a C1 CSI (U+009B) and a right-to-left override (U+202E).
func TestREPLEscapesControlCharacters(t *testing.T) {
	r := runREPL(t, `vm = system:vms_service():add(types.Vm{name='evil\194\1552J\226\128\174txt', cluster={name='Default'}, template={name='Blank'}})
=vm.name
evil = 'evil\027]0;PWNED\007\027[2J'
evil, 'tab\there'
{evil}
vm
system:vms_service():list()
error(evil)
print('raw print is the script\'s own: \027[0m')
`, sim.Options{}, nil)
	assert.Equal(t, session.ExitOK, r.code)
	const fromEngine, evil = `evil\u009b2J\u202etxt`, `evil\x1b]0;PWNED\x07\x1b[2J`
	assert.Contains(t, r.stdout, fromEngine+"\n"+evil+"\ttab\there\n", "=expr and scalars")
	assert.Contains(t, r.stdout, `table`+"\n"+`  [1] "evil\x1b]0;PWNED\a\x1b[2J"`+"\n", "tables")
	assert.Contains(t, r.stdout, `  name: "evil\u009b2J\u202etxt"`, "object view")
	assert.Regexp(t, `\nevil\\u009b2J\\u202etxt +\w+ `, r.stdout, "list table")
	assert.Contains(t, r.stderr, "stdin:1: "+evil)
	assert.Equal(t, 1, strings.Count(r.stdout, "\x1b"), "only print writes raw: %q", r.stdout)
	assert.NotContains(t, r.stderr, "\x1b")
	assert.NotContains(t, r.stdout+r.stderr, "\x07")
	assert.NotContains(t, r.stdout+r.stderr, "\u009b")
	assert.NotContains(t, r.stdout+r.stderr, "\u202e")
}
