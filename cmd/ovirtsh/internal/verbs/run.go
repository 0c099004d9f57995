package verbs

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/wait"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// Env is what Run needs from the process around it.
type Env struct {
	Stdout, Stderr io.Writer
	IsTTY          bool   // stdout is a terminal: table output and a live --wait status line
	Output         string // the default -o ("" picks table on a terminal, json otherwise)
	// LookPath and Start find and start remote-viewer for console; nil means os/exec's.
	LookPath func(file string) (string, error)
	Start    func(ctx context.Context, path string, args ...string) error
	TempDir  string     // where console writes the .vv file it opens; "" is os.TempDir()
	Clock    wait.Clock // the time source of --wait (nil: the wall clock)
}

// IsUsage reports whether err is a command line the grammar refused (exit code 2).
func IsUsage(err error) bool {
	var ue *usageError
	return errors.As(err, &ue)
}

// Run runs one command line: args is the verb and what follows it ("list", "vms", "--max", "3").
// Usage errors satisfy IsUsage; a missing name is a *names.Error, the engine's failures
// *engine.Error.
func Run(ctx context.Context, conn *engine.Connection, args []string, env Env) error {
	if len(args) == 0 {
		return usagef("name a verb (%s)", strings.Join(verbList, ", "))
	}
	verb := args[0]
	if !IsVerb(verb) {
		return usagef("unknown verb '%s'%s", verb, suggest.DidYouMean(suggest.Nearest(verb, verbList, 3)))
	}
	if verb == "help" {
		return Help(env.Stdout, args[1:])
	}
	if len(args) < 2 || strings.HasPrefix(args[1], "-") {
		if slices.Contains(args[1:], "--help") || slices.Contains(args[1:], "-h") {
			return Help(env.Stdout, []string{verb})
		}
		return usagef("%s what? name a collection, e.g. 'ovirtsh %s vms' (ovirtsh help lists them)", verb, verb)
	}
	n, err := noun(args[1])
	if err != nil {
		return err
	}
	if slices.Contains(args[2:], "--help") || slices.Contains(args[2:], "-h") {
		return Help(env.Stdout, helpArgs(verb, n, args[2:]))
	}
	x := &exec_{conn: conn, env: env, verb: verb, noun: n}
	return x.run(ctx, args[2:])
}

// helpArgs picks the words of `ovirtsh VERB NOUN [ENTITY ACTION] --help` help needs.
func helpArgs(verb string, n *Noun, rest []string) []string {
	out := []string{verb, n.Singular}
	var words []string
	for _, w := range rest {
		if !strings.HasPrefix(w, "-") {
			words = append(words, w)
		}
	}
	if verb == "action" && len(words) >= 2 {
		out = append(out, words[1])
	}
	return out
}

func noun(word string) (*Noun, error) {
	n := theGrammar().byWord[strings.ToLower(word)]
	if n == nil {
		return nil, usagef("no collection '%s'%s (ovirtsh help lists them)", word, suggest.DidYouMean(suggest.Nearest(word, nounWords(), 3)))
	}
	return n, nil
}

// exec_ is one command being run.
type exec_ struct {
	conn *engine.Connection
	env  Env
	verb string
	noun *Noun
	cmd  *command
	at   *place
}

func (x *exec_) run(ctx context.Context, rest []string) error {
	ins := map[string]*input{}
	var all []Flag
	// The options of every place are accepted while parsing; the chosen place's are checked after.
	isBool := func(name string) bool {
		if i := ins[name]; i != nil {
			return i.Type == "Boolean"
		}
		for _, f := range verbFlags(x.verb) {
			if f.Name == name {
				return f.Type == "Boolean"
			}
		}
		return false
	}
	for _, p := range x.noun.places {
		is, err := verbInputs(x.verb, p, actionWord(x.verb, rest))
		if err != nil {
			continue
		}
		for _, i := range is {
			if ins[i.Name] == nil {
				ins[i.Name] = i
			}
		}
	}
	cmd, err := split(rest, isBool)
	if err != nil {
		return err
	}
	x.cmd = cmd
	if err := x.choosePlace(); err != nil {
		return err
	}
	m, err := method(x.verb, x.at, x.action())
	if err != nil {
		return err
	}
	var placeIns []*input
	if m != nil {
		placeIns = inputsOf(m, x.verb == "add" || x.verb == "update")
	}
	known := map[string]*input{}
	for _, i := range placeIns {
		known[i.Name] = i
		all = append(all, i.Flag)
	}
	all = append(all, verbFlags(x.verb)...)
	for _, name := range cmd.order {
		if known[name] != nil || slices.ContainsFunc(verbFlags(x.verb), func(f Flag) bool { return f.Name == name }) ||
			slices.Contains(x.noun.Parents, name) {
			continue
		}
		for _, p := range x.noun.Parents {
			all = append(all, Flag{Name: p})
		}
		return unknownOption(x.verb, x.noun.Singular, name, all)
	}
	if err := x.checkWords(); err != nil {
		return err
	}
	switch x.verb {
	case "list":
		return x.list(ctx, m, known)
	case "add":
		return x.add(ctx, m, known)
	case "show", "update", "remove", "action":
		return x.modify(ctx, m, known)
	case "console":
		return x.console(ctx)
	}
	return nil
}

