// Package output prints model objects (engine/types) and plain Go values for people and for jq:
// the command line verbs, the REPL (=expr, --json, -o), ovirt.table, ovirt.dump/format and
// scripts all print through here, so there is one set of rules.
//
// Formats:
//   - table: an aligned table, a row per object and a column per member path ("name",
//     "cpu.topology.cores", "cluster"); per-type default columns (DefaultColumns); human units
//     (sizes as "4 GiB", dates as "2 h ago", a reference by its name when it carries one, else
//     its id); an empty list prints a note "(no vms)", never "{}". A single object prints in
//     the people's form (view.go): a line per set member with the cells' units, a reference on
//     one line ("cluster: Default (id)" when the engine sent its name, else the id), no hrefs
//     nor links not followed; ovirt.dump keeps the exact nested form (AppendNested).
//   - json: typed JSON for jq: numbers as numbers, booleans as booleans, dates as RFC 3339
//     text, enums as strings, members under their snake_case names, followed list links as
//     arrays (links not followed and action links are left out), a list as an array ([] when
//     empty). With columns, only the members they name, in their place ("cpu.topology.cores"
//     keeps {"cpu":{"topology":{"cores":2}}}), so jq paths do not change.
//   - api-json: the engine's own JSON form (engine/jsoncodec: values as strings, dates in
//     milliseconds, collections as {"vm": [...]}).
//   - csv: a header and a row per object, the table's columns, with exact values (sizes in
//     bytes, dates in RFC 3339) so that spreadsheets can compute with them.
//
// Every human-readable text goes through Printable: characters that could drive a terminal are
// shown as escapes.
package output
