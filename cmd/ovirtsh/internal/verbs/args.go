package verbs

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// command is a parsed command line after the verb and the noun: the positional words (the
// entity, the action) and the options by name.
type command struct {
	words []string
	opts  map[string]string
	order []string // option names in the order given
}

// split separates positional words from options; kind tells whether an option is known and
// whether it takes no value. An unknown option takes the next word unless it is an option, and
// is reported by the caller with the closest names.
func split(args []string, kind func(name string) (known, isBool bool)) (*command, error) {
	c := &command{opts: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			c.words = append(c.words, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			c.words = append(c.words, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = normalize(name)
		if name == "" {
			return nil, usagef("'%s' is not an option", a)
		}
		known, isBool := kind(name)
		if !hasVal && !known {
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				val = args[i]
			}
		} else if !hasVal && !isBool {
			if i+1 >= len(args) {
				return nil, usagef("--%s needs a value", name)
			}
			i++
			val = args[i]
		} else if !hasVal {
			val = "true"
			if i+1 < len(args) && (args[i+1] == "true" || args[i+1] == "false") {
				i++
				val = args[i] // --local false, as ovirt-shell wrote booleans
			}
		}
		if _, dup := c.opts[name]; dup {
			return nil, usagef("--%s is given twice", name)
		}
		c.opts[name] = val
		c.order = append(c.order, name)
	}
	return c, nil
}

// normalize spells an option as Flags names it: underscores become dashes.
func normalize(name string) string { return strings.ReplaceAll(name, "_", "-") }

// unknownOption is the error for an option no flag has, with the closest names.
func unknownOption(verb, noun, name string, flags []Flag) error {
	known := make([]string, len(flags))
	for i, f := range flags {
		known[i] = f.Name
	}
	return usagef("%s %s: unknown option --%s%s (ovirtsh %s %s --help lists them)", verb, noun, name,
		suggest.DidYouMean(dashed(suggest.Nearest(name, known, 3))), verb, noun)
}

func dashed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + n
	}
	return out
}
