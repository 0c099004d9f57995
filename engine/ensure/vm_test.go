package ensure_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// web1 is the example declaration.
func web1() ensure.Spec {
	return ensure.Spec{"name": "web1", "cluster": "Default", "template": "Blank", "memory": "2GiB",
		"cpu": map[string]any{"topology": map[string]any{"cores": int64(2)}}, "state": "running",
		"nics":  []any{map[string]any{"name": "nic1", "vnic_profile": "ovirtmgmt"}},
		"disks": []any{map[string]any{"name": "web1_os", "size": "20GiB", "storage_domain": "data1", "format": "cow", "bootable": true}},
		"tags":  []any{"web"}}
}

func TestVMCreateNoopAndCheck(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "web"}, ensure.Options{})

	r, writes := e.must("vm", web1(), ensure.Options{Check: true})
	assert.True(t, r.Changed)
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)
	assert.Equal(t, []string{"add", "add nic nic1", "add disk web1_os", "add tag web", "start"}, r.Actions)
	assert.Equal(t, ensure.Change{To: int64(2 << 30)}, r.Diff["memory"])
	assert.Equal(t, ensure.Change{To: "web1"}, r.Diff["name"])
	assert.Equal(t, ensure.Change{To: "00000000-0000-0000-0000-000000000000"}, r.Diff["template"], "references as ids")
	assert.Equal(t, ensure.Change{To: int64(20 << 30)}, r.Diff["disks.web1_os.provisioned_size"])

	r, writes = e.must("vm", web1(), ensure.Options{})
	assert.Equal(t, "add", r.Op)
	assert.Equal(t, []string{"add", "add nic nic1", "add disk web1_os", "add tag web", "start"}, r.Actions)
	require.Len(t, writes, 5, "%v", writes)
	vm := r.Object.(*types.Vm)
	assert.Equal(t, types.VmStatusUp, vm.GetStatus())
	assert.Equal(t, int64(2<<30), vm.GetMemory())
	assert.Equal(t, int64(2), vm.Cpu.Topology.GetCores())

	n := e.log.Len()
	e.noop("vm", web1())
	for _, q := range e.log.Requests()[n:] {
		assert.NotRegexp(t, `/vms/[^/]+/(nics|diskattachments|tags)`, q.URI, "one read brings the VM's devices")
	}
}

func TestVMChanges(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "web"}, ensure.Options{})
	e.must("vm", web1(), ensure.Options{})
	decl := web1() // each step changes one member more
	with := func(kv ...any) ensure.Spec {
		for i := 0; i < len(kv); i += 2 {
			decl[kv[i].(string)] = kv[i+1]
		}
		return decl
	}
	tests := []struct {
		name    string
		kv      []any
		path    string
		change  ensure.Change
		actions []string
		write   string // part of the one write request
	}{
		{"scalar on a running vm waits for the next run", []any{"memory", "4GiB"}, "memory",
			ensure.Change{From: int64(2 << 30), To: int64(4 << 30), NextRun: true}, []string{"update (next run)"}, "next_run=true"},
		{"scalar changed at once", []any{"description", "front end"}, "description",
			ensure.Change{From: "", To: "front end"}, []string{"update"}, "PUT /ovirt-engine/api/vms/"},
		{"nested", []any{"cpu", map[string]any{"topology": map[string]any{"cores": int64(4)}}}, "cpu.topology.cores",
			ensure.Change{From: int64(2), To: int64(4), NextRun: true}, []string{"update (next run)"}, "next_run=true"},
		{"reference of a nic", []any{"nics", []any{map[string]any{"name": "nic1", "vnic_profile": map[string]any{"name": "ovirtmgmt"}, "interface": "e1000"}}},
			"nics.nic1.interface", ensure.Change{From: "virtio", To: "e1000"}, []string{"update nic nic1"}, "/nics/"},
		{"list", []any{"tags", []any{"web", "prod"}}, "tags",
			ensure.Change{From: []string{"web"}, To: []string{"prod", "web"}}, []string{"add tag prod"}, "/tags"},
		{"a disk more", []any{"disks", []any{map[string]any{"name": "web1_data", "size": "1GiB"}}}, "disks.web1_data.provisioned_size",
			ensure.Change{To: int64(1 << 30)}, []string{"add disk web1_data"}, "POST /ovirt-engine/api/vms/"},
		{"disk grows", []any{"disks", []any{map[string]any{"name": "web1_os", "size": "30GiB"}}}, "disks.web1_os.provisioned_size",
			ensure.Change{From: int64(20 << 30), To: int64(30 << 30)}, []string{"extend disk web1_os"}, "/diskattachments/"},
	}
	for _, tt := range tests {
		spec := with(tt.kv...)
		t.Run(tt.name, func(t *testing.T) {
			r, writes := e.must("vm", spec, ensure.Options{Check: true})
			assert.True(t, r.Changed)
			assert.Empty(t, writes)
			assert.Equal(t, []string{tt.path}, slices.Sorted(maps.Keys(r.Diff)))
			assert.Equal(t, tt.change, r.Diff[tt.path])

			r, writes = e.must("vm", spec, ensure.Options{})
			assert.Equal(t, "change", r.Op)
			assert.Equal(t, tt.actions, r.Actions)
			require.Len(t, writes, 1, "%v", writes)
			assert.Contains(t, writes[0], tt.write)
			e.noop("vm", spec)
		})
	}
}

