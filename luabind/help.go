package luabind

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// luaHelp is ovirt.help(x): prints the signature, parameters and documentation link of a service,
// a method (vms_service.list), a type (types.Vm, a Vm value, 'Vm') or an enum (types.VmStatus,
// 'VmStatus').
func (r *Runtime) luaHelp(L *lua.LState) int {
	io.WriteString(r.stdout, r.helpText(L, L.Get(1)))
	return 0
}

func (r *Runtime) helpText(L *lua.LState, x lua.LValue) string {
	switch v := x.(type) {
	case *lua.LFunction:
		if ref, ok := r.methodsOf[v]; ok {
			if ref.loc != nil {
				return locatorHelp(ref.svc, ref.loc)
			}
			return methodHelp(ref.svc, ref.m)
		}
		if ti, ok := r.ctors[v]; ok {
			return typeHelp(ti)
		}
		if path, ok := r.modulePath(v); ok {
			return funcHelp(path)
		}
	case *lua.LTable:
		if ti, ok := r.enums[v]; ok {
			return typeHelp(ti)
		}
		if path, ok := r.modulePath(v); ok {
			return moduleHelp(path, v)
		}
	case *lua.LUserData:
		if _, b, ok := r.asValue(v); ok {
			return typeHelp(b.info)
		}
		if s, ok := asService(v); ok {
			return serviceHelp(s.info)
		}
		if l, ok := asList(v); ok {
			if et := l.items.Type().Elem(); et.Kind() == reflect.Pointer {
				if b := r.binding(et.Elem()); b != nil {
					return typeHelp(b.info)
				}
			}
		}
	case lua.LString:
		name := string(v)
		if ti := types.Type(name); ti != nil {
			return typeHelp(ti)
		}
		if si := types.Service(strings.TrimSuffix(name, "Service")); si != nil {
			return serviceHelp(si)
		}
	}
	return fmt.Sprintf("no help for %s; try a service, a method (svc.list), types.Vm, types.VmStatus or a type name\n", r.got(x))
}

// typeDesc names a model type for people: string, integer, VmStatus, list of Nic.
func typeDesc(name string, list bool) string {
	d, ok := map[string]string{"String": "string", "Integer": "integer", "Boolean": "boolean", "Decimal": "number", "Date": "date"}[name]
	if !ok {
		d = name
	}
	if list {
		return "list of " + d
	}
	return d
}

func docLine(b *strings.Builder, url string) {
	if url != "" {
		fmt.Fprintf(b, "  %s\n", url)
	}
}

