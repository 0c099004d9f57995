package apply

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	cases := []struct {
		verb string
		args []string
		want Command
		rest []string
		err  string
	}{
		{"apply", []string{"--check", "site.lua"}, Command{Verb: "apply", Check: true, Parallel: 4}, []string{"site.lua"}, ""},
		{"apply", []string{"--url", "U", "site.lua", "-parallel=8", "x"}, Command{Verb: "apply", Parallel: 8}, []string{"--url", "U", "site.lua", "x"}, ""},
		{"apply", []string{"site.lua", "--", "--check"}, Command{Verb: "apply", Parallel: 4}, []string{"site.lua", "--", "--check"}, ""},
		{"apply", []string{"-h"}, Command{Verb: "apply", Parallel: 4, Help: true}, nil, ""},
		{"apply", []string{"--search", "x"}, Command{Verb: "apply", Parallel: 4}, []string{"--search", "x"}, ""}, // export's flag: left to the common parser
		{"apply", []string{"--parallel", "65"}, Command{}, nil, "--parallel: '65' is not a whole number from 1 to 64"},
		{"apply", []string{"--check=yes"}, Command{Verb: "apply", Parallel: 4}, []string{"--check=yes"}, ""},
		{"export", []string{"vms", "--search", "name=web*"}, Command{Verb: "export", Parallel: 4, Search: "name=web*"}, []string{"vms"}, ""},
		{"export", []string{"--search=status=up", "vms"}, Command{Verb: "export", Parallel: 4, Search: "status=up"}, []string{"vms"}, ""},
		{"export", []string{"vms", "--search"}, Command{}, nil, "export --search needs a value"},
	}
	for _, tc := range cases {
		c, rest, err := Parse(tc.verb, tc.args)
		if tc.err != "" {
			require.EqualError(t, err, tc.err, "%v", tc.args)
			continue
		}
		require.NoError(t, err, "%v", tc.args)
		assert.Equal(t, tc.want, *c, "%v", tc.args)
		assert.Equal(t, tc.rest, rest, "%v", tc.args)
		again, none, err := Parse(tc.verb, c.Flags()) // Flags writes back what Parse reads
		require.NoError(t, err)
		assert.Equal(t, c, again)
		assert.Empty(t, none)
	}
}

func TestKindOf(t *testing.T) {
	for arg, want := range map[string]string{"vms": "vm", "vm": "vm", "data_centers": "data_center", "datacenters": "data_center",
		"StorageDomains": "storage_domain", "affinity_groups": "affinity_group", "tags": "tag"} {
		k, err := kindOf(arg)
		require.NoError(t, err, arg)
		assert.Equal(t, want, k, arg)
	}
	_, err := kindOf("clustres")
	assert.ErrorContains(t, err, "export: no kind 'clustres'; did you mean 'clusters'?")
}
