package shellcomp

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// NamesTimeout bounds the request that lists entity names for one completion.
const NamesTimeout = 3 * time.Second

// Candidate is one completion: the word and a short help shown by zsh and fish.
type Candidate struct{ Value, Help string }

// GlobalFlag is a flag of ovirtsh itself (before the verb).
type GlobalFlag struct {
	Name  string // without dashes: "url", "u"
	Value bool   // takes a value
	Help  string
}

// Env is what completion needs from the command around it.
type Env struct {
	Globals []GlobalFlag
	// Commands are the words other than the verbs that may come first ("sim", "version"...).
	Commands []Candidate
	// Names lists the names of the entities at a names path ("vms", "vms/web1/nics") of the
	// engine that globals (the words before the verb) select; nil offers no names.
	Names func(ctx context.Context, globals []string, path string) ([]string, error)
}

// Shells are the shells Script writes for.
var Shells = []string{"bash", "zsh", "fish"}

// Complete returns the candidates for the last of words (the words after the program's name;
// the last is the one being completed, "" for a new word), those that start with it.
func Complete(ctx context.Context, words []string, env Env) []Candidate {
	if len(words) == 0 {
		words = []string{""}
	}
	c := &completer{env: env, cur: words[len(words)-1]}
	prev := words[:len(words)-1]
	// bash splits --opt=value at '=' into three words: the value's option is before a lone "=".
	if n := len(prev); n >= 2 && prev[n-1] == "=" && strings.HasPrefix(prev[n-2], "-") {
		c.valueOf, prev = prev[n-2], prev[:n-2]
	} else if name, val, ok := strings.Cut(c.cur, "="); ok && strings.HasPrefix(c.cur, "-") {
		c.valueOf, c.prefix, c.cur = name, name+"=", val
	}
	c.valueOf = optName(c.valueOf)
	out := c.complete(ctx, joinEquals(prev))
	var kept []Candidate
	for _, cand := range out {
		if strings.HasPrefix(cand.Value, c.cur) && !strings.ContainsAny(cand.Value, "\t\n\r") {
			kept = append(kept, Candidate{Value: c.prefix + cand.Value, Help: oneLine(cand.Help)})
		}
	}
	return kept
}

type completer struct {
	env     Env
	cur     string // the word being completed (its value part after --opt=)
	prefix  string // "--opt=" when cur is the value of an option written with '='
	valueOf string // the option whose value cur is, "" when it is not one
	globals []string
}

