package config

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const twoProfiles = `
# SDK example style
[engine1]
engine_url = https://engine1.example.com
username = admin@internal
password = file-secret
cafile = /etc/ca1.pem

[engine2]
engine_url = https://engine2.example.com:8443/ovirt-engine/api/
username: bob@internal
secure = no
timeout = 45
`

const oneProfile = `[lab]
engine_url = https://lab.example.com
password = "quoted secret"
`

// markedProfile is oneProfile marked as the default.
const markedProfile = oneProfile + "default = yes\n"

func writeFile(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), mode))
	return p
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolvePrecedence(t *testing.T) {
	two := writeFile(t, "ovirt.conf", twoProfiles, 0o600)
	one := writeFile(t, "ovirt.conf", oneProfile, 0o600)
	marked := writeFile(t, "ovirt.conf", markedProfile, 0o600)
	named := writeFile(t, "ovirt.conf", strings.Replace(oneProfile, "[lab]", "[default]", 1), 0o600)
	twoMarked := writeFile(t, "ovirt.conf", strings.Replace(twoProfiles, "[engine2]", "[engine2]\ndefault = true", 1), 0o600)
	pwFile := writeFile(t, "pw", "flag-secret\n", 0o600)
	yes := true
	tmo := 5 * time.Second
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		file  string
		want  Settings
	}{
		{name: "nothing anywhere is the embedded simulator", want: Settings{Embedded: true}},
		{name: "several profiles, none chosen", file: two,
			want: Settings{Embedded: true, Warnings: []string{two + " has profiles (engine1, engine2) but none is chosen or marked as the default: pick one with --profile or OVIRT_PROFILE, or add default = yes to its section"}}},
		{name: "the only profile, unmarked, does not apply", file: one,
			want: Settings{Embedded: true, Warnings: []string{one + " has profiles (lab) but none is chosen or marked as the default: pick one with --profile or OVIRT_PROFILE, or add default = yes to its section"}}},
		{name: "the profile marked default applies", file: marked,
			want: Settings{URL: "https://lab.example.com/ovirt-engine/api", URLFrom: marked + " [lab]", Username: DefaultUsername,
				Password: "quoted secret", PasswordFrom: marked + " [lab]", Profile: "lab"}},
		{name: "a section named default is marked", file: named,
			want: Settings{URL: "https://lab.example.com/ovirt-engine/api", URLFrom: named + " [default]", Username: DefaultUsername,
				Password: "quoted secret", PasswordFrom: named + " [default]", Profile: "default"}},
		{name: "the marked profile among several applies", file: twoMarked,
			want: Settings{URL: "https://engine2.example.com:8443/ovirt-engine/api", URLFrom: twoMarked + " [engine2]",
				Username: "bob@internal", Insecure: true, Timeout: 45 * time.Second, Profile: "engine2"}},
		{name: "a chosen profile beats the marked one", file: twoMarked, flags: Flags{Profile: "engine1"},
			want: Settings{URL: "https://engine1.example.com/ovirt-engine/api", URLFrom: twoMarked + " [engine1]",
				Username: "admin@internal", Password: "file-secret", PasswordFrom: twoMarked + " [engine1]",
				CAFile: "/etc/ca1.pem", Profile: "engine1"}},
		{name: "a URL picks the profile of its engine among several", file: two, env: map[string]string{EnvURL: "https://engine1.example.com"},
			want: Settings{URL: "https://engine1.example.com/ovirt-engine/api", URLFrom: "environment",
				Username: "admin@internal", Password: "file-secret", PasswordFrom: two + " [engine1]",
				CAFile: "/etc/ca1.pem", Profile: "engine1"}},
		{name: "--sim ignores flags, environment and the marked profile", file: marked,
			flags: Flags{Sim: true, URL: "https://flag.example.com", Username: "u", Profile: "lab", PasswordFile: "/nonexistent", Kerberos: &yes, Timeout: &tmo},
			env:   map[string]string{EnvURL: "https://env.example.com", EnvPassword: "env-secret", EnvProfile: "nope", EnvDebug: "yes", EnvPasswordFile: "/nonexistent"},
			want:  Settings{Embedded: true, SimForced: true, Timeout: 5 * time.Second, Debug: true}},
		{name: "profile from env", file: two, env: map[string]string{EnvProfile: "engine2"},
			want: Settings{URL: "https://engine2.example.com:8443/ovirt-engine/api", URLFrom: two + " [engine2]",
				Username: "bob@internal", Insecure: true, Timeout: 45 * time.Second, Profile: "engine2"}},
		{name: "flag profile beats env profile", file: two, flags: Flags{Profile: "engine1"},
			env: map[string]string{EnvProfile: "engine2"},
			want: Settings{URL: "https://engine1.example.com/ovirt-engine/api", URLFrom: two + " [engine1]",
				Username: "admin@internal", Password: "file-secret", PasswordFrom: two + " [engine1]",
				CAFile: "/etc/ca1.pem", Profile: "engine1"}},
		{name: "env beats file", file: two, env: map[string]string{EnvProfile: "engine1",
			EnvUsername: "env-user", EnvPassword: "env-secret", EnvInsecure: "yes", EnvTimeout: "2m"},
			want: Settings{URL: "https://engine1.example.com/ovirt-engine/api", URLFrom: two + " [engine1]",
				Username: "env-user", Password: "env-secret", PasswordFrom: EnvPassword, CAFile: "/etc/ca1.pem",
				Insecure: true, Timeout: 2 * time.Minute, Profile: "engine1"}},
		{name: "flags beat env and file", file: two,
			flags: Flags{Profile: "engine1", URL: "https://flag.example.com", Username: "flag-user",
				PasswordFile: pwFile, CAFile: "/flag-ca.pem", Insecure: &yes, Timeout: &tmo},
			env: map[string]string{EnvURL: "https://env.example.com", EnvPassword: "env-secret", EnvCAFile: "/env-ca.pem"},
			want: Settings{URL: "https://flag.example.com/ovirt-engine/api", URLFrom: "flags", Username: "flag-user",
				Password: "flag-secret", PasswordFrom: "--password-file " + pwFile, CAFile: "/flag-ca.pem",
				Insecure: true, Timeout: 5 * time.Second, Profile: "engine1"}},
		{name: "an unchosen profile's password never goes to another URL", file: one,
			env:  map[string]string{EnvURL: "https://other.example.com"},
			want: Settings{URL: "https://other.example.com/ovirt-engine/api", URLFrom: "environment", Username: DefaultUsername}},
		{name: "same URL as the only profile takes its password", file: one,
			flags: Flags{URL: "https://lab.example.com/ovirt-engine/api"},
			want: Settings{URL: "https://lab.example.com/ovirt-engine/api", URLFrom: "flags", Username: DefaultUsername,
				Password: "quoted secret", PasswordFrom: one + " [lab]", Profile: "lab"}},
		{name: "OVIRT_CONFIG names the file", env: map[string]string{EnvConfig: marked},
			want: Settings{URL: "https://lab.example.com/ovirt-engine/api", URLFrom: marked + " [lab]", Username: DefaultUsername,
				Password: "quoted secret", PasswordFrom: marked + " [lab]", Profile: "lab"}},
		{name: "client certificate: flags beat env", flags: Flags{URL: "https://e", CertFile: "/f.crt", KeyFile: "/f.key"},
			env: map[string]string{EnvCertFile: "/e.crt", EnvKeyFile: "/e.key"},
			want: Settings{URL: "https://e/ovirt-engine/api", URLFrom: "flags", Username: DefaultUsername,
				CertFile: "/f.crt", KeyFile: "/f.key"}},
		{name: "client certificate from env", env: map[string]string{EnvURL: "https://e", EnvCertFile: "/e.crt", EnvKeyFile: "/e.key"},
			want: Settings{URL: "https://e/ovirt-engine/api", URLFrom: "environment", Username: DefaultUsername,
				CertFile: "/e.crt", KeyFile: "/e.key"}},
		{name: "password file from env", env: map[string]string{EnvURL: "https://e", EnvPasswordFile: pwFile},
			want: Settings{URL: "https://e/ovirt-engine/api", URLFrom: "environment", Username: DefaultUsername,
				Password: "flag-secret", PasswordFrom: EnvPasswordFile + "=" + pwFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(Input{Flags: tt.flags, Getenv: envOf(tt.env), ConfigFile: tt.file})
			require.NoError(t, err)
			got.unchosen = ""
			assert.Equal(t, tt.want, *got)
		})
	}
}

