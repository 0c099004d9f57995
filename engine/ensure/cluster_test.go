package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func TestCluster(t *testing.T) {
	e := start(t)
	e.must("data_center", ensure.Spec{"name": "dc2", "version": "4.7"}, ensure.Options{})
	e.lifecycle("cluster", ensure.Spec{"name": "c2", "data_center": "dc2", "cpu": map[string]any{"type": "Intel Nehalem Family"},
		"version": "4.7", "required_rng_sources": []any{"urandom"}},
		[]change{
			{"scalar", ensure.Spec{"name": "c2", "description": "second cluster", "ballooning_enabled": true},
				[]string{"ballooning_enabled", "description"}},
			{"nested", ensure.Spec{"name": "c2", "cpu": map[string]any{"type": "Intel Skylake Client Family"},
				"memory_policy": map[string]any{"over_commit": map[string]any{"percent": int64(150)}}},
				[]string{"cpu.type", "memory_policy.over_commit.percent"}},
			{"list", ensure.Spec{"name": "c2", "required_rng_sources": []any{"hwrng", "urandom"}}, []string{"required_rng_sources"}},
			{"list order does not matter", ensure.Spec{"name": "c2", "required_rng_sources": []any{"urandom", "random"}}, []string{"required_rng_sources"}},
		})
}

func TestClusterDiffValues(t *testing.T) {
	e := start(t)
	r, writes := e.must("cluster", ensure.Spec{"name": "Default", "required_rng_sources": []any{"hwrng"},
		"memory_policy": map[string]any{"over_commit": map[string]any{"percent": int64(200)}}}, ensure.Options{Check: true})
	assert.Empty(t, writes)
	assert.Equal(t, ensure.Change{From: int64(100), To: int64(200)}, r.Diff["memory_policy.over_commit.percent"])
	assert.Equal(t, ensure.Change{From: nil, To: []any{"hwrng"}}, r.Diff["required_rng_sources"])

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
