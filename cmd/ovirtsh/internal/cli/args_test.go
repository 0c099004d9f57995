package cli

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ovirt.args parses a script's command line before anything connects: a bad argument exits 2
// with the usage, --help exits 0 with it on stdout, and good arguments reach the script.
func TestScriptArgs(t *testing.T) {
	// An engine that cannot be reached: touching the connection would end in exit code 5.
	down := map[string]string{"OVIRT_URL": "https://127.0.0.1:1/ovirt-engine/api", "OVIRT_USERNAME": "u", "OVIRT_PASSWORD": "p"}
	script := writeScript(t, `
local a = ovirt.args{usage='Starts VM.',
  {name='vm', required=true, help='the VM to start'},
  {name='--timeout', type='number', default=300},
}
print('vm', a.vm, 'timeout', a.timeout)
if a.vm == 'connect' then print(#system:vms_service():list()) end
`)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"good arguments", []string{"web1", "--timeout", "5"}, 0, "vm\tweb1\ttimeout\t5\n", ""},
		{"missing argument", nil, 2, "", "s.lua: VM is required\nusage: s.lua [options] VM\n\nStarts VM.\n"},
		{"bad option", []string{"web1", "--timeuot=3"}, 2, "", "s.lua: unknown option --timeuot (did you mean --timeout?)\n"},
		{"help", []string{"--help"}, 0, "usage: s.lua [options] VM\n\nStarts VM.\n\n  VM                 the VM to start\n", ""},
		{"the engine is reached only after", []string{"connect"}, 5, "vm\tconnect\ttimeout\t300\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), down, "", append([]string{script}, tc.args...)...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stdout, tc.stdout)
			assert.Contains(t, r.stderr, tc.stderr)
		})
	}
}