func typeHelp(ti *types.TypeInfo) string {
	var b strings.Builder
	if ti.Kind == types.KindEnum {
		fmt.Fprintf(&b, "%s (enum)\n", ti.Name)
		docLine(&b, ti.DocURL())
		b.WriteString("values:\n")
		for _, v := range ti.Values {
			fmt.Fprintf(&b, "  types.%s.%s = '%s'\n", ti.Name, strings.ToUpper(v), v)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%s (struct", ti.Name)
	if ti.Base != "" {
		fmt.Fprintf(&b, ", extends %s", ti.Base)
	}
	fmt.Fprintf(&b, "): types.%s{name=value, ...}\n", ti.Name)
	docLine(&b, ti.DocURL())
	b.WriteString("members:\n")
	w := 0
	for _, m := range ti.Members {
		w = max(w, len(m.Name))
	}
	for _, m := range ti.Members {
		d := typeDesc(m.Type, m.List)
		if m.Link {
			d += " (link)"
		}
		if m.TypeKind == types.KindEnum {
			if et := types.Type(m.Type); et != nil {
				d += ": " + strings.Join(et.Values, ", ")
			}
		}
		if m.Deprecated {
			d += " (deprecated)"
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", w, m.Name, d)
	}
	return b.String()
}

// signature is how a method is called from Lua: list{max, search} or add(vm, {clone}).
func signature(s *types.ServiceInfo, m *types.MethodInfo) string {
	body := bodyParam(m)
	var names []string
	for _, p := range m.Params {
		if p.In && p != body {
			names = append(names, p.Name)
		}
	}
	params := "{" + strings.Join(names, ", ") + "}"
	call := m.Name + params
	if body != nil {
		call = fmt.Sprintf("%s(%s [, %s])", m.Name, body.Name, params)
	}
	var outs []string
	for _, p := range m.Params {
		if p.Out {
			outs = append(outs, typeDesc(p.Type, p.List))
		}
	}
	if len(outs) > 0 {
		call += " -> " + strings.Join(outs, ", ")
	}
	return s.GoName + ":" + call
}

func methodHelp(s *types.ServiceInfo, m *types.MethodInfo) string {
	var b strings.Builder
	b.WriteString(signature(s, m) + "\n")
	docLine(&b, m.DocURL())
	b.WriteString("parameters:\n")
	w := len(optHeaders)
	for _, p := range m.Params {
		w = max(w, len(p.Name))
	}
	for _, p := range m.Params {
		if !p.In {
			continue
		}
		d := typeDesc(p.Type, p.List)
		if p.TypeKind == types.KindEnum {
			if et := types.Type(p.Type); et != nil {
				d += ": " + strings.Join(et.Values, ", ")
			}
		}
		if p.InLocation == "body" {
			d += " (the request body; may be passed alone)"
		}
		if p.Deprecated {
			d += " (deprecated)"
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", w, p.Name, d)
	}
	fmt.Fprintf(&b, "  %-*s  boolean: false returns a future; f:wait() gives the result\n", w, optWait)
	fmt.Fprintf(&b, "  %-*s  table: extra query parameters\n", w, optQuery)
	fmt.Fprintf(&b, "  %-*s  table: extra HTTP headers\n", w, optHeaders)
	mandatoryHelp(&b, s, m)
	return b.String()
}

// mandatoryHelp lists the model's mandatory inputs of m and of its signatures (add's
// from_scratch, from_snapshot...), one of each group being required.
func mandatoryHelp(b *strings.Builder, s *types.ServiceInfo, m *types.MethodInfo) {
	variants := []*types.MethodInfo{m}
	for _, v := range s.Methods {
		if v.Base == m.Name && v != m {
			variants = append(variants, v)
		}
	}
	head := false
	for _, v := range variants {
		if len(v.Mandatory) == 0 {
			continue
		}
		if !head {
			b.WriteString("mandatory inputs (one of each group separated by ';'):\n")
			head = true
		}
		groups := make([]string, len(v.Mandatory))
		for i, g := range v.Mandatory {
			groups[i] = strings.Join(g, " or ")
		}
		label := ""
		if v.Signature != "" {
			label = "as " + v.Signature + ": "
		}
		fmt.Fprintf(b, "  %s%s\n", label, strings.Join(groups, "; "))
	}
}

func locatorHelp(s *types.ServiceInfo, l *types.LocatorInfo) string {
	var args []string
	for _, p := range l.Params {
		args = append(args, p.Name)
	}
	return fmt.Sprintf("%s:%s_service(%s) -> %sService\n  sends nothing; returns the service at %s\n",
		s.GoName, l.Name, strings.Join(args, ", "), l.Service, l.Path)
}

func serviceHelp(s *types.ServiceInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", s.GoName)
	docLine(&b, s.DocURL())
	if len(s.Methods) > 0 {
		b.WriteString("methods:\n")
		for _, m := range s.Methods {
			fmt.Fprintf(&b, "  %s\n", strings.TrimPrefix(signature(s, m), s.GoName+":"))
		}
	}
	if len(s.Locators) > 0 {
		b.WriteString("services:\n")
		for _, l := range s.Locators {
			var args []string
			for _, p := range l.Params {
				args = append(args, p.Name)
			}
			fmt.Fprintf(&b, "  %s_service(%s) -> %sService\n", l.Name, strings.Join(args, ", "), l.Service)
		}
	}
	return b.String()
}
