package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Model is the part of engine/model/model.json the emitters read.
type Model struct {
	FormatVersion       any        `json:"format_version"`
	ModelVersion        string     `json:"model_version"`
	DocBaseURL          string     `json:"doc_base_url"`
	Primitives          []string   `json:"primitives"`
	RootService         string     `json:"root_service"`
	UnreachableServices []string   `json:"unreachable_services"`
	Types               []*Type    `json:"types"`
	Services            []*Service `json:"services"`

	types    map[string]*Type
	services map[string]*Service
}

// Type is a struct or enum type of the model.
type Type struct {
	Name             string    `json:"name"`
	SnakeName        string    `json:"snake_name"`
	Kind             string    `json:"kind"`
	Base             string    `json:"base"`
	Builtin          bool      `json:"builtin"`
	Deprecated       bool      `json:"deprecated"`
	DocAnchor        string    `json:"doc_anchor"`
	XMLName          string    `json:"xml_name"`
	XMLPlural        string    `json:"xml_plural"`
	Attributes       []*Member `json:"attributes"`
	Links            []*Member `json:"links"`
	Values           []string  `json:"values"`
	DeprecatedValues []string  `json:"deprecated_values"`

	all []*Member // members of the whole base chain, sorted by name
}

// Member is an attribute or link of a struct type.
type Member struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	List         bool   `json:"list"`
	XMLName      string `json:"xml_name"`
	XMLAttribute bool   `json:"xml_attribute"`
	XMLItemName  string `json:"xml_item_name"`
	LinkRel      string `json:"link_rel"`
	Deprecated   bool   `json:"deprecated"`

	Link  bool   // declared under links
	Owner string // the type that declares it
}

// Service is a service of the model, with inherited methods and locators already listed.
type Service struct {
	Name       string     `json:"name"`
	SnakeName  string     `json:"snake_name"`
	Base       string     `json:"base"`
	Deprecated bool       `json:"deprecated"`
	DocAnchor  string     `json:"doc_anchor"`
	Methods    []*Method  `json:"methods"`
	Locators   []*Locator `json:"locators"`
}

// Method is a method of a service.
type Method struct {
	Name            string     `json:"name"`
	Kind            string     `json:"kind"`
	HTTP            string     `json:"http"`
	Path            string     `json:"path"`
	Base            string     `json:"base"`
	Signature       string     `json:"signature"`
	Parameters      []*Param   `json:"parameters"`
	MandatoryInputs [][]string `json:"mandatory_inputs"`
	OptionalInputs  []string   `json:"optional_inputs"`
	Deprecated      bool       `json:"deprecated"`
	DocAnchor       string     `json:"doc_anchor"`
	InheritedFrom   string     `json:"inherited_from"`
}

// Param is a parameter of a method.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	List        bool   `json:"list"`
	In          bool   `json:"in"`
	Out         bool   `json:"out"`
	XMLName     string `json:"xml_name"`
	Deprecated  bool   `json:"deprecated"`
	InLocation  string `json:"in_location"`
	OutLocation string `json:"out_location"`
}

// Locator builds a sub-service.
type Locator struct {
	Name          string          `json:"name"`
	Service       string          `json:"service"`
	Parameters    []*LocatorParam `json:"parameters"`
	Path          string          `json:"path"`
	Deprecated    bool            `json:"deprecated"`
	InheritedFrom string          `json:"inherited_from"`
}

// LocatorParam is a parameter of a locator (the id in /vms/{id}).
type LocatorParam struct {
	Name string `json:"name"`
	Type string `json:"type"`
	List bool   `json:"list"`
}

// loadModel reads and indexes model.json.
func loadModel(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	m := new(Model)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("parse model %s: %w", path, err)
	}
	m.types = make(map[string]*Type, len(m.Types))
	for _, t := range m.Types {
		m.types[t.Name] = t
		for _, a := range t.Attributes {
			a.Owner = t.Name
		}
		for _, l := range t.Links {
			l.Link, l.Owner = true, t.Name
		}
	}
	m.services = make(map[string]*Service, len(m.Services))
	for _, s := range m.Services {
		m.services[s.Name] = s
	}
	for _, t := range m.Types {
		if t.Kind != "struct" {
			continue
		}
		seen := map[string]bool{}
		for x := t; x != nil; x = m.types[x.Base] {
			for _, mem := range append(append([]*Member{}, x.Attributes...), x.Links...) {
				if seen[mem.Name] {
					return nil, fmt.Errorf("model: %s: member %s declared twice in the base chain", t.Name, mem.Name)
				}
				if mem.Type != "" && !m.isPrimitive(mem.Type) && m.types[mem.Type] == nil {
					return nil, fmt.Errorf("model: %s.%s: unknown type %s", x.Name, mem.Name, mem.Type)
				}
				seen[mem.Name] = true
				t.all = append(t.all, mem)
			}
		}
		sort.Slice(t.all, func(i, j int) bool { return t.all[i].Name < t.all[j].Name })
	}
	return m, nil
}

func (m *Model) isPrimitive(name string) bool {
	for _, p := range m.Primitives {
		if p == name {
			return true
		}
	}
	return false
}

// structs returns the struct types in model order (sorted by name).
func (m *Model) structs() []*Type { return m.ofKind("struct") }

// enums returns the enum types in model order.
func (m *Model) enums() []*Type { return m.ofKind("enum") }

func (m *Model) ofKind(kind string) []*Type {
	var out []*Type
	for _, t := range m.Types {
		if t.Kind == kind {
			out = append(out, t)
		}
	}
	return out
}

// goName turns a snake_case model name into the exported Go name: each word capitalised, joined.
// Characters other than letters and digits separate words.
func goName(snake string) string {
	var b strings.Builder
	upper := true
	for _, r := range snake {
		switch {
		case r >= 'a' && r <= 'z':
			if upper {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			upper = false
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}

// lowerFirst lower-cases the first letter of a Go name (for unexported identifiers).
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// goType is the Go type of a member or parameter value: primitives map to Go scalars, enums and
// structs to the generated type names (qualified with pkg when pkg is not empty).
func (m *Model) goType(name, pkg string) string {
	switch name {
	case "String":
		return "string"
	case "Boolean":
		return "bool"
	case "Integer":
		return "int64"
	case "Decimal":
		return "float64"
	case "Date":
		return "time.Time"
	}
	if pkg != "" {
		return pkg + "." + name
	}
	return name
}

// kindOf says whether a type name is a primitive, an enum or a struct.
func (m *Model) kindOf(name string) string {
	if m.isPrimitive(name) {
		return "primitive"
	}
	return m.types[name].Kind
}

// memberGoType is the Go field type of a struct member per docs/DESIGN.md.
func (m *Model) memberGoType(mem *Member, pkg string) string {
	elem := m.goType(mem.Type, pkg)
	switch {
	case mem.List && mem.Link:
		return "*" + qualify("List", pkg) + "[" + elem + "]"
	case mem.List && m.kindOf(mem.Type) == "struct":
		return "[]*" + elem
	case mem.List:
		return "[]" + elem
	default:
		return "*" + elem
	}
}

func qualify(name, pkg string) string {
	if pkg == "" {
		return name
	}
	return pkg + "." + name
}
