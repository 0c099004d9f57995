package types

// xmlMembers indexes the members of every struct type by XML (and JSON) name, built once from
// the generated tables so that codecs and the Lua layer need no table of their own.
var xmlMembers = func() map[*TypeInfo]map[string]*MemberInfo {
	out := make(map[*TypeInfo]map[string]*MemberInfo, len(typeInfos))
	for _, t := range typeInfos {
		if t.Kind != KindStruct {
			continue
		}
		m := make(map[string]*MemberInfo, len(t.Members))
		for _, mi := range t.Members {
			m[mi.XMLName] = mi
		}
		out[t] = m
	}
	return out
}()

// MemberByXML returns the member whose XML element (or attribute) name is name, or nil.
func (t *TypeInfo) MemberByXML(name string) *MemberInfo { return xmlMembers[t][name] }

// MemberNames returns the snake_case names of the members, sorted (for suggestions).
func (t *TypeInfo) MemberNames() []string {
	out := make([]string, len(t.Members))
	for i, mi := range t.Members {
		out[i] = mi.Name
	}
	return out
}
