package verbs_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
)

// TestBadInput: each malformed command line is a usage error saying what is wrong, sent nowhere.
func TestBadInput(t *testing.T) {
	f := start(t)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{nil, "name a verb"},
		{[]string{"fly"}, "unknown verb 'fly'"},
		{[]string{"list"}, "list what?"},
		{[]string{"list", "--max", "1"}, "list what?"},
		{[]string{"show", "vm"}, "show vm: name the VM"},
		{[]string{"show", "vm", "vm1", "vm2"}, "unexpected 'vm2'"},
		{[]string{"action", "vm", "vm1"}, "name the action (auto-pin-cpu-and-numa-nodes, "},
		{[]string{"add", "vm", "--name"}, "--name needs a value"},
		{[]string{"add", "vm", "--name", "a", "--name", "b"}, "--name is given twice"},
		{[]string{"add", "vm", "---"}, "'---' is not an option"},
		{[]string{"add", "vm", "--cpu.topology.cores", "two"}, "--cpu.topology.cores: 'two' is not an integer"},
		{[]string{"add", "vm", "--creation-time", "yesterday"}, "'yesterday' is not a date"},
		{[]string{"list", "vms", "-o", "yaml"}, "unknown output format"},
		{[]string{"list", "vms", "-o", "api-json", "--columns", "name"}, "--columns: -o api-json prints the engine's whole objects"},
		{[]string{"list", "vms", "-o", "json", "--columns", "nmae"}, `unknown column "nmae"`},
		{[]string{"list", "vms", "--columns", "nmae"}, `unknown column "nmae": Vm has no member 'nmae'; did you mean 'name'?`},
		{[]string{"list", "nics"}, "list nics: name the parent: --host or --instancetype"},
		{[]string{"list", "disks", "--vm", "vm1"}, "name the parent: --storagedomain or --backup or --checkpoint or --snapshot (storagedomains/{storagedomain}/vms/{vm}/disks, "},
		{[]string{"list", "quotaclusterlimits"}, "name the parent: --datacenter and --quota (datacenters/{datacenter}/quotas/{quota}/quotaclusterlimits)"},
		{[]string{"list", "networkfilterparameters"}, "name the parent: --vm and --nic (vms/{vm}/nics/{nic}/networkfilterparameters)"},
		{[]string{"update", "vm", "vm1", "--memory", "4"}, "--memory: '4' would be 4 bytes: add a unit (4GiB, 4MiB); a number alone is bytes"},
		{[]string{"console", "vm"}, "name the VM"},
		{[]string{"update", "vm", "vm1", "--os.boot.devices", "hd,floppy"}, "'floppy' is not a BootDevice (one of cdrom, hd, network)"},
		{[]string{"remove", "vm", "vm1", "--next-run"}, "unknown option --next-run"},
		{[]string{"list", "vms", "--wait"}, "list vms: unknown option --wait (ovirtsh list vms --help lists them)"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, _, err := f.runArgs(tc.args...)
			require.Error(t, err)
			assert.True(t, verbs.IsUsage(err), "%T %v", err, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}