func TestResolveErrors(t *testing.T) {
	two := writeFile(t, "ovirt.conf", twoProfiles, 0o600)
	bad := writeFile(t, "bad.conf", "[a]\nno value here\n", 0o600)
	twoMarked2 := writeFile(t, "ovirt.conf", strings.ReplaceAll(twoProfiles, "]\n", "]\ndefault = on\n"), 0o600)
	badDefault := writeFile(t, "ovirt.conf", "[a]\ndefault = sure\n", 0o600)
	hugeTimeout := writeFile(t, "huge.conf", "[x]\ndefault = yes\nengine_url = https://e\ntimeout = 1e300\n", 0o600)
	negative := -time.Second
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		file  string
		want  string
	}{
		{name: "unknown profile", file: two, flags: Flags{Profile: "nope"}, want: `profile "nope" is not in ` + two + " (it has: engine1, engine2)"},
		{name: "profile without file", file: filepath.Join(t.TempDir(), "missing"), flags: Flags{Profile: "p"}, want: "does not exist"},
		{name: "malformed file", file: bad, want: bad + ":2: expected 'key = value'"},
		{name: "two profiles marked default", file: twoMarked2, want: twoMarked2 + " marks several profiles as the default (engine1, engine2): keep default = yes in one"},
		{name: "default is not a boolean", file: badDefault, want: badDefault + ` [a] default: "sure" is not a boolean`},
		{name: "bad URL", env: map[string]string{EnvURL: "engine.example.com"}, want: "environment: invalid engine URL"},
		{name: "bad URL with password", flags: Flags{URL: "https://admin:S3CRET@e:bad/"}, want: "flags: invalid engine URL (not shown: it holds credentials or a query)"},
		{name: "bad URL with query", env: map[string]string{EnvURL: "https://e/%zz?token=S3CRET"}, want: "environment: invalid engine URL (not shown"},
		{name: "URL with password", flags: Flags{URL: "https://admin:S3CRET@e/"}, want: "flags: the engine URL must not hold credentials"},
		{name: "bad bool", env: map[string]string{EnvURL: "https://e", EnvInsecure: "maybe"}, want: `"maybe" is not a boolean`},
		{name: "bad timeout", env: map[string]string{EnvURL: "https://e", EnvTimeout: "soon"}, want: `OVIRT_TIMEOUT: invalid timeout "soon"`},
		{name: "infinite timeout", env: map[string]string{EnvURL: "https://e", EnvTimeout: "inf"}, want: `OVIRT_TIMEOUT: invalid timeout "inf": not a finite number`},
		{name: "huge timeout", env: map[string]string{EnvURL: "https://e", EnvTimeout: "1e300"}, want: `OVIRT_TIMEOUT: invalid timeout "1e300": longer than the maximum`},
		{name: "negative timeout flag", flags: Flags{URL: "https://e", Timeout: &negative}, want: `--timeout: invalid timeout "-1s": it is negative`},
		{name: "huge timeout in file", file: hugeTimeout, want: hugeTimeout + ` [x] timeout: invalid timeout "1e300": longer than the maximum`},
		{name: "missing password file", flags: Flags{PasswordFile: "/nonexistent/pw"}, want: "password file: open /nonexistent/pw"},
		{name: "certificate without key", env: map[string]string{EnvURL: "https://e", EnvCertFile: "/e.crt"},
			want: "environment: a client certificate needs its key"},
		{name: "key without certificate", flags: Flags{URL: "https://e", KeyFile: "/f.key"}, want: "flags: a client certificate needs its key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(Input{Flags: tt.flags, Getenv: envOf(tt.env), ConfigFile: tt.file})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "S3CRET")
		})
	}
}

