package luabind

import (
	"reflect"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// BenchmarkToLuaVmList converts a method result of 10,000 VMs to the Lua table of typed values
// a script gets from list().
func BenchmarkToLuaVmList(b *testing.B) {
	rt := newBare(b)
	vms := make([]*types.Vm, 10000)
	for i := range vms {
		vms[i] = &types.Vm{Name: types.Ptr("vm"), Status: types.Ptr(types.VmStatusUp)}
	}
	v := reflect.ValueOf(vms)
	b.ReportAllocs()
	for b.Loop() {
		if t := rt.toLua(v, false).(*lua.LTable); t.Len() != len(vms) {
			b.Fatal(t.Len())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(vms)), "ns/vm")
}
