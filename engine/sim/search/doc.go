// Package search implements the part of the oVirt engine's search language that scripts use:
//
//	name=web*  and  status=up  or  cluster!=Default  sortby name desc  page 2
//
// Conditions are `attribute operator value` with the operators = != < > <= >=, `*` as a
// wildcard in values, double- or single-quoted values for spaces, `and` / `or` (and binds tighter;
// a space between conditions means and), parentheses, an optional trailing `sortby <attribute>
// [asc|desc]` and `page N`. Keywords are case-insensitive.
//
// Parse turns a query into an AST (Query). Compile checks it against a Schema, which says which
// attributes a collection has and of what kind, and returns a Matcher that evaluates records
// through the Record accessor, so the package knows nothing about how entities are stored.
// Anything outside this subset is an *Error saying it is not supported: never a silently wrong
// result.
package search
