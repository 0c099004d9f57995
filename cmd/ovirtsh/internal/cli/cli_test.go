package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

type run struct {
	code           int
	stdout, stderr string
}

// mainWith runs Main in-process with a private HOME, the variables in vars and stdin as input.
func mainWith(t *testing.T, ctx context.Context, vars map[string]string, stdin string, args ...string) run {
	t.Helper()
	return mainEnv(t, ctx, vars, stdin, nil, args...)
}

// mainEnv is mainWith with a last say on the Env (signals, writers) before Main runs.
func mainEnv(t *testing.T, ctx context.Context, vars map[string]string, stdin string, edit func(*Env), args ...string) run {
	t.Helper()
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	for k, v := range vars {
		env[k] = v
	}
	r, w, err := os.Pipe()
	require.NoError(t, err)
	go func() {
		_, _ = w.WriteString(stdin)
		_ = w.Close()
	}()
	t.Cleanup(func() { _ = r.Close() })
	var stdout, stderr bytes.Buffer
	e := Env{Stdin: r, Stdout: &stdout, Stderr: &stderr,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	if edit != nil {
		edit(&e)
	}
	code := Main(ctx, args, e)
	return run{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func startSim(t *testing.T, o sim.Options) *sim.Server {
	t.Helper()
	srv, err := sim.Start(context.Background(), o)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// simVars are the OVIRT_* variables pointing at srv, with its CA written to a file.
func simVars(t *testing.T, srv *sim.Server, password string) map[string]string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CACertPEM(), 0o600))
	user, _ := srv.Credentials()
	return map[string]string{"OVIRT_URL": srv.URL(), "OVIRT_USERNAME": user, "OVIRT_PASSWORD": password, "OVIRT_CAFILE": ca}
}

func writeScript(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.lua")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o755))
	return p
}

func TestExitCodes(t *testing.T) {
	srv := startSim(t, sim.Options{})
	held := gate.New() // the slow engine: API requests wait until the test ends
	slow := startSim(t, held.Options())
	t.Cleanup(held.Release)
	good := simVars(t, srv, sim.DefaultPassword)
	badPW := simVars(t, srv, "wrong")
	noPW := simVars(t, srv, "")
	delete(noPW, "OVIRT_PASSWORD")
	down := simVars(t, srv, "x")
	down["OVIRT_URL"] = "https://127.0.0.1:1/ovirt-engine/api"
	slowVars := simVars(t, slow, sim.DefaultPassword)
	slowVars["OVIRT_TIMEOUT"] = "1s" // time enough to log in on a loaded machine
	// A proxy in front of an engine it cannot reach answers every request (SSO first) with an
	// HTML 503.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "<html><body><h1>Service Unavailable</h1></body></html>")
	}))
	t.Cleanup(proxy.Close)
	proxied := simVars(t, srv, "x")
	proxied["OVIRT_URL"] = proxy.URL + "/ovirt-engine/api"
	ok := writeScript(t, "#!/usr/bin/env ovirtsh\nprint('args', #arg, ...)\n")
	bad := writeScript(t, "local x = 1\nlocal function f() return nil + x end\nlocal y = f()\n")
	tests := []struct {
		name   string
		vars   map[string]string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{name: "chunk", args: []string{"-e", "print(1)"}, code: session.ExitOK, stdout: "1\n"},
		{name: "expression value printed", args: []string{"-e", "1 + 1", "-E", "'x'"}, code: session.ExitOK, stdout: "2\nx\n"},
		{name: "script with args and shebang", args: []string{ok, "a", "b"}, code: session.ExitOK, stdout: "args\t2\ta\tb\n"},
		{name: "stdin script", stdin: "print('from stdin')", code: session.ExitOK, stdout: "from stdin\n"},
		{name: "dash reads stdin with args", stdin: "print(...)", args: []string{"-", "x"}, code: session.ExitOK, stdout: "x\n"},
		{name: "script error", args: []string{bad}, code: session.ExitScript, stderr: []string{bad + ":2: ", "stack traceback:", bad + ":3: in main chunk"}},
		{name: "syntax error", args: []string{"-e", "x = = 1"}, code: session.ExitScript, stderr: []string{"(command line):1: syntax error near '='"}},
		{name: "unknown flag", args: []string{"--bogus"}, code: session.ExitUsage, stderr: []string{"flag provided but not defined: -bogus"}},
		{name: "missing script", args: []string{"/nonexistent.lua"}, code: session.ExitUsage, stderr: []string{"/nonexistent.lua"}},
		{name: "unknown profile", args: []string{"--profile", "x", "-e", "1"}, code: session.ExitUsage, stderr: []string{`profile "x"`}},
		{name: "bad URL", vars: map[string]string{"OVIRT_URL": "engine"}, args: []string{"-e", "1"}, code: session.ExitUsage},
		{name: "timeout flag not finite", args: []string{"--timeout", "inf", "-e", "1"}, code: session.ExitUsage,
			stderr: []string{`ovirtsh: --timeout: invalid timeout "inf": not a finite number`}},
		{name: "timeout flag too long", args: []string{"--timeout=3000000h", "-e", "1"}, code: session.ExitUsage,
			stderr: []string{`ovirtsh: --timeout: invalid timeout "3000000h": longer than the maximum`}},
		{name: "timeout variable too long", vars: map[string]string{"OVIRT_TIMEOUT": "1e300"}, args: []string{"-e", "1"}, code: session.ExitUsage,
			stderr: []string{`ovirtsh: OVIRT_TIMEOUT: invalid timeout "1e300": longer than the maximum`}},
		{name: "timeout flag in seconds like the variable", args: []string{"--timeout", "90", "-e", "1"}, code: session.ExitOK, stdout: "1\n"},
		{name: "connected", vars: good, args: []string{"-e", "conn:test(true)"}, code: session.ExitOK, stdout: "true\n"},
		{name: "wrong password", vars: badPW, args: []string{"-e", "conn:test(true)"}, code: session.ExitAuth, stderr: []string{"(command line):1:", "The username or password is incorrect"}},
		{name: "no password and no terminal", vars: noPW, args: []string{"-e", "conn:test(true)"}, code: session.ExitAuth, stderr: []string{"no password for admin@internal: set OVIRT_PASSWORD"}},
		{name: "engine down", vars: down, args: []string{"-e", "system:vms_service():list()"}, code: session.ExitComm, stderr: []string{"connection was refused"}},
		{name: "engine unreachable behind a proxy", vars: proxied, args: []string{"-e", "system:vms_service():list()"}, code: session.ExitComm,
			stderr: []string{"no answer from the engine", "Service Unavailable", "HTTP response code is 503"}},
		{name: "timeout", vars: slowVars, args: []string{"-e", "system:vms_service():list()"}, code: session.ExitComm, stderr: []string{"timed out"}},
		{name: "json", args: []string{"--json", "-e", "{a = 1}"}, code: session.ExitOK, stdout: "{\n  \"a\": 1\n}\n"},
		{name: "json from env", vars: map[string]string{"OVIRT_JSON": "1"}, args: []string{"-e", "{'x'}"}, code: session.ExitOK, stdout: "[\n  \"x\"\n]\n"},
		{name: "version", args: []string{"version"}, code: session.ExitOK, stdout: "ovirtsh "},
		{name: "os.exit code", args: []string{"-e", "print('before'); os.exit(4)", "-e", "print('never')"}, code: 4, stdout: "before\n"},
		{name: "os.exit(true) stops there", args: []string{"-e", "os.exit(true)", "-e", "print('never')", "-i"}, code: session.ExitOK},
		{name: "os.exit(false)", args: []string{"-e", "os.exit(false)"}, code: session.ExitScript},
		{name: "-i enters the REPL after -e", args: []string{"-e", "x = 41", "-i"}, stdin: "x + 1\n", code: session.ExitOK, stdout: "42\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), tt.vars, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, tt.stdout), "stdout: %q", r.stdout)
			assert.NotContains(t, r.stdout, "never")
			if tt.code == session.ExitOK || tt.code == 4 {
				assert.Empty(t, r.stderr)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, r.stderr, s)
			}
		})
	}
}

