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
	IsTTY          bool   // stdout is a terminal: table output by default
	StatusTTY      bool   // stderr is a terminal: --wait's status line is rewritten in place
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
	return x.brief(x.run(ctx, args[2:]))
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
	kind := func(name string) (bool, bool) {
		if i := ins[name]; i != nil {
			return true, i.Type == "Boolean"
		}
		for _, f := range verbFlags(x.verb) {
			if f.Name == name {
				return true, f.Type == "Boolean"
			}
		}
		return slices.Contains(x.noun.ancestors(), name), false
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
	cmd, err := split(rest, kind)
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
			slices.Contains(x.noun.ancestors(), name) {
			continue
		}
		for _, p := range x.noun.ancestors() {
			all = append(all, Flag{Name: p})
		}
		return unknownOption(x.verb, x.nounWord(), name, all)
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

// nounWord is the noun as the verb takes it: plural for list ("list vms"), else singular.
func (x *exec_) nounWord() string {
	if x.verb == "list" {
		return x.noun.Plural
	}
	return x.noun.Singular
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
// collection when none is given and there is one, else the shallowest position whose parents
// are all given.
func (x *exec_) choosePlace() error {
	missing := func(p *place) []string { // the parent options p needs that were not given
		var out []string
		for q := p; q.up != nil; q = q.up {
			if _, ok := x.cmd.opts[q.parent]; !ok {
				out = append(out, "--"+q.parent)
			}
		}
		return out
	}
	// A position under the parents given, where the verb exists, wins over the top level, where
	// a parent option can also be a member (add tag --vm V assigns the tag to the VM); the
	// deepest wins, as it uses the most parents given (--datacenter D --cluster C).
	for _, p := range x.noun.places {
		if p.up == nil || len(missing(p)) != 0 || !x.usesGiven(p) || (x.at != nil && p.depth() <= x.at.depth()) {
			continue
		}
		if _, err := method(x.verb, p, x.action()); err == nil {
			x.at = p
		}
	}
	if p := x.noun.places[0]; x.at == nil && p.up == nil && !x.anyParent() {
		x.at = p
	}
	if x.at != nil {
		return nil
	}
	// Say what is missing for the positions that use the parents given (all when none fits):
	// the options one position needs joined by "and" (outermost first), the positions by "or".
	var need, paths []string
	for pass := 0; pass < 2 && len(paths) == 0; pass++ {
		for _, p := range x.noun.places {
			if p.up == nil || (pass == 0 && !x.usesGiven(p)) {
				continue
			}
			m := missing(p)
			slices.Reverse(m)
			if alt := strings.Join(m, " and "); !slices.Contains(need, alt) {
				need = append(need, alt)
			}
			paths = append(paths, p.pattern())
		}
	}
	return usagef("%s %s: name the parent: %s (%s)", x.verb, x.nounWord(), strings.Join(need, " or "), strings.Join(paths, ", "))
}

// ancestors are the parent options of every position of the noun, at any depth: "vm" and
// "nic" for reporteddevices (vms/{vm}/nics/{nic}/reporteddevices).
func (n *Noun) ancestors() []string {
	var out []string
	for _, p := range n.places {
		for q := p; q.up != nil; q = q.up {
			if !slices.Contains(out, q.parent) {
				out = append(out, q.parent)
			}
		}
	}
	return out
}

// usesGiven reports whether the chain of parents of p has every parent option given that is
// not also an input of the verb there (add permission --vm V --user U: the user is an input).
func (x *exec_) usesGiven(p *place) bool {
	ins, _ := verbInputs(x.verb, p, x.action())
	for _, name := range x.noun.ancestors() {
		if _, ok := x.cmd.opts[name]; !ok || slices.ContainsFunc(ins, func(i *input) bool { return i.Name == name }) {
			continue
		}
		found := false
		for q := p; q.up != nil; q = q.up {
			found = found || q.parent == name
		}
		if !found {
			return false
		}
	}
	return true
}

// anyParent reports whether a parent option of the noun was given that is not also an input of
// the verb at the top level (add cpuprofile --cluster C sets the profile's cluster there).
func (x *exec_) anyParent() bool {
	var top map[string]bool
	if p := x.noun.places[0]; p.up == nil {
		if ins, err := verbInputs(x.verb, p, x.action()); err == nil {
			top = map[string]bool{}
			for _, in := range ins {
				top[in.Name] = true
			}
		}
	}
	for _, p := range x.noun.Parents {
		if _, ok := x.cmd.opts[p]; ok && !top[p] {
			return true
		}
	}
	return false
}

// collPath is the names path of the chosen collection: "vms", "vms/web1/nics".
func (x *exec_) collPath() (string, error) {
	return placePath(x.at, x.cmd.opts), nil
}

func placePath(p *place, opts map[string]string) string {
	if p.up == nil {
		return p.path
	}
	return placePath(p.up, opts) + "/" + opts[p.parent] + "/" + p.path
}

// entity resolves the command's entity (its first word) to its service, fetching it with fetch.
// Ids that are not UUIDs (events' "2", consoles' "766e63") are tried as ids once the name is
// not found.
func (x *exec_) entity(ctx context.Context, fetch bool) (*names.Entity, error) {
	path, err := x.collPath()
	if err != nil {
		return nil, err
	}
	key := x.cmd.words[0]
	var e *names.Entity
	if fetch {
		e, err = names.Get(ctx, x.conn, path+"/"+key)
	} else {
		e, err = names.Service(ctx, x.conn, path+"/"+key)
	}
	var ne *names.Error
	if err == nil || names.IsID(key) || !errors.As(err, &ne) || ne.Kind != names.KindNotFound {
		return e, err
	}
	coll, cerr := names.Collection(ctx, x.conn, path)
	if cerr != nil {
		return nil, err
	}
	svc := locateByID(coll, key)
	v, gerr := callGet(ctx, svc)
	if gerr != nil {
		return nil, err // the name's error, with the closest names
	}
	e = &names.Entity{Type: x.at.item, ID: key, Service: svc}
	if fetch {
		e.Value = v
	}
	return e, nil
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

// IsHelp reports whether the command line asks for help only (help, --help, -h): Run then
// needs no connection.
func IsHelp(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	return slices.Contains(args, "--help") || slices.Contains(args, "-h") || len(args) < 2
}

// NearVerb returns the verb word is a typo of ("lsit" → "list"), or "".
func NearVerb(word string) string {
	if strings.ContainsAny(word, "./") {
		return "" // a path: a script
	}
	if near := suggest.Nearest(word, verbList, 1); len(near) > 0 && suggest.EditDistance(word, near[0]) <= 2 {
		return near[0]
	}
	return ""
}
