package session

import (
	"context"
	"fmt"
	"io"
)

const replHelp = `ovirtsh: the oVirt Engine API in Lua, named like the Python SDK.

Globals
  conn     the connection to %s (opened on first use)
  system   conn:system_service(), the root of every service
  ovirt    the module: get, service, find, wait_for, retry, dump, table, to_json, help...
           (help(ovirt) lists its functions, help(ovirt.get) tells one)
  types    API types and enums: types.Vm{name='web1'}, types.VmStatus.UP

Examples
  system:vms_service():list{search='name=web*', max=10}
  ovirt.get('vms/web1')        ovirt.service('vms/web1'):start()
  ovirt.table(system:hosts_service():list())
  help(ovirt)   help(ovirt.get)   help(ovirt.wait_for)
  help(system:vms_service())   help(types.Vm)   help(types.VmStatus)

Keys: Tab completes (globals, methods along the chain, members, parameters inside {),
Ctrl-R searches the history, Ctrl-C cancels the running chunk, Ctrl-D exits.
`

// luaHelp is the global help(x): the overview without an argument, else what ovirt.help(x)
// prints. The lazy conn and system are described without connecting.
func (s *Session) luaHelp(_ context.Context, args []Value) ([]Value, error) {
	var x Value
	if len(args) > 0 {
		x = args[0]
	}
	switch {
	case s.rt.LuaType(x) == "nil":
		fmt.Fprintf(s.opts.Stdout, replHelp, s.opts.Target)
		return nil, nil
	case x == s.sysProxy:
		x = s.rt.ToLua("System")
	case x == s.connProxy:
		fmt.Fprintf(s.opts.Stdout, "conn: the connection to %s\nmethods: %v\n", s.opts.Target, s.rt.ConnMethods())
		return nil, nil
	}
	_, err := io.WriteString(s.opts.Stdout, s.rt.Help(x))
	return nil, err
}