// actionWord is the action named on an action command line (its second word), for parsing.
func actionWord(verb string, rest []string) string {
	if verb != "action" {
		return ""
	}
	var words []string
	for _, w := range rest {
		if !strings.HasPrefix(w, "-") {
			words = append(words, w)
		}
	}
	if len(words) >= 2 {
		return words[1]
	}
	return ""
}

func (x *exec_) action() string {
	if x.verb == "action" && len(x.cmd.words) >= 2 {
		return x.cmd.words[1]
	}
	return ""
}

// checkWords checks the count of positional words the verb takes.
func (x *exec_) checkWords() error {
	want := map[string]int{"list": 0, "add": 0, "show": 1, "update": 1, "remove": 1, "console": 1, "action": 2}[x.verb]
	w := x.cmd.words
	switch {
	case len(w) < want && x.verb == "action" && len(w) == 1:
		_, err := actionMethod(x.at, "")
		return err
	case len(w) < want:
		return usagef("%s %s: name the %s (its name or id)", x.verb, x.noun.Singular, labelOf(x.at.item))
	case len(w) > want:
		return usagef("%s %s: unexpected '%s'", x.verb, x.noun.Singular, w[want])
	}
	return nil
}

// choosePlace picks the position of the noun from the parent options given: the top-level
// collection when none is given and there is one.
func (x *exec_) choosePlace() error {
	var given []string
	for _, p := range x.noun.Parents {
		if _, ok := x.cmd.opts[p]; ok {
			given = append(given, p)
		}
	}
	for _, p := range x.noun.places {
		if (len(given) == 0 && p.parent == "") || (len(given) > 0 && slices.Contains(given, p.parent)) {
			x.at = p
			return nil
		}
	}
	return usagef("%s %s: %s are listed per %s: give --%s NAME", x.verb, x.noun.Singular, x.noun.Plural,
		strings.Join(x.noun.Parents, " or "), x.noun.Parents[0])
}

// collPath is the names path of the chosen collection: "vms", "vms/web1/nics".
func (x *exec_) collPath() (string, error) {
	return placePath(x.at, x.cmd.opts, 0)
}

func placePath(p *place, opts map[string]string, depth int) (string, error) {
	if p.parent == "" {
		return p.path, nil
	}
	key := opts[p.parent]
	parent := theGrammar().byWord[p.parent]
	if key == "" || parent == nil || depth > maxDepth {
		return "", usagef("give --%s NAME", p.parent)
	}
	for _, pp := range parent.places {
		if pp.entity.Locator(p.path) == nil && pp.entity.FixedLocator(p.path) == nil {
			continue
		}
		if pp.parent != "" && opts[pp.parent] == "" {
			continue
		}
		up, err := placePath(pp, opts, depth+1)
		if err != nil {
			return "", err
		}
		return up + "/" + key + "/" + p.path, nil
	}
	return "", usagef("cannot find where %s are under a %s", p.path, p.parent)
}

// entity resolves the command's entity (its first word) to its service, fetching it with fetch.
func (x *exec_) entity(ctx context.Context, fetch bool) (*names.Entity, error) {
	path, err := x.collPath()
	if err != nil {
		return nil, err
	}
	if fetch {
		return names.Get(ctx, x.conn, path+"/"+x.cmd.words[0])
	}
	return names.Service(ctx, x.conn, path+"/"+x.cmd.words[0])
}

// waitTimeout is --timeout, 5 minutes by default.
func (x *exec_) waitTimeout() (time.Duration, error) {
	v, ok := x.cmd.opts["timeout"]
	if !ok {
		return 5 * time.Minute, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, usagef("--timeout: '%s' is not a duration such as 90s or 5m", v)
	}
	return d, nil
}
