package types

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryTypeIsDescribed(t *testing.T) {
	var structs, enums, values int
	for _, ti := range Types() {
		switch ti.Kind {
		case KindStruct:
			structs++
			v := New(ti.Name)
			require.NotNil(t, v, ti.Name)
			require.Same(t, ti, TypeOf(v), ti.Name)
			rt := reflect.TypeOf(v).Elem()
			require.Equal(t, ti.Name, rt.Name())
			require.Equal(t, len(ti.Members)+2, rt.NumField(), "%s: fields = Href + Actions + members", ti.Name)
			for _, m := range ti.Members {
				f := rt.Field(m.Field)
				require.Equal(t, m.GoName, f.Name, "%s.%s", ti.Name, m.Name)
				require.Same(t, m, ti.Member(m.Name))
				switch {
				case m.List && m.Link:
					assert.True(t, strings.HasPrefix(f.Type.String(), "*types.List["), "%s.%s: %s", ti.Name, m.Name, f.Type)
				case m.List:
					assert.Equal(t, reflect.Slice, f.Type.Kind(), "%s.%s", ti.Name, m.Name)
				default:
					assert.Equal(t, reflect.Pointer, f.Type.Kind(), "%s.%s: unset must be nil", ti.Name, m.Name)
				}
			}
		case KindEnum:
			enums++
			values += len(ti.Values)
			require.NotEmpty(t, ti.Values, ti.Name)
		}
	}
	assert.Equal(t, 220, structs)
	assert.Equal(t, 115, enums)
	assert.Equal(t, 598, values)
	assert.Len(t, Services(), 288)
}

func TestBaseChainMembers(t *testing.T) {
	vm := Type("Vm")
	require.NotNil(t, vm)
	for _, name := range []string{"id", "name", "status", "memory", "cpu", "nics", "disk_attachments", "cluster"} {
		require.NotNil(t, vm.Member(name), name)
	}
	assert.Equal(t, "Identified", vm.Member("id").Owner)
	assert.Equal(t, "VmBase", vm.Member("memory").Owner)
	assert.True(t, vm.Member("id").XMLAttribute)
	nics := vm.Member("nics")
	assert.True(t, nics.Link && nics.List)
	assert.Equal(t, "nics", nics.LinkRel)
	assert.Equal(t, "nic", nics.XMLItemName)
	assert.Equal(t, "host_numa_nodes", Type("Host").Member("numa_nodes").XMLName)
	assert.Nil(t, vm.Member("memroy"))
	assert.Equal(t, "http://ovirt.github.io/ovirt-engine-api-model/#types/vm", vm.DocURL())
}

func TestEnums(t *testing.T) {
	assert.Equal(t, VmStatusUp, ParseVmStatus("UP"))
	assert.Equal(t, VmStatusWaitForLaunch, ParseVmStatus("wait_for_launch"))
	unknown := ParseVmStatus("Hibernating")
	assert.Equal(t, VmStatus("hibernating"), unknown, "unknown values are kept")
	assert.False(t, unknown.IsKnown())
	assert.True(t, VmStatusDown.IsKnown())
	vals := VmStatusValues()
	assert.Len(t, vals, 15)
	vals[0] = "changed"
	assert.Equal(t, VmStatusUnassigned, VmStatusValues()[0], "Values returns a copy")
	assert.Equal(t, VmStatusValues(), VmStatus("").Values())
	assert.True(t, Type("VmStatus").HasValue("Up"))
}

func TestGettersAreNilSafe(t *testing.T) {
	var vm *Vm
	assert.Equal(t, "", vm.GetName())
	assert.Equal(t, int64(0), vm.GetCpu().GetTopology().GetCores())
	vm = &Vm{Name: Ptr("web1"), Memory: Ptr(int64(1 << 30)), Cpu: &Cpu{Topology: &CpuTopology{Cores: Ptr(int64(4))}}}
	assert.Equal(t, "web1", vm.GetName())
	assert.Equal(t, int64(4), vm.GetCpu().GetTopology().GetCores())
	assert.Equal(t, 0, vm.GetNics().Len())
	vm.Nics = ListOf(&Nic{Name: Ptr("nic1")})
	assert.Equal(t, 1, vm.GetNics().Len())
}

func TestServiceDescriptions(t *testing.T) {
	sd := Service("StorageDomain")
	require.NotNil(t, sd)
	m := sd.Method("is_attached")
	require.NotNil(t, m)
	assert.Equal(t, "action", m.Kind)
	assert.Equal(t, "isattached", m.Path)
	out := m.Param("is_attached")
	require.NotNil(t, out)
	assert.True(t, out.Out)
	assert.Equal(t, "action", out.OutLocation)
	vms := Service("Vms")
	require.NotNil(t, vms.Locator("vm"))
	assert.Equal(t, "{id}", vms.Locator("vm").Path)
	assert.Equal(t, "add", vms.Method("add_from_scratch").Base)
	assert.NotEmpty(t, UnreachableServices())
}
