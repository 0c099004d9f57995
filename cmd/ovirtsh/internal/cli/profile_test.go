package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestProfileChoiceAndSim checks which engine conn reaches: a config file's only profile is not
// used unless chosen or marked default = yes, and --sim reaches the built-in simulator whatever
// the flags, the environment and the config file name.
func TestProfileChoiceAndSim(t *testing.T) {
	lab := startSim(t, sim.Options{})
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, lab.CACertPEM(), 0o600))
	section := fmt.Sprintf("[lab]\nengine_url = %s\nusername = admin@internal\npassword = %s\ncafile = %s\n",
		lab.URL(), sim.DefaultPassword, ca)
	only := filepath.Join(dir, "only.conf")
	require.NoError(t, os.WriteFile(only, []byte(section), 0o600))
	marked := filepath.Join(dir, "marked.conf")
	require.NoError(t, os.WriteFile(marked, []byte(section+"default = yes\n"), 0o600))

	const builtIn = "using the built-in simulator at"
	tests := []struct {
		name   string
		vars   map[string]string
		args   []string
		lab    bool   // conn reaches lab, else the built-in simulator
		quiet  bool   // the built-in simulator was asked for: stderr does not name it
		stderr string // a line stderr holds
	}{
		{name: "the only profile, unmarked, is not used", vars: map[string]string{"OVIRT_CONFIG": only},
			stderr: "has profiles (lab) but none is chosen or marked as the default"},
		{name: "the only profile chosen by OVIRT_PROFILE", vars: map[string]string{"OVIRT_CONFIG": only, "OVIRT_PROFILE": "lab"}, lab: true},
		{name: "the only profile chosen by --profile", vars: map[string]string{"OVIRT_CONFIG": only}, args: []string{"--profile", "lab"}, lab: true},
		{name: "the profile marked default", vars: map[string]string{"OVIRT_CONFIG": marked}, lab: true},
		{name: "--sim beats the marked profile, quietly", vars: map[string]string{"OVIRT_CONFIG": marked}, args: []string{"--sim"},
			quiet: true},
		{name: "--sim says where with --debug", vars: map[string]string{"OVIRT_CONFIG": marked}, args: []string{"--sim", "--debug"},
			stderr: "--sim: " + builtIn},
		{name: "--sim beats flags and environment", args: []string{"--sim", "--profile", "lab", "--url", lab.URL(), "--kerberos"},
			vars:  map[string]string{"OVIRT_CONFIG": marked, "OVIRT_URL": lab.URL(), "OVIRT_PASSWORD": "x", "OVIRT_PROFILE": "nope"},
			quiet: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "-e", "conn:url()")
			r := mainWith(t, context.Background(), tt.vars, "", args...)
			require.Equal(t, session.ExitOK, r.code, r.stderr)
			if tt.lab {
				assert.Equal(t, lab.URL()+"\n", r.stdout)
				assert.NotContains(t, r.stderr, builtIn)
			} else {
				assert.NotEqual(t, lab.URL()+"\n", r.stdout)
				if tt.quiet {
					assert.NotContains(t, r.stderr, builtIn)
				} else {
					assert.Contains(t, r.stderr, builtIn)
				}
			}
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}
