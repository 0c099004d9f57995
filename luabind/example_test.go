package luabind_test

import (
	"context"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
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

// ExampleRuntime_SetGlobals gives a program's scripts what the ovirtsh command gives its own:
// conn, system, types and ovirt, in one call. The simulator stands in for an engine here.
func ExampleRuntime_SetGlobals() {
	ctx := context.Background()
	srv, err := sim.Start(ctx, sim.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	user, password := srv.Credentials()
	conn, err := engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: password, CACerts: srv.CACertPEM()})
	if err != nil {
		panic(err)
	}
	defer conn.Close(ctx)

	rt, err := luabind.New(ctx, luabind.Options{Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	if err := rt.SetGlobals(luabind.Globals{Conn: conn}); err != nil {
		panic(err)
	}
	err = rt.DoString(ctx, `
		print(ovirt.typeof(conn), ovirt.typeof(system), types.VmStatus.UP)
		local vm = system:vms_service():list{search='name=vm1'}[1]
		print(vm.name, vm.status, ovirt.get('vms/vm1').id == vm.id)`)
	if err != nil {
		panic(err)
	}
	// Output:
	// connection	SystemService	up
	// vm1	up	true
}
