package session

import (
	"reflect"
	"sort"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Desc says what a Lua value is in the API's terms, without calling anything: completion and
// help read it. The zero Desc means "a plain Lua value".
type Desc struct {
	Service *types.ServiceInfo // a service (system, vms_service...)
	Type    *types.TypeInfo    // an API object, or with List a list of them
	List    bool
	Conn    bool // the connection (conn)
	// Methods are the names a userdata offers through a table __index (the connection's
	// methods, for instance), sorted.
	Methods []string
}

var servicesByGoName = sync.OnceValue(func() map[string]*types.ServiceInfo {
	m := map[string]*types.ServiceInfo{}
	for _, s := range types.Services() {
		m[s.GoName] = s
		m[s.Name+"Service"] = s
	}
	return m
})

// Describe tells what v is. The lazy conn and system describe as what they will become.
func (s *Session) Describe(v lua.LValue) Desc {
	return s.describe(v)
}

func (s *Session) describe(v lua.LValue) Desc {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return Desc{}
	}
	switch ud {
	case s.connProxy:
		return Desc{Conn: true, Methods: s.connMethods()}
	case s.sysProxy:
		return Desc{Service: types.Service("System")}
	}
	d := Desc{Methods: indexKeys(ud.Metatable)}
	gv := s.rt.Value(ud)
	if _, ok := gv.(*engine.Connection); ok {
		return Desc{Conn: true, Methods: s.connMethods()}
	}
	t := reflect.TypeOf(gv)
	if t == nil {
		return d
	}
	if t.Kind() == reflect.Slice {
		d.List = true
		t = t.Elem()
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if svc := servicesByGoName()[t.Name()]; svc != nil && !d.List && strings.HasSuffix(t.PkgPath(), "/engine") {
		d.Service = svc
	} else if ti := types.Type(t.Name()); ti != nil && strings.HasSuffix(t.PkgPath(), "/types") {
		d.Type = ti
	}
	return d
}

// connMethods lists the connection's methods from its metatable (the real value's once
// connected, else the binding's registered one).
func (s *Session) connMethods() []string {
	if ud, ok := s.connLV.(*lua.LUserData); ok {
		return indexKeys(ud.Metatable)
	}
	for _, name := range []string{"ovirt.connection"} {
		if keys := indexKeys(s.L.GetTypeMetatable(name)); len(keys) > 0 {
			return keys
		}
	}
	return nil
}

// indexKeys lists the string keys of a metatable's __index table, sorted.
func indexKeys(mt lua.LValue) []string {
	t, ok := mt.(*lua.LTable)
	if !ok {
		return nil
	}
	idx, ok := t.RawGetString("__index").(*lua.LTable)
	if !ok {
		return nil
	}
	var keys []string
	idx.ForEach(func(k, _ lua.LValue) {
		if ks, ok := k.(lua.LString); ok {
			keys = append(keys, string(ks))
		}
	})
	sort.Strings(keys)
	return keys
}
