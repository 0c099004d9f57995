package tests

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/internal/krbtest"
)

// TestKerberosCLI logs in to `ovirtsh sim --keytab` with `ovirtsh --kerberos` and a ticket that
// kinit got from a throw-away MIT KDC, as an administrator would against an engine behind IPA.
func TestKerberosCLI(t *testing.T) {
	kdc := krbtest.Start(t)
	serviceKeytab := kdc.AddPrincipal(t, "HTTP/127.0.0.1")
	ccache := kdc.Kinit(t, "alice", kdc.AddPrincipal(t, "alice"))
	bin := buildCLI(t)
	simEnv := startSimCLI(t, bin, "--keytab", serviceKeytab, "--service-principal", "HTTP/127.0.0.1@"+krbtest.Realm)
	home := t.TempDir()
	base := map[string]string{"HOME": home, "OVIRT_URL": simEnv["OVIRT_URL"], "OVIRT_CAFILE": simEnv["OVIRT_CAFILE"],
		"KRB5_CONFIG": kdc.Conf, "KRB5CCNAME": "FILE:" + ccache}
	with := func(extra map[string]string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range extra {
			env[k] = v
		}
		return env
	}
	profile := filepath.Join(home, "ovirt.conf")
	require.NoError(t, os.WriteFile(profile, []byte("[ipa]\ndefault = yes\nengine_url = "+simEnv["OVIRT_URL"]+"\ncafile = "+
		simEnv["OVIRT_CAFILE"]+"\nkerberos = true\n"), 0o600))
	const chunk = "print(#system:vms_service():list())"
	spnego := regexp.MustCompile(`Negotiate (?:YI|oQ|oR)[A-Za-z0-9+/=]{6,}`)

	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		out  string // regexp on stdout
		err  string // regexp on stderr
	}{
		{"--kerberos", with(nil), []string{"--kerberos", "-e", chunk}, 0, `^[1-9][0-9]*\n$`, ""},
		{"OVIRT_KERBEROS=1", with(map[string]string{"OVIRT_KERBEROS": "1"}), []string{"-e", chunk}, 0, `^[1-9][0-9]*\n$`, ""},
		{"profile kerberos = true", with(map[string]string{"OVIRT_URL": "", "OVIRT_CAFILE": "", "OVIRT_CONFIG": profile}),
			[]string{"-e", chunk}, 0, `^[1-9][0-9]*\n$`, ""},
		{"ovirt.connect{kerberos=true}", with(nil), []string{"-e", `local c = ovirt.connect{url=os.getenv('OVIRT_URL'), ` +
			`ca_file=os.getenv('OVIRT_CAFILE'), kerberos=true}; print(#c:system_service():vms_service():list())`},
			0, `^[1-9][0-9]*\n$`, ""},
		{"ovirt.connect with the Kerberos paths and principal", with(map[string]string{"KRB5CCNAME": filepath.Join(home, "none"),
			"KRB5_CONFIG": filepath.Join(home, "none.conf"), "CC": ccache, "CONF": kdc.Conf}),
			[]string{"-e", `local c = ovirt.connect{url=os.getenv('OVIRT_URL'), ca_file=os.getenv('OVIRT_CAFILE'), kerberos=true, ` +
				`kerberos_ccache=os.getenv('CC'), kerberos_config=os.getenv('CONF'), kerberos_principal='HTTP/127.0.0.1@` +
				krbtest.Realm + `'}; print(#c:system_service():vms_service():list())`}, 0, `^[1-9][0-9]*\n$`, ""},
		{"--debug hides the tokens", with(nil), []string{"--kerberos", "--debug", "-e", chunk}, 0, `^[1-9][0-9]*\n$`,
			`Authorization: Negotiate \*\*\*`},
		{"no engine URL", with(map[string]string{"OVIRT_URL": "", "OVIRT_CONFIG": filepath.Join(home, "none.conf")}),
			[]string{"--kerberos", "-e", chunk}, 6, `^$`, `Kerberos needs an engine URL`},
		{"no ticket cache", with(map[string]string{"KRB5CCNAME": filepath.Join(home, "none")}),
			[]string{"--kerberos", "-e", chunk}, 6, `^$`, `no ticket cache could be read at ` + regexp.QuoteMeta(home) + `/none \(KRB5CCNAME\); get a ticket with kinit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, bin, tt.env, tt.args...)
			require.Equal(t, tt.code, code, "exit code\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Regexp(t, tt.out, stdout, "stderr:\n%s", stderr)
			if tt.err != "" {
				assert.Regexp(t, tt.err, stderr)
			}
			assert.NotRegexp(t, spnego, stdout+stderr, "a SPNEGO token was printed")
		})
	}
}

// startSimCLI runs `ovirtsh sim` with args until the test ends and returns the variables it
// prints (OVIRT_URL, OVIRT_CAFILE, ...), read as they come: the last one means it is serving.
func startSimCLI(t *testing.T, bin string, args ...string) map[string]string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sim"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	env := map[string]string{}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			require.True(t, ok, "ovirtsh sim ended before printing OVIRT_CAFILE; stderr:\n%s", stderr.String())
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
				env[k] = strings.Trim(v, "'")
				if k == "OVIRT_CAFILE" {
					go func() { // keep draining, so that the simulator never blocks on stdout
						for range lines {
						}
					}()
					return env
				}
			}
		case <-timeout:
			t.Fatalf("ovirtsh sim printed no OVIRT_CAFILE within 60s; stderr:\n%s", stderr.String())
		}
	}
}
