package luabind

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaitFor(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm_service = conn:system_service():vms_service():vm_service(VM2)
		print(ovirt.wait_for(vm_service, types.VmStatus.DOWN).name)
		vm_service:start()
		local seen = {}
		local vm = ovirt.wait_for(vm_service, 'up', {timeout=30, interval=0.01,
			on_change=function(obj, status, previous) seen[#seen+1] = tostring(previous) .. '->' .. status end})
		print(vm.status, seen[1]:match('^nil%->') ~= nil, seen[#seen]:match('%->up$') ~= nil)
		print(ovirt.wait_for(vm_service, function(v) return v.memory > 0 end).name)
		vm_service:stop()
		ovirt.wait_for(vm_service, 'down', {timeout=30, interval=0.01})
		vm_service:remove()
		print(ovirt.wait_for(vm_service, 'removed', {timeout=30, interval=0.01}))
		local ok, err = pcall(ovirt.wait_for, vm_service, 'up')
		print(ok, err.kind)
	`)
	assert.Equal(t, "vm2\nup\ttrue\ttrue\nvm2\nnil\nfalse\tnot_found\n", out.String())

	e := runErr(t, rt, `
		local vm_service = conn:system_service():vms_service():vm_service(VM1)
		ovirt.wait_for(vm_service, 'down', {timeout=0.05, interval=0.01})`)
	assert.Equal(t, KindTimeout, e.Kind)
	assert.Equal(t, "<string>:3", e.Where, "the position is the caller's, not the helper's")
	assert.Contains(t, e.Message, "timed out after 0.05s waiting for VmService(vms/"+rt.Global("VM1").(string)+") to be 'down'; last status: 'up'")

	e = runErr(t, rt, `ovirt.wait_for(conn:system_service():vms_service():vm_service(VM1), 3)`)
	assert.Equal(t, KindUsage, e.Kind)
}

func TestWaitForNotFound(t *testing.T) {
	const never = `local s = conn:system_service():vms_service():vm_service('junk') `
	const vm2 = `local s = conn:system_service():vms_service():vm_service(VM2) `
	// on_change runs after the first get: removing the VM there makes the second get not found.
	const removeOnFirst = `{interval=0.01, on_change=function(obj) if obj then s:remove() end end}`
	tests := []struct {
		name, src string
		msg       string // "" when the wait succeeds; %s is the id of vm2
	}{
		{name: "never existed, waiting for a status", src: never + `ovirt.wait_for(s, 'up', {timeout=5})`,
			msg: "wait_for: VmService(vms/junk) was not found (waiting for 'up')"},
		{name: "never existed, waiting for removal", src: never + `assert(ovirt.wait_for(s, 'removed', {timeout=5}) == nil)`},
		{name: "never existed, predicate sees nil", src: never + `assert(ovirt.wait_for(s, function(v) return v == nil end) == nil)`},
		{name: "removed after being seen", src: vm2 + `ovirt.wait_for(s, 'up', ` + removeOnFirst + `)`,
			msg: "wait_for: VmService(vms/%s) was removed while waiting for 'up'"},
		{name: "removed after being seen, waiting for removal", src: vm2 + `assert(ovirt.wait_for(s, 'removed', ` + removeOnFirst + `) == nil)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, _, _ := newTest(t)
			if tt.msg == "" {
				run(t, rt, tt.src)
				return
			}
			e := runErr(t, rt, tt.src)
			assert.Equal(t, KindNotFound, e.Kind, e.Message)
			assert.Equal(t, 404, e.Code)
			assert.Equal(t, strings.ReplaceAll(tt.msg, "%s", rt.Global("VM2").(string)), e.Message)
			assert.Equal(t, "<string>:1", e.Where, "the position is the caller's")
		})
	}
}

func TestRetry(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local n = 0
		print(ovirt.retry(function() n = n + 1; if n < 3 then error('flaky') end; return 'ok', n end,
			{attempts=5, delay=0.001}))
		n = 0
		local ok, err = pcall(ovirt.retry, function() n = n + 1; error(ovirt.error{kind='connection', message='down'}) end,
			{attempts=2, delay=0.001})
		print(ok, err.kind, n)
		n = 0
		ok, err = pcall(ovirt.retry, function() n = n + 1; return types.Vm{memroy=1} end, {delay=0.001})
		print(ok, err.kind, n)
		-- the engine's 400 is not retried by default; a retry_if can ask for it
		local vms = conn:system_service():vms_service()
		n = 0
		ok, err = pcall(ovirt.retry, function() n = n + 1; return vms:add{vm={name='x'}} end, {delay=0.001})
		print(ok, err.kind, n)
		n = 0
		ok, err = pcall(ovirt.retry, function() n = n + 1; return vms:add{vm={name='x'}} end,
			{attempts=2, delay=0.001, retry_if=function(e) return e.kind == 'invalid' end})
		print(ok, err.kind, n)
		-- a 409 is retried
		n = 0
		ok, err = pcall(ovirt.retry, function() n = n + 1
			return vms:add{vm={name='vm1', cluster={name='Default'}, template={name='Blank'}}} end, {attempts=2, delay=0.001})
		print(ok, err.kind, n)
		n = 0
		ok, err = pcall(ovirt.retry, function() n = n + 1; error(ovirt.error{kind='not_found', message='gone'}) end, {delay=0.001})
		print(ok, err.kind, n)
	`)
	assert.Equal(t, "ok\t3\nfalse\tconnection\t2\nfalse\tusage\t1\n"+
		"false\tinvalid\t1\nfalse\tinvalid\t2\nfalse\tconflict\t2\nfalse\tnot_found\t1\n", out.String())
}

func TestFind(t *testing.T) {
	rt, log, out := newTest(t)
	run(t, rt, `
		local vms = conn:system_service():vms_service()
		print(ovirt.find(vms, 'vm1').id == VM1, ovirt.find(vms, 'nothing'))
	`)
	assert.Equal(t, "true\tnil\n", out.String())
	assert.Equal(t, "GET /ovirt-engine/api/vms?search=name%3Dnothing", log.Last().String())
}

func TestDumpAndTable(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{name='web1', memory=ovirt.GiB, status='up', cpu={topology={cores=2}},
			nics={{name='nic1'}}, disk_attachments={href='/ovirt-engine/api/vms/1/diskattachments'}}
		ovirt.dump(vm)
		ovirt.dump({1, 'two', x={y=true}})
		ovirt.table({vm, types.Vm{name='db', status='down', memory=2*ovirt.GiB}}, {'name', 'status', 'memory', 'cpu.topology.cores'})
		ovirt.table(conn:system_service():vms_service():list{search='name=vm*'}, {'name', 'status'})
	`)
	assert.Equal(t, `Vm
  cpu: Cpu
    topology: CpuTopology
      cores: 2
  disk_attachments: link /ovirt-engine/api/vms/1/diskattachments
  memory: 1073741824
  name: web1
  nics: list of Nic (1)
    [1] Nic
      name: nic1
  status: up
table
  [1] 1
  [2] two
  x: table
    y: true
name  status  memory  cpu.topology.cores
web1  up      1 GiB   2
db    down    2 GiB
name  status
vm1   up
vm2   down
`, out.String())
}

func TestJSON(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{href='/ovirt-engine/api/vms/1', id='1', name='web1', memory=ovirt.GiB, status='up',
			stateless=false, creation_time='2024-05-01T10:00:00Z', cpu={topology={cores=2}},
			nics={{name='nic1'}}, disk_attachments={href='/ovirt-engine/api/vms/1/diskattachments'},
			custom_properties={{name='a', value='b'}}}
		local text = ovirt.to_json(vm, 0)
		print(text)
		local back = ovirt.from_json(text, 'Vm')
		print(ovirt.to_json(back, 0) == text, back.memory, back.creation_time, back.disk_attachments.href)
		print(ovirt.to_json({vm}, 0):sub(1, 30))
		local list = ovirt.from_json('{"vm": [{"id": "1", "memory": 5, "stateless": true}, {"id": "2"}]}', 'Vm')
		print(#list, list[1].memory, list[1].stateless, list[2].id)
		print(ovirt.to_json({a=1, b={true, 'x'}}, 0))
	`)
	assert.Equal(t, `{"href":"/ovirt-engine/api/vms/1","cpu":{"topology":{"cores":"2"}},"creation_time":1714557600000,`+
		`"custom_properties":{"custom_property":[{"name":"a","value":"b"}]},"id":"1","memory":"1073741824","name":"web1",`+
		`"nics":{"nic":[{"name":"nic1"}]},"stateless":"false","status":"up",`+
		`"link":[{"href":"/ovirt-engine/api/vms/1/diskattachments","rel":"diskattachments"}]}`+"\n"+
		"true\t1073741824\t2024-05-01T10:00:00Z\t/ovirt-engine/api/vms/1/diskattachments\n"+
		`{"vm":[{"href":"/ovirt-engine/`+"\n"+
		"2\t5\ttrue\t2\n"+
		`{"a":1,"b":[true,"x"]}`+"\n", out.String())

	e := runErr(t, rt, `ovirt.from_json('{"memory": "lots"}', 'Vm')`)
	assert.Contains(t, e.Message, "vm.memory: expected integer, got string")
	e = runErr(t, rt, `ovirt.from_json('{}', 'Vmm')`)
	assert.Contains(t, e.Message, "did you mean 'Vm'?")
}

func TestHelp(t *testing.T) {
	rt, _, out := newTest(t)
	for _, tc := range []struct{ src, want string }{
		{`ovirt.help(conn:system_service():vms_service().list)`, "VmsService:list{all_content, case_sensitive, filter, follow, max, ovf_as_ova, search} -> list of Vm\n" +
			"  http://ovirt.github.io/ovirt-engine-api-model/#services/vms/methods/list\n"},
		{`ovirt.help(conn:system_service():vms_service().add)`, "  vm                   Vm (the request body; may be passed alone)\n"},
		{`ovirt.help(conn:system_service():vms_service().vm_service)`, "VmsService:vm_service(id) -> VmService\n"},
		{`ovirt.help(conn:system_service():vms_service())`, "  add(vm [, {auto_pinning_policy, clone, clone_permissions, filter, seal}]) -> Vm\n"},
		{`ovirt.help(types.Vm)`, "Vm (struct, extends VmBase): types.Vm{name=value, ...}\n  http://ovirt.github.io/ovirt-engine-api-model/#types/vm\n"},
		{`ovirt.help(types.Vm{})`, "  status                            VmStatus: unassigned, down, up,"},
		{`ovirt.help(types.VmStatus)`, "  types.VmStatus.WAIT_FOR_LAUNCH = 'wait_for_launch'\n"},
		{`ovirt.help('VmStatus')`, "VmStatus (enum)\n  http://ovirt.github.io/ovirt-engine-api-model/#types/vm_status\n"},
		{`ovirt.help('VmsService')`, "VmsService\n"},
		{`ovirt.help(42)`, "no help for number"},
	} {
		out.Reset()
		run(t, rt, tc.src)
		assert.Contains(t, out.String(), tc.want, tc.src)
	}
}

func TestSizesAndTypeof(t *testing.T) {
	rt, _, _ := newTest(t)
	vals, err := rt.Eval(t.Context(), prelude+`return ovirt.KiB, ovirt.MiB, ovirt.GiB, ovirt.TiB, ovirt.typeof(types.Vm{}),
		ovirt.typeof(conn), ovirt.typeof(conn:system_service()), ovirt.typeof(types.Vm{nics={}}.nics), ovirt.typeof({})`)
	require.NoError(t, err)
	assert.Equal(t, []any{int64(1024), int64(1 << 20), int64(1 << 30), int64(1 << 40), "Vm", "connection", "SystemService", "list", "table"}, vals)
}

// Mistakes in the arguments of the Lua-written helpers are caught before any waiting: a typo in
// an option would otherwise wait the default 300 s, and a status the object can never have would
// wait until the timeout.
func TestStdlibArgumentErrors(t *testing.T) {
	rt, _, _ := newTest(t)
	const svc = `local s = conn:system_service():vms_service():vm_service(VM2) `
	for _, tc := range []struct{ src, msg string }{
		{svc + `ovirt.wait_for(s, 'down', {timout=1})`, "wait_for has no option 'timout'; did you mean 'timeout'?"},
		{svc + `ovirt.wait_for(s, 'down', {timeout='1'})`, "wait_for: timeout: expected a number of seconds (0 or more), got string"},
		{svc + `ovirt.wait_for(s, 'down', {timeout=-1})`, "wait_for: timeout: expected a number of seconds (0 or more), got -1"},
		{svc + `ovirt.wait_for(s, 'down', {interval=0})`, "wait_for: interval: expected a number of seconds (more than 0), got 0"},
		{svc + `ovirt.wait_for(s, 'down', {on_change=1})`, "wait_for: on_change: expected a function, got number"},
		{svc + `ovirt.wait_for(s, 'down', 5)`, "wait_for: expected a table of options, got number"},
		{svc + `ovirt.wait_for(s, 'upp', {timeout=60})`, "wait_for: 'upp' is not a VmStatus value; did you mean 'up'?"},
		{`ovirt.retry(function() end, {atempts=2})`, "retry has no option 'atempts'; did you mean 'attempts'?"},
		{`ovirt.retry(function() end, {attempts=0})`, "retry: attempts: expected an integer (1 or more), got 0"},
		{`ovirt.retry(function() end, {delay=-1})`, "retry: delay: expected a number of seconds (0 or more), got -1"},
		{`ovirt.retry(function() end, {retry_if='x'})`, "retry: retry_if: expected a function, got string"},
		{`ovirt.retry(function() end, {backoff=0/0})`, "retry: backoff: expected a factor (0 or more), got NaN"},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			e := runErr(t, rt, tc.src)
			assert.Equal(t, KindUsage, e.Kind, e.Message)
			assert.Contains(t, e.Message, tc.msg)
			assert.Equal(t, "<string>:1", e.Where, "the position is the caller's")
		})
	}
	// A status the model does not know is still accepted while the object has it (a newer engine).
	run(t, rt, `
		local s = conn:system_service():vms_service():vm_service(VM2)
		assert(ovirt.wait_for(s, 'DOWN', {timeout=1}).status == 'down')`)
}
