package verbs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
)

// TestActionSample runs a sample of actions in order, with their options from the model.
func TestActionSample(t *testing.T) {
	f := start(t)
	for _, tc := range []struct {
		line string
		out  string // in stdout
		err  string // in the error; "" for success
	}{
		{line: "action vm vm1 reboot --wait"},
		{line: "action vm vm1 ticket --ticket.value s3cret -o api-json", out: "s3cret"},
		{line: "action vm vm1 suspend --wait"},
		{line: "action vm vm1 start --wait"},
		{line: "action vm vm1 shutdown --reason maintenance --wait"},
		{line: "action vm vm1 clone --vm.name vm1-copy --wait"},
		{line: "action vm vm1 export-to-path-on-host --directory /tmp", err: "missing --host"},
		{line: "action vm vm1 export-to-path-on-host --directory /tmp --host host1 --filename vm1.ova --wait"},
		{line: "action host host1 deactivate --wait"},
		{line: "action host host1 activate --wait"},
		{line: "action vm vm1 migrate --host nosuchhost", err: "no host named 'nosuchhost'"},
		{line: "action vm vm1 stop --force=maybe", err: "'maybe' is not true or false"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			out, _, err := f.run(tc.line)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Contains(t, out, tc.out)
		})
	}
	f.settle()
	assert.Equal(t, "down", string(f.vm("vm1").GetStatus()))
	f.vm("vm1-copy")
}

// TestHelp: the help of a noun lists its verbs, actions and sub-collections; the help of a verb
// its options, mandatory ones marked.
func TestHelp(t *testing.T) {
	f := start(t)
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"help", []string{"list COLLECTION", "ovirtsh apply SITE.lua", "ovirtsh export KIND", "ovirtsh completion bash", "vm, vms", "nic, nics", "under host, instancetype, snapshot, template, vm"}},
		{"help vm", []string{"Verbs: list, show, add, update, remove, console", "Actions: ", "start", "Sub-collections: ", "nics"}},
		{"add vm --help", []string{"* --name", "* --cluster ", "--memory", "a size", "--cpu.topology.cores", "--wait"}},
		{"update vm --help", []string{"--next-run"}},
		{"action vm web1 export-to-path-on-host --help", []string{"* --directory", "* --host "}},
		{"list nics --help", []string{"--vm ", "--max"}},
		{"help action vm", []string{"Actions: "}},
		// verbs only a sub-collection position has (add nic: under a VM, not under a host)
		{"add nic --help", []string{"--name", "--vnic-profile", "--vm "}},
		{"add diskattachment --help", []string{"--disk ", "--interface", "--vm "}},
		{"update nic --help", []string{"--name"}},
		{"remove nic --help", []string{"--wait"}},
	} {
		t.Run(tc.line, func(t *testing.T) {
			out, _, err := f.run(tc.line)
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, out, w)
			}
		})
	}
	_, _, err := f.run("help vmz")
	require.Error(t, err)
	assert.True(t, verbs.IsUsage(err))
	assert.Contains(t, err.Error(), "did you mean 'vm'")
}
