// Package luabind brings the oVirt Engine API to Lua (gopher-lua, Lua 5.1) under the names of the
// Python SDK, so that its documentation and examples translate line by line:
//
//	local ovirt = require('ovirt')
//	local conn = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file=CA}
//	local vms_service = conn:system_service():vms_service()
//	for _, vm in ipairs(vms_service:list{search='name=web*'}) do print(vm.name, vm.status) end
//	local vm = vms_service:add(ovirt.types.Vm{name='web1', cluster={name='Default'}, template={name='Blank'}})
//	ovirt.wait_for(vms_service:vm_service(vm.id), 'down')
//
// # Runtime
//
// A Runtime owns one Lua state and no global state: New(ctx, Options{Conn, Stdout}) preloads the
// module "ovirt"; DoString, DoFile, Eval and Run execute code; Register, Preload and SetGlobal add
// Go functions, modules and values; SetGlobals sets the ovirtsh command's globals (ovirt, types,
// conn and system, the connection opened on first use if asked); Global and Value read results
// back; Close ends it. The
// runtime's context (and the one given to Run) stops running Lua code and the requests in flight.
// Lua runs on one goroutine at a time; requests run in their own goroutines and hand their Go
// results back, which are converted to Lua values on the Lua goroutine.
//
// An embedder such as the ovirtsh command needs no gopher-lua of its own: Compile, CompileFile,
// Call and Explain run chunks and say what their errors mean; JSON, Format, Table, Help,
// Describe and IsList give in Go what ovirt.to_json, format, table and help give scripts;
// SetFunc, Lazy, Require and the read-only GlobalNames, Keys, RawGet and Lookup reach globals
// and tables without calling into Lua. The engine's JSON form itself is engine/jsoncodec.
//
// # Limits and sandbox
//
// string.rep, string.format and table.concat refuse to build a string longer than
// Options.MaxStringBytes (256 MiB by default) with a Lua error naming the limit, before
// allocating it: Go's out-of-memory error would end the process past any pcall. The Lua stack
// grows to a million slots, so unpack and table.concat of 100,000 items work. Options.MemoryLimit
// stops a running chunk with ErrMemoryLimit once the process's Go heap exceeds it (a '..' in a
// loop, which no cap sees).
//
// Options.Restricted is for hosts that run scripts they do not fully trust. os.execute, os.exit,
// os.getenv (the environment often holds credentials), os.setenv, os.remove, os.rename,
// os.tmpname, loadfile, dofile, io (but io.write, to Stdout) and debug (but debug.traceback) raise
// an error naming what was refused. require finds preloaded modules and Lua files under
// Options.AllowedPaths, nowhere else (symbolic links resolved), and the files upload_disk,
// download_disk and connect (ca_file, cert_file, key_file) name must be under them too. Scripts
// can still reach any engine through ovirt.connect. The ovirtsh command runs unrestricted.
//
// # Names and values
//
// Locators, methods, parameters and members use the model's snake_case names, found through the
// engine/types description tables: svc:vm_service(id) calls the locator vm, svc:list{...} the
// method list. types.<Type>{...} builds a typed value, a userdata over the Go struct pointer whose
// members read and write by name (unset members read nil). A plain table where a typed value is
// expected is converted by the declared type, nested too. Enums are Lua strings:
// types.VmStatus.UP == 'up'. List members are live views that support indexing, #, ipairs, pairs,
// unpack and table.insert/remove/sort/concat (gopher-lua has no __ipairs, so those functions are
// wrapped per state); lists returned by methods are plain Lua tables. Dates read as RFC 3339
// text and accept that text or Unix seconds.
//
// Lua numbers are float64, exact for integers up to 2^53 (9,007,199,254,740,992; 8 PiB in bytes).
// Integer members and results beyond that range are read as decimal strings, which stay exact and
// which integer members accept back; arithmetic on them coerces to an inexact number. A Lua
// number beyond 2^53 given for an integer is refused (it may already be rounded): pass a string.
//
// # Calls
//
// Named parameters come in one table. The body of add and update may be passed alone
// (svc:add(vm), optionally followed by a table of parameters) or named (svc:add{vm=vm,
// clone=true}). Every method also takes wait=false, which returns a future (f:wait(), f:done(),
// ovirt.wait_all(futures)), and query= and headers= tables.
//
// # Errors
//
// Errors are raised, never returned: structured userdata with kind (see the Kind constants), code,
// reason, detail, message and where (the script's file:line), with tostring giving
// "where: message". Unknown names are reported with the closest valid name; conversion errors
// carry the path of the value (vm.cpu.topology.cores: expected integer, got string). Go panics in
// bound functions become errors of kind "internal". Go callers get every failure as *Error.
//
// # Helpers
//
// The module also holds wait_for, retry and find (Lua, from the top-level stdlib package), and dump, format,
// to_json, from_json, table, help, sleep, now, typeof, has_member, has_param, error, wait_all,
// connect and the size constants KiB, MiB, GiB and TiB (Go).
//
// Every function of the module has help: help(ovirt) lists them, help(ovirt.wait_for) prints the
// signature, options and an example, and help(vms_service.add) a method's parameters and the
// model's mandatory inputs. The texts are FuncDoc entries of docs.go, one struct literal per
// function, keyed by the function's path under ovirt ("get", "ensure.vm" for ovirt.ensure.vm;
// Sig starts with that path). A function added to the module, in Go or in stdlib, needs its
// entry: TestEveryModuleFunctionHasHelp walks the module table, sub-tables included, and fails
// for a function without one (or an entry without a function). A new file of entries
// (docs_ensure.go) appends its table to docTables. Functions made from a registry (one per
// kind in ovirt.ensure) share one entry named "ensure.*", NAME in its texts standing for each.
//
// upload_disk{file=, storage_domain=, name=, format=, sparse=} and download_disk{disk=, file=}
// move disk images through image transfers (transfer.Upload and transfer.Download) on
// ovirt.connection, connection= or the global conn, with a progress bar on a terminal's stderr
// (progress=false turns it off, a function receives done and total); they return the disk and
// a table of what was moved (size, sent, endpoint, seconds, sha256 with checksum=true).
//
// luabind imports engine and engine/types; it never imports the simulator.
package luabind
