package luabind

import "strings"

// FuncDoc is the help of one function of the ovirt module, what help(ovirt.NAME) prints.
type FuncDoc struct {
	// Name is the path under ovirt: "get", or "ensure.vm" for ovirt.ensure.vm. "ensure.*"
	// documents every function of the table ovirt.ensure that has no entry of its own (functions
	// made from a registry); NAME in its texts stands for the function's own name.
	Name    string
	Sig     string // how it is called, one form a line: "get(path) -> object"
	Summary string // one line for help(ovirt)
	Text    string // more: what it returns, raises, defaults ("" for nothing more)
	Options string // "name  what" lines for a table of options ("" when it takes none)
	Example string // Lua lines
}

// docTables are every table of FuncDocs. A function added to the module gets its entry in one of
// them (TestEveryModuleFunctionHasHelp fails otherwise); a new file of docs adds its table here.
var docTables = [][]FuncDoc{coreDocs, helperDocs}

// coreDocs are the functions written in Go (module.go and its neighbours).
var coreDocs = []FuncDoc{
	{Name: "connect", Sig: "connect{url=, username=, password=, ca_file=, ...} -> connection",
		Summary: "open a connection to an engine, as the Python SDK's sdk.Connection",
		Text:    "Closed by the runtime at its end (or conn:close()). Errors: auth, connection, usage.",
		Options: "url  the API URL, https://engine/ovirt-engine/api\nusername, password  e.g. admin@internal\n" +
			"token  an SSO token instead of a password\nca_file  PEM file of the engine's CA\ninsecure  skip TLS verification\n" +
			"cert_file, key_file  a client certificate\nkerberos  log in with the Kerberos ticket (kerberos_principal, kerberos_ccache, kerberos_config)\n" +
			"timeout, connect_timeout  seconds\nproxy_url, headers, compress, connections, keep_token, sso_token_name",
		Example: "local c = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file='ca.pem'}\nprint(#c:system_service():vms_service():list())"},
	{Name: "get", Sig: "get(path) -> object\nget(collection, name_or_id) -> object",
		Summary: "an entity by a path of names or ids ('vms/web1/nics/nic1')",
		Text: "Each path segment is a collection of the model then a name or an id; collection is a collection service or its path.\n" +
			"A missing name raises not_found naming the closest names; two entities with the name raise an error listing their ids.",
		Example: "local vm = ovirt.get('vms/web1')\nlocal nic = ovirt.get('vms/web1/nics/nic1')\nlocal same = ovirt.get(system:vms_service(), 'web1')"},
	{Name: "service", Sig: "service(path) -> service\nservice(collection, name_or_id) -> service",
		Summary: "the service of an entity named by a path of names or ids",
		Text:    "Takes the arguments of ovirt.get. An id costs no request, a name the one that finds it.",
		Example: "ovirt.service('vms/web1'):start()"},
	{Name: "wait_all", Sig: "wait_all(futures) -> results",
		Summary: "wait for futures (calls made with wait=false) and return their results in order",
		Text:    "Waits for every future, then raises the first error, if any.",
		Example: "local fs = {}\nfor _, id in ipairs(ids) do fs[#fs+1] = system:vms_service():vm_service(id):get{wait=false} end\nlocal vms = ovirt.wait_all(fs)"},
	{Name: "sleep", Sig: "sleep(seconds)", Summary: "pause the script (Ctrl-C interrupts it)",
		Example: "ovirt.sleep(0.5)"},
	{Name: "now", Sig: "now() -> seconds", Summary: "seconds since the runtime started, from a monotonic clock",
		Example: "local t0 = ovirt.now()\n-- ...\nprint(ovirt.now() - t0)"},
	{Name: "error", Sig: "error{kind=, message=, code=, reason=, detail=} -> error",
		Summary: "a structured error value for error(), positioned at the calling line",
		Text:    "kind defaults to 'other'; pcall callers read err.kind, err.message...",
		Example: "error(ovirt.error{kind='not_found', message='no VM named web1'})"},
	{Name: "typeof", Sig: "typeof(x) -> name", Summary: "'Vm' for typed values, 'VmsService' for services, 'list', 'future', 'error', 'connection', else type(x)",
		Example: "if ovirt.typeof(x) == 'Vm' then print(x.name) end"},
	{Name: "has_member", Sig: "has_member(value, name) -> boolean", Summary: "whether the type of a typed value has the member",
		Example: "ovirt.has_member(vm, 'status')  --> true"},
	{Name: "has_param", Sig: "has_param(service, method, name) -> boolean", Summary: "whether a service's method takes the parameter",
		Example: "ovirt.has_param(system:vms_service(), 'list', 'search')  --> true"},
	{Name: "dump", Sig: "dump(x)", Summary: "print the nested form of a value (typed values, lists, tables)",
		Example: "ovirt.dump(ovirt.get('vms/web1'))"},
	{Name: "format", Sig: "format(x) -> string", Summary: "the text ovirt.dump prints",
		Example: "local text = ovirt.format(vm.cpu)"},
	{Name: "to_json", Sig: "to_json(x [, indent]) -> string", Summary: "the engine's JSON form of a value",
		Text: "indent is the number of spaces (default 2, 0 for one line).", Example: "print(ovirt.to_json(vm, 0))"},
	{Name: "from_json", Sig: "from_json(text, TypeName) -> value", Summary: "a typed value (or a table of them for a collection) from the engine's JSON form",
		Example: "local vm = ovirt.from_json('{\"name\": \"web1\"}', 'Vm')"},
	{Name: "table", Sig: "table(list [, columns])", Summary: "print a list as an aligned text table",
		Text:    "A row per item, a column per member path ('name', 'cluster.id'); columns default to id, name and status.",
		Example: "ovirt.table(system:vms_service():list(), {'name', 'status', 'memory'})"},
	{Name: "help", Sig: "help(x)", Summary: "print the help of a function, service, method, type or enum",
		Example: "ovirt.help(ovirt.wait_for)\novirt.help(system:vms_service().add)\novirt.help(types.VmStatus)"},
	{Name: "size", Sig: "size(s) -> bytes", Summary: "bytes from '2GiB', '512 MiB', '1.5T' or a number (already bytes)",
		Example: "vm.memory = ovirt.size('4GiB')"},
	{Name: "format_size", Sig: "format_size(n) -> string", Summary: "a byte count for people: '4 GiB', '1.5 GiB', '1000 B'",
		Example: "print(ovirt.format_size(vm.memory))"},
	{Name: "cleanup", Sig: "cleanup(fn [, what]) -> dismiss", Summary: "register an undo step, run at the end of the script (or scope) even after an error or Ctrl-C",
		Text:    "Steps run last first. Calling the returned function dismisses the step (for what is worth keeping).",
		Example: "local vm = system:vms_service():add(v)\novirt.cleanup(function() ovirt.service('vms', vm.id):remove() end, 'remove ' .. vm.name)"},
	{Name: "scope", Sig: "scope(fn, ...) -> fn's results", Summary: "call fn and undo the steps it registered with ovirt.cleanup when it ends",
		Text:    "fn's error is raised again after the steps; if fn succeeded, the first failed step's error is raised.",
		Example: "ovirt.scope(function()\n  local d = ovirt.upload_disk{file='disk.qcow2', storage_domain='data1'}\n  ovirt.cleanup(function() ovirt.service('disks', d.id):remove() end)\nend)"},
	{Name: "upload_disk", Sig: "upload_disk{file=, storage_domain=, ...} -> disk, info",
		Summary: "upload a disk image through an image transfer (the SDK's upload_disk.py)",
		Text:    "info holds transfer_id, endpoint, format, size, sent, seconds and sha256 (with checksum=true).",
		Options: "file  the image (qcow2 goes as it is, anything else as raw)\nstorage_domain  name or id\nname, description  of the new disk\n" +
			"format, sparse  of the new disk\nprogress  false for no bar, or a function(done, total)\nchecksum  true for the sha256\nconnection  default ovirt.connection or conn",
		Example: "local disk, info = ovirt.upload_disk{file='disk.qcow2', storage_domain='data1', name='d1'}"},
	{Name: "download_disk", Sig: "download_disk{disk=, file=, ...} -> disk, info",
		Summary: "download a disk (id, name or Disk value) to a file through an image transfer",
		Options: "disk  id, name or Disk value\nfile  where to write\nformat  raw or qcow2\nprogress, checksum, connection  as for upload_disk",
		Example: "ovirt.download_disk{disk='d1', file='d1.qcow2'}"},
}

