package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolveKerberos(t *testing.T) {
	profile := writeFile(t, "ovirt.conf", "[ipa]\ndefault = yes\nengine_url = https://e\nusername = admin@internal\npassword = pw\nkerberos = yes\n", 0o600)
	yes, no := true, false
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		file  string
		want  bool
		err   string
	}{
		{name: "flag", flags: Flags{URL: "https://e", Kerberos: &yes}, want: true},
		{name: "env", env: map[string]string{EnvURL: "https://e", EnvKerberos: "1"}, want: true},
		{name: "profile", file: profile, want: true},
		{name: "flag beats profile", file: profile, flags: Flags{Kerberos: &no}, want: false},
		{name: "env beats profile", file: profile, env: map[string]string{EnvKerberos: "no"}, want: false},
		{name: "unset", env: map[string]string{EnvURL: "https://e"}, want: false},
		{name: "bad env", env: map[string]string{EnvURL: "https://e", EnvKerberos: "maybe"}, err: `environment kerberos: "maybe" is not a boolean`},
		{name: "bad profile", file: writeFile(t, "bad.conf", "[x]\ndefault = yes\nengine_url = https://e\nkerberos = sometimes\n", 0o600),
			err: `[x] kerberos: "sometimes" is not a boolean`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(Input{Flags: tt.flags, Getenv: envOf(tt.env), ConfigFile: tt.file})
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Kerberos)
			if tt.want {
				assert.Empty(t, got.Username, "Kerberos sends no user name")
				assert.Empty(t, got.Password, "Kerberos sends no password")
				assert.Empty(t, got.PasswordFrom)
			} else {
				assert.NotEmpty(t, got.Username)
			}
		})
	}
}
