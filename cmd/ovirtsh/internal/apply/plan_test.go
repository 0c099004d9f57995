package apply

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAddSummary: the plan line of an add shows the declared members briefly, never a secret,
// nor what the label already says.
func TestAddSummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  Resource
		as   string // the name the node is known by ("" : the spec's)
		want string
	}{
		{"vm", Resource{Kind: "vm", Spec: Spec{"name": "web1", "cluster": "Default", "template": "Blank", "memory": "2GiB",
			"state": "running", "cpu": map[string]any{"topology": map[string]any{"cores": int64(2)}},
			"nics":           []any{map[string]any{"name": "nic1"}, map[string]any{"name": "nic2"}},
			"disks":          []any{map[string]any{"name": "web1_os", "size": "20GiB"}},
			"tags":           []any{"web", "prod"},
			"initialization": map[string]any{"host_name": "web1", "root_password": "s3cret"},
		}}, "", "(cluster Default, cpu.topology.cores 2, initialization.host_name web1, memory 2 GiB, state running, tags [web, prod], and 1 more, 1 disk, 2 nics)"},
		{"short", Resource{Kind: "vm", Spec: Spec{"name": "web1", "cluster": "Default", "memory": int64(2 << 30),
			"disks": []any{map[string]any{"name": "d"}}, "force": true}}, "", "(cluster Default, memory 2 GiB, 1 disk)"},
		{"nothing declared", Resource{Kind: "tag", Spec: Spec{"name": "ops"}}, "", ""},
		{"secrets only", Resource{Kind: "host", Spec: Spec{"name": "h1", "root_password": "s3cret"}}, "", ""},
		{"nic of a vm", Resource{Kind: "nic", Spec: Spec{"vm": "web1", "name": "nic1", "vnic_profile": "ovirtmgmt"}}, "", "(vnic_profile ovirtmgmt)"},
		{"permission", Resource{Kind: "permission", Spec: Spec{"role": "UserRole", "user": "admin", "vm": "vm2"}},
			"UserRole for user admin on vm vm2", ""},
		{"snapshot", Resource{Kind: "snapshot", Spec: Spec{"vm": "vm2", "description": "before upgrade", "persist_memorystate": false}},
			"before upgrade", "(persist_memorystate false)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := &node{res: tc.res, name: tc.as}
			if n.name == "" {
				n.name = tc.res.Spec.Name()
			}
			got := addSummary(n)
			assert.Equal(t, tc.want, got)
			assert.NotContains(t, got, "s3cret")
		})
	}
}

// TestPendingNamesEachDependency: a check known only later names what it waits for, in
// grammatical English.
func TestPendingNamesEachDependency(t *testing.T) {
	f := &fake{checkFn: func(lbl string) error {
		if lbl == "vm web1" {
			return errors.New("vm web1: no cluster named 'c1'")
		}
		return nil
	}}
	out, err := runSite(t, f, []Resource{res("cluster", "name", "c1"), res("template", "name", "t1"),
		res("vm", "name", "web1", "cluster", "c1", "template", "t1")}, Config{Check: true})
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Contains(t, out, "? vm web1 (known once cluster c1, template t1 are done)\n")
}
