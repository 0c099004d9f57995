package session

import (
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// Desc says what a Lua value is in the API's terms (see luabind.Desc).
type Desc = luabind.Desc

// Describe tells what v is. The lazy conn and system describe as what they will become.
func (s *Session) Describe(v Value) Desc {
	switch v {
	case s.connProxy:
		return Desc{Conn: true, Methods: s.rt.ConnMethods()}
	case s.sysProxy:
		return Desc{Service: types.Service("System")}
	}
	return s.rt.Describe(v)
}

// isProxy reports whether v is the lazy conn or system.
func (s *Session) isProxy(v Value) bool { return v == s.connProxy || v == s.sysProxy }

// What completion reads (see complete.Source); none of these calls anything in Lua.

// GlobalValue returns a global.
func (s *Session) GlobalValue(name string) Value { return s.rt.GlobalValue(name) }

// GlobalNames lists the names of the globals.
func (s *Session) GlobalNames() []string { return s.rt.GlobalNames() }

// LuaType returns type(v) ("nil", "string", "table"...).
func (s *Session) LuaType(v Value) string { return s.rt.LuaType(v) }

// Keys lists the string keys of a table (and its __index table), or of the string library.
func (s *Session) Keys(v Value) []string { return s.rt.Keys(v) }

// RawGet returns t[key] of a table.
func (s *Session) RawGet(v Value, key any) (Value, bool) { return s.rt.RawGet(v, key) }

// Lookup returns t[name] of a table, falling back to its __index table.
func (s *Session) Lookup(v Value, name string) (Value, bool) { return s.rt.Lookup(v, name) }
