package verbs

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

var methodOwners = sync.OnceValue(func() map[*types.MethodInfo]*types.ServiceInfo {
	out := map[*types.MethodInfo]*types.ServiceInfo{}
	for _, s := range types.Services() {
		for _, m := range s.Methods {
			out[m] = s
		}
	}
	return out
})

func labelOf(t *types.TypeInfo) string { return names.Label(t) }

// usageError is a command line the grammar refuses; it ends ovirtsh with the usage code.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// method returns the model method verb calls at place: list on the collection, get, update,
// remove or the action on the entity, add on the collection.
func method(verb string, p *place, action string) (*types.MethodInfo, error) {
	var m *types.MethodInfo
	switch verb {
	case "list":
		m = p.coll.Method("list")
	case "add":
		m = p.coll.Method("add")
	case "show":
		m = p.entity.Method("get")
	case "update", "remove":
		m = p.entity.Method(verb)
	case "action":
		return actionMethod(p, action)
	case "console":
		return nil, nil
	default:
		return nil, usagef("unknown verb '%s'%s", verb, suggest.DidYouMean(suggest.Nearest(verb, verbList, 3)))
	}
	if m == nil {
		return nil, usagef("%s cannot be %s: the API has no %s method for %s", p.path, pastTense(verb), verb, p.path)
	}
	return m, nil
}

func pastTense(verb string) string {
	switch verb {
	case "add":
		return "added to"
	case "show":
		return "shown"
	case "update":
		return "updated"
	case "remove":
		return "removed"
	}
	return verb + "ed"
}

// actions lists the actions of an entity service, in option spelling (export-to-path-on-host).
func actions(s *types.ServiceInfo) []string {
	var out []string
	for _, m := range s.Methods {
		if m.Kind == "action" && m.Base == "" {
			out = append(out, optionName(m.Name))
		}
	}
	return out
}

// Actions returns the actions of the noun's entities (for completion and help).
func Actions(noun string) []string {
	n, ok := LookupNoun(noun)
	if !ok {
		return nil
	}
	return actions(n.places[0].entity)
}

func actionMethod(p *place, action string) (*types.MethodInfo, error) {
	known := actions(p.entity)
	if action == "" {
		return nil, usagef("action %s: name the action (%s)", singular(p.path, p.item), strings.Join(known, ", "))
	}
	m := p.entity.Method(strings.ReplaceAll(action, "-", "_"))
	if m == nil || m.Kind != "action" {
		msg := fmt.Sprintf("a %s has no action '%s'", labelOf(p.item), action)
		if near := suggest.Nearest(action, known, 3); len(near) > 0 {
			return nil, usagef("%s%s", msg, suggest.DidYouMean(near))
		}
		return nil, usagef("%s (%s)", msg, strings.Join(known, ", "))
	}
	return m, nil
}

// verbInputs returns the model options of verb at place.
func verbInputs(verb string, p *place, action string) ([]*input, error) {
	m, err := method(verb, p, action)
	if err != nil || m == nil {
		return nil, err
	}
	return inputsOf(m, verb == "add" || verb == "update"), nil
}

// verbFlags are the options of the verb itself.
func verbFlags(verb string) []Flag {
	output := []Flag{
		{Name: "o", Type: "String", Enum: []string{"table", "json", "csv", "api-json"}, Help: "output format (default table on a terminal, json otherwise)"},
		{Name: "columns", Type: "String", List: true, Help: "members to show, comma-separated (dotted paths allowed)"},
	}
	wait := []Flag{
		{Name: "wait", Type: "Boolean", Help: "wait for the state the verb implies"},
		{Name: "timeout", Type: "Duration", Help: "how long --wait waits (default 5m)"},
	}
	switch verb {
	case "list", "show":
		return output
	case "add", "update", "action":
		return append(output, wait...)
	case "remove":
		return wait
	case "console":
		return []Flag{{Name: "file", Type: "String", Help: "write the remote-viewer (.vv) file there instead of opening remote-viewer"}}
	}
	return nil
}
