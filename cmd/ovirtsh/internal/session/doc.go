// Package session is the Lua side of the ovirtsh command: one Lua runtime with the globals
// scripts and the REPL share (ovirt, types, conn, system, help and the Lua standard library),
// the lazy connection behind conn and system, running chunks and files under a cancelable
// context, printing results as text or JSON, and mapping failures to the command's exit codes.
//
// The runtime itself is the runtime interface (runtime.go), the only file of the command that
// imports gopher-lua: everything else goes through Go methods of luabind.Runtime, and Value
// (an alias of the Lua value type) is opaque to the rest of the command.
//
// Import rule: session imports engine, engine/types and the Lua binding; never engine/sim, the
// terminal or the REPL.
package session