// helperDocs are the functions written in Lua (package stdlib).
var helperDocs = []FuncDoc{
	{Name: "wait_for", Sig: "wait_for(service, status | predicate [, {timeout, interval, on_change}]) -> object",
		Summary: "poll service:get() until the object has the status, or predicate(obj) is true",
		Text: "'removed' waits until get() answers not found. Returns the last object read (nil after a removal).\n" +
			"Raises timeout naming the last status seen, not_found when the object is gone.",
		Options: "timeout  seconds (default 300)\ninterval  seconds between polls (default 0.1 doubling up to 2)\non_change  function(obj, status, previous)",
		Example: "ovirt.wait_for(vm_service, types.VmStatus.UP, {timeout=300})\novirt.wait_for(vm_service, 'removed')"},
	{Name: "retry", Sig: "retry(fn [, {attempts, delay, backoff, retry_if}]) -> fn's results",
		Summary: "call fn until it returns without raising",
		Text: "Usage errors and cancellations are never retried; without retry_if neither are 'invalid' (400), " +
			"'not_found' and 'auth' errors, which the same call would get again. 'conflict' (409) is retried: " +
			"oVirt answers 409 for a locked VM or an operation in progress too. The last error is raised.",
		Options: "attempts  at most (default 3)\ndelay  seconds after the first failure (default 1)\nbackoff  factor of the delay (default 2)\nretry_if  function(err) -> whether to retry (replaces the default choice)",
		Example: "local vm = ovirt.retry(function() return ovirt.get('vms/web1') end, {attempts=5})"},
	{Name: "find", Sig: "find(collection_service, name) -> object or nil",
		Summary: "the object named exactly name in a collection, or nil",
		Text:    "Uses the collection's search when it has one. ovirt.get raises not_found instead of returning nil.",
		Example: "local vm = ovirt.find(system:vms_service(), 'web1')"},
	{Name: "args", Sig: "args(spec) -> table",
		Summary: "parse the script's command line (positional arguments and --options)",
		Text:    "-h/--help prints the usage and exits 0; a bad argument prints the usage on stderr and exits 2 (raise=true raises instead).",
		Options: "usage  a line under \"usage:\"\nraise  raise a usage error instead of exiting\n" +
			"each entry: name ('vm' or '--memory'), type (string, number, integer, size, boolean), default, env, required, choices, check, rest, short, help",
		Example: "local a = ovirt.args{{name='vm'}, {name='--memory', type='size', default='2GiB'}, {name='--wait', type='boolean'}}\nprint(a.vm, a.memory, a.wait)"},
}

// funcDoc returns the doc of the function at path under ovirt, or nil.
func funcDoc(path string) *FuncDoc {
	if d := docEntry(path); d != nil {
		return d
	}
	dot := strings.LastIndexByte(path, '.')
	if dot < 0 || strings.HasSuffix(path, ".*") {
		return nil
	}
	if d := docEntry(path[:dot] + ".*"); d != nil {
		name := path[dot+1:]
		r := strings.NewReplacer("NAME", name)
		return &FuncDoc{Name: path, Sig: r.Replace(d.Sig), Summary: r.Replace(d.Summary), Text: r.Replace(d.Text),
			Options: r.Replace(d.Options), Example: r.Replace(d.Example)}
	}
	return nil
}

// docEntry returns the entry named name, or nil.
func docEntry(name string) *FuncDoc {
	for _, t := range docTables {
		for i := range t {
			if t[i].Name == name {
				return &t[i]
			}
		}
	}
	return nil
}
