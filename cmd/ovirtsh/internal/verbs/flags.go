package verbs

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Flag is an option of a verb, as --help lists it and completion offers it.
type Flag struct {
	Name      string // without dashes: "cpu.topology.cores", "next-run", "o"
	Help      string
	Type      string // "String", "Integer", "Size", "Boolean", "Date", "Decimal", an enum or a struct type name
	Mandatory bool   // an input the model says the method needs (in one of its forms for add)
	Ref       bool   // takes the name or the id of an entity ("--cluster Default")
	Enum      []string
	List      bool // takes a comma-separated list
}

// isSize reports whether the option of member m takes units (2GiB): the members counted in
// bytes, as engine/output knows them (NumaNode.memory is in MiB and VmPool.size counts VMs).
func isSize(m *types.MemberInfo) bool { return output.IsSize(m) }

// input is an option that sets a value of the request: a path of Go field names from the
// method's parameters (the body parameter's fields for add and update), and how it parses.
type input struct {
	Flag
	param string   // the method parameter (snake name) it belongs to
	steps []string // Go field names below the parameter (empty: the parameter itself)
	kind  inputKind
	size  bool
}

type inputKind uint8

const (
	kindScalar  inputKind = iota // primitive or enum (or a list of them)
	kindRef                      // an entity by name or id
	kindRefList                  // entities by name or id, comma-separated
)

// flatDepth bounds how deep struct members are offered as dotted options (cpu.topology.cores).
const flatDepth = 3

// optionName is the command line spelling of a snake_case name: all_content → all-content.
func optionName(snake string) string { return strings.ReplaceAll(snake, "_", "-") }

