package luabind

import (
	"fmt"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// benchVMs returns n VMs shaped like decoded list results: identity, status, sizes, references.
func benchVMs(n int) []*types.Vm {
	statuses := types.VmStatusValues()
	vms := make([]*types.Vm, n)
	for i := range vms {
		id := fmt.Sprintf("6a1c0c42-%04x-4f6e-9b1e-%012x", i%0xffff, i)
		vms[i] = &types.Vm{
			Href:    types.Ptr("/ovirt-engine/api/vms/" + id),
			Id:      types.Ptr(id),
			Name:    types.Ptr(fmt.Sprintf("vm%05d", i)),
			Status:  types.Ptr(statuses[i%len(statuses)]),
			Memory:  types.Ptr(int64(1 << 30)),
			Cpu:     &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(2)), Sockets: types.Ptr(int64(1))}},
			Cluster: &types.Cluster{Id: types.Ptr("c1"), Href: types.Ptr("/ovirt-engine/api/clusters/c1")},
			Nics:    &types.List[types.Nic]{Href: "/ovirt-engine/api/vms/" + id + "/nics"},
		}
	}
	return vms
}

const countByStatus = `
local counts = {}
for _, vm in ipairs(vms) do
  local s = vm.status
  counts[s] = (counts[s] or 0) + 1
end
return counts`

// BenchmarkLuaCountByStatus counts 10,000 VMs by status in a Lua loop (through the typed-value
// binding, with the runtime's context checks on) and in the same loop written in Go, in the same
// run, and reports both per VM and their ratio.
func BenchmarkLuaCountByStatus(b *testing.B) {
	vms := benchVMs(10000)
	rt, _, _ := newTest(b)
	L := rt.State()
	rt.SetGlobal("vms", vms)
	fn, err := L.LoadString(countByStatus)
	if err != nil {
		b.Fatal(err)
	}
	var luaTime, goTime time.Duration
	var sink int
	for b.Loop() {
		start := time.Now()
		L.Push(fn)
		L.Call(0, 1)
		counts := L.Get(-1).(*lua.LTable)
		L.Pop(1)
		luaTime += time.Since(start)

		start = time.Now()
		gc := map[types.VmStatus]int{}
		for _, vm := range vms {
			gc[*vm.Status]++
		}
		goTime += time.Since(start)

		if n := int(lua.LVAsNumber(counts.RawGetString("up"))); n != gc[types.VmStatusUp] {
			b.Fatalf("lua counted %d up, go %d", n, gc[types.VmStatusUp])
		}
		sink += len(gc)
	}
	per := float64(b.N * len(vms))
	b.ReportMetric(float64(luaTime.Nanoseconds())/per, "lua-ns/vm")
	b.ReportMetric(float64(goTime.Nanoseconds())/per, "go-ns/vm")
	b.ReportMetric(float64(luaTime)/float64(goTime), "lua/go")
	_ = sink
}
