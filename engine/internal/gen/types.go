package main

import (
	"fmt"
	"strings"
)

// genTypes emits a Go struct for every struct type of the model, with the members of its whole
// base chain, and nil-safe getters.
func genTypes(m *Model) ([]byte, error) {
	f := newFile(m, "types", "time")
	f.p("var _ time.Time\n\n")
	for _, t := range m.structs() {
		f.p("// %s is the %s type of the oVirt API%s.\n", t.Name, t.SnakeName, docSuffix(m, t.DocAnchor))
		if t.Deprecated {
			f.p("//\n// Deprecated: the model marks %s deprecated.\n", t.Name)
		}
		f.p("type %s struct {\n", t.Name)
		f.p("// Href is the address of this object on the engine, when it has one.\nHref *string\n")
		f.p("// Actions are the action links the engine lists for this object.\nActions []*Link\n")
		for _, mem := range t.all {
			f.p("%s %s\n", goName(mem.Name), m.memberGoType(mem, ""))
		}
		f.p("}\n\n")
		genGetters(m, f, t)
	}
	genAssertions(m, f)
	return f.Bytes(), nil
}

func genGetters(m *Model, f *file, t *Type) {
	f.p("// GetHref returns Href, or \"\" when it is unset or v is nil.\n")
	f.p("func (v *%s) GetHref() string { if v == nil || v.Href == nil { return \"\" }; return *v.Href }\n\n", t.Name)
	f.p("// SetHref sets Href to a pointer to href; \"\" clears it (no href is sent).\n")
	f.p("func (v *%s) SetHref(href string) {\n\tif href == \"\" {\n\t\tv.Href = nil\n\t\treturn\n\t}\n\tv.Href = &href\n}\n\n", t.Name)
	f.p("// GetActions returns Actions; nil-safe.\n")
	f.p("func (v *%s) GetActions() []*Link { if v == nil { return nil }; return v.Actions }\n\n", t.Name)
	f.p("// SetActions sets Actions.\n")
	f.p("func (v *%s) SetActions(actions []*Link) { v.Actions = actions }\n\n", t.Name)
	for _, mem := range t.all {
		if (mem.Name == "id" || mem.Name == "name") && mem.Type == "String" && !mem.List {
			n := goName(mem.Name)
			f.p("// Set%s sets %s to a pointer to s.\n", n, n)
			f.p("func (v *%s) Set%s(s string) { v.%s = &s }\n\n", t.Name, n, n)
		}
	}
	for _, mem := range t.all {
		n := goName(mem.Name)
		typ := m.memberGoType(mem, "")
		switch {
		case mem.List || m.kindOf(mem.Type) == "struct":
			f.p("// Get%s returns %s; nil-safe.\n", n, n)
			f.p("func (v *%s) Get%s() %s { if v == nil { return nil }; return v.%s }\n\n", t.Name, n, typ, n)
		default:
			elem := strings.TrimPrefix(typ, "*")
			f.p("// Get%s returns %s, or the zero value when it is unset or v is nil.\n", n, n)
			f.p("func (v *%s) Get%s() (x %s) { if v == nil || v.%s == nil { return x }; return *v.%s }\n\n",
				t.Name, n, elem, n, n)
		}
	}
}

// genAssertions makes the compiler check that every struct implements Object, and WithID and
// WithName when it has a string id or name.
func genAssertions(m *Model, f *file) {
	f.p("var (\n")
	for _, t := range m.structs() {
		f.p("_ Object = (*%s)(nil)\n", t.Name)
		for _, mem := range t.all {
			if mem.Type != "String" || mem.List {
				continue
			}
			switch mem.Name {
			case "id":
				f.p("_ WithID = (*%s)(nil)\n", t.Name)
			case "name":
				f.p("_ WithName = (*%s)(nil)\n", t.Name)
			}
		}
	}
	f.p(")\n")
}

// genEnums emits a string type with constants, Values, IsKnown and Parse for every enum.
func genEnums(m *Model) ([]byte, error) {
	f := newFile(m, "types", "strings")
	f.p("var _ = strings.ToLower\n\n")
	for _, t := range m.enums() {
		f.p("// %s is the %s enum of the oVirt API%s.\n", t.Name, t.SnakeName, docSuffix(m, t.DocAnchor))
		f.p("// A value a newer engine sends that is not listed here is kept as it is.\n")
		f.p("type %s string\n\n", t.Name)
		f.p("const (\n")
		depr := map[string]bool{}
		for _, v := range t.DeprecatedValues {
			depr[v] = true
		}
		for _, v := range t.Values {
			if depr[v] {
				f.p("// Deprecated: the model marks this value deprecated.\n")
			}
			f.p("%s %s = %q\n", enumConst(t, v), t.Name, v)
		}
		f.p(")\n\n")
		lower := lowerFirst(t.Name)
		f.p("var %sValues = [...]%s{", lower, t.Name)
		for _, v := range t.Values {
			f.p("%s,", enumConst(t, v))
		}
		f.p("}\n\n")
		f.p("// %sValues returns the values of %s the model declares, in its order.\n", t.Name, t.Name)
		f.p("func %sValues() []%s { return append([]%s(nil), %sValues[:]...) }\n\n", t.Name, t.Name, t.Name, lower)
		f.p("// Values returns the values of %s the model declares, in its order.\n", t.Name)
		f.p("func (%s) Values() []%s { return %sValues() }\n\n", t.Name, t.Name, t.Name)
		f.p("// IsKnown reports whether v is one of the values the model declares.\n")
		f.p("func (v %s) IsKnown() bool {\nswitch v {\ncase ", t.Name)
		for i, v := range t.Values {
			if i > 0 {
				f.p(", ")
			}
			f.p("%s", enumConst(t, v))
		}
		f.p(":\nreturn true\n}\nreturn false\n}\n\n")
		f.p("// Parse%s returns the %s for s, compared case-insensitively; an unknown value is kept\n", t.Name, t.Name)
		f.p("// (lower-cased), never dropped.\n")
		f.p("func Parse%s(s string) %s {\nswitch s {\n", t.Name, t.Name)
		for _, v := range t.Values {
			f.p("case %q:\nreturn %s\n", v, enumConst(t, v))
		}
		f.p("}\nreturn %s(strings.ToLower(s))\n}\n\n", t.Name)
	}
	return f.Bytes(), nil
}

// enumConst is the Go constant name of an enum value: the type name followed by the value's Go name.
func enumConst(t *Type, value string) string { return t.Name + goName(value) }

func docSuffix(m *Model, anchor string) string {
	if anchor == "" {
		return ""
	}
	return fmt.Sprintf(" (%s#%s)", strings.TrimSuffix(m.DocBaseURL, "/")+"/", anchor)
}
