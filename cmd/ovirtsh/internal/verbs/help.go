package verbs

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Help writes help for words: nothing (the verbs and nouns), a noun ("vm": its verbs, actions
// and sub-collections), a verb, or a verb and a noun (and an action): its options.
func Help(w io.Writer, words []string) error {
	var b strings.Builder
	switch {
	case len(words) == 0:
		helpTop(&b)
	case len(words) == 1 && IsVerb(words[0]):
		fmt.Fprintf(&b, "Usage: ovirtsh %s %s\n\nCollections:\n", words[0], verbShape(words[0]))
		nounTable(&b)
	case len(words) == 1:
		n, err := noun(words[0])
		if err != nil {
			return err
		}
		helpNoun(&b, n)
	default:
		verb := words[0]
		if !IsVerb(verb) {
			return usagef("unknown verb '%s'", verb)
		}
		n, err := noun(words[1])
		if err != nil {
			return err
		}
		action := ""
		if len(words) > 2 {
			action = words[2]
		}
		if err := helpVerb(&b, verb, n, action); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func verbShape(verb string) string {
	switch verb {
	case "list":
		return "COLLECTION [OPTIONS]"
	case "add":
		return "NOUN [OPTIONS]"
	case "action":
		return "NOUN NAME-OR-ID ACTION [OPTIONS]"
	}
	return "NOUN NAME-OR-ID [OPTIONS]"
}

func helpTop(b *strings.Builder) {
	b.WriteString(`Usage: ovirtsh [global flags] VERB NOUN [NAME-OR-ID] [ACTION] [OPTIONS]

  list COLLECTION              list (--search, --max, --all-content, -o, --columns)
  show NOUN NAME-OR-ID         one entity, by name or id
  add NOUN --OPTION VALUE...   add an entity; options are its members, nested by dots
  update NOUN NAME-OR-ID ...   change members of an entity
  remove NOUN NAME-OR-ID       remove an entity
  action NOUN NAME-OR-ID ACTION [OPTIONS]
                               run an action (start, stop, migrate...)
  console vm NAME-OR-ID [--file F.vv]
                               open remote-viewer, or save its connection file
  help [VERB] [NOUN] [ACTION]  what applies; 'ovirtsh add vm --help' lists add's options

Sub-collections name their parent: 'ovirtsh list nics --vm web1'.

Beside the verbs: 'ovirtsh apply SITE.lua [--check]' makes the engine match a site of
ovirt.ensure declarations, 'ovirtsh export KIND...' writes one, 'ovirtsh completion bash|zsh|fish'
prints a completion script, 'ovirtsh sim' serves the simulator, and 'ovirtsh --help' covers the
REPL, scripts and the global flags.

Collections (singular, plural; parents):
`)
	nounTable(b)
}

func nounTable(b *strings.Builder) {
	for _, n := range theGrammar().nouns {
		line := fmt.Sprintf("  %-32s %s", n.Singular+", "+n.Plural, "")
		if len(n.Parents) > 0 {
			under := "under " + strings.Join(n.Parents, ", ")
			if n.TopLevel {
				under = "top level; " + under
			}
			line += under
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}

// kind is one type of entity a noun stands for, where it is found and its actions: "nic" is
// a host NIC under a host and a VM's NIC under a VM.
type kind struct {
	label   string
	top     bool
	parents []string
	actions []string
	only    map[string][]string // action → the parents it is found under, when not everywhere
}

func (k *kind) where() string {
	var parts []string
	if k.top {
		parts = append(parts, "top level")
	}
	if len(k.parents) > 0 {
		parts = append(parts, "under "+strings.Join(k.parents, ", "))
	}
	return strings.Join(parts, "; ")
}

// kinds groups the positions of n by the type of their entities, in the order of the positions.
func kinds(n *Noun) []*kind {
	var out []*kind
	at := map[*kind]map[string][]string{} // action → where it is found ("" for the top level)
	for _, p := range n.places {
		label := labelOf(p.item)
		i := slices.IndexFunc(out, func(k *kind) bool { return k.label == label })
		if i < 0 {
			out = append(out, &kind{label: label, only: map[string][]string{}})
			i = len(out) - 1
			at[out[i]] = map[string][]string{}
		}
		k := out[i]
		if p.up == nil {
			k.top = true
		} else if !slices.Contains(k.parents, p.parent) {
			k.parents = append(k.parents, p.parent)
		}
		for _, a := range actions(p.entity) {
			if !slices.Contains(k.actions, a) {
				k.actions = append(k.actions, a)
			}
			if !slices.Contains(at[k][a], p.parent) {
				at[k][a] = append(at[k][a], p.parent)
			}
		}
	}
	for _, k := range out {
		n := len(k.parents)
		if k.top {
			n++
		}
		for a, where := range at[k] {
			if len(where) < n && !slices.Contains(where, "") {
				k.only[a] = where
			}
		}
	}
	return out
}

// writeKinds writes the noun's types (when it has several) and the actions of each; an action
// found only under some parents says which ("import (under storagedomain)").
func writeKinds(b *strings.Builder, n *Noun, head bool) {
	ks := kinds(n)
	if head {
		if len(ks) == 1 {
			fmt.Fprintf(b, "%s (%s): %s\n\n", n.Singular, n.Plural, ks[0].label)
		} else {
			var parts []string
			for _, k := range ks {
				parts = append(parts, fmt.Sprintf("%s (%s)", k.label, k.where()))
			}
			fmt.Fprintf(b, "%s (%s): %s\n\n", n.Singular, n.Plural, strings.Join(parts, "; "))
		}
	}
	for _, k := range ks {
		if len(k.actions) == 0 {
			continue
		}
		acts := make([]string, len(k.actions))
		for i, a := range k.actions {
			acts[i] = a
			if where := k.only[a]; len(where) > 0 {
				acts[i] = fmt.Sprintf("%s (under %s)", a, strings.Join(where, ", "))
			}
		}
		what := "Actions"
		if len(ks) > 1 {
			what = "Actions of a " + k.label
		}
		fmt.Fprintf(b, "%s: %s\n", what, strings.Join(acts, ", "))
	}
}

func helpNoun(b *strings.Builder, n *Noun) {
	p := n.places[0]
	var head strings.Builder
	writeKinds(&head, n, true)
	text, acts, _ := strings.Cut(head.String(), "\n\n")
	b.WriteString(text + "\n\n")
	var vs []string
	for _, v := range []string{"list", "show", "add", "update", "remove"} {
		if m, err := method(v, helpPlace(n, v, ""), ""); err == nil && m != nil {
			vs = append(vs, v)
		}
	}
	if p.entity.Locator("graphics_consoles") != nil {
		vs = append(vs, "console")
	}
	fmt.Fprintf(b, "Verbs: %s\n", strings.Join(vs, ", "))
	b.WriteString(acts)
	if len(n.Parents) > 0 {
		fmt.Fprintf(b, "Parents: %s (give --%s NAME)\n", strings.Join(n.Parents, ", "), n.Parents[0])
	}
	var subs []string
	for _, s := range theGrammar().nouns {
		for _, par := range s.Parents {
			if par == n.Singular {
				subs = append(subs, s.Plural)
			}
		}
	}
	if len(subs) > 0 {
		fmt.Fprintf(b, "Sub-collections: %s (ovirtsh list %s --%s NAME)\n", strings.Join(subs, ", "), subs[0], n.Singular)
	}
	fmt.Fprintf(b, "\nOptions of each verb: ovirtsh VERB %s --help\n", n.Singular)
}

func helpVerb(b *strings.Builder, verb string, n *Noun, action string) error {
	if verb == "action" && action == "" {
		fmt.Fprintf(b, "Usage: ovirtsh action %s NAME-OR-ID ACTION [OPTIONS]\n\n", n.Singular)
		writeKinds(b, n, false)
		return nil
	}
	m, err := method(verb, helpPlace(n, verb, action), action)
	if err != nil {
		return err
	}
	shape := strings.Replace(verbShape(verb), "NOUN", n.Singular, 1)
	shape = strings.Replace(shape, "COLLECTION", n.Plural, 1)
	shape = strings.Replace(shape, "ACTION", action, 1)
	fmt.Fprintf(b, "Usage: ovirtsh %s %s\n\n", verb, shape)
	what := "* mandatory, from the API model"
	if fl := formLines(m, verb == "add" || verb == "update"); len(fl) > 1 {
		fmt.Fprintf(b, "Forms (the API's; give the options of one):\n  %s\n\n", strings.Join(fl, "\n  "))
		what = "* mandatory in one of the forms"
	}
	fmt.Fprintf(b, "Options (%s):\n", what)
	flags := Flags(verb, n.Singular, action)
	sort.SliceStable(flags, func(i, j int) bool { return flags[i].Mandatory && !flags[j].Mandatory })
	for _, f := range flags {
		mark := " "
		if f.Mandatory {
			mark = "*"
		}
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		fmt.Fprintf(b, " %s %-36s %s\n", mark, dash+f.Name, f.Help)
	}
	return nil
}

// formLines names, for each form (signature) of m the model declares, the options it needs:
// "from_scratch: --name, --cluster, --template". Nil when m is nil or has no mandatory inputs.
func formLines(m *types.MethodInfo, bodyFlat bool) []string {
	if m == nil {
		return nil
	}
	refs := map[string]bool{}
	for _, in := range inputsOf(m, bodyFlat) {
		refs[in.Name] = in.Ref
	}
	var out []string
	for _, f := range forms(m) {
		var need []string
		for _, group := range f.Mandatory {
			need = append(need, groupOption(m, group, bodyFlat, refs))
		}
		if len(need) > 0 {
			out = append(out, fmt.Sprintf("%s: %s", f.Name, strings.Join(need, ", ")))
		}
	}
	return out
}

// helpPlace is the first position of the noun where the verb (and action) has a method: nics
// cannot be added under a host but can under a VM. The first position when none has one.
func helpPlace(n *Noun, verb, action string) *place {
	for _, p := range n.places {
		if m, err := method(verb, p, action); err == nil && (m != nil || verb == "console") {
			return p
		}
	}
	return n.places[0]
}
