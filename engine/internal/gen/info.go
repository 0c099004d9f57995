package main

import (
	"fmt"
	"sort"
	"strings"
)

// genInfo emits the description tables of engine/types: every type with its members (whole base
// chain, with Go field indexes), every enum with its values, every service with its methods,
// parameters and locators, and a constructor table.
func genInfo(m *Model) ([]byte, error) {
	f := newFile(m, "types")
	f.p("// ModelVersion is the version of the oVirt API model the package was generated from.\n")
	f.p("const ModelVersion = %q\n\n", m.ModelVersion)
	f.p("// DocBaseURL is the base of the model's documentation; append \"#\" + a DocAnchor.\n")
	f.p("const DocBaseURL = %q\n\n", m.DocBaseURL)
	f.p("// RootService is the service mounted at the API root.\n")
	f.p("const RootService = %q\n\n", m.RootService)

	f.p("var typeInfos = map[string]*TypeInfo{\n")
	for _, t := range m.Types {
		f.p("%q: {Name: %q, SnakeName: %q, Kind: Kind%s, Base: %q, XMLName: %q, XMLPlural: %q, DocAnchor: %q, Deprecated: %v, Builtin: %v,\n",
			t.Name, t.Name, t.SnakeName, goName(t.Kind), t.Base, t.XMLName, t.XMLPlural, t.DocAnchor, t.Deprecated, t.Builtin)
		if t.Kind == "enum" {
			f.p("Values: %#v,\n", t.Values)
			if len(t.DeprecatedValues) > 0 {
				f.p("DeprecatedValues: %#v,\n", t.DeprecatedValues)
			}
		} else {
			f.p("Members: []*MemberInfo{\n")
			for i, mem := range t.all {
				f.p("{%s},\n", fields("Name", mem.Name, "GoName", goName(mem.Name), "Field", i+2, "Type", mem.Type,
					"TypeKind", kindConst(m, mem.Type), "List", mem.List, "Link", mem.Link, "LinkRel", mem.LinkRel,
					"XMLName", mem.XMLName, "XMLItemName", mem.XMLItemName, "XMLAttribute", mem.XMLAttribute,
					"Deprecated", mem.Deprecated, "Owner", mem.Owner))
			}
			f.p("},\n")
		}
		f.p("},\n")
	}
	f.p("}\n\n")

	f.p("var constructors = map[string]func() any{\n")
	for _, t := range m.structs() {
		f.p("%q: func() any { return new(%s) },\n", t.Name, t.Name)
	}
	f.p("}\n\n")
	f.p("// TypeOf returns the description of the generated struct v points to, or nil.\n")
	f.p("func TypeOf(v any) *TypeInfo {\nswitch v.(type) {\n")
	for _, t := range m.structs() {
		f.p("case *%s:\nreturn typeInfos[%q]\n", t.Name, t.Name)
	}
	f.p("}\nreturn nil\n}\n\n")

	genServiceInfo(m, f)
	return f.Bytes(), nil
}

func genServiceInfo(m *Model, f *file) {
	f.p("var serviceInfos = map[string]*ServiceInfo{\n")
	for _, s := range m.Services {
		f.p("%q: {Name: %q, SnakeName: %q, GoName: %q, Base: %q, DocAnchor: %q, Deprecated: %v,\n",
			s.Name, s.Name, s.SnakeName, s.Name+"Service", s.Base, s.DocAnchor, s.Deprecated)
		f.p("Methods: []*MethodInfo{\n")
		for _, me := range s.Methods {
			f.p("{%s,\n", fields("Name", me.Name, "GoName", goName(me.Name), "Kind", me.Kind, "HTTP", me.HTTP, "Path", me.Path,
				"Base", me.Base, "Signature", me.Signature, "DocAnchor", me.DocAnchor, "Deprecated", me.Deprecated,
				"InheritedFrom", me.InheritedFrom))
			if len(me.MandatoryInputs) > 0 {
				f.p("Mandatory: %#v,\n", me.MandatoryInputs)
			}
			if len(me.OptionalInputs) > 0 {
				f.p("Optional: %#v,\n", me.OptionalInputs)
			}
			f.p("Params: []*ParamInfo{\n")
			for _, p := range me.Parameters {
				f.p("{%s},\n", fields("Name", p.Name, "GoName", goName(p.Name), "Type", p.Type, "TypeKind", kindConst(m, p.Type),
					"List", p.List, "In", p.In, "Out", p.Out, "XMLName", p.XMLName, "InLocation", p.InLocation,
					"OutLocation", p.OutLocation, "Deprecated", p.Deprecated))
			}
			f.p("},\n},\n")
		}
		f.p("},\nLocators: []*LocatorInfo{\n")
		for _, l := range s.Locators {
			f.p("{%s", fields("Name", l.Name, "GoName", goName(l.Name)+"Service", "Service", l.Service, "Path", l.Path,
				"Deprecated", l.Deprecated, "InheritedFrom", l.InheritedFrom))
			if len(l.Parameters) > 0 {
				f.p(", Params: []*ParamInfo{")
				for _, p := range l.Parameters {
					f.p("{%s},", fields("Name", p.Name, "GoName", goName(p.Name), "Type", p.Type, "TypeKind", kindConst(m, p.Type), "List", p.List, "In", true))
				}
				f.p("}")
			}
			f.p("},\n")
		}
		f.p("},\n},\n")
	}
	f.p("}\n\n")
	unreachable := append([]string(nil), m.UnreachableServices...)
	sort.Strings(unreachable)
	f.p("var unreachableServices = %#v\n", unreachable)
}

// constExpr marks a value that fields writes as Go source, unquoted.
type constExpr string

func kindConst(m *Model, typeName string) constExpr {
	return constExpr("Kind" + goName(m.kindOf(typeName)))
}

// fields renders key/value pairs as a composite literal body, leaving out zero values so the
// tables stay small.
func fields(kv ...any) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		var s string
		switch v := kv[i+1].(type) {
		case string:
			if v == "" {
				continue
			}
			s = fmt.Sprintf("%q", v)
		case bool:
			if !v {
				continue
			}
			s = "true"
		case int:
			s = fmt.Sprint(v)
		case constExpr:
			s = string(v)
		default:
			panic(fmt.Sprintf("fields: unsupported %T", v))
		}
		parts = append(parts, fmt.Sprintf("%s: %s", kv[i], s))
	}
	return strings.Join(parts, ", ")
}
