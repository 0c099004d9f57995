package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// bin is the ovirtsh binary built once by TestMain ("" with -short: the end-to-end tests skip).
var bin string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if !testingShort() {
		dir, err := os.MkdirTemp("", "ovirtsh-bin-")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "ovirtsh")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			os.Stderr.Write(out)
			panic(err)
		}
	}
	return m.Run()
}

// testingShort reads -test.short before m.Run parses the flags.
func testingShort() bool {
	for _, a := range os.Args[1:] {
		if a == "-test.short" || a == "-test.short=true" {
			return true
		}
	}
	return false
}

func needBinary(t testing.TB) {
	if bin == "" {
		t.Skip("end-to-end tests need the binary; not built with -short")
	}
}

// command returns an ovirtsh command with a private HOME and the given OVIRT_* variables only.
func command(t testing.TB, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// startSim runs `ovirtsh sim args...` and returns the variables it printed.
func startSim(t *testing.T, args ...string) (map[string]string, *exec.Cmd) {
	t.Helper()
	cmd := command(t, nil, append([]string{"sim"}, args...)...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	vars := map[string]string{}
	sc := bufio.NewScanner(out)
	for len(vars) < 4 && sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
			vars[k] = strings.Trim(v, "'")
		}
	}
	require.Len(t, vars, 4, "ovirtsh sim printed %v", vars)
	return vars, cmd
}

func TestSimServesAnotherProcess(t *testing.T) {
	needBinary(t)
	vars, simCmd := startSim(t, "--vms", "5")
	assert.Contains(t, vars["OVIRT_URL"], "https://127.0.0.1:")
	assert.Equal(t, "admin@internal", vars["OVIRT_USERNAME"])
	require.FileExists(t, vars["OVIRT_CAFILE"])

	out, err := command(t, vars, "-e", "#system:vms_service():list{search='name=vm-0*'}").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "5\n", string(out), "the second process reached the simulator, no embedded one")

	require.NoError(t, simCmd.Process.Signal(syscall.SIGINT))
	require.NoError(t, simCmd.Wait(), "ovirtsh sim exits 0 when interrupted")
	assert.NoFileExists(t, vars["OVIRT_CAFILE"])
}

func TestSimStateSurvivesARestart(t *testing.T) {
	needBinary(t)
	state := filepath.Join(t.TempDir(), "inventory.json")
	pw := filepath.Join(t.TempDir(), "pw")
	require.NoError(t, os.WriteFile(pw, []byte("s3cret\n"), 0o600))
	vars, simCmd := startSim(t, "--state", state, "--password-file", pw)
	assert.Equal(t, pw, vars["OVIRT_PASSWORD_FILE"])
	add := "system:vms_service():add(types.Vm{name='kept', cluster={name='Default'}, template={name='Blank'}}).name"
	out, err := command(t, vars, "-e", add).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Equal(t, "kept\n", string(out))
	require.NoError(t, simCmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, simCmd.Wait())
	require.FileExists(t, state)

	vars, _ = startSim(t, "--state", state, "--password-file", pw)
	out, err = command(t, vars, "-e", "ovirt.find(system:vms_service(), 'kept') ~= nil").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "true\n", string(out))
}

func TestSIGINTInterruptsAScript(t *testing.T) {
	needBinary(t)
	cmd := command(t, nil, "-e", "print('ready'); while true do end")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "ready\n", line)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 3, ee.ExitCode())
}

func TestShebang(t *testing.T) {
	needBinary(t)
	script := filepath.Join(t.TempDir(), "hello")
	require.NoError(t, os.WriteFile(script, []byte("#!"+bin+"\nprint('hello', arg[0] ~= nil, ...)\n"), 0o755))
	cmd := exec.Command(script, "a", "b")
	cmd.Env = []string{"HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "hello\ttrue\ta\tb\n", string(out))
}

// simInProcess starts a simulator in the test process with opts and returns the OVIRT_*
// variables that reach it.
func simInProcess(t *testing.T, opts sim.Options) map[string]string {
	t.Helper()
	srv, err := sim.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CACertPEM(), 0o600))
	user, pw := srv.Credentials()
	return map[string]string{"OVIRT_URL": srv.URL(), "OVIRT_USERNAME": user, "OVIRT_PASSWORD": pw, "OVIRT_CAFILE": ca}
}

