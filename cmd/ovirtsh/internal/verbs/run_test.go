package verbs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// fixture is a simulator on a manual clock and a way to run command lines against it.
type fixture struct {
	t     *testing.T
	conn  *engine.Connection
	clock enginetest.StepClock
}

func start(t *testing.T) *fixture {
	mc := sim.NewManualClock(time.Time{})
	conn, _ := enginetest.Start(t, enginetest.WithManualClock(mc))
	return &fixture{t: t, conn: conn, clock: enginetest.NewStepClock(mc)}
}

// run runs a command line (split on spaces; quote-free) and returns stdout, stderr and the error,
// advancing the simulated clock by every sleep a --wait asks for.
func (f *fixture) run(line string) (string, string, error) {
	return f.runArgs(strings.Fields(line)...)
}

func (f *fixture) runArgs(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	env := verbs.Env{Stdout: &out, Stderr: &errOut, Clock: f.clock}
	_, err := f.clock.Drive(func() error { return verbs.Run(context.Background(), f.conn, args, env) })
	return out.String(), errOut.String(), err
}

// settle lets the simulator finish what it does after a request (an added VM leaves image_locked).
func (f *fixture) settle() { f.clock.Advance(time.Hour) }

func (f *fixture) vm(name string) *types.Vm {
	vms, err := f.conn.SystemService().VmsService().List(context.Background(), &engine.VmsListParams{Search: types.Ptr("name=" + name)})
	require.NoError(f.t, err)
	require.Len(f.t, vms, 1, name)
	return vms[0]
}

// TestIssueExamples runs the examples of issue 14 as written.
func TestIssueExamples(t *testing.T) {
	f := start(t)
	out, _, err := f.run("add vm --name web1 --cluster Default --template Blank --memory 2GiB --cpu.topology.cores 2")
	require.NoError(t, err)
	assert.Contains(t, out, `"web1"`)
	f.settle()
	vm := f.vm("web1")
	assert.Equal(t, int64(2<<30), vm.GetMemory())
	assert.Equal(t, int64(2), vm.GetCpu().GetTopology().GetCores())

	out, _, err = f.run("list vms --search name=web* --max 10 --all-content -o json --columns name,status,memory")
	require.NoError(t, err)
	assert.Contains(t, out, "web1")
	assert.NotContains(t, out, `"vm1"`)

	out, _, err = f.run("show vm web1")
	require.NoError(t, err)
	assert.Contains(t, out, vm.GetId())
	out, _, err = f.run("show vm " + vm.GetId())
	require.NoError(t, err)
	assert.Contains(t, out, `"web1"`)

	_, _, err = f.run("update vm web1 --memory 4GiB --next-run")
	require.NoError(t, err)
	next, err := f.conn.SystemService().VmsService().VmService(vm.GetId()).Get(context.Background(), &engine.VmGetParams{NextRun: types.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, int64(4<<30), next.GetMemory())

	_, _, err = f.run("action vm web1 start --wait --timeout 5m")
	require.NoError(t, err)
	assert.Equal(t, types.VmStatusUp, f.vm("web1").GetStatus(), "--wait returns once the VM is up")

	_, _, err = f.run("add nic --vm web1 --name nic1 --vnic-profile ovirtmgmt") // the README's ovirt-shell table
	require.NoError(t, err)
	out, _, err = f.run("list nics --vm web1")
	require.NoError(t, err)
	assert.Contains(t, out, "nic1")
	_, _, err = f.run("list reporteddevices --vm web1 --nic nic1") // two levels down
	require.NoError(t, err)

	dir := t.TempDir()
	vv := filepath.Join(dir, "web1.vv")
	_, _, err = f.run("console vm web1 --file " + vv)
	require.NoError(t, err)
	data, err := os.ReadFile(vv)
	require.NoError(t, err)
	assert.Contains(t, string(data), "[virt-viewer]")
	st, err := os.Stat(vv)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the file holds a ticket")

	_, _, err = f.run("action host host1 deactivate --wait")
	require.NoError(t, err)
	hosts, err := f.conn.SystemService().HostsService().List(context.Background(), &engine.HostsListParams{Search: types.Ptr("name=host1")})
	require.NoError(t, err)
	assert.Equal(t, types.HostStatusMaintenance, hosts[0].GetStatus())

	_, _, err = f.run("action vm web1 stop --wait")
	require.NoError(t, err)
	_, _, err = f.run("remove vm web1 --wait")
	require.NoError(t, err)
	_, err = f.conn.SystemService().VmsService().VmService(vm.GetId()).Get(context.Background(), nil)
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, engine.KindNotFound, ee.Kind, "--wait returns once the VM is gone")
}

// TestOutputFormats: typed JSON that jq reads (numbers as numbers), api-json as the engine
// writes it, a table on a terminal, CSV with --columns, and an empty list as [].
func TestOutputFormats(t *testing.T) {
	f := start(t)
	out, _, err := f.run("list vms -o json")
	require.NoError(t, err)
	var vms []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &vms), out)
	require.NotEmpty(t, vms)
	_, isNumber := vms[0]["memory"].(float64)
	assert.True(t, isNumber, "memory is a JSON number: %v", vms[0]["memory"])
	if jq, err := exec.LookPath("jq"); err == nil {
		cmd := exec.Command(jq, "-r", ".[].name")
		cmd.Stdin = strings.NewReader(out)
		names, err := cmd.Output()
		require.NoError(t, err)
		assert.Contains(t, strings.Fields(string(names)), "vm1")
	}

	out, _, err = f.run("list vms --search name=nothing* -o json")
	require.NoError(t, err)
	assert.Equal(t, "[]", strings.TrimSpace(out))

	out, _, err = f.run("list vms --max 1 -o api-json")
	require.NoError(t, err)
	assert.Contains(t, out, `"vm": [`)

	out, _, err = f.run("list vms -o csv --columns name,memory")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "name,memory\n"), out)

	var tty bytes.Buffer
	require.NoError(t, verbs.Run(context.Background(), f.conn, []string{"list", "vms", "--columns", "name,status"},
		verbs.Env{Stdout: &tty, Stderr: &tty, IsTTY: true}))
	assert.Contains(t, tty.String(), "name  status\nvm1")
	assert.NotContains(t, tty.String(), "{")

	_, _, err = f.run("list vms -o table --columns nmae")
	require.Error(t, err)
	assert.True(t, verbs.IsUsage(err))
	assert.Contains(t, err.Error(), "name")
}