func TestReadableConfigWarns(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		warn    bool
	}{
		{"owner only", markedProfile, 0o600, false},
		{"world readable with password", markedProfile, 0o644, true},
		{"group readable with password", markedProfile, 0o640, true},
		{"readable without password", "[x]\nengine_url = https://x\ndefault = yes\n", 0o644, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, "ovirt.conf", tt.content, 0o600)
			require.NoError(t, os.Chmod(p, tt.mode))
			s, err := Resolve(Input{ConfigFile: p})
			require.NoError(t, err)
			if !tt.warn {
				assert.Empty(t, s.Warnings)
				return
			}
			require.Len(t, s.Warnings, 1)
			assert.True(t, strings.HasSuffix(s.Warnings[0], "run: chmod 600 "+p), s.Warnings[0])
		})
	}
}

func TestParseINI(t *testing.T) {
	secs, err := ParseINI(strings.NewReader(twoProfiles), "x")
	require.NoError(t, err)
	require.Len(t, secs, 2)
	assert.Equal(t, "bob@internal", secs[1].Values["username"])
	for _, bad := range []string{"key = v\n", "[a\n", "[a]\n[a]\n", "[]\n"} {
		_, err := ParseINI(strings.NewReader(bad), "x")
		assert.Error(t, err, bad)
	}
}

func TestParseTimeout(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string // "" for success
	}{
		{in: "90s", want: 90 * time.Second},
		{in: "90", want: 90 * time.Second},
		{in: " 90 ", want: 90 * time.Second},
		{in: "1.5", want: 1500 * time.Millisecond},
		{in: "2m", want: 2 * time.Minute},
		{in: "0", want: 0},
		{in: "2562047h47m16.854775807s", want: time.Duration(math.MaxInt64)},
		{in: "9223372036", want: 9223372036 * time.Second},
		{in: "soon", err: `OVIRT_TIMEOUT: invalid timeout "soon": use a duration such as 90s or 2m, or a number of seconds`},
		{in: "-1", err: `OVIRT_TIMEOUT: invalid timeout "-1": it is negative`},
		{in: "-5s", err: `OVIRT_TIMEOUT: invalid timeout "-5s": it is negative`},
		{in: "inf", err: `OVIRT_TIMEOUT: invalid timeout "inf": not a finite number`},
		{in: "+Infinity", err: `OVIRT_TIMEOUT: invalid timeout "+Infinity": not a finite number`},
		{in: "-inf", err: `OVIRT_TIMEOUT: invalid timeout "-inf": not a finite number`},
		{in: "NaN", err: `OVIRT_TIMEOUT: invalid timeout "NaN": not a finite number`},
		{in: "1e300", err: `OVIRT_TIMEOUT: invalid timeout "1e300": longer than the maximum, 2562047h47m16s`},
		{in: "9223372037", err: `OVIRT_TIMEOUT: invalid timeout "9223372037": longer than the maximum, 2562047h47m16s`},
		{in: "3000000h", err: `OVIRT_TIMEOUT: invalid timeout "3000000h": longer than the maximum, 2562047h47m16s`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeout(EnvTimeout, tt.in)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
