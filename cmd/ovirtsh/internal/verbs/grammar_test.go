package verbs

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func flagByName(fs []Flag, name string) *Flag {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

// TestNounsCoverTheModel: every collection locator under the root is a top-level noun.
func TestNounsCoverTheModel(t *testing.T) {
	root := types.Service(types.RootService)
	for _, l := range root.Locators {
		if p := collectionPlace(l, ""); p != nil {
			n, ok := LookupNoun(l.Path)
			require.True(t, ok, l.Path)
			assert.True(t, n.TopLevel, l.Path)
			assert.Equal(t, p.item, n.Type, l.Path)
		}
	}
	for word, want := range map[string]string{"vm": "vms", "vms": "vms", "storagedomain": "storagedomains",
		"storage_domain": "storagedomains", "datacenter": "datacenters", "nic": "nics", "schedulingpolicy": "schedulingpolicies"} {
		n, ok := LookupNoun(word)
		require.True(t, ok, word)
		assert.Equal(t, want, n.Plural, word)
	}
	nics, _ := LookupNoun("nics")
	assert.Contains(t, nics.Parents, "vm")
	assert.Contains(t, nics.Parents, "host")
	assert.False(t, nics.TopLevel)
	assert.Equal(t, []string{"list", "show", "add", "update", "remove", "action", "console", "help"}, Verbs())
}

func TestFlagsFromTheModel(t *testing.T) {
	add := Flags("add", "vm", "")
	for _, tc := range []struct {
		name      string
		typ       string
		mandatory bool
		ref       bool
	}{
		{"name", "String", true, false},
		{"cluster", "Cluster", true, true},
		{"cluster.id", "String", true, false},
		{"template", "Template", true, true},
		{"memory", "Size", false, false},
		{"cpu.topology.cores", "Integer", false, false},
		{"memory-policy.guaranteed", "Size", false, false},
		{"clone", "Boolean", false, false},
		{"wait", "Boolean", false, false},
	} {
		f := flagByName(add, tc.name)
		require.NotNil(t, f, tc.name)
		assert.Equal(t, tc.typ, f.Type, tc.name)
		assert.Equal(t, tc.mandatory, f.Mandatory, tc.name)
		assert.Equal(t, tc.ref, f.Ref, tc.name)
	}
	assert.Nil(t, flagByName(add, "id"), "add does not take the id")
	assert.Contains(t, flagByName(add, "type").Enum, "server")

	upd := Flags("update", "vm", "")
	require.NotNil(t, flagByName(upd, "next-run"))
	list := Flags("list", "vms", "")
	for _, n := range []string{"search", "max", "all-content", "o", "columns"} {
		assert.NotNil(t, flagByName(list, n), n)
	}
	nics := Flags("list", "nics", "")
	assert.True(t, flagByName(nics, "vm").Ref)

	exp := Flags("action", "vm", "export-to-path-on-host")
	assert.True(t, flagByName(exp, "directory").Mandatory)
	assert.True(t, flagByName(exp, "host").Mandatory)
	assert.True(t, flagByName(exp, "host").Ref)
	assert.Nil(t, Flags("action", "vm", "fly"))
	assert.Nil(t, Flags("list", "nosuchnoun", ""))
	assert.Contains(t, Actions("vm"), "start")
}

// TestSizeMembersExist: the members counted in bytes (engine/output's list, checked against
// the model there) take units, in every type inheriting them (a template's memory).
func TestSizeMembersExist(t *testing.T) {
	assert.True(t, isSize(types.Type("VmBase").Member("memory")))
	assert.False(t, isSize(types.Type("NumaNode").Member("memory")), "in MiB")
	assert.Equal(t, "Size", flagByName(Flags("add", "template", ""), "memory").Type)
	assert.Equal(t, "Size", flagByName(Flags("add", "disk", ""), "provisioned-size").Type)
	assert.Equal(t, "Integer", flagByName(Flags("add", "vmpool", ""), "size").Type, "a pool's size counts VMs")
}
