package luabind

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestTypedValues(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{name='web1', memory=2*ovirt.GiB, status=types.VmStatus.UP,
			cluster={name='Default'}, cpu={topology={cores=2, sockets=1}},
			nics={{name='nic1'}, types.Nic{name='nic2'}}}
		print(vm.name, vm.memory, vm.status, vm.cluster.name, vm.cpu.topology.cores)
		print(vm.description, vm.id, vm.cluster.id)
		print(#vm.nics, vm.nics[1].name, vm.nics[2].name, vm.nics[3])
		for i, n in ipairs(vm.nics) do print(i, n.name) end
		vm.memory = 4*ovirt.GiB
		vm.cpu.topology.cores = 8
		vm.nics[3] = {name='nic3'}
		table.insert(vm.nics, types.Nic{name='nic4'})
		print(vm.memory, vm.cpu.topology.cores, #vm.nics, vm.nics[4].name)
		print(types.VmStatus.UP == 'up', vm.status == types.VmStatus.UP, tostring(vm))
		vm.description = nil
		result = vm
	`)
	assert.Equal(t, "web1\t2147483648\tup\tDefault\t2\n"+
		"nil\tnil\tnil\n"+
		"2\tnic1\tnic2\tnil\n"+
		"1\tnic1\n2\tnic2\n"+
		"4294967296\t8\t4\tnic4\n"+
		"true\ttrue\tVm{name=\"web1\"}\n", out.String())
	vm, ok := rt.Global("result").(*types.Vm)
	require.True(t, ok)
	assert.Equal(t, int64(4<<30), *vm.Memory)
	assert.Equal(t, types.VmStatusUp, *vm.Status)
	assert.Equal(t, int64(8), *vm.Cpu.Topology.Cores)
	require.Len(t, vm.Nics.Items, 4)
	assert.Equal(t, "nic3", *vm.Nics.Items[2].Name)
	assert.Nil(t, vm.Description)
}

func TestLargeIntegersStayExact(t *testing.T) {
	rt, _, out := newTest(t)
	big := int64(1<<60 + 1)
	rt.SetGlobal("vm", &types.Vm{Memory: types.Ptr(big), CpuShares: types.Ptr(int64(1 << 53))})
	run(t, rt, `
		print(type(vm.memory), vm.memory, type(vm.cpu_shares), vm.cpu_shares)
		local copy = types.Vm{memory=vm.memory}
		result = copy
	`)
	assert.Equal(t, "string\t1152921504606846977\tnumber\t9007199254740992\n", out.String())
	assert.Equal(t, big, *rt.Global("result").(*types.Vm).Memory)

	// Numbers up to 2^53 in magnitude are exact and accepted; dates within years 1 to 9999 too.
	run(t, rt, `result = types.Vm{memory=2^53, cpu_shares=-2^53, creation_time=0}`)
	vm := rt.Global("result").(*types.Vm)
	assert.Equal(t, int64(1<<53), *vm.Memory)
	assert.Equal(t, int64(-1<<53), *vm.CpuShares)
	assert.Equal(t, int64(0), vm.CreationTime.Unix())
}

func TestConversionErrors(t *testing.T) {
	rt, _, _ := newTest(t)
	for _, tc := range []struct{ src, msg string }{
		{`types.Vm{memroy=1}`, "Vm has no member 'memroy'; did you mean 'memory'?"},
		{`local vm = types.Vm{}; return vm.memroy`, "Vm has no member 'memroy'; did you mean 'memory'?"},
		{`local vm = types.Vm{}; vm.nmae = 'x'`, "Vm has no member 'nmae'; did you mean 'name'?"},
		{`types.Vm{cpu={topology={cores='4'}}}`, "vm.cpu.topology.cores: expected integer, got string"},
		{`types.Vm{cpu={topology={cores=1.5}}}`, "vm.cpu.topology.cores: expected integer, got 1.5"},
		{`types.Vm{cpu={topolgy={}}}`, "vm.cpu: Cpu has no member 'topolgy'; did you mean 'topology'?"},
		{`types.Vm{name=3}`, "vm.name: expected string, got number"},
		{`types.Vm{status='upp'}`, "vm.status: 'upp' is not a VmStatus value; did you mean 'up'?"},
		{`types.Vm{cluster=types.Host{}}`, "vm.cluster: expected Cluster, got Host"},
		{`types.Vm{nics={{name=1}}}`, "vm.nics[1].name: expected string, got number"},
		{`types.Vm{nics={x=1}}`, "vm.nics: expected list of Nic (a table with items 1..n), got a table with other keys"},
		{`types.Vm{creation_time='yesterday'}`, "vm.creation_time: expected date"},
		{`types.Vm{creation_time=0/0}`, "vm.creation_time: expected a date as Unix seconds in years 0001 to 9999, got NaN"},
		{`types.Vm{creation_time=math.huge}`, "vm.creation_time: expected a date as Unix seconds in years 0001 to 9999, got 1.7976931348623157e+308"},
		{`types.Vm{creation_time=1e300}`, "vm.creation_time: expected a date as Unix seconds in years 0001 to 9999, got 1e+300"},
		{`types.Vm{memory=9007199254740995}`, "vm.memory: 9007199254740996 is beyond 2^53, where Lua numbers are not exact integers; pass it as a decimal string such as '9007199254740996'"},
		{`types.Vm{memory=-2^60}`, "vm.memory: -1152921504606846976 is beyond 2^53"},
		{`types.Vm{delete_protected='yes'}`, "vm.delete_protected: expected boolean, got string"},
		{`types.Vm{1, 2}`, "Vm fields must be named, got a number key"},
		{`return types.Vmm`, "there is no type 'Vmm'; did you mean 'Vm'?"},
		{`return types.VmStatus.UPP`, "VmStatus has no value UPP; did you mean 'UP'?"},
		{`local vm = types.Vm{nics={}}; return vm.nics.foo`, "a list of Nic has items 1..0 and href, not 'foo'"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			e := runErr(t, rt, tc.src)
			assert.Equal(t, KindUsage, e.Kind)
			assert.Contains(t, e.Message, tc.msg)
			assert.Equal(t, "<string>:1", e.Where, "errors carry the script line")
		})
	}
}

func TestErrorValuesInLua(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local ok, err = pcall(function()
			return types.Vm{memroy=1}
		end)
		print(ok, err.kind, err.code, err.where, err.message)
		print(tostring(err))
	`)
	assert.Equal(t, "false\tusage\tnil\t<string>:3\tVm has no member 'memroy'; did you mean 'memory'?\n"+
		"<string>:3: Vm has no member 'memroy'; did you mean 'memory'?\n", out.String())
}

func TestPairsOverValuesAndLists(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{name='a', memory=1, cdroms={}, nics={{name='n1'}, {name='n2'}}}
		for k, v in pairs(vm) do print(k, ovirt.typeof(v)) end
		local names = {}
		for _, n in pairs(vm.nics) do names[#names+1] = n.name end
		print(table.concat(names, ','))
		table.sort(vm.nics, function(a, b) return a.name > b.name end)
		print(vm.nics[1].name, table.remove(vm.nics).name, #vm.nics)
		local s = types.Vm{custom_compatibility_version={major=4}}
		print(unpack({1, 2}))
	`)
	assert.Equal(t, "cdroms\tlist\nmemory\tnumber\nname\tstring\nnics\tlist\n"+
		"n1,n2\n"+
		"n2\tn1\t1\n"+
		"1\t2\n", out.String())
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"memroy", "memory", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"same", "same", 0}} {
		assert.Equal(t, tc.d, editDistance(tc.a, tc.b), "%s/%s", tc.a, tc.b)
	}
	assert.Equal(t, "", closest("zzzzzz", []string{"memory", "name"}))
}

func TestPcallKeepsUpvaluesShared(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local n = 0
		local function f() n = n + 1; error('x') end
		print(pcall(f))
		pcall(f)
		print(n)
		local m = 0
		print(xpcall(function() m = m + 1; error('y') end, function(e) return 'handled: ' .. e end))
		print(m)
		-- closures made inside the failed call keep their own values
		local saved
		pcall(function() local v = 'inner'; saved = function() return v end; error('z') end)
		local a, b, c = 1, 2, 3
		print(saved(), a, b, c)
		print(pcall(function(...) return ... end, 'r1', 'r2'))
	`)
	assert.Equal(t, "false\t<string>:3: x\n2\nfalse\thandled: <string>:8: y\n1\ninner\t1\t2\t3\ntrue\tr1\tr2\n", out.String())
}

// TestLinksOfTypedValues pins how hrefs, action links and list-link hrefs read, write and
// iterate now that they go through types.Object and types.ListLink rather than field positions.
func TestLinksOfTypedValues(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`local vm = types.Vm{href='/a/vms/1', name='w'}; print(vm.href)`, "/a/vms/1"},
		{`local vm = types.Vm{name='w'}; print(vm.href, vm.actions)`, "nil\tnil"},
		{`local vm = types.Vm{href='/a'}; vm.href = nil; print(vm.href)`, "nil"},
		{`local vm = types.Vm{href='/a', name='w'}; for k, v in pairs(vm) do print(k, v) end`, "href\t/a\nname\tw"},
		{`local vm = types.Vm{name='w'}; for k, v in pairs(vm) do print(k, v) end`, "name\tw"},
		{`local vm = types.Vm{nics={href='/a/vms/1/nics'}}; print(vm.nics.href, #vm.nics)`, "/a/vms/1/nics\t0"},
		{`local vm = types.Vm{nics={}}; vm.nics.href = '/n'; local c = types.Vm{nics=vm.nics}; print(c.nics.href)`, "/n"},
		{`local vm = types.Vm{nics={{name='n1'}}}; print(vm.nics.href, vm.nics[1].name)`, "nil\tn1"},
		{`local d = types.Vm{nics={href='/n'}, href='/v'}; ovirt.dump(d)`, "Vm\n  href: /v\n  nics: link /n"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			rt, _, out := newTest(t)
			run(t, rt, tc.src)
			assert.Equal(t, tc.want+"\n", out.String())
		})
	}
}

func TestActionLinksOfTypedValues(t *testing.T) {
	rt, _, out := newTest(t)
	rt.SetGlobal("vm", &types.Vm{Actions: []*types.Link{{Rel: "start", Href: "/a/vms/1/start"}}})
	run(t, rt, `local a = vm.actions; print(#a, a[1].rel, a[1].href)`)
	assert.Equal(t, "1\tstart\t/a/vms/1/start\n", out.String())
}
