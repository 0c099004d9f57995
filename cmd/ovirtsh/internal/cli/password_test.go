package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestProfilePasswordStaysWithItsEngine points ovirtsh at an engine that would accept the prod
// profile's password while --profile/OVIRT_PROFILE chooses prod, whose engine_url is elsewhere:
// the password is not sent, and without a terminal ovirtsh fails saying why.
func TestProfilePasswordStaysWithItsEngine(t *testing.T) {
	other := startSim(t, sim.Options{Password: "prod-secret"})
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, other.CACertPEM(), 0o600))
	conf := filepath.Join(dir, "ovirt.conf")
	sameHost := strings.TrimSuffix(strings.ToUpper(other.URL()[:8])+other.URL()[8:], "/ovirt-engine/api")
	require.NoError(t, os.WriteFile(conf, []byte(fmt.Sprintf(
		"[prod]\nengine_url = https://prod.invalid\npassword = prod-secret\ncafile = %s\n"+
			"[same]\nengine_url = %s\npassword = prod-secret\ncafile = %s\n", ca, sameHost, ca)), 0o600))
	tests := []struct {
		name   string
		vars   map[string]string
		args   []string
		code   int
		stderr string
	}{
		{name: "OVIRT_URL with OVIRT_PROFILE", vars: map[string]string{"OVIRT_PROFILE": "prod", "OVIRT_URL": other.URL()},
			code: session.ExitAuth, stderr: "is only sent to that profile's own engine (its engine_url is https://prod.invalid), not to " + other.URL() + " given by OVIRT_URL"},
		{name: "--url with --profile", args: []string{"--profile", "prod", "--url", other.URL()},
			code: session.ExitAuth, stderr: "not to " + other.URL() + " given by --url"},
		{name: "--url with OVIRT_PROFILE", vars: map[string]string{"OVIRT_PROFILE": "prod"}, args: []string{"--url", other.URL()},
			code: session.ExitAuth, stderr: "no password for admin@internal at " + other.URL() + ": the password of " + conf + " [prod]"},
		{name: "the profile's own engine spelled otherwise", vars: map[string]string{"OVIRT_PROFILE": "same"},
			args: []string{"--url", other.URL() + "/"}, code: session.ExitOK},
		{name: "another password for the other engine", vars: map[string]string{"OVIRT_PROFILE": "prod",
			"OVIRT_URL": other.URL(), "OVIRT_PASSWORD": "prod-secret"}, code: session.ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"OVIRT_CONFIG": conf}
			for k, v := range tt.vars {
				vars[k] = v
			}
			r := mainWith(t, context.Background(), vars, "", append(tt.args, "-e", "conn:test(true)")...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, tt.stderr)
			assert.NotContains(t, r.stderr, "prod-secret")
		})
	}
}
