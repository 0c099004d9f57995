package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestREPLOnATerminal(t *testing.T) {
	needBinary(t)
	vars, _ := startSim(t, "--latency", "20s")
	cmd := command(t, vars)
	home := strings.TrimPrefix(cmd.Env[0], "HOME=")
	p := startPTY(t, cmd)
	const prompt = "admin@internal@127.0.0.1> "
	m := p.expect(0, prompt, 10*time.Second)

	// Completion along the chain; the locator sends nothing, so the latency does not matter.
	p.send("print(system:vms_ser\t")
	m = p.expect(m, "vms_service", 5*time.Second)
	p.send("())\r")
	m = p.expect(m, "VmsService(vms)", 10*time.Second)
	m = p.expect(m, prompt, 5*time.Second)

	// A multi-line chunk.
	p.send("for i = 1, 2 do\r")
	m = p.expect(m, ">> ", 5*time.Second)
	p.send("print('line ' .. i * 10)\rend\r")
	m = p.expect(m, "line 20", 5*time.Second)
	m = p.expect(m, prompt, 5*time.Second)

	// Ctrl-C cancels a request the simulator holds for 20s.
	p.send("system:vms_service():list()\r")
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	p.send("\x03")
	m = p.expect(m, "interrupted", 5*time.Second)
	m = p.expect(m, prompt, 5*time.Second)
	assert.Less(t, time.Since(start), 5*time.Second)

	// A chunk mentioning a password stays out of the history file; Ctrl-D exits.
	p.send("pw = 'password'\r")
	p.expect(m, prompt, 5*time.Second)
	p.send("\x04")
	assert.Equal(t, 0, p.wait(10*time.Second))

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
	m := p.expect(0, "Password for admin@internal at 127.0.0.1: ", 10*time.Second)
	p.send("ovirtsh\r")
	p.expect(m, "true", 10*time.Second)
	assert.Equal(t, 0, p.wait(10*time.Second))
	assert.NotContains(t, p.output(), "ovirtsh\r\n", "the password was echoed")
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
