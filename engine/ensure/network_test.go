package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func TestNetwork(t *testing.T) {
	e := start(t)
	e.must("cluster", ensure.Spec{"name": "c2", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}}, ensure.Options{})
	web := specWith(ensure.Spec{"name": "web", "data_center": "Default"})
	create := web("description", "web", "vlan", map[string]any{"id": int64(10)}, "usages", []any{"vm"},
		"vnic_profiles", []any{"web", map[string]any{"name": "web-mirror", "port_mirroring": true}},
		"clusters", []any{"Default"})

	r, writes := e.must("network", create, ensure.Options{Check: true})
	assert.Empty(t, writes)
	assert.Equal(t, []string{"add", "add vnic_profile web", "add vnic_profile web-mirror", "assign cluster Default"}, r.Actions)
	r, _ = e.must("network", create, ensure.Options{})
	// The engine made the profile named like the network: only web-mirror is added.
	assert.Equal(t, []string{"add", "add vnic_profile web-mirror", "assign cluster Default"}, r.Actions)
	e.noop("network", create)

	tests := []change{
		{"scalar", web("mtu", int64(9000)), []string{"mtu"}},
		{"nested", web("vlan", map[string]any{"id": int64(20)}), []string{"vlan.id"}},
		{"list", web("usages", []any{"vm", "display"}), []string{"usages"}},
		{"profile member", web("vnic_profiles", []any{map[string]any{"name": "web-mirror", "port_mirroring": false}}),
			[]string{"vnic_profiles.web-mirror.port_mirroring"}},
		{"cluster reference added", web("clusters", []any{"Default", "c2"}), []string{"clusters.c2.assigned"}},
		{"assignment member", web("clusters", []any{map[string]any{"name": "c2", "required": false}}), []string{"clusters.c2.required"}},
		{"unassigned", web("clusters", []any{map[string]any{"name": "c2", "assigned": false}}), []string{"clusters.c2.assigned"}},
	}
	e.changes("network", tests, ensure.Options{})
	e.exportRoundTrip("network", "")

	e.removes("network", web("state", "absent"), ensure.Options{})
}

func TestNetworkRefs(t *testing.T) {
	k, err := ensure.Lookup("network")
	require.NoError(t, err)
	assert.Equal(t, []ensure.Ref{{Kind: "cluster", Name: "Default"}, {Kind: "cluster", Name: "c2"}, {Kind: "data_center", Name: "dc2"}},
		k.Refs(ensure.Spec{"name": "n", "data_center": map[string]any{"name": "dc2"},
			"clusters": []any{"Default", map[string]any{"name": "c2", "required": false}}}))
}

func TestNetworkBadInput(t *testing.T) {
	e := start(t)
	tests := []struct {
		name string
		spec ensure.Spec
		want string
	}{
		{"no data center", ensure.Spec{"name": "n"}, "network n: data_center is required: the name or id of the network's data center"},
		{"bad cluster", ensure.Spec{"name": "ovirtmgmt", "data_center": "Default", "clusters": []any{"Defualt"}},
			"network ovirtmgmt: clusters: no cluster named 'Defualt' in clusters; did you mean 'Default'?"},
		{"bad profile member", ensure.Spec{"name": "ovirtmgmt", "data_center": "Default", "vnic_profiles": []any{map[string]any{"name": "x", "mirror": true}}},
			"network ovirtmgmt: vnic_profiles.x: mirror: VnicProfile has no member 'mirror'"},
		{"profile without name", ensure.Spec{"name": "ovirtmgmt", "data_center": "Default", "vnic_profiles": []any{map[string]any{"port_mirroring": true}}},
			"network ovirtmgmt: vnic_profiles[1]: the table has no name"},
		{"assigned not boolean", ensure.Spec{"name": "ovirtmgmt", "data_center": "Default", "clusters": []any{map[string]any{"name": "Default", "assigned": "no"}}},
			"network ovirtmgmt: clusters.Default.assigned: expected a boolean, got a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, writes, err := e.ensure("network", tt.spec, ensure.Options{})
			require.ErrorContains(t, err, tt.want)
			assert.Empty(t, writes)
		})
	}
}

// TestRefusedRemovalIsNotDone: a removal the engine refuses (a network its VMs' NICs use) is no
// action done, and says why.
func TestRefusedRemovalIsNotDone(t *testing.T) {
	e := start(t)
	e.must("network", ensure.Spec{"name": "busy", "data_center": "Default", "vnic_profiles": []any{"busy"}}, ensure.Options{})
	e.must("nic", ensure.Spec{"vm": "vm2", "name": "nic9", "vnic_profile": "busy"}, ensure.Options{})
	r, writes, err := e.ensure("network", ensure.Spec{"name": "busy", "data_center": "Default", "state": "absent"}, ensure.Options{})
	require.ErrorContains(t, err, "network busy: ")
	require.Len(t, writes, 1, "the removal was asked")
	require.NotNil(t, r)
	assert.Empty(t, r.Actions, "and refused: nothing was done")
}