func TestEmbeddedSimulator(t *testing.T) {
	r := mainWith(t, context.Background(), nil, "", "-e", "print(1)")
	assert.Equal(t, session.ExitOK, r.code)
	assert.Empty(t, r.stderr, "nothing starts until conn is used")

	r = mainWith(t, context.Background(), nil, "", "-e", "#system:vms_service():list() > 0")
	assert.Equal(t, session.ExitOK, r.code, r.stderr)
	assert.Equal(t, "true\n", r.stdout)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.Len(t, lines, 1, r.stderr)
	assert.Contains(t, lines[0], "using the built-in simulator at https://127.0.0.1:")
}

func TestConfigPrecedence(t *testing.T) {
	fromFile := startSim(t, sim.Options{})
	fromEnv := startSim(t, sim.Options{Password: "env-pw"})
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, append(fromFile.CACertPEM(), fromEnv.CACertPEM()...), 0o600))
	conf := filepath.Join(dir, "ovirt.conf")
	require.NoError(t, os.WriteFile(conf, []byte(fmt.Sprintf(
		"[lab]\ndefault = yes\nengine_url = %s\nusername = admin@internal\npassword = %s\ncafile = %s\n",
		fromFile.URL(), sim.DefaultPassword, ca)), 0o600))
	pwFile := filepath.Join(dir, "pw")
	require.NoError(t, os.WriteFile(pwFile, []byte("env-pw\n"), 0o600))
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"config file", map[string]string{"OVIRT_CONFIG": conf}, nil, fromFile.URL()},
		{"env beats file", map[string]string{"OVIRT_CONFIG": conf, "OVIRT_PROFILE": "lab", "OVIRT_URL": fromEnv.URL(), "OVIRT_PASSWORD": "env-pw"}, nil, fromEnv.URL()},
		{"flags beat env", map[string]string{"OVIRT_URL": "https://127.0.0.1:1", "OVIRT_PASSWORD": "nope"},
			[]string{"--config", conf, "--profile", "lab", "--url", fromEnv.URL(), "--password-file", pwFile}, fromEnv.URL()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "-e", "conn:url()")
			r := mainWith(t, context.Background(), tt.vars, "", args...)
			require.Equal(t, session.ExitOK, r.code, r.stderr)
			assert.Equal(t, tt.want+"\n", r.stdout)
		})
	}
}

func TestCancelIsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	// The script says when it runs; its first output cancels.
	stdout := writerFunc(func(p []byte) (int, error) { cancel(); return len(p), nil })
	code := Main(ctx, []string{"-e", "print('running'); while true do end"},
		Env{Stdout: stdout, Stderr: &stderr, LookupEnv: func(string) (string, bool) { return "", false }})
	assert.Equal(t, session.ExitInterrupted, code)
	assert.Contains(t, stderr.String(), "interrupted")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestHelpListsEveryFlagWithItsEnv(t *testing.T) {
	var b bytes.Buffer
	usage(&b)
	help := b.String()
	documented := map[string]bool{}
	for _, d := range flagDefs {
		for _, n := range d.names {
			documented[n] = true
		}
		if d.env != "" {
			assert.Contains(t, help, "["+d.env+"]")
		}
	}
	var insecure, debug bool
	var timeout string
	newFlagSet(&options{}, &insecure, &debug, &timeout).VisitAll(func(f *flag.Flag) {
		assert.True(t, documented[f.Name], "flag %s is not in --help", f.Name)
		delete(documented, f.Name)
	})
	assert.Empty(t, documented, "documented flags that do not exist")
}

// TestScripts runs every example script of the repository against a simulator on a fast clock.
func TestScripts(t *testing.T) {
	scripts, err := filepath.Glob("../../../../scripts/*.lua")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			srv := startSim(t, sim.Options{Clock: sim.NewFastClock(100)})
			r := mainWith(t, context.Background(), simVars(t, srv, sim.DefaultPassword), "", script)
			assert.Equal(t, session.ExitOK, r.code, "stderr: %s", r.stderr)
		})
	}
}
