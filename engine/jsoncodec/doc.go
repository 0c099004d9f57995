// Package jsoncodec writes and reads the engine's JSON form of the generated model structs
// (engine/types): members under their XML names, lists wrapped in an object keyed by the item name
// ({"nic": [...]}), list links not followed as a "link" array of {href, rel}, the action links
// under "actions", integers, decimals and booleans as strings, dates as milliseconds since the
// epoch, and a collection as {"vm": [...]}.
//
// It is table-driven over the descriptions of engine/types (TypeInfo.Members), so it needs no
// generated code of its own. It lives next to the engine rather than under engine/internal because
// the Lua binding (luabind.to_json/from_json) and the command line (--json) use it directly.
package jsoncodec
