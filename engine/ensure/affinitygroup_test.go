package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestAffinityGroup(t *testing.T) {
	e := start(t)
	ag := specWith(ensure.Spec{"name": "spread", "cluster": "Default"})
	create := ag("description", "keep apart", "vms_rule", map[string]any{"positive": false, "enforcing": true}, "vms", []any{"vm1"})
	r, writes := e.must("affinity_group", create, ensure.Options{Check: true})
	assert.Equal(t, []string{"add", "add vm vm1"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("affinity_group", create, ensure.Options{})
	assert.Equal(t, []string{"add", "add vm vm1"}, r.Actions)
	assert.Len(t, writes, 2)
	assert.True(t, r.Object.(*types.AffinityGroup).VmsRule.GetEnforcing())
	e.noop("affinity_group", create)

	e.changes("affinity_group", []change{
		{"scalar", ag("description", "apart", "priority", 5.0), []string{"description", "priority"}},
		{"nested", ag("vms_rule", map[string]any{"enforcing": false}), []string{"vms_rule.enforcing"}},
		{"list of references", ag("vms", []any{"vm1", "vm2"}, "hosts", []any{"host1"}), []string{"hosts", "vms"}},
		{"list shrinks", ag("vms", []any{"vm2"}), []string{"vms"}},
		{"list emptied", ag("hosts", []any{}), []string{"hosts"}},
	}, ensure.Options{})
	e.exportRoundTrip("affinity_group", "")

	e.removes("affinity_group", ag("state", "absent"), ensure.Options{})

	_, _, err := e.ensure("affinity_group", ensure.Spec{"name": "x"}, ensure.Options{})
	require.EqualError(t, err, "affinity_group x: cluster is required: the name or id of the group's cluster")
	_, _, err = e.ensure("affinity_group", ag("vms", []any{"vm7"}), ensure.Options{})
	require.ErrorContains(t, err, "affinity_group spread: vms: no VM named 'vm7' in vms")
	_, _, err = e.ensure("affinity_group", ag("vms", "vm1"), ensure.Options{})
	require.EqualError(t, err, "affinity_group spread: vms: expected a list of names or ids, got a string")
}
