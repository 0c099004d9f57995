package cli

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestVerbsExitCodes runs verbs through Main: global flags before the verb, JSON off a
// terminal, and the exit codes of a missing name (7), a conflict (8) and a bad command line (2).
func TestVerbsExitCodes(t *testing.T) {
	srv := startSim(t, sim.Options{})
	vars := simVars(t, srv, sim.DefaultPassword)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "list", args: []string{"--timeout", "1m", "list", "vms", "--max", "1"}, code: session.ExitOK, stdout: `"vm1"`},
		{name: "help needs no engine", args: []string{"help", "vm"}, code: session.ExitOK, stdout: "Actions: "},
		{name: "add --help", args: []string{"add", "vm", "--help"}, code: session.ExitOK, stdout: "* --cluster"},
		{name: "not found", args: []string{"show", "vm", "nosuchvm"}, code: session.ExitNotFound, stderr: "no VM named 'nosuchvm' in vms"},
		{name: "not found by id", args: []string{"show", "vm", "11111111-2222-3333-4444-555555555555"}, code: session.ExitNotFound,
			stderr: "no VM with id '11111111-2222-3333-4444-555555555555'"},
		{name: "reference not found", args: []string{"add", "vm", "--name", "x", "--cluster", "Defualt", "--template", "Blank"},
			code: session.ExitNotFound, stderr: "did you mean 'Default'?"},
		{name: "conflict", args: []string{"add", "vm", "--name", "vm1", "--cluster", "Default", "--template", "Blank"},
			code: session.ExitConflict, stderr: "409"},
		{name: "unknown option", args: []string{"list", "vms", "--serach", "x"}, code: session.ExitUsage, stderr: "did you mean '--search'?"},
		{name: "bad enum", args: []string{"add", "vm", "--name", "x", "--cluster", "Default", "--template", "Blank", "--type", "sever"},
			code: session.ExitUsage, stderr: "'sever' is not a VmType; did you mean 'server'?"},
		{name: "missing mandatory", args: []string{"add", "vm", "--name", "x"}, code: session.ExitUsage,
			stderr: "add vm: missing --cluster, --template"},
		{name: "bad size", args: []string{"update", "vm", "vm1", "--memory", "2 parsecs"}, code: session.ExitUsage, stderr: `--memory: invalid size "2 parsecs"`},
		{name: "unknown noun", args: []string{"list", "vmz"}, code: session.ExitUsage, stderr: "did you mean"},
		{name: "verb typo", args: []string{"lsit", "vms"}, code: session.ExitUsage, stderr: "no script or verb 'lsit'; did you mean 'list'?"},
		{name: "unknown action", args: []string{"action", "vm", "vm1", "strat"}, code: session.ExitUsage, stderr: "did you mean 'start'?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mainWith(t, ctx, vars, "", tc.args...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stdout, tc.stdout)
			assert.Contains(t, r.stderr, tc.stderr)
		})
	}
	r := mainWith(t, ctx, vars, "", "list", "vms", "-o", "json")
	require.Equal(t, session.ExitOK, r.code, r.stderr)
	assert.True(t, json.Valid([]byte(r.stdout)), r.stdout)
}