func TestVMStatesAndAbsent(t *testing.T) {
	e := start(t)
	vm := ensure.Spec{"name": "db1", "cluster": "Default", "memory": "1GiB"}
	r, _ := e.must("vm", vm, ensure.Options{})
	assert.Equal(t, types.VmStatusDown, r.Object.(*types.Vm).GetStatus())

	// a reference: another cluster, by name
	e.must("cluster", ensure.Spec{"name": "c2", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}}, ensure.Options{})
	vm["cluster"] = "c2"
	r, writes := e.must("vm", vm, ensure.Options{})
	assert.Equal(t, []string{"cluster"}, slices.Sorted(maps.Keys(r.Diff)))
	assert.NotEqual(t, r.Diff["cluster"].From, r.Diff["cluster"].To)
	assert.Equal(t, r.Diff["cluster"].To, r.Object.(*types.Vm).Cluster.GetId())
	require.Len(t, writes, 1)
	e.noop("vm", vm)
	vm["cluster"] = "Default"
	e.must("vm", vm, ensure.Options{})
	steps := []struct {
		state   string
		actions []string
		status  types.VmStatus
	}{
		{"suspended", []string{"start", "suspend"}, types.VmStatusSuspended},
		{"running", []string{"start"}, types.VmStatusUp},
		{"stopped", []string{"shutdown"}, types.VmStatusDown},
		{"running", []string{"start"}, types.VmStatusUp},
	}
	for _, st := range steps {
		vm["state"] = st.state
		r, _ := e.must("vm", vm, ensure.Options{})
		assert.Equal(t, st.actions, r.Actions, st.state)
		assert.Equal(t, st.status, r.Object.(*types.Vm).GetStatus())
		assert.Equal(t, string(st.status), r.Diff["status"].To)
		e.noop("vm", vm)
	}

	gone := ensure.Spec{"name": "db1", "state": "absent"}
	r, writes, err := e.ensure("vm", gone, ensure.Options{})
	require.EqualError(t, err, "vm db1: the vm is up: give force=true to power it off before it is removed")
	assert.Empty(t, writes)
	assert.False(t, r.Changed)

	gone["force"] = true
	r, writes = e.must("vm", gone, ensure.Options{Check: true})
	assert.Equal(t, []string{"stop", "remove"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("vm", gone, ensure.Options{})
	assert.Equal(t, "remove", r.Op)
	assert.Equal(t, []string{"stop", "remove"}, r.Actions)
	assert.Len(t, writes, 2)
	assert.Nil(t, r.Object)
	e.noop("vm", gone)
}

func TestVMCloudInitOnFirstStart(t *testing.T) {
	e := start(t)
	s := ensure.Spec{"name": "ci1", "cluster": "Default", "state": "running",
		"initialization": map[string]any{"host_name": "ci1.example.com", "root_password": "s3cret"}}
	r, _ := e.must("vm", s, ensure.Options{})
	assert.Equal(t, []string{"add", "start (cloud-init)"}, r.Actions)
	assert.Equal(t, "ci1.example.com", r.Object.(*types.Vm).GetFqdn())
	assert.Empty(t, r.Object.(*types.Vm).Initialization.GetRootPassword(), "the object after holds no secret")
	for _, q := range e.log.Requests() {
		assert.NotContains(t, q.Body, "s3cret", "the root password reached the log of %s", q)
	}
	for path, c := range r.Diff {
		assert.NotContains(t, strings.ToLower(path), "password", "%v", c)
	}
	e.noop("vm", s)
}

func TestVMBadInput(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "web"}, ensure.Options{})
	e.must("vm", web1(), ensure.Options{})
	tests := []struct {
		name string
		spec ensure.Spec
		want string
	}{
		{"unknown member", ensure.Spec{"name": "web1", "memroy": "1GiB"}, "vm web1: memroy: Vm has no member 'memroy'; did you mean 'memory'?"},
		{"bad state", ensure.Spec{"name": "web1", "state": "runing"}, `vm web1: state: unknown state "runing" for a vm (one of present, absent, running, stopped, suspended); did you mean 'running'?`},
		{"disk shrinks", ensure.Spec{"name": "web1", "disks": []any{map[string]any{"name": "web1_os", "size": "10GiB"}}},
			"vm web1: disk web1_os: size 10 GiB (10737418240 bytes) is smaller than the disk's 20 GiB (21474836480 bytes): a disk cannot shrink"},
		{"missing tag", ensure.Spec{"name": "web1", "tags": []any{"wbe"}}, "vm web1: tags: no tag named 'wbe' in tags; did you mean 'web'?"},
		{"missing id", ensure.Spec{"id": "0c2b1f5e-8d7a-4e2b-9c1d-3f4a5b6c7d8e"}, "vm 0c2b1f5e-8d7a-4e2b-9c1d-3f4a5b6c7d8e: no vm with id 0c2b1f5e-8d7a-4e2b-9c1d-3f4a5b6c7d8e, and a new one needs a name"},
		{"nic twice", ensure.Spec{"name": "web1", "nics": []any{map[string]any{"name": "a"}, map[string]any{"name": "a"}}}, "vm web1: nics[2]: 'a' is declared twice"},
		{"bad size", ensure.Spec{"name": "web1", "memory": "2 lots"}, `vm web1: memory: invalid size "2 lots": expected a number and a unit such as 2GiB, 512MiB or 1.5TiB`},
	}
	// what is wrong with the declaration itself is a *ensure.SpecError (a usage error in Lua)
	specErrors := map[string]bool{"unknown member": true, "bad state": true, "nic twice": true, "bad size": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, writes, err := e.ensure("vm", tt.spec, ensure.Options{})
			require.EqualError(t, err, tt.want)
			assert.Empty(t, writes)
			var se *ensure.SpecError
			assert.Equal(t, specErrors[tt.name], errors.As(err, &se), "%v", err)
		})
	}
}

