// Package verbs is ovirtsh's ovirt-shell style command line: list, show, add, update, remove,
// action and console on every collection of the API, with options derived at run time from the
// model (engine/types ServiceInfo, MethodInfo, ParamInfo and TypeInfo), not from a hand list.
//
// A noun is a collection ("vms", "nics") or one of its entities ("vm", "nic"). Sub-collections
// name their parent by its noun: `list nics --vm web1`. Entities are found by name or id
// through engine/names.
package verbs
