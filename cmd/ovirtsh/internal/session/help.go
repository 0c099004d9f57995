package session

import (
	"fmt"
	"io"

	lua "github.com/yuin/gopher-lua"
)

const replHelp = `ovirtsh: the oVirt Engine API in Lua, named like the Python SDK.

Globals
  conn     the connection to %s (opened on first use)
  system   conn:system_service(), the root of every service
  ovirt    the module: connect, wait_for, retry, find, dump, table, to_json, from_json, help...
  types    API types and enums: types.Vm{name='web1'}, types.VmStatus.UP

Examples
  system:vms_service():list{search='name=web*', max=10}
  ovirt.table(system:hosts_service():list())
  help(system:vms_service())   help(types.Vm)   help(types.VmStatus)

Keys: Tab completes (globals, methods along the chain, members, parameters inside {),
Ctrl-R searches the history, Ctrl-C cancels the running chunk, Ctrl-D exits.
`

// luaHelp is the global help(x): the overview without an argument, else what ovirt.help(x)
// prints. The lazy
// conn and system are described without connecting.
func (s *Session) luaHelp(L *lua.LState) int {
	x := L.Get(1)
	if x == lua.LNil {
		fmt.Fprintf(s.opts.Stdout, replHelp, s.opts.Target)
		return 0
	}
	switch x {
	case s.sysProxy:
		x = lua.LString("System")
	case s.connProxy:
		fmt.Fprintf(s.opts.Stdout, "conn: the connection to %s\nmethods: %v\n", s.opts.Target, s.rt.ConnMethods())
		return 0
	}
	io.WriteString(s.opts.Stdout, s.rt.Help(x))
	return 0
}
