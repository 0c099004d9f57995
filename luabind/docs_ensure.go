package luabind

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func init() { docTables = append(docTables, ensureDocs()) }

// ensureResultText says what every ovirt.ensure.<kind> returns and raises.
const ensureResultText = "Returns r: r.changed, r.op ('add', 'change', 'remove', 'none'), r.diff (by dotted member path: " +
	"{from=, to=} in the API's units: bytes, and references as ids, which ovirt.get('clusters/'..c.to).name names; " +
	"the plan of ovirtsh apply shows names), r.actions (what was done, in order), r.object (the object after).\n" +
	"Only declared members are compared and changed; a second identical call sends no write request.\n" +
	"Errors name the object (and what was already done): usage for a wrong declaration, not_found for a missing " +
	"reference, timeout for a wait that ran out, else the engine's."

// ensureOptionsText are the options every kind takes besides its members.
const ensureOptionsText = "check  true: plan only, send no write request (r says what would change)\n" +
	"timeout  seconds each wait for a state may take (default 600)\n" +
	"connection  the connection to use (default ovirt.connection, else conn)"

// ensureDocs documents each registered kind from its Doc ("ovirt.ensure.tag{...}: what it is"),
// and the kinds without one through "ensure.*".
func ensureDocs() []FuncDoc {
	out := []FuncDoc{{Name: "ensure.*", Sig: "ensure.NAME{name=, members..., state=, check=, timeout=} -> result",
		Summary: "make the NAME exist as declared (or not, state='absent')", Text: ensureResultText,
		Options: ensureOptionsText, Example: "local r = ovirt.ensure.NAME{name='x', state='present'}\nprint(r.changed)"}}
	for _, name := range ensure.Kinds() {
		k, err := ensure.Lookup(name)
		if err != nil {
			continue
		}
		d, ok := k.(ensure.Documented)
		if !ok || d.Doc() == "" {
			continue
		}
		sig, text, found := strings.Cut(strings.TrimPrefix(d.Doc(), "ovirt."), "}: ")
		if !found {
			continue
		}
		summary, _, _ := strings.Cut(text, "; ")
		summary, _, _ = strings.Cut(summary, ". ")
		summary = strings.TrimSuffix(summary, ".")
		out = append(out, FuncDoc{Name: "ensure." + name, Sig: sig + "} -> result", Summary: summary,
			Text: text + "\n" + ensureResultText, Options: ensureOptionsText,
			Example: "local r = ovirt.ensure." + name + "{...}\nfor path, c in pairs(r.diff) do print(path, c.from, c.to) end"})
	}
	return out
}
