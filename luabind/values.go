package luabind

import (
	"fmt"
	"reflect"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// typeBinding is what the runtime knows about one generated struct type: its description, its
// Go type and the metatable of its values. Members are looked up on info.
type typeBinding struct {
	info    *types.TypeInfo
	rtype   reflect.Type // the struct type, not the pointer
	ptrType reflect.Type // *rtype, the type of the Go values behind the binding's userdata
	meta    *lua.LTable
	members map[string]*memberAccess
	ordered []*memberAccess // the members in the order of info.Members
	last    *memberAccess   // the member looked up last (see member)
}

// binding returns the binding of the generated struct type t, or nil when t is not one.
func (r *Runtime) binding(t reflect.Type) *typeBinding {
	if b, ok := r.bindings[t]; ok {
		return b
	}
	var b *typeBinding
	if ti := types.StructInfo(t); ti != nil {
		b = r.newBinding(ti, t)
	}
	r.bindings[t] = b
	return b
}

// bindingByName returns the binding of the struct type named name (CamelCase), or nil.
func (r *Runtime) bindingByName(name string) *typeBinding {
	v := types.New(name)
	if v == nil {
		return nil
	}
	return r.binding(reflect.TypeOf(v).Elem())
}

func (r *Runtime) newBinding(ti *types.TypeInfo, t reflect.Type) *typeBinding {
	b := &typeBinding{info: ti, rtype: t, ptrType: reflect.PointerTo(t)}
	b.members, b.ordered = r.accessors(ti, t)
	L := r.L
	mt := L.NewTable()
	mt.RawSetString("__name", lua.LString(ti.Name))
	mt.RawSetString("__index", r.newFunction(L, func(L *lua.LState) int {
		p := r.checkValue(L, 1, b)
		L.Push(r.getMember(L, p, b, L.CheckString(2)))
		return 1
	}))
	mt.RawSetString("__newindex", r.newFunction(L, func(L *lua.LState) int {
		p := r.checkValue(L, 1, b)
		if err := r.setMember(p, b, L.CheckString(2), L.Get(3), ti.SnakeName); err != nil {
			r.raise(L, err)
		}
		return 0
	}))
	mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
		L.Push(lua.LString(shortString(r.checkValue(L, 1, b), b)))
		return 1
	}))
	mt.RawSetString("__eq", L.NewFunction(func(L *lua.LState) int {
		a, _ := L.Get(1).(*lua.LUserData)
		c, _ := L.Get(2).(*lua.LUserData)
		L.Push(lua.LBool(a != nil && c != nil && a.Value == c.Value))
		return 1
	}))
	b.meta = mt
	return b
}

// unknownMember is the error for a member name the type does not have.
func (b *typeBinding) unknownMember(name, path string) *Error {
	msg := fmt.Sprintf("%s has no member '%s'%s", b.info.Name, name, didYouMean(name, b.info.MemberNames()))
	if strings.Contains(path, ".") || strings.Contains(path, "[") {
		msg = path + ": " + msg
	}
	return usageErrorf("%s", msg)
}

// wrapValue returns the typed value for p, a non-nil pointer to the binding's struct.
func (r *Runtime) wrapValue(p reflect.Value, b *typeBinding) *lua.LUserData {
	ud := r.L.NewUserData()
	ud.Value = p.Interface()
	ud.Metatable = b.meta
	return ud
}

// asValue returns the pointer held by a typed value and its binding.
func (r *Runtime) asValue(lv lua.LValue) (reflect.Value, *typeBinding, bool) {
	ud, ok := lv.(*lua.LUserData)
	if !ok || ud.Value == nil {
		return reflect.Value{}, nil, false
	}
	p := reflect.ValueOf(ud.Value)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return reflect.Value{}, nil, false
	}
	b := r.binding(p.Type().Elem())
	if b == nil || ud.Metatable != b.meta {
		return reflect.Value{}, nil, false
	}
	return p, b, true
}

func (r *Runtime) checkValue(L *lua.LState, n int, b *typeBinding) reflect.Value {
	if ud, ok := L.Get(n).(*lua.LUserData); ok && ud.Metatable == b.meta {
		// The metatable is per type: no lookup needed. The Go type is checked too, since the
		// member getters read the struct by field offsets.
		if p := reflect.ValueOf(ud.Value); p.Type() == b.ptrType && !p.IsNil() {
			return p
		}
	}
	r.raiseUsage(L, "bad argument #%d: expected %s, got %s", n, b.info.Name, r.got(L.Get(n)))
	return reflect.Value{}
}

// getMember reads a member (or href, or actions) of the value p points to; unset members read
// nil, an unknown name raises.
func (r *Runtime) getMember(L *lua.LState, p reflect.Value, b *typeBinding, name string) lua.LValue {
	switch name {
	case "href":
		return hrefLua(p)
	case "actions":
		return r.actionsTable(p.Interface().(types.Object).GetActions())
	}
	a := b.member(name)
	if a == nil {
		r.raise(L, b.unknownMember(name, b.info.SnakeName))
	}
	return r.read(p, a)
}

// hrefLua returns the href of the typed value p, or nil when it has none.
func hrefLua(p reflect.Value) lua.LValue {
	if h := p.Interface().(types.Object).GetHref(); h != "" {
		return lua.LString(h)
	}
	return lua.LNil
}

// actionsTable lists the action links of an object as {rel=, href=} tables.
func (r *Runtime) actionsTable(links []*types.Link) lua.LValue {
	if links == nil {
		return lua.LNil
	}
	t := r.L.CreateTable(len(links), 0)
	for i, l := range links {
		e := r.L.CreateTable(0, 2)
		e.RawSetString("rel", lua.LString(l.Rel))
		e.RawSetString("href", lua.LString(l.Href))
		t.RawSetInt(i+1, e)
	}
	return t
}

// shortString is tostring of a typed value: the type with its id and name when set.
func shortString(p reflect.Value, b *typeBinding) string {
	var parts []string
	for _, n := range []string{"id", "name"} {
		if m := b.info.Member(n); m != nil {
			if f := p.Elem().Field(m.Field); !f.IsNil() {
				parts = append(parts, fmt.Sprintf("%s=%q", n, f.Elem().Interface()))
			}
		}
	}
	return b.info.Name + "{" + strings.Join(parts, ", ") + "}"
}
