package types

import (
	"slices"
	"sort"
	"strings"
)

// Kind says what a type name denotes.
type Kind uint8

// The kinds of types.
const (
	KindPrimitive Kind = iota + 1
	KindEnum
	KindStruct
)

func (k Kind) String() string {
	switch k {
	case KindPrimitive:
		return "primitive"
	case KindEnum:
		return "enum"
	case KindStruct:
		return "struct"
	}
	return "unknown"
}

// TypeInfo describes a struct or enum type of the model. Layers above the engine (Lua, completion,
// help) read names from here instead of deriving them again.
type TypeInfo struct {
	Name             string // CamelCase model name, also the Go type name: "Vm"
	SnakeName        string // "vm"
	Kind             Kind   // KindStruct or KindEnum
	Base             string // parent struct, "" for none
	XMLName          string // element of one object: "vm"
	XMLPlural        string // element of a collection: "vms"
	DocAnchor        string // "types/vm"; "" for built-in types
	Deprecated       bool
	Builtin          bool
	Members          []*MemberInfo // whole base chain, sorted by name (structs)
	Values           []string      // enum values in model order (enums)
	DeprecatedValues []string
}

// MemberInfo describes a member (attribute or link) of a struct type.
type MemberInfo struct {
	Name         string // snake_case: "disk_attachments"
	GoName       string // Go field name: "DiskAttachments"
	Field        int    // index of the Go field in the struct (for reflect.Value.Field)
	Type         string // "String", "Integer", an enum or a struct name
	TypeKind     Kind
	List         bool
	Link         bool   // declared as a link; a list link is a *List[T] field
	LinkRel      string // rel of the <link> element for list links
	XMLName      string
	XMLItemName  string // element of each item of a list
	XMLAttribute bool   // true for id
	Deprecated   bool
	Owner        string // the type in the base chain that declares it
}

// ServiceInfo describes a service of the model, inherited methods and locators included.
type ServiceInfo struct {
	Name, SnakeName, GoName, Base, DocAnchor string
	Deprecated                               bool
	Methods                                  []*MethodInfo
	Locators                                 []*LocatorInfo
}

// MethodInfo describes a method of a service.
type MethodInfo struct {
	Name, GoName, Kind, HTTP, Path, Base, Signature, DocAnchor string
	Deprecated                                                 bool
	InheritedFrom                                              string
	Mandatory                                                  [][]string // groups of dotted input paths, one of each required
	Optional                                                   []string
	Params                                                     []*ParamInfo
}

// ParamInfo describes a parameter of a method or a locator.
type ParamInfo struct {
	Name, GoName, Type string
	TypeKind           Kind
	List, In, Out      bool
	XMLName            string
	InLocation         string // "query", "body", "action" or ""
	OutLocation        string // "body", "action" or ""
	Deprecated         bool
}

// LocatorInfo describes a locator: a method that builds a sub-service and sends nothing.
type LocatorInfo struct {
	Name, GoName, Service, Path string
	Deprecated                  bool
	InheritedFrom               string
	Params                      []*ParamInfo
}

// Type returns the description of the type named name (CamelCase, as in the model), or nil.
func Type(name string) *TypeInfo { return typeInfos[name] }

// Types returns every type description sorted by name.
func Types() []*TypeInfo {
	out := make([]*TypeInfo, 0, len(typeInfos))
	for _, t := range typeInfos {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// New returns a new zero value of the struct type named name, or nil when there is none.
func New(name string) any {
	if c := constructors[name]; c != nil {
		return c()
	}
	return nil
}

// Member returns the member with the snake_case name, or nil.
func (t *TypeInfo) Member(name string) *MemberInfo {
	i := sort.Search(len(t.Members), func(i int) bool { return t.Members[i].Name >= name })
	if i < len(t.Members) && t.Members[i].Name == name {
		return t.Members[i]
	}
	return nil
}

// HasValue reports whether an enum declares value (compared case-insensitively).
func (t *TypeInfo) HasValue(value string) bool {
	return slices.Contains(t.Values, strings.ToLower(value))
}

// DocURL returns the documentation address of the type, or "" for built-in types.
func (t *TypeInfo) DocURL() string { return docURL(t.DocAnchor) }

func docURL(anchor string) string {
	if anchor == "" {
		return ""
	}
	return DocBaseURL + "#" + anchor
}

// Service returns the description of the service named name ("Vms", without "Service"), or nil.
func Service(name string) *ServiceInfo { return serviceInfos[name] }

// Services returns every service description sorted by name.
func Services() []*ServiceInfo {
	out := make([]*ServiceInfo, 0, len(serviceInfos))
	for _, s := range serviceInfos {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// UnreachableServices lists the services no locator path from the root reaches.
func UnreachableServices() []string { return slices.Clone(unreachableServices) }

// Method returns the method with the snake_case name, or nil.
func (s *ServiceInfo) Method(name string) *MethodInfo {
	for _, m := range s.Methods {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Locator returns the locator with the snake_case name, or nil.
func (s *ServiceInfo) Locator(name string) *LocatorInfo {
	for _, l := range s.Locators {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// DocURL returns the documentation address of the service.
func (s *ServiceInfo) DocURL() string { return docURL(s.DocAnchor) }

// DocURL returns the documentation address of the method.
func (m *MethodInfo) DocURL() string { return docURL(m.DocAnchor) }

// Param returns the parameter with the snake_case name, or nil.
func (m *MethodInfo) Param(name string) *ParamInfo {
	for _, p := range m.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}
