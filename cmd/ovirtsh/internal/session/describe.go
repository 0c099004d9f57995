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
