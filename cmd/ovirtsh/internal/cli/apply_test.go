package cli

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestApplyCommandLine runs ovirtsh apply and export through Main: their flags mixed with the
// connection flags, the help, and the exit codes.
func TestApplyCommandLine(t *testing.T) {
	srv := startSim(t, sim.Options{})
	vars := simVars(t, srv, sim.DefaultPassword)
	site := writeScript(t, "ovirt.ensure.tag{name='web', parent='prod'}\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"help", []string{"apply", "--help"}, session.ExitOK, "ovirtsh [flags] apply [--check] [--parallel N] site.lua [ARGS...]", ""},
		{"export help", []string{"export", "-h"}, session.ExitOK, "ovirtsh [flags] export [--search QUERY] KIND...", ""},
		{"check finds changes", []string{"apply", "--check", "--timeout", "90s", site}, session.ExitChangesPending, "+ tag web (parent prod)\n", ""},
		{"flags after the site", []string{"apply", site, "--timeout", "90s"}, session.ExitUsage, "", "the flags of ovirtsh go before the apply arguments"},
		{"-e does not go with apply", []string{"apply", "-e", "1", site}, session.ExitUsage, "", "-e and -i do not go with ovirtsh apply"},
		{"bad parallel", []string{"apply", "--parallel=x", site}, session.ExitUsage, "", "--parallel: 'x' is not a whole number"},
		{"unknown flag", []string{"apply", "--bogus", site}, session.ExitUsage, "", "flag provided but not defined: -bogus"},
		{"flags first, as for the other verbs", []string{"--timeout", "90s", "apply", "--check", site}, session.ExitChangesPending, "+ tag web (parent prod)\n", ""},
		{"flags first, then a misplaced one", []string{"--timeout", "90s", "apply", site, "--debug"}, session.ExitUsage, "", "the flags of ovirtsh go before the apply arguments"},
		{"flags first, help", []string{"--debug", "export", "--help"}, session.ExitOK, "ovirtsh [flags] export [--search QUERY] KIND...", ""},
		{"apply", []string{"apply", site, "--parallel", "2"}, session.ExitOK, "1 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n", ""},
		{"export", []string{"export", "tags"}, session.ExitOK, "ovirt.ensure.tag{\n  name = 'web',\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), vars, "", tc.args...)
			assert.Equal(t, tc.code, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, tc.stdout)
			assert.Contains(t, r.stderr, tc.stderr)
		})
	}
}
