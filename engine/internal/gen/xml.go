package main

import (
	"fmt"
	"sort"
	"strings"
)

// genXML emits engine/internal/xmlcodec/zz_generated_xml.go: for every struct type T the functions
// ReadT, ReadTs and WriteT, a parser per enum, the tables behind the generic entry points, and the
// interning of link rels. See engine/internal/xmlcodec/doc.go for the encoding rules.
func genXML(m *Model) ([]byte, error) {
	f := newFile(m, "xmlcodec",
		"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream",
		"github.com/ovirtsh/ovirtsh/engine/types")
	for _, t := range m.structs() {
		if err := genXMLRead(m, f, t); err != nil {
			return nil, err
		}
		genXMLWrite(m, f, t)
	}
	for _, t := range m.enums() {
		genXMLEnum(f, t)
	}
	genXMLTables(m, f)
	genXMLRels(m, f)
	return f.Bytes(), nil
}

// primitive read and write functions by model type: the pointer reader for single values, the
// value reader for list items (method expressions on *xmlstream.Reader), the element writer.
var xmlPrims = map[string]struct{ readPtr, readValue, write string }{
	"String":  {"TextStringPtr", "TextString", "Element"},
	"Boolean": {"TextBoolPtr", "TextBool", "ElementBool"},
	"Integer": {"TextInt64Ptr", "TextInt64", "ElementInt64"},
	"Decimal": {"TextFloat64Ptr", "TextFloat64", "ElementFloat64"},
	"Date":    {"TextTimePtr", "TextTime", "ElementTime"},
}

func genXMLRead(m *Model, f *file, t *Type) error {
	var listLinks []*Member
	f.p("// Read%s reads the current element as a %s.\n", t.Name, t.Name)
	f.p("func Read%s(r *xmlstream.Reader) (*types.%s, error) {\n", t.Name, t.Name)
	f.p("v := xmlstream.New[types.%s](r, slot%s)\n", t.Name, t.Name)
	for _, mem := range t.all {
		if !mem.XMLAttribute {
			continue
		}
		n := goName(mem.Name)
		f.p("if a, ok := r.Attr(%q); ok {\n", mem.XMLName)
		switch {
		case mem.Type == "String":
			f.p("v.%s = r.StringPtr(a)\n", n)
		case mem.Type == "Integer":
			f.p("id, err := idInt64(r, a)\nif err != nil {\nreturn nil, err\n}\nv.%s = id\n", n)
		case m.kindOf(mem.Type) == "enum":
			f.p("v.%s = enumPtr(r, parse%s(a))\n", n, mem.Type)
		default:
			return fmt.Errorf("%s.%s: XML attribute of type %s", t.Name, mem.Name, mem.Type)
		}
		f.p("}\n")
	}
	f.p("if a, ok := r.Attr(\"href\"); ok {\nv.Href = r.StringPtr(a)\n}\n")
	for _, mem := range t.all {
		if mem.List && mem.Link {
			listLinks = append(listLinks, mem)
		}
	}
	// Types with list links collect their <link> hrefs on the scratch stack (see addLink).
	fail, done := "return nil, err\n", "return v, nil\n"
	if len(listLinks) > 0 {
		f.p("mark := len(*r.Scratch())\n")
		fail = "dropLinks(r, mark)\n" + fail
		done = fmt.Sprintf("if all := takeLinks(r, mark); all != \"\" {\nsetLinks%s(r, v, all)\n}\n", t.Name) + done
	}
	f.p("for {\nname, ok, err := r.Child()\nif err != nil {\n%s}\nif !ok {\n%s}\n", fail, done)
	f.p("switch string(name) {\n")
	f.p("case \"actions\":\nv.Actions, err = readActions(r)\n")
	for _, mem := range t.all {
		if mem.XMLAttribute {
			continue
		}
		n := goName(mem.Name)
		kind := m.kindOf(mem.Type)
		f.p("case %q:\n", mem.XMLName)
		switch {
		case mem.List && mem.Link:
			if kind != "struct" {
				return fmt.Errorf("%s.%s: list link of %s", t.Name, mem.Name, kind)
			}
			f.p("err = readFollowed(r, &v.%s, %q, Read%s)\n", n, mem.XMLItemName, mem.Type)
		case mem.List && kind == "struct":
			f.p("v.%s, err = readItems(r, %q, Read%s)\n", n, mem.XMLItemName, mem.Type)
		case mem.List && kind == "enum":
			f.p("v.%s, err = readEnums(r, %q, parse%s)\n", n, mem.XMLItemName, mem.Type)
		case mem.List:
			f.p("v.%s, err = readValues(r, %q, (*xmlstream.Reader).%s)\n", n, mem.XMLItemName, xmlPrims[mem.Type].readValue)
		case kind == "struct":
			f.p("v.%s, err = Read%s(r)\n", n, mem.Type)
		case kind == "enum":
			f.p("v.%s, err = readEnum(r, parse%s)\n", n, mem.Type)
		default:
			f.p("v.%s, err = r.%s()\n", n, xmlPrims[mem.Type].readPtr)
		}
	}
	if len(listLinks) > 0 {
		f.p("case \"link\":\nerr = addLink(r, linkField%s)\n", t.Name)
	}
	f.p("default:\nerr = r.Skip()\n}\n")
	f.p("if err != nil {\n%s}\n}\n}\n\n", fail)

	if len(listLinks) > 0 {
		f.p("// linkField%s returns the index of the list link of %s with the rel, or -1.\n", t.Name, t.Name)
		f.p("func linkField%s(rel []byte) int {\nswitch string(rel) {\n", t.Name)
		for i, mem := range listLinks {
			f.p("case %q:\nreturn %d\n", mem.LinkRel, i)
		}
		f.p("}\nreturn -1\n}\n\n")
		f.p("// setLinks%s sets the hrefs of the list links recorded while reading v.\n", t.Name)
		f.p("func setLinks%s(r *xmlstream.Reader, v *types.%s, all string) {\nfor all != \"\" {\nfield, href, rest := nextLink(all)\nall = rest\nswitch field {\n", t.Name, t.Name)
		for i, mem := range listLinks {
			f.p("case %d:\nsetHref(r, &v.%s, href)\n", i, goName(mem.Name))
		}
		f.p("}\n}\n}\n\n")
	}

	f.p("// Read%ss reads the current element as a list of %s (<%s> items).\n", t.Name, t.Name, t.XMLName)
	f.p("func Read%ss(r *xmlstream.Reader) ([]*types.%s, error) {\nreturn readItems(r, %q, Read%s)\n}\n\n",
		t.Name, t.Name, t.XMLName, t.Name)
	return nil
}

