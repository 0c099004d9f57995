// Package complete proposes tab completions for Lua code typed in the ovirtsh REPL: globals;
// fields of tables; methods and locators along a call chain (system:vms_service():vm_se<TAB>),
// resolved statically through the API model so that nothing is called or sent; members of API
// types; enum values (types.VmStatus.<TAB>, status='<TAB>); and, inside a table constructor,
// the members of the type being built (types.Vm{me<TAB>) or the named parameters of the method
// being called (vms_service:list{se<TAB>).
//
// Import rule: complete imports engine/types and the session (Desc, Value, the Source it reads);
// never gopher-lua. The REPL imports it.
package complete