func TestREPLOnATerminal(t *testing.T) {
	needBinary(t)
	held := gate.New() // API requests wait in the simulator until the test ends
	vars := simInProcess(t, held.Options())
	t.Cleanup(held.Release)
	cmd := command(t, vars)
	home := strings.TrimPrefix(cmd.Env[0], "HOME=")
	p := startPTY(t, cmd)
	const prompt = "admin@internal@127.0.0.1> "
	m := p.expect(0, prompt)

	// Completion along the chain; the locator sends nothing, so the latency does not matter.
	p.send("print(system:vms_ser\t")
	m = p.expect(m, "vms_service")
	p.send("())\r")
	m = p.expect(m, "VmsService(vms)")
	m = p.expect(m, prompt)

	// A multi-line chunk.
	p.send("for i = 1, 2 do\r")
	m = p.expect(m, ">> ")
	p.send("print('line ' .. i * 10)\rend\r")
	m = p.expect(m, "line 20")
	m = p.expect(m, prompt)

	// Ctrl-C, typed once the request reached the simulator, cancels it: the simulator holds it
	// until the test ends.
	p.send("system:vms_service():list()\r")
	select {
	case <-held.Arrived():
	case <-p.done:
		t.Fatalf("ovirtsh ended; output:\n%q", p.output())
	}
	p.send("\x03")
	m = p.expect(m, "interrupted")
	m = p.expect(m, prompt)

	// A chunk mentioning a password stays out of the history file; Ctrl-D exits.
	// The prompt also shows in the redraws that echo the typed line: wait for the chunk's
	// output (after the newline of Enter) before the prompt, so Ctrl-D lands on an empty line.
	p.send("pw = 'password'; print('set')\r")
	m = p.expect(m, "\r\nset\r\n")
	p.expect(m, prompt)
	p.send("\x04")
	assert.Equal(t, 0, p.wait())

	hist := filepath.Join(home, ".ovirtsh_history")
	st, err := os.Stat(hist)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	raw, err := os.ReadFile(hist)
	require.NoError(t, err)
	assert.Equal(t, "print(system:vms_service())\nfor i = 1, 2 do\\nprint('line ' .. i * 10)\\nend\nsystem:vms_service():list()\n", string(raw))
}

func TestPasswordPromptDoesNotEcho(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t)
	delete(vars, "OVIRT_PASSWORD")
	p := startPTY(t, command(t, vars, "-e", "conn:test(true)"))
	m := p.expect(0, "Password for admin@internal at 127.0.0.1: ")
	p.send("ovirtsh\r")
	p.expect(m, "true")
	assert.Equal(t, 0, p.wait())
	assert.NotContains(t, p.output(), "ovirtsh\r\n", "the password was echoed")
}

// TestProfilePasswordPromptNamesTheURL chooses a profile for another engine with OVIRT_URL set:
// the profile's password is not sent, and the prompt names the URL the typed one goes to.
func TestProfilePasswordPromptNamesTheURL(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t)
	delete(vars, "OVIRT_PASSWORD")
	conf := filepath.Join(t.TempDir(), "ovirt.conf")
	require.NoError(t, os.WriteFile(conf, []byte("[prod]\nengine_url = https://prod.invalid\npassword = prod-secret\n"), 0o600))
	vars["OVIRT_CONFIG"], vars["OVIRT_PROFILE"] = conf, "prod"
	p := startPTY(t, command(t, vars, "-e", "conn:test(true)"))
	m := p.expect(0, "is only sent to that profile's own engine (its engine_url is https://prod.invalid), not to "+
		vars["OVIRT_URL"]+" given by OVIRT_URL")
	m = p.expect(m, "Password for admin@internal at "+vars["OVIRT_URL"]+": ")
	p.send("ovirtsh\r")
	p.expect(m, "true")
	assert.Equal(t, 0, p.wait())
}

// BenchmarkColdStart execs `ovirtsh -e 'print(1)'` with no engine configured (the embedded
// simulator default; nothing connects), and `-e 'conn:test(true)'`, which starts the embedded
// simulator and logs in.
func BenchmarkColdStart(b *testing.B) {
	needBinary(b)
	for _, bc := range []struct{ name, chunk string }{
		{"print", "print(1)"},
		{"connect", "conn:test(true)"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				out, err := command(b, nil, "-e", bc.chunk).CombinedOutput()
				if err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}

// TestPromptsEscapeControlCharacters: a user name holding terminal escapes shows as escapes in
// the REPL prompt and the password prompt.
func TestPromptsEscapeControlCharacters(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t)
	delete(vars, "OVIRT_PASSWORD")
	vars["OVIRT_USERNAME"] = "ad\x1b[2Jmin"
	p := startPTY(t, command(t, vars))
	m := p.expect(0, `ad\x1b[2Jmin@127.0.0.1> `)
	p.send("conn:test(true)\r")
	m = p.expect(m, `Password for ad\x1b[2Jmin at 127.0.0.1: `)
	p.send("x\r")
	m = p.expect(m, "incorrect")
	p.expect(m, "> ")
	p.send("\x04")
	assert.Equal(t, 0, p.wait())
	assert.NotContains(t, p.output(), "\x1b[2J")
}