func genXMLWrite(m *Model, f *file, t *Type) {
	f.p("// Write%s writes v as the element tag, with the members that are set; nil writes nothing.\n", t.Name)
	f.p("func Write%s(w *xmlstream.Writer, tag string, v *types.%s) {\n", t.Name, t.Name)
	f.p("if v == nil {\nreturn\n}\nw.Begin(tag)\n")
	for _, mem := range t.all {
		if !mem.XMLAttribute {
			continue
		}
		n := goName(mem.Name)
		switch {
		case mem.Type == "Integer":
			f.p("if v.%s != nil {\nw.AttrInt64(%q, *v.%s)\n}\n", n, mem.XMLName, n)
		default:
			f.p("if v.%s != nil {\nw.Attr(%q, string(*v.%s))\n}\n", n, mem.XMLName, n)
		}
	}
	f.p("if v.Href != nil {\nw.Attr(\"href\", *v.Href)\n}\n")
	f.p("if v.Actions != nil {\nwriteActions(w, v.Actions)\n}\n")
	for _, mem := range t.all {
		if mem.XMLAttribute {
			continue
		}
		n := goName(mem.Name)
		kind := m.kindOf(mem.Type)
		f.p("if v.%s != nil {\n", n)
		switch {
		case mem.List && mem.Link:
			f.p("writeListLink(w, %q, %q, %q, v.%s, Write%s)\n", mem.XMLName, mem.XMLItemName, mem.LinkRel, n, mem.Type)
		case mem.List && kind == "struct":
			f.p("writeItems(w, %q, %q, v.%s, Write%s)\n", mem.XMLName, mem.XMLItemName, n, mem.Type)
		case mem.List && kind == "enum":
			f.p("writeEnums(w, %q, %q, v.%s)\n", mem.XMLName, mem.XMLItemName, n)
		case mem.List:
			f.p("writeValues(w, %q, %q, v.%s, (*xmlstream.Writer).%s)\n", mem.XMLName, mem.XMLItemName, n, xmlPrims[mem.Type].write)
		case kind == "struct":
			f.p("Write%s(w, %q, v.%s)\n", mem.Type, mem.XMLName, n)
		case kind == "enum":
			f.p("w.Element(%q, string(*v.%s))\n", mem.XMLName, n)
		default:
			f.p("w.%s(%q, *v.%s)\n", xmlPrims[mem.Type].write, mem.XMLName, n)
		}
		f.p("}\n")
	}
	f.p("w.End()\n}\n\n")
}