// inputsOf returns the options of the method m: its input parameters, the members of a struct
// parameter by dots; the body parameter's members (bodyFlat) without its name as prefix.
func inputsOf(m *types.MethodInfo, bodyFlat bool) []*input {
	var out []*input
	for _, p := range m.Params {
		if !p.In {
			continue
		}
		prefix := optionName(p.Name) + "."
		if bodyFlat && p.InLocation == "body" {
			prefix = ""
		}
		switch {
		case p.TypeKind == types.KindStruct && !p.List:
			t := types.Type(p.Type)
			if prefix != "" && isEntity(t) {
				out = append(out, &input{Flag: refFlag(strings.TrimSuffix(prefix, "."), t, false), param: p.Name, kind: kindRef})
			}
			flatten(&out, t, p.Name, prefix, nil, 1, []string{t.Name})
			if id := t.Member("id"); prefix == "" && id != nil && mandatesID(m, p.Name) { // add networklabel --id
				f := scalarFlag("id", "String", false, false)
				f.Help = "the id of the " + labelOf(t) + " (this add names an existing one)"
				out = append(out, &input{Flag: f, param: p.Name, steps: []string{id.GoName}})
			}
		case p.TypeKind == types.KindStruct && isEntity(types.Type(p.Type)):
			out = append(out, &input{Flag: refFlag(optionName(p.Name), types.Type(p.Type), true), param: p.Name, kind: kindRefList})
		case p.TypeKind != types.KindStruct:
			out = append(out, &input{Flag: scalarFlag(optionName(p.Name), p.Type, p.List, false), param: p.Name})
		}
	}
	markMandatory(out, m, bodyFlat)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// flatten adds the members of the struct t as options name.member, down to flatDepth.
func flatten(out *[]*input, t *types.TypeInfo, param, prefix string, steps []string, depth int, path []string) {
	for _, m := range t.Members {
		if m.Name == "href" || m.Name == "actions" || m.Deprecated || (prefix == "" && m.Name == "id") {
			continue
		}
		name := prefix + optionName(m.Name)
		st := append(slices.Clone(steps), m.GoName)
		mt := types.Type(m.Type)
		switch {
		case m.TypeKind != types.KindStruct:
			*out = append(*out, &input{Flag: scalarFlag(name, m.Type, m.List, isSize(m)), param: param, steps: st, size: isSize(m)})
		case m.List && (isEntity(mt) || mt.Member("id") != nil): // permits, snapshots: by name or id
			*out = append(*out, &input{Flag: refFlag(name, mt, true), param: param, steps: st, kind: kindRefList})
		case m.List:
			// Lists of plain structs (custom properties, payloads) are left to Lua.
		case isEntity(mt):
			*out = append(*out, &input{Flag: refFlag(name, mt, false), param: param, steps: st, kind: kindRef})
			for _, sub := range []string{"id", "name"} {
				if sm := mt.Member(sub); sm != nil {
					*out = append(*out, &input{Flag: scalarFlag(name+"."+sub, "String", false, false), param: param,
						steps: append(slices.Clone(st), sm.GoName)})
				}
			}
		case depth < flatDepth && !slices.Contains(path, mt.Name):
			flatten(out, mt, param, name+".", st, depth+1, append(slices.Clone(path), mt.Name))
		}
	}
}

// isEntity reports whether values of t are referred to by name or id: the types of top-level
// collections (Cluster, Template, Host). Others with an id (HostStorage) are set member by member.
func isEntity(t *types.TypeInfo) bool { return t != nil && topLevelTypes()[t] }

var topLevelTypes = sync.OnceValue(func() map[*types.TypeInfo]bool {
	out := map[*types.TypeInfo]bool{}
	for _, n := range theGrammar().nouns {
		if n.TopLevel {
			out[n.Type] = true
		}
	}
	return out
})

func scalarFlag(name, typ string, list, size bool) Flag {
	f := Flag{Name: name, Type: typ, List: list}
	switch {
	case size:
		f.Type, f.Help = "Size", "a size: bytes or a number with a unit (2GiB, 512MiB)"
	case typ == "Boolean":
		f.Help = "true or false; alone means true"
	case typ == "Integer":
		f.Help = "an integer"
	case typ == "Decimal":
		f.Help = "a number"
	case typ == "Date":
		f.Help = "a date (RFC 3339: 2026-12-01T10:00:00Z)"
	case typ == "String":
		f.Help = "a string"
	default:
		if t := types.Type(typ); t != nil && t.Kind == types.KindEnum {
			f.Enum = slices.Clone(t.Values)
			f.Help = "one of " + strings.Join(t.Values, ", ")
		}
	}
	if list {
		f.Help = "comma-separated; each " + f.Help
	}
	return f
}

func refFlag(name string, t *types.TypeInfo, list bool) Flag {
	what := "the name or id of " + article(labelOf(t))
	if list {
		what = "names or ids of " + labelOf(t) + "s, comma-separated"
	}
	return Flag{Name: name, Type: t.Name, Ref: true, List: list, Help: what}
}

// mandatesID reports whether a form of m requires the id of its body parameter param: the
// adds that name an existing entity (a network label, a cluster feature).
func mandatesID(m *types.MethodInfo, param string) bool {
	for _, sig := range forms(m) {
		for _, group := range sig.Mandatory {
			if slices.Contains(group, param+".id") {
				return true
			}
		}
	}
	return false
}

// markMandatory marks the options the model requires: the groups of the method, and of its
// signatures (add_from_scratch...) for a method that has them.
func markMandatory(in []*input, m *types.MethodInfo, bodyFlat bool) {
	for _, sig := range forms(m) {
		for _, group := range sig.Mandatory {
			for _, path := range group {
				name := pathOption(m, path, bodyFlat)
				for _, i := range in {
					if i.Name == name || (i.Ref && (name == i.Name+".id" || name == i.Name+".name")) {
						i.Mandatory = true
					}
				}
			}
		}
	}
}

// pathOption turns a model input path ("vm.cluster.id", "disks[].id") into an option name.
func pathOption(m *types.MethodInfo, path string, bodyFlat bool) string {
	path = strings.ReplaceAll(path, "[]", "")
	param, rest, _ := strings.Cut(path, ".")
	if p := m.Param(param); p != nil && bodyFlat && p.InLocation == "body" && rest != "" {
		path = rest
	}
	return optionName(path)
}

// forms returns the method's signatures (Vms add_from_scratch, add_from_snapshot...), or the
// method alone when it has none.
func forms(m *types.MethodInfo) []*types.MethodInfo {
	var out []*types.MethodInfo
	if svc := methodService(m); svc != nil {
		for _, s := range svc.Methods {
			if s.Base == m.Name && s != m {
				out = append(out, s)
			}
		}
	}
	if len(m.Mandatory) > 0 || len(out) == 0 {
		out = append([]*types.MethodInfo{m}, out...)
	}
	return out
}

// methodService finds the service declaring m (MethodInfo has no back pointer).
func methodService(m *types.MethodInfo) *types.ServiceInfo {
	return methodOwners()[m]
}

// Flags returns the options of verb on noun (and of the action for "action"), as --help lists
// them: the method's inputs from the model, the parent options of a sub-collection, and the
// verb's own (-o, --columns, --wait...). Unknown verbs, nouns or actions give nil.
func Flags(verb, noun, action string) []Flag {
	n, ok := LookupNoun(noun)
	if !ok {
		return nil
	}
	ins, err := verbInputs(verb, helpPlace(&n, verb, action), action)
	if err != nil {
		return nil
	}
	var out []Flag
	for _, i := range ins {
		out = append(out, i.Flag)
	}
	for _, p := range n.Parents {
		if slices.ContainsFunc(out, func(f Flag) bool { return f.Name == p }) {
			continue // a member of the same name: it names the parent too where the top level has no such input
		}
		out = append(out, Flag{Name: p, Type: "parent", Ref: true, Help: fmt.Sprintf("the %s whose %s these are (name or id)", p, n.Plural)})
	}
	return append(out, verbFlags(verb)...)
}

// article puts "a" or "an" before a label: "a VM", "an instance type", "an ISCSI bond".
func article(label string) string {
	if label != "" && strings.ContainsRune("aeiouAEIOU", rune(label[0])) {
		return "an " + label
	}
	return "a " + label
}