// joinEquals joins the words bash split at '=' back: "--x", "=", "v" → "--x=v".
func joinEquals(words []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		if words[i] == "=" && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "-") && i+1 < len(words) {
			out[len(out)-1] += "=" + words[i+1]
			i++
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// optName is an option's name as verbs.Flags spells it: no dashes, underscores as dashes.
func optName(word string) string {
	return strings.ReplaceAll(strings.TrimLeft(word, "-"), "_", "-")
}

func (c *completer) global(name string) *GlobalFlag {
	for i := range c.env.Globals {
		if c.env.Globals[i].Name == name {
			return &c.env.Globals[i]
		}
	}
	return nil
}

func (c *completer) complete(ctx context.Context, prev []string) []Candidate {
	i := 0
	for i < len(prev) && strings.HasPrefix(prev[i], "-") && prev[i] != "-" {
		name, _, hasEq := strings.Cut(strings.TrimLeft(prev[i], "-"), "=")
		i++
		if g := c.global(name); g != nil && g.Value && !hasEq {
			if i == len(prev) {
				return nil // the value of a global flag: files, URLs, profile names
			}
			i++
		}
	}
	c.globals = prev[:i]
	if i == len(prev) {
		switch {
		case c.valueOf != "":
			return nil
		case strings.HasPrefix(c.cur, "-"):
			return c.globalFlags()
		}
		return c.first()
	}
	verb, after := prev[i], prev[i+1:]
	switch {
	case verb == "completion" && len(after) == 0:
		return plain(Shells...)
	case verb == "help":
		return c.help(after)
	case !verbs.IsVerb(verb) || c.valueOf != "" && len(after) == 0:
		return nil // a script, sim, version...
	case len(after) == 0:
		return c.nouns(verb)
	}
	n, ok := verbs.LookupNoun(after[0])
	if !ok {
		return nil
	}
	return c.options(ctx, verb, n, after[1:])
}

// first offers what can come first: the verbs and the other commands.
func (c *completer) first() []Candidate {
	var out []Candidate
	for _, v := range verbs.Verbs() {
		out = append(out, Candidate{Value: v, Help: "verb"})
	}
	out = append(out, Candidate{Value: "completion", Help: "print the shell completion script (bash, zsh, fish)"})
	return append(out, c.env.Commands...)
}

func (c *completer) globalFlags() []Candidate {
	var out []Candidate
	for _, g := range c.env.Globals {
		out = append(out, Candidate{Value: dash(g.Name), Help: g.Help})
	}
	return out
}

func dash(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func plain(words ...string) []Candidate {
	out := make([]Candidate, len(words))
	for i, w := range words {
		out[i] = Candidate{Value: w}
	}
	return out
}

// help completes `help [VERB] [NOUN] [ACTION]`.
func (c *completer) help(after []string) []Candidate {
	switch {
	case len(after) == 0:
		return append(plain(verbs.Verbs()...), c.nounList(false, nil)...)
	case len(after) == 1 && verbs.IsVerb(after[0]):
		return c.nouns(after[0])
	case len(after) == 2 && after[0] == "action":
		return plain(verbs.Actions(after[1])...)
	}
	return nil
}

// nouns offers the collections for verb: plurals for list, singulars for the others, only
// those with a graphics console for console.
func (c *completer) nouns(verb string) []Candidate {
	if strings.HasPrefix(c.cur, "-") {
		return plain("--help")
	}
	if verb == "console" {
		return c.nounList(false, hasConsole)
	}
	return c.nounList(verb == "list", nil)
}

func (c *completer) nounList(plural bool, keep func(verbs.Noun) bool) []Candidate {
	var out []Candidate
	for _, n := range verbs.Nouns() {
		if keep != nil && !keep(n) {
			continue
		}
		w := n.Singular
		if plural {
			w = n.Plural
		}
		help := n.Type.Name
		if len(n.Parents) > 0 {
			help += " (of " + strings.Join(n.Parents, ", ") + ")"
		}
		out = append(out, Candidate{Value: w, Help: help})
	}
	return out
}

// hasConsole reports whether the noun's entities have graphics consoles.
func hasConsole(n verbs.Noun) bool {
	s := types.Service(n.Type.Name)
	return s != nil && s.Locator("graphics_consoles") != nil
}

// words is a command line after its noun: positional words and options.
type words struct {
	positional []string
	opts       map[string]string
	pending    string // an option that waits for its value (the word being completed)
}

// scan separates the positional words from the options; valued says which options take a
// value (as the verbs' parser does).
func scan(rest []string, valued func(name string) bool) words {
	w := words{opts: map[string]string{}}
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if !strings.HasPrefix(a, "-") || a == "-" {
			w.positional = append(w.positional, a)
			continue
		}
		name, val, hasEq := strings.Cut(a, "=")
		name = optName(name)
		if !hasEq && valued(name) {
			if j+1 == len(rest) {
				w.pending = name
				break
			}
			j++
			val = rest[j]
		}
		w.opts[name] = val
	}
	return w
}

// options completes what follows `VERB NOUN`: entity names, actions, options and their values.
func (c *completer) options(ctx context.Context, verb string, n verbs.Noun, rest []string) []Candidate {
	action := ""
	if verb == "action" {
		if w := scan(rest, func(string) bool { return false }); len(w.positional) >= 2 {
			action = w.positional[1] // as the verbs' parser finds it
		}
	}
	flags := verbs.Flags(verb, n.Singular, action)
	byName := map[string]verbs.Flag{}
	for _, f := range flags {
		byName[f.Name] = f
	}
	if verb == "action" && action == "" {
		// Before the action is named, its options are not known: which ones take no value
		// (--wait) comes from the options of every action.
		for _, a := range verbs.Actions(n.Singular) {
			for _, f := range verbs.Flags(verb, n.Singular, a) {
				if _, ok := byName[f.Name]; !ok {
					byName[f.Name] = f
				}
			}
		}
	}
	w := scan(rest, func(name string) bool { f, ok := byName[name]; return !ok || f.Type != "Boolean" })
	switch {
	case c.valueOf != "":
		return c.values(ctx, n, byName[c.valueOf], w)
	case w.pending != "":
		return c.values(ctx, n, byName[w.pending], w)
	case strings.HasPrefix(c.cur, "-"):
		var out []Candidate
		for _, f := range flags {
			if _, given := w.opts[f.Name]; given {
				continue
			}
			help := f.Help
			if f.Mandatory {
				help = strings.TrimSpace("(mandatory) " + help)
			}
			out = append(out, Candidate{Value: dash(f.Name), Help: help})
		}
		return append(out, Candidate{Value: "--help", Help: "the options of this command"})
	}
	switch {
	case len(w.positional) == 0 && slices.Contains([]string{"show", "update", "remove", "console", "action"}, verb):
		return c.names(ctx, n, w.opts)
	case len(w.positional) == 1 && verb == "action":
		return plain(verbs.Actions(n.Singular)...)
	}
	return nil
}

// values completes the value of the option f: enum values, booleans, entity names.
func (c *completer) values(ctx context.Context, n verbs.Noun, f verbs.Flag, w words) []Candidate {
	switch {
	case f.Name == "columns" && n.Type != nil:
		return columnValues(n.Type, c.cur)
	case len(f.Enum) > 0:
		return plain(f.Enum...)
	case f.Type == "Boolean":
		return plain("true", "false")
	case f.Type == "parent":
		if p, ok := verbs.LookupNoun(f.Name); ok {
			return c.names(ctx, p, nil)
		}
	case f.Ref:
		if t := types.Type(f.Type); t != nil {
			if p, ok := verbs.LookupNoun(t.SnakeName); ok {
				return c.names(ctx, p, nil)
			}
		}
	}
	return nil
}

// columnValues completes the last of the comma-separated member paths of cur, one segment at
// a time ("name,cpu.to" → "name,cpu.topology"); the columns before it are kept.
func columnValues(t *types.TypeInfo, cur string) []Candidate {
	head, last := "", cur
	if i := strings.LastIndex(cur, ","); i >= 0 {
		head, last = cur[:i+1], cur[i+1:]
	}
	segs := strings.Split(last, ".")
	for _, seg := range segs[:len(segs)-1] {
		m := t.Member(seg)
		if m == nil || m.TypeKind != types.KindStruct {
			return nil
		}
		if t = types.Type(m.Type); t == nil {
			return nil
		}
		head += seg + "."
	}
	var out []Candidate
	for _, name := range t.MemberNames() {
		out = append(out, Candidate{Value: head + name})
	}
	return out
}

// names offers the names of the entities of n: of the top-level collection, or under the
// parent that opts name (--vm web1: vms/web1/nics). Deeper nesting offers nothing.
func (c *completer) names(ctx context.Context, n verbs.Noun, opts map[string]string) []Candidate {
	if c.env.Names == nil {
		return nil
	}
	path := ""
	if n.TopLevel {
		path = n.Plural
	}
	for _, p := range n.Parents {
		v, ok := opts[p]
		if !ok {
			continue
		}
		pn, found := verbs.LookupNoun(p)
		if !found || !pn.TopLevel || v == "" {
			return nil
		}
		path = pn.Plural + "/" + v + "/" + n.Plural
		break
	}
	if path == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, NamesTimeout)
	defer cancel()
	got, err := c.env.Names(ctx, c.globals, path)
	if err != nil {
		return nil
	}
	return plain(got...)
}

// oneLine makes help text fit a line of the completion protocol.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
