// Package verbs is ovirtsh's ovirt-shell style command line: list, show, add, update, remove,
// action and console on every collection of the API, with options derived at run time from the
// model (engine/types ServiceInfo, MethodInfo, ParamInfo and TypeInfo), not from a hand list.
//
// A noun is a collection ("vms", "nics") or one of its entities ("vm", "nic"). Sub-collections
// name their parent by its noun: `list nics --vm web1`. Entities are found by name or id
// through engine/names.
//
// Cost: a command sends as few requests as it can. list is one request; for a table or csv it
// sets the list's follow parameter to the links its columns show (refFollow), so references
// print as names without an id→name lookup per row or per collection; the engine follows them
// server side (the API's "follow" of 4.2+), and a 400 for the follow repeats the list without
// it. show by name prints the search result (one request) unless an option of get is given or
// a table or csv shows references (then the GET follows them, as list does).
package verbs
