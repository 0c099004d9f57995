package types

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every generated struct answers the Object interface on the right fields, and WithID/WithName
// exactly when it has a string id/name: generic code (engine, simulator, Lua) relies on that
// instead of on field positions.
func TestEveryStructIsAnObject(t *testing.T) {
	for _, ti := range Types() {
		if ti.Kind != KindStruct {
			continue
		}
		v := New(ti.Name)
		o, ok := v.(Object)
		require.True(t, ok, ti.Name)
		assert.Empty(t, o.GetHref())
		o.SetHref("/api/x")
		assert.Equal(t, "/api/x", o.GetHref(), ti.Name)
		assert.Equal(t, "/api/x", *reflect.ValueOf(v).Elem().FieldByName("Href").Interface().(*string), ti.Name)
		links := []*Link{{Rel: "start", Href: "/api/x/start"}}
		o.SetActions(links)
		assert.Equal(t, links, o.GetActions(), ti.Name)

		id, name := ti.Member("id"), ti.Member("name")
		wi, okID := v.(WithID)
		require.Equal(t, id != nil && id.Type == "String", okID, ti.Name)
		if okID {
			wi.SetId("42")
			assert.Equal(t, "42", IDOf(v), ti.Name)
			assert.Equal(t, "42", *reflect.ValueOf(v).Elem().Field(id.Field).Interface().(*string), ti.Name)
		}
		wn, okName := v.(WithName)
		require.Equal(t, name != nil && name.Type == "String", okName, ti.Name)
		if okName {
			wn.SetName("web1")
			assert.Equal(t, "web1", NameOf(v), ti.Name)
		}
	}
	assert.Empty(t, IDOf((*Vm)(nil)), "nil-safe")
	assert.Empty(t, IDOf(&Vlan{Id: Ptr(int64(1))}), "a non-string id is no id")
}

func TestListLink(t *testing.T) {
	var l ListLink = &List[Nic]{}
	l.SetHref("/api/vms/1/nics")
	assert.Equal(t, "/api/vms/1/nics", l.GetHref())
	require.True(t, l.SetAnyItems([]any{&Nic{Name: Ptr("a")}, &Nic{Name: Ptr("b")}}))
	assert.Equal(t, 2, l.Len())
	assert.False(t, l.SetAnyItems([]any{&Nic{}, &Disk{}}), "a Disk in a list of Nics")
	assert.Equal(t, 2, l.Len(), "a refused replacement changes nothing")
	assert.False(t, l.SetItem(0, &Disk{}))
	require.True(t, l.SetItem(1, &Nic{Name: Ptr("c")}))
	assert.Equal(t, "c", NameOf(l.Item(1)))
}

func TestLocatorAt(t *testing.T) {
	tests := []struct {
		service, seg, want string // want: service reached, "" for none
	}{
		{"System", "vms", "Vms"},
		{"Vms", "123", "Vm"},
		{"Vm", "nics", "VmNics"},
		{"Vm", "nosuch", ""},
		{"System", "nosuch", ""},
		{"VmNics", "nics", "VmNic"}, // no fixed "nics": the {id} locator takes it
	}
	for _, tt := range tests {
		l := Service(tt.service).LocatorAt(tt.seg)
		if tt.want == "" {
			assert.Nil(t, l, "%s/%s", tt.service, tt.seg)
			continue
		}
		require.NotNil(t, l, "%s/%s", tt.service, tt.seg)
		assert.Equal(t, tt.want, l.Service, "%s/%s", tt.service, tt.seg)
	}
	assert.Nil(t, Service("Vm").IDLocator())
	assert.Equal(t, "Vm", Service("Vms").IDLocator().Service)
	assert.Nil(t, Service("Vms").FixedLocator("123"))
	fixed := Service("Vm").FixedLocators()
	assert.Same(t, Service("Vm").FixedLocator("nics"), fixed["nics"])
	delete(fixed, "nics")
	assert.NotNil(t, Service("Vm").FixedLocator("nics"), "FixedLocators returns a copy")
	assert.Empty(t, (&ServiceInfo{Name: "NotInTheModel"}).FixedLocators())
	assert.Nil(t, (&ServiceInfo{Name: "NotInTheModel"}).LocatorAt("x"))
}

func TestMemberByXML(t *testing.T) {
	for _, ti := range Types() {
		for _, mi := range ti.Members {
			assert.Same(t, mi, ti.MemberByXML(mi.XMLName), "%s.%s", ti.Name, mi.Name)
		}
	}
	vm := Type("Vm")
	assert.Equal(t, "disk_attachments", vm.MemberByXML("disk_attachments").Name)
	assert.Nil(t, vm.MemberByXML("nosuch"))
	assert.Nil(t, Type("VmStatus").MemberByXML("up"), "an enum has no members")
	assert.Nil(t, (&TypeInfo{Name: "NotInTheModel"}).MemberByXML("id"))
	names := vm.MemberNames()
	assert.Len(t, names, len(vm.Members))
	assert.IsIncreasing(t, names)
	assert.Contains(t, names, "name")
}

// An empty href clears the member, so a value whose href a script set to nil sends no href=""
// to the engine.
func TestSetHrefEmptyClears(t *testing.T) {
	vm := &Vm{}
	vm.SetHref("/ovirt-engine/api/vms/1")
	assert.Equal(t, "/ovirt-engine/api/vms/1", *vm.Href)
	vm.SetHref("")
	assert.Nil(t, vm.Href)
}
