package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfilePasswordOnlyGoesToItsEngine tries every combination of where the URL comes from
// (--url, OVIRT_URL, both, neither; the profile's engine spelled differently or another engine),
// where a password comes from (--password-file, OVIRT_PASSWORD, both, neither) and how the profile
// is chosen (--profile, OVIRT_PROFILE, marked with default = yes). The profile's password is used
// exactly when the URL in effect is the profile's engine.
func TestProfilePasswordOnlyGoesToItsEngine(t *testing.T) {
	const prodPW = "prod-secret"
	prodFile := "[prod]\nengine_url = https://prod.example.com\nusername = produser\npassword = " + prodPW + "\n"
	several := writeFile(t, "several.conf", prodFile+"[lab]\nengine_url = https://lab.example.com\n", 0o600)
	only := writeFile(t, "only.conf", prodFile+"default = yes\n", 0o600)
	pwFile := writeFile(t, "pw", "flag-secret\n", 0o600)

	urls := map[string]string{ // "" is unset
		"":      "",
		"same":  "HTTPS://Prod.Example.COM:443/ovirt-engine//api/",
		"same2": "https://prod.example.com./",
		"other": "https://other.example.com/ovirt-engine/api",
		"port":  "https://prod.example.com:8443",
		"http":  "http://prod.example.com",
	}
	urlKinds := []string{"", "same", "same2", "other", "port", "http"}
	for _, choose := range []string{"--profile", EnvProfile, "marked default"} {
		for _, flagURL := range urlKinds {
			for _, envURL := range urlKinds {
				for _, flagPW := range []bool{false, true} {
					for _, envPW := range []bool{false, true} {
						name := fmt.Sprintf("%s/url=%q,env=%q/pwfile=%v,envpw=%v", choose, flagURL, envURL, flagPW, envPW)
						t.Run(name, func(t *testing.T) {
							in := Input{Flags: Flags{URL: urls[flagURL]}, ConfigFile: several}
							env := map[string]string{EnvURL: urls[envURL]}
							switch choose {
							case "--profile":
								in.Flags.Profile = "prod"
							case EnvProfile:
								env[EnvProfile] = "prod"
							default:
								in.ConfigFile = only
							}
							if flagPW {
								in.Flags.PasswordFile = pwFile
							}
							if envPW {
								env[EnvPassword] = "env-secret"
							}
							in.Getenv = envOf(env)

							effective := firstNonEmpty(flagURL, envURL, "profile")
							ownEngine := effective == "profile" || strings.HasPrefix(effective, "same")
							var wantPW, wantWithheld string
							switch {
							case flagPW:
								wantPW = "flag-secret"
							case envPW:
								wantPW = "env-secret"
							case ownEngine:
								wantPW = prodPW
							case choose != "marked default":
								wantWithheld = "the password of " + several + " [prod] is only sent to that profile's own engine"
							}

							s, err := Resolve(in)
							require.NoError(t, err)
							assert.Equal(t, wantPW, s.Password)
							if wantWithheld == "" {
								assert.Empty(t, s.PasswordWithheld)
							} else {
								assert.Contains(t, s.PasswordWithheld, wantWithheld)
								assert.Contains(t, s.PasswordWithheld, s.URL, "the reason names the URL")
								assert.Contains(t, s.PasswordWithheld, map[bool]string{true: "--url", false: EnvURL}[flagURL != ""])
							}
							if !ownEngine {
								assert.NotContains(t, fmt.Sprintf("%+v", *s), prodPW)
							}
							if ownEngine || choose != "marked default" {
								assert.Equal(t, "prod", s.Profile)
								assert.Equal(t, "produser", s.Username)
							} else {
								assert.Empty(t, s.Profile, "an unchosen profile for another engine does not apply")
							}
						})
					}
				}
			}
		}
	}
}

func TestWithheldNamesAProfileWithoutURL(t *testing.T) {
	p := writeFile(t, "ovirt.conf", "[creds]\nusername = u@internal\npassword = S3CRET\n", 0o600)
	s, err := Resolve(Input{Flags: Flags{URL: "https://e.example.com", Profile: "creds"}, ConfigFile: p})
	require.NoError(t, err)
	assert.Empty(t, s.Password)
	assert.Equal(t, "u@internal", s.Username)
	assert.Equal(t, "the password of "+p+" [creds] is only sent to that profile's own engine (it has no engine_url), "+
		"not to https://e.example.com/ovirt-engine/api given by --url", s.PasswordWithheld)
}

func TestSameEngine(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://e", "https://e/ovirt-engine/api", true},
		{"https://e/", "https://e/ovirt-engine/api/", true},
		{"https://E.Example.com", "https://e.example.COM", true},
		{"https://e.example.com.", "https://e.example.com", true},
		{"https://e:443", "https://e", true},
		{"http://e:80/ovirt-engine/api", "http://e", true},
		{"HTTPS://e", "https://e", true},
		{"https://e/ovirt-engine/./api", "https://e//ovirt-engine/api", true},
		{"https://e/x/../ovirt-engine/api", "https://e", true},
		{"https://[::1]:443/", "https://[::1]", true},
		{"https://e", "http://e", false},
		{"https://e", "https://e:8443", false},
		{"http://e:443", "https://e", false},
		{"https://e", "https://f", false},
		{"https://e.example.com", "https://e.example.com.evil.org", false},
		{"https://e/ovirt-engine/api", "https://e/other/api", false},
		{"https://e", "", false},
		{"", "", false},
		{"e.example.com", "e.example.com", false},
		{"ftp://e", "ftp://e", false},
		{"https://u:p@e", "https://e", false},
		{"https://[::1]", "https://[::2]", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			assert.Equal(t, tt.same, sameEngine(tt.a, tt.b))
			assert.Equal(t, tt.same, sameEngine(tt.b, tt.a))
		})
	}
}
