package luabind

import (
	"slices"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// addWaitHelpers gives stdlib/wait.lua what engine/wait knows about each type's state.
func (r *Runtime) addWaitHelpers(L *lua.LState, priv *lua.LTable) {
	priv.RawSetString("status_member", r.newFunction(L, r.luaStatusMember))
	priv.RawSetString("failed_status", r.newFunction(L, r.luaFailedStatus))
}

// luaStatusMember is status_member(obj): the name of the member holding the state of obj's
// type ('status', 'snapshot_status' for a snapshot, 'phase' for an image transfer), or nil
// for a type without one or a value that is not typed.
func (r *Runtime) luaStatusMember(L *lua.LState) int {
	_, b, ok := r.asValue(L.Get(1))
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(optString(wait.StatusMember(b.info)))
	return 1
}

// luaFailedStatus is failed_status(obj, status): whether status is a value of obj's status
// member that means failure (a disk's 'illegal', a job's 'failed').
func (r *Runtime) luaFailedStatus(L *lua.LState) int {
	_, b, ok := r.asValue(L.Get(1))
	status := L.CheckString(2)
	L.Push(lua.LBool(ok && slices.Contains(wait.FailedStatuses(b.info), status)))
	return 1
}
