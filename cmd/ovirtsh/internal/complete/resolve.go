package complete

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// val is what completion knows about the value of an expression, found without calling
// anything: a concrete Lua value (globals and table fields) and/or its description in the model.
type val struct {
	lv         session.Value // nil when only the model type is known
	desc       session.Desc
	typesTable bool            // the types table
	ctor       *types.TypeInfo // types.Vm: calling it builds a Vm
	enum       *types.TypeInfo // types.VmStatus
	owner      *types.ServiceInfo
	method     *types.MethodInfo  // a service method, not yet called
	locator    *types.LocatorInfo // a service locator, not yet called
	connMethod string             // a method of the connection, not yet called
	// path is the address of a service (or, with locator, of its owner) relative to the API
	// root, when hasPath says it is known: "" is the system service.
	path    string
	hasPath bool
}

func (c *Completer) valueOf(lv session.Value) val {
	if c.src.LuaType(lv) == "nil" {
		return val{}
	}
	v := val{lv: lv, desc: c.src.Describe(lv)}
	if v.desc.Service != nil {
		v.path, v.hasPath = v.desc.Path, true
	}
	if lv == c.src.GlobalValue("types") {
		v.typesTable = true
	}
	return v
}

// eval resolves a chain step by step; ok is false when a step cannot be known statically.
func (c *Completer) eval(ch chain) (val, bool) {
	v := c.valueOf(c.src.GlobalValue(ch.root))
	for _, o := range ch.ops {
		var ok bool
		switch o.kind {
		case opField:
			v, ok = c.field(v, o.name)
		case opMethod:
			if v, ok = c.field(v, o.name); ok {
				v, ok = callWith(v, o.lit)
			}
		case opCall:
			v, ok = callWith(v, o.lit)
		case opIndex:
			v, ok = c.index(v, o.lit)
		}
		if !ok {
			return val{}, false
		}
	}
	return v, true
}

// field is v.name.
func (c *Completer) field(v val, name string) (val, bool) {
	switch {
	case v.typesTable:
		ti := types.Type(name)
		if ti == nil {
			return val{}, false
		}
		if ti.Kind == types.KindEnum {
			return val{enum: ti}, true
		}
		return val{ctor: ti}, true
	case v.desc.Service != nil:
		s := v.desc.Service
		if m := s.Method(name); m != nil {
			return val{owner: s, method: m}, true
		}
		if len(name) > len("_service") {
			if l := s.Locator(name[:len(name)-len("_service")]); l != nil {
				return val{owner: s, locator: l, path: v.path, hasPath: v.hasPath}, true
			}
		}
		return val{}, false
	case v.desc.Type != nil && !v.desc.List:
		m := v.desc.Type.Member(name)
		if m == nil {
			return val{}, false
		}
		return val{desc: session.Desc{Type: types.Type(m.Type), List: m.List}}, true
	case v.desc.Conn || slices.Contains(v.desc.Methods, name) && v.desc.Service == nil && v.desc.Type == nil:
		return val{connMethod: name}, true
	}
	fv, ok := c.src.Lookup(v.lv, name)
	if !ok {
		return val{}, false
	}
	return c.valueOf(fv), true
}

// callWith is call, keeping track of a service's path: a locator's own path, its argument
// for an entity ({id}) when that is the string literal arg.
func callWith(v val, arg token) (val, bool) {
	out, ok := call(v)
	if !ok || v.locator == nil || !v.hasPath {
		return out, ok
	}
	seg := v.locator.Path
	if len(v.locator.Params) > 0 {
		if arg.kind != tString || len(arg.text) < 2 {
			return out, true // an id known only when the chunk runs
		}
		seg = arg.text[1 : len(arg.text)-1]
	}
	out.path, out.hasPath = joinPath(v.path, seg), true
	return out, true
}

func joinPath(base, seg string) string {
	if base == "" {
		return seg
	}
	return base + "/" + seg
}

// call is v(...): the result of a method (its output type), a locator (its service), a
// constructor (an object) or conn:system_service().
func call(v val) (val, bool) {
	switch {
	case v.locator != nil:
		s := types.Service(v.locator.Service)
		return val{desc: session.Desc{Service: s}}, s != nil
	case v.method != nil:
		for _, p := range v.method.Params {
			if p.Out && p.TypeKind == types.KindStruct {
				return val{desc: session.Desc{Type: types.Type(p.Type), List: p.List}}, true
			}
		}
	case v.ctor != nil:
		return val{desc: session.Desc{Type: v.ctor}}, true
	case v.connMethod == "system_service":
		return val{desc: session.Desc{Service: types.Service("System")}}, true
	}
	return val{}, false
}

// index is v[key]: an item of a list, or a table's field when the key is a literal. An array
// of API objects indexed by an expression is taken to hold objects like its first one.
func (c *Completer) index(v val, key token) (val, bool) {
	if v.desc.List && v.desc.Type != nil {
		return val{desc: session.Desc{Type: v.desc.Type}}, true
	}
	var key2 any
	switch key.kind {
	case tNumber:
		n, err := strconv.Atoi(key.text)
		if err != nil {
			return val{}, false
		}
		key2 = n
	case tString:
		key2 = strings.Trim(key.text, `'"`)
	default:
		if item, ok := c.src.RawGet(v.lv, 1); ok {
			if first := c.valueOf(item); first.desc.Type != nil {
				return val{desc: first.desc}, true
			}
		}
		return val{}, false
	}
	item, ok := c.src.RawGet(v.lv, key2)
	if !ok {
		return val{}, false
	}
	return c.valueOf(item), true
}