// genXMLEnum emits the parser of an enum: known values return the constants without allocating,
// others are kept lower-cased.
func genXMLEnum(f *file, t *Type) {
	f.p("func parse%s(b []byte) types.%s {\nswitch string(b) {\n", t.Name, t.Name)
	for _, v := range t.Values {
		f.p("case %q:\nreturn types.%s\n", v, enumConst(t, v))
	}
	f.p("}\nreturn types.%s(unknownEnum(b))\n}\n\n", t.Name)
}

// genXMLTables emits the codec of every struct type and its look-ups by model name and by Go type.
func genXMLTables(m *Model, f *file) {
	f.p("// The slots of the struct types in a reader's struct slabs (xmlstream.New).\nconst (\n")
	for i, t := range m.structs() {
		if i == 0 {
			f.p("slot%s = iota\n", t.Name)
		} else {
			f.p("slot%s\n", t.Name)
		}
	}
	f.p("numSlots\n)\n\n")
	for _, t := range m.structs() {
		f.p("var codec%s = &codec[types.%s]{%q, %q, %q, Read%s, Write%s}\n",
			t.Name, t.Name, t.Name, t.XMLName, t.XMLPlural, t.Name, t.Name)
	}
	f.p("\n// codecByName returns the codec of the struct type with the model name, or nil.\n")
	f.p("func codecByName(name string) anyCodec {\nswitch name {\n")
	for _, t := range m.structs() {
		f.p("case %q:\nreturn codec%s\n", t.Name, t.Name)
	}
	f.p("}\nreturn nil\n}\n\n")
	f.p("// codecOf returns the codec of the struct type p points to, or nil.\n")
	f.p("func codecOf(p any) anyCodec {\nswitch p.(type) {\n")
	for _, t := range m.structs() {
		f.p("case *types.%s:\nreturn codec%s\n", t.Name, t.Name)
	}
	f.p("}\nreturn nil\n}\n\n")
}

// genXMLRels emits internRel, which returns the rels the model knows (action paths and list link
// rels) as constant strings so that reading an <actions> block does not allocate them. An action
// with several signatures shares one path (export) while the engine lists each signature under
// its own rel, the method name without underscores (exporttopathonhost): those are known too.
func genXMLRels(m *Model, f *file) {
	seen := map[string]bool{}
	for _, s := range m.Services {
		for _, me := range s.Methods {
			if me.Kind == "action" && me.Path != "" {
				seen[me.Path] = true
				if me.Signature != "" {
					seen[strings.ReplaceAll(me.Name, "_", "")] = true
				}
			}
		}
	}
	for _, t := range m.structs() {
		for _, mem := range t.all {
			if mem.LinkRel != "" {
				seen[mem.LinkRel] = true
			}
		}
	}
	rels := make([]string, 0, len(seen))
	for r := range seen {
		rels = append(rels, r)
	}
	sort.Strings(rels)
	f.p("// internRel returns rel as a string, without allocating for the rels the model knows.\n")
	f.p("func internRel(rel []byte) string {\nswitch string(rel) {\n")
	for _, r := range rels {
		f.p("case %q:\nreturn %q\n", r, r)
	}
	f.p("}\nreturn string(rel)\n}\n")
}