func TestVMNextRun(t *testing.T) {
	e := start(t)
	s := ensure.Spec{"name": "app1", "cluster": "Default", "memory": "1GiB", "state": "running"}
	e.must("vm", s, ensure.Options{})
	s["memory"] = "3GiB"
	r, writes := e.must("vm", s, ensure.Options{})
	assert.Equal(t, map[string]ensure.Change{"memory": {From: int64(1 << 30), To: int64(3 << 30), NextRun: true}}, r.Diff)
	require.Len(t, writes, 1)
	assert.Contains(t, writes[0], "next_run=true")
	vm := r.Object.(*types.Vm)
	assert.Equal(t, int64(1<<30), vm.GetMemory(), "the running VM keeps its memory until it restarts")
	assert.True(t, vm.GetNextRunConfigurationExists())
	e.noop("vm", s) // compared with the next run's configuration

	s["state"] = "stopped"
	r, _ = e.must("vm", s, ensure.Options{})
	assert.Equal(t, []string{"shutdown"}, r.Actions)
	assert.Equal(t, int64(3<<30), r.Object.(*types.Vm).GetMemory())
	e.noop("vm", s)
}

// TestVMCheckPlansFromPassingStatus: a check of a VM on its way to a status plans from that
// status (without waiting for it, and without writing).
func TestVMCheckPlansFromPassingStatus(t *testing.T) {
	clock := sim.NewManualClock(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	e := start(t, enginetest.WithManualClock(clock))
	vms, err := e.conn.SystemService().VmsService().List(ctx(t), &engine.VmsListParams{Search: types.Ptr("name=vm2")})
	require.NoError(t, err)
	require.NoError(t, e.conn.SystemService().VmsService().VmService(vms[0].GetId()).Start(ctx(t), nil))
	for _, tt := range []struct {
		state   string
		actions []string
	}{{"running", nil}, {"stopped", []string{"shutdown"}}, {"suspended", []string{"suspend"}}} {
		r, writes := e.must("vm", ensure.Spec{"name": "vm2", "state": tt.state}, ensure.Options{Check: true})
		assert.Equal(t, tt.actions, r.Actions, tt.state)
		assert.Empty(t, writes)
	}
}

// TestVMFailureSaysWhatWasDone: a VM made in a cluster without hosts cannot start; the error
// names the VM and the step, and the result says the VM was added.
func TestVMFailureSaysWhatWasDone(t *testing.T) {
	e := start(t)
	e.must("cluster", ensure.Spec{"name": "empty", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}}, ensure.Options{})
	r, writes, err := e.ensure("vm", ensure.Spec{"name": "lonely", "cluster": "empty", "state": "running"}, ensure.Options{})
	require.ErrorContains(t, err, "vm lonely: start: ")
	require.ErrorContains(t, err, "There is no host that satisfies current scheduling constraints")
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, engine.KindConflict, ee.Kind)
	require.NotNil(t, r)
	assert.True(t, r.Changed)
	assert.Equal(t, "add", r.Op)
	assert.Equal(t, []string{"add"}, r.Actions, "the failed start is not among what was done")
	assert.Len(t, writes, 2)
}

// TestVMRenameByID: a declaration with the id of a VM and another name renames it.
func TestVMRenameByID(t *testing.T) {
	e := start(t)
	vms, err := e.conn.SystemService().VmsService().List(ctx(t), &engine.VmsListParams{Search: types.Ptr("name=vm2")})
	require.NoError(t, err)
	s := ensure.Spec{"id": vms[0].GetId(), "name": "vm2b"}
	r, writes := e.must("vm", s, ensure.Options{})
	assert.Equal(t, map[string]ensure.Change{"name": {From: "vm2", To: "vm2b"}}, r.Diff)
	require.Len(t, writes, 1)
	assert.Equal(t, "vm2b", r.Object.(*types.Vm).GetName())
	e.noop("vm", s)
	e.noop("vm", ensure.Spec{"name": "vm2b"})
}
