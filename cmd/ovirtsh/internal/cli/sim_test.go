package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// simRun is a running `ovirtsh sim`, in-process: what it printed, and how to stop it.
type simRun struct {
	vars     map[string]string // OVIRT_* from the export lines
	comments []string
	stop     func() int // cancels it and returns its exit code
}

// runSimInProcess starts runSim with args and returns once it printed its last export line.
func runSimInProcess(t *testing.T, args ...string) *simRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		var stderr strings.Builder
		c := runSim(ctx, args, Env{Stdout: pw, Stderr: &stderr})
		_ = pw.CloseWithError(io.EOF)
		if c != 0 {
			t.Logf("ovirtsh sim: %s", stderr.String())
		}
		code <- c
	}()
	r := &simRun{vars: map[string]string{}, stop: func() int { cancel(); return <-code }}
	t.Cleanup(func() { cancel(); _ = pr.Close() })
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "# "); ok {
			r.comments = append(r.comments, c)
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		require.True(t, ok, "line %q", line)
		r.vars[k] = strings.Trim(v, "'")
		if k == "OVIRT_CAFILE" {
			return r
		}
	}
	t.Fatalf("ovirtsh sim ended before printing OVIRT_CAFILE: %v", sc.Err())
	return nil
}

// login connects to the URL the simulator printed, verifying its certificate with the CA file
// it printed, and logs in with password.
func (r *simRun) login(t *testing.T, password string) error {
	t.Helper()
	conn, err := engine.Connect(context.Background(), engine.Options{URL: r.vars["OVIRT_URL"],
		Username: r.vars["OVIRT_USERNAME"], Password: password, CAFile: r.vars["OVIRT_CAFILE"]})
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }()
	return conn.Test(context.Background())
}

// TestSimListenAddress: on loopback the simulator keeps the well-known password; on an address
// other machines reach it takes --password-file or makes a random one, printed once, and the URL
// it prints names a concrete host that its certificate covers.
func TestSimListenAddress(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "pw")
	require.NoError(t, os.WriteFile(pwFile, []byte("chosen-pw\n"), 0o600))
	ipv6 := true
	if ln, err := net.Listen("tcp", "[::]:0"); err != nil {
		ipv6 = false
	} else {
		_ = ln.Close()
	}
	tests := []struct {
		name, listen string
		pwFile       bool
		random       bool
		needIPv6     bool
	}{
		{name: "loopback keeps the default", listen: "127.0.0.1:0"},
		{name: "localhost keeps the default", listen: "localhost:0"},
		{name: "every IPv4 address: random password", listen: "0.0.0.0:0", random: true},
		{name: "every address, no host: random password", listen: ":0", random: true},
		{name: "every IPv6 address: random password", listen: "[::]:0", random: true, needIPv6: true},
		{name: "every address with a password file", listen: "0.0.0.0:0", pwFile: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needIPv6 && !ipv6 {
				t.Skip("no IPv6 on this machine")
			}
			args := []string{"--listen", tt.listen}
			if tt.pwFile {
				args = append(args, "--password-file", pwFile)
			}
			r := runSimInProcess(t, args...)
			u, err := url.Parse(r.vars["OVIRT_URL"])
			require.NoError(t, err)
			ip := net.ParseIP(u.Hostname())
			assert.False(t, ip != nil && ip.IsUnspecified(), "OVIRT_URL %s names no host", u)
			assert.NotEmpty(t, u.Hostname())
			password := r.vars["OVIRT_PASSWORD"]
			switch {
			case tt.pwFile:
				assert.Equal(t, pwFile, r.vars["OVIRT_PASSWORD_FILE"])
				assert.Empty(t, password)
				password = "chosen-pw"
			case tt.random:
				assert.NotEqual(t, sim.DefaultPassword, password)
				assert.Len(t, password, 26)
				assert.Contains(t, strings.Join(r.comments, "\n"), "is not a loopback address: a random password")
				var ae *engine.Error
				require.ErrorAs(t, r.login(t, sim.DefaultPassword), &ae, "the default password is refused")
				assert.Equal(t, engine.KindAuth, ae.Kind)
			default:
				assert.Equal(t, sim.DefaultPassword, password)
			}
			require.NoError(t, r.login(t, password), "the printed URL, CA file and password work")
			assert.Equal(t, session.ExitOK, r.stop())
		})
	}
}

func TestReachableURL(t *testing.T) {
	for _, raw := range []string{"https://127.0.0.1:8443/ovirt-engine/api", "https://[::1]:1/ovirt-engine/api", "https://e:1/x"} {
		assert.Equal(t, raw, reachableURL(raw, true))
	}
	for _, raw := range []string{"https://[::]:8443/ovirt-engine/api", "https://0.0.0.0:8443/ovirt-engine/api"} {
		u, err := url.Parse(reachableURL(raw, true))
		require.NoError(t, err)
		assert.Equal(t, "8443", u.Port())
		assert.Equal(t, "/ovirt-engine/api", u.Path)
		ip := net.ParseIP(u.Hostname())
		assert.False(t, ip != nil && ip.IsUnspecified(), u.Host)
	}
}
