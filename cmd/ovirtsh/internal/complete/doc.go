// Package complete proposes tab completions for Lua code typed in the ovirtsh REPL: globals;
// fields of tables; methods and locators along a call chain (system:vms_service():vm_se<TAB>),
// resolved statically through the API model so that nothing is called or sent; members of API
// types; enum values (types.VmStatus.<TAB>, status='<TAB>); and, inside a table constructor,
// the members of the type being built (types.Vm{me<TAB>) or the named parameters of the method
// being called (vms_service:list{se<TAB>).
//
// Inside the string of ovirt.get('...') and ovirt.service('...') it completes the path: collection
// names from the model ('vms/', 'vms/web1/nics/') and entity names from a Names cache (ids too
// once the segment is begun), and their second argument, a name in the collection the first
// gives (ovirt.get('vms', 'we<TAB>), ovirt.get(system:vms_service(), '<TAB>)); inside an entity locator's string (vms_service:vm_service('...'))
// it completes ids. Names lists each collection in the background (ConnFetch: engine/names and
// the collection's list, on the session's connection once a chunk has opened it; Tab never
// connects). A Tab never waits more than NamesOptions.Wait (150 ms) for a list: it offers what is
// cached, else starts the fetch, and the next Tab has the names. A list is fetched again, in the
// background while the old one is still offered, when it is older than 30 s or after any chunk
// ran (the REPL calls Invalidate), so names a chunk added show from the second Tab after it.
//
// Import rule: complete imports engine, engine/names, engine/types and the session (Desc, Value,
// the Source it reads); never gopher-lua. The REPL imports it.
package complete
