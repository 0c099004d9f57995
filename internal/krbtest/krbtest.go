// Package krbtest runs a throw-away MIT Kerberos realm for tests: a database in a temporary
// directory, a krb5kdc on a free loopback port, principals with their keys in keytabs, and kinit
// into ticket caches. When the MIT tools are missing the test is skipped, saying how to install
// them, except under CI (CI=true), where it fails.
package krbtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Realm is the name of the test realm.
const Realm = "OVIRTSH.TEST"

// tools are the MIT programs the realm needs (Debian: krb5-kdc, krb5-admin-server, krb5-user).
var tools = []string{"kdb5_util", "kadmin.local", "krb5kdc", "kinit"}

// KDC is a running test realm.
type KDC struct {
	// Dir holds the database, the configuration, the keytabs and the caches.
	Dir string
	// Conf is the krb5.conf of clients (KRB5_CONFIG): the realm's KDC at 127.0.0.1:Port.
	Conf string
	Port int

	paths map[string]string // tool → path
	env   []string
}

// Start creates the realm and starts its KDC; it is stopped when the test ends.
func Start(t testing.TB) *KDC {
	t.Helper()
	k := &KDC{Dir: t.TempDir(), paths: map[string]string{}}
	for _, name := range tools {
		p, err := lookTool(name)
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("krbtest: %s not found; .ci/run installs krb5-kdc, krb5-admin-server and krb5-user", name)
			}
			t.Skipf("krbtest: %s not found: install MIT Kerberos (apt-get install krb5-kdc krb5-admin-server krb5-user) to run the Kerberos tests", name)
		}
		k.paths[name] = p
	}
	k.Conf = filepath.Join(k.Dir, "krb5.conf")
	profile := filepath.Join(k.Dir, "kdc.conf")
	k.env = append(os.Environ(), "KRB5_CONFIG="+k.Conf, "KRB5_KDC_PROFILE="+profile, "KRB5CCNAME=FILE:"+filepath.Join(k.Dir, "unused-ccache"))
	var lastErr error
	for range 5 { // another process may take the free port before krb5kdc binds it
		port, err := freePort()
		if err != nil {
			t.Fatalf("krbtest: %v", err)
		}
		k.Port = port
		k.writeConfig(t, profile)
		if _, err := os.Stat(filepath.Join(k.Dir, "principal")); err != nil {
			k.run(t, "kdb5_util", "create", "-s", "-r", Realm, "-P", randomPassword(t))
		}
		if lastErr = k.startKDC(t); lastErr == nil {
			return k
		}
	}
	t.Fatalf("krbtest: krb5kdc did not start: %v", lastErr)
	return nil
}

// lookTool finds an MIT program in PATH or in /usr/sbin, where Debian puts the KDC's tools.
func lookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}

// freePort returns a loopback port free for both TCP and UDP at the time of the call.
func freePort() (int, error) {
	for range 10 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		_ = l.Close()
		if err == nil {
			_ = u.Close()
			return port, nil
		}
	}
	return 0, errors.New("no loopback port free for both TCP and UDP")
}

func randomPassword(t testing.TB) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("krbtest: %v", err)
	}
	return hex.EncodeToString(b[:])
}

func (k *KDC) writeConfig(t testing.TB, profile string) {
	t.Helper()
	kdc := fmt.Sprintf(`[kdcdefaults]
 kdc_ports = %[1]d
 kdc_tcp_ports = %[1]d
[realms]
 %[2]s = {
  database_name = %[3]s/principal
  key_stash_file = %[3]s/stash
  acl_file = %[3]s/kadm5.acl
  supported_enctypes = aes256-cts-hmac-sha1-96:normal
 }
[logging]
 kdc = FILE:%[3]s/kdc.log
`, k.Port, Realm, k.Dir)
	client := fmt.Sprintf(`[libdefaults]
 default_realm = %[2]s
 dns_lookup_kdc = false
 dns_lookup_realm = false
 rdns = false
 udp_preference_limit = 1
[realms]
 %[2]s = {
  kdc = 127.0.0.1:%[1]d
 }
`, k.Port, Realm)
	for path, text := range map[string]string{profile: kdc, k.Conf: client} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatalf("krbtest: %v", err)
		}
	}
}

// startKDC runs krb5kdc in the foreground and waits until it accepts TCP connections, or exits.
func (k *KDC) startKDC(t testing.TB) error {
	var out bytes.Buffer
	cmd := exec.Command(k.paths["krb5kdc"], "-n", "-r", Realm, "-P", filepath.Join(k.Dir, "kdc.pid"))
	cmd.Env, cmd.Stdout, cmd.Stderr = k.env, &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	addr := fmt.Sprintf("127.0.0.1:%d", k.Port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(filepath.Join(k.Dir, "kdc.log"))
			return fmt.Errorf("krb5kdc exited (%v): %s%s", err, out.String(), lastLines(string(log), 5))
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			t.Cleanup(func() {
				_ = cmd.Process.Kill()
				<-exited
			})
			return nil
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-exited
			return fmt.Errorf("krb5kdc does not accept connections on %s after 20s: %s", addr, out.String())
		}
		time.Sleep(20 * time.Millisecond) // polling the port, bounded by the deadline
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// run runs an MIT tool with the realm's environment and fails the test when it fails.
func (k *KDC) run(t testing.TB, tool string, args ...string) string {
	t.Helper()
	cmd := exec.Command(k.paths[tool], args...)
	cmd.Env = k.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("krbtest: %s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// AddPrincipal creates the principal (name without realm, e.g. "alice" or "HTTP/127.0.0.1") with
// a random key and returns a keytab holding that key.
func (k *KDC) AddPrincipal(t testing.TB, name string) string {
	t.Helper()
	full := name + "@" + Realm
	kt := filepath.Join(k.Dir, strings.NewReplacer("/", "_", "@", "_").Replace(name)+".keytab")
	k.run(t, "kadmin.local", "-r", Realm, "-q", "addprinc -randkey "+full)
	k.run(t, "kadmin.local", "-r", Realm, "-q", "ktadd -k "+kt+" "+full)
	return kt
}

// Kinit gets a ticket-granting ticket for the principal (without realm) with the key of keytab,
// into a new ticket cache whose path it returns. Extra kinit arguments (e.g. "-l", "1h") follow.
func (k *KDC) Kinit(t testing.TB, principal, keytab string, args ...string) string {
	t.Helper()
	cc := filepath.Join(k.Dir, "ccache-"+randomPassword(t)[:8])
	k.run(t, "kinit", append(append([]string{"-k", "-t", keytab, "-c", cc}, args...), principal+"@"+Realm)...)
	return cc
}
