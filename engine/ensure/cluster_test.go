package ensure_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func TestCluster(t *testing.T) {
	e := start(t)
	e.must("data_center", ensure.Spec{"name": "dc2", "version": "4.7"}, ensure.Options{})
	e.addMacPool("pool2")
	e.lifecycle("cluster", ensure.Spec{"name": "c2", "data_center": "dc2", "cpu": map[string]any{"type": "Intel Nehalem Family"},
		"version": "4.7", "required_rng_sources": []any{"urandom"}},
		[]change{
			{"scalar", ensure.Spec{"name": "c2", "description": "second cluster", "ballooning_enabled": true},
				[]string{"ballooning_enabled", "description"}},
			{"nested", ensure.Spec{"name": "c2", "cpu": map[string]any{"type": "Intel Skylake Client Family"},
				"memory_policy": map[string]any{"over_commit": map[string]any{"percent": int64(150)}}},
				[]string{"cpu.type", "memory_policy.over_commit.percent"}},
			{"reference", ensure.Spec{"name": "c2", "mac_pool": "pool2"}, []string{"mac_pool"}},
			{"list", ensure.Spec{"name": "c2", "required_rng_sources": []any{"hwrng", "urandom"}}, []string{"required_rng_sources"}},
			{"list order does not matter", ensure.Spec{"name": "c2", "required_rng_sources": []any{"urandom", "random"}}, []string{"required_rng_sources"}},
			{"list of tables", ensure.Spec{"name": "c2", "custom_scheduling_policy_properties": []any{
				map[string]any{"name": "HighUtilization", "value": "80"}, map[string]any{"name": "CpuOverCommitDurationMinutes", "value": "2"}}},
				[]string{"custom_scheduling_policy_properties"}},
			{"list of tables item changed", ensure.Spec{"name": "c2", "custom_scheduling_policy_properties": []any{
				map[string]any{"name": "CpuOverCommitDurationMinutes", "value": "2"}, map[string]any{"name": "HighUtilization", "value": "70"}}},
				[]string{"custom_scheduling_policy_properties"}},
		})
}

func TestClusterDiffValues(t *testing.T) {
	e := start(t)
	r, writes := e.must("cluster", ensure.Spec{"name": "Default", "required_rng_sources": []any{"hwrng"},
		"memory_policy": map[string]any{"over_commit": map[string]any{"percent": int64(200)}}}, ensure.Options{Check: true})
	assert.Empty(t, writes)
	assert.Equal(t, ensure.Change{From: int64(100), To: int64(200)}, r.Diff["memory_policy.over_commit.percent"])
	assert.Equal(t, ensure.Change{From: nil, To: []any{"hwrng"}}, r.Diff["required_rng_sources"])

	props := []any{map[string]any{"name": "HighUtilization", "value": "80"}}
	e.must("cluster", ensure.Spec{"name": "Default", "custom_scheduling_policy_properties": props}, ensure.Options{})
	r, _ = e.must("cluster", ensure.Spec{"name": "Default", "custom_scheduling_policy_properties": []any{
		map[string]any{"name": "HighUtilization", "value": "90"}}}, ensure.Options{Check: true})
	assert.Equal(t, ensure.Change{From: []any{map[string]any{"name": "HighUtilization", "value": "80"}},
		To: []any{map[string]any{"name": "HighUtilization", "value": "90"}}}, r.Diff["custom_scheduling_policy_properties"])

	e.noop("cluster", ensure.Spec{"name": "Default", "data_center": "Default", "cpu": map[string]any{"type": "Intel Nehalem Family"}})
	_, _, err := e.ensure("cluster", ensure.Spec{"name": "Default", "data_center": "dc9"}, ensure.Options{})
	require.ErrorContains(t, err, "cluster Default: data_center: no data center named 'dc9'")
	_, _, err = e.ensure("cluster", ensure.Spec{"name": "Default", "cpu": map[string]any{"typ": "x"}}, ensure.Options{})
	require.EqualError(t, err, "cluster Default: cpu.typ: Cpu has no member 'typ'; did you mean 'type'?")
	_, _, err = e.ensure("cluster", ensure.Spec{"name": "Default", "cpu": "x"}, ensure.Options{})
	require.EqualError(t, err, "cluster Default: cpu: expected a table of Cpu members, got a string")
	_, _, err = e.ensure("cluster", ensure.Spec{"name": "Default", "affinity_groups": []any{"x"}}, ensure.Options{})
	require.EqualError(t, err, "cluster Default: affinity_groups: the affinity_groups of a cluster are objects of their own: declare them with their own kind")
	e.exportRoundTrip("cluster", "")
}

func TestDottedMembers(t *testing.T) {
	e := start(t)
	r, _ := e.must("cluster", ensure.Spec{"name": "Default", "memory_policy.over_commit.percent": int64(150),
		"cpu": map[string]any{"architecture": "x86_64"}, "cpu.type": "Intel Skylake Client Family"}, ensure.Options{Check: true})
	assert.Equal(t, []string{"cpu.type", "memory_policy.over_commit.percent"}, slices.Sorted(maps.Keys(r.Diff)))
	e.noop("cluster", ensure.Spec{"name": "Default", "cpu.type": "Intel Nehalem Family", "cpu": map[string]any{"architecture": "x86_64"}})
	for spec, want := range map[string]ensure.Spec{
		"cluster Default: cpu.type: given twice":                                    {"name": "Default", "cpu.type": "a", "cpu": map[string]any{"type": "b"}},
		"cluster Default: cpu.type: cpu is given as a string too":                   {"name": "Default", "cpu.type": "a", "cpu": "b"},
		"cluster Default: cpu..type: a member path has an empty part":               {"name": "Default", "cpu..type": "a"},
		"cluster Default: cpu.typo: Cpu has no member 'typo'; did you mean 'type'?": {"name": "Default", "cpu.typo": "a"},
	} {
		_, writes, err := e.ensure("cluster", want, ensure.Options{})
		require.EqualError(t, err, spec)
		assert.Empty(t, writes)
	}
}
