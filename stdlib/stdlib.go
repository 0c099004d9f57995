// Package stdlib holds the Lua helpers of ovirtsh that are written in Lua (wait_for, retry, find).
// luabind runs each file in FS with the ovirt module table as its argument; the helpers written
// in Go (dump, to_json, table, help, ...) live in luabind next to the values they inspect.
//
// Import rule: stdlib imports only the standard library.
package stdlib

import "embed"

// FS holds the helper files, *.lua at its root, run in name order.
//
//go:embed *.lua
var FS embed.FS
