// Package types holds the oVirt API's types, generated from the API model (engine/model/model.json):
// a struct for every struct type with the members of its whole base chain, a string type with
// constants for every enum, and description tables (Type, Services) that the Lua layer, completion
// and help read. See docs/DESIGN.md for the shapes.
//
// Unset members are nil, so an update sends only what the caller set. Single links are struct
// pointers carrying Id and Href; list links are *List[T] carrying Href and, when returned, Items.
//
// Import rule: types imports only the standard library.
package types

//go:generate go run ../internal/gen
