package complete

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// SetNames lets the completer offer entity names and ids from n inside ovirt.get('...'),
// ovirt.service('...') and locator calls such as vm_service('...'). Without it, those offer
// only collection names.
func (c *Completer) SetNames(n *Names) { c.names = n }

// stringArg completes the open string word when it is the first argument of ovirt.get or
// ovirt.service (a path of names), their second one (a name in the collection the first names)
// or the argument of an entity locator (an id); ok is false elsewhere.
func (c *Completer) stringArg(prev []token, word string) ([]string, bool) {
	n := len(prev)
	quote := word[:1]
	if endsWith(prev, ",") {
		return c.secondArg(prev, quote, word[1:])
	}
	if n < 2 || !endsWith(prev, "(") || prev[n-2].kind != tName {
		return nil, false
	}
	if isNamesFunc(prev[:n-1]) {
		return c.pathCandidates(quote, word[1:]), true
	}
	name, isLocator := strings.CutSuffix(prev[n-2].text, "_service")
	if n < 4 || prev[n-3].text != ":" || !isLocator {
		return nil, false
	}
	ch, ok := parseChain(prev[:n-3])
	if !ok {
		return nil, false
	}
	v, ok := c.eval(ch)
	if !ok || v.desc.Service == nil || !v.hasPath {
		return nil, false
	}
	l := v.desc.Service.Locator(name)
	if l == nil || len(l.Params) != 1 || c.names == nil {
		return nil, true
	}
	var out []string
	for _, it := range c.names.Lookup(v.path) {
		if it.ID != "" {
			out = append(out, quote+it.ID+quote)
		}
	}
	return out, true
}

// pathCandidates completes a path of names after its opening quote: collection segments from
// the model, entity segments from the names cache (names; ids too once the segment is begun).
func (c *Completer) pathCandidates(quote, body string) []string {
	segs := strings.Split(body, "/")
	done, last := segs[:len(segs)-1], segs[len(segs)-1]
	svc := serviceAt(done)
	if svc == nil {
		return nil
	}
	prefix := quote + strings.Join(done, "/")
	if len(done) > 0 {
		prefix += "/"
	}
	var out []string
	if len(done)%2 == 0 {
		for _, l := range svc.Locators {
			if len(l.Params) == 0 && entityLocator(types.Service(l.Service)) != nil {
				out = append(out, prefix+l.Path+"/")
			}
		}
		return out
	}
	return c.entityCandidates(prefix, strings.Join(done, "/"), last)
}

// entityCandidates are prefix followed by the names of the entities of the collection at path,
// and by their ids once the segment (last) is begun or for entities without a name.
func (c *Completer) entityCandidates(prefix, path, last string) []string {
	if c.names == nil {
		return nil
	}
	var out []string
	for _, it := range c.names.Lookup(path) {
		if it.Name != "" && !strings.Contains(it.Name, "/") {
			out = append(out, prefix+it.Name)
		}
		if it.ID != "" && (last != "" || it.Name == "") {
			out = append(out, prefix+it.ID)
		}
	}
	return out
}

// isNamesFunc reports whether toks is ovirt.get or ovirt.service.
func isNamesFunc(toks []token) bool {
	n := len(toks)
	if n < 3 || toks[n-2].text != "." {
		return false
	}
	ch, ok := parseChain(toks)
	return ok && ch.root == "ovirt" && len(ch.ops) == 1 && (ch.ops[0].name == "get" || ch.ops[0].name == "service")
}

// secondArg completes ovirt.get(collection, '...'): the collection is a path literal or a
// collection service whose path completion knows.
func (c *Completer) secondArg(prev []token, quote, body string) ([]string, bool) {
	open := openBrackets(prev)
	if len(open) == 0 {
		return nil, false
	}
	k := open[len(open)-1]
	if prev[k].text != "(" || !isNamesFunc(prev[:k]) {
		return nil, false
	}
	arg := prev[k+1 : len(prev)-1]
	var path string
	switch {
	case len(arg) == 1 && arg[0].kind == tString && len(arg[0].text) >= 2:
		path = arg[0].text[1 : len(arg[0].text)-1]
		if segs := strings.Split(path, "/"); len(segs)%2 == 0 || entityLocator(serviceAt(segs)) == nil {
			return nil, true
		}
	default:
		ch, ok := parseChain(arg)
		if !ok {
			return nil, true
		}
		v, ok := c.eval(ch)
		if !ok || !v.hasPath || entityLocator(v.desc.Service) == nil {
			return nil, true
		}
		path = v.path
	}
	return c.entityCandidates(quote, path, body), true
}

// serviceAt walks the model along segs, collection and entity segments in turn from the
// system service: the service they lead to, or nil.
func serviceAt(segs []string) *types.ServiceInfo {
	svc := types.Service("System")
	for i, seg := range segs {
		if svc == nil {
			return nil
		}
		if i%2 == 1 {
			svc = entityService(svc)
			continue
		}
		var next *types.ServiceInfo
		for _, l := range svc.Locators {
			if len(l.Params) == 0 && (l.Path == seg || l.Name == seg) {
				next = types.Service(l.Service)
				break
			}
		}
		svc = next
	}
	return svc
}

// entityLocator returns the locator of a collection service that takes an entity's id.
func entityLocator(s *types.ServiceInfo) *types.LocatorInfo {
	if s == nil {
		return nil
	}
	for _, l := range s.Locators {
		if len(l.Params) == 1 {
			return l
		}
	}
	return nil
}

func entityService(s *types.ServiceInfo) *types.ServiceInfo {
	if l := entityLocator(s); l != nil {
		return types.Service(l.Service)
	}
	return nil
}
