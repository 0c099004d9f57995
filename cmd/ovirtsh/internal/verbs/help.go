package verbs

import (
	"fmt"
	"io"
	"sort"
	"strings"
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

func helpNoun(b *strings.Builder, n *Noun) {
	p := n.places[0]
	fmt.Fprintf(b, "%s (%s): %s\n\n", n.Singular, n.Plural, labelOf(p.item))
	var vs []string
	for _, v := range []string{"list", "show", "add", "update", "remove"} {
		if m, err := method(v, p, ""); err == nil && m != nil {
			vs = append(vs, v)
		}
	}
	if p.entity.Locator("graphics_consoles") != nil {
		vs = append(vs, "console")
	}
	fmt.Fprintf(b, "Verbs: %s\n", strings.Join(vs, ", "))
	if acts := actions(p.entity); len(acts) > 0 {
		fmt.Fprintf(b, "Actions: %s\n", strings.Join(acts, ", "))
	}
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
		fmt.Fprintf(b, "Usage: ovirtsh action %s NAME-OR-ID ACTION [OPTIONS]\n\nActions: %s\n", n.Singular,
			strings.Join(actions(n.places[0].entity), ", "))
		return nil
	}
	if _, err := method(verb, n.placeFor(verb, action), action); err != nil {
		return err
	}
	shape := strings.Replace(verbShape(verb), "NOUN", n.Singular, 1)
	shape = strings.Replace(shape, "COLLECTION", n.Plural, 1)
	shape = strings.Replace(shape, "ACTION", action, 1)
	fmt.Fprintf(b, "Usage: ovirtsh %s %s\n\nOptions (* mandatory, from the API model):\n", verb, shape)
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
