package luabind_test

import (
	"context"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// Example embeds a runtime: a Go function and a Go value go in, typed values and errors come out.
// With Options.Conn set, scripts also reach the engine as ovirt.connection.
func Example() {
	rt, err := luabind.New(context.Background(), luabind.Options{Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	rt.Register("double", func(L *lua.LState) int {
		L.Push(L.CheckNumber(1) * 2)
		return 1
	})
	rt.SetGlobal("vm", &types.Vm{Name: types.Ptr("web1"), Status: types.Ptr(types.VmStatusUp)})

	vals, err := rt.Eval(context.Background(), `
		local ovirt = require('ovirt')
		print(vm.name, vm.status == ovirt.types.VmStatus.UP, vm.memory)
		local db = ovirt.types.Vm{name='db1', memory=2*ovirt.GiB, cluster={name='Default'}}
		return db, double(21)`)
	if err != nil {
		panic(err)
	}
	db := vals[0].(*types.Vm)
	fmt.Println(*db.Name, *db.Memory, *db.Cluster.Name, vals[1])

	err = rt.DoString(context.Background(), `require('ovirt').types.Vm{memroy=1}`)
	fmt.Println(err)
	// Output:
	// web1	true	nil
	// db1 2147483648 Default 42
	// <string>:1: Vm has no member 'memroy'; did you mean 'memory'?
}
