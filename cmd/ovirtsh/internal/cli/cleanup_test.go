package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// "Create a scratch VM, use it, remove it": the removal registered with ovirt.cleanup runs when
// the script ends, whether it succeeded, failed or was interrupted.
func TestScriptCleanup(t *testing.T) {
	srv := startSim(t, sim.Options{Clock: sim.NewFastClock(1000)})
	vars := simVars(t, srv, sim.DefaultPassword)
	user, pw := srv.Credentials()
	conn, err := engine.Connect(context.Background(), engine.Options{URL: srv.URL(), Username: user, Password: pw, CACerts: srv.CACertPEM()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	count := func(name string) int {
		vms, err := conn.SystemService().VmsService().List(context.Background(), &engine.VmsListParams{Search: types.Ptr("name=" + name)})
		require.NoError(t, err)
		return len(vms)
	}
	const scratch = `
local vms = system:vms_service()
local vm = vms:add(types.Vm{name=arg[1], cluster=types.Cluster{name='Default'}, template=types.Template{name='Blank'}})
ovirt.cleanup(function() ovirt.wait_for(vms:vm_service(vm.id), 'down'); vms:vm_service(vm.id):remove() end, 'remove ' .. vm.name)
print('using', vm.name)
`
	tests := []struct {
		name, vm, tail string
		code           int
		stderr         string
	}{
		{name: "success", vm: "scratch1", tail: "", code: 0},
		{name: "failure", vm: "scratch2", tail: "error('the test failed')", code: 1, stderr: "the test failed"},
		{name: "os.exit", vm: "scratch3", tail: "os.exit(4)", code: 4},
		{name: "a step that fails", vm: "scratch4", code: 1,
			tail:   "ovirt.cleanup(function() error('cannot undo') end, 'detach disk')",
			stderr: "s.lua:6) failed: cannot undo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), vars, "", writeScript(t, scratch+tc.tail), tc.vm)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stdout, "using\t"+tc.vm)
			assert.Contains(t, r.stderr, tc.stderr)
			assert.Equal(t, 0, count(tc.vm), "the scratch VM was removed")
		})
	}
	t.Run("interrupted", func(t *testing.T) {
		// A SIGINT arrives once the script says it uses the VM, while it loops forever.
		var out strings.Builder
		r := mainEnv(t, context.Background(), vars, "", func(e *Env) {
			var signals chan<- os.Signal
			e.Notify = func(c chan<- os.Signal, _ ...os.Signal) { signals = c }
			e.Stop = func(chan<- os.Signal) {}
			e.Stdout = writerFunc(func(p []byte) (int, error) {
				out.Write(p)
				if strings.Contains(string(p), "using") {
					signals <- os.Interrupt
				}
				return len(p), nil
			})
		}, writeScript(t, scratch+"while true do end"), "scratch5")
		assert.Equal(t, 3, r.code, r.stderr)
		assert.Contains(t, out.String(), "using\tscratch5")
		assert.Equal(t, 0, count("scratch5"), "the scratch VM was removed")
	})
}
